// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * listing.c - what the library and the probe families offer:
 *
 *   stap -l 'timer.*'           timer.profile
 *   stap -L 'oneshot'           oneshot
 *   stap --dump-functions       execname:string () /<asterisk> unprivileged <asterisk>/
 *   stap --dump-probe-aliases   oneshot += begin
 *   stap --dump-probe-types     timer.ms(number).randomize(number)
 */
#include "listing.h"
#include "ast_print.h"
#include "diag.h"
#include "elab_int.h"
#include "probefam.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void listing_prepare(struct session *s)
{
	s->script_text = arena_printf(&s->arena, "probe %s {}", s->list_pattern);
	diag.muted = true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *type_name(enum type t)
{
	switch (t) {
	case TYPE_LONG: return "long";
	case TYPE_STRING: return "string";
	case TYPE_STATS: return "stats";
	default: return "unknown";
	}
}

/* Sort, drop repeats, print; returns how many lines. */
static size_t print_sorted(struct vec *lines)
{
	size_t i, n = 0;

	if (lines->len)
		qsort(lines->items, lines->len, sizeof(void *), cmp_str);
	for (i = 0; i < lines->len; i++) {
		if (i && !strcmp(lines->items[i], lines->items[i - 1]))
			continue;
		puts(lines->items[i]);
		n++;
	}
	return n;
}

int list_probes(struct session *s, bool parsed)
{
	struct vec lines = { 0 };
	size_t i, n;

	if (parsed)
		pass2(s);
	for (i = 0; parsed && s->prog && i < s->prog->probes.len; i++) {
		const struct dprobe *dp = s->prog->probes.items[i];
		struct strbuf sb = STRBUF_INIT;
		unsigned k;

		if (dp->synthesized)
			continue;
		strbuf_adds(&sb, dp->name);
		for (k = 0; s->list_vars && k < dp->nlocals; k++)
			strbuf_addf(&sb, " %s:%s", dp->locals[k]->name,
				    type_name(dp->locals[k]->type));
		vec_push(&lines, arena_strdup(&s->arena, strbuf_str(&sb)));
		strbuf_release(&sb);
	}
	n = print_sorted(&lines);
	vec_free(&lines);
	return n ? 0 : 1;
}

/* Parse the whole library (dumps describe all of it), macros first. */
static void parse_library(struct session *s)
{
	struct tapset_index *idx;
	unsigned i;

	tapset_load_macros(s);
	idx = tapset_index(s);
	for (i = 0; i < idx->paths.len; i++)
		tapset_parse_index_file(s, idx, i);
}

/*
 * Tags of a script-bodied function: upstream collects them from the
 * embedded expressions of its body, and an @const counts as one marked
 * pure and unprivileged.
 */
static void body_tags(struct expr *e, void *ctx)
{
	struct strbuf *sb = ctx;

	if (e->kind == EXPR_EMBEDDED)
		strbuf_adds(sb, e->u.str);
	else if (e->kind == EXPR_CONST)
		strbuf_adds(sb, "/* pure */ /* unprivileged */");
}

/* The privilege tags upstream shows after a function's signature. */
static const char *function_tags(const struct function *f)
{
	struct strbuf sb = STRBUF_INIT;
	const char *code, *tag = "";

	if (f->embedded)
		strbuf_adds(&sb, f->embedded->text);
	else if (f->body)
		walk_stmt(f->body, body_tags, &sb);
	code = strbuf_str(&sb);
	if (strstr(code, "/* unprivileged */"))
		tag = " /* unprivileged */";
	else if (strstr(code, "/* myproc-unprivileged */"))
		tag = " /* myproc-unprivileged */";
	else if (strstr(code, "/* guru */"))
		tag = " /* guru */";
	strbuf_release(&sb);
	return tag;
}

/* A --dump-functions line and its place in library order. */
struct fn_line {
	const char *text;
	size_t seq;
};

/*
 * Upstream lists functions by name; overloads of one name keep their
 * definition order (so "ctime:string (epochsecs:long)" comes before
 * "ctime:string ()", as in its library).
 */
static int cmp_fn_line(const void *a, const void *b)
{
	const struct fn_line *x = a, *y = b;
	size_t nx = strcspn(x->text, ":"), ny = strcspn(y->text, ":");
	/* "name:" with its colon: AF_INET6 sorts before AF_INET */
	int c = strncmp(x->text, y->text, (nx < ny ? nx : ny) + 1);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_by_name(struct vec *lines)
{
	struct fn_line *v = calloc(lines->len ? lines->len : 1, sizeof(*v));
	size_t i;

	if (!v)
		return;
	for (i = 0; i < lines->len; i++)
		v[i] = (struct fn_line){ lines->items[i], i };
	qsort(v, lines->len, sizeof(*v), cmp_fn_line);
	for (i = 0; i < lines->len; i++)
		lines->items[i] = (void *)v[i].text;
	free(v);
}

static void dump_functions(struct session *s, struct vec *lines)
{
	size_t i, j;
	unsigned k;

	for (i = 0; i < s->lib_files.len; i++) {
		struct stapfile *f = s->lib_files.items[i];

		for (j = 0; j < f->functions.len; j++) {
			const struct function *fn = f->functions.items[j];
			struct strbuf sb = STRBUF_INIT;

			/* upstream hides names starting with '_' (internal) */
			if (fn->is_private || fn->name[0] == '_')
				continue;
			strbuf_addf(&sb, "%s:%s (", fn->name, type_name(fn->rettype));
			for (k = 0; k < fn->nparams; k++)
				strbuf_addf(&sb, "%s%s:%s", k ? ", " : "",
					    fn->params[k].name,
					    type_name(fn->params[k].type));
			strbuf_addf(&sb, ")%s", function_tags(fn));
			vec_push(lines, arena_strdup(&s->arena, strbuf_str(&sb)));
			strbuf_release(&sb);
		}
	}
}

static char *points_text(struct session *s, struct probe_point **v,
			 unsigned n, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned i;
	char *r;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, point_string(&s->arena, v[i]));
	}
	r = arena_strdup(&s->arena, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* "name = point, point" per alias name; '_' names only with -v. */
static void dump_aliases(struct session *s, struct vec *lines)
{
	size_t i, j;
	unsigned k;

	for (i = 0; i < s->lib_files.len; i++) {
		struct stapfile *f = s->lib_files.items[i];

		for (j = 0; j < f->aliases.len; j++) {
			const struct probe_alias *al = f->aliases.items[j];
			const char *rhs = points_text(s, al->points, al->npoints, ", ");

			for (k = 0; k < al->nnames; k++) {
				const char *name = point_string(&s->arena, al->names[k]);

				if (name[0] == '_' && !s->verbose)
					continue;
				vec_push(lines, arena_printf(&s->arena, "%s %s %s", name,
					 al->epilogue_style ? "+=" : "=", rhs));
			}
		}
	}
}

int dump_library(struct session *s)
{
	struct vec lines = { 0 };
	unsigned f, k;

	diag.muted = true;
	switch (s->dump) {
	case DUMP_FUNCTIONS:
		parse_library(s);
		dump_functions(s, &lines);
		sort_by_name(&lines);
		for (f = 0; f < lines.len; f++)
			puts(lines.items[f]);
		vec_free(&lines);
		return 0;
	case DUMP_PROBE_ALIASES:
		parse_library(s);
		dump_aliases(s, &lines);
		break;
	case DUMP_PROBE_TYPES:
		for (f = 0; probe_families[f]; f++)
			for (k = 0; probe_families[f]->patterns[k]; k++)
				vec_push(&lines, (void *)probe_families[f]->patterns[k]);
		break;
	case DUMP_NONE:
		break;
	}
	print_sorted(&lines);
	vec_free(&lines);
	return 0;
}
