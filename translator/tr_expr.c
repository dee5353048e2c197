// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_expr.c - pass 3: expressions.
 *
 * tr_expr() emits the statements an expression needs (function calls,
 * checked divisions, assignments...) and returns a C expression for its
 * value that is valid right after them.  Evaluation is left to right:
 * when a right operand has side effects, the left one is first saved in
 * a temporary, so the right one cannot change what the left one read.
 * Strings are `const char *` into a variable or a string temporary.
 */
#include <ctype.h>
#include <string.h>

#include "regex.h"
#include "tr.h"

static struct cval val(enum type ty, const char *c)
{
	return (struct cval){ ty, c };
}

/* Could evaluating E change a variable, print, or call anything? */
bool tr_has_side_effects(const struct expr *e)
{
	unsigned i;

	if (!e)
		return false;
	switch (e->kind) {
	case EXPR_ASSIGN: case EXPR_PREINC: case EXPR_POSTINC:
	case EXPR_CALL: case EXPR_PRINT: case EXPR_EMBEDDED:
		return true;
	case EXPR_UNARY:
		return tr_has_side_effects(e->u.unary.operand);
	case EXPR_BINARY: case EXPR_LOGICAL: case EXPR_COMPARE:
	case EXPR_CONCAT: case EXPR_REGEX:
		return tr_has_side_effects(e->u.binary.left) ||
		       tr_has_side_effects(e->u.binary.right);
	case EXPR_TERNARY:
		return tr_has_side_effects(e->u.ternary.cond) ||
		       tr_has_side_effects(e->u.ternary.yes) ||
		       tr_has_side_effects(e->u.ternary.no);
	case EXPR_IN:
		for (i = 0; i < e->u.in.keys.n; i++)
			if (tr_has_side_effects(e->u.in.keys.v[i]))
				return true;
		return false;
	case EXPR_INDEX:
		for (i = 0; i < e->u.index.keys.n; i++)
			if (tr_has_side_effects(e->u.index.keys.v[i]))
				return true;
		return false;
	case EXPR_STAT:
		return tr_has_side_effects(e->u.stat.operand);
	default:
		return false;
	}
}

/* Copy a value into a temporary, so later statements cannot change it. */
struct cval tr_save(struct tr *t, struct cval v)
{
	if (v.type == TYPE_STRING) {
		char *tmp = tr_tmp_str(t);

		tr_line(t, "stp_strcpy(%s, %s);", tmp, v.c);
		return val(TYPE_STRING, tmp);
	}
	{
		const char *tmp = tr_tmp_long(t);

		tr_line(t, "%s = %s;", tmp, v.c);
		return val(TYPE_LONG, tmp);
	}
}

/* Evaluate LEFT so that a side-effecting RIGHT cannot disturb it. */
static struct cval left_operand(struct tr *t, struct expr *left,
				const struct expr *right)
{
	struct cval v = tr_expr(t, left);

	return tr_has_side_effects(right) ? tr_save(t, v) : v;
}

/* ---- literals and variables ---- */

/*
 * A string literal as C.  The lexer keeps the script's escapes as
 * written (they are C's), and turns \" into a bare quote, so quotes and
 * newlines are the only characters to escape again.
 */
const char *tr_cstring(struct tr *t, const char *raw)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	char *out;

	strbuf_addc(&sb, '"');
	for (p = raw; *p; p++) {
		if (*p == '\\' && p[1]) {
			strbuf_addc(&sb, *p++);
			strbuf_addc(&sb, *p);
		} else if (*p == '"') {
			strbuf_adds(&sb, "\\\"");
		} else if (*p == '\n') {
			strbuf_adds(&sb, "\\n");
		} else if (*p == '?') {
			strbuf_adds(&sb, "\\?");	/* no trigraphs */
		} else {
			strbuf_addc(&sb, *p);
		}
	}
	strbuf_addc(&sb, '"');
	out = arena_strdup(t->arena, sb.buf);
	strbuf_release(&sb);
	return out;
}

static const char *c_number(struct tr *t, int64_t n)
{
	if (n == INT64_MIN)
		return "(-9223372036854775807LL - 1)";
	return tr_fmt(t, "((int64_t)%lldLL)", (long long)n);
}

static struct cval symbol(struct tr *t, struct expr *e)
{
	struct vardecl *v = e->var;

	if (!v) {
		tr_error(t, e->tok, "unresolved symbol in pass 3: ");
		return val(TYPE_LONG, "0");
	}
	if (v->arity > 0 || v->type == TYPE_STATS) {
		tr_error(t, e->tok, "array or statistics used as a value: ");
		return val(TYPE_LONG, "0");
	}
	return val(v->type == TYPE_STRING ? TYPE_STRING : TYPE_LONG, tr_var(t, v));
}

/* ---- arithmetic ---- */

static bool op_is(const char *op, const char *s)
{
	return strcmp(op, s) == 0;
}

/* L OP R for longs, with the runtime's checked helpers where needed. */
const char *tr_arith(struct tr *t, const char *op, const char *l,
			 const char *r, const struct token *tok)
{
	if (op_is(op, "/") || op_is(op, "%")) {
		const char *tmp = tr_tmp_long(t);

		tr_line(t, "%s = stp_%s(c, %s, %s, %s);", tmp,
			op_is(op, "/") ? "div" : "mod", l, r, tr_tokdesc(t, tok));
		tr_line(t, "if (unlikely(c->last_error))");
		tr_line(t, "\tgoto %s;", t->err_label);
		return tmp;
	}
	if (op_is(op, "<<"))
		return tr_fmt(t, "stp_shl(%s, %s)", l, r);
	if (op_is(op, ">>"))
		return tr_fmt(t, "stp_shr(%s, %s)", l, r);
	if (op_is(op, ">>>"))
		return tr_fmt(t, "stp_ushr(%s, %s)", l, r);
	/* Wrapping, as the kernel compiles with -fno-strict-overflow. */
	return tr_fmt(t, "((%s) %s (%s))", l, op, r);
}

static struct cval binary(struct tr *t, struct expr *e)
{
	struct cval l = left_operand(t, e->u.binary.left, e->u.binary.right);
	struct cval r = tr_expr(t, e->u.binary.right);

	return val(TYPE_LONG, tr_arith(t, e->u.binary.op, l.c, r.c, e->tok));
}

static struct cval compare(struct tr *t, struct expr *e)
{
	struct cval l = left_operand(t, e->u.binary.left, e->u.binary.right);
	struct cval r = tr_expr(t, e->u.binary.right);

	if (l.type == TYPE_STRING)
		return val(TYPE_LONG, tr_fmt(t, "((int64_t)(strcmp(%s, %s) %s 0))",
					     l.c, r.c, e->u.binary.op));
	return val(TYPE_LONG, tr_fmt(t, "((int64_t)((%s) %s (%s)))", l.c,
				     e->u.binary.op, r.c));
}

static struct cval concat(struct tr *t, struct expr *e)
{
	struct cval l = left_operand(t, e->u.binary.left, e->u.binary.right);
	struct cval r = tr_expr(t, e->u.binary.right);
	char *tmp = tr_tmp_str(t);

	tr_line(t, "stp_concat(%s, %s, %s);", tmp, l.c, r.c);
	return val(TYPE_STRING, tmp);
}

/*
 * Code emitted while generating a sub-expression, taken back out of the
 * body so it can go inside a branch (&&, ||, ?:).
 */
static char *take_code(struct tr *t, size_t from)
{
	char *code = arena_strdup(t->arena, t->code.buf + from);

	t->code.len = from;
	t->code.buf[from] = '\0';
	return code;
}

/* Put taken code back, one level deeper. */
static void put_code_indented(struct tr *t, const char *code)
{
	const char *p;

	for (p = code; *p; p++) {
		if (p == code || p[-1] == '\n')
			if (*p != '\n' && *p != '#')
				strbuf_addc(&t->code, '\t');
		strbuf_addc(&t->code, *p);
	}
}

static struct cval logical(struct tr *t, struct expr *e)
{
	bool and = op_is(e->u.binary.op, "&&");
	struct cval l = tr_expr(t, e->u.binary.left);
	size_t mark = t->code.len;
	struct cval r = tr_expr(t, e->u.binary.right);
	const char *tmp;
	char *code;

	if (t->code.len == mark)
		return val(TYPE_LONG, tr_fmt(t, "((int64_t)((%s) %s (%s)))", l.c,
					     e->u.binary.op, r.c));
	/* The right side has work of its own: run it only when needed. */
	code = take_code(t, mark);
	tmp = tr_tmp_long(t);
	tr_line(t, "%s = !!(%s);", tmp, l.c);
	tr_line(t, "if (%s%s) {", and ? "" : "!", tmp);
	put_code_indented(t, code);
	tr_line(t, "\t%s = !!(%s);", tmp, r.c);
	tr_line(t, "}");
	return val(TYPE_LONG, tmp);
}

static struct cval ternary(struct tr *t, struct expr *e)
{
	struct cval cond = tr_expr(t, e->u.ternary.cond);
	size_t mark = t->code.len;
	struct cval yes = tr_expr(t, e->u.ternary.yes);
	char *yes_code = take_code(t, mark);
	struct cval no = tr_expr(t, e->u.ternary.no);
	char *no_code = take_code(t, mark);
	const char *cond_c = cond.c;
	bool is_str = yes.type == TYPE_STRING;
	const char *res;

	if (!*yes_code && !*no_code)
		return val(yes.type, tr_fmt(t, "((%s) ? (%s) : (%s))", cond.c,
					   yes.c, no.c));
	res = is_str ? tr_tmp_str(t) : tr_tmp_long(t);
	tr_line(t, "if (%s) {", cond_c);
	put_code_indented(t, yes_code);
	if (is_str)
		tr_line(t, "\tstp_strcpy(%s, %s);", res, yes.c);
	else
		tr_line(t, "\t%s = %s;", res, yes.c);
	tr_line(t, "} else {");
	put_code_indented(t, no_code);
	if (is_str)
		tr_line(t, "\tstp_strcpy(%s, %s);", res, no.c);
	else
		tr_line(t, "\t%s = %s;", res, no.c);
	tr_line(t, "}");
	return val(yes.type, res);
}

static struct cval unary(struct tr *t, struct expr *e)
{
	struct cval v = tr_expr(t, e->u.unary.operand);
	const char *op = e->u.unary.op;

	if (op_is(op, "!"))
		return val(TYPE_LONG, tr_fmt(t, "((int64_t)!(%s))", v.c));
	/* Through unsigned: -INT64_MIN wraps, without a compiler warning. */
	if (op_is(op, "-"))
		return val(TYPE_LONG, tr_fmt(t, "((int64_t)-(uint64_t)(%s))", v.c));
	return val(TYPE_LONG, tr_fmt(t, "(%s(%s))", op, v.c));
}

/* ---- assignment ---- */

void tr_store_string(struct tr *t, const char *dst, struct cval v)
{
	tr_line(t, "stp_strcpy(%s, %s);", dst, v.c);
}

/* "+=" -> "+", "=" -> NULL */
static const char *compound_op(struct tr *t, const char *op)
{
	size_t n = strlen(op);

	if (op_is(op, "=") || op_is(op, "<<<"))
		return NULL;
	return tr_fmt(t, "%.*s", (int)(n - 1), op);
}

static struct cval assign_scalar(struct tr *t, struct expr *e, struct vardecl *v)
{
	const char *dst = tr_var(t, v);
	const char *op = e->u.binary.op;
	struct cval r;

	/* <<< into statistics writes this CPU's data: a shared lock. */
	tr_use_global(t, v, v->type == TYPE_STATS ? TR_READ : TR_WRITE);
	if (v->type == TYPE_STATS) {
		r = tr_expr(t, e->u.binary.right);
		tr_line(t, "stp_stat_add(%s, %s);", dst, r.c);
		return r;
	}
	r = tr_expr(t, e->u.binary.right);
	if (v->type == TYPE_STRING) {
		if (op_is(op, ".="))
			tr_line(t, "stp_concat(%s, %s, %s);", dst, dst, r.c);
		else
			tr_store_string(t, dst, r);
		return val(TYPE_STRING, dst);
	}
	if (compound_op(t, op))
		tr_line(t, "%s = %s;", dst,
			tr_arith(t, compound_op(t, op), dst, r.c, e->tok));
	else
		tr_line(t, "%s = %s;", dst, r.c);
	return val(TYPE_LONG, dst);
}

static struct cval assign(struct tr *t, struct expr *e)
{
	struct expr *lhs = e->u.binary.left;

	if (lhs->kind == EXPR_SYMBOL && lhs->var)
		return assign_scalar(t, e, lhs->var);
	if (lhs->kind == EXPR_INDEX) {
		struct cval r = tr_expr(t, e->u.binary.right), res;

		tr_index_write(t, lhs, e->u.binary.op, r, &res);
		return res;
	}
	tr_error(t, lhs->tok, "assignment to this expression is not supported: ");
	return val(TYPE_LONG, "0");
}

/* ++x x++ --x x-- */
static struct cval increment(struct tr *t, struct expr *e)
{
	struct expr *x = e->u.unary.operand;
	bool pre = e->kind == EXPR_PREINC;
	const char *op = op_is(e->u.unary.op, "++") ? "+=" : "-=";
	struct cval one = val(TYPE_LONG, "1"), res;

	if (x->kind == EXPR_SYMBOL && x->var) {
		const char *v = tr_var(t, x->var);

		tr_use_global(t, x->var, TR_WRITE);
		if (pre) {
			tr_line(t, "%s %s 1;", v, op);
			return val(TYPE_LONG, v);
		}
		res = tr_save(t, val(TYPE_LONG, v));
		tr_line(t, "%s %s 1;", v, op);
		return res;
	}
	if (x->kind == EXPR_INDEX) {
		struct cval old = pre ? one : tr_save(t, tr_index_read(t, x));

		tr_index_write(t, x, op, one, &res);
		return pre ? res : old;
	}
	tr_error(t, x->tok, "increment of this expression is not supported: ");
	return val(TYPE_LONG, "0");
}

/* ---- function calls ---- */

/* Store the saved arguments into F's frame and call it. */
static void call_one(struct tr *t, struct expr *e, struct function *f,
		     struct cval *args, const char *res)
{
	unsigned i;

	tr_note_call(t, f);
	for (i = 0; i < f->nparams; i++) {
		const char *slot = tr_fmt(t, "STP_NEXT_FRAME(c)->%s.l_%s",
					  f->cname, f->params[i].name);

		if (args[i].type == TYPE_STRING)
			tr_line(t, "stp_strcpy(%s, %s);", slot, args[i].c);
		else
			tr_line(t, "%s = %s;", slot, args[i].c);
	}
	tr_line(t, "c->last_stmt = %s;", tr_tokdesc(t, e->tok));
	tr_line(t, "function_%s(c);", f->cname);
	tr_check_error(t);
	if (!f->next_overload && function_may_next(f)) {
		/* `next` in the last overload: upstream's run-time error. */
		tr_line(t, "if (unlikely(c->next)) {");
		tr_line(t, "\tc->next = 0;");
		tr_line(t, "\tc->last_stmt = %s;", tr_tokdesc(t, e->tok));
		tr_line(t, "\tc->last_error = \"all functions exhausted\";");
		tr_line(t, "\tgoto %s;", t->err_label);
		tr_line(t, "}");
	}
	if (f->next_overload) {
		tr_line(t, "if (c->next) {");
		t->indent++;
		tr_line(t, "c->next = 0;");
		call_one(t, e, f->next_overload, args, res);
		t->indent--;
		tr_line(t, "} else {");
		t->indent++;
	}
	if (res && f->rettype == TYPE_STRING)
		tr_line(t, "stp_strcpy(%s, STP_NEXT_FRAME(c)->%s.__retvalue);",
			res, f->cname);
	else if (res)
		tr_line(t, "%s = STP_NEXT_FRAME(c)->%s.__retvalue;", res, f->cname);
	if (f->next_overload) {
		t->indent--;
		tr_line(t, "}");
	}
}

static struct cval call(struct tr *t, struct expr *e)
{
	struct function *f = e->fn;
	struct cval *args;
	const char *res = NULL;
	unsigned i;

	if (!f) {
		tr_error(t, e->tok, "unresolved function call in pass 3: ");
		return val(TYPE_LONG, "0");
	}
	/* Arguments first, all saved: a later one may call functions too. */
	args = arena_alloc(t->arena, sizeof(*args) * (e->u.call.args.n + 1));
	for (i = 0; i < e->u.call.args.n; i++) {
		struct expr *a = e->u.call.args.v[i];

		args[i] = tr_expr(t, a);
		if (a->kind != EXPR_NUMBER && a->kind != EXPR_STRING)
			args[i] = tr_save(t, args[i]);
	}
	if (e->type == TYPE_STRING)
		res = tr_tmp_str(t);
	else if (e->type == TYPE_LONG)
		res = tr_tmp_long(t);
	call_one(t, e, f, args, res);
	return val(e->type == TYPE_STRING ? TYPE_STRING : TYPE_LONG,
		   res ? res : "((int64_t)0)");
}

/* %{ C %} as an expression (guru mode): long unless tagged string. */
static struct cval embedded_expr(struct tr *t, struct expr *e)
{
	const char *s = e->u.str;
	size_t n = strlen(s);
	/* the token may hold the %{ %} delimiters or only the code */
	const char *code = n >= 4 && !strncmp(s, "%{", 2) &&
			   !strcmp(s + n - 2, "%}") ?
			   tr_fmt(t, "%.*s", (int)(n - 4), s + 2) : s;

	tr_line(t, "#define CONTEXT c");
	if (e->type == TYPE_STRING) {
		char *tmp = tr_tmp_str(t);

		tr_line(t, "stp_strcpy(%s, (%s));", tmp, code);
		tr_line(t, "#undef CONTEXT");
		return val(TYPE_STRING, tmp);
	} else {
		const char *tmp = tr_tmp_long(t);

		tr_line(t, "%s = (int64_t)(%s);", tmp, code);
		tr_line(t, "#undef CONTEXT");
		return val(TYPE_LONG, tmp);
	}
}

/* ---- regular expressions ---- */

static int hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* The bytes of a script string literal: its C escapes processed. */
static char *unescape(struct tr *t, const char *raw)
{
	char *out = arena_alloc(t->arena, strlen(raw) + 1), *o = out;
	const char *p = raw;

	while (*p) {
		int c = (unsigned char)*p++, n;

		if (c != '\\' || !*p) {
			*o++ = (char)c;
			continue;
		}
		c = (unsigned char)*p++;
		switch (c) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'a': *o++ = '\a'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'v': *o++ = '\v'; break;
		case 'x':
			for (c = 0, n = 0; n < 2 && isxdigit((unsigned char)*p); n++)
				c = c * 16 + hexval(*p++);
			*o++ = (char)c;
			break;
		default:
			if (c >= '0' && c <= '7') {
				for (n = 1, c -= '0'; n < 3 && *p >= '0' && *p <= '7'; n++)
					c = c * 8 + *p++ - '0';
			}
			*o++ = (char)c;
		}
	}
	*o = '\0';
	return out;
}

/* The runtime's workspace must fit every program (runtime/regex.h). */
static void regex_workspace(struct regex_captures *max,
			    const struct regex_captures *c)
{
	if (c->ninsn > max->ninsn)
		max->ninsn = c->ninsn;
	if (c->nthread > max->nthread)
		max->nthread = c->nthread;
	if (c->nslot > max->nslot)
		max->nslot = c->nslot;
}

/* s =~ "re", s !~ "re": a matcher compiled here, called with s. */
static struct cval regex(struct tr *t, struct expr *e)
{
	struct cval s = tr_expr(t, e->u.binary.left);
	struct expr *re = e->u.binary.right;
	const char *name = tr_fmt(t, "stp_regex_%u", t->nregex++), *err;
	struct regex_captures caps;

	if (re->kind != EXPR_STRING) {
		tr_error(t, re->tok, "regular expression must be a literal string: ");
		return val(TYPE_LONG, "0");
	}
	if (!regex_compile(unescape(t, re->u.str), name,
			   t->regex_caps ? &caps : NULL, &t->decls, &err)) {
		tr_error(t, re->tok, "regex compilation error: %s: ", err);
		return val(TYPE_LONG, "0");
	}
	if (t->regex_caps) {	/* matched() reads the last match */
		regex_workspace(&t->regex_max, &caps);
		name = tr_fmt(t, "stp_regex_record(c, &%s_re, %s, %s)", name,
			      name, s.c);
	} else {
		name = tr_fmt(t, "%s(%s)", name, s.c);
	}
	return val(TYPE_LONG, tr_fmt(t, "(%s%s)",
				     op_is(e->u.binary.op, "!~") ? "!" : "", name));
}

/* @const("C expression"): a constant or accessor of the kernel's C. */
static struct cval const_expr(struct tr *t, struct expr *e)
{
	const char *code = unescape(t, e->u.str);

	if (e->type == TYPE_STRING)
		return val(TYPE_STRING, tr_fmt(t, "((const char *)(%s))", code));
	return val(TYPE_LONG, tr_fmt(t, "((int64_t)(%s))", code));
}

/* ---- the dispatcher ---- */

static struct cval unsupported(struct tr *t, struct expr *e, const char *what)
{
	tr_error(t, e->tok, "%s is not supported by this translator yet: ", what);
	return val(TYPE_LONG, "0");
}

struct cval tr_expr(struct tr *t, struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		return val(TYPE_LONG, c_number(t, e->u.num));
	case EXPR_STRING:
		return val(TYPE_STRING, tr_cstring(t, e->u.str));
	case EXPR_SYMBOL:
		return symbol(t, e);
	case EXPR_UNARY:
		return unary(t, e);
	case EXPR_PREINC:
	case EXPR_POSTINC:
		return increment(t, e);
	case EXPR_BINARY:
		return binary(t, e);
	case EXPR_LOGICAL:
		return logical(t, e);
	case EXPR_COMPARE:
		return compare(t, e);
	case EXPR_CONCAT:
		return concat(t, e);
	case EXPR_ASSIGN:
		return assign(t, e);
	case EXPR_TERNARY:
		return ternary(t, e);
	case EXPR_IN:
		return tr_in(t, e);
	case EXPR_INDEX:
		return tr_index_read(t, e);
	case EXPR_CALL:
		return call(t, e);
	case EXPR_PRINT:
		return tr_print(t, e);
	case EXPR_STAT:
		return tr_stat_op(t, e);
	case EXPR_EMBEDDED:
		return embedded_expr(t, e);
	case EXPR_REGEX:
		return regex(t, e);
	case EXPR_HIST:
		return unsupported(t, e, "a histogram outside print()");
	case EXPR_TARGET:
		return unsupported(t, e, "a target variable");
	case EXPR_DEFINED:
	case EXPR_ENTRY:
	case EXPR_PROBEWRITE:
	case EXPR_PERF:
	case EXPR_REGISTER:
	case EXPR_DEREF:
		return unsupported(t, e, "this @ operator");
	case EXPR_CONST:
		return const_expr(t, e);
	}
	return unsupported(t, e, "this expression");
}

void tr_expr_void(struct tr *t, struct expr *e)
{
	struct cval v = tr_expr(t, e);

	/* Nothing to do with a value without effects; keep C quiet. */
	(void)v;
}
