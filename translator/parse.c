// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parse.c - pass 1 parser.
 *
 * Recursive descent, one function per rule, the rule in the comment above.
 * A parse error longjmps back to the top-level loop, which skips to the
 * next declaration.  That is safe because everything lives in the arena:
 * the lists built here are arena lists, never malloc'd.
 */
#include "parse.h"
#include "diag.h"
#include "strbuf.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct arena *a;
	struct lexer *lx;
	struct pp *pp;
	const struct parse_opts *opts;
	const struct srcfile *src;
	struct stapfile *file;
	const struct token *la[3];	/* lookahead */
	unsigned nla;
	const struct token *last;	/* what "saw:" names */
	bool in_function;
	bool noskip;			/* the error needs no recovery skip */
	unsigned depth;			/* nesting of the rules below */
	unsigned ops;			/* binary operators in this statement */
	struct global **gtab;		/* hash of the file's globals by name */
	size_t gcap;			/* 0 or a power of two */
	jmp_buf recover;
};

/*
 * Limits that keep deeply nested or endless expressions from overflowing
 * the C stack, here or in any pass that walks the tree recursively: with
 * both, no tree is deeper than about their sum.  Upstream has none and
 * crashes.  Real scripts stay far below both.
 */
#define PARSE_MAX_DEPTH	1000u	/* nested expressions, statements, braces */
#define PARSE_MAX_OPS	10000u	/* binary operators in one statement */
/* Components of all the probe points one brace expansion stands for. */
#define PARSE_MAX_EXPANSION 1000000u

/*
 * Where an error is raised.  Upstream shows a repeated error only once, and
 * it recognizes repeats by the place in its parser that raised them, not by
 * their text: the errors of one helper (say, its "expected 'X'" for any X)
 * are repeats of each other, while "expected '('" after 'if' and after
 * 'while' are not.  Our sites follow upstream's: the named ones are shared
 * by several calls here; HERE is a site of its own.
 */
enum site {
	SITE_EOF = 1,		/* next(): unexpected end-of-file */
	SITE_EXPECT_KNOWN,	/* expect_op(), expect_kw(): "expected 'X'" */
	SITE_EXPECT_UNKNOWN,	/* a token of a kind: "expected identifier" */
	SITE_ONE_OF,		/* "expected one of '...'" */
	SITE_NUMBER,		/* a number operand: "expected number" */
	SITE_NUMBER_RANGE,	/* its "number invalid or out of range" */
	SITE_LITERAL,		/* "expected literal string or number" */
	SITE_LITERAL_RANGE,	/* its "number invalid or out of range" */
	SITE_LITERAL_STRING,	/* "expected literal string" */
	SITE_EXPR_STMT,		/* "expression statement expected" */
	SITE_EMBEDDED,		/* "embedded code in unprivileged script" */
	SITE_FOREACH_KEY,	/* "expected identifier" for a foreach key */
	SITE_PRETTY,		/* "-> and [ are not accepted ..." */
	SITE_LINE_BASE = 1000,
};
#define HERE (SITE_LINE_BASE + __LINE__)

/* ===================== tokens and errors ===================== */

static _Noreturn void fail(struct parser *p)
{
	longjmp(p->recover, 1);
}


static inline const struct token *fetch(struct parser *p)
{
	const struct token *t = pp_next(p->pp);

	/* 'private' became a keyword in 3.0; before, it is a name. */
	if (p->opts->compat < 300 && tok_is_kw(t, "private")) {
		struct token *c = arena_alloc_raw(p->a, sizeof(*c));

		*c = *t;
		c->kind = TOK_IDENT;
		t = c;
	}
	return t;
}

/*
 * A preprocessor error: junk whose op is the site that raised it.  It is
 * reported as soon as the parser reaches it, as upstream's preprocessor
 * throws from inside the parser's peek.  Other junk, lexer errors and bytes
 * no token starts with, are ordinary tokens that the grammar rejects where
 * it meets them; the error then shows the lexer's message, if any.
 */
static bool is_pp_error(const struct token *t)
{
	return t->kind == TOK_JUNK && t->op;
}

/* Drop the first lookahead token. */
static inline void shift_la(struct parser *p)
{
	p->la[0] = p->la[1];
	p->la[1] = p->la[2];
	p->nla--;
}

/* Look n tokens ahead (0 = next).  Error junk is an error when reached. */
static const struct token *peek_n(struct parser *p, unsigned n)
{
	while (p->nla <= n)
		p->la[p->nla++] = fetch(p);
	if (is_pp_error(p->la[0])) {
		const struct token *j = p->la[0];

		shift_la(p);
		diag_pp_error(j);
		fail(p);
	}
	return p->la[n];
}

/*
 * Like upstream, "saw:" in an error names the token most recently peeked
 * at or taken, whichever came last; at the end of the file it says EOF.
 * Inline, with the common case first: the parser peeks at every token
 * several times.
 */
static inline const struct token *first(struct parser *p)
{
	if (p->nla && !is_pp_error(p->la[0]))
		return p->la[0];
	return peek_n(p, 0);
}

static inline const struct token *peek(struct parser *p)
{
	p->last = first(p);
	return p->last;
}


static _Noreturn void __attribute__((format(printf, 3, 4)))
error_saw(struct parser *p, unsigned site, const char *fmt, ...);

/* Take the next token; running into the end of the file is an error. */
static const struct token *next(struct parser *p)
{
	const struct token *t = first(p);

	if (t->kind == TOK_EOF)
		error_saw(p, SITE_EOF, "unexpected end-of-file");
	shift_la(p);
	p->last = t;
	return t;
}

/* An error about the token the parser last looked at ("saw:"). */
static _Noreturn void __attribute__((format(printf, 3, 4)))
error_saw(struct parser *p, unsigned site, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct token eof = { .kind = TOK_EOF, .pos = { p->src, 0, 0 } };
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_parse_error(site, p->last ? p->last : &eof, false, "%s",
			 strbuf_str(&sb));
	strbuf_release(&sb);
	fail(p);
}

/* An error about a given token ("at:"). */
static _Noreturn void __attribute__((format(printf, 4, 5)))
error_at(struct parser *p, unsigned site, const struct token *t,
	 const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_parse_error(site, t, true, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	fail(p);
}

/* Inline, so that tok_is_op() folds the literal op into a constant. */
static inline __attribute__((always_inline)) bool
peek_op(struct parser *p, const char *op)
{
	return tok_is_op(peek(p), op);
}

static inline __attribute__((always_inline)) bool
peek_kw(struct parser *p, const char *kw)
{
	return tok_is_kw(peek(p), kw);
}

/* Take the operator op, or it is an error raised at site. */
static inline __attribute__((always_inline)) const struct token *
expect_op_at(struct parser *p, unsigned site, const char *op)
{
	const struct token *t = next(p);

	if (!tok_is_op(t, op))
		error_saw(p, site, "expected '%s'", op);
	return t;
}

/* Most places share one site, upstream's expect_op() helper. */
#define expect_op(p, op) expect_op_at((p), SITE_EXPECT_KNOWN, (op))

static const struct token *expect_kw(struct parser *p, const char *kw)
{
	const struct token *t = next(p);

	if (!tok_is_kw(t, kw))
		error_saw(p, SITE_EXPECT_KNOWN, "expected '%s'", kw);
	return t;
}

static const struct token *expect_ident(struct parser *p, unsigned site)
{
	const struct token *t = next(p);

	if (t->kind != TOK_IDENT)
		error_saw(p, site, "expected identifier");
	return t;
}

/* Do two tokens touch, with no blank between them? */
static bool adjacent(const struct token *a, const struct token *b)
{
	return a->pos.file == b->pos.file && a->pos.line == b->pos.line &&
	       !a->chain && !b->chain &&
	       b->pos.col == a->pos.col + strlen(a->text);
}

/* ===================== literals ===================== */

/* Convert a number token; upstream accepts 0 .. 2^64-1, wrapping. */
static bool number_value(const char *s, int64_t *v)
{
	unsigned long long u;
	char *end;

	if (!*s)
		return false;
	errno = 0;
	u = strtoull(s, &end, 0);
	if (*end || errno == ERANGE)
		return false;
	*v = (int64_t)u;
	return true;
}

static struct expr *new_expr(struct parser *p, enum expr_kind k,
			     const struct token *t)
{
	struct expr *e = arena_new(p->a, struct expr);

	e->kind = k;
	e->tok = t;
	return e;
}

static struct expr *number_expr(struct parser *p, unsigned site,
				const struct token *t, bool negate)
{
	struct expr *e = new_expr(p, EXPR_NUMBER, t);
	int64_t v;

	if (!number_value(t->text, &v))
		error_saw(p, site, "number invalid or out of range");
	e->u.num = negate ? (int64_t)(0 - (uint64_t)v) : v;
	return e;
}

/*
 * The texts of toks (struct token *) joined into one arena string.  Callers
 * collect the tokens first, in an arena list, because peek() and next() may
 * longjmp away and a malloc'd buffer held across them would leak.
 */
static const char *join_texts(struct parser *p, const struct vec *toks)
{
	size_t len = 0, n;
	unsigned i;
	char *s, *d;

	if (toks->len == 1)	/* the usual case: the text as it is */
		return ((const struct token *)toks->items[0])->text;
	for (i = 0; i < toks->len; i++)
		len += strlen(((const struct token *)toks->items[i])->text);
	s = d = arena_alloc(p->a, len + 1);
	for (i = 0; i < toks->len; i++) {
		n = strlen(((const struct token *)toks->items[i])->text);
		memcpy(d, ((const struct token *)toks->items[i])->text, n);
		d += n;
	}
	return s;
}

/* A string literal, t already taken, joined with any that follow. */
static struct expr *string_from(struct parser *p, const struct token *t)
{
	struct expr *e = new_expr(p, EXPR_STRING, t);
	struct vec parts = { 0 };

	vec_push_arena(p->a, &parts, (void *)t);
	while (peek(p)->kind == TOK_STRING)
		vec_push_arena(p->a, &parts, (void *)next(p));
	e->u.str = join_texts(p, &parts);
	return e;
}

static struct expr *string_expr(struct parser *p)
{
	return string_from(p, next(p));
}

/* literal := ['-'] NUMBER | STRING+ */
static struct expr *parse_literal(struct parser *p)
{
	const struct token *t = next(p);

	if (t->kind == TOK_STRING)
		return string_from(p, t);
	if (tok_is_op(t, "-")) {
		t = next(p);
		if (t->kind != TOK_NUMBER)
			error_saw(p, SITE_LITERAL, "expected literal string or number");
		return number_expr(p, SITE_LITERAL_RANGE, t, true);
	}
	if (t->kind == TOK_NUMBER)
		return number_expr(p, SITE_LITERAL_RANGE, t, false);
	error_saw(p, SITE_LITERAL, "expected literal string or number");
}

/* A literal number (with optional '-'), for hist and register operands. */
static struct expr *parse_number_literal(struct parser *p)
{
	struct expr *e = parse_literal(p);

	if (e->kind != EXPR_NUMBER)
		error_saw(p, HERE, "expected literal number");
	return e;
}

/*
 * ['-'] NUMBER: upstream's expect_number(), for array sizes, register
 * numbers, access sizes and the @variance shift.
 */
static struct expr *parse_plain_number(struct parser *p)
{
	const struct token *t = next(p);
	bool negate = tok_is_op(t, "-");

	if (negate)
		t = next(p);
	if (t->kind != TOK_NUMBER)
		error_saw(p, SITE_NUMBER, "expected number");
	return number_expr(p, SITE_NUMBER_RANGE, t, negate);
}

/* A string operand of @cast/@var: one string token. */
static const char *parse_string_arg(struct parser *p)
{
	const struct token *t = next(p);

	if (t->kind != TOK_STRING)
		error_saw(p, SITE_EXPECT_UNKNOWN, "expected string");
	return t->text;
}


/* ===================== expressions ===================== */

static struct expr *parse_expression(struct parser *p);
static struct expr *parse_ternary(struct parser *p);
static struct expr *parse_value(struct parser *p);
static struct expr *parse_hist_op(struct parser *p);

/* Enter a nested rule; the caller does p->depth-- when it is done. */
static void nest(struct parser *p)
{
	const struct token *t = p->last;

	if (++p->depth <= PARSE_MAX_DEPTH)
		return;
	/*
	 * Deep nesting from a recursive macro: name the invocation in the
	 * file, not a chain of a thousand expansions.
	 */
	while (t && t->chain)
		t = t->chain;
	if (t && t != p->last)
		error_at(p, HERE, t, "too deeply nested (more than %u levels)",
			 PARSE_MAX_DEPTH);
	error_saw(p, HERE, "too deeply nested (more than %u levels)",
		  PARSE_MAX_DEPTH);
}

static struct expr *binary(struct parser *p, enum expr_kind k,
			   const struct token *op, struct expr *l,
			   struct expr *r)
{
	struct expr *e;

	/* A left-associative chain is built by a loop, not by recursion. */
	if (++p->ops > PARSE_MAX_OPS)
		error_at(p, HERE, op, "expression too long (more than %u operators)",
			 PARSE_MAX_OPS);
	e = new_expr(p, k, op);

	e->u.binary.op = op->text;
	e->u.binary.left = l;
	e->u.binary.right = r;
	return e;
}

static bool is_one_of(const struct token *t, const char *const *ops)
{
	if (t->kind != TOK_OP)
		return false;
	for (; *ops; ops++)
		if (strcmp(t->text, *ops) == 0)
			return true;
	return false;
}

static bool is_assign_op(const struct token *t)
{
	if (t->kind != TOK_OP)
		return false;
	switch (t->op) {
	case OP1('='): case OP3('<', '<', '<'): case OP2('+', '='):
	case OP2('-', '='): case OP2('*', '='): case OP2('/', '='):
	case OP2('%', '='): case OP3('<', '<', '='): case OP3('>', '>', '='):
	case OP2('&', '='): case OP2('^', '='): case OP2('|', '='):
	case OP2('.', '='):
		return true;
	}
	return false;
}

/* expression := ternary [ASSIGN-OP expression] */
static struct expr *parse_expression(struct parser *p)
{
	struct expr *l;
	const struct token *op;

	nest(p);
	l = parse_ternary(p);
	op = peek(p);
	if (is_assign_op(op)) {
		next(p);
		l = binary(p, EXPR_ASSIGN, op, l, parse_expression(p));
	}
	p->depth--;
	return l;
}

/*
 * The binary operator levels, from loosest to tightest.  Those between
 * LVL_OR and LVL_BAND and between LVL_SHIFT and LVL_MUL are plain
 * left-associative levels: operand { OP operand }.
 */
enum {
	LVL_OR, LVL_AND, LVL_BOR, LVL_XOR, LVL_BAND,
	LVL_IN,		/* array membership, special */
	LVL_CMP,	/* comparison and regex, special */
	LVL_SHIFT, LVL_CONCAT, LVL_ADD, LVL_MUL,
	LVL_UNARY,
	LVL_NONE,	/* not a binary operator */
};

static const enum expr_kind level_kind[] = {
	[LVL_OR] = EXPR_LOGICAL, [LVL_AND] = EXPR_LOGICAL,
	[LVL_BOR] = EXPR_BINARY, [LVL_XOR] = EXPR_BINARY,
	[LVL_BAND] = EXPR_BINARY, [LVL_SHIFT] = EXPR_BINARY,
	[LVL_CONCAT] = EXPR_CONCAT, [LVL_ADD] = EXPR_BINARY,
	[LVL_MUL] = EXPR_BINARY,
};

/* Levels of the one-character binary operators, plus one (0: none). */
static const unsigned char level1[128] = {
	['|'] = LVL_BOR + 1, ['^'] = LVL_XOR + 1, ['&'] = LVL_BAND + 1,
	['<'] = LVL_CMP + 1, ['>'] = LVL_CMP + 1, ['.'] = LVL_CONCAT + 1,
	['+'] = LVL_ADD + 1, ['-'] = LVL_ADD + 1,
	['*'] = LVL_MUL + 1, ['/'] = LVL_MUL + 1, ['%'] = LVL_MUL + 1,
};

/* The level of the binary operator t, LVL_NONE if it is none. */
static int binary_level(const struct token *t)
{
	if (t->kind != TOK_OP)
		return LVL_NONE;
	if (t->op < 128)	/* the common case, by table */
		return level1[t->op] ? level1[t->op] - 1 : LVL_NONE;
	switch (t->op) {
	case OP2('|', '|'):	return LVL_OR;
	case OP2('&', '&'):	return LVL_AND;
	case OP2('<', '='): case OP2('>', '='):
	case OP2('=', '='): case OP2('!', '='):
		return LVL_CMP;
	case OP2('<', '<'): case OP2('>', '>'): case OP3('>', '>', '>'):
		return LVL_SHIFT;
	}
	return LVL_NONE;
}

static struct expr *parse_level(struct parser *p, int lvl);

/* ternary := logical_or ['?' expression ':' ternary] */
static struct expr *parse_ternary(struct parser *p)
{
	struct expr *c = parse_level(p, LVL_OR), *e;
	const struct token *q = peek(p);

	if (!tok_is_op(q, "?"))
		return c;
	next(p);
	e = new_expr(p, EXPR_TERNARY, q);
	e->u.ternary.cond = c;
	e->u.ternary.yes = parse_expression(p);
	expect_op_at(p, HERE, ":");
	nest(p);
	e->u.ternary.no = p->opts->compat < 400 ? parse_expression(p)
						: parse_ternary(p);
	p->depth--;
	return e;
}

static struct expr_list freeze_list(struct parser *p, struct vec *l)
{
	struct expr_list out = { (struct expr **)l->items, l->len };

	(void)p;
	return out;
}

/* An index expression or '*' (NULL) in a key list. */
static struct expr *parse_key(struct parser *p)
{
	if (peek_op(p, "*")) {
		next(p);
		return NULL;
	}
	return parse_expression(p);
}

/*
 * indexable := IDENT | hist_op
 * (the array operand of 'in' and 'foreach')
 */
static struct expr *parse_indexable(struct parser *p)
{
	const struct token *t = peek(p);

	if (tok_is_op(t, "@hist_linear") || tok_is_op(t, "@hist_log"))
		return parse_hist_op(p);
	next(p);
	if (t->kind != TOK_IDENT)
		error_saw(p, HERE, "expected identifier or statistical operation");
	{
		struct expr *e = new_expr(p, EXPR_SYMBOL, t);

		e->u.name = t->text;
		return e;
	}
}

/*
 * array_in := '[' key {',' key} ']' 'in' indexable
 *           | comparison ['in' indexable]
 */
static struct expr *parse_array_in(struct parser *p)
{
	struct vec keys = { 0 };
	const struct token *t = peek(p);
	struct expr *e;

	if (tok_is_op(t, "[")) {
		next(p);
		for (;;) {
			if (peek_op(p, "*")) {
				next(p);
				vec_push_arena(p->a, &keys, NULL);
			} else {
				vec_push_arena(p->a, &keys, parse_level(p, LVL_CMP));
			}
			if (peek_op(p, "]"))
				break;
			if (!peek_op(p, ","))
				error_saw(p, HERE, "expected ',' or ']'");
			next(p);
		}
		next(p);
		if (!peek_kw(p, "in")) {
			if (keys.len == 1 && keys.items[0])
				return keys.items[0];
			error_saw(p, HERE, "unexpected comma-separated expression list");
		}
	} else {
		e = parse_level(p, LVL_CMP);
		if (!peek_kw(p, "in"))
			return e;
		vec_push_arena(p->a, &keys, e);
	}
	t = next(p);	/* in */
	e = new_expr(p, EXPR_IN, t);
	e->u.in.keys = freeze_list(p, &keys);
	e->u.in.array = parse_indexable(p);
	return e;
}

/* comparison := shift { CMP-OP shift } | shift ('=~' | '!~') STRING */
static struct expr *parse_comparison(struct parser *p)
{
	struct expr *l = parse_level(p, LVL_SHIFT);

	for (;;) {
		const struct token *op = peek(p);

		if (tok_is_op(op, "=~") || tok_is_op(op, "!~")) {
			struct expr *r;

			next(p);
			if (peek(p)->kind != TOK_STRING)
				error_saw(p, SITE_LITERAL_STRING, "expected literal string");
			r = string_expr(p);
			return binary(p, EXPR_REGEX, op, l, r);
		}
		if (binary_level(op) != LVL_CMP)
			return l;
		next(p);
		l = binary(p, EXPR_COMPARE, op, l, parse_level(p, LVL_SHIFT));
	}
}

static struct expr *unary(struct parser *p, enum expr_kind k,
			  const struct token *op, struct expr *operand)
{
	struct expr *e = new_expr(p, k, op);

	e->u.unary.op = op->text;
	e->u.unary.operand = operand;
	return e;
}

/*
 * unary := ('+' | '-' | '!' | '~') unary | crement
 * crement := ('++' | '--') value | value ['++' | '--']
 */
static struct expr *parse_unary(struct parser *p)
{
	const struct token *op = peek(p);
	struct expr *e;

	if (tok_is_op(op, "+") || tok_is_op(op, "-") || tok_is_op(op, "!") ||
	    tok_is_op(op, "~")) {
		next(p);
		nest(p);
		e = unary(p, EXPR_UNARY, op, parse_unary(p));
		p->depth--;
		return e;
	}
	if (tok_is_op(op, "++") || tok_is_op(op, "--")) {
		next(p);
		return unary(p, EXPR_PREINC, op, parse_value(p));
	}
	e = parse_value(p);
	op = peek(p);
	if (tok_is_op(op, "++") || tok_is_op(op, "--")) {
		next(p);
		return unary(p, EXPR_POSTINC, op, e);
	}
	return e;
}

/*
 * The plain levels lvl..max (max is LVL_BAND or LVL_MUL) by precedence
 * climbing: the tree is that of one rule per level, without a call per
 * level for every operand.
 */
static struct expr *parse_climb(struct parser *p, int lvl, int max)
{
	struct expr *l = max == LVL_BAND ? parse_array_in(p) : parse_unary(p);

	for (;;) {
		const struct token *op = peek(p);
		int opl = binary_level(op);

		if (opl < lvl || opl > max)
			return l;
		next(p);
		l = binary(p, level_kind[opl], op, l, parse_climb(p, opl + 1, max));
	}
}

static struct expr *parse_level(struct parser *p, int lvl)
{
	if (lvl <= LVL_BAND)
		return parse_climb(p, lvl, LVL_BAND);
	if (lvl == LVL_IN)
		return parse_array_in(p);
	if (lvl == LVL_CMP)
		return parse_comparison(p);
	if (lvl <= LVL_MUL)
		return parse_climb(p, lvl, LVL_MUL);
	return parse_unary(p);
}

/* ---- target symbols ---- */

/*
 * Split a trailing run of '$' off a word: "$a$$" -> "$a" and depth 2.
 * "$$vars$" keeps its leading "$$".
 */
static const char *split_pretty(struct parser *p, const char *word,
				unsigned *depth)
{
	size_t n = strlen(word), lead = 0;

	while (lead < n && word[lead] == '$')
		lead++;
	*depth = 0;
	while (n > lead && word[n - 1] == '$') {
		n--;
		(*depth)++;
	}
	return arena_strndup(p->a, word, n);
}

static void add_comp(struct parser *p, struct target *t, enum comp_kind k,
		     const struct token *tok, const char *name,
		     struct expr *index)
{
	struct target_comp *c = t->comps;

	/*
	 * The capacity is the next power of two, so a long $a->b->c chain
	 * costs linear arena space, not quadratic.
	 */
	if ((t->ncomps & (t->ncomps - 1)) == 0) {
		c = arena_alloc(p->a, (t->ncomps ? 2 * t->ncomps : 1) * sizeof(*c));
		if (t->ncomps)
			memcpy(c, t->comps, t->ncomps * sizeof(*c));
	}
	c[t->ncomps] = (struct target_comp){ k, tok, name, index };
	t->comps = c;
	t->ncomps++;
}

static void add_pretty(struct parser *p, struct target *t,
		       const struct token *tok, unsigned depth)
{
	if (depth)
		add_comp(p, t, COMP_PRETTY, tok, depth == 1 ? "$" : "$$", NULL);
}

static bool has_pretty(const struct target *t)
{
	return t->ncomps && t->comps[t->ncomps - 1].kind == COMP_PRETTY;
}

/*
 * components := { '->' (IDENT|KEYWORD)['$'|'$$'] | '[' expression ']'
 *               | '$' | '$$' }
 */
static void parse_components(struct parser *p, struct target *t)
{
	for (;;) {
		const struct token *tok = peek(p);
		unsigned depth;

		if (tok_is_op(tok, "->")) {
			const char *name;

			if (has_pretty(t))
				error_saw(p, SITE_PRETTY, "-> and [ are not accepted for a pretty-printing variable");
			next(p);
			tok = next(p);
			if (tok->kind != TOK_IDENT && tok->kind != TOK_KEYWORD)
				error_saw(p, HERE, "expected identifier or keyword");
			name = split_pretty(p, tok->text, &depth);
			if (*name)
				add_comp(p, t, COMP_MEMBER, tok, name, NULL);
			add_pretty(p, t, tok, depth);
		} else if (tok_is_op(tok, "[")) {
			struct expr *ix;

			if (has_pretty(t))
				error_saw(p, SITE_PRETTY, "-> and [ are not accepted for a pretty-printing variable");
			next(p);
			ix = parse_expression(p);
			expect_op(p, "]");
			add_comp(p, t, COMP_INDEX, tok, NULL, ix);
		} else if (tok->kind == TOK_IDENT && tok->text[0] == '$' &&
			   strspn(tok->text, "$") == strlen(tok->text) &&
			   strlen(tok->text) <= 2 && !has_pretty(t)) {
			next(p);
			add_pretty(p, t, tok, (unsigned)strlen(tok->text));
		} else {
			return;
		}
	}
}

static struct expr *target_expr(struct parser *p, const struct token *tok,
				enum target_base base)
{
	struct expr *e = new_expr(p, EXPR_TARGET, tok);

	e->u.target.base = base;
	return e;
}

/* $name components */
static struct expr *parse_target_var(struct parser *p)
{
	const struct token *tok = next(p);
	struct expr *e = target_expr(p, tok, TARGET_VAR);
	unsigned depth;

	e->u.target.name = split_pretty(p, tok->text, &depth);
	add_pretty(p, &e->u.target, tok, depth);
	parse_components(p, &e->u.target);
	return e;
}

/* '(' expr ',' STRING [',' STRING] ')' after @cast */
static struct expr *parse_cast(struct parser *p)
{
	const struct token *tok = next(p);
	struct expr *e = target_expr(p, tok, TARGET_CAST);

	expect_op(p, "(");
	e->u.target.operand = parse_expression(p);
	expect_op(p, ",");
	if (peek(p)->kind != TOK_STRING) {
		next(p);
		error_saw(p, SITE_EXPECT_UNKNOWN, "expected string");
	}
	e->u.target.type = string_expr(p)->u.str;
	if (!*e->u.target.type)
		error_saw(p, HERE, "expected non-empty string");
	if (peek_op(p, ",")) {
		next(p);
		e->u.target.module = parse_string_arg(p);
	}
	expect_op(p, ")");
	parse_components(p, &e->u.target);
	return e;
}

/* '@var' '(' STRING [',' STRING] ')' components */
static struct expr *parse_atvar(struct parser *p)
{
	const struct token *tok = next(p);
	struct expr *e = target_expr(p, tok, TARGET_ATVAR);

	expect_op(p, "(");
	e->u.target.name = parse_string_arg(p);
	if (peek_op(p, ",")) {
		next(p);
		e->u.target.module = parse_string_arg(p);
	}
	expect_op(p, ")");
	parse_components(p, &e->u.target);
	return e;
}

/* ---- @ operators ---- */

static struct expr *parse_paren_expr(struct parser *p)
{
	struct expr *e;

	expect_op(p, "(");
	e = parse_expression(p);
	expect_op(p, ")");
	return e;
}

/*
 * hist_op := '@hist_linear' '(' expression ',' number ',' number ','
 *            number ')' | '@hist_log' '(' expression ')'
 */
static struct expr *parse_hist_op(struct parser *p)
{
	const struct token *tok = next(p);
	struct expr *e = new_expr(p, EXPR_HIST, tok);

	e->u.hist.linear = strcmp(tok->text, "@hist_linear") == 0;
	expect_op(p, "(");
	e->u.hist.operand = parse_expression(p);
	if (e->u.hist.linear) {
		expect_op(p, ",");
		e->u.hist.start = parse_number_literal(p);
		expect_op(p, ",");
		e->u.hist.stop = parse_number_literal(p);
		expect_op(p, ",");
		e->u.hist.interval = parse_number_literal(p);
	}
	expect_op(p, ")");
	return e;
}

/* A histogram bucket: hist_op '[' expression ']' */
static struct expr *hist_bucket(struct parser *p, struct expr *h)
{
	const struct token *tok = next(p);
	struct expr *e = new_expr(p, EXPR_INDEX, tok);
	struct vec keys = { 0 };

	vec_push_arena(p->a, &keys, parse_expression(p));
	expect_op(p, "]");
	e->u.index.base = h;
	e->u.index.keys = freeze_list(p, &keys);
	return e;
}

/* '@count' | '@sum' ... '(' expression [',' expression] ')' */
static struct expr *parse_stat_op(struct parser *p)
{
	const struct token *tok = next(p);
	struct expr *e = new_expr(p, EXPR_STAT, tok);

	unsigned max = 0, n = 0;

	e->u.stat.op = tok->text + 1;
	if (!strcmp(e->u.stat.op, "variance"))
		max = 1;	/* the bit shift */
	expect_op(p, "(");
	e->u.stat.operand = parse_expression(p);
	/* Upstream's loop: anything but ')' or ',' is passed over. */
	for (;;) {
		const struct token *t = next(p);

		if (tok_is_op(t, ")"))
			break;
		if (!tok_is_op(t, ","))
			continue;
		if (n++ >= max)
			error_at(p, HERE, t, "not more than %u parameter%s allowed",
				 max + 1, max ? "s" : "");
		e->u.stat.shift = parse_plain_number(p);
	}
	return e;
}

static _Noreturn void need_guru(struct parser *p, unsigned site,
				const char *what)
{
	p->noskip = true;
	next(p);
	error_saw(p, site, "using %s operator not permitted; need stap -g", what);
}

static bool compat_at_least(struct parser *p, int v)
{
	return p->opts->compat >= v;
}

/* Is this @word one of the built-in operators at this --compatible? */
static bool atword_enabled(struct parser *p, const char *w)
{
	if (!strcmp(w, "@const") || !strcmp(w, "@variance"))
		return compat_at_least(p, 301);
	if (!strcmp(w, "@kregister") || !strcmp(w, "@uregister") ||
	    !strcmp(w, "@kderef") || !strcmp(w, "@uderef"))
		return compat_at_least(p, 400);
	return pp_is_atword(w + 1);
}

static struct expr *parse_at_op(struct parser *p)
{
	const struct token *tok = peek(p);
	const char *w = tok->text;
	struct expr *e;

	if (!atword_enabled(p, w))
		error_saw(p, HERE, "unknown operator %s", w);
	if (!strcmp(w, "@cast"))
		return parse_cast(p);
	if (!strcmp(w, "@var"))
		return parse_atvar(p);
	if (!strcmp(w, "@hist_linear") || !strcmp(w, "@hist_log")) {
		e = parse_hist_op(p);
		if (!peek_op(p, "["))
			error_at(p, HERE, tok, "base histogram operator where expression expected");
		return hist_bucket(p, e);
	}
	if (!strcmp(w, "@count") || !strcmp(w, "@sum") || !strcmp(w, "@min") ||
	    !strcmp(w, "@max") || !strcmp(w, "@avg") || !strcmp(w, "@variance"))
		return parse_stat_op(p);
	if (!strcmp(w, "@defined") || !strcmp(w, "@entry")) {
		next(p);
		e = new_expr(p, w[1] == 'd' ? EXPR_DEFINED : EXPR_ENTRY, tok);
		e->u.operand = parse_paren_expr(p);
		return e;
	}
	if (!strcmp(w, "@probewrite")) {
		next(p);
		e = new_expr(p, EXPR_PROBEWRITE, tok);
		expect_op(p, "(");
		e->u.name = expect_ident(p, SITE_EXPECT_UNKNOWN)->text;
		expect_op(p, ")");
		return e;
	}
	if (!strcmp(w, "@perf")) {
		next(p);
		e = new_expr(p, EXPR_PERF, tok);
		expect_op(p, "(");
		if (peek(p)->kind != TOK_STRING) {
			next(p);
			error_saw(p, SITE_LITERAL_STRING, "expected literal string");
		}
		e->u.str = string_expr(p)->u.str;
		if (!*e->u.str)
			error_saw(p, HERE, "expected non-empty string");
		expect_op(p, ")");
		return e;
	}
	if (!strcmp(w, "@const")) {
		if (!p->opts->privileged)
			need_guru(p, HERE, "@const");
		next(p);
		e = new_expr(p, EXPR_CONST, tok);
		expect_op(p, "(");
		e->u.str = parse_string_arg(p);
		if (!*e->u.str)
			error_saw(p, HERE, "expected non-empty string");
		expect_op(p, ")");
		return e;
	}
	if (!strcmp(w, "@kregister") || !strcmp(w, "@uregister")) {
		if (w[1] == 'k' && !p->opts->privileged)
			need_guru(p, HERE, "@kregister");
		next(p);
		e = new_expr(p, EXPR_REGISTER, tok);
		e->u.reg.user = w[1] == 'u';
		expect_op(p, "(");
		e->u.reg.regno = parse_plain_number(p);
		expect_op(p, ")");
		return e;
	}
	/* @kderef / @uderef */
	if (w[1] == 'k' && !p->opts->privileged)
		need_guru(p, HERE, "@kderef");
	next(p);
	e = new_expr(p, EXPR_DEREF, tok);
	e->u.deref.user = w[1] == 'u';
	expect_op(p, "(");
	e->u.deref.size = parse_plain_number(p);
	expect_op(p, ",");
	e->u.deref.addr = parse_expression(p);
	expect_op(p, ")");
	return e;
}

/* ---- print family and calls ---- */

enum print_kind { PRINT_PLAIN, PRINT_FORMAT, PRINT_DELIM };

static bool print_family(const char *name, enum print_kind *kind,
			 unsigned *min_args)
{
	static const struct {
		const char *name;
		enum print_kind kind;
		unsigned min;
	} tab[] = {
		{ "print", PRINT_PLAIN, 1 }, { "sprint", PRINT_PLAIN, 1 },
		{ "println", PRINT_PLAIN, 0 }, { "sprintln", PRINT_PLAIN, 0 },
		{ "printf", PRINT_FORMAT, 0 }, { "sprintf", PRINT_FORMAT, 0 },
		{ "printd", PRINT_DELIM, 2 }, { "sprintd", PRINT_DELIM, 2 },
		{ "printdln", PRINT_DELIM, 2 }, { "sprintdln", PRINT_DELIM, 2 },
	};
	size_t i;

	/* Most names are not print*: look no further. */
	if (strncmp(name[0] == 's' ? name + 1 : name, "print", 5))
		return false;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!strcmp(tab[i].name, name)) {
			*kind = tab[i].kind;
			*min_args = tab[i].min;
			return true;
		}
	}
	return false;
}

/*
 * Check a printf format the way upstream's pass 1 does:
 * %[flags][width|*][.precision|*][length]conversion.
 */
static const char *check_format(const char *f)
{
	while (*f) {
		if (*f++ != '%')
			continue;
		if (*f == '%') {
			f++;
			continue;
		}
		if (!*f)
			return "invalid or missing conversion specifier";
		if (strchr("-+ #0", *f))	/* one flag at most */
			f++;
		if (*f == '*')
			f++;
		else
			f += strspn(f, "0123456789");
		if (*f == '.') {
			f++;
			if (*f == '*')
				f++;
			else
				f += strspn(f, "0123456789");
		}
		if (*f == 'l')
			f++;
		if (!*f)
			return "trailing incomplete print format conversion";
		if (!strchr("diouxXpcsbmM", *f))
			return "invalid or missing conversion specifier";
		f++;
	}
	return NULL;
}

/* A print argument: an expression, or a bare histogram to draw. */
static struct expr *parse_print_arg(struct parser *p)
{
	if (peek_op(p, "@hist_linear") || peek_op(p, "@hist_log")) {
		struct expr *h = parse_hist_op(p);

		return peek_op(p, "[") ? hist_bucket(p, h) : h;
	}
	return parse_expression(p);
}

/*
 * print := NAME '(' [format | delim ','] args ')'
 * Arguments are separated by ',' and, until the minimum count is reached,
 * by ')' too: that is how upstream's loop behaves, and its error messages
 * for too few arguments follow from it.
 */
static struct expr *parse_print(struct parser *p, const struct token *name,
				enum print_kind kind, unsigned min)
{
	struct expr *e = new_expr(p, EXPR_PRINT, name);
	struct vec args = { 0 };
	const struct token *t;

	e->u.print.name = name->text;
	expect_op(p, "(");
	if (kind != PRINT_PLAIN) {
		const char *msg;
		struct expr *s;

		if (peek(p)->kind != TOK_STRING)
			error_saw(p, SITE_LITERAL_STRING, "expected literal string");
		s = string_expr(p);
		if (kind == PRINT_FORMAT) {
			e->u.print.format = s;
			msg = check_format(s->u.str);
			if (msg) {
				peek(p);
				error_saw(p, HERE, "%s", msg);
			}
		} else {
			e->u.print.delim = s;
		}
		t = next(p);
		if (tok_is_op(t, ")") && min == 0)
			goto done;
		if (!tok_is_op(t, ",") && !tok_is_op(t, ")"))
			error_saw(p, SITE_ONE_OF, "expected one of ', )'");
	} else if (min == 0 && peek_op(p, ")")) {
		next(p);
		goto done;
	}
	for (;;) {
		vec_push_arena(p->a, &args, parse_print_arg(p));
		t = peek(p);
		if (tok_is_op(t, ")") && args.len >= min) {
			next(p);
			break;
		}
		if (!tok_is_op(t, ",") && !tok_is_op(t, ")"))
			error_saw(p, SITE_ONE_OF, "expected one of ', )'");
		next(p);
	}
done:
	e->u.print.args = freeze_list(p, &args);
	return e;
}

/*
 * A comma-separated list up to close: the arguments of a call or the keys
 * of an index.  The opening token is already consumed.
 */
static struct expr_list parse_list(struct parser *p, const char *close,
				   bool allow_star)
{
	struct vec l = { 0 };

	if (peek_op(p, close)) {
		next(p);
		return freeze_list(p, &l);
	}
	for (;;) {
		vec_push_arena(p->a, &l, allow_star ? parse_key(p)
						: parse_expression(p));
		if (peek_op(p, close)) {
			next(p);
			return freeze_list(p, &l);
		}
		if (!peek_op(p, ","))
			error_saw(p, SITE_ONE_OF, "expected one of '%s ,'", close);
		next(p);
	}
}

/*
 * primary := '(' expression ')' | NUMBER | STRING+ | '%{ C %}'
 *          | print | IDENT '(' args ')' | IDENT '[' keys ']' | IDENT
 *          | $target | @operator
 */
static struct expr *parse_primary(struct parser *p)
{
	const struct token *t = peek(p);
	enum print_kind pk;
	unsigned min;
	struct expr *e;

	if (tok_is_op(t, "(")) {
		next(p);
		e = parse_expression(p);
		expect_op_at(p, HERE, ")");
		return e;
	}
	if (t->kind == TOK_NUMBER) {
		next(p);
		return number_expr(p, SITE_LITERAL_RANGE, t, false);
	}
	if (t->kind == TOK_STRING)
		return string_expr(p);
	if (t->kind == TOK_EMBEDDED) {
		if (!p->opts->privileged) {
			p->noskip = true;
			error_saw(p, HERE, "embedded expression code in unprivileged script; need stap -g");
		}
		next(p);
		e = new_expr(p, EXPR_EMBEDDED, t);
		e->u.str = t->text;
		return e;
	}
	if (t->kind == TOK_OP && t->text[0] == '@')
		return parse_at_op(p);
	if (t->kind == TOK_IDENT && t->text[0] == '$')
		return parse_target_var(p);
	if (t->kind == TOK_IDENT) {
		next(p);
		if (print_family(t->text, &pk, &min)) {
			if (!peek_op(p, "("))
				error_saw(p, SITE_EXPECT_KNOWN, "expected '('");
			return parse_print(p, t, pk, min);
		}
		if (peek_op(p, "(")) {
			next(p);
			e = new_expr(p, EXPR_CALL, t);
			e->u.call.name = t->text;
			e->u.call.args = parse_list(p, ")", false);
			return e;
		}
		if (peek_op(p, "[")) {
			struct expr *sym = new_expr(p, EXPR_SYMBOL, t);

			sym->u.name = t->text;
			next(p);
			e = new_expr(p, EXPR_INDEX, t);
			e->u.index.base = sym;
			e->u.index.keys = parse_list(p, "]", true);
			return e;
		}
		e = new_expr(p, EXPR_SYMBOL, t);
		e->u.name = t->text;
		return e;
	}
	if (t->kind == TOK_EOF)
		error_saw(p, HERE, "expected value");
	next(p);	/* upstream takes it first */
	error_saw(p, SITE_LITERAL, "expected literal string or number");
}

/*
 * value := ['&'] primary components
 * Any value followed by '->' or '[' becomes a typed "autocast" target.
 */
static struct expr *parse_value(struct parser *p)
{
	const struct token *amp = NULL;
	struct expr *e;

	if (peek_op(p, "&")) {
		amp = next(p);
		if (peek_op(p, "&"))
			error_saw(p, HERE, "cannot take address more than once");
	}
	e = parse_primary(p);
	if (peek_op(p, "->") || peek_op(p, "[") || amp) {
		if (e->kind != EXPR_TARGET) {
			struct expr *w;

			if (!peek_op(p, "->") && !peek_op(p, "[") && !amp)
				return e;
			w = target_expr(p, e->tok, TARGET_AUTOCAST);
			w->u.target.operand = e;
			e = w;
		}
		parse_components(p, &e->u.target);
		if (amp) {
			if (e->u.target.addressof)
				error_at(p, HERE, amp, "cannot take address more than once");
			e->u.target.addressof = true;
		}
	}
	return e;
}

/* ===================== statements ===================== */

static struct stmt *parse_statement(struct parser *p);

static struct stmt *new_stmt(struct parser *p, enum stmt_kind k,
			     const struct token *t)
{
	struct stmt *s = arena_new(p->a, struct stmt);

	s->kind = k;
	s->tok = t;
	return s;
}

/* block := '{' { statement } '}' */
static struct stmt *parse_block(struct parser *p)
{
	const struct token *open = peek(p);
	struct stmt *s;
	struct vec body = { 0 };

	if (!tok_is_op(open, "{"))
		error_saw(p, HERE, "expected '{'");
	next(p);
	s = new_stmt(p, STMT_BLOCK, open);
	for (;;) {
		if (peek_op(p, "}")) {
			next(p);
			break;
		}
		vec_push_arena(p->a, &body, parse_statement(p));
	}
	s->u.block.v = (struct stmt **)body.items;
	s->u.block.n = body.len;
	return s;
}

static struct stmt *expr_stmt(struct parser *p)
{
	const struct token *t = peek(p);
	struct stmt *s = new_stmt(p, STMT_EXPR, t);

	s->u.expr = parse_expression(p);
	return s;
}

/* if := 'if' '(' expression ')' statement ['else' statement] */
static struct stmt *parse_if(struct parser *p)
{
	struct stmt *s = new_stmt(p, STMT_IF, next(p));

	expect_op_at(p, HERE, "(");
	s->u.if_.cond = parse_expression(p);
	expect_op_at(p, HERE, ")");
	s->u.if_.then = parse_statement(p);
	if (peek_kw(p, "else")) {
		next(p);
		s->u.if_.else_ = parse_statement(p);
	}
	return s;
}

/* while := 'while' '(' expression ')' statement */
static struct stmt *parse_while(struct parser *p)
{
	struct stmt *s = new_stmt(p, STMT_WHILE, next(p));

	expect_op_at(p, HERE, "(");
	s->u.loop.cond = parse_expression(p);
	expect_op_at(p, HERE, ")");
	s->u.loop.body = parse_statement(p);
	return s;
}

/*
 * for := 'for' '(' [expression] ';' [expression] ';' [expression] ')'
 *        statement
 */
static struct stmt *parse_for(struct parser *p)
{
	struct stmt *s = new_stmt(p, STMT_FOR, next(p));

	expect_op_at(p, HERE, "(");
	if (peek(p)->kind == TOK_EOF)
		error_saw(p, SITE_EXPR_STMT, "expression statement expected");
	if (!peek_op(p, ";"))
		s->u.loop.init = expr_stmt(p);
	expect_op_at(p, HERE, ";");
	if (!peek_op(p, ";"))
		s->u.loop.cond = parse_expression(p);
	expect_op_at(p, HERE, ";");
	if (peek(p)->kind == TOK_EOF)
		error_saw(p, SITE_EXPR_STMT, "expression statement expected");
	if (!peek_op(p, ")"))
		s->u.loop.incr = expr_stmt(p);
	expect_op_at(p, HERE, ")");
	s->u.loop.body = parse_statement(p);
	return s;
}

/* An optional '+'/'-' sort mark; sets the foreach's sort if present. */
static void sort_mark(struct parser *p, struct stmt *s, int key)
{
	const struct token *t = peek(p);

	if (!tok_is_op(t, "+") && !tok_is_op(t, "-"))
		return;
	if (s->u.foreach.sort_key >= 0)
		error_saw(p, HERE, "multiple sort directives");
	next(p);
	s->u.foreach.sort_key = key;
	s->u.foreach.sort_dir = t->text[0] == '+' ? 1 : -1;
}

static struct expr *symbol_from(struct parser *p, const struct token *t)
{
	struct expr *e = new_expr(p, EXPR_SYMBOL, t);

	e->u.name = t->text;
	return e;
}

/*
 * foreach := 'foreach' '(' [IDENT [sort] '='] keys 'in' indexable
 *            ['[' key {',' key} ']'] [['@' STATOP] sort] ['limit' expression]
 *            ')' statement
 * keys := IDENT [sort] | '[' IDENT [sort] {',' IDENT [sort]} ']'
 */
static struct stmt *parse_foreach(struct parser *p)
{
	struct stmt *s = new_stmt(p, STMT_FOREACH, next(p));
	struct vec keys = { 0 };
	const struct token *t;

	s->u.foreach.sort_key = -1;
	expect_op_at(p, HERE, "(");
	t = peek(p);
	if (t->kind == TOK_IDENT) {
		/* V [sort] = ... or a single key. */
		next(p);
		sort_mark(p, s, 0);
		if (peek_op(p, "=")) {
			next(p);
			s->u.foreach.value = symbol_from(p, t);
		} else {
			if (s->u.foreach.sort_key == 0)
				s->u.foreach.sort_key = 1;
			vec_push_arena(p->a, &keys, symbol_from(p, t));
		}
	}
	if (!keys.len) {
		if (peek_op(p, "[")) {
			next(p);
			for (;;) {
				t = expect_ident(p, SITE_FOREACH_KEY);
				vec_push_arena(p->a, &keys, symbol_from(p, t));
				sort_mark(p, s, (int)keys.len);
				if (peek_op(p, "]"))
					break;
				if (!peek_op(p, ","))
					error_saw(p, HERE, "expected ',' or ']'");
				next(p);
			}
			next(p);
		} else {
			t = expect_ident(p, SITE_FOREACH_KEY);
			vec_push_arena(p->a, &keys, symbol_from(p, t));
			sort_mark(p, s, 1);
		}
	}
	s->u.foreach.keys = freeze_list(p, &keys);
	if (!peek_kw(p, "in"))
		error_saw(p, HERE, "expected 'in'");
	next(p);
	s->u.foreach.array = parse_indexable(p);
	if (peek_op(p, "[")) {
		struct vec slice = { 0 };

		next(p);
		for (;;) {
			vec_push_arena(p->a, &slice, parse_key(p));
			t = next(p);
			if (tok_is_op(t, "]"))
				break;
			if (!tok_is_op(t, ","))
				error_saw(p, HERE, "expected ',' or ']'");
		}
		s->u.foreach.slice = freeze_list(p, &slice);
	}
	t = peek(p);
	if (t->kind == TOK_OP && t->text[0] == '@' && t->text[1]) {
		static const char *const aggs[] = {
			"@count", "@sum", "@min", "@max", "@avg", NULL
		};

		if (!is_one_of(t, aggs))
			error_saw(p, HERE, "expected statistical operation");
		next(p);
		s->u.foreach.sort_agg = t->text;
		if (!peek_op(p, "+") && !peek_op(p, "-"))
			error_saw(p, HERE, "expected sort directive");
	}
	sort_mark(p, s, 0);
	if (peek_kw(p, "limit")) {
		next(p);
		s->u.foreach.limit = parse_expression(p);
	}
	expect_op_at(p, HERE, ")");
	s->u.foreach.body = parse_statement(p);
	return s;
}

/* try := 'try' block 'catch' ['(' IDENT ')'] block */
static struct stmt *parse_try(struct parser *p)
{
	struct stmt *s = new_stmt(p, STMT_TRY, next(p));

	s->u.try_.body = parse_block(p);
	expect_kw(p, "catch");
	if (peek_op(p, "(")) {
		next(p);
		s->u.try_.var = symbol_from(p, expect_ident(p, HERE));
		expect_op(p, ")");
	}
	s->u.try_.handler = parse_block(p);
	return s;
}

/* return := 'return' [expression] -- only inside functions */
static struct stmt *parse_return(struct parser *p)
{
	const struct token *t = peek(p);
	struct stmt *s;

	if (!p->in_function)
		error_saw(p, HERE, "found 'return' not in function context");
	next(p);
	s = new_stmt(p, STMT_RETURN, t);
	t = peek(p);
	if (tok_is_op(t, ";") || tok_is_op(t, "}"))
		return s;
	if (t->kind == TOK_EOF)
		error_saw(p, HERE, "expected ';', '}' or an expression statement");
	s->u.expr = parse_expression(p);
	return s;
}

/*
 * statement := ';' | block | if | while | for | foreach | try
 *            | ('break' | 'continue' | 'next' | return | 'delete' expr
 *               | expression) [';']
 */
static struct stmt *parse_one_statement(struct parser *p)
{
	const struct token *t = peek(p);
	struct stmt *s;

	if (tok_is_op(t, ";")) {
		next(p);
		return new_stmt(p, STMT_NULL, t);
	}
	if (tok_is_op(t, "{"))
		return parse_block(p);
	if (tok_is_kw(t, "if"))
		return parse_if(p);
	if (tok_is_kw(t, "while"))
		return parse_while(p);
	if (tok_is_kw(t, "for"))
		return parse_for(p);
	if (tok_is_kw(t, "foreach"))
		return parse_foreach(p);
	if (tok_is_kw(t, "try"))
		return parse_try(p);
	if (tok_is_kw(t, "break") || tok_is_kw(t, "continue") ||
	    tok_is_kw(t, "next")) {
		next(p);
		s = new_stmt(p, t->text[0] == 'b' ? STMT_BREAK :
				t->text[0] == 'c' ? STMT_CONTINUE : STMT_NEXT, t);
	} else if (tok_is_kw(t, "return")) {
		s = parse_return(p);
	} else if (tok_is_kw(t, "delete")) {
		next(p);
		s = new_stmt(p, STMT_DELETE, t);
		s->u.expr = parse_expression(p);
	} else if (t->kind == TOK_KEYWORD || t->kind == TOK_EOF ||
		   t->kind == TOK_JUNK) {
		error_saw(p, HERE, "expected statement");
	} else {
		s = expr_stmt(p);
	}
	if (peek_op(p, ";"))
		next(p);
	return s;
}

/* A statement, counted as a level of nesting (blocks, if, loops). */
static struct stmt *parse_statement(struct parser *p)
{
	struct stmt *s;

	nest(p);
	p->ops = 0;
	s = parse_one_statement(p);
	p->depth--;
	return s;
}

/* ===================== declarations ===================== */

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Name taken by a global of this file?  Returns it or NULL. */
static struct global *find_global(struct parser *p, const char *name)
{
	size_t i;

	if (!p->gcap)
		return NULL;
	for (i = name_hash(name) & (p->gcap - 1); p->gtab[i];
	     i = (i + 1) & (p->gcap - 1))
		if (!strcmp(p->gtab[i]->name, name))
			return p->gtab[i];
	return NULL;
}

static void index_global(struct parser *p, struct global *g)
{
	size_t i = name_hash(g->name) & (p->gcap - 1);

	while (p->gtab[i])
		i = (i + 1) & (p->gcap - 1);
	p->gtab[i] = g;
}

/*
 * Add g to the file's globals and to the hash (a script may declare
 * thousands; a list search made that quadratic).
 */
static void add_global(struct parser *p, struct global *g)
{
	struct vec *v = &p->file->globals;
	size_t i;

	vec_push(v, g);
	if (2 * v->len <= p->gcap) {
		index_global(p, g);
		return;
	}
	p->gcap = p->gcap ? 2 * p->gcap : 64;
	p->gtab = arena_alloc(p->a, p->gcap * sizeof(*p->gtab));
	for (i = 0; i < v->len; i++)
		index_global(p, v->items[i]);
}

/*
 * global := 'global' var {',' var} [';']
 * var := IDENT ['%'] ['[' NUMBER ']'] ['=' literal]
 */
static void parse_global(struct parser *p, bool is_private,
			 const struct token *name)
{
	for (;;) {
		const struct token *t = name ? name : expect_ident(p, HERE);
		struct global *g = arena_new(p->a, struct global), *old;
		struct expr *size = NULL;
		bool more;

		g->tok = t;
		g->name = t->text;
		g->is_private = is_private;
		old = find_global(p, t->text);
		if (old && old->is_private != is_private)
			error_saw(p, HERE, "global versus private variable declaration conflict");
		if (old)
			error_saw(p, HERE, "duplicate global name");
		add_global(p, g);	/* before its size: an error keeps it */
		if (peek_op(p, "%")) {
			next(p);
			g->wrap = true;
		}
		if (peek_op(p, "[")) {
			next(p);
			size = parse_plain_number(p);
			/* Upstream has let go of the number: no token to name. */
			p->last = NULL;
			if (size->u.num <= 0 || size->u.num > 2147483647)
				error_saw(p, HERE, "array size out of range");
			g->size = size->u.num;
			expect_op(p, "]");
		}
		if (peek_op(p, "=")) {
			if (size || g->wrap)
				error_saw(p, HERE, "only scalar globals can be initialized");
			next(p);
			g->init = parse_literal(p);
		}
		more = peek_op(p, ",");
		if (!more)
			break;
		next(p);
		peek(p);	/* upstream looks before it takes */
		name = NULL;
	}
	if (peek_op(p, ";"))
		next(p);
}

/* After ':', the type name. */
static enum type parse_type_name(struct parser *p)
{
	const struct token *t = next(p);

	if (tok_is_kw(t, "string"))
		return TYPE_STRING;
	if (tok_is_kw(t, "long"))
		return TYPE_LONG;
	error_saw(p, HERE, "expected 'string' or 'long'");
}

static enum type parse_type_suffix(struct parser *p)
{
	next(p);	/* ':' */
	return parse_type_name(p);
}

/*
 * function := 'function' NAME [':' TYPE] '(' [param {',' param}] ')'
 *             [':' NUMBER] (block | '%{ C %}')
 * param := IDENT [':' TYPE]
 */
static void parse_function(struct parser *p, bool is_private)
{
	struct function *f = arena_new(p->a, struct function);
	struct vec params = { 0 };
	const struct token *t = peek(p);
	unsigned i;

	if (t->kind != TOK_IDENT && !tok_is_kw(t, "string") &&
	    !tok_is_kw(t, "long"))
		error_saw(p, HERE, "expected identifier");
	next(p);
	f->tok = t;
	f->name = t->text;
	f->is_private = is_private;
	if (peek_op(p, ":"))
		f->rettype = parse_type_suffix(p);
	expect_op_at(p, HERE, "(");
	if (!peek_op(p, ")")) {
		for (;;) {
			struct param *pa = arena_new(p->a, struct param);

			t = expect_ident(p, HERE);
			pa->tok = t;
			pa->name = t->text;
			for (i = 0; i < params.len; i++)
				if (!strcmp(((struct param *)params.items[i])->name,
					    t->text))
					error_saw(p, HERE, "duplicate parameter names");
			vec_push_arena(p->a, &params, pa);
			t = next(p);
			if (tok_is_op(t, ":")) {
				pa->type = parse_type_name(p);
				t = next(p);
			}
			if (tok_is_op(t, ")"))
				break;
			if (!tok_is_op(t, ","))
				error_saw(p, HERE, "expected ',' or ')'");
		}
	} else {
		next(p);	/* ')' */
	}
	f->nparams = params.len;
	f->params = arena_alloc(p->a, params.len * sizeof(*f->params));
	for (i = 0; i < params.len; i++)
		f->params[i] = *(struct param *)params.items[i];
	if (peek_op(p, ":")) {
		struct expr *prio;

		next(p);
		prio = parse_literal(p);
		if (prio->kind != EXPR_NUMBER)
			error_saw(p, HERE, "expected literal number");
		f->priority = prio->u.num;
		if (f->priority <= 0)
			error_saw(p, HERE, "specified priority must be > 0");
	}
	t = peek(p);
	if (t->kind == TOK_EMBEDDED) {
		next(p);
		if (!p->opts->privileged) {
			p->noskip = true;
			error_saw(p, SITE_EMBEDDED, "embedded code in unprivileged script; need stap -g");
		}
		f->embedded = t;
	} else {
		p->in_function = true;
		f->body = parse_block(p);
		p->in_function = false;
	}
	vec_push(&p->file->functions, f);
}

static struct pp_comp *comp_copy(struct parser *p, struct vec *seq)
{
	struct pp_comp *v = arena_alloc(p->a, seq->len * sizeof(*v));
	unsigned i;

	for (i = 0; i < seq->len; i++)
		v[i] = *(struct pp_comp *)seq->items[i];
	return v;
}

/*
 * A component name: identifiers, keywords, numbers-free words and '*'
 * glued together when they touch ("foo*bar", "**").
 */
static const struct token *component_name(struct parser *p,
					  const struct token *first,
					  const char **out)
{
	const struct token *prev = first;
	struct vec parts = { 0 };	/* not a strbuf: peek() may longjmp */

	if (first->kind != TOK_IDENT && first->kind != TOK_KEYWORD &&
	    !tok_is_op(first, "*"))
		error_saw(p, HERE, "expected identifier or '*' or '{'");
	vec_push_arena(p->a, &parts, (void *)prev);
	for (;;) {
		const struct token *t = peek(p);

		if (!(t->kind == TOK_IDENT || t->kind == TOK_KEYWORD ||
		      tok_is_op(t, "*")) || !adjacent(prev, t))
			break;
		prev = next(p);
		vec_push_arena(p->a, &parts, (void *)prev);
	}
	*out = join_texts(p, &parts);
	return first;
}

/* A probe point being parsed: its components so far and its suffix. */
struct point {
	struct vec comps;	/* struct pp_comp *, in the arena */
	bool optional, sufficient;
	struct expr *cond;
};

static bool has_suffix(const struct point *pt)
{
	return pt->optional || pt->sufficient || pt->cond;
}

/*
 * Every point of heads followed by every point of tails (upstream's
 * cartesian product), the suffix from the tail.  Only the last part of a
 * point may have a suffix.
 */
static struct vec product(struct parser *p, struct vec *heads,
			  struct vec *tails)
{
	struct vec out = { 0 };
	size_t size = 0;
	unsigned i, j, k;

	for (i = 0; i < heads->len; i++) {
		struct point *h = heads->items[i];

		if (has_suffix(h))
			error_at(p, HERE, ((struct pp_comp *)h->comps.items[0])->tok,
				 "'?', '!' or condition must only be specified in suffix");
	}
	/* Braces multiply: a handful of them must not eat all memory. */
	for (i = 0; i < heads->len; i++)
		size += (size_t)((struct point *)heads->items[i])->comps.len * tails->len;
	for (j = 0; j < tails->len; j++)
		size += (size_t)((struct point *)tails->items[j])->comps.len * heads->len;
	if (size > PARSE_MAX_EXPANSION)
		error_saw(p, HERE, "probe point expands to too many components (more than %u)",
			  PARSE_MAX_EXPANSION);
	for (i = 0; i < heads->len; i++) {
		for (j = 0; j < tails->len; j++) {
			struct point *h = heads->items[i], *t = tails->items[j];
			struct point *n = h;

			/* One alternative: append in place, so a.b.c... stays linear. */
			if (tails->len > 1) {
				n = arena_new(p->a, struct point);
				for (k = 0; k < h->comps.len; k++)
					vec_push_arena(p->a, &n->comps, h->comps.items[k]);
			}
			for (k = 0; k < t->comps.len; k++)
				vec_push_arena(p->a, &n->comps, t->comps.items[k]);
			n->optional = t->optional;
			n->sufficient = t->sufficient;
			n->cond = t->cond;
			vec_push_arena(p->a, &out, n);
		}
	}
	return out;
}

static struct vec parse_points(struct parser *p);

/*
 * component := name ['(' literal ')'] | '{' points '}'
 * Returns the points it stands for.
 */
static struct vec parse_component(struct parser *p)
{
	struct vec alts = { 0 };
	const struct token *t = next(p);
	struct point *pt;
	struct pp_comp *c;

	if (tok_is_op(t, "{")) {
		nest(p);
		alts = parse_points(p);
		p->depth--;
		if (!peek_op(p, "}"))
			error_saw(p, HERE, "expected '}'");
		next(p);
		return alts;
	}
	c = arena_new(p->a, struct pp_comp);
	c->tok = component_name(p, t, &c->name);
	if (peek_op(p, "(")) {
		next(p);
		c->arg = parse_literal(p);
		expect_op_at(p, HERE, ")");
	}
	pt = arena_new(p->a, struct point);
	vec_push_arena(p->a, &pt->comps, c);
	vec_push_arena(p->a, &alts, pt);
	return alts;
}

/*
 * chain := component {'.' component} ['!' | '?'] ['if' '(' expression ')']
 * (upstream's parse_components); the suffix applies to all its points.
 */
static struct vec parse_chain(struct parser *p)
{
	struct vec pts = { 0 }, tail;
	unsigned i;

	for (;;) {
		tail = parse_component(p);
		pts = pts.len ? product(p, &pts, &tail) : tail;
		if (!peek_op(p, "."))
			break;
		next(p);
	}
	if (peek_op(p, "!") || peek_op(p, "?")) {
		bool suff = peek_op(p, "!");

		for (i = 0; i < pts.len; i++) {
			struct point *pt = pts.items[i];

			if (pt->optional || pt->sufficient)
				error_saw(p, HERE, "'?' or '!' respecified");
			pt->optional = true;
			pt->sufficient = suff;
		}
		next(p);
	}
	if (peek_kw(p, "if")) {
		struct expr *cond;

		next(p);
		if (!peek_op(p, "("))
			error_saw(p, HERE, "expected '('");
		next(p);
		cond = parse_expression(p);
		for (i = 0; i < pts.len; i++) {
			struct point *pt = pts.items[i];

			if (pt->cond)
				error_saw(p, HERE, "condition respecified");
			pt->cond = cond;
		}
		if (!peek_op(p, ")"))
			error_saw(p, HERE, "expected ')'");
		next(p);
	}
	return pts;
}

/* points := chain {',' chain}, up to one of '{' '}' '=' '+=' */
static struct vec parse_points(struct parser *p)
{
	struct vec pts = { 0 };

	for (;;) {
		struct vec chain = parse_chain(p);
		const struct token *t;
		unsigned i;

		for (i = 0; i < chain.len; i++)
			vec_push_arena(p->a, &pts, chain.items[i]);
		t = peek(p);
		if (tok_is_op(t, ",")) {
			next(p);
			continue;
		}
		if (tok_is_op(t, "{") || tok_is_op(t, "}") ||
		    tok_is_op(t, "=") || tok_is_op(t, "+="))
			return pts;
		error_saw(p, HERE, "expected one of ', { } = +='");
	}
}

/* The finished probe points, into out. */
static void add_points(struct parser *p, struct vec *pts, struct vec *out)
{
	unsigned i;

	for (i = 0; i < pts->len; i++) {
		struct point *pt = pts->items[i];
		struct probe_point *pp = arena_new(p->a, struct probe_point);

		pp->comps = comp_copy(p, &pt->comps);
		pp->ncomps = pt->comps.len;
		pp->tok = pp->comps[0].tok;
		pp->optional = pt->optional;
		pp->sufficient = pt->sufficient;
		pp->cond = pt->cond;
		vec_push_arena(p->a, out, pp);
	}
}

/*
 * probe := 'probe' points block
 * alias := 'probe' point ('=' | '+=') { point ('=' | '+=') } points
 *          block [',' block]
 * points := probe_point {',' probe_point}
 */
static void parse_probe(struct parser *p)
{
	const struct token *kw = next(p);
	struct vec points = { 0 }, names = { 0 };
	struct probe_alias *alias = NULL;

	for (;;) {
		struct vec pts = parse_points(p);
		const struct token *t = peek(p);

		if (pts.len == 1 && (tok_is_op(t, "=") || tok_is_op(t, "+="))) {
			struct point *name = pts.items[0];

			if (name->optional || name->sufficient)
				error_at(p, HERE, ((struct pp_comp *)name->comps.items[0])->tok,
					 "probe point alias name cannot be optional nor sufficient");
			next(p);
			if (!alias) {
				alias = arena_new(p->a, struct probe_alias);
				alias->tok = kw;
			}
			if (tok_is_op(t, "+="))
				alias->epilogue_style = true;
			add_points(p, &pts, &names);
			continue;
		}
		if (tok_is_op(t, "{")) {
			add_points(p, &pts, &points);
			break;
		}
		error_saw(p, HERE, "expected probe point specifier");
	}
	if (!alias) {
		struct probe *pr = arena_new(p->a, struct probe);

		pr->tok = kw;
		pr->points = (struct probe_point **)points.items;
		pr->npoints = points.len;
		pr->body = parse_block(p);
		pr->privileged = p->opts->privileged;
		vec_push(&p->file->probes, pr);
		return;
	}
	alias->names = (struct probe_point **)names.items;
	alias->nnames = names.len;
	alias->points = (struct probe_point **)points.items;
	alias->npoints = points.len;
	if (alias->epilogue_style) {
		alias->epilogue = parse_block(p);
	} else {
		alias->prologue = parse_block(p);
		if (peek_op(p, ",")) {
			next(p);
			alias->epilogue = parse_block(p);
		}
	}
	if (alias->epilogue_style && peek_op(p, ","))
		error_saw(p, HERE, "Combined prologue and epilogue cannot be defined with '+='");
	vec_push(&p->file->aliases, alias);
}

/* private := 'private' ('global' globals | 'function' function | globals) */
static void parse_private(struct parser *p)
{
	const struct token *t;

	next(p);
	t = next(p);	/* taken even when wrong, as upstream does */
	if (tok_is_kw(t, "global")) {
		parse_global(p, true, expect_ident(p, HERE));
	} else if (tok_is_kw(t, "function")) {
		parse_function(p, true);
	} else if (t->kind == TOK_IDENT) {
		parse_global(p, true, t);
	} else {
		error_saw(p, HERE, "expected 'function' or identifier");
	}
}

/* Skip to the next token that can start a declaration. */
static void recover(struct parser *p)
{
	for (;;) {
		const struct token *t;

		if (!p->nla)
			p->la[p->nla++] = fetch(p);
		t = p->la[0];
		if (is_pp_error(t)) {
			shift_la(p);
			diag_pp_error(t);
			continue;
		}
		if (t->kind == TOK_EOF || t->kind == TOK_EMBEDDED ||
		    tok_is_kw(t, "probe") || tok_is_kw(t, "global") ||
		    tok_is_kw(t, "function") || tok_is_kw(t, "private"))
			return;
		shift_la(p);
	}
}

/* file := { probe | alias | global | private | function | '%{ C %}' } */
static bool parse_declarations(struct parser *p)
{
	volatile bool any = false;

	for (;;) {
		if (setjmp(p->recover)) {
			p->in_function = false;
			p->depth = 0;
			if (p->noskip)
				p->noskip = false;
			else
				recover(p);
			continue;
		}
		for (;;) {
			const struct token *t = peek(p);

			if (t->kind == TOK_EOF)
				return any;
			any = true;
			p->ops = 0;
			if (tok_is_kw(t, "probe")) {
				parse_probe(p);
			} else if (tok_is_kw(t, "global")) {
				next(p);
				parse_global(p, false, NULL);
			} else if (tok_is_kw(t, "private")) {
				parse_private(p);
			} else if (tok_is_kw(t, "function")) {
				next(p);
				parse_function(p, false);
			} else if (t->kind == TOK_EMBEDDED) {
				next(p);
				if (!p->opts->privileged) {
					p->noskip = true;
					error_saw(p, SITE_EMBEDDED, "embedded code in unprivileged script; need stap -g");
				}
				vec_push(&p->file->embeds, (void *)t);
			} else {
				error_saw(p, HERE, "expected 'probe', 'global', 'private', 'function', or '%%{'");
			}
		}
	}
}

static void parser_init(struct parser *p, struct arena *a,
			const struct srcfile *src,
			const struct parse_opts *opts, struct macro_table *own,
			const struct lex_args *args)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->src = src;
	p->opts = opts;
	p->lx = lex_open(a, src, args);
	lex_set_compat(p->lx, opts->compat);
	p->pp = pp_open(a, opts->env, p->lx, own, opts->lib_macros);
	p->file = arena_new(a, struct stapfile);
	p->file->src = src;
}

/*
 * The file's lists grow with vec_push while parsing (find_global reads them
 * back); move them into the arena so the AST is arena-only and nothing is
 * leaked, also when the file had errors and is dropped.
 */
static void freeze_file(struct arena *a, struct stapfile *f)
{
	f->embeds = vec_freeze(a, &f->embeds);
	f->globals = vec_freeze(a, &f->globals);
	f->aliases = vec_freeze(a, &f->aliases);
	f->probes = vec_freeze(a, &f->probes);
	f->functions = vec_freeze(a, &f->functions);
}

struct stapfile *parse_file(struct arena *a, const struct srcfile *src,
			    const struct parse_opts *opts)
{
	struct parser p;
	struct macro_table own = { .macros = { 0 } };
	unsigned errors = diag.errors;
	bool any;

	parser_init(&p, a, src, opts, &own, opts->args);
	any = parse_declarations(&p);
	pp_close(p.pp);
	lex_close(p.lx);
	vec_free(&own.macros);
	freeze_file(a, p.file);
	/* A library file may well be empty after preprocessing. */
	if (!any && !src->is_tapset) {
		/* Upstream says which of the two it was, and no count. */
		diag_fatal_msg(lex_count(p.lx) ?
			       "Input file '%s' is empty after preprocessing." :
			       "Input file '%s' is empty.", src->name);
		return NULL;
	}
	errors = diag.errors - errors;
	if (errors) {
		diag_fatal_msg("%u parse error%s.", errors, errors == 1 ? "" : "s");
		diag.errors--;	/* the count line is not an error itself */
		return NULL;
	}
	return p.file;
}

bool parse_macro_file(struct arena *a, const struct srcfile *src,
		      const struct parse_opts *opts, struct macro_table *lib)
{
	struct parser p;
	unsigned errors = diag.errors;

	parser_init(&p, a, src, opts, lib, NULL);
	if (!setjmp(p.recover)) {
		const struct token *t = peek(&p);

		if (t->kind != TOK_EOF)
			error_saw(&p, HERE, "unexpected token in library macro file '%s'",
				  src->name);
	}
	pp_close(p.pp);
	lex_close(p.lx);
	return diag.errors == errors;
}
