// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * optimize.c - the optimizations whose warnings users see, as upstream:
 *   - "never-assigned local variable 'y'" for locals read, never written
 *     (and the same for globals);
 *   - "Eliding assignment to 'x'" for stores to locals never read: x = e
 *     becomes e;
 *   - "Eliding side-effect-free expression" for expression statements
 *     that do nothing;
 *   - "Probe 'begin' has been elided" for probes left empty;
 *   - functions, locals and globals no longer referenced are dropped,
 *     in rounds as upstream's (see "again" below for what a round leaves).
 * -u keeps the program as written, without these warnings (upstream's
 * variable check is one of the optimizations -u turns off).
 */
#include "elab_int.h"
#include "semerr.h"

#include <string.h>

/* --- variable usage ------------------------------------------------------ */

static void clear_usage(struct vardecl **v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		v[i]->read = v[i]->written = false;
}

/* Mark the variable an lvalue names as written. */
static void mark_written(struct expr *e)
{
	if (e->kind == EXPR_INDEX)
		e = e->u.index.base;
	if (e->kind == EXPR_SYMBOL && e->var)
		e->var->written = true;
}

static void mark_read(struct expr *e)
{
	if (e->kind == EXPR_INDEX)
		e = e->u.index.base;
	if (e->kind == EXPR_SYMBOL && e->var)
		e->var->read = true;
}

static void note_use(struct expr *e, void *ctx)
{
	(void)ctx;
	switch (e->kind) {
	case EXPR_SYMBOL:
		if (e->var)
			e->var->read = true;
		break;
	case EXPR_ASSIGN:
		mark_written(e->u.binary.left);
		break;
	case EXPR_PREINC: case EXPR_POSTINC:
		mark_written(e->u.unary.operand);
		break;
	default:
		break;
	}
}

/*
 * read: the variable's value is used somewhere.  A plain "x = e" store
 * does not read x, so the left side of '=' and '<<<' is not counted.
 */
static void count_stmt(struct stmt *st);

static void count_expr(struct expr *e);

/* The global an lvalue names, or NULL. */
static struct vardecl *global_of(struct expr *l)
{
	if (l->kind == EXPR_INDEX)
		l = l->u.index.base;
	return l->kind == EXPR_SYMBOL && l->var &&
		l->var->kind == VAR_GLOBAL ? l->var : NULL;
}

/*
 * g++ or g += e as a statement, g a global: upstream counts a pure write
 * (so g is shown at exit if nothing else reads it).  Locals stay read.
 */
static bool count_global_update(struct expr *e)
{
	struct expr *l;
	unsigned i;

	if (e->kind == EXPR_PREINC || e->kind == EXPR_POSTINC)
		l = e->u.unary.operand;
	else if (e->kind == EXPR_ASSIGN && strcmp(e->u.binary.op, "=") &&
		 strcmp(e->u.binary.op, "<<<"))
		l = e->u.binary.left;
	else
		return false;
	if (!global_of(l))
		return false;
	mark_written(l);
	if (l->kind == EXPR_INDEX)
		for (i = 0; i < l->u.index.keys.n; i++)
			walk_expr(l->u.index.keys.v[i], note_use, NULL);
	if (e->kind == EXPR_ASSIGN)
		count_expr(e->u.binary.right);
	return true;
}

static void count_expr(struct expr *e)
{
	if (!e)
		return;
	if (e->kind == EXPR_ASSIGN && (!strcmp(e->u.binary.op, "=") ||
				       !strcmp(e->u.binary.op, "<<<"))) {
		struct expr *l = e->u.binary.left;

		mark_written(l);
		if (l->kind == EXPR_INDEX) {
			unsigned i;

			for (i = 0; i < l->u.index.keys.n; i++)
				walk_expr(l->u.index.keys.v[i], note_use, NULL);
		}
		count_expr(e->u.binary.right);
		return;
	}
	walk_expr(e, note_use, NULL);
}

static void count_stmt(struct stmt *st)
{
	unsigned i;

	if (!st)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			count_stmt(st->u.block.v[i]);
		break;
	case STMT_EXPR:
		if (!count_global_update(st->u.expr))
			count_expr(st->u.expr);
		break;
	case STMT_RETURN:
		count_expr(st->u.expr);
		break;
	case STMT_DELETE:	/* upstream counts a read too */
		mark_written(st->u.expr);
		mark_read(st->u.expr);
		if (st->u.expr->kind == EXPR_INDEX)
			for (i = 0; i < st->u.expr->u.index.keys.n; i++)
				count_expr(st->u.expr->u.index.keys.v[i]);
		break;
	case STMT_IF:
		count_expr(st->u.if_.cond);
		count_stmt(st->u.if_.then);
		count_stmt(st->u.if_.else_);
		break;
	case STMT_WHILE: case STMT_FOR:
		count_stmt(st->u.loop.init);
		count_expr(st->u.loop.cond);
		count_stmt(st->u.loop.incr);
		count_stmt(st->u.loop.body);
		break;
	case STMT_FOREACH:
		/* The loop writes its key and value variables. */
		for (i = 0; i < st->u.foreach.keys.n; i++)
			mark_written(st->u.foreach.keys.v[i]);
		if (st->u.foreach.value)
			mark_written(st->u.foreach.value);
		count_expr(st->u.foreach.array);
		for (i = 0; i < st->u.foreach.slice.n; i++)
			count_expr(st->u.foreach.slice.v[i]);
		count_expr(st->u.foreach.limit);
		count_stmt(st->u.foreach.body);
		break;
	case STMT_TRY:
		count_stmt(st->u.try_.body);
		if (st->u.try_.var)
			mark_written(st->u.try_.var);
		count_stmt(st->u.try_.handler);
		break;
	case STMT_NULL: case STMT_BREAK: case STMT_CONTINUE: case STMT_NEXT:
		break;
	}
}

static void count_all(struct elab *el, bool with_init)
{
	struct program *p = el->p;
	size_t i;

	clear_usage((struct vardecl **)p->globals.items, (unsigned)p->globals.len);
	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		clear_usage(dp->locals, dp->nlocals);
		count_stmt(dp->body);
		count_expr(dp->cond);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		clear_usage(fn->locals, fn->nlocals);
		clear_usage(fn->pvars, fn->nparams);
		count_stmt(fn->body);
	}
	for (i = 0; with_init && i < p->globals.len; i++) {
		struct vardecl *v = p->globals.items[i];

		if (v->init)
			v->written = true;
	}
}

/* --- never-assigned warnings --------------------------------------------- */

static void warn_unassigned(struct elab *el, struct vardecl **v, unsigned n,
			    struct stmt *body)
{
	unsigned i, j;

	for (i = 0; i < n; i++) {
		struct vec names = { 0 };
		size_t g;

		if (!v[i]->read || v[i]->written)
			continue;
		for (j = 0; j < n; j++)
			if (j != i)
				vec_push(&names, (void *)v[j]->name);
		for (g = 0; g < el->p->globals.len; g++)
			vec_push(&names, (void *)((struct vardecl *)el->p->globals.items[g])->name);
		sem_warning(v[i]->tok, "never-assigned local variable '%s'%s",
			    v[i]->name, similar_names(el->a, v[i]->name, &names));
		vec_free(&names);
	}
	(void)body;
}

/* Upstream's order: each probe's locals, each function's, the globals. */
static void warn_all_unassigned(struct elab *el)
{
	struct program *p = el->p;
	size_t i;

	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		warn_unassigned(el, dp->locals, dp->nlocals, dp->body);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		warn_unassigned(el, fn->locals, fn->nlocals, fn->body);
	}
	for (i = 0; i < p->globals.len; i++) {
		struct vardecl *v = p->globals.items[i];
		struct vec names = { 0 };
		size_t g;

		if (!v->read || v->written)
			continue;
		for (g = 0; g < p->globals.len; g++)
			vec_push(&names, (void *)((struct vardecl *)p->globals.items[g])->name);
		sem_warning(v->tok, "never-assigned global variable '%s'%s",
			    v->name, similar_names(el->a, v->name, &names));
		vec_free(&names);
	}
}

/* --- elision ------------------------------------------------------------- */

static bool fn_pure(struct function *fn);

/* Does a statement-level expression do anything? */
static void side_effect_probe(struct expr *e, void *ctx)
{
	bool *found = ctx;

	switch (e->kind) {
	case EXPR_ASSIGN: case EXPR_PREINC: case EXPR_POSTINC:
	case EXPR_TARGET: case EXPR_DEREF: case EXPR_REGISTER:
		*found = true;
		break;
	case EXPR_PRINT:	/* sprint and friends only make a string */
		*found |= e->u.print.name[0] != 's';
		break;
	case EXPR_EMBEDDED:	/* none if marked pure */
		if (!strstr(e->u.str, "/* pure */"))
			*found = true;
		break;
	case EXPR_CALL:
		if (!e->fn || !fn_pure(e->fn))
			*found = true;
		break;
	default:
		break;
	}
}

static bool has_side_effects(struct expr *e)
{
	bool found = false;

	walk_expr(e, side_effect_probe, &found);
	return found;
}

/*
 * Purity of a function, for eliding calls whose value is unused: an
 * embedded-C one must say so; a script one must not write globals,
 * print, run embedded C or call impure functions (its locals are its
 * own business).  Recursion is assumed pure until shown otherwise.
 */
struct purity {
	bool impure;
};

static bool writes_global(struct expr *l)
{
	if (l->kind == EXPR_INDEX)
		l = l->u.index.base;
	return l->kind != EXPR_SYMBOL || !l->var || l->var->kind == VAR_GLOBAL;
}

static void purity_probe(struct expr *e, void *ctx)
{
	struct purity *p = ctx;

	switch (e->kind) {
	case EXPR_ASSIGN:
		p->impure |= writes_global(e->u.binary.left);
		break;
	case EXPR_PREINC: case EXPR_POSTINC:
		p->impure |= writes_global(e->u.unary.operand);
		break;
	case EXPR_PRINT:
		p->impure |= e->u.print.name[0] != 's';
		break;
	case EXPR_TARGET: case EXPR_DEREF: case EXPR_REGISTER:
		p->impure = true;
		break;
	case EXPR_EMBEDDED:
		p->impure |= !strstr(e->u.str, "/* pure */");
		break;
	case EXPR_CALL:
		p->impure |= !e->fn || !fn_pure(e->fn);
		break;
	default:
		break;
	}
}

static void purity_stmt(struct stmt *st, struct purity *p)
{
	unsigned i;

	if (!st || p->impure)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			purity_stmt(st->u.block.v[i], p);
		return;
	case STMT_DELETE:
		p->impure |= writes_global(st->u.expr);
		return;
	case STMT_IF:
		walk_expr(st->u.if_.cond, purity_probe, p);
		purity_stmt(st->u.if_.then, p);
		purity_stmt(st->u.if_.else_, p);
		return;
	case STMT_WHILE: case STMT_FOR:
		purity_stmt(st->u.loop.init, p);
		walk_expr(st->u.loop.cond, purity_probe, p);
		purity_stmt(st->u.loop.incr, p);
		purity_stmt(st->u.loop.body, p);
		return;
	case STMT_FOREACH:
		walk_expr(st->u.foreach.limit, purity_probe, p);
		purity_stmt(st->u.foreach.body, p);
		return;
	case STMT_TRY:
		purity_stmt(st->u.try_.body, p);
		purity_stmt(st->u.try_.handler, p);
		return;
	case STMT_EXPR: case STMT_RETURN:
		walk_expr(st->u.expr, purity_probe, p);
		return;
	default:
		return;
	}
}

static bool fn_pure(struct function *fn)
{
	struct purity p = { false };

	if (fn->embedded)
		return fn->tags & FN_PURE;
	if (fn->purity)
		return fn->purity != 3;
	fn->purity = 1;
	purity_stmt(fn->body, &p);
	fn->purity = p.impure ? 3 : 2;
	return !p.impure;
}

/*
 * Elision runs in rounds, as upstream's relaxation loop: each round drops
 * the functions and variables nothing refers to any more, then elides dead
 * stores and dead statements.  Only some elisions ask for another round
 * (again): a store or an expression statement elided, a nested block
 * flattened, a literal condition folded, code after next/return dropped,
 * a function dropped.  Empty blocks, side-effect-free if/for/foreach
 * statements, empty try blocks and unused catch variables go without one,
 * so what they alone left unreferenced stays declared (a global read only
 * in an elided foreach keeps its unknown type and fails type checking, as
 * upstream's does).  Only the first round tells.
 */
static bool quiet, again;
static struct arena *arena;	/* for flattened blocks */

/* x = e, x <<< e with x a local nobody reads: keep only e. */
static struct expr *elide_dead_store(struct expr *e)
{
	struct expr *l;

	if (e->kind != EXPR_ASSIGN || (strcmp(e->u.binary.op, "=") &&
				       strcmp(e->u.binary.op, "<<<")))
		return e;
	l = e->u.binary.left;
	if (l->kind != EXPR_SYMBOL || !l->var || l->var->kind == VAR_GLOBAL ||
	    l->var->read)
		return e;
	if (!quiet)
		sem_warning(e->tok, "Eliding assignment to '%s'", l->u.name);
	again = true;
	return e->u.binary.right;
}

/*
 * The dead stores of a body (upstream's pass over assignments, before the
 * statements): x = e becomes e; catch (m) with m unused loses m, without
 * another round.
 */
static void elide_stores_in(struct stmt *st, void *ctx)
{
	(void)ctx;
	if (st->kind == STMT_EXPR)
		st->u.expr = elide_dead_store(st->u.expr);
	else if (st->kind == STMT_TRY && st->u.try_.var &&
		 st->u.try_.var->var && !st->u.try_.var->var->read)
		st->u.try_.var = NULL;
}

static bool elide_stmt(struct stmt *st);

static bool ends_flow(const struct stmt *st)
{
	return st->kind == STMT_NEXT || st->kind == STMT_RETURN ||
		st->kind == STMT_BREAK || st->kind == STMT_CONTINUE;
}

/*
 * Returns true if st became empty (to be dropped from its block).  A
 * nested block of one statement is that statement; one of several is
 * flattened into st; what follows next, return, break or continue is
 * dead code.
 */
static bool elide_block(struct stmt *st)
{
	struct vec out = { 0 };
	unsigned i, j;

	for (i = 0; i < st->u.block.n; i++) {
		struct stmt *s = st->u.block.v[i];

		if (elide_stmt(s))
			continue;
		while (s->kind == STMT_BLOCK && s->u.block.n == 1)
			s = s->u.block.v[0];
		if (s->kind == STMT_BLOCK) {
			for (j = 0; j < s->u.block.n; j++)
				vec_push(&out, s->u.block.v[j]);
			again = true;
		} else {
			vec_push(&out, s);
		}
		if (ends_flow(out.items[out.len - 1])) {
			if (i + 1 < st->u.block.n)
				again = true;
			break;
		}
	}
	st->u.block.n = (unsigned)out.len;
	if (out.len) {
		struct vec frozen = vec_freeze(arena, &out);

		st->u.block.v = (struct stmt **)frozen.items;
	}
	vec_free(&out);
	return st->u.block.n == 0;
}

/* A block of one statement, as a branch or loop body, is that statement. */
static void collapse(struct stmt **sp)
{
	while (*sp && (*sp)->kind == STMT_BLOCK && (*sp)->u.block.n == 1)
		*sp = (*sp)->u.block.v[0];
}

static bool empty(const struct stmt *st)
{
	return !st || (st->kind == STMT_BLOCK && !st->u.block.n) ||
		st->kind == STMT_NULL;
}

/* ---- constant folding (upstream's const_folder, silently) ---- */

static bool is_num(const struct expr *e)
{
	return e && e->kind == EXPR_NUMBER;
}

/* A string literal whose text has no escapes (so its bytes are its text). */
static bool is_plain_str(const struct expr *e)
{
	return e && e->kind == EXPR_STRING && !strchr(e->u.str, '\\');
}

/* E becomes the literal n; its operands are not needed any more. */
static unsigned folds;	/* literals computed so far */

static void set_num(struct expr *e, int64_t n)
{
	folds++;
	e->kind = EXPR_NUMBER;
	e->type = TYPE_LONG;
	e->u.num = n;
}

/*
 * l OP r for literals, with 64-bit wrap-around.  Division by zero is left
 * for run time (its error names the operator there); a shift count
 * outside 0..63 yields the left operand, as upstream folds it.
 */
static bool fold_arith(const char *op, int64_t l, int64_t r, int64_t *out)
{
	uint64_t ul = (uint64_t)l, ur = (uint64_t)r;

	if (!strcmp(op, "+"))
		*out = (int64_t)(ul + ur);
	else if (!strcmp(op, "-"))
		*out = (int64_t)(ul - ur);
	else if (!strcmp(op, "*"))
		*out = (int64_t)(ul * ur);
	else if (!strcmp(op, "/") || !strcmp(op, "%")) {
		if (r == 0)
			return false;
		if (l == INT64_MIN && r == -1)
			*out = op[0] == '/' ? INT64_MIN : 0;
		else
			*out = op[0] == '/' ? l / r : l % r;
	} else if (!strcmp(op, "&"))
		*out = l & r;
	else if (!strcmp(op, "|"))
		*out = l | r;
	else if (!strcmp(op, "^"))
		*out = l ^ r;
	else if (op[0] == '<' || op[0] == '>') {
		if (r < 0 || r > 63)
			*out = l;
		else if (!strcmp(op, "<<"))
			*out = (int64_t)(ul << r);
		else if (!strcmp(op, ">>"))
			*out = l >> r;
		else
			*out = (int64_t)(ul >> r);
	} else
		return false;
	return true;
}

static int64_t fold_compare(const char *op, int c)
{
	if (!strcmp(op, "<"))
		return c < 0;
	if (!strcmp(op, ">"))
		return c > 0;
	if (!strcmp(op, "<="))
		return c <= 0;
	if (!strcmp(op, ">="))
		return c >= 0;
	if (!strcmp(op, "=="))
		return c == 0;
	return c != 0;
}

static void fold_unary(struct expr *e)
{
	struct expr *x = e->u.unary.operand;
	const char *op = e->u.unary.op;

	if (!is_num(x))
		return;
	if (!strcmp(op, "-"))
		set_num(e, (int64_t)(0 - (uint64_t)x->u.num));
	else if (!strcmp(op, "~"))
		set_num(e, ~x->u.num);
	else if (!strcmp(op, "!"))
		set_num(e, !x->u.num);
	else if (!strcmp(op, "+"))
		set_num(e, x->u.num);
}

/*
 * && and ||: both sides literal fold; a deciding literal on the left
 * folds (0 && x, 1 || x), and on the right too when the left has no side
 * effects (x && 0, x || 1), as upstream.
 */
static void fold_logical(struct expr *e)
{
	struct expr *l = e->u.binary.left, *r = e->u.binary.right;
	bool and = !strcmp(e->u.binary.op, "&&");

	if (is_num(l) && is_num(r))
		set_num(e, and ? (l->u.num && r->u.num) : (l->u.num || r->u.num));
	else if (is_num(l) && (and ? !l->u.num : !!l->u.num))
		set_num(e, !and);
	else if (is_num(r) && (and ? !r->u.num : !!r->u.num) &&
		 !has_side_effects(l))
		set_num(e, !and);
}

static void fold_binary(struct arena *a, struct expr *e)
{
	struct expr *l = e->u.binary.left, *r = e->u.binary.right;
	int64_t n;

	switch (e->kind) {
	case EXPR_BINARY:
		if (is_num(l) && is_num(r) &&
		    fold_arith(e->u.binary.op, l->u.num, r->u.num, &n))
			set_num(e, n);
		break;
	case EXPR_COMPARE:
		if (is_num(l) && is_num(r))
			set_num(e, fold_compare(e->u.binary.op,
				(l->u.num > r->u.num) - (l->u.num < r->u.num)));
		else if (is_plain_str(l) && is_plain_str(r))
			set_num(e, fold_compare(e->u.binary.op,
						strcmp(l->u.str, r->u.str)));
		break;
	case EXPR_CONCAT:
		if (is_plain_str(l) && r && r->kind == EXPR_STRING) {
			folds++;
			e->kind = EXPR_STRING;
			e->type = TYPE_STRING;
			e->u.str = arena_printf(a, "%s%s", l->u.str, r->u.str);
		}
		break;
	case EXPR_LOGICAL:
		fold_logical(e);
		break;
	default:
		break;
	}
}

/* The type an expression has whatever its variables' types are. */
static enum type evident_type(const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER: case EXPR_BINARY: case EXPR_UNARY:
	case EXPR_COMPARE: case EXPR_LOGICAL:
		return TYPE_LONG;
	case EXPR_STRING: case EXPR_CONCAT:
		return TYPE_STRING;
	default:
		return e->type;
	}
}

/*
 * c ? 1 : "s" is not folded: upstream reports the mismatch (in the type
 * pass here) instead of computing it away.
 */
static bool branches_conflict(const struct expr *e)
{
	enum type y = evident_type(e->u.ternary.yes);
	enum type n = evident_type(e->u.ternary.no);

	return y != TYPE_UNKNOWN && n != TYPE_UNKNOWN && y != n;
}

/*
 * Literal arithmetic, comparisons, concatenations and logic are
 * computed, and c ? a : b with a literal c is a or b (upstream folds
 * these silently, after type checking).
 */
static void fold_expr(struct arena *a, struct expr **ep)
{
	struct expr *e = *ep;
	unsigned i;

	if (!e)
		return;
	switch (e->kind) {
	case EXPR_TERNARY:
		fold_expr(a, &e->u.ternary.cond);
		fold_expr(a, &e->u.ternary.yes);
		fold_expr(a, &e->u.ternary.no);
		if (e->u.ternary.cond->kind == EXPR_NUMBER &&
		    !branches_conflict(e)) {
			folds++;
			*ep = e->u.ternary.cond->u.num ? e->u.ternary.yes
						       : e->u.ternary.no;
		}
		break;
	case EXPR_UNARY: case EXPR_PREINC: case EXPR_POSTINC:
		fold_expr(a, &e->u.unary.operand);
		if (e->kind == EXPR_UNARY)
			fold_unary(e);
		break;
	case EXPR_BINARY: case EXPR_LOGICAL: case EXPR_COMPARE:
	case EXPR_CONCAT: case EXPR_REGEX: case EXPR_ASSIGN:
		fold_expr(a, &e->u.binary.left);
		fold_expr(a, &e->u.binary.right);
		fold_binary(a, e);
		break;
	case EXPR_CALL:
		for (i = 0; i < e->u.call.args.n; i++)
			fold_expr(a, &e->u.call.args.v[i]);
		break;
	case EXPR_PRINT:
		for (i = 0; i < e->u.print.args.n; i++)
			fold_expr(a, &e->u.print.args.v[i]);
		break;
	case EXPR_INDEX:
		for (i = 0; i < e->u.index.keys.n; i++)
			fold_expr(a, &e->u.index.keys.v[i]);
		break;
	default:
		break;
	}
}

/*
 * if, while and for with a literal condition: the branch taken, or
 * nothing (upstream folds these silently).  Returns true if st is gone.
 */
static bool fold_stmt(struct stmt *st)
{
	struct stmt *keep;

	if (st->kind == STMT_IF && st->u.if_.cond->kind == EXPR_NUMBER) {
		again = true;
		keep = st->u.if_.cond->u.num ? st->u.if_.then : st->u.if_.else_;
		if (!keep)
			return true;
		*st = *keep;
		return false;
	}
	if ((st->kind == STMT_WHILE || st->kind == STMT_FOR) &&
	    st->u.loop.cond && st->u.loop.cond->kind == EXPR_NUMBER &&
	    !st->u.loop.cond->u.num) {
		again = true;
		if (!st->u.loop.init)
			return true;
		*st = *st->u.loop.init;
	}
	return false;
}

/* ---- void statement reduction ---- */

static struct stmt *new_expr_stmt(struct expr *e)
{
	struct stmt *st = arena_new(arena, struct stmt);

	st->kind = STMT_EXPR;
	st->tok = e->tok;
	st->u.expr = e;
	return st;
}

static struct expr *negate(struct expr *e)
{
	struct expr *not = arena_new(arena, struct expr);

	not->kind = EXPR_UNARY;
	not->tok = e->tok;
	not->u.unary.op = "!";
	not->u.unary.operand = e;
	return not;
}

static void reduce_stmt(struct stmt *st);

/* st (an expression statement) becomes the parts of v that do something. */
static void keep_parts(struct stmt *st, struct expr **v, unsigned n)
{
	struct vec out = { 0 };
	struct vec frozen;
	unsigned i;

	for (i = 0; i < n; i++)
		if (v[i] && has_side_effects(v[i]))
			vec_push(&out, new_expr_stmt(v[i]));
	if (out.len == 1) {
		st->u.expr = ((struct stmt *)out.items[0])->u.expr;
		vec_free(&out);
		reduce_stmt(st);
		return;
	}
	for (i = 0; i < out.len; i++)
		reduce_stmt(out.items[i]);
	st->kind = STMT_BLOCK;
	st->u.block.n = (unsigned)out.len;
	frozen = vec_freeze(arena, &out);
	st->u.block.v = (struct stmt **)frozen.items;
}

/*
 * a && b as a statement is if (a) b (a || b: if (!(a)) b); c ? a : b is
 * if (c) a else b; branches doing nothing are left out.
 */
static void reduce_to_if(struct stmt *st, struct expr *cond,
			 struct expr *then, struct expr *else_)
{
	then = then && has_side_effects(then) ? then : NULL;
	else_ = else_ && has_side_effects(else_) ? else_ : NULL;
	if (!then && !else_) {
		st->u.expr = cond;
		reduce_stmt(st);
		return;
	}
	st->kind = STMT_IF;
	st->u.if_.cond = cond;
	st->u.if_.then = then ? new_expr_stmt(then) : NULL;
	st->u.if_.else_ = else_ ? new_expr_stmt(else_) : NULL;
}

/*
 * An expression statement that does something but whose value nobody
 * uses keeps only the parts that do something (upstream's void statement
 * reduction; each asks for another round): f() + x is f(), -f() is f(),
 * sprint(f()) is f(), a pure function's call is its arguments.
 */
static void reduce_stmt(struct stmt *st)
{
	struct expr *e = st->u.expr;
	struct expr *pair[2];

	switch (e->kind) {
	case EXPR_BINARY: case EXPR_COMPARE: case EXPR_CONCAT: case EXPR_REGEX:
		pair[0] = e->u.binary.left;
		pair[1] = e->u.binary.right;
		keep_parts(st, pair, 2);
		break;
	case EXPR_UNARY:
		st->u.expr = e->u.unary.operand;
		reduce_stmt(st);
		break;
	case EXPR_LOGICAL:
		reduce_to_if(st, strcmp(e->u.binary.op, "&&") ?
			     negate(e->u.binary.left) : e->u.binary.left,
			     e->u.binary.right, NULL);
		break;
	case EXPR_TERNARY:
		reduce_to_if(st, e->u.ternary.cond, e->u.ternary.yes,
			     e->u.ternary.no);
		break;
	case EXPR_PRINT:
		if (e->u.print.name[0] != 's')
			return;
		keep_parts(st, e->u.print.args.v, e->u.print.args.n);
		break;
	case EXPR_CALL:
		if (!e->fn || !fn_pure(e->fn))
			return;
		keep_parts(st, e->u.call.args.v, e->u.call.args.n);
		break;
	default:
		return;
	}
	again = true;
}

/*
 * The branches first (upstream warns inside dead ones too), then a
 * literal condition decides; with both branches empty only a condition
 * with side effects stays, as an expression statement (none of these
 * asks for another round).
 */
static bool elide_if(struct stmt *st)
{
	struct expr *cond = st->u.if_.cond;

	elide_stmt(st->u.if_.then);
	elide_stmt(st->u.if_.else_);
	collapse(&st->u.if_.then);
	collapse(&st->u.if_.else_);
	if (cond->kind == EXPR_NUMBER)
		return fold_stmt(st) || empty(st);
	if (empty(st->u.if_.then) && !empty(st->u.if_.else_)) {
		/* if (c) {} else s: if (!(c)) s, as upstream rewrites it. */
		st->u.if_.cond = negate(cond);
		st->u.if_.then = st->u.if_.else_;
		st->u.if_.else_ = NULL;
		return false;
	}
	if (!empty(st->u.if_.then) || !empty(st->u.if_.else_))
		return false;
	if (!has_side_effects(cond))
		return true;
	st->kind = STMT_EXPR;
	st->u.expr = cond;
	return false;
}

static bool elide_stmt(struct stmt *st)
{
	if (!st)
		return true;
	switch (st->kind) {
	case STMT_BLOCK:
		return elide_block(st);
	case STMT_NULL:
		return true;
	case STMT_EXPR:
		if (has_side_effects(st->u.expr)) {
			reduce_stmt(st);
			return false;
		}
		if (!quiet)
			sem_warning(st->tok, "Eliding side-effect-free expression ");
		again = true;
		return true;
	case STMT_IF:
		return elide_if(st);
	case STMT_WHILE: case STMT_FOR:
		elide_stmt(st->u.loop.body);
		elide_stmt(st->u.loop.incr);
		collapse(&st->u.loop.body);
		if (fold_stmt(st))
			return true;
		/* A loop doing nothing is dropped, even an endless one. */
		return (st->kind == STMT_WHILE || st->kind == STMT_FOR) &&
			empty(st->u.loop.body) &&
			empty(st->u.loop.incr) && !st->u.loop.init &&
			!has_side_effects(st->u.loop.cond);
	case STMT_FOREACH:
		/* A loop that does nothing is dropped, silently as upstream. */
		elide_stmt(st->u.foreach.body);
		collapse(&st->u.foreach.body);
		return empty(st->u.foreach.body) &&
			!has_side_effects(st->u.foreach.limit);
	case STMT_TRY:
		/* Nothing to catch without a body (the handler goes too). */
		if (elide_stmt(st->u.try_.body))
			return true;
		if (elide_stmt(st->u.try_.handler))
			st->u.try_.handler = NULL;
		collapse(&st->u.try_.body);
		collapse(&st->u.try_.handler);
		return false;
	default:
		return false;
	}
}

/* Keep only the variables still referenced; true if any went. */
static bool prune_vars(struct vardecl **v, unsigned *n)
{
	unsigned i, k = 0;
	bool gone;

	for (i = 0; i < *n; i++)
		if (v[i]->read || v[i]->written)
			v[k++] = v[i];
	gone = k != *n;
	*n = k;
	return gone;
}

static void fold_stmt_exprs(struct arena *a, struct stmt *st);

/*
 * One round over every body, probes first: dead stores, dead statements,
 * then literals computed (each asks for another round, as upstream's).
 */
static void elide_bodies(struct elab *el)
{
	struct program *p = el->p;
	unsigned before = folds;
	size_t i;

	for (i = 0; i < p->probes.len; i++)
		walk_stmts(((struct dprobe *)p->probes.items[i])->body,
			   elide_stores_in, NULL);
	for (i = 0; i < p->functions.len; i++)
		walk_stmts(((struct function *)p->functions.items[i])->body,
			   elide_stores_in, NULL);
	for (i = 0; i < p->probes.len; i++)
		elide_stmt(((struct dprobe *)p->probes.items[i])->body);
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		/* A body elided whole is told about (once: later rounds are quiet). */
		if (fn->body && elide_stmt(fn->body) && !quiet)
			sem_warning(fn->tok, "side-effect-free function '%s'",
				    fn->name);
	}
	for (i = 0; i < p->probes.len; i++)
		fold_stmt_exprs(el->a, ((struct dprobe *)p->probes.items[i])->body);
	for (i = 0; i < p->functions.len; i++)
		fold_stmt_exprs(el->a, ((struct function *)p->functions.items[i])->body);
	again |= folds != before;
}

/* After the rounds, as upstream: probes left empty go (conditions stay). */
static void drop_empty_probes(struct elab *el)
{
	struct program *p = el->p;
	size_t i, k = 0;

	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		if (empty(dp->body) && !dp->cond) {
			sem_warning(dp->tok, "Probe '%.*s' has been elided",
				    (int)strcspn(dp->pp, ".("), dp->pp);
			continue;
		}
		dp->index = (unsigned)k;
		p->probes.items[k++] = dp;
	}
	p->probes.len = k;
}

static bool has_next(const struct stmt *st)
{
	unsigned i;

	if (!st)
		return false;
	switch (st->kind) {
	case STMT_NEXT:
		return true;
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			if (has_next(st->u.block.v[i]))
				return true;
		return false;
	case STMT_IF:
		return has_next(st->u.if_.then) || has_next(st->u.if_.else_);
	case STMT_WHILE: case STMT_FOR:
		return has_next(st->u.loop.body);
	case STMT_FOREACH:
		return has_next(st->u.foreach.body);
	case STMT_TRY:
		return has_next(st->u.try_.body) || has_next(st->u.try_.handler);
	default:
		return false;
	}
}

/* Can this overload pass the call on to the next one? (elab.h) */
bool function_may_next(const struct function *fn)
{
	if (fn->embedded)
		return strstr(fn->embedded->text, "STAP_NEXT") != NULL;
	return has_next(fn->body);
}

/*
 * Functions still called after elision, transitively from the probes;
 * a later overload only if an earlier one may continue with `next`.
 */
static void mark_called(struct expr *e, void *ctx)
{
	struct function *fn;

	if (e->kind != EXPR_CALL)
		return;
	for (fn = e->fn; fn; fn = fn->next_overload) {
		if (!fn->used) {
			fn->used = true;
			walk_stmt(fn->body, mark_called, ctx);
		}
		if (!function_may_next(fn)) {
			if (fn->next_overload)	/* the rest is unreachable */
				*(bool *)ctx = true;
			fn->next_overload = NULL;
			break;
		}
	}
}

/*
 * Drop the functions no longer called; true if any went.  Upstream cuts
 * the unreachable overloads at the end of a round (which asks for another
 * round) and drops them in the next one (asking for one more): *cut says
 * that happened.
 */
static bool prune_functions(struct elab *el, bool *cut)
{
	struct program *p = el->p;
	size_t i, k = 0;

	for (i = 0; i < p->functions.len; i++)
		((struct function *)p->functions.items[i])->used = false;
	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		walk_stmt(dp->body, mark_called, cut);
		walk_expr(dp->cond, mark_called, cut);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		if (fn->used)
			p->functions.items[k++] = fn;
	}
	if (k == p->functions.len)
		return false;
	p->functions.len = k;
	return true;
}

/*
 * The variables nothing refers to any more (a global's initializer does not
 * count) go; true if any did.  Upstream tells "Eliding unused variable"
 * only when warnings of later rounds are shown (-vvv).
 */
static bool prune_all_vars(struct elab *el)
{
	struct program *p = el->p;
	bool gone = false;
	size_t i, k = 0;

	count_all(el, false);
	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		gone |= prune_vars(dp->locals, &dp->nlocals);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		gone |= prune_vars(fn->locals, &fn->nlocals);
	}
	for (i = 0; i < p->globals.len; i++) {
		struct vardecl *v = p->globals.items[i];

		if (v->read || v->written)
			p->globals.items[k++] = v;
	}
	gone |= k != p->globals.len;
	p->globals.len = k;
	count_all(el, true);
	return gone;
}

/*
 * Upstream's relaxation loop: rounds until one asks for no other (see
 * "again" above), then the probes left empty go.
 */
static void optimize_rounds(struct elab *el)
{
	bool cut = false, cut_before;
	unsigned round;

	for (round = 0; round < 64; round++) {
		quiet = round > 0;
		cut_before = cut;
		cut = false;
		again = prune_functions(el, &cut) || cut_before;
		again |= prune_all_vars(el);
		if (round == 0)
			warn_all_unassigned(el);
		elide_bodies(el);
		if (!again)
			break;
	}
	quiet = false;
	drop_empty_probes(el);
}

/* --- stable functions ---------------------------------------------------- */

/*
 * Calls of parameterless stable functions (pid-like values fixed for one
 * handler) get a "__stable_<cname>_value" local per body, as upstream
 * caches them; the calls themselves stay.
 */
struct stable_ctx {
	struct elab *el;
	struct vec locals;
};

static void find_stable(struct expr *e, void *ctx)
{
	struct stable_ctx *c = ctx;
	const char *name;
	struct vardecl *v;
	size_t i;

	if (e->kind != EXPR_CALL || !e->fn || !(e->fn->tags & FN_STABLE) ||
	    e->u.call.args.n)
		return;
	name = arena_printf(c->el->a, "__stable_%s_value", e->fn->cname);
	for (i = 0; i < c->locals.len; i++)
		if (!strcmp(((struct vardecl *)c->locals.items[i])->name, name))
			return;
	v = new_var(c->el, VAR_LOCAL, name, e->tok);
	v->type = e->fn->rettype;
	v->read = v->written = true;
	vec_push(&c->locals, v);
}

static void add_stable(struct elab *el, struct stmt *body,
		       struct vardecl ***locals, unsigned *n)
{
	struct stable_ctx c = { el, { 0 } };
	struct vec all = { 0 };
	unsigned i;

	walk_stmt(body, find_stable, &c);
	if (!c.locals.len)
		return;
	for (i = 0; i < *n; i++)
		vec_push(&all, (*locals)[i]);
	for (i = 0; i < c.locals.len; i++) {
		((struct vardecl *)c.locals.items[i])->index = (unsigned)all.len;
		vec_push(&all, c.locals.items[i]);
	}
	vec_free(&c.locals);
	c.locals = vec_freeze(el->a, &all);
	*locals = (struct vardecl **)c.locals.items;
	*n = (unsigned)c.locals.len;
}

static void add_all_stable(struct elab *el)
{
	struct program *p = el->p;
	size_t i;

	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		add_stable(el, dp->body, &dp->locals, &dp->nlocals);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		add_stable(el, fn->body, &fn->locals, &fn->nlocals);
	}
}

/* -u: a literal condition decides in place (a dead if becomes ';'). */
static void decide_in_place(struct stmt *st, void *ctx)
{
	(void)ctx;
	if (fold_stmt(st))
		st->kind = STMT_NULL;
}

/*
 * -u: the program as written, but for upstream's constant folding, which
 * -u leaves on: literals computed, literal conditions decided.
 */
static void fold_only(struct elab *el)
{
	struct program *p = el->p;
	size_t i;

	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		fold_stmt_exprs(el->a, dp->body);
		walk_stmts(dp->body, decide_in_place, NULL);
	}
	for (i = 0; i < p->functions.len; i++) {
		struct function *fn = p->functions.items[i];

		fold_stmt_exprs(el->a, fn->body);
		walk_stmts(fn->body, decide_in_place, NULL);
	}
}

void optimize(struct elab *el)
{
	arena = el->a;
	if (el->s->unoptimized)
		fold_only(el);
	else
		optimize_rounds(el);
	/* For autodisplay: an initializer alone is no write to show. */
	count_all(el, false);
}

/* Literal expressions folded once types are checked (fold_expr). */
static void fold_stmt_exprs(struct arena *a, struct stmt *st)
{
	unsigned i;

	if (!st)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			fold_stmt_exprs(a, st->u.block.v[i]);
		break;
	case STMT_EXPR: case STMT_RETURN:
		fold_expr(a, &st->u.expr);
		break;
	case STMT_IF:
		fold_expr(a, &st->u.if_.cond);
		fold_stmt_exprs(a, st->u.if_.then);
		fold_stmt_exprs(a, st->u.if_.else_);
		break;
	case STMT_WHILE: case STMT_FOR:
		fold_stmt_exprs(a, st->u.loop.init);
		fold_expr(a, &st->u.loop.cond);
		fold_stmt_exprs(a, st->u.loop.incr);
		fold_stmt_exprs(a, st->u.loop.body);
		break;
	case STMT_FOREACH:
		fold_stmt_exprs(a, st->u.foreach.body);
		break;
	case STMT_TRY:
		fold_stmt_exprs(a, st->u.try_.body);
		fold_stmt_exprs(a, st->u.try_.handler);
		break;
	default:
		break;
	}
}

void optimize_stable(struct elab *el)
{
	size_t i;

	if (el->s->unoptimized)
		return;
	add_all_stable(el);
	for (i = 0; i < el->p->probes.len; i++)
		fold_stmt_exprs(el->a, ((struct dprobe *)el->p->probes.items[i])->body);
	for (i = 0; i < el->p->functions.len; i++)
		fold_stmt_exprs(el->a, ((struct function *)el->p->functions.items[i])->body);
}
