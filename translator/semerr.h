/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * semerr.h - pass 2's semantic errors and warnings, in upstream's layout:
 *
 *   semantic error: type mismatch (string): identifier 'x' at f.stp:1:45
 *           source: global x; probe begin { x = 1 } probe end { x = "a" }
 *                                                               ^
 *
 * Two upstream habits matter for matching its output byte for byte:
 *   - a token's file name is printed only when it differs from the file of
 *     the previous token printed in this pass ("identifier 'x' at :1:25");
 *   - an error is shown once per kind (upstream keys on the place in its
 *     own code that raised it), the rest are counted as suppressed unless
 *     -vv; a warning is shown once per distinct text.
 */
#ifndef STAP_SEMERR_H
#define STAP_SEMERR_H

#include <stdbool.h>

#include "lex.h"

/*
 * Report an error of kind `kind' (any stable string naming the check) at
 * token t (may be NULL: no location part).  Counted in diag.errors.
 */
void sem_error(const char *kind, const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * An error with a second, chained token (upstream's "type was first
 * inferred here" style follow-up is a separate sem_error; this is for the
 * "while resolving probe point" chain whose inner error follows).
 */
void sem_error_chain(const char *kind, const struct token *outer,
		     const char *outer_msg, const struct token *inner,
		     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * While resolving a probe point, errors without a token of their own are
 * printed after "semantic error: while resolving probe point: TOKEN", as
 * upstream chains them.  NULL clears.
 */
void sem_set_context(const struct token *t);

/*
 * An error about t1 that also points at t2, printed as upstream does:
 * a second "TOKEN\n source" block without its own "semantic error:".
 */
void sem_error2(const char *kind, const struct token *t1,
		const struct token *t2, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "WARNING: MSG: TOKEN" with the source line; honours -w. */
void sem_warning(const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* -W: every warning shown also counts as an error (the pass fails). */
void sem_set_warnings_as_errors(bool on);

/* "Number of similar warning messages suppressed" closing note. */
void sem_summary(void);

/* Errors reported by pass 2 so far (shown or suppressed). */
unsigned sem_error_count(void);

#endif
