/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lex.h - the script lexer.
 *
 * A whole source file is turned into an array of tokens up front, so the
 * preprocessor and the parser can look ahead freely.  Tokens carry their
 * file, line and column.  Lexical errors do not stop the lexer: they become
 * TOK_JUNK tokens holding the message, reported by whoever consumes them.
 */
#ifndef STAP_LEX_H
#define STAP_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct srcfile {
	const char *name;	/* as shown in messages: path, or "<input>" */
	const char *text;	/* whole contents, NUL-terminated */
	size_t len;
	bool is_tapset;		/* library file: privileged, errors muted */
};

struct srcpos {
	const struct srcfile *file;
	unsigned line, col;	/* 1-based; col counts bytes */
};

enum tok_kind {
	TOK_IDENT,	/* identifier, $target or @word; text = the word */
	TOK_KEYWORD,	/* reserved word; text = the word */
	TOK_OP,		/* operator or punctuation; text = the operator */
	TOK_STRING,	/* text = contents, escapes kept as written */
	TOK_NUMBER,	/* text = the digits as written (checked by parser) */
	TOK_EMBEDDED,	/* text = C code between %{ and %} */
	TOK_JUNK,	/* lexical error; msg says what is wrong */
	TOK_EOF,	/* end of the token stream */
};

struct token {
	enum tok_kind kind;
	const char *text;		/* NUL-terminated, in the arena */
	struct srcpos pos;
	const char *msg;		/* TOK_JUNK only: the error */
	const struct token *about;	/* TOK_JUNK: token the error is at */
	const struct token *also;	/* TOK_JUNK: a chained second error */
	const struct token *chain;	/* macro expansion: the invoking token */
};

struct lex_args {
	char **argv;	/* command-line script arguments ($1..$N) */
	int argc;
};

/*
 * Tokenize a file.  Returns an arena array of tokens ending in a TOK_EOF
 * token; *count excludes the EOF token.  $N/@N/$#/@# are replaced by the
 * script arguments at the character level, like upstream does.
 */
struct token *lex_file(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args, size_t *count);

/* Is word a reserved keyword of the language? */
bool lex_is_keyword(const char *word);

/* "identifier", "keyword", "operator", "string", "number", ... */
const char *tok_kind_name(enum tok_kind k);

#include <string.h>

static inline bool tok_is(const struct token *t, enum tok_kind k,
			  const char *text)
{
	return t->kind == k && (!text || strcmp(t->text, text) == 0);
}

static inline bool tok_is_op(const struct token *t, const char *op)
{
	return tok_is(t, TOK_OP, op);
}

static inline bool tok_is_kw(const struct token *t, const char *kw)
{
	return tok_is(t, TOK_KEYWORD, kw);
}

#endif
