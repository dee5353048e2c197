// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ast_print.c - the -p1 dump.
 *
 * The format is upstream's, quirks included, because users diff it: every
 * operand is parenthesized, every statement in a block ends in ';' (so an
 * 'if' leaves a lone ';' line), 'while' prints as 'for'.
 */
#include "ast_print.h"
#include "elab.h"

#include <stdint.h>
#include <string.h>

/*
 * The dump of a big script has millions of pieces: they go through this
 * buffer, not one stdio call each.  Each public function flushes it.
 */
struct out {
	FILE *f;
	size_t n;
	char buf[16384];
};

static void flush_out(struct out *o)
{
	fwrite(o->buf, 1, o->n, o->f);
	o->n = 0;
}

static inline void put_sn(struct out *o, const char *s, size_t len)
{
	if (len > sizeof(o->buf) - o->n) {
		flush_out(o);
		if (len > sizeof(o->buf)) {
			fwrite(s, 1, len, o->f);
			return;
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static inline void put_s(struct out *o, const char *s)
{
	put_sn(o, s, strlen(s));
}

static inline void put_c(struct out *o, char c)
{
	if (o->n == sizeof(o->buf))
		flush_out(o);
	o->buf[o->n++] = c;
}

static void put_i64(struct out *o, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put_sn(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* A binary operator between its operands: " op ". */
static void put_op(struct out *o, const char *op)
{
	put_c(o, ' ');
	put_s(o, op);
	put_c(o, ' ');
}

static void put_embedded(struct out *o, const char *code)
{
	put_s(o, "%{");
	put_s(o, code);
	put_s(o, "%}");
}

static void out_expr(struct out *out, const struct expr *e);
static void out_stmt(struct out *out, const struct stmt *s);

static void out_string_literal(struct out *out, const char *s)
{
	put_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			put_c(out, '\\');
		put_c(out, *s);
	}
	put_c(out, '"');
}

/* Format strings and delimiters are printed C-quoted: '\' doubles too. */
static void out_c_quoted(struct out *out, const char *s)
{
	put_c(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			put_c(out, '\\');
		put_c(out, *s);
	}
	put_c(out, '"');
}

static void out_paren(struct out *out, const struct expr *e)
{
	put_c(out, '(');
	out_expr(out, e);
	put_c(out, ')');
}

/* Keys of an index or 'in': "a, *, b". */
static void out_keys(struct out *out, const struct expr_list *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++) {
		if (i)
			put_s(out, ", ");
		if (l->v[i])
			out_expr(out, l->v[i]);
		else
			put_c(out, '*');
	}
}

static void out_target(struct out *out, const struct target *t)
{
	unsigned i;

	if (t->addressof)
		put_c(out, '&');
	switch (t->base) {
	case TARGET_VAR:
		put_s(out, t->name);
		break;
	case TARGET_CAST:
		put_s(out, "@cast(");
		out_expr(out, t->operand);
		put_s(out, ", ");
		out_string_literal(out, t->type);
		if (t->module) {
			put_s(out, ", ");
			out_string_literal(out, t->module);
		}
		put_c(out, ')');
		break;
	case TARGET_ATVAR:
		put_s(out, "@var(");
		out_string_literal(out, t->name);
		if (t->module) {
			put_s(out, ", ");
			out_string_literal(out, t->module);
		}
		put_c(out, ')');
		break;
	case TARGET_AUTOCAST:
		out_paren(out, t->operand);
		break;
	}
	for (i = 0; i < t->ncomps; i++) {
		const struct target_comp *c = &t->comps[i];

		switch (c->kind) {
		case COMP_MEMBER:
		case COMP_PRETTY:
			put_s(out, "->");
			put_s(out, c->name);
			break;
		case COMP_INDEX:
			put_c(out, '[');
			out_expr(out, c->index);
			put_c(out, ']');
			break;
		}
	}
}

static void out_print(struct out *out, const struct expr *e)
{
	const char *sep = "";
	unsigned i;

	put_s(out, e->u.print.name);
	put_c(out, '(');
	if (e->u.print.format || e->u.print.delim) {
		out_c_quoted(out, (e->u.print.format ? e->u.print.format
						      : e->u.print.delim)->u.str);
		sep = ", ";
	}
	for (i = 0; i < e->u.print.args.n; i++) {
		put_s(out, sep);
		out_expr(out, e->u.print.args.v[i]);
		sep = ", ";
	}
	put_c(out, ')');
}

static void out_expr(struct out *out, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		put_i64(out, e->u.num);
		break;
	case EXPR_STRING:
		out_string_literal(out, e->u.str);
		break;
	case EXPR_SYMBOL:
		/* After pass 2 (-vp2): the variable's mangled name. */
		put_s(out, e->var ? e->var->cname : e->u.name);
		break;
	case EXPR_TARGET:
		out_target(out, &e->u.target);
		break;
	case EXPR_UNARY:
	case EXPR_PREINC:
		put_s(out, e->u.unary.op);
		out_paren(out, e->u.unary.operand);
		break;
	case EXPR_POSTINC:
		out_paren(out, e->u.unary.operand);
		put_s(out, e->u.unary.op);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_ASSIGN:
		/* The tree is out of the cache by now: fetch ahead. */
		__builtin_prefetch(e->u.binary.right);
		out_paren(out, e->u.binary.left);
		put_op(out, e->u.binary.op);
		out_paren(out, e->u.binary.right);
		break;
	case EXPR_REGEX:
		out_paren(out, e->u.binary.left);
		put_op(out, e->u.binary.op);
		out_expr(out, e->u.binary.right);
		break;
	case EXPR_TERNARY:
		out_paren(out, e->u.ternary.cond);
		put_c(out, '?');
		out_paren(out, e->u.ternary.yes);
		put_c(out, ':');
		out_paren(out, e->u.ternary.no);
		break;
	case EXPR_IN:
		put_c(out, '[');
		out_keys(out, &e->u.in.keys);
		put_s(out, "] in ");
		out_expr(out, e->u.in.array);
		break;
	case EXPR_INDEX:
		out_expr(out, e->u.index.base);
		put_c(out, '[');
		out_keys(out, &e->u.index.keys);
		put_c(out, ']');
		break;
	case EXPR_CALL:
		put_s(out, e->fn ? e->fn->cname : e->u.call.name);
		put_c(out, '(');
		out_keys(out, &e->u.call.args);
		put_c(out, ')');
		break;
	case EXPR_PRINT:
		out_print(out, e);
		break;
	case EXPR_STAT:
		put_c(out, '@');
		put_s(out, e->u.stat.op);
		put_c(out, '(');
		out_expr(out, e->u.stat.operand);
		if (e->u.stat.shift) {
			put_s(out, ", ");
			out_expr(out, e->u.stat.shift);
		}
		put_c(out, ')');
		break;
	case EXPR_HIST:
		put_s(out, e->u.hist.linear ? "@hist_linear(" : "@hist_log(");
		out_expr(out, e->u.hist.operand);
		if (e->u.hist.linear) {
			put_s(out, ", ");
			out_expr(out, e->u.hist.start);
			put_s(out, ", ");
			out_expr(out, e->u.hist.stop);
			put_s(out, ", ");
			out_expr(out, e->u.hist.interval);
		}
		put_c(out, ')');
		break;
	case EXPR_DEFINED:
	case EXPR_ENTRY:
		put_s(out, e->kind == EXPR_DEFINED ? "@defined(" : "@entry(");
		out_expr(out, e->u.operand);
		put_c(out, ')');
		break;
	case EXPR_PROBEWRITE:
		put_s(out, "@probewrite(");
		put_s(out, e->u.name);
		put_c(out, ')');
		break;
	case EXPR_PERF:
		put_s(out, "@perf(");
		out_string_literal(out, e->u.str);
		put_c(out, ')');
		break;
	case EXPR_REGISTER:
		put_s(out, e->u.reg.user ? "@uregister(" : "@kregister(");
		out_expr(out, e->u.reg.regno);
		put_c(out, ')');
		break;
	case EXPR_DEREF:
		put_s(out, e->u.deref.user ? "@uderef(" : "@kderef(");
		out_expr(out, e->u.deref.size);
		put_s(out, ", ");
		out_expr(out, e->u.deref.addr);
		put_c(out, ')');
		break;
	case EXPR_CONST:
		put_s(out, "%{ /* pure */ /* unprivileged */ /* stable */ ");
		put_s(out, e->u.str);
		put_s(out, " %}");
		break;
	case EXPR_EMBEDDED:
		put_s(out, "%{ ");
		put_s(out, e->u.str);
		put_s(out, " %}");
		break;
	}
}

static void out_block_body(struct out *out, const struct stmt *s)
{
	unsigned i;

	put_s(out, "{\n");
	for (i = 0; i < s->u.block.n; i++) {
		if (i + 1 < s->u.block.n)
			__builtin_prefetch(s->u.block.v[i + 1]);
		out_stmt(out, s->u.block.v[i]);
		put_s(out, ";\n");
	}
	put_c(out, '}');
}

static void out_foreach(struct out *out, const struct stmt *s)
{
	const char *dir = s->u.foreach.sort_dir > 0 ? "+" : "-";
	unsigned i;

	put_s(out, "foreach (");
	if (s->u.foreach.value) {
		out_expr(out, s->u.foreach.value);
		put_s(out, " = ");
	}
	put_c(out, '[');
	for (i = 0; i < s->u.foreach.keys.n; i++) {
		if (i)
			put_s(out, ", ");
		out_expr(out, s->u.foreach.keys.v[i]);
		if (s->u.foreach.sort_key == (int)i + 1)
			put_s(out, dir);
	}
	put_s(out, "] in ");
	out_expr(out, s->u.foreach.array);
	if (s->u.foreach.slice.n) {
		put_c(out, '[');
		out_keys(out, &s->u.foreach.slice);
		put_c(out, ']');
	}
	if (s->u.foreach.sort_agg) {
		put_c(out, ' ');
		put_s(out, s->u.foreach.sort_agg);
	}
	if (s->u.foreach.sort_key == 0)
		put_s(out, dir);
	if (s->u.foreach.limit) {
		put_s(out, " limit ");
		out_expr(out, s->u.foreach.limit);
	}
	put_s(out, ") ");
	out_stmt(out, s->u.foreach.body);
}

static void out_stmt(struct out *out, const struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		out_block_body(out, s);
		break;
	case STMT_NULL:
		put_c(out, ';');
		break;
	case STMT_EXPR:
		out_expr(out, s->u.expr);
		break;
	case STMT_IF:
		put_s(out, "if (");
		out_expr(out, s->u.if_.cond);
		put_s(out, ") ");
		out_stmt(out, s->u.if_.then);
		put_c(out, '\n');
		if (s->u.if_.else_) {
			put_s(out, "else ");
			out_stmt(out, s->u.if_.else_);
			put_c(out, '\n');
		}
		break;
	case STMT_WHILE:
	case STMT_FOR:
		put_s(out, "for (");
		if (s->u.loop.init)
			out_stmt(out, s->u.loop.init);
		put_s(out, "; ");
		if (s->u.loop.cond)
			out_expr(out, s->u.loop.cond);
		else
			put_c(out, '1');
		put_s(out, "; ");
		if (s->u.loop.incr)
			out_stmt(out, s->u.loop.incr);
		put_s(out, ") ");
		out_stmt(out, s->u.loop.body);
		break;
	case STMT_FOREACH:
		out_foreach(out, s);
		break;
	case STMT_BREAK:
		put_s(out, "break");
		break;
	case STMT_CONTINUE:
		put_s(out, "continue");
		break;
	case STMT_NEXT:
		put_s(out, "next");
		break;
	case STMT_RETURN:
		put_s(out, "return");
		if (s->u.expr) {
			put_c(out, ' ');
			out_expr(out, s->u.expr);
		}
		break;
	case STMT_DELETE:
		put_s(out, "delete ");
		out_expr(out, s->u.expr);
		break;
	case STMT_TRY:
		put_s(out, "try {\n");
		out_stmt(out, s->u.try_.body);
		put_s(out, "\n} catch ");
		if (s->u.try_.var) {
			put_c(out, '(');
			out_expr(out, s->u.try_.var);
			put_s(out, ") ");
		}
		put_s(out, "{\n");
		if (s->u.try_.handler) {	/* none once elided */
			out_stmt(out, s->u.try_.handler);
			put_c(out, '\n');
		}
		put_s(out, "}\n");
		break;
	}
}

static void out_literal(struct out *out, const struct expr *e)
{
	if (e->kind == EXPR_NUMBER)
		put_i64(out, e->u.num);
	else
		out_string_literal(out, e->u.str);
}

static void out_probe_point(struct out *out, const struct probe_point *pp)
{
	unsigned i;

	for (i = 0; i < pp->ncomps; i++) {
		if (i)
			put_c(out, '.');
		put_s(out, pp->comps[i].name);
		if (pp->comps[i].arg) {
			put_c(out, '(');
			out_literal(out, pp->comps[i].arg);
			put_c(out, ')');
		}
	}
	if (pp->sufficient)
		put_c(out, '!');
	else if (pp->optional)
		put_c(out, '?');
	if (pp->cond) {
		put_s(out, " if (");
		out_expr(out, pp->cond);
		put_c(out, ')');
	}
}

static void out_points(struct out *out, struct probe_point **v, unsigned n,
			 const char *sep)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (i)
			put_s(out, sep);
		out_probe_point(out, v[i]);
	}
}

static void out_global(struct out *out, const struct global *g)
{
	put_s(out, "global ");
	put_s(out, g->name);
	if (g->wrap)
		put_c(out, '%');
	if (g->size) {
		put_c(out, '[');
		put_i64(out, g->size);
		put_c(out, ']');
	}
	if (g->init) {
		put_s(out, " = ");
		out_literal(out, g->init);
	}
	put_c(out, '\n');
}

static void out_function(struct out *out, const struct function *f)
{
	unsigned i;

	put_s(out, "function ");
	put_s(out, f->name);
	put_s(out, " (");
	for (i = 0; i < f->nparams; i++) {
		if (i)
			put_s(out, ", ");
		put_s(out, f->params[i].name);
	}
	put_s(out, ")\n");
	if (f->embedded)
		put_embedded(out, f->embedded->text);
	else
		out_stmt(out, f->body);
	put_c(out, '\n');
}

static void out_file(struct out *out, const struct stapfile *f)
{
	size_t i;

	put_s(out, "# file ");
	put_s(out, f->src->name);
	put_c(out, '\n');
	for (i = 0; i < f->embeds.len; i++)
		put_embedded(out,
			     ((const struct token *)f->embeds.items[i])->text);
	for (i = 0; i < f->globals.len; i++)
		out_global(out, f->globals.items[i]);
	for (i = 0; i < f->aliases.len; i++) {
		const struct probe_alias *a = f->aliases.items[i];

		put_s(out, "probe ");
		out_points(out, a->names, a->nnames, " = ");
		put_s(out, a->epilogue_style ? " += " : " = ");
		out_points(out, a->points, a->npoints, ", ");
		out_stmt(out, a->epilogue_style ? a->epilogue : a->prologue);
		put_c(out, '\n');
	}
	for (i = 0; i < f->probes.len; i++) {
		const struct probe *p = f->probes.items[i];

		put_s(out, "probe ");
		out_points(out, p->points, p->npoints, ",");
		out_stmt(out, p->body);
		put_c(out, '\n');
	}
	for (i = 0; i < f->functions.len; i++)
		out_function(out, f->functions.items[i]);
}

/* The public entry points: each prints through a buffer of its own. */

void print_string_literal(FILE *f, const char *s)
{
	struct out o = { .f = f };

	out_string_literal(&o, s);
	flush_out(&o);
}

void print_expr(FILE *f, const struct expr *e)
{
	struct out o = { .f = f };

	out_expr(&o, e);
	flush_out(&o);
}

void print_stmt(FILE *f, const struct stmt *s)
{
	struct out o = { .f = f };

	out_stmt(&o, s);
	flush_out(&o);
}

void print_probe_point(FILE *f, const struct probe_point *pp)
{
	struct out o = { .f = f };

	out_probe_point(&o, pp);
	flush_out(&o);
}

void print_file(FILE *f, const struct stapfile *file)
{
	struct out o = { .f = f };

	out_file(&o, file);
	flush_out(&o);
}
