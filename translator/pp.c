// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pp.c - macros and conditionals on the token stream.
 *
 * Two layers, both pulled:
 *   expand_next()  macro definitions and invocations, parameter
 *                  substitution, through a stack of token frames;
 *   pp_next()      %( %? %: %) conditionals on top of that.
 * Skipped branches are read raw: no macro is defined or expanded there.
 */
#include "pp.h"
#include "diag.h"
#include "strbuf.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Limits on macro expansion, so that a recursive macro or one that grows
 * exponentially is an error instead of a hang or running out of memory
 * (upstream has no limit).  Real scripts stay far below both.
 */
#define PP_MAX_FRAMES	1000u		/* nested bodies, arguments, invocations */
#define PP_MAX_EXPANDED	1000000u	/* tokens read from them, per file */
#define PP_SITE_BASE	100000u		/* error sites: see error_at() */

/*
 * A list of tokens being read: a macro body or an argument, or the file,
 * which is read from the lexer (lx) as it goes.
 */
struct frame {
	const struct token **v;
	size_t n, i;
	struct lexer *lx;
	const struct token *ahead;	/* lx: a token peeked at, not taken */
	const struct token *invoker;	/* @name or @param that opened it */
	const struct macro *m;		/* whose parameters apply */
	struct vec *args;		/* their values: struct vec of tokens */
	bool is_arg;
};

/* Where we are in a %( %? %: %), and whether that part is kept. */
enum cond_state {
	COND_KEEP_THEN,
	COND_SKIP_THEN,
	COND_KEEP_ELSE,
	COND_SKIP_ELSE,
};

struct cond {
	const struct token *open;	/* the %( */
	enum cond_state state;
};

struct pp {
	struct arena *a;
	const struct pp_env *env;
	struct macro_table *own;
	const struct macro_table *lib;
	struct frame *frames;
	size_t nframes, capframes;
	struct cond *conds;
	size_t nconds, capconds;
	const struct token *eof;	/* the file's end, once reached */
	size_t nexpanded;		/* tokens read from macro frames */
	size_t nreading;		/* nested read_args() calls */
	const struct token *runaway;	/* error that cut the stream short */
};

static const char *const atwords[] = {
	"avg", "cast", "const", "count", "defined", "entry", "hist_linear",
	"hist_log", "kderef", "kregister", "max", "min", "perf", "probewrite",
	"sum", "uderef", "uregister", "var", "variance",
};

bool pp_is_atword(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(atwords) / sizeof(atwords[0]); i++)
		if (strcmp(atwords[i], name) == 0)
			return true;
	return false;
}

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Hashed, because a script can define thousands of macros. */
struct macro *macro_find(const struct macro_table *t, const char *name)
{
	size_t i;

	if (!t || !t->cap)
		return NULL;
	for (i = name_hash(name) & (t->cap - 1); t->index[i];
	     i = (i + 1) & (t->cap - 1))
		if (strcmp(t->index[i]->name, name) == 0)
			return t->index[i];
	return NULL;
}

static void index_macro(struct macro_table *t, struct macro *m)
{
	size_t i = name_hash(m->name) & (t->cap - 1);

	while (t->index[i])
		i = (i + 1) & (t->cap - 1);
	t->index[i] = m;
}

/* Add m (not yet in t) to t; the index grows in arena a. */
static void macro_add(struct arena *a, struct macro_table *t, struct macro *m)
{
	size_t i;

	vec_push(&t->macros, m);
	if (2 * t->macros.len <= t->cap) {
		index_macro(t, m);
		return;
	}
	t->cap = t->cap ? 2 * t->cap : 16;
	t->index = arena_alloc(a, t->cap * sizeof(*t->index));
	for (i = 0; i < t->macros.len; i++)
		index_macro(t, t->macros.items[i]);
}

/* An error token the parser will report ("at:" about). */
static const struct token *error_at_site(struct pp *pp,
					 const struct token *about,
					 const char *msg, unsigned site)
{
	struct token *t = arena_new(pp->a, struct token);

	t->kind = TOK_JUNK;
	t->op = site;
	t->text = "";
	t->pos = about->pos;
	t->msg = msg;
	t->about = about;
	return t;
}

/*
 * The site of an error, which tells repeats apart (see diag_pp_error), is
 * where it is raised in this file: numbers apart from the parser's.
 */
#define error_at(pp, about, msg) \
	error_at_site((pp), (about), (msg), PP_SITE_BASE + __LINE__)

static void push_frame(struct pp *pp, struct frame f)
{
	if (pp->nframes == pp->capframes) {
		pp->capframes = pp->capframes ? pp->capframes * 2 : 8;
		pp->frames = xrealloc(pp->frames,
				      pp->capframes * sizeof(*pp->frames));
	}
	pp->frames[pp->nframes++] = f;
}

/*
 * Give up on a runaway expansion: remember the error, at the invocation in
 * the file that started it (the chain down here is as long as the limit),
 * and end the token stream, since the rest would only be a consequence.
 * Returns the EOF token; pp_next() reports the error.
 */
static const struct token *runaway(struct pp *pp, const struct token *t,
				   const char *msg)
{
	while (t->chain)
		t = t->chain;
	if (!pp->runaway)
		pp->runaway = error_at(pp, t, msg);
	pp->nframes = 1;
	pp->frames[0].ahead = NULL;
	pp->eof = lex_stop(pp->frames[0].lx);
	return pp->eof;
}

/* The next token of the file. */
static const struct token *file_next(struct pp *pp, struct frame *f)
{
	const struct token *t = f->ahead;

	if (t)
		f->ahead = NULL;
	else
		t = lex_next(f->lx);
	if (t->kind == TOK_EOF)
		pp->eof = t;
	return t;
}

/* The next token of the frame stack, with no macro processing. */
static const struct token *raw_next(struct pp *pp)
{
	while (pp->nframes) {
		struct frame *f = &pp->frames[pp->nframes - 1];

		if (f->lx)	/* the file frame, at the bottom */
			return file_next(pp, f);
		if (f->i < f->n) {
			const struct token *t = f->v[f->i++];
			/* Expanded tokens remember the invocation. */
			struct token *c;

			if (++pp->nexpanded > PP_MAX_EXPANDED)
				return runaway(pp, f->invoker, arena_printf(pp->a,
					"macro expansion too large (more than %u tokens)",
					PP_MAX_EXPANDED));
			c = arena_alloc_side(pp->a, sizeof(*c));
			*c = *t;
			c->chain = f->invoker;
			return c;
		}
		pp->nframes--;
	}
	return pp->eof;	/* not reached: the file frame stays */
}

static const struct token *raw_peek(struct pp *pp)
{
	size_t k = pp->nframes;

	while (k--) {
		struct frame *f = &pp->frames[k];

		if (f->lx) {
			if (!f->ahead)
				f->ahead = lex_next(f->lx);
			return f->ahead;
		}
		if (f->i < f->n)
			return f->v[f->i];
	}
	return pp->eof;
}

/* The innermost macro body frame whose parameters are in scope. */
static const struct frame *param_scope(const struct pp *pp)
{
	size_t k = pp->nframes;

	while (k--) {
		const struct frame *f = &pp->frames[k];

		if (f->lx)
			return NULL;
		if (f->i < f->n || k == pp->nframes - 1)
			return f->m && !f->is_arg ? f : NULL;
	}
	return NULL;
}

static const struct token *expand_next(struct pp *pp);

/* @define NAME [(P, ...)] %( BODY %) -- the @define token is consumed. */
static const struct token *define_macro(struct pp *pp, const struct token *def)
{
	const struct token *name = raw_next(pp), *t;
	struct macro *m;
	struct vec params = { 0 }, body = { 0 };
	int depth = 0;

	if (param_scope(pp))
		return error_at(pp, def, "'@define' forbidden inside macro body");
	if (name->kind != TOK_IDENT && name->kind != TOK_KEYWORD)
		return error_at(pp, name, "expected identifier");
	if (strcmp(name->text, "define") == 0)
		return error_at(pp, name, "attempt to redefine '@define'");
	m = macro_find(pp->own, name->text);
	if (m) {
		struct token *e = (struct token *)error_at(pp, name,
			arena_printf(pp->a, "attempt to redefine macro '@%s' in the same file",
				     name->text));

		e->also = error_at(pp, m->name_tok,
			arena_printf(pp->a, "macro '@%s' first defined here",
				     name->text));
		return e;
	}
	if (pp_is_atword(name->text))
		diag_warning_tok(name, "macro redefines built-in operator '@%s'",
				 name->text);
	t = raw_next(pp);
	if (tok_is_op(t, "(")) {
		for (;;) {
			t = raw_next(pp);
			if (t->kind != TOK_IDENT) {
				vec_free(&params);
				return error_at(pp, t, "expected identifier");
			}
			vec_push(&params, (void *)t->text);
			t = raw_next(pp);
			if (tok_is_op(t, ")"))
				break;
			if (!tok_is_op(t, ",")) {
				vec_free(&params);
				return error_at(pp, t, "expected ',' or ')'");
			}
		}
		t = raw_next(pp);
		if (!tok_is_op(t, "%(")) {
			vec_free(&params);
			return error_at(pp, t, "expected '%('");
		}
	} else if (!tok_is_op(t, "%(")) {
		return error_at(pp, t, "expected '%(' or '('");
	}
	for (;;) {
		t = raw_next(pp);
		if (t->kind == TOK_EOF) {
			vec_free(&params);
			vec_free(&body);
			return error_at(pp, name,
				"incomplete macro definition - missing '%)'");
		}
		if (tok_is_op(t, "%("))
			depth++;
		if (tok_is_op(t, "%)") && depth-- == 0)
			break;
		vec_push(&body, (void *)t);
	}
	m = arena_new(pp->a, struct macro);
	m->name_tok = name;
	m->name = name->text;
	m->nparams = (unsigned)params.len;
	m->params = (const char **)vec_freeze(pp->a, &params).items;
	m->nbody = (unsigned)body.len;
	m->body = (const struct token **)vec_freeze(pp->a, &body).items;
	macro_add(pp->a, pp->own, m);
	return NULL;
}

/*
 * Read the arguments of an invocation of m: "(" tokens, split on
 * top-level commas, ")".  Returns an error token or NULL.
 */
static const struct token *read_args(struct pp *pp, const struct macro *m,
				     const struct token *inv, struct vec **out)
{
	struct vec *args = arena_alloc(pp->a, m->nparams * sizeof(*args));
	const struct token *t = raw_peek(pp);
	unsigned k = 0;
	int depth = 0;

	if (!tok_is_op(t, "("))
		return error_at(pp, t, arena_printf(pp->a,
			"expected '(' in invocation of macro '@%s' taking %u parameter%s",
			m->name, m->nparams, m->nparams == 1 ? "" : "s"));
	expand_next(pp);
	for (;;) {
		t = expand_next(pp);
		if (t->kind == TOK_EOF)
			return error_at(pp, inv, "could not find end of macro invocation");
		if (depth == 0 && (tok_is_op(t, ",") || tok_is_op(t, ")"))) {
			k++;
			if (tok_is_op(t, ")"))
				break;
			if (k >= m->nparams)
				return error_at(pp, t, arena_printf(pp->a,
					"too many parameters for macro '@%s' (expected %u)",
					m->name, m->nparams));
			continue;
		}
		if (tok_is_op(t, "(") || tok_is_op(t, "["))
			depth++;
		else if (tok_is_op(t, ")") || tok_is_op(t, "]"))
			depth--;
		if (k < m->nparams)
			vec_push_arena(pp->a, &args[k], (void *)t);
	}
	if (k < m->nparams)
		return error_at(pp, t, arena_printf(pp->a,
			"too few parameters for macro '@%s' (expected %u)",
			m->name, m->nparams));
	*out = args;
	return NULL;
}

/* The next token with macros defined and expanded. */
static const struct token *expand_next(struct pp *pp)
{
	for (;;) {
		const struct token *t = raw_next(pp), *err;
		const struct frame *scope;
		const struct macro *m;
		struct vec *args = NULL;
		unsigned i;

		if (t->kind != TOK_OP || t->text[0] != '@')
			return t;
		if (strcmp(t->text, "@define") == 0) {
			err = define_macro(pp, t);
			if (err)
				return err;
			continue;
		}
		/* Arguments holding invocations recurse on the C stack. */
		if (pp->nframes + pp->nreading > PP_MAX_FRAMES)
			return runaway(pp, t, arena_printf(pp->a,
				"macro expansion nested too deeply (more than %u levels)",
				PP_MAX_FRAMES));
		scope = param_scope(pp);
		if (scope) {
			for (i = 0; i < scope->m->nparams; i++)
				if (strcmp(scope->m->params[i], t->text + 1) == 0)
					break;
			if (i < scope->m->nparams) {
				struct vec *arg = &scope->args[i];

				push_frame(pp, (struct frame){
					.v = (const struct token **)arg->items,
					.n = arg->len, .invoker = t,
					.is_arg = true });
				continue;
			}
		}
		m = macro_find(pp->own, t->text + 1);
		if (!m)
			m = macro_find(pp->lib, t->text + 1);
		if (!m)
			return t;
		if (m->nparams) {
			pp->nreading++;
			err = read_args(pp, m, t, &args);
			pp->nreading--;
			if (err)
				return err;
		}
		push_frame(pp, (struct frame){ .v = m->body, .n = m->nbody,
					       .invoker = t, .m = m,
					       .args = args });
	}
}

/* ---- conditionals ---- */

static bool is_cmp_op(const struct token *t)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	size_t i;

	if (t->kind != TOK_OP)
		return false;
	for (i = 0; i < 6; i++)
		if (strcmp(t->text, ops[i]) == 0)
			return true;
	return false;
}

static bool cmp_result(const char *op, int c)
{
	if (!strcmp(op, "=="))
		return c == 0;
	if (!strcmp(op, "!="))
		return c != 0;
	if (!strcmp(op, "<"))
		return c < 0;
	if (!strcmp(op, "<="))
		return c <= 0;
	if (!strcmp(op, ">"))
		return c > 0;
	return c >= 0;
}

static bool parse_num(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);	/* upstream: decimal only */
	return *s && !*end && errno == 0;
}

/* The result of "have OP want" for a version, as strverscmp orders them. */
static const struct token *eval_version(struct pp *pp, const char *have,
					const struct token *op,
					const struct token *r, bool *res)
{
	bool eq;

	if (r->kind != TOK_STRING)
		return error_at(pp, r, "expected string literal");
	if (!is_cmp_op(op))
		return error_at(pp, op, "expected comparison operator");
	eq = tok_is_op(op, "==") || tok_is_op(op, "!=");
	if (strpbrk(r->text, "*?[")) {
		if (!eq)
			return error_at(pp, op,
				"wildcard not allowed with order comparison operators");
		*res = (fnmatch(r->text, have, FNM_NOESCAPE) == 0) ==
		       tok_is_op(op, "==");
		return NULL;
	}
	*res = cmp_result(op->text, strverscmp(have, r->text));
	return NULL;
}

/* "have == want" or "!=", with want a glob (match) or not (equality). */
static const struct token *eval_equality(struct pp *pp, bool match,
					 const struct token *op, bool *res)
{
	if (tok_is_op(op, "=="))
		*res = match;
	else if (tok_is_op(op, "!="))
		*res = !match;
	else
		return error_at(pp, op, "expected '==' or '!='");
	return NULL;
}

/* A number compared as upstream does; an operator that is none is an error. */
static const struct token *eval_numbers(struct pp *pp, long long a,
					const struct token *op, long long b,
					bool *res)
{
	if (!is_cmp_op(op))
		return error_at(pp, op, "expected comparison operator");
	*res = cmp_result(op->text, a < b ? -1 : a > b);
	return NULL;
}

static const char *config_value(struct pp *pp, const char *name)
{
	const char *v = NULL;

	if (pp->env->config)
		v = pp->env->config(pp->env->config_ctx, name);
	return v ? v : "";
}

/* A whole .config value as a number, in any C base. */
static bool config_num(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	return *s && !*end && errno == 0;
}

static const struct token *eval_config(struct pp *pp, const struct token *l,
				       const struct token *op,
				       const struct token *r, bool *res)
{
	const char *lv = config_value(pp, l->text), *rv;
	long long a, b;

	if (r->kind == TOK_STRING)
		return eval_equality(pp, fnmatch(r->text, lv, FNM_NOESCAPE) == 0,
				     op, res);
	if (r->kind == TOK_NUMBER) {
		if (!config_num(lv, &a))
			return error_at(pp, l, "Config option value not a number");
		if (!parse_num(r->text, &b))
			return error_at(pp, r, "number invalid or out of range");
		return eval_numbers(pp, a, op, b, res);
	}
	if (r->kind == TOK_IDENT && !strncmp(r->text, "CONFIG_", 7)) {
		rv = config_value(pp, r->text);
		if (config_num(lv, &a) && config_num(rv, &b))
			return eval_numbers(pp, a, op, b, res);
		if (!is_cmp_op(op))
			return error_at(pp, op, "expected comparison operator");
		*res = cmp_result(op->text, strcmp(lv, rv));
		return NULL;
	}
	return error_at(pp, r,
		"expected string, number literal or other CONFIG_... as right side operand");
}

static bool is_word(const struct token *t, const char *w)
{
	return t->kind == TOK_IDENT && !strcmp(t->text, w);
}

/*
 * One "LEFT OP RIGHT" triple.  Like upstream, all three tokens are read
 * before any is looked at, so an error leaves all three consumed.  Returns
 * an error token, or the EOF token if the file ended first, or NULL.
 */
static const struct token *eval_triple(struct pp *pp, bool *res)
{
	const struct token *l = expand_next(pp), *op, *r;
	const struct pp_env *e = pp->env;
	long long a, b;

	if (l->kind == TOK_EOF)
		return l;
	op = expand_next(pp);
	if (op->kind == TOK_EOF)
		return op;
	r = expand_next(pp);
	if (r->kind == TOK_EOF)
		return r;
	if (is_word(l, "kernel_v"))
		return eval_version(pp, e->kernel_v, op, r, res);
	if (is_word(l, "kernel_vr"))
		return eval_version(pp, e->kernel_vr, op, r, res);
	if (is_word(l, "systemtap_v"))
		return eval_version(pp, e->systemtap_v, op, r, res);
	if (is_word(l, "systemtap_privilege")) {
		if (r->kind != TOK_STRING)
			return error_at(pp, r, "expected string literal");
		return eval_equality(pp, !strcmp(e->privilege, r->text), op, res);
	}
	if (is_word(l, "guru_mode")) {
		if (r->kind != TOK_NUMBER)
			return error_at(pp, r, "expected number");
		if (strcmp(r->text, "0") && strcmp(r->text, "1"))
			return error_at(pp, op, "expected 0 or 1");
		if (!tok_is_op(op, "==") && !tok_is_op(op, "!="))
			return error_at(pp, op, "expected '==' or '!='");
		return eval_numbers(pp, e->guru, op, r->text[0] == '1', res);
	}
	if (is_word(l, "arch") || is_word(l, "runtime")) {
		const char *have = l->text[0] == 'a' ? e->arch : e->runtime;

		if (r->kind != TOK_STRING)
			return error_at(pp, r, "expected string literal");
		return eval_equality(pp, fnmatch(r->text, have, FNM_NOESCAPE) == 0,
				     op, res);
	}
	if (l->kind == TOK_IDENT && !strncmp(l->text, "CONFIG_", 7))
		return eval_config(pp, l, op, r, res);
	if (l->kind == TOK_STRING && r->kind == TOK_STRING) {
		if (!is_cmp_op(op))
			return error_at(pp, op, "expected comparison operator");
		*res = cmp_result(op->text, strcmp(l->text, r->text));
		return NULL;
	}
	if (l->kind == TOK_NUMBER && r->kind == TOK_NUMBER) {
		if (!parse_num(l->text, &a))
			return error_at(pp, l, "number invalid or out of range");
		if (!parse_num(r->text, &b))
			return error_at(pp, r, "number invalid or out of range");
		return eval_numbers(pp, a, op, b, res);
	}
	if (l->kind == TOK_STRING && r->kind == TOK_NUMBER && op->kind == TOK_OP)
		return error_at(pp, r, "expected string literal as right value");
	if (l->kind == TOK_NUMBER && r->kind == TOK_STRING && op->kind == TOK_OP)
		return error_at(pp, r, "expected number literal as right value");
	return error_at(pp, l,
		"expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n"
		"             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n"
		"             comparison between strings or integers");
}

/*
 * COND := TRIPLE { (&& | ||) TRIPLE } then %?.  && binds tighter than ||,
 * so keep an OR of AND-terms.  Returns an error token or NULL.
 */
static const struct token *eval_condition(struct pp *pp,
					  const struct token *open, bool *res)
{
	bool any = false, term = true, v;
	const struct token *err, *t;

	for (;;) {
		err = eval_triple(pp, &v);
		if (err) {
			if (err->kind == TOK_EOF)
				return error_at(pp, open,
					"incomplete condition after '%('");
			return err;
		}
		term = term && v;
		t = expand_next(pp);
		if (tok_is_op(t, "&&"))
			continue;
		any = any || term;
		term = true;
		if (tok_is_op(t, "||"))
			continue;
		if (!tok_is_op(t, "%?"))
			return error_at(pp, open,
				"expected '%?' marker for conditional");
		*res = any;
		return NULL;
	}
}

/*
 * Skip tokens up to the next %:, %? or %) of this conditional (returned),
 * or the EOF.  Nested conditionals are skipped whole.
 */
static const struct token *skip_branch(struct pp *pp)
{
	int depth = 0;

	for (;;) {
		const struct token *t = raw_next(pp);

		if (t->kind == TOK_EOF)
			return t;
		if (tok_is_op(t, "%("))
			depth++;
		else if (depth && tok_is_op(t, "%)"))
			depth--;
		else if (!depth && (tok_is_op(t, "%:") || tok_is_op(t, "%?") ||
				    tok_is_op(t, "%)")))
			return t;
	}
}

static void push_cond(struct pp *pp, const struct token *open,
		      enum cond_state st)
{
	if (pp->nconds == pp->capconds) {
		pp->capconds = pp->capconds ? pp->capconds * 2 : 8;
		pp->conds = xrealloc(pp->conds, pp->capconds * sizeof(*pp->conds));
	}
	pp->conds[pp->nconds++] = (struct cond){ open, st };
}

/*
 * The conditional layer, a state machine as upstream's: each open %( is
 * in its then or else part, kept or skipped.  A %( whose condition is in
 * error is not opened, so its %?, %: and %) are errors in turn.
 */
static const struct token *cond_next(struct pp *pp)
{
	for (;;) {
		struct cond *c = pp->nconds ? &pp->conds[pp->nconds - 1] : NULL;
		bool skip = c && (c->state == COND_SKIP_THEN ||
				  c->state == COND_SKIP_ELSE);
		const struct token *t = skip ? skip_branch(pp) : expand_next(pp);
		const struct token *err;
		bool res = false;

		if (t->kind == TOK_EOF) {
			if (!c)
				return t;
			pp->nconds--;
			return error_at(pp, c->open,
					"incomplete conditional at end of file");
		}
		if (t->kind != TOK_OP || t->text[0] != '%')
			return t;
		/* Three errors alike, but three sites upstream. */
		if (tok_is_op(t, "%?"))
			return error_at(pp, t, "incomplete conditional - missing '%('");
		if (tok_is_op(t, "%:")) {
			if (!c)
				return error_at(pp, t,
					"incomplete conditional - missing '%('");
			if (c->state == COND_KEEP_ELSE || c->state == COND_SKIP_ELSE)
				return error_at(pp, t,
					"invalid conditional - duplicate '%:'");
			c->state = c->state == COND_KEEP_THEN ? COND_SKIP_ELSE
							      : COND_KEEP_ELSE;
			continue;
		}
		if (tok_is_op(t, "%)")) {
			if (!c)
				return error_at(pp, t,
					"incomplete conditional - missing '%('");
			pp->nconds--;
			continue;
		}
		if (!tok_is_op(t, "%("))
			return t;
		err = eval_condition(pp, t, &res);
		if (err)
			return err;
		push_cond(pp, t, res ? COND_KEEP_THEN : COND_SKIP_THEN);
	}
}

struct pp *pp_open(struct arena *a, const struct pp_env *env,
		   struct lexer *lx, struct macro_table *own,
		   const struct macro_table *lib)
{
	struct pp *pp = xcalloc(1, sizeof(*pp));

	pp->a = a;
	pp->env = env;
	pp->own = own;
	pp->lib = lib;
	push_frame(pp, (struct frame){ .lx = lx });
	return pp;
}

/* The next token; after a runaway expansion, its error and then EOF. */
const struct token *pp_next(struct pp *pp)
{
	const struct token *t;

	if (pp->nframes == 1 && !pp->frames[0].ahead) {
		/*
		 * The common case, straight from the file: a token that is no
		 * macro, no conditional and not the end needs no more work.
		 */
		t = lex_next(pp->frames[0].lx);
		if (t->kind != TOK_EOF && (t->kind != TOK_OP ||
		    (t->text[0] != '@' && t->text[0] != '%')))
			return t;
		pp->frames[0].ahead = t;
	}
	t = cond_next(pp);

	if (pp->runaway) {
		/* What the cut-off stream produced is a consequence: drop it. */
		t = pp->runaway;
		pp->runaway = NULL;
		pp->nconds = 0;
	}
	return t;
}

void pp_close(struct pp *pp)
{
	if (!pp)
		return;
	free(pp->frames);
	free(pp->conds);
	free(pp);
}
