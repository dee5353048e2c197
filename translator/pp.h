/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pp.h - the preprocessor: @define macros and %( %? %: %) conditionals.
 *
 * It works on tokens and is pulled by the parser one token at a time, as
 * upstream's is: the parser's error recovery skips through it, so stray
 * conditional markers met while skipping are reported too.  Errors come out
 * as TOK_JUNK tokens that the parser reports.
 */
#ifndef STAP_PP_H
#define STAP_PP_H

#include <stdbool.h>

#include "arena.h"
#include "lex.h"

/* What %( conditions are evaluated against. */
struct pp_env {
	const char *kernel_v;		/* "6.1.0" */
	const char *kernel_vr;		/* "6.1.0-56-amd64" */
	const char *arch;		/* "x86_64" */
	const char *runtime;		/* "kernel" */
	const char *systemtap_v;	/* --compatible, "4.8" */
	const char *privilege;		/* "stapdev" */
	bool guru;
	/* CONFIG_X value from the kernel's .config, NULL if unset. */
	const char *(*config)(void *ctx, const char *name);
	void *config_ctx;
};

struct macro {
	const struct token *name_tok;
	const char *name;
	const char **params;
	unsigned nparams;
	const struct token **body;
	unsigned nbody;
};

/* A set of macros: a file's own, or the library's (.stpm files). */
struct macro_table {
	struct vec macros;	/* struct macro * */
	/* Hash index of macros by name, in the arena that holds them. */
	struct macro **index;
	size_t cap;		/* 0 or a power of two */
};

struct macro *macro_find(const struct macro_table *t, const char *name);

struct pp;

/*
 * Start preprocessing the tokens of one file, read from lx.  Macros it
 * defines go into own (file-local); library macros are looked up in lib
 * (may be NULL).
 */
struct pp *pp_open(struct arena *a, const struct pp_env *env,
		   struct lexer *lx, struct macro_table *own,
		   const struct macro_table *lib);
/* The next token; TOK_EOF at the end, forever. */
const struct token *pp_next(struct pp *pp);
void pp_close(struct pp *pp);

/* Is name (without '@') a built-in @operator? */
bool pp_is_atword(const char *name);

#endif
