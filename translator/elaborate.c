// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elaborate.c - pass 2's driver and probe derivation.
 *
 * Each user probe point is matched against probe aliases (from the script
 * and, through the tapset index, the library) and against the patterns of
 * the probe families (probefam.h).  An alias expands to its own points,
 * recursively, wrapping the body in its prologue/epilogue; a family match
 * yields a derived probe.  Then symbols are resolved (resolve.c), types
 * inferred (types.c), the program optimized (optimize.c), and unread
 * globals displayed (autodisplay.c).
 */
#include "elab_int.h"
#include "ast_print.h"
#include "astcopy.h"
#include "diag.h"
#include "probefam.h"
#include "semerr.h"
#include "strbuf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One alias expansion step on the way from the user's point. */
struct step {
	const struct step *outer;
	const struct probe_alias *alias;
	const struct probe_point *name;		/* the alias name matched */
	const struct probe_point *point;	/* point being expanded */
};

char *point_string(struct arena *a, const struct probe_point *pt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char *r;

	print_probe_point(f, pt);
	fclose(f);
	r = arena_strdup(a, buf);
	free(buf);
	return r;
}

static char *points_string(struct arena *a, struct probe_point *const *v,
			   unsigned n, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned i;
	char *r;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, point_string(a, v[i]));
	}
	r = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* --- matching ------------------------------------------------------------- */

/* One component: a glob, or (the common case, fast) a plain name. */
static bool name_matches(const char *pat, const char *name)
{
	if (!strpbrk(pat, "*?["))
		return !strcmp(pat, name);
	return !fnmatch(pat, name, 0);
}

/* Does component pattern pat (may hold * and **) match names? */
static bool match_names(const struct pp_comp *pat, unsigned np,
			const char *const *names, unsigned nn)
{
	unsigned k;

	if (!np)
		return !nn;
	if (!strcmp(pat->name, "**")) {
		for (k = 1; k <= nn; k++)
			if (match_names(pat + 1, np - 1, names + k, nn - k))
				return true;
		return false;
	}
	return nn && name_matches(pat->name, names[0]) &&
		match_names(pat + 1, np - 1, names + 1, nn - 1);
}

/* Does pt (without args on the components) match alias name an? */
static bool point_matches_alias(const struct probe_point *pt,
				const struct probe_point *an)
{
	const char *names[64];
	unsigned i;

	if (an->ncomps > 64)
		return false;
	for (i = 0; i < pt->ncomps; i++)
		if (pt->comps[i].arg)
			return false;
	for (i = 0; i < an->ncomps; i++)
		names[i] = an->comps[i].name;
	return match_names(pt->comps, pt->ncomps, names, an->ncomps);
}

/* A family pattern split into components. */
struct pat {
	char names[8][32];
	enum pat_arg args[8];
	unsigned n;
};

static void split_pattern(const char *s, struct pat *p)
{
	p->n = 0;
	while (*s && p->n < 8) {
		size_t len = strcspn(s, ".(");

		snprintf(p->names[p->n], sizeof(p->names[0]), "%.*s", (int)len, s);
		s += len;
		p->args[p->n] = PAT_NONE;
		if (*s == '(') {
			p->args[p->n] = s[1] == 'n' ? PAT_NUMBER : PAT_STRING;
			s = strchr(s, ')') + 1;
		}
		p->n++;
		if (*s == '.')
			s++;
	}
}

static bool point_matches_pattern(const struct probe_point *pt,
				  const struct pat *p)
{
	unsigned i;

	if (pt->ncomps != p->n)
		return false;
	for (i = 0; i < p->n; i++) {
		const struct expr *arg = pt->comps[i].arg;

		if (fnmatch(pt->comps[i].name, p->names[i], 0))
			return false;
		if (!arg != (p->args[i] == PAT_NONE))
			return false;
		if (arg && (arg->kind == EXPR_NUMBER) != (p->args[i] == PAT_NUMBER))
			return false;
	}
	return true;
}

/* --- derivation ----------------------------------------------------------- */

/* The library's alias names split into components, once per run. */
struct split_name {
	const char **comps;
	unsigned n;
	unsigned file;
};

static struct split_name *split_alias_names(struct elab *el, size_t *count)
{
	static struct split_name *v;	/* one index per run */
	static size_t n;
	struct tapset_index *idx = el->idx;
	size_t i;

	if (v) {
		*count = n;
		return v;
	}
	v = arena_alloc(el->a, (idx->nsyms + 1) * sizeof(*v));
	for (i = 0; i < idx->nsyms; i++) {
		const struct tsym *t = &idx->syms[i];
		char *copy, *save, *c;
		const char *tmp[64];
		unsigned k = 0;

		if (t->kind != TSYM_ALIAS)
			continue;
		copy = arena_strdup(el->a, t->name);
		for (c = strtok_r(copy, ".", &save); c && k < 64;
		     c = strtok_r(NULL, ".", &save))
			tmp[k++] = c;
		v[n].comps = arena_alloc(el->a, (k + 1) * sizeof(char *));
		memcpy(v[n].comps, tmp, k * sizeof(char *));
		v[n].n = k;
		v[n].file = t->file;
		n++;
	}
	*count = n;
	return v;
}

/* Read the library files defining aliases that pt may name. */
static void add_library_aliases(struct elab *el, const struct probe_point *pt)
{
	struct tapset_index *idx = el->idx;
	size_t i, n;
	struct split_name *v = split_alias_names(el, &n);

	for (i = 0; i < n; i++) {
		/* A file already read has its aliases in el->files. */
		if (idx->tried[v[i].file] ||
		    !match_names(pt->comps, pt->ncomps, v[i].comps, v[i].n))
			continue;
		{
			struct stapfile *f = tapset_parse_index_file(el->s, idx,
								     v[i].file);

			if (f)
				elab_add_file(el, f);
		}
	}
}

/* The chain text: the steps innermost first, then the user's points. */
static const char *chain_string(struct elab *el, const struct step *st,
				const struct probe *orig)
{
	struct strbuf sb = STRBUF_INIT;
	char *r;

	(void)orig;
	for (; st; st = st->outer) {
		strbuf_addf(&sb, "%s %s %s <- ",
			    points_string(el->a, st->alias->names,
					  st->alias->nnames, " = "),
			    st->alias->epilogue_style ? "+=" : "=",
			    points_string(el->a, st->alias->points,
					  st->alias->npoints, ", "));
	}
	/* The user's points follow once resolved (finish_chains). */
	r = arena_strdup(el->a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

static struct expr *and_cond(struct elab *el, struct expr *a, struct expr *b)
{
	struct expr *e;

	if (!a || !b)
		return a ? a : b;
	e = arena_new(el->a, struct expr);
	e->kind = EXPR_LOGICAL;
	e->tok = a->tok;
	e->u.binary.op = "&&";
	e->u.binary.left = a;
	e->u.binary.right = b;
	return e;
}

/* Append st's statements (a block's, flattened one level) to v. */
static void add_stmts(struct arena *a, struct vec *v, struct stmt *st)
{
	unsigned i;

	if (!st)
		return;
	if (st->kind != STMT_BLOCK) {
		vec_push_arena(a, v, st);
		return;
	}
	for (i = 0; i < st->u.block.n; i++)
		vec_push_arena(a, v, st->u.block.v[i]);
}

/*
 * One block of the prologue's statements, the body's, the epilogue's,
 * flat, as upstream merges an alias into the probe using it.
 */
static struct stmt *wrap_body(struct elab *el, const struct stmt *pro,
			      struct stmt *body, const struct stmt *epi)
{
	struct stmt *b;
	struct vec v = { 0 };

	if (!pro && !epi)
		return body;
	add_stmts(el->a, &v, copy_stmt(el->a, pro));
	add_stmts(el->a, &v, body);
	add_stmts(el->a, &v, copy_stmt(el->a, epi));
	b = arena_new(el->a, struct stmt);
	b->kind = STMT_BLOCK;
	b->tok = body->tok;
	b->u.block.v = (struct stmt **)v.items;
	b->u.block.n = (unsigned)v.len;
	return b;
}

/*
 * if (!(cond)) next; first in the body: the handler checks its arming
 * condition itself, as upstream generates it.
 */
static struct stmt *guard_body(struct elab *el, struct stmt *body,
			       const struct expr *cond)
{
	struct expr *not_ = arena_new(el->a, struct expr);
	struct stmt *if_ = arena_new(el->a, struct stmt);
	struct stmt *next = arena_new(el->a, struct stmt);
	struct vec v = { 0 };
	struct stmt *b = arena_new(el->a, struct stmt);

	not_->kind = EXPR_UNARY;
	not_->tok = cond->tok;
	not_->u.unary.op = "!";
	not_->u.unary.operand = copy_expr(el->a, cond);
	next->kind = STMT_NEXT;
	next->tok = cond->tok;
	if_->kind = STMT_IF;
	if_->tok = cond->tok;
	if_->u.if_.cond = not_;
	if_->u.if_.then = next;
	vec_push_arena(el->a, &v, if_);
	add_stmts(el->a, &v, body);
	b->kind = STMT_BLOCK;
	b->tok = body->tok;
	b->u.block.v = (struct stmt **)v.items;
	b->u.block.n = (unsigned)v.len;
	return b;
}

/* A canonical probe point string from a concrete family match. */
static const char *canonical_pp(struct elab *el, const struct pat *p,
				const struct probe_point *pt)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned i;
	char *r;

	for (i = 0; i < p->n; i++) {
		const struct expr *arg = pt->comps[i].arg;

		strbuf_addf(&sb, "%s%s", i ? "." : "", p->names[i]);
		if (arg && arg->kind == EXPR_NUMBER)
			strbuf_addf(&sb, "(%lld)", (long long)arg->u.num);
		else if (arg)
			strbuf_addf(&sb, "(\"%s\")", arg->u.str);
	}
	r = arena_strdup(el->a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

static struct dprobe *new_dprobe(struct elab *el, const struct probe *orig,
				 const struct step *st,
				 const struct probe_point *pt)
{
	struct dprobe *dp = arena_new(el->a, struct dprobe);
	struct stmt *body = copy_stmt(el->a, orig->body);
	const struct step *v[64];
	struct expr *cond;
	unsigned n = 0, i;

	for (; st && n < 64; st = st->outer)
		v[n++] = st;
	/*
	 * A condition reaching a family directly is the user's own node (as
	 * upstream, it shows resolved in the chain).  Through aliases, the
	 * conditions of the points on the way are ANDed, innermost first,
	 * as copies.
	 */
	cond = n ? copy_expr(el->a, pt->cond) : pt->cond;
	for (i = 0; i < n; i++)
		cond = and_cond(el, cond, copy_expr(el->a, v[i]->point->cond));
	/* Wrap from the user's level inward: innermost prologue runs first. */
	for (i = n; i-- > 0;)
		body = wrap_body(el, v[i]->alias->prologue, body,
				 v[i]->alias->epilogue);
	if (cond)
		body = guard_body(el, body, cond);
	dp->orig = orig;
	/* Upstream's location for messages: the innermost alias reference. */
	dp->tok = n ? v[0]->point->comps[0].tok : orig->tok;
	dp->body = body;
	dp->cond = cond;
	dp->chain = chain_string(el, n ? v[0] : NULL, orig);
	if (n)
		dp->name = point_string(el->a, v[n - 1]->name);
	return dp;
}

/* Try the families' patterns on pt; adds derived probes, returns count. */
static unsigned derive_family(struct elab *el, const struct probe *orig,
			      const struct step *st,
			      const struct probe_point *pt, bool *failed)
{
	unsigned f, k, n = 0;

	for (f = 0; probe_families[f]; f++) {
		const struct probe_family *fam = probe_families[f];

		for (k = 0; fam->patterns[k]; k++) {
			struct pat p;
			struct dprobe *dp;
			struct pp_comp comps[8];
			unsigned i;

			split_pattern(fam->patterns[k], &p);
			if (!point_matches_pattern(pt, &p))
				continue;
			for (i = 0; i < p.n; i++) {
				comps[i] = pt->comps[i];
				comps[i].name = p.names[i];
			}
			dp = new_dprobe(el, orig, st, pt);
			dp->family = fam;
			dp->point = pt;
			dp->kind = fam->kind;
			dp->pp = canonical_pp(el, &p, pt);
			if (!dp->name)
				dp->name = dp->pp;
			sem_set_context(pt->comps[0].tok);
			if (!fam->derive(el->s, dp, k, comps, p.n)) {
				*failed = true;
				sem_set_context(NULL);
				continue;
			}
			sem_set_context(NULL);
			dp->index = (unsigned)el->p->probes.len;
			vec_push(&el->p->probes, dp);
			n++;
		}
	}
	return n;
}

static unsigned derive_point(struct elab *el, const struct probe *orig,
			     const struct step *st,
			     const struct probe_point *pt, unsigned depth);

/*
 * Nothing matched pt.  Like upstream's walk down its tree of patterns,
 * find how many leading components some family pattern accepts: all of
 * a pattern and more given is an invalid suffix; otherwise the first
 * component not accepted is the mismatch, with the names that would
 * have been accepted there as suggestions.
 */
static void report_mismatch(struct elab *el, const struct probe_point *pt)
{
	struct vec names = { 0 };
	unsigned best = 0, f, k, i;
	bool suffix = false;

	for (f = 0; probe_families[f]; f++)
		for (k = 0; probe_families[f]->patterns[k]; k++) {
			struct pat p;

			split_pattern(probe_families[f]->patterns[k], &p);
			for (i = 0; i < p.n && i < pt->ncomps; i++) {
				const struct expr *arg = pt->comps[i].arg;

				if (fnmatch(pt->comps[i].name, p.names[i], 0) ||
				    !arg != (p.args[i] == PAT_NONE))
					break;
			}
			if (i > best || (i == best && i == p.n)) {
				best = i;
				suffix = i == p.n;
			}
		}
	/* Alias names are patterns too (without arguments). */
	for (f = 0; f < el->files.len; f++) {
		struct stapfile *sf = el->files.items[f];

		for (k = 0; k < sf->aliases.len; k++) {
			struct probe_alias *al = sf->aliases.items[k];
			unsigned a;

			for (a = 0; a < al->nnames; a++) {
				const struct probe_point *an = al->names[a];

				for (i = 0; i < an->ncomps && i < pt->ncomps; i++)
					if (pt->comps[i].arg ||
					    fnmatch(pt->comps[i].name, an->comps[i].name, 0))
						break;
				if (i > best || (i == best && i == an->ncomps)) {
					best = i;
					suffix = i == an->ncomps;
				}
			}
		}
	}
	if (suffix && best < pt->ncomps) {
		sem_error("pp-suffix", pt->comps[best].tok, "invalid suffix for probe");
		return;
	}
	if (best >= pt->ncomps)
		best = pt->ncomps - 1;
	for (f = 0; probe_families[f]; f++)
		for (k = 0; probe_families[f]->patterns[k]; k++) {
			struct pat p;

			split_pattern(probe_families[f]->patterns[k], &p);
			for (i = 0; i < best && i < p.n; i++)
				if (fnmatch(pt->comps[i].name, p.names[i], 0))
					break;
			if (i == best && best < p.n)
				vec_push(&names, arena_strdup(el->a, p.names[best]));
		}
	sem_error("pp-mismatch", pt->comps[best].tok, "probe point mismatch%s",
		  similar_names(el->a, pt->comps[best].name, &names));
	vec_free(&names);
}

/* Is pt being expanded already, further out?  Then aliases loop. */
static bool in_chain(const struct step *st, const struct probe_point *pt)
{
	for (; st; st = st->outer)
		if (st->point == pt)
			return true;
	return false;
}

/*
 * Expand pt through every alias whose name it matches; *matched tells
 * whether any did (then a failure to expand is this point's error),
 * *failed that the error was reported here already.
 */
static unsigned derive_aliases(struct elab *el, const struct probe *orig,
			       const struct step *st,
			       const struct probe_point *pt, unsigned depth,
			       bool *matched, bool *failed)
{
	const char *first = pt->comps[0].name;
	unsigned n = 0, b, b_end;
	size_t i, k;

	if (el->idx)
		add_library_aliases(el, pt);
	/* A plain first component names one bucket; a glob needs all. */
	b = strpbrk(first, "*?[") ? 0 : alias_bucket(first);
	b_end = strpbrk(first, "*?[") ? ALIAS_BUCKETS : b + 1;
	for (; b < b_end; b++) {
		struct vec *bucket = &el->alias_buckets[b];

		for (i = 0; i < bucket->len; i++) {
			struct alias_ref *r = bucket->items[i];
			struct probe_alias *al = r->alias;
			struct step next = { st, al, al->names[r->name], pt };

			if (!point_matches_alias(pt, al->names[r->name]))
				continue;
			*matched = true;
			if (in_chain(st, pt)) {
				const struct token *t = pt->comps[0].tok;

				sem_set_context(t);
				sem_error("alias-recursion", NULL,
					  "recursive loop in alias expansion of %s at %s:%u:%u",
					  point_string(el->a, pt), t->pos.file->name,
					  t->pos.line, t->pos.col);
				sem_set_context(NULL);
				*failed = true;
				continue;
			}
			for (k = 0; k < al->npoints; k++) {
				unsigned got = derive_point(el, orig, &next,
							    al->points[k], depth + 1);

				n += got;
				if (got && al->points[k]->sufficient)
					break;
			}
		}
	}
	return n;
}

static unsigned derive_point(struct elab *el, const struct probe *orig,
			     const struct step *st,
			     const struct probe_point *pt, unsigned depth)
{
	bool failed = false, matched = false;
	unsigned n;

	if (depth > 64)		/* in_chain stops loops; this bounds width */
		return 0;
	n = derive_aliases(el, orig, st, pt, depth, &matched, &failed);
	n += derive_family(el, orig, st, pt, &failed);
	if (n || failed || pt->optional)
		return n;
	sem_set_context(pt->comps[0].tok);
	if (matched)	/* an alias matched but expanded to nothing */
		sem_error("no-match", NULL, "no match");
	else
		report_mismatch(el, pt);
	sem_set_context(NULL);
	return 0;
}

static void derive_probe(struct elab *el, const struct probe *pr)
{
	unsigned i;

	for (i = 0; i < pr->npoints; i++) {
		unsigned got = derive_point(el, pr, NULL, pr->points[i], 0);

		if (got && pr->points[i]->sufficient)
			break;
	}
}

/* --- the pass ------------------------------------------------------------- */

/*
 * -T SECONDS: upstream adds "probe timer.ms(SECONDS * 1000) { exit() }",
 * derived before the script's probes.
 */
static void add_timeout_probe(struct elab *el)
{
	struct session *s = el->s;
	struct srcfile *src = arena_new(el->a, struct srcfile);
	struct parse_opts o = {
		.env = &s->pp_env, .lib_macros = &s->lib_macros,
		.privileged = true, .compat = s->compat,
	};
	struct stapfile *f;
	size_t i;

	src->name = "<synthetic>";	/* upstream's name: -t reports show it */
	src->text = arena_printf(el->a, "probe timer.ms(%ld) { exit() }",
				 s->timeout_s * 1000);
	src->len = strlen(src->text);
	f = parse_file(el->a, src, &o);
	if (!f)
		return;
	elab_add_file(el, f);
	for (i = 0; i < f->probes.len; i++)
		derive_probe(el, f->probes.items[i]);
}

/* Append the user's probe points, printed after resolution. */
static void finish_chains(struct elab *el)
{
	size_t i;

	for (i = 0; i < el->p->probes.len; i++) {
		struct dprobe *dp = el->p->probes.items[i];

		if (dp->synthesized)
			continue;
		dp->chain = arena_printf(el->a, "%s%s", dp->chain,
			points_string(el->a, dp->orig->points, dp->orig->npoints, ","));
	}
}

/*
 * Upstream adds one empty begin probe when any probe has an arming
 * condition (its runtime evaluates the conditions at start there).
 */
static void add_condition_begin(struct elab *el)
{
	struct dprobe *dp;
	struct stmt *body;
	size_t i;

	for (i = 0; i < el->p->probes.len; i++)
		if (((struct dprobe *)el->p->probes.items[i])->cond)
			break;
	if (i == el->p->probes.len)
		return;
	dp = arena_new(el->a, struct dprobe);
	body = arena_new(el->a, struct stmt);
	body->kind = STMT_BLOCK;
	dp->family = &family_begin;
	dp->kind = PROBE_BEGIN;
	dp->pp = dp->chain = dp->name = "begin";
	dp->body = body;
	dp->synthesized = true;
	dp->index = (unsigned)el->p->probes.len;
	vec_push(&el->p->probes, dp);
}

/* The probes derived since the last call. */
static void resolve_probes(struct elab *el)
{
	for (; el->probes_done < el->p->probes.len; el->probes_done++) {
		struct dprobe *dp = el->p->probes.items[el->probes_done];
		struct scope sc = { .file = NULL };

		resolve_stmt(el, &sc, dp->body);
		if (dp->cond)
			resolve_expr(el, &sc, dp->cond);
		freeze_locals(el, &sc, &dp->locals, &dp->nlocals);
	}
}

bool pass2(struct session *s)
{
	struct elab el = { .s = s, .a = &s->arena };
	size_t i, j, errs = diag.errors;

	el.p = s->prog = arena_new(&s->arena, struct program);
	el.idx = tapset_index(s);
	if (s->timeout_s)
		add_timeout_probe(&el);
	for (i = 0; i < s->user_files.len; i++)
		elab_add_file(&el, s->user_files.items[i]);
	for (i = 0; i < s->user_files.len; i++) {
		struct stapfile *f = s->user_files.items[i];

		for (j = 0; j < f->probes.len; j++)
			derive_probe(&el, f->probes.items[j]);
	}
	if (diag.errors != errs)
		goto out;
	resolve_probes(&el);
	resolve_functions(&el);
	/*
	 * A library file read for one of its symbols brings its own probes
	 * too (an init probe filling a table, say), which may need more
	 * files: until nothing new comes in.
	 */
	el.files_done = s->user_files.len + (s->timeout_s ? 1 : 0);
	while (!s->list_pattern && el.files_done < el.files.len) {
		for (; el.files_done < el.files.len; el.files_done++) {
			struct stapfile *f = el.files.items[el.files_done];

			for (j = 0; f->is_library && j < f->probes.len; j++)
				derive_probe(&el, f->probes.items[j]);
		}
		resolve_probes(&el);
		resolve_functions(&el);
	}
	finish_chains(&el);
	if (diag.errors != errs)
		goto out;
	if (s->list_pattern) {		/* -l/-L: derive and type, no more */
		infer_types(&el);
		goto out;
	}
	optimize(&el);
	infer_types(&el);
	if (diag.errors != errs)
		goto out;
	optimize_stable(&el);
	add_condition_begin(&el);
	if (!s->no_global_var_display)
		add_autodisplay(&el);
	if (!el.p->probes.len)
		sem_error("no-probes", NULL, "no probes found");
out:
	if (s->verbose >= 3)	/* for tests of the index (testsuite/unit) */
		fprintf(stderr, "Tapset index: %zu files, %u rescanned, %zu parsed\n",
			el.idx->paths.len, el.idx->scanned, s->lib_files.len);
	el.p->files = el.files;
	vec_free(&el.globals);
	vec_free(&el.work);
	for (i = 0; i < ALIAS_BUCKETS; i++)
		vec_free(&el.alias_buckets[i]);
	return diag.errors == errs;
}
