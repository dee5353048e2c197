/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parse.h - pass 1: a hand-written recursive-descent parser.
 *
 * Each grammar function carries its rule as a comment.  Errors are reported
 * through diag and recovered from at the top level (skip to the next
 * 'probe', 'global', 'private', 'function' or '%{'), so one run reports
 * several.
 */
#ifndef STAP_PARSE_H
#define STAP_PARSE_H

#include <stdbool.h>

#include "ast.h"
#include "pp.h"

struct parse_opts {
	const struct pp_env *env;
	const struct lex_args *args;	/* $1.. for the user script */
	const struct macro_table *lib_macros;
	bool privileged;		/* -g, or a library file */
	int compat;			/* --compatible as major*100+minor */
};

/*
 * Parse one file.  Returns the file, or NULL if it had errors (which were
 * reported) or was empty (also reported).
 */
struct stapfile *parse_file(struct arena *a, const struct srcfile *src,
			    const struct parse_opts *opts);

/* Parse a .stpm library macro file into lib (only @define allowed). */
bool parse_macro_file(struct arena *a, const struct srcfile *src,
		      const struct parse_opts *opts, struct macro_table *lib);

#endif
