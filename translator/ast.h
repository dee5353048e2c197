/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ast.h - the parse tree.
 *
 * Tagged unions with a common header: each enumerator's comment names the
 * union member that is live for it.  Every node keeps the token it came
 * from, for diagnostics.  Nodes live in the session arena.
 */
#ifndef STAP_AST_H
#define STAP_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "lex.h"

/* Value types of the language (filled in by pass 2). */
enum type {
	TYPE_UNKNOWN,
	TYPE_LONG,
	TYPE_STRING,
	TYPE_STATS,
};

struct expr;
struct stmt;
/* Pass 2's structures (elab.h); the parser leaves pointers to them NULL. */
struct vardecl;
struct print_fmt;
struct function;
struct stapfile;

/* A suffix of a target expression: ->name, [index], $ or $$. */
enum comp_kind {
	COMP_MEMBER,		/* name */
	COMP_INDEX,		/* index (a number literal or any expr) */
	COMP_PRETTY,		/* $ (depth 1) or $$ (depth 2): name */
};

struct target_comp {
	enum comp_kind kind;
	const struct token *tok;
	const char *name;
	struct expr *index;
};

enum expr_kind {
	EXPR_NUMBER,	/* u.num */
	EXPR_STRING,	/* u.str */
	EXPR_SYMBOL,	/* u.name: a variable */
	EXPR_TARGET,	/* u.target: $var, $$vars, @cast, @var, autocast */
	EXPR_UNARY,	/* u.unary: + - ! ~ */
	EXPR_PREINC,	/* u.unary: ++x --x */
	EXPR_POSTINC,	/* u.unary: x++ x-- */
	EXPR_BINARY,	/* u.binary: * / % + - << >> >>> & ^ | */
	EXPR_LOGICAL,	/* u.binary: && || */
	EXPR_COMPARE,	/* u.binary: < > <= >= == != */
	EXPR_CONCAT,	/* u.binary: . */
	EXPR_REGEX,	/* u.binary: =~ !~ (right is a string literal) */
	EXPR_ASSIGN,	/* u.binary: = += ... .= <<< */
	EXPR_TERNARY,	/* u.ternary */
	EXPR_IN,	/* u.in: [k, ...] in array */
	EXPR_INDEX,	/* u.index: array[k, ...] or @hist(...)[k] */
	EXPR_CALL,	/* u.call: function call */
	EXPR_PRINT,	/* u.print: print family */
	EXPR_STAT,	/* u.stat: @count @sum @min @max @avg @variance */
	EXPR_HIST,	/* u.hist: @hist_linear @hist_log */
	EXPR_DEFINED,	/* u.operand: @defined(e) */
	EXPR_ENTRY,	/* u.operand: @entry(e) */
	EXPR_PROBEWRITE,/* u.name: @probewrite(var) */
	EXPR_PERF,	/* u.str: @perf("counter") */
	EXPR_REGISTER,	/* u.reg: @kregister(n) @uregister(n) */
	EXPR_DEREF,	/* u.deref: @kderef(size, addr) @uderef(...) */
	EXPR_CONST,	/* u.str: @const("C expr") */
	EXPR_EMBEDDED,	/* u.str: %{ C %} as an expression */
};

/* The wildcard '*' in an index list of delete/in/slicing is NULL. */
struct expr_list {
	struct expr **v;
	unsigned n;
};

enum target_base {
	TARGET_VAR,		/* $name, $$vars ...: name */
	TARGET_CAST,		/* @cast(operand, type [, module]) */
	TARGET_ATVAR,		/* @var("name" [, module]) */
	TARGET_AUTOCAST,	/* any expression followed by -> or [ */
};

struct target {
	enum target_base base;
	const char *name;		/* TARGET_VAR: "$x"; ATVAR: "x@f.c" */
	struct expr *operand;		/* CAST, AUTOCAST */
	const char *type;		/* CAST: "struct task_struct" */
	const char *module;		/* CAST, ATVAR: or NULL */
	bool addressof;			/* &$x */
	struct target_comp *comps;
	unsigned ncomps;
};

struct expr {
	enum expr_kind kind;
	const struct token *tok;	/* representative token */
	enum type type;			/* pass 2 */
	/*
	 * Pass 2 (elab.h) fills these in; the parser leaves them NULL.
	 * var: EXPR_SYMBOL's variable.  fn: EXPR_CALL's callee (the first
	 * overload to run).  fmt: EXPR_PRINT's parsed format literal.
	 */
	struct vardecl *var;
	struct function *fn;
	struct print_fmt *fmt;
	union {
		int64_t num;
		const char *str;
		const char *name;
		struct target target;
		struct {
			const char *op;
			struct expr *operand;
		} unary;
		struct {
			const char *op;
			struct expr *left, *right;
		} binary;
		struct {
			struct expr *cond, *yes, *no;
		} ternary;
		struct {
			struct expr_list keys;
			struct expr *array;	/* symbol or hist */
		} in;
		struct {
			struct expr *base;	/* symbol or hist */
			struct expr_list keys;
		} index;
		struct {
			const char *name;
			struct expr_list args;
		} call;
		struct {
			const char *name;	/* printf, sprintln, ... */
			struct expr *format;	/* printf family: the literal */
			struct expr *delim;	/* printd family */
			struct expr_list args;
		} print;
		struct {
			const char *op;		/* "count", "sum", ... */
			struct expr *operand;
			struct expr *shift;	/* @variance(x, bitshift) */
		} stat;
		struct {
			bool linear;
			struct expr *operand;
			struct expr *start, *stop, *interval;
		} hist;
		struct expr *operand;
		struct {
			bool user;
			struct expr *regno;
		} reg;
		struct {
			bool user;
			struct expr *size, *addr;
		} deref;
	} u;
};

enum stmt_kind {
	STMT_BLOCK,	/* u.block */
	STMT_NULL,	/* ";" */
	STMT_EXPR,	/* u.expr */
	STMT_IF,	/* u.if_ */
	STMT_WHILE,	/* u.loop (cond, body) */
	STMT_FOR,	/* u.loop */
	STMT_FOREACH,	/* u.foreach */
	STMT_BREAK,
	STMT_CONTINUE,
	STMT_NEXT,
	STMT_RETURN,	/* u.expr, NULL for a bare return */
	STMT_DELETE,	/* u.expr */
	STMT_TRY,	/* u.try_ */
};

struct stmt {
	enum stmt_kind kind;
	const struct token *tok;
	union {
		struct {
			struct stmt **v;
			unsigned n;
		} block;
		struct expr *expr;
		struct {
			struct expr *cond;
			struct stmt *then, *else_;
		} if_;
		struct {
			struct stmt *init;	/* for only; may be NULL */
			struct expr *cond;	/* may be NULL in for */
			struct stmt *incr;	/* for only; may be NULL */
			struct stmt *body;
		} loop;
		struct {
			struct expr *value;	/* V in "V = [K] in A", or NULL */
			struct expr_list keys;	/* symbols */
			struct expr *array;	/* symbol, or histogram */
			struct expr_list slice;	/* A[k, *], NULL entries = * */
			int sort_key;		/* -1 none, 0 value, i+1 key i */
			int sort_dir;		/* +1 ascending, -1 descending */
			const char *sort_agg;	/* @sum ... after the array */
			struct expr *limit;
			struct stmt *body;
		} foreach;
		struct {
			struct stmt *body;
			struct expr *var;	/* catch (var), or NULL */
			struct stmt *handler;
		} try_;
	} u;
};

/* One component of a probe point: name or name(literal). */
struct pp_comp {
	const struct token *tok;
	const char *name;	/* may hold * and ** wildcards */
	struct expr *arg;	/* number or string literal, or NULL */
	char suffix;		/* '!' or '?' given inside a brace group */
};

struct probe_point {
	const struct token *tok;
	struct pp_comp *comps;
	unsigned ncomps;
	bool optional;		/* ? */
	bool sufficient;	/* ! */
	struct expr *cond;	/* if (cond), or NULL */
};

struct probe {
	const struct token *tok;	/* the 'probe' keyword */
	struct probe_point **points;
	unsigned npoints;
	struct stmt *body;		/* block */
	bool privileged;		/* from a tapset */
};

struct probe_alias {
	const struct token *tok;
	struct probe_point **names;	/* the alias names (chain) */
	unsigned nnames;
	struct probe_point **points;	/* what they expand to */
	unsigned npoints;
	bool epilogue_style;		/* += */
	struct stmt *prologue, *epilogue;	/* either may be NULL */
};

struct global {
	const struct token *tok;
	const char *name;
	bool is_private;
	bool wrap;		/* % */
	int64_t size;		/* declared [SIZE], 0 = default */
	struct expr *init;	/* literal initializer, or NULL */
	enum type type;		/* pass 2 */
};

struct param {
	const struct token *tok;
	const char *name;
	enum type type;		/* declared :long/:string, else unknown */
};

struct function {
	const struct token *tok;
	const char *name;
	bool is_private;
	enum type rettype;	/* declared, else unknown */
	struct param *params;
	unsigned nparams;
	int64_t priority;	/* : N after the parameter list */
	struct stmt *body;	/* script body, or NULL */
	const struct token *embedded;	/* %{ %} body, or NULL */

	/* Pass 2 (elab.h); the parser leaves these zero. */
	const struct stapfile *file;	/* the defining file */
	const char *cname;	/* "__global_f__overload_0" (-vp2, pass 3) */
	struct vardecl **pvars;	/* nparams parameters as variables */
	struct vardecl **locals;	/* locals of the body */
	unsigned nlocals;
	/*
	 * Same name and arity, next higher priority value; NULL if none, or
	 * if this overload never continues with `next` (the optimizer then
	 * drops the rest).
	 */
	struct function *next_overload;
	unsigned overload;	/* K of "__overload_K" */
	unsigned tags;		/* enum fn_tag_bits from embedded comments */
	bool used;		/* reachable from a probe */
	bool typed;		/* rettype declared */
	unsigned char purity;	/* optimize.c: 0 unknown, 1 in progress,
				   2 side-effect free, 3 not */
	const struct token *rettype_tok;	/* where rettype was inferred */
};

/* A parsed file.  Lists keep the source order within each kind. */
struct stapfile {
	const struct srcfile *src;
	struct vec embeds;	/* const struct token * (TOK_EMBEDDED) */
	struct vec globals;	/* struct global * */
	struct vec aliases;	/* struct probe_alias * */
	struct vec probes;	/* struct probe * */
	struct vec functions;	/* struct function * */
	bool is_library;	/* pass 2: a tapset file */
};

#endif
