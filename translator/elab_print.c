// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elab_print.c - the -p2 listing, in upstream's format:
 *
 *   # globals
 *   counts[100]:stats [long]
 *   # functions
 *   fmt:string (n:long)
 *   # probes
 *   timer.ms(100) /<asterisk> <- timer.ms(100) <asterisk>/
 *     # locals
 *     c:long
 *
 * Globals come in order of first reference, functions sorted by internal
 * name (__global_..., then __private_...), probes in derivation order.
 */
#include "elab_int.h"
#include "ast_print.h"

#include <stdlib.h>
#include <string.h>

static const char *tname(enum type t)
{
	switch (t) {
	case TYPE_LONG: return "long";
	case TYPE_STRING: return "string";
	case TYPE_STATS: return "stats";
	default: return "unknown";
	}
}


static int cmp_fn(const void *a, const void *b)
{
	const struct function *x = *(struct function *const *)a;
	const struct function *y = *(struct function *const *)b;

	/* Upstream's order: by internal name, so privates come last. */
	return strcmp(x->cname, y->cname);
}

static void print_global_line(FILE *out, const struct vardecl *v)
{
	int i;

	fputs(v->name, out);
	if (v->wrap)
		fputc('%', out);
	if (v->size)
		fprintf(out, "[%lld]", (long long)v->size);
	fprintf(out, ":%s", tname(v->type));
	for (i = 0; i < v->arity; i++)
		fprintf(out, "%s%s", i ? ", " : " [", tname(v->keytypes[i]));
	if (v->arity > 0)
		fputc(']', out);
	fputc('\n', out);
}

static void print_function_line(FILE *out, const struct function *f)
{
	unsigned i;

	fprintf(out, "%s:%s (", f->name, tname(f->rettype));
	for (i = 0; i < f->nparams; i++)
		fprintf(out, "%s%s:%s", i ? ", " : "", f->pvars[i]->name,
			tname(f->pvars[i]->type));
	fputc(')', out);
}

static void print_locals(FILE *out, struct vardecl **v, unsigned n)
{
	unsigned i;

	if (!n)
		return;
	fputs("  # locals\n", out);
	for (i = 0; i < n; i++)
		fprintf(out, "  %s:%s\n", v[i]->name, tname(v[i]->type));
}

/*
 * -vp2: a body after its header, as "{ BODY }" with internal names.
 * Upstream's optimizer leaves a body of one statement without its
 * braces (not in the probes it synthesizes later, nor under -u); an empty
 * one shows as ";" then, embedded C as "%{ ... %}".
 */
static void print_body(FILE *out, const struct stmt *body,
		       const struct token *embedded, bool unwrap, bool as_written)
{
	fputs("{ ", out);
	if (embedded)
		fprintf(out, "%%{%s%%}", embedded->text);
	else if (!body || (!as_written && body->kind == STMT_BLOCK &&
			   !body->u.block.n))
		fputc(';', out);
	else if (unwrap && body->kind == STMT_BLOCK && body->u.block.n == 1)
		print_stmt(out, body->u.block.v[0]);
	else
		print_stmt(out, body);
	fputs(" }\n", out);
}

void print_program(FILE *out, const struct session *s, const struct program *p)
{
	struct vec v = { 0 };
	size_t i;

	if (p->embeds.len)
		fputs("# global embedded code\n", out);
	for (i = 0; i < p->embeds.len; i++)
		fprintf(out, "%%{%s%%}\n", ((const struct token *)p->embeds.items[i])->text);
	if (p->globals.len) {
		fputs("# globals\n", out);
		/* In order of first reference, as upstream. */
		for (i = 0; i < p->globals.len; i++)
			print_global_line(out, p->globals.items[i]);
	}
	if (p->functions.len) {
		fputs("# functions\n", out);
		for (i = 0; i < p->functions.len; i++)
			vec_push(&v, p->functions.items[i]);
		qsort(v.items, v.len, sizeof(void *), cmp_fn);
		for (i = 0; i < v.len; i++) {
			const struct function *f = v.items[i];

			print_function_line(out, f);
			fputc('\n', out);
			print_locals(out, f->locals, f->nlocals);
			if (s->verbose)
				print_body(out, f->body, f->embedded,
					   !s->unoptimized, s->unoptimized);
		}
	}
	vec_free(&v);
	if (p->probes.len)
		fputs("# probes\n", out);
	for (i = 0; i < p->probes.len; i++) {
		const struct dprobe *dp = p->probes.items[i];

		fputs(dp->pp, out);
		if (dp->point && dp->point->sufficient)
			fputc('!', out);
		else if (dp->point && dp->point->optional)
			fputc('?', out);
		if (dp->cond) {
			fputs(" if (", out);
			print_expr(out, dp->cond);
			fputc(')', out);
		}
		fprintf(out, " /* <- %s */\n", dp->chain);
		print_locals(out, dp->locals, dp->nlocals);
		if (s->verbose)
			print_body(out, dp->body, NULL, !dp->synthesized &&
				   !s->unoptimized,
				   s->unoptimized && !dp->synthesized);
	}
}

void print_function_decl(FILE *out, const struct function *f)
{
	print_function_line(out, f);
}
