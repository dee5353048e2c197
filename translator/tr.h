/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tr.h - what the pieces of pass 3 share: the emitter and its state
 * while one probe handler or function is being written.
 *
 * The shape of the generated C is the runtime's (runtime/README): each
 * probe handler and script function is a C function over the CPU's
 * struct context; its variables and temporaries live in a locals struct
 * in the context (never on the small kernel stack); a function's
 * arguments are stored into the callee's frame, STP_NEXT_FRAME(c), by the
 * caller; an error sets c->last_error and jumps to the error label.
 */
#ifndef STAP_TR_H
#define STAP_TR_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "elab.h"
#include "regex.h"
#include "session.h"
#include "strbuf.h"

/* A C expression and its script type. */
struct cval {
	enum type type;
	const char *c;
};

struct access;

struct tr {
	struct session *s;
	struct program *prog;
	struct arena *arena;
	bool failed;
	/* File-level C the bodies need (regex matchers), written first. */
	struct strbuf decls;
	unsigned nregex;
	/* matched() is used: =~ records its match, in a workspace this big. */
	bool regex_caps;
	struct regex_captures regex_max;
	/* What each handler touches (tr_access.c); access: the current one. */
	struct vec accesses;
	struct access *access;

	/* The handler or function being written. */
	struct strbuf code;	/* its body */
	struct strbuf fields;	/* its locals struct's extra fields */
	int indent;
	unsigned ntmp, maxtmp;		/* long temporaries in use, most */
	unsigned nstr, maxstr;		/* string temporaries */
	unsigned nlabel;		/* label numbers, per C function */
	const char *err_label;		/* where an error jumps */
	const char *break_label, *cont_label;	/* innermost loop's */
	const struct function *fn;	/* NULL in a probe */
	/* Statements run but not yet charged to actionremaining. */
	unsigned actions;
	/* The script line of the last file:line marker comment. */
	const struct srcfile *last_file;
	unsigned last_line;
};

/* Emitting lines of the current body. */
void tr_line(struct tr *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *tr_fmt(struct tr *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A script string literal (escapes as written) as a C literal. */
const char *tr_cstring(struct tr *t, const char *raw);
/* A quoted C string literal for text, e.g. a token description. */
char *tr_quote(struct tr *t, const char *text);
/* "operator '/' at f.stp:2:9", as runtime messages show tokens. */
char *tr_tokdesc(struct tr *t, const struct token *tok);
void tr_error(struct tr *t, const struct token *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fresh temporaries in the locals struct: "l->__tmpN", "l->__strN". */
const char *tr_tmp_long(struct tr *t);
char *tr_tmp_str(struct tr *t);
/* A unique field that keeps its value across statements (loop state). */
const char *tr_field(struct tr *t, const char *ctype);

/* "goto <err_label>;" after a runtime call that may fail. */
void tr_check_error(struct tr *t);

/* The C name of a variable: "l->l_x" or the global's symbol. */
const char *tr_var(struct tr *t, const struct vardecl *v);
/* The C type of a scalar: "int64_t" or "string_t". */
const char *tr_ctype(enum type ty);

/* Expressions (tr_expr.c): emits the statements E needs, returns its value. */
struct cval tr_expr(struct tr *t, struct expr *e);
/* Could evaluating E change a variable, print or call anything? */
bool tr_has_side_effects(const struct expr *e);
/* Copy a value into a temporary, so later statements cannot change it. */
struct cval tr_save(struct tr *t, struct cval v);
/* L OP R for longs, with checked division; may emit statements. */
const char *tr_arith(struct tr *t, const char *op, const char *l,
		     const char *r, const struct token *tok);
/* Evaluate for side effects only. */
void tr_expr_void(struct tr *t, struct expr *e);
/* Assign a value to a variable or array element (used by foreach too). */
void tr_store_string(struct tr *t, const char *dst, struct cval v);

/* Statements (tr_stmt.c). */
void tr_stmt(struct tr *t, struct stmt *st);
/* Charge pending actions (upstream's record_actions). */
void tr_actions(struct tr *t, unsigned n, const struct token *tok, bool flush);
/* A statement's representative token for action charging. */
const struct token *tr_stmt_tok(const struct stmt *st);

/* Arrays and statistics (tr_map.c). */
struct cval tr_index_read(struct tr *t, struct expr *e);
void tr_index_write(struct tr *t, struct expr *lhs, const char *op,
		    struct cval v, struct cval *result);
struct cval tr_in(struct tr *t, struct expr *e);
void tr_delete(struct tr *t, struct expr *e);
void tr_foreach(struct tr *t, struct stmt *st);
struct cval tr_stat_op(struct tr *t, struct expr *e);
struct cval tr_hist_print(struct tr *t, struct expr *e, bool to_string);
/*
 * What options add to the C (tr_options.c): defines before runtime.h;
 * MODULE_INFO lines and the -t tables before the probe tables (and
 * their stp_module fields); an stp_probe entry's timing field.
 */
void tr_options_header(struct tr *t, FILE *f);
void tr_options_tables(struct tr *t, struct strbuf *out, struct strbuf *module);
const char *tr_timing_field(struct tr *t, const struct dprobe *dp);

/* Keys of an index expression into "STP_KEYS(...)" text. */
const char *tr_keys(struct tr *t, const struct vardecl *v,
		    struct expr_list *keys);

/* The derived probes of kind k1 or k2, in derivation order. */
void tr_probes_of(struct tr *t, enum probe_kind k1, enum probe_kind k2,
		  struct vec *out);
/* "static const struct stp_probe stp_NAME_probes[] = { ... };" */
void tr_probe_array(struct tr *t, struct strbuf *out, const char *name,
		    const struct vec *probes);

/* Timer probe tables and registration (tr_timer.c). */
void translate_timers(struct tr *t, struct strbuf *tables,
		      struct strbuf *module);

/* Globals touched and functions called, per handler (tr_access.c). */
enum tr_lock { TR_UNUSED, TR_READ, TR_WRITE };
void tr_access_begin(struct tr *t, const void *owner);
void tr_use_global(struct tr *t, const struct vardecl *v, enum tr_lock mode);
void tr_note_call(struct tr *t, struct function *f);
/* Per global, the lock OWNER's handler needs (callees included); free it. */
unsigned char *tr_access_closure(struct tr *t, const void *owner);
int tr_max_nesting(struct tr *t);
void tr_access_release(struct tr *t);

/* Printing (tr_print.c). */
struct cval tr_print(struct tr *t, struct expr *e);

#endif
