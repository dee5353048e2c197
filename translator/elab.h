/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elab.h - the elaborated program: what pass 2 hands to pass 3.
 *
 * Pass 2 (elaborate.c) turns the parse trees of the user script and of the
 * library files it needs into one struct program, hung off the session as
 * s->prog.  Everything pass 3 needs is reachable from there:
 *
 *   prog->globals    every global the program references, in order of
 *                    first reference (struct vardecl)
 *   prog->functions  every function still called from a probe after the
 *                    optimizer (struct function, ast.h, pass-2 fields set)
 *   prog->probes     the derived probes (struct dprobe), one per concrete
 *                    probe point, aliases already expanded, bodies merged;
 *                    then pass 2's own: one empty `begin` if any probe has
 *                    a condition, and the auto-display `end` probes
 *   prog->embeds     top-level %{ %} blocks of the files pulled in
 *
 * How to walk it in pass 3:
 *   - Emit prog->embeds verbatim, in order.
 *   - For each global: a map or scalar named from cname, typed by
 *     type/arity/keytypes, sized by size/wrap, initialised from init.
 *   - For each function: params (pvars) and locals (locals) become fields of
 *     its frame; body is a script body (stmt) or embedded C (f->embedded).
 *     Calls (EXPR_CALL) name their callee in e->fn, which is the first
 *     overload to run; `next` inside overload K continues with
 *     f->next_overload.
 *   - For each dprobe: group by dp->kind for registration (begin/end/
 *     error in dp->u.priority order); the handler runs dp->body with the
 *     frame dp->locals.  A probe with an arming condition (dp->cond) has
 *     "if (!(cond)) next;" first in its body already.  STMT_NEXT in a
 *     probe body ends the handler.
 *   - Every expression has e->type.  Every EXPR_SYMBOL has e->var (also the
 *     symbols that are array bases of EXPR_INDEX/EXPR_IN, foreach arrays
 *     and keys, delete operands, catch variables).  Print-family calls have
 *     e->fmt when their format is a literal.
 *
 * All of it lives in the session arena.  The parse trees of probes are
 * deep-copied per derived probe (alias prologues/epilogues included), so
 * each node belongs to exactly one probe or function and its e->var is
 * unambiguous (the one exception: a condition written directly on a
 * family point is the user's node, shared by the points of that probe;
 * it reads globals only).  The optimizer has already removed dead stores
 * to locals, side-effect-free statements, empty loops and branches with
 * literal conditions, and folded literal ternaries; with -u it did not.
 */
#ifndef STAP_ELAB_H
#define STAP_ELAB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"

struct session;
struct probe_family;

/* Maximum number of keys of an array, as upstream. */
#define MAX_ARRAY_KEYS 9

enum var_kind {
	VAR_LOCAL,	/* a probe's or function's local, foreach/catch vars */
	VAR_PARAM,	/* a function parameter */
	VAR_GLOBAL,	/* a global (private globals too) */
};

/* Which statistic operations a stats global is used with (stat_ops). */
enum stat_op_bits {
	STAT_COUNT = 1 << 0,
	STAT_SUM = 1 << 1,
	STAT_MIN = 1 << 2,
	STAT_MAX = 1 << 3,
	STAT_AVG = 1 << 4,
	STAT_VARIANCE = 1 << 5,
	STAT_HIST_LINEAR = 1 << 6,
	STAT_HIST_LOG = 1 << 7,
};

/*
 * A variable.  One per global, per parameter, and per local of each probe
 * and function (locals are function-scoped: the first assignment
 * anywhere in the body declares them).
 */
struct vardecl {
	enum var_kind kind;
	const char *name;		/* as in the script: "x" */
	/*
	 * Name for generated code and -vp2: "__global_x" for globals,
	 * "__private_<file>_x" for private ones (upstream's mangling), the
	 * plain name for locals and parameters.
	 */
	const char *cname;
	const struct token *tok;	/* declaration, or first use */

	enum type type;			/* value type; TYPE_STATS for stats */
	const struct token *type_tok;	/* where the type was first inferred */
	bool type_declared;		/* from a declaration (:long, = init) */
	int arity;			/* -1 not yet known, 0 scalar, 1..9 */
	const struct token *arity_tok;	/* where arity was first inferred */
	enum type keytypes[MAX_ARRAY_KEYS];	/* arity entries are valid */
	const struct token *keytype_tok[MAX_ARRAY_KEYS];	/* first inferred */

	/* Globals only (from the declaration; zero for the others). */
	const struct global *decl;	/* NULL for synthesized ones */
	int64_t size;			/* [SIZE], 0 = MAXMAPENTRIES */
	bool wrap;			/* % : overwrite oldest when full */
	struct expr *init;		/* literal initializer, or NULL */
	bool is_private;
	const struct stapfile *file;	/* declaring file (privates) */

	/* Stats globals: the operations used on it anywhere. */
	unsigned stat_ops;		/* enum stat_op_bits */
	/*
	 * Histogram parameters: upstream requires all @hist_linear uses of
	 * one variable to agree; they are checked and kept here.
	 */
	int64_t hist_start, hist_stop, hist_interval;

	/* Usage, for pass 2's warnings and for pass 3's locking. */
	bool read;			/* value read somewhere */
	bool written;			/* assigned, <<<, ++, deleted */
	unsigned index;			/* position in its owner's list */
};

/*
 * A parsed printf-style format (e->fmt of EXPR_PRINT with a format, and of
 * print/println... which get a synthesized one: no).  Pass 2 parses the
 * literal to check argument counts and types; pass 3 can emit from it.
 */
enum fmt_conv {
	FMT_LITERAL,	/* text: literal, escapes as written in the script */
	FMT_PERCENT,	/* %% */
	FMT_SIGNED,	/* %d %i */
	FMT_UNSIGNED,	/* %u */
	FMT_OCTAL,	/* %o */
	FMT_HEX,	/* %x */
	FMT_HEX_UPPER,	/* %X */
	FMT_POINTER,	/* %p */
	FMT_CHAR,	/* %c */
	FMT_STRING,	/* %s */
	FMT_BINARY,	/* %b */
	FMT_MEMORY,	/* %m */
	FMT_MEMORY_HEX,	/* %M */
};

enum fmt_flag_bits {
	FMT_F_ZERO = 1 << 0,	/* 0 */
	FMT_F_PLUS = 1 << 1,	/* + */
	FMT_F_MINUS = 1 << 2,	/* - */
	FMT_F_SPACE = 1 << 3,	/* ' ' */
	FMT_F_ALT = 1 << 4,	/* # */
};

#define FMT_NONE (-1)	/* width/precision not given */
#define FMT_STAR (-2)	/* width/precision '*': taken from an argument */

struct fmt_comp {
	enum fmt_conv conv;
	const char *text;	/* FMT_LITERAL only */
	unsigned flags;		/* enum fmt_flag_bits */
	int width, precision;	/* >= 0, FMT_NONE or FMT_STAR */
	/*
	 * The type of the argument the conversion consumes (TYPE_LONG or
	 * TYPE_STRING; TYPE_UNKNOWN for literal text and %%).  A FMT_STAR
	 * width/precision consumes one more TYPE_LONG argument before it.
	 */
	enum type argtype;
};

struct print_fmt {
	struct fmt_comp *v;
	unsigned n;
	unsigned nargs;		/* arguments consumed, '*' included */
};

/* Function tags, from comments in an embedded-C body (f->tags). */
enum fn_tag_bits {
	FN_PURE = 1 << 0,		/* no side effects: may be elided */
	FN_STABLE = 1 << 1,		/* same value within one handler */
	FN_UNPRIVILEGED = 1 << 2,	/* callable by stapusr */
	FN_MYPROC = 1 << 3,		/* myproc-unprivileged */
	FN_GURU = 1 << 4,		/* needs -g even from a tapset */
	FN_UNMODIFIED_ARGS = 1 << 5,	/* unmodified-fnargs */
	FN_STRING = 1 << 6,		/* embedded expression returns string */
};

/*
 * The family of a derived probe, for pass 3's dispatch.  Each family is
 * one entry of the probe family table (probefam.h); adding one adds a
 * kind here.
 */
enum probe_kind {
	PROBE_BEGIN,		/* module start, in priority order */
	PROBE_END,		/* module stop */
	PROBE_ERROR,		/* after a runtime error, at stop */
	PROBE_NEVER,		/* type-checked, never run */
	PROBE_TIMER_HR,		/* hrtimer: timer.ms/us/ns/s/hz */
	PROBE_TIMER_JIFFIES,	/* timer_list: timer.jiffies */
	PROBE_TIMER_PROFILE,	/* timer.profile: every tick on every cpu */
};

/* A derived probe: one concrete probe point with its final handler. */
struct dprobe {
	const struct probe_family *family;	/* table entry (probefam.h) */
	enum probe_kind kind;			/* == family->kind */
	/*
	 * Canonical probe point, as -p2, -l and pp() show it:
	 * "begin", "begin(5)", "timer.ms(100)", "timer.ms(100).randomize(5)".
	 */
	const char *pp;
	/*
	 * The probe as the script named it, as pn() returns it and -l lists
	 * it: the outermost alias name matched ("oneshot", "my.a"), or pp.
	 */
	const char *name;
	/*
	 * The derivation chain, as -p2 prints it in a comment after the
	 * point: each alias expansion step, innermost first, then the user's
	 * probe point list: "a = begin, end <- b = a <- b,c".
	 */
	const char *chain;
	const struct probe *orig;	/* the user's probe statement */
	/*
	 * The point that matched the family (the user's, or an alias's):
	 * its optional/sufficient marks show in -p2.  NULL if synthesized.
	 */
	const struct probe_point *point;
	/*
	 * For messages: the 'probe' keyword, or the innermost alias
	 * reference when derived through aliases (upstream's locations).
	 */
	const struct token *tok;

	/* Family parameters; which are meaningful depends on kind. */
	union {
		/* BEGIN, END, ERROR, NEVER: run order, ascending. */
		int64_t priority;
		struct {
			/*
			 * TIMER_HR: nanoseconds.  TIMER_JIFFIES: jiffies.
			 * timer.hz(N) is stored as TIMER_HR 1e9/N ns.
			 */
			int64_t interval;
			int64_t randomize;	/* same unit, 0 = none */
		} timer;
	} u;

	/*
	 * The handler, one flat STMT_BLOCK (as upstream): the alias
	 * prologues' statements (innermost alias first), the user's body's,
	 * then the epilogues'; deep copies, owned by this probe.  Literals
	 * synthesized by pass 2 (auto-display formats) may hold a bare '"':
	 * emit string literals through an escaping routine.
	 */
	struct stmt *body;
	/*
	 * Every local of the body.  Locals named "__stable_<cname>_value"
	 * are upstream's cache of a parameterless stable function's value
	 * (one per body and function); the calls stay in the tree, so
	 * pass 3 may memoize through them or ignore them.
	 */
	struct vardecl **locals;
	unsigned nlocals;
	/*
	 * Arming condition: the conjunction of the `if (...)` of the user's
	 * point and of the alias points it went through; NULL if none.
	 * Reads globals only.  The body already starts with
	 * "if (!(cond)) next;" (as upstream), so pass 3 needs nothing more
	 * for correctness; it may use cond to (dis)arm the probe.
	 */
	struct expr *cond;
	/*
	 * Made by pass 2: an auto-display end probe, or the one empty begin
	 * probe upstream adds when any probe has an arming condition.
	 */
	bool synthesized;
	unsigned index;		/* position in prog->probes */
};

struct program {
	struct vec globals;	/* struct vardecl *, in -p2 order */
	struct vec functions;	/* struct function *, used ones, -p2 order */
	struct vec probes;	/* struct dprobe *, derivation order */
	struct vec embeds;	/* const struct token * (TOK_EMBEDDED) */
	struct vec files;	/* struct stapfile *: user files, then the
				   library files pulled in */
};

/* Can overload F pass a call on to the next one (a `next` or STAP_NEXT)? */
bool function_may_next(const struct function *f);

/*
 * Pass 2.  Builds s->prog; returns false after reporting semantic errors
 * (s->prog is then incomplete and must not be translated).
 */
bool pass2(struct session *s);

/* -p2 output (elab_print.c): globals, functions, probes; -v adds bodies. */
void print_program(FILE *out, const struct session *s,
		   const struct program *p);

#endif
