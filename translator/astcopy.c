// SPDX-License-Identifier: GPL-2.0-or-later
/* astcopy.c - deep copies of statements and expressions. */
#include "astcopy.h"

#include <string.h>

static struct expr_list copy_list(struct arena *a, const struct expr_list *l)
{
	struct expr_list r = { NULL, l->n };
	unsigned i;

	if (!l->n)
		return r;
	r.v = arena_alloc(a, l->n * sizeof(*r.v));
	for (i = 0; i < l->n; i++)
		r.v[i] = copy_expr(a, l->v[i]);
	return r;
}

static void copy_target(struct arena *a, struct target *t)
{
	struct target_comp *c = t->comps;
	unsigned i;

	t->operand = copy_expr(a, t->operand);
	if (!t->ncomps)
		return;
	t->comps = arena_alloc(a, t->ncomps * sizeof(*c));
	for (i = 0; i < t->ncomps; i++) {
		t->comps[i] = c[i];
		t->comps[i].index = copy_expr(a, c[i].index);
	}
}

struct expr *copy_expr(struct arena *a, const struct expr *e)
{
	struct expr *r;

	if (!e)
		return NULL;
	r = arena_new(a, struct expr);
	*r = *e;
	switch (e->kind) {
	case EXPR_NUMBER: case EXPR_STRING: case EXPR_SYMBOL:
	case EXPR_PROBEWRITE: case EXPR_PERF: case EXPR_CONST:
	case EXPR_EMBEDDED:
		break;
	case EXPR_TARGET:
		copy_target(a, &r->u.target);
		break;
	case EXPR_UNARY: case EXPR_PREINC: case EXPR_POSTINC:
		r->u.unary.operand = copy_expr(a, e->u.unary.operand);
		break;
	case EXPR_BINARY: case EXPR_LOGICAL: case EXPR_COMPARE:
	case EXPR_CONCAT: case EXPR_REGEX: case EXPR_ASSIGN:
		r->u.binary.left = copy_expr(a, e->u.binary.left);
		r->u.binary.right = copy_expr(a, e->u.binary.right);
		break;
	case EXPR_TERNARY:
		r->u.ternary.cond = copy_expr(a, e->u.ternary.cond);
		r->u.ternary.yes = copy_expr(a, e->u.ternary.yes);
		r->u.ternary.no = copy_expr(a, e->u.ternary.no);
		break;
	case EXPR_IN:
		r->u.in.keys = copy_list(a, &e->u.in.keys);
		r->u.in.array = copy_expr(a, e->u.in.array);
		break;
	case EXPR_INDEX:
		r->u.index.base = copy_expr(a, e->u.index.base);
		r->u.index.keys = copy_list(a, &e->u.index.keys);
		break;
	case EXPR_CALL:
		r->u.call.args = copy_list(a, &e->u.call.args);
		break;
	case EXPR_PRINT:
		r->u.print.format = copy_expr(a, e->u.print.format);
		r->u.print.delim = copy_expr(a, e->u.print.delim);
		r->u.print.args = copy_list(a, &e->u.print.args);
		break;
	case EXPR_STAT:
		r->u.stat.operand = copy_expr(a, e->u.stat.operand);
		r->u.stat.shift = copy_expr(a, e->u.stat.shift);
		break;
	case EXPR_HIST:
		r->u.hist.operand = copy_expr(a, e->u.hist.operand);
		r->u.hist.start = copy_expr(a, e->u.hist.start);
		r->u.hist.stop = copy_expr(a, e->u.hist.stop);
		r->u.hist.interval = copy_expr(a, e->u.hist.interval);
		break;
	case EXPR_DEFINED: case EXPR_ENTRY:
		r->u.operand = copy_expr(a, e->u.operand);
		break;
	case EXPR_REGISTER:
		r->u.reg.regno = copy_expr(a, e->u.reg.regno);
		break;
	case EXPR_DEREF:
		r->u.deref.size = copy_expr(a, e->u.deref.size);
		r->u.deref.addr = copy_expr(a, e->u.deref.addr);
		break;
	}
	return r;
}

struct stmt *copy_stmt(struct arena *a, const struct stmt *s)
{
	struct stmt *r;
	unsigned i;

	if (!s)
		return NULL;
	r = arena_new(a, struct stmt);
	*r = *s;
	switch (s->kind) {
	case STMT_BLOCK:
		if (s->u.block.n)
			r->u.block.v = arena_alloc(a, s->u.block.n * sizeof(*r->u.block.v));
		for (i = 0; i < s->u.block.n; i++)
			r->u.block.v[i] = copy_stmt(a, s->u.block.v[i]);
		break;
	case STMT_EXPR: case STMT_RETURN: case STMT_DELETE:
		r->u.expr = copy_expr(a, s->u.expr);
		break;
	case STMT_IF:
		r->u.if_.cond = copy_expr(a, s->u.if_.cond);
		r->u.if_.then = copy_stmt(a, s->u.if_.then);
		r->u.if_.else_ = copy_stmt(a, s->u.if_.else_);
		break;
	case STMT_WHILE: case STMT_FOR:
		r->u.loop.init = copy_stmt(a, s->u.loop.init);
		r->u.loop.cond = copy_expr(a, s->u.loop.cond);
		r->u.loop.incr = copy_stmt(a, s->u.loop.incr);
		r->u.loop.body = copy_stmt(a, s->u.loop.body);
		break;
	case STMT_FOREACH:
		r->u.foreach.value = copy_expr(a, s->u.foreach.value);
		r->u.foreach.keys = copy_list(a, &s->u.foreach.keys);
		r->u.foreach.array = copy_expr(a, s->u.foreach.array);
		r->u.foreach.slice = copy_list(a, &s->u.foreach.slice);
		r->u.foreach.limit = copy_expr(a, s->u.foreach.limit);
		r->u.foreach.body = copy_stmt(a, s->u.foreach.body);
		break;
	case STMT_TRY:
		r->u.try_.body = copy_stmt(a, s->u.try_.body);
		r->u.try_.var = copy_expr(a, s->u.try_.var);
		r->u.try_.handler = copy_stmt(a, s->u.try_.handler);
		break;
	case STMT_NULL: case STMT_BREAK: case STMT_CONTINUE: case STMT_NEXT:
		break;
	}
	return r;
}
