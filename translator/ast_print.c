// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ast_print.c - the -p1 dump.
 *
 * The format is upstream's, quirks included, because users diff it: every
 * operand is parenthesized, every statement in a block ends in ';' (so an
 * 'if' leaves a lone ';' line), 'while' prints as 'for'.
 */
#include "ast_print.h"

#include <inttypes.h>
#include <string.h>

void print_string_literal(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* Format strings and delimiters are printed C-quoted: '\' doubles too. */
static void print_c_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void print_paren(FILE *out, const struct expr *e)
{
	fputc('(', out);
	print_expr(out, e);
	fputc(')', out);
}

/* Keys of an index or 'in': "a, *, b". */
static void print_keys(FILE *out, const struct expr_list *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++) {
		if (i)
			fputs(", ", out);
		if (l->v[i])
			print_expr(out, l->v[i]);
		else
			fputc('*', out);
	}
}

static void print_target(FILE *out, const struct target *t)
{
	unsigned i;

	if (t->addressof)
		fputc('&', out);
	switch (t->base) {
	case TARGET_VAR:
		fputs(t->name, out);
		break;
	case TARGET_CAST:
		fputs("@cast(", out);
		print_expr(out, t->operand);
		fprintf(out, ", ");
		print_string_literal(out, t->type);
		if (t->module) {
			fputs(", ", out);
			print_string_literal(out, t->module);
		}
		fputc(')', out);
		break;
	case TARGET_ATVAR:
		fputs("@var(", out);
		print_string_literal(out, t->name);
		if (t->module) {
			fputs(", ", out);
			print_string_literal(out, t->module);
		}
		fputc(')', out);
		break;
	case TARGET_AUTOCAST:
		print_paren(out, t->operand);
		break;
	}
	for (i = 0; i < t->ncomps; i++) {
		const struct target_comp *c = &t->comps[i];

		switch (c->kind) {
		case COMP_MEMBER:
		case COMP_PRETTY:
			fprintf(out, "->%s", c->name);
			break;
		case COMP_INDEX:
			fputc('[', out);
			print_expr(out, c->index);
			fputc(']', out);
			break;
		}
	}
}

static void print_print(FILE *out, const struct expr *e)
{
	const char *sep = "";
	unsigned i;

	fprintf(out, "%s(", e->u.print.name);
	if (e->u.print.format || e->u.print.delim) {
		print_c_quoted(out, (e->u.print.format ? e->u.print.format
						      : e->u.print.delim)->u.str);
		sep = ", ";
	}
	for (i = 0; i < e->u.print.args.n; i++) {
		fputs(sep, out);
		print_expr(out, e->u.print.args.v[i]);
		sep = ", ";
	}
	fputc(')', out);
}

void print_expr(FILE *out, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		fprintf(out, "%" PRId64, e->u.num);
		break;
	case EXPR_STRING:
		print_string_literal(out, e->u.str);
		break;
	case EXPR_SYMBOL:
		fputs(e->u.name, out);
		break;
	case EXPR_TARGET:
		print_target(out, &e->u.target);
		break;
	case EXPR_UNARY:
	case EXPR_PREINC:
		fputs(e->u.unary.op, out);
		print_paren(out, e->u.unary.operand);
		break;
	case EXPR_POSTINC:
		print_paren(out, e->u.unary.operand);
		fputs(e->u.unary.op, out);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_ASSIGN:
		print_paren(out, e->u.binary.left);
		fprintf(out, " %s ", e->u.binary.op);
		print_paren(out, e->u.binary.right);
		break;
	case EXPR_REGEX:
		print_paren(out, e->u.binary.left);
		fprintf(out, " %s ", e->u.binary.op);
		print_expr(out, e->u.binary.right);
		break;
	case EXPR_TERNARY:
		print_paren(out, e->u.ternary.cond);
		fputc('?', out);
		print_paren(out, e->u.ternary.yes);
		fputc(':', out);
		print_paren(out, e->u.ternary.no);
		break;
	case EXPR_IN:
		fputc('[', out);
		print_keys(out, &e->u.in.keys);
		fputs("] in ", out);
		print_expr(out, e->u.in.array);
		break;
	case EXPR_INDEX:
		print_expr(out, e->u.index.base);
		fputc('[', out);
		print_keys(out, &e->u.index.keys);
		fputc(']', out);
		break;
	case EXPR_CALL:
		fprintf(out, "%s(", e->u.call.name);
		print_keys(out, &e->u.call.args);
		fputc(')', out);
		break;
	case EXPR_PRINT:
		print_print(out, e);
		break;
	case EXPR_STAT:
		fprintf(out, "@%s(", e->u.stat.op);
		print_expr(out, e->u.stat.operand);
		if (e->u.stat.shift) {
			fputs(", ", out);
			print_expr(out, e->u.stat.shift);
		}
		fputc(')', out);
		break;
	case EXPR_HIST:
		fputs(e->u.hist.linear ? "@hist_linear(" : "@hist_log(", out);
		print_expr(out, e->u.hist.operand);
		if (e->u.hist.linear) {
			fputs(", ", out);
			print_expr(out, e->u.hist.start);
			fputs(", ", out);
			print_expr(out, e->u.hist.stop);
			fputs(", ", out);
			print_expr(out, e->u.hist.interval);
		}
		fputc(')', out);
		break;
	case EXPR_DEFINED:
	case EXPR_ENTRY:
		fputs(e->kind == EXPR_DEFINED ? "@defined(" : "@entry(", out);
		print_expr(out, e->u.operand);
		fputc(')', out);
		break;
	case EXPR_PROBEWRITE:
		fprintf(out, "@probewrite(%s)", e->u.name);
		break;
	case EXPR_PERF:
		fputs("@perf(", out);
		print_string_literal(out, e->u.str);
		fputc(')', out);
		break;
	case EXPR_REGISTER:
		fputs(e->u.reg.user ? "@uregister(" : "@kregister(", out);
		print_expr(out, e->u.reg.regno);
		fputc(')', out);
		break;
	case EXPR_DEREF:
		fputs(e->u.deref.user ? "@uderef(" : "@kderef(", out);
		print_expr(out, e->u.deref.size);
		fputs(", ", out);
		print_expr(out, e->u.deref.addr);
		fputc(')', out);
		break;
	case EXPR_CONST:
		fprintf(out, "%%{ /* pure */ /* unprivileged */ /* stable */ %s %%}",
			e->u.str);
		break;
	case EXPR_EMBEDDED:
		fprintf(out, "%%{ %s %%}", e->u.str);
		break;
	}
}

static void print_block_body(FILE *out, const struct stmt *s)
{
	unsigned i;

	fputs("{\n", out);
	for (i = 0; i < s->u.block.n; i++) {
		print_stmt(out, s->u.block.v[i]);
		fputs(";\n", out);
	}
	fputc('}', out);
}

static void print_foreach(FILE *out, const struct stmt *s)
{
	const char *dir = s->u.foreach.sort_dir > 0 ? "+" : "-";
	unsigned i;

	fputs("foreach (", out);
	if (s->u.foreach.value) {
		print_expr(out, s->u.foreach.value);
		fputs(" = ", out);
	}
	fputc('[', out);
	for (i = 0; i < s->u.foreach.keys.n; i++) {
		if (i)
			fputs(", ", out);
		print_expr(out, s->u.foreach.keys.v[i]);
		if (s->u.foreach.sort_key == (int)i + 1)
			fputs(dir, out);
	}
	fputs("] in ", out);
	print_expr(out, s->u.foreach.array);
	if (s->u.foreach.slice.n) {
		fputc('[', out);
		print_keys(out, &s->u.foreach.slice);
		fputc(']', out);
	}
	if (s->u.foreach.sort_agg)
		fprintf(out, " %s", s->u.foreach.sort_agg);
	if (s->u.foreach.sort_key == 0)
		fputs(dir, out);
	if (s->u.foreach.limit) {
		fputs(" limit ", out);
		print_expr(out, s->u.foreach.limit);
	}
	fputs(") ", out);
	print_stmt(out, s->u.foreach.body);
}

void print_stmt(FILE *out, const struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		print_block_body(out, s);
		break;
	case STMT_NULL:
		fputc(';', out);
		break;
	case STMT_EXPR:
		print_expr(out, s->u.expr);
		break;
	case STMT_IF:
		fputs("if (", out);
		print_expr(out, s->u.if_.cond);
		fputs(") ", out);
		print_stmt(out, s->u.if_.then);
		fputc('\n', out);
		if (s->u.if_.else_) {
			fputs("else ", out);
			print_stmt(out, s->u.if_.else_);
			fputc('\n', out);
		}
		break;
	case STMT_WHILE:
	case STMT_FOR:
		fputs("for (", out);
		if (s->u.loop.init)
			print_stmt(out, s->u.loop.init);
		fputs("; ", out);
		if (s->u.loop.cond)
			print_expr(out, s->u.loop.cond);
		else
			fputc('1', out);
		fputs("; ", out);
		if (s->u.loop.incr)
			print_stmt(out, s->u.loop.incr);
		fputs(") ", out);
		print_stmt(out, s->u.loop.body);
		break;
	case STMT_FOREACH:
		print_foreach(out, s);
		break;
	case STMT_BREAK:
		fputs("break", out);
		break;
	case STMT_CONTINUE:
		fputs("continue", out);
		break;
	case STMT_NEXT:
		fputs("next", out);
		break;
	case STMT_RETURN:
		fputs("return", out);
		if (s->u.expr) {
			fputc(' ', out);
			print_expr(out, s->u.expr);
		}
		break;
	case STMT_DELETE:
		fputs("delete ", out);
		print_expr(out, s->u.expr);
		break;
	case STMT_TRY:
		fputs("try {\n", out);
		print_stmt(out, s->u.try_.body);
		fputs("\n} catch ", out);
		if (s->u.try_.var) {
			fputc('(', out);
			print_expr(out, s->u.try_.var);
			fputs(") ", out);
		}
		fputs("{\n", out);
		print_stmt(out, s->u.try_.handler);
		fputs("\n}\n", out);
		break;
	}
}

static void print_literal(FILE *out, const struct expr *e)
{
	if (e->kind == EXPR_NUMBER)
		fprintf(out, "%" PRId64, e->u.num);
	else
		print_string_literal(out, e->u.str);
}

void print_probe_point(FILE *out, const struct probe_point *pp)
{
	unsigned i;

	for (i = 0; i < pp->ncomps; i++) {
		if (i)
			fputc('.', out);
		fputs(pp->comps[i].name, out);
		if (pp->comps[i].arg) {
			fputc('(', out);
			print_literal(out, pp->comps[i].arg);
			fputc(')', out);
		}
	}
	if (pp->sufficient)
		fputc('!', out);
	else if (pp->optional)
		fputc('?', out);
	if (pp->cond) {
		fputs(" if (", out);
		print_expr(out, pp->cond);
		fputc(')', out);
	}
}

static void print_points(FILE *out, struct probe_point **v, unsigned n,
			 const char *sep)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (i)
			fputs(sep, out);
		print_probe_point(out, v[i]);
	}
}

static void print_global(FILE *out, const struct global *g)
{
	fprintf(out, "global %s", g->name);
	if (g->wrap)
		fputc('%', out);
	if (g->size)
		fprintf(out, "[%" PRId64 "]", g->size);
	if (g->init) {
		fputs(" = ", out);
		print_literal(out, g->init);
	}
	fputc('\n', out);
}

static void print_function(FILE *out, const struct function *f)
{
	unsigned i;

	fprintf(out, "function %s (", f->name);
	for (i = 0; i < f->nparams; i++)
		fprintf(out, "%s%s", i ? ", " : "", f->params[i].name);
	fputs(")\n", out);
	if (f->embedded)
		fprintf(out, "%%{%s%%}", f->embedded->text);
	else
		print_stmt(out, f->body);
	fputc('\n', out);
}

void print_file(FILE *out, const struct stapfile *f)
{
	size_t i;

	fprintf(out, "# file %s\n", f->src->name);
	for (i = 0; i < f->embeds.len; i++)
		fprintf(out, "%%{%s%%}",
			((const struct token *)f->embeds.items[i])->text);
	for (i = 0; i < f->globals.len; i++)
		print_global(out, f->globals.items[i]);
	for (i = 0; i < f->aliases.len; i++) {
		const struct probe_alias *a = f->aliases.items[i];

		fputs("probe ", out);
		print_points(out, a->names, a->nnames, " = ");
		fputs(a->epilogue_style ? " += " : " = ", out);
		print_points(out, a->points, a->npoints, ", ");
		print_stmt(out, a->epilogue_style ? a->epilogue : a->prologue);
		fputc('\n', out);
	}
	for (i = 0; i < f->probes.len; i++) {
		const struct probe *p = f->probes.items[i];

		fputs("probe ", out);
		print_points(out, p->points, p->npoints, ",");
		print_stmt(out, p->body);
		fputc('\n', out);
	}
	for (i = 0; i < f->functions.len; i++)
		print_function(out, f->functions.items[i]);
}
