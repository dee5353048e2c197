// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_stmt.c - pass 3: statements.
 *
 * Statements become plain C control flow with labels.  Work is charged
 * to the context's actionremaining the way upstream charges it, so that
 * "MAXACTION exceeded" names the same token: straight-line statements
 * add to a pending count, which is charged before anything that jumps
 * (if, loops, break, continue, return) and at the end of each branch and
 * loop body.
 */
#include "tr.h"

void tr_actions(struct tr *t, unsigned n, const struct token *tok, bool flush)
{
	t->actions += n;
	if ((flush && t->actions > 0) || t->actions >= 10) {
		tr_line(t, "if (stp_actions(c, %u, %s))", t->actions,
			tr_tokdesc(t, tok));
		tr_line(t, "\tgoto %s;", t->err_label);
		t->actions = 0;
	}
}

/* A block of one statement stands for that statement, as upstream. */
const struct token *tr_stmt_tok(const struct stmt *st)
{
	while (st->kind == STMT_BLOCK && st->u.block.n == 1)
		st = st->u.block.v[0];
	return st->tok;
}

static void block(struct tr *t, struct stmt *st)
{
	unsigned i;

	for (i = 0; i < st->u.block.n; i++)
		tr_stmt(t, st->u.block.v[i]);
}

/* A branch or loop body: its statements, then their charge. */
static void body(struct tr *t, struct stmt *st)
{
	t->indent++;
	tr_stmt(t, st);
	tr_actions(t, 0, tr_stmt_tok(st), true);
	t->indent--;
}

static void if_stmt(struct tr *t, struct stmt *st)
{
	struct cval cond;

	tr_actions(t, 1, st->tok, true);
	cond = tr_expr(t, st->u.if_.cond);
	tr_line(t, "if (%s) {", cond.c);
	body(t, st->u.if_.then);
	if (st->u.if_.else_) {
		tr_line(t, "} else {");
		body(t, st->u.if_.else_);
	}
	tr_line(t, "}");
}

/* while and for: top: if (!cond) break; body; continue: incr; goto top. */
static void loop_stmt(struct tr *t, struct stmt *st)
{
	unsigned n = t->nlabel++;
	const char *top = tr_fmt(t, "top_%u", n), *brk = tr_fmt(t, "break_%u", n);
	const char *cont = tr_fmt(t, "continue_%u", n);
	const char *old_brk = t->break_label, *old_cont = t->cont_label;

	if (st->u.loop.init)
		tr_stmt(t, st->u.loop.init);
	tr_actions(t, 1, st->tok, true);
	tr_line(t, "%s:", top);
	tr_actions(t, 1, st->tok, false);
	if (st->u.loop.cond) {
		struct cval cond = tr_expr(t, st->u.loop.cond);

		tr_line(t, "if (!(%s))", cond.c);
		tr_line(t, "\tgoto %s;", brk);
	}
	t->break_label = brk;
	t->cont_label = cont;
	tr_stmt(t, st->u.loop.body);
	tr_actions(t, 0, tr_stmt_tok(st->u.loop.body), true);
	t->break_label = old_brk;
	t->cont_label = old_cont;
	tr_line(t, "%s: __maybe_unused;", cont);
	if (st->u.loop.incr)
		tr_stmt(t, st->u.loop.incr);
	tr_line(t, "goto %s;", top);
	tr_line(t, "%s: __maybe_unused;", brk);
}

static void jump(struct tr *t, struct stmt *st, const char *label)
{
	tr_actions(t, 1, st->tok, true);
	tr_line(t, "goto %s;", label);
}

static void return_stmt(struct tr *t, struct stmt *st)
{
	if (st->u.expr) {
		struct cval v = tr_expr(t, st->u.expr);

		if (v.type == TYPE_STRING)
			tr_line(t, "stp_strcpy(l->__retvalue, %s);", v.c);
		else
			tr_line(t, "l->__retvalue = %s;", v.c);
	}
	jump(t, st, "out");
}

/* next: in a probe, leave the handler; in a function, the next overload. */
static void next_stmt(struct tr *t, struct stmt *st)
{
	if (t->fn)
		tr_line(t, "c->next = 1;");
	jump(t, st, "out");
}

/*
 * try { body } catch (var) { handler }: errors in the body jump to the
 * catch label, which clears the error and runs the handler.  Running out
 * of actions and abort() are not catchable.
 */
static void try_stmt(struct tr *t, struct stmt *st)
{
	unsigned n = t->nlabel++;
	const char *catch = tr_fmt(t, "catch_%u", n), *done = tr_fmt(t, "try_done_%u", n);
	const char *outer = t->err_label;

	t->err_label = catch;
	body(t, st->u.try_.body);
	t->err_label = outer;
	tr_line(t, "goto %s;", done);
	tr_line(t, "%s:", catch);
	tr_line(t, "if (c->aborted || !stp_catch(c, %s))",
		st->u.try_.var ? tr_var(t, st->u.try_.var->var) : "NULL");
	tr_line(t, "\tgoto %s;", outer);
	tr_actions(t, 1, st->tok, true);
	if (st->u.try_.handler) {
		tr_line(t, "{");
		body(t, st->u.try_.handler);
		tr_line(t, "}");
	}
	tr_line(t, "%s: __maybe_unused;", done);
}

/* A file:line marker comment where the script line changes. */
static void line_marker(struct tr *t, const struct token *tok)
{
	if (!tok || (tok->pos.line == t->last_line && tok->pos.file == t->last_file))
		return;
	t->last_line = tok->pos.line;
	t->last_file = tok->pos.file;
	tr_line(t, "/* %s:%u */", tok->pos.file->name, tok->pos.line);
}

void tr_stmt(struct tr *t, struct stmt *st)
{
	unsigned ntmp = t->ntmp, nstr = t->nstr;

	if (!st)
		return;
	if (st->kind != STMT_BLOCK)
		line_marker(t, st->tok);
	switch (st->kind) {
	case STMT_BLOCK:
		block(t, st);
		break;
	case STMT_NULL:
		break;
	case STMT_EXPR:
		tr_expr_void(t, st->u.expr);
		tr_actions(t, 1, st->tok, false);
		break;
	case STMT_IF:
		if_stmt(t, st);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		loop_stmt(t, st);
		break;
	case STMT_FOREACH:
		tr_foreach(t, st);
		break;
	case STMT_BREAK:
		jump(t, st, t->break_label ? t->break_label : "out");
		break;
	case STMT_CONTINUE:
		jump(t, st, t->cont_label ? t->cont_label : "out");
		break;
	case STMT_NEXT:
		next_stmt(t, st);
		break;
	case STMT_RETURN:
		return_stmt(t, st);
		break;
	case STMT_DELETE:
		tr_delete(t, st->u.expr);
		tr_actions(t, 1, st->tok, false);
		break;
	case STMT_TRY:
		try_stmt(t, st);
		break;
	}
	/* Temporaries live for one statement; the next may reuse them. */
	t->ntmp = ntmp;
	t->nstr = nstr;
}
