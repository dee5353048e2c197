// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * resolve.c - symbol resolution: every EXPR_SYMBOL gets its variable
 * (e->var) and every call its function (e->fn).  Unknown globals and
 * functions are looked up in the tapset index and their files parsed on
 * demand; functions are resolved as they become used, transitively.
 */
#include "elab_int.h"
#include "diag.h"
#include "semerr.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct vardecl *new_var(struct elab *el, enum var_kind kind,
			const char *name, const struct token *tok)
{
	struct vardecl *v = arena_new(el->a, struct vardecl);

	v->kind = kind;
	v->name = v->cname = name;
	v->tok = tok;
	v->arity = kind == VAR_GLOBAL ? -1 : 0;
	return v;
}

/* Upstream's private-name mangling: the file path with non-alnum as _. */
static const char *private_prefix(struct elab *el, const struct stapfile *f)
{
	char *p = arena_strdup(el->a, f->src->name), *c;

	for (c = p; *c; c++)
		if (!isalnum((unsigned char)*c))
			*c = '_';
	return p;
}

/* Embedded-C tags: comments such as pure, unprivileged in the body. */
static unsigned embedded_tags(const char *code)
{
	static const struct { const char *text; unsigned bit; } tags[] = {
		{ "/* pure */", FN_PURE }, { "/* stable */", FN_STABLE },
		{ "/* unprivileged */", FN_UNPRIVILEGED },
		{ "/* myproc-unprivileged */", FN_MYPROC },
		{ "/* guru */", FN_GURU },
		{ "/* unmodified-fnargs */", FN_UNMODIFIED_ARGS },
		{ "/* string */", FN_STRING },
	};
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strstr(code, tags[i].text))
			bits |= tags[i].bit;
	return bits;
}

void elab_add_file(struct elab *el, struct stapfile *f)
{
	size_t i;

	vec_push(&el->files, f);
	for (i = 0; i < f->globals.len; i++) {
		struct global *g = f->globals.items[i];
		struct vardecl *v = new_var(el, VAR_GLOBAL, g->name, g->tok);

		v->decl = g;
		v->size = g->size;
		v->wrap = g->wrap;
		v->init = g->init;
		v->is_private = g->is_private;
		v->file = f;
		v->cname = g->is_private ?
			arena_printf(el->a, "__private_%s%s", private_prefix(el, f), g->name) :
			arena_printf(el->a, "__global_%s", g->name);
		if (g->init) {
			v->type = g->init->kind == EXPR_STRING ? TYPE_STRING : TYPE_LONG;
			v->type_tok = g->init->tok;
			v->type_declared = true;
			v->arity = 0;
		}
		vec_push(&el->globals, v);
	}
	for (i = 0; i < f->functions.len; i++) {
		struct function *fn = f->functions.items[i];

		fn->file = f;
		if (fn->embedded)
			fn->tags = embedded_tags(fn->embedded->text);
		if (!fn->priority)
			fn->priority = f->is_library ? 1 : 0;
	}
	for (i = 0; i < f->embeds.len; i++)
		vec_push(&el->p->embeds, f->embeds.items[i]);
	for (i = 0; i < f->aliases.len; i++) {
		struct probe_alias *al = f->aliases.items[i];
		unsigned k;

		for (k = 0; k < al->nnames; k++) {
			struct alias_ref *r = arena_new(el->a, struct alias_ref);

			r->alias = al;
			r->name = k;
			vec_push(&el->alias_buckets[alias_bucket(
					al->names[k]->comps[0].name)], r);
		}
	}
}

unsigned alias_bucket(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % ALIAS_BUCKETS;
}

/* Parse the library files that may define name; true if any was new. */
bool elab_load_library_symbol(struct elab *el, enum tsym_kind kind,
			      const char *name)
{
	struct tapset_index *idx = el->idx;
	bool any = false;
	size_t i;

	for (i = 0; idx && i < idx->nsyms; i++) {
		const struct tsym *t = &idx->syms[i];
		struct stapfile *f;

		if (t->kind != kind || strcmp(t->name, name) || idx->tried[t->file])
			continue;
		f = tapset_parse_index_file(el->s, idx, t->file);
		if (f) {
			elab_add_file(el, f);
			any = true;
		}
	}
	return any;
}

/* A private symbol is visible from the tokens of its own file only. */
static bool visible(const struct stapfile *owner, bool is_private,
		    const struct token *from)
{
	return !is_private || (owner && from && owner->src == from->pos.file);
}

static struct vardecl *find_global(struct elab *el, const char *name,
				   const struct token *from)
{
	do {
		size_t i;

		for (i = 0; i < el->globals.len; i++) {
			struct vardecl *v = el->globals.items[i];

			if (!strcmp(v->name, name) && visible(v->file, v->is_private, from))
				return v;
		}
	} while (elab_load_library_symbol(el, TSYM_GLOBAL, name));
	return NULL;
}

/* Mark a global used: it joins prog->globals once. */
static void use_global(struct elab *el, struct vardecl *v)
{
	size_t i;

	for (i = 0; i < el->p->globals.len; i++)
		if (el->p->globals.items[i] == v)
			return;
	v->index = (unsigned)el->p->globals.len;
	vec_push(&el->p->globals, v);
}

static struct vardecl *find_local(struct scope *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->nparams; i++)
		if (!strcmp(sc->params[i]->name, name))
			return sc->params[i];
	for (i = 0; i < sc->locals.len; i++) {
		struct vardecl *v = sc->locals.items[i];

		if (!strcmp(v->name, name))
			return v;
	}
	return NULL;
}

/*
 * A symbol: parameter, local, or global; otherwise a new local, unless
 * it is used as an array (arity > 0), which only globals can be.
 */
static void resolve_symbol(struct elab *el, struct scope *sc, struct expr *e,
			   int arity)
{
	struct vardecl *v;

	if (e->var)
		return;
	v = find_local(sc, e->u.name);
	if (!v) {
		v = find_global(el, e->u.name, e->tok);
		if (v)
			use_global(el, v);
	}
	if (!v && arity > 0) {
		sem_error("unresolved-array", e->tok,
			  "unresolved arity-%d global array %s, missing global declaration?",
			  arity, e->u.name);
		return;
	}
	if (!v) {
		v = new_var(el, VAR_LOCAL, e->u.name, e->tok);
		v->index = (unsigned)sc->locals.len;
		vec_push(&sc->locals, v);
	}
	e->var = v;
}

static void check_arity(struct vardecl *v, int arity, const struct token *tok)
{
	if (!v || arity < 0)
		return;
	if (v->kind != VAR_GLOBAL && !v->arity_tok) {
		/* A local is a scalar from its first use. */
		v->arity = 0;
		v->arity_tok = v->tok;
	}
	if (v->arity < 0) {
		v->arity = arity;
		v->arity_tok = tok;
		return;
	}
	if (v->arity != arity) {
		sem_error("arity", tok, "inconsistent arity (%d vs %d)", v->arity, arity);
		sem_error("arity-first", v->arity_tok ? v->arity_tok : v->tok,
			  "arity %d first inferred here", v->arity);
	}
}

/* An array base or scalar symbol with a known use arity. */
static void resolve_var_use(struct elab *el, struct scope *sc, struct expr *e,
			    int arity)
{
	if (e->kind != EXPR_SYMBOL) {
		resolve_expr(el, sc, e);
		return;
	}
	resolve_symbol(el, sc, e, arity);
	check_arity(e->var, arity, e->tok);
}

/*
 * delete x: x must be a global or a local already seen (upstream looks
 * for it without making a new local, and not among the parameters).
 */
static void resolve_delete_symbol(struct elab *el, struct scope *sc,
				  struct expr *e)
{
	struct vardecl *v = find_local(sc, e->u.name);

	if (v && v->kind == VAR_PARAM)
		v = NULL;
	if (!v && !e->var && !find_global(el, e->u.name, e->tok)) {
		sem_error("delete-unresolved", e->tok,
			  "unresolved array in delete statement");
		return;
	}
	resolve_var_use(el, sc, e, -1);
}

static void resolve_list(struct elab *el, struct scope *sc,
			 struct expr_list *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->v[i])
			resolve_expr(el, sc, l->v[i]);
}

/* The functions named name visible from file, loading the library's. */
static void find_functions(struct elab *el, const char *name,
			   const struct token *from, struct vec *out)
{
	size_t i, j;

	for (;;) {
		for (i = 0; i < el->files.len; i++) {
			struct stapfile *f = el->files.items[i];

			for (j = 0; j < f->functions.len; j++) {
				struct function *fn = f->functions.items[j];

				if (!strcmp(fn->name, name) &&
				    visible(f, fn->is_private, from))
					vec_push(out, fn);
			}
		}
		if (out->len || !elab_load_library_symbol(el, TSYM_FUNCTION, name))
			return;
	}
}

/* Upstream's suggestion list: closest names by edit distance. */
static unsigned levenshtein(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j;
	unsigned *row = xcalloc(m + 1, sizeof(*row)), r;

	for (j = 0; j <= m; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= n; i++) {
		unsigned diag_ = row[0];

		row[0] = (unsigned)i;
		for (j = 1; j <= m; j++) {
			unsigned up = row[j], best = diag_ + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag_ = up;
			row[j] = best;
		}
	}
	r = row[m];
	free(row);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * " (similar: a, b)" or "": the 5 closest names, ties in sorted order
 * (upstream iterates a sorted set).
 */
const char *similar_names(struct arena *a, const char *target,
			  struct vec *names)
{
	const char *best[6];
	unsigned score[6], n = 0, i, k;
	struct strbuf sb = STRBUF_INIT;
	const char *r;

	if (names->len)
		qsort(names->items, names->len, sizeof(void *), cmp_str);
	for (i = 0; i < names->len; i++) {
		const char *c = names->items[i];
		unsigned d;

		if (!*c || (i && !strcmp(c, names->items[i - 1])))
			continue;
		d = levenshtein(target, c);
		for (k = n; k > 0 && score[k - 1] > d; k--) {
			best[k] = best[k - 1];
			score[k] = score[k - 1];
		}
		best[k] = c;
		score[k] = d;
		if (n < 5)
			n++;
	}
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : " (similar: ", best[i]);
	if (n)
		strbuf_addc(&sb, ')');
	r = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

static void use_function(struct elab *el, struct function *fn)
{
	if (fn->used)
		return;
	fn->used = true;
	vec_push(&el->work, fn);
}

static int cmp_priority(const void *a, const void *b)
{
	const struct function *x = *(struct function *const *)a;
	const struct function *y = *(struct function *const *)b;

	return (x->priority > y->priority) - (x->priority < y->priority);
}

static void resolve_call(struct elab *el, struct scope *sc, struct expr *e)
{
	struct vec all = { 0 }, same = { 0 };
	size_t i;

	resolve_list(el, sc, &e->u.call.args);
	find_functions(el, e->u.call.name, e->tok, &all);
	if (!all.len) {
		struct vec names = { 0 };
		size_t j;

		for (i = 0; i < el->files.len; i++) {
			struct stapfile *f = el->files.items[i];

			for (j = 0; j < f->functions.len; j++)
				vec_push(&names, (void *)((struct function *)f->functions.items[j])->name);
		}
		for (i = 0; el->idx && i < el->idx->nsyms; i++)
			if (el->idx->syms[i].kind == TSYM_FUNCTION)
				vec_push(&names, (void *)el->idx->syms[i].name);
		sem_error("unresolved-function", e->tok, "unresolved function %s%s",
			  e->u.call.name, similar_names(el->a, e->u.call.name, &names));
		vec_free(&names);
		return;
	}
	for (i = 0; i < all.len; i++) {
		struct function *fn = all.items[i];

		if (fn->nparams == e->u.call.args.n)
			vec_push(&same, fn);
	}
	if (!same.len) {
		struct function *last = all.items[all.len - 1];

		sem_error2("arity-mismatch", e->tok, last->tok,
			   "arity mismatch found (function '%s' takes %u args)",
			   e->u.call.name, last->nparams);
		vec_free(&all);
		return;
	}
	/* Overloads of one arity run in priority order, chained by next. */
	qsort(same.items, same.len, sizeof(void *), cmp_priority);
	for (i = 0; i < same.len; i++) {
		struct function *fn = same.items[i];

		fn->next_overload = i + 1 < same.len ? same.items[i + 1] : NULL;
		use_function(el, fn);
	}
	e->fn = same.items[0];
	/* A library function marked guru needs -g at its call, too. */
	if ((e->fn->tags & FN_GURU) && !el->s->guru)
		sem_error("guru-fn", e->tok,
			  "function may not be used unless -g is specified");
	vec_free(&all);
	vec_free(&same);
}

static void find_target(struct expr *e, void *ctx)
{
	if (e->kind == EXPR_TARGET)
		*(bool *)ctx = true;
}

static bool has_target(struct expr *e)
{
	bool found = false;

	walk_expr(e, find_target, &found);
	return found;
}

void resolve_expr(struct elab *el, struct scope *sc, struct expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case EXPR_NUMBER: case EXPR_STRING: case EXPR_PERF: case EXPR_CONST:
	case EXPR_EMBEDDED:
		break;
	case EXPR_SYMBOL:
		resolve_var_use(el, sc, e, 0);
		break;
	case EXPR_PROBEWRITE:
		break;
	case EXPR_TARGET:
		if (e->u.target.operand)
			resolve_expr(el, sc, e->u.target.operand);
		break;
	case EXPR_UNARY: case EXPR_PREINC: case EXPR_POSTINC:
		resolve_expr(el, sc, e->u.unary.operand);
		break;
	case EXPR_BINARY: case EXPR_LOGICAL: case EXPR_COMPARE:
	case EXPR_CONCAT: case EXPR_REGEX: case EXPR_ASSIGN:
		/* Left first, as upstream: it fixes the order of globals. */
		resolve_expr(el, sc, e->u.binary.left);
		resolve_expr(el, sc, e->u.binary.right);
		break;
	case EXPR_TERNARY:
		resolve_expr(el, sc, e->u.ternary.cond);
		resolve_expr(el, sc, e->u.ternary.yes);
		resolve_expr(el, sc, e->u.ternary.no);
		break;
	case EXPR_IN:
		resolve_list(el, sc, &e->u.in.keys);
		resolve_var_use(el, sc, e->u.in.array, (int)e->u.in.keys.n);
		break;
	case EXPR_INDEX:
		resolve_list(el, sc, &e->u.index.keys);
		resolve_var_use(el, sc, e->u.index.base, (int)e->u.index.keys.n);
		break;
	case EXPR_CALL:
		resolve_call(el, sc, e);
		break;
	case EXPR_PRINT:
		resolve_expr(el, sc, e->u.print.format);
		resolve_expr(el, sc, e->u.print.delim);
		resolve_list(el, sc, &e->u.print.args);
		break;
	case EXPR_STAT:
		/* @count(x) names a scalar statistic: arity 0. */
		resolve_var_use(el, sc, e->u.stat.operand, 0);
		resolve_expr(el, sc, e->u.stat.shift);
		break;
	case EXPR_HIST:
		resolve_var_use(el, sc, e->u.hist.operand, 0);
		break;
	case EXPR_DEFINED:
		/*
		 * No probe family of ours offers context variables yet, so a
		 * target expression is never defined: @defined folds to 0.
		 */
		if (has_target(e->u.operand)) {
			e->kind = EXPR_NUMBER;
			e->u.num = 0;
			break;
		}
		resolve_expr(el, sc, e->u.operand);
		break;
	case EXPR_ENTRY:
		resolve_expr(el, sc, e->u.operand);
		break;
	case EXPR_REGISTER:
		resolve_expr(el, sc, e->u.reg.regno);
		break;
	case EXPR_DEREF:
		resolve_expr(el, sc, e->u.deref.size);
		resolve_expr(el, sc, e->u.deref.addr);
		break;
	}
}

/* Does this statement write variable v (store, <<<, ++, delete)? */
struct modify_ctx {
	const struct vardecl *v;
	const struct token *at;
};

static const struct vardecl *written_var(const struct expr *l)
{
	if (l->kind == EXPR_INDEX)
		l = l->u.index.base;
	return l->kind == EXPR_SYMBOL ? l->var : NULL;
}

static void find_modify(struct expr *e, void *ctx)
{
	struct modify_ctx *m = ctx;
	const struct expr *l = NULL;

	if (m->at)
		return;
	if (e->kind == EXPR_ASSIGN)
		l = e->u.binary.left;
	else if (e->kind == EXPR_PREINC || e->kind == EXPR_POSTINC)
		l = e->u.unary.operand;
	if (l && written_var(l) == m->v)
		m->at = l->kind == EXPR_INDEX ? l->u.index.base->tok : l->tok;
}

static void find_modify_stmt(struct stmt *st, struct modify_ctx *m)
{
	unsigned i;

	if (!st || m->at)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			find_modify_stmt(st->u.block.v[i], m);
		break;
	case STMT_DELETE:
		if (written_var(st->u.expr) == m->v)
			m->at = st->u.expr->kind == EXPR_INDEX ?
				st->u.expr->u.index.base->tok : st->u.expr->tok;
		break;
	case STMT_EXPR: case STMT_RETURN:
		walk_expr(st->u.expr, find_modify, m);
		break;
	case STMT_IF:
		walk_expr(st->u.if_.cond, find_modify, m);
		find_modify_stmt(st->u.if_.then, m);
		find_modify_stmt(st->u.if_.else_, m);
		break;
	case STMT_WHILE: case STMT_FOR:
		find_modify_stmt(st->u.loop.init, m);
		walk_expr(st->u.loop.cond, find_modify, m);
		find_modify_stmt(st->u.loop.incr, m);
		find_modify_stmt(st->u.loop.body, m);
		break;
	case STMT_FOREACH:
		find_modify_stmt(st->u.foreach.body, m);
		break;
	case STMT_TRY:
		find_modify_stmt(st->u.try_.body, m);
		find_modify_stmt(st->u.try_.handler, m);
		break;
	default:
		break;
	}
}

/* An array may not change while foreach walks it (upstream's rule). */
static void check_foreach_modify(struct stmt *st)
{
	struct expr *arr = st->u.foreach.array;
	struct modify_ctx m = { NULL, NULL };

	if (arr->kind != EXPR_SYMBOL || !arr->var)
		return;
	m.v = arr->var;
	find_modify_stmt(st->u.foreach.body, &m);
	if (m.at)
		sem_error("foreach-modify", m.at,
			  "variable '%s' modified during 'foreach' iteration",
			  arr->u.name);
}

static void resolve_foreach(struct elab *el, struct scope *sc, struct stmt *st)
{
	unsigned i;
	struct expr *arr = st->u.foreach.array;

	if (arr->kind == EXPR_SYMBOL)
		resolve_var_use(el, sc, arr, (int)st->u.foreach.keys.n);
	else
		resolve_expr(el, sc, arr);
	resolve_list(el, sc, &st->u.foreach.slice);
	for (i = 0; i < st->u.foreach.keys.n; i++)
		resolve_var_use(el, sc, st->u.foreach.keys.v[i], 0);
	if (st->u.foreach.value)
		resolve_var_use(el, sc, st->u.foreach.value, 0);
	resolve_expr(el, sc, st->u.foreach.limit);
	resolve_stmt(el, sc, st->u.foreach.body);
	check_foreach_modify(st);
}

void resolve_stmt(struct elab *el, struct scope *sc, struct stmt *st)
{
	unsigned i;

	if (!st)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			resolve_stmt(el, sc, st->u.block.v[i]);
		break;
	case STMT_EXPR: case STMT_RETURN:
		resolve_expr(el, sc, st->u.expr);
		break;
	case STMT_DELETE: {
		struct expr *e = st->u.expr;

		/* delete a: the whole array (any arity) or a scalar. */
		if (e->kind == EXPR_SYMBOL)
			resolve_delete_symbol(el, sc, e);
		else if (e->kind == EXPR_INDEX)
			resolve_expr(el, sc, e);
		else
			sem_error("delete-operand", e->tok,
				  "invalid operand of delete expression");
		break;
	}
	case STMT_IF:
		resolve_expr(el, sc, st->u.if_.cond);
		resolve_stmt(el, sc, st->u.if_.then);
		resolve_stmt(el, sc, st->u.if_.else_);
		break;
	case STMT_WHILE: case STMT_FOR:
		resolve_stmt(el, sc, st->u.loop.init);
		resolve_expr(el, sc, st->u.loop.cond);
		resolve_stmt(el, sc, st->u.loop.incr);
		resolve_stmt(el, sc, st->u.loop.body);
		break;
	case STMT_FOREACH:
		resolve_foreach(el, sc, st);
		break;
	case STMT_TRY:
		resolve_stmt(el, sc, st->u.try_.body);
		if (st->u.try_.var)
			resolve_var_use(el, sc, st->u.try_.var, 0);
		resolve_stmt(el, sc, st->u.try_.handler);
		break;
	case STMT_NULL: case STMT_BREAK: case STMT_CONTINUE: case STMT_NEXT:
		break;
	}
}

void freeze_locals(struct elab *el, struct scope *sc, struct vardecl ***v,
		   unsigned *n)
{
	struct vec f = vec_freeze(el->a, &sc->locals);

	*v = (struct vardecl **)f.items;
	*n = (unsigned)f.len;
}

/* Overload numbers: the position among same-named functions, in order. */
static void number_overload(struct elab *el, struct function *fn)
{
	unsigned k = 0;
	size_t i, j;

	for (i = 0; i < el->files.len; i++) {
		struct stapfile *f = el->files.items[i];

		for (j = 0; j < f->functions.len; j++) {
			struct function *o = f->functions.items[j];

			if (o == fn)
				goto done;
			if (!strcmp(o->name, fn->name) && o->is_private == fn->is_private)
				k++;
		}
	}
done:
	fn->overload = k;
	fn->cname = fn->is_private ?
		arena_printf(el->a, "__private_%s%s__overload_%u",
			     private_prefix(el, fn->file), fn->name, k) :
		arena_printf(el->a, "__global_%s__overload_%u", fn->name, k);
}

static void resolve_function(struct elab *el, struct function *fn)
{
	struct scope sc = { .file = fn->file, .in_function = true };
	unsigned i;

	fn->pvars = arena_alloc(el->a, (fn->nparams + 1) * sizeof(*fn->pvars));
	for (i = 0; i < fn->nparams; i++) {
		struct vardecl *v = new_var(el, VAR_PARAM, fn->params[i].name,
					    fn->params[i].tok);

		v->type = fn->params[i].type;
		if (v->type) {
			v->type_tok = fn->params[i].tok;
			v->type_declared = true;
		}
		v->index = i;
		fn->pvars[i] = v;
	}
	sc.params = fn->pvars;
	sc.nparams = fn->nparams;
	/*
	 * Unprivileged users (--privilege=stapusr) may run embedded C only
	 * where the library says it is safe for them; script code is safe.
	 */
	if (fn->embedded && !strcmp(el->s->privilege, "stapusr") &&
	    !(fn->tags & (FN_UNPRIVILEGED | FN_MYPROC)))
		sem_error("privilege-fn", fn->tok,
			  "function may not be used when --privilege=stapusr is specified");
	number_overload(el, fn);
	fn->typed = fn->rettype != TYPE_UNKNOWN;
	if (fn->body)
		resolve_stmt(el, &sc, fn->body);
	freeze_locals(el, &sc, &fn->locals, &fn->nlocals);
}

/* The functions used since the last call (resolving may add more). */
void resolve_functions(struct elab *el)
{
	for (; el->work_done < el->work.len; el->work_done++) {
		struct function *fn = el->work.items[el->work_done];

		resolve_function(el, fn);
		vec_push(&el->p->functions, fn);
	}
}
