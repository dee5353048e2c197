/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diag.h - the one place that prints diagnostics.
 *
 * Layouts follow upstream SystemTap, because users and their tools read
 * them:
 *
 *   parse error: expected literal string or number
 *           saw: operator '}' at <input>:1:19
 *        source: probe begin { x = }
 *                                  ^
 *
 * Errors are counted; passes stop at their boundary when the count is
 * non-zero, so several errors are reported per run.
 */
#ifndef STAP_DIAG_H
#define STAP_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "lex.h"

struct strbuf;

struct diag {
	FILE *out;		/* stderr */
	unsigned errors;	/* errors reported so far */
	unsigned warnings;
	bool no_warnings;	/* -w */
	bool muted;		/* errors in library files are not shown */
	unsigned verbose;	/* -v count: -vv shows repeated messages */
	unsigned suppressed;	/* repeated messages not shown */
};

extern struct diag diag;

/*
 * A parse error about token t, raised at a given site of the parser or
 * preprocessor.  explicit_tok selects the "at:" form (the error names the
 * token it is about) rather than "saw:" (the token the parser happened to
 * be looking at), as upstream distinguishes them.  Like upstream, repeats
 * are recognized by the site that raised them, not by their text.  When t
 * is a lexer error (a junk token with a message), that message is shown.
 */
void diag_parse_error(unsigned site, const struct token *t, bool explicit_tok,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * A preprocessor error token (TOK_JUNK whose op is its site), with any
 * errors chained to it by "also": one error, shown or suppressed as one.
 */
void diag_pp_error(const struct token *err);

/* "WARNING: MSG: TOKEN-DESCRIPTION" with a source line. */
void diag_warning_tok(const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The closing note about suppressed repeats, if any. */
void diag_summary(void);

/* Forget the messages seen and zero the counts (the fuzzer parses often). */
void diag_reset(void);

/* A plain message line on stderr, counted as an error. */
void diag_fatal_msg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Describe a token as upstream does: "operator '}' at f.stp:1:19". */
void diag_describe_token(struct strbuf *sb, const struct token *t);

#endif
