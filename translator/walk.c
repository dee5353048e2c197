// SPDX-License-Identifier: GPL-2.0-or-later
/* walk.c - call a function on every expression of a tree (pre-order). */
#include "elab_int.h"

static void walk_list(struct expr_list *l, expr_fn fn, void *ctx)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		walk_expr(l->v[i], fn, ctx);
}

void walk_expr(struct expr *e, expr_fn fn, void *ctx)
{
	unsigned i;

	if (!e)
		return;
	fn(e, ctx);
	switch (e->kind) {
	case EXPR_NUMBER: case EXPR_STRING: case EXPR_SYMBOL:
	case EXPR_PROBEWRITE: case EXPR_PERF: case EXPR_CONST:
	case EXPR_EMBEDDED:
		break;
	case EXPR_TARGET:
		walk_expr(e->u.target.operand, fn, ctx);
		for (i = 0; i < e->u.target.ncomps; i++)
			walk_expr(e->u.target.comps[i].index, fn, ctx);
		break;
	case EXPR_UNARY: case EXPR_PREINC: case EXPR_POSTINC:
		walk_expr(e->u.unary.operand, fn, ctx);
		break;
	case EXPR_BINARY: case EXPR_LOGICAL: case EXPR_COMPARE:
	case EXPR_CONCAT: case EXPR_REGEX: case EXPR_ASSIGN:
		walk_expr(e->u.binary.left, fn, ctx);
		walk_expr(e->u.binary.right, fn, ctx);
		break;
	case EXPR_TERNARY:
		walk_expr(e->u.ternary.cond, fn, ctx);
		walk_expr(e->u.ternary.yes, fn, ctx);
		walk_expr(e->u.ternary.no, fn, ctx);
		break;
	case EXPR_IN:
		walk_list(&e->u.in.keys, fn, ctx);
		walk_expr(e->u.in.array, fn, ctx);
		break;
	case EXPR_INDEX:
		walk_expr(e->u.index.base, fn, ctx);
		walk_list(&e->u.index.keys, fn, ctx);
		break;
	case EXPR_CALL:
		walk_list(&e->u.call.args, fn, ctx);
		break;
	case EXPR_PRINT:
		walk_expr(e->u.print.format, fn, ctx);
		walk_expr(e->u.print.delim, fn, ctx);
		walk_list(&e->u.print.args, fn, ctx);
		break;
	case EXPR_STAT:
		walk_expr(e->u.stat.operand, fn, ctx);
		walk_expr(e->u.stat.shift, fn, ctx);
		break;
	case EXPR_HIST:
		walk_expr(e->u.hist.operand, fn, ctx);
		break;
	case EXPR_DEFINED: case EXPR_ENTRY:
		walk_expr(e->u.operand, fn, ctx);
		break;
	case EXPR_REGISTER:
		walk_expr(e->u.reg.regno, fn, ctx);
		break;
	case EXPR_DEREF:
		walk_expr(e->u.deref.size, fn, ctx);
		walk_expr(e->u.deref.addr, fn, ctx);
		break;
	}
}

void walk_stmt(struct stmt *st, expr_fn fn, void *ctx)
{
	unsigned i;

	if (!st)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			walk_stmt(st->u.block.v[i], fn, ctx);
		break;
	case STMT_EXPR: case STMT_RETURN: case STMT_DELETE:
		walk_expr(st->u.expr, fn, ctx);
		break;
	case STMT_IF:
		walk_expr(st->u.if_.cond, fn, ctx);
		walk_stmt(st->u.if_.then, fn, ctx);
		walk_stmt(st->u.if_.else_, fn, ctx);
		break;
	case STMT_WHILE: case STMT_FOR:
		walk_stmt(st->u.loop.init, fn, ctx);
		walk_expr(st->u.loop.cond, fn, ctx);
		walk_stmt(st->u.loop.incr, fn, ctx);
		walk_stmt(st->u.loop.body, fn, ctx);
		break;
	case STMT_FOREACH:
		walk_expr(st->u.foreach.value, fn, ctx);
		walk_list(&st->u.foreach.keys, fn, ctx);
		walk_expr(st->u.foreach.array, fn, ctx);
		walk_list(&st->u.foreach.slice, fn, ctx);
		walk_expr(st->u.foreach.limit, fn, ctx);
		walk_stmt(st->u.foreach.body, fn, ctx);
		break;
	case STMT_TRY:
		walk_stmt(st->u.try_.body, fn, ctx);
		walk_expr(st->u.try_.var, fn, ctx);
		walk_stmt(st->u.try_.handler, fn, ctx);
		break;
	case STMT_NULL: case STMT_BREAK: case STMT_CONTINUE: case STMT_NEXT:
		break;
	}
}

void walk_stmts(struct stmt *st, stmt_fn fn, void *ctx)
{
	unsigned i;

	if (!st)
		return;
	fn(st, ctx);
	switch (st->kind) {
	case STMT_BLOCK:
		for (i = 0; i < st->u.block.n; i++)
			walk_stmts(st->u.block.v[i], fn, ctx);
		break;
	case STMT_IF:
		walk_stmts(st->u.if_.then, fn, ctx);
		walk_stmts(st->u.if_.else_, fn, ctx);
		break;
	case STMT_WHILE: case STMT_FOR:
		walk_stmts(st->u.loop.init, fn, ctx);
		walk_stmts(st->u.loop.incr, fn, ctx);
		walk_stmts(st->u.loop.body, fn, ctx);
		break;
	case STMT_FOREACH:
		walk_stmts(st->u.foreach.body, fn, ctx);
		break;
	case STMT_TRY:
		walk_stmts(st->u.try_.body, fn, ctx);
		walk_stmts(st->u.try_.handler, fn, ctx);
		break;
	default:
		break;
	}
}
