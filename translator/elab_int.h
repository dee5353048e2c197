/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elab_int.h - pass 2's internal interfaces between its files. */
#ifndef STAP_ELAB_INT_H
#define STAP_ELAB_INT_H

#include "elab.h"
#include "session.h"
#include "tapset.h"

#define ALIAS_BUCKETS 256

struct elab {
	struct session *s;
	struct arena *a;
	struct program *p;
	struct tapset_index *idx;	/* NULL until the library is needed */
	struct vec files;		/* struct stapfile *: user + loaded */
	struct vec globals;		/* struct vardecl *: declared, loaded */
	struct vec work;		/* struct function *: to resolve */
	size_t work_done;		/* work[0..work_done) resolved */
	size_t probes_done;		/* p->probes[0..probes_done) resolved */
	size_t files_done;		/* files whose own probes are derived */
	/*
	 * The aliases of the files read, by the hash of their name's first
	 * component (alias names have no wildcards), in file order: a
	 * point like syscall.read looks at one bucket, not every alias.
	 */
	struct vec alias_buckets[ALIAS_BUCKETS];	/* struct alias_ref * */
};

struct alias_ref {
	struct probe_alias *alias;
	unsigned name;		/* index into alias->names */
};

unsigned alias_bucket(const char *first_component);

/* A body's variable scope while resolving. */
struct scope {
	const struct stapfile *file;	/* for private symbols */
	struct vardecl **params;
	unsigned nparams;
	struct vec locals;		/* struct vardecl * */
	bool in_function;
};

/* resolve.c */
void elab_add_file(struct elab *el, struct stapfile *f);
bool elab_load_library_symbol(struct elab *el, enum tsym_kind kind,
			      const char *name);
void resolve_stmt(struct elab *el, struct scope *sc, struct stmt *st);
void resolve_expr(struct elab *el, struct scope *sc, struct expr *e);
void resolve_functions(struct elab *el);
struct vardecl *new_var(struct elab *el, enum var_kind kind,
			const char *name, const struct token *tok);
void freeze_locals(struct elab *el, struct scope *sc, struct vardecl ***v,
		   unsigned *n);

/* " (similar: a, b)" or "" for target among names (sorts names). */
const char *similar_names(struct arena *a, const char *target,
			  struct vec *names);

/* types.c */
void infer_types(struct elab *el);

/* optimize.c */
void optimize(struct elab *el);		/* before type inference */
void optimize_stable(struct elab *el);	/* after it */

/* autodisplay.c */
void add_autodisplay(struct elab *el);

/* Walk helpers (walk.c): call fn on every expression under a node. */
typedef void (*expr_fn)(struct expr *e, void *ctx);
void walk_stmt(struct stmt *st, expr_fn fn, void *ctx);
void walk_expr(struct expr *e, expr_fn fn, void *ctx);
/* Call fn on every statement under st, st first (pre-order). */
typedef void (*stmt_fn)(struct stmt *st, void *ctx);
void walk_stmts(struct stmt *st, stmt_fn fn, void *ctx);

/* "name:type (arg:type, ...)" of a function (elab_print.c). */
void print_function_decl(FILE *out, const struct function *f);

/* A string for a probe point (as -p1 prints it) from the arena. */
char *point_string(struct arena *a, const struct probe_point *pt);

#endif
