/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lex.h - the script lexer.
 *
 * The preprocessor pulls tokens one at a time (lex_next), so a file is
 * lexed only as far as it is read, and lexer warnings come out in order
 * with the parser's errors, as upstream's do.  Tokens live in the arena and
 * carry their file, line and column.  Lexical errors do not stop the lexer:
 * they become TOK_JUNK tokens holding the message, reported by whoever
 * consumes them.
 */
#ifndef STAP_LEX_H
#define STAP_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

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
	unsigned op;			/* TOK_OP: tok_op_code(text), 0 for @words */
	const char *text;		/* NUL-terminated, in the arena or static */
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

struct lexer;

/*
 * Start lexing a file.  $N/@N/$#/@# are replaced by the script arguments
 * (args may be NULL) at the character level, like upstream does.
 */
struct lexer *lex_open(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args);
/* Lex as --compatible=VERSION (compat: 408 for 4.8, the default). */
void lex_set_compat(struct lexer *lx, int compat);
/* The next token; a TOK_EOF token at the end, forever. */
const struct token *lex_next(struct lexer *lx);
/* Stop early: from now on lex_next() returns an EOF token, here. */
const struct token *lex_stop(struct lexer *lx);
/* How many tokens, not counting the EOF, were returned so far. */
size_t lex_count(const struct lexer *lx);
void lex_close(struct lexer *lx);

/*
 * Tokenize a whole file at once.  Returns an arena array of tokens ending
 * in a TOK_EOF token; *count excludes the EOF token.  (For scanners that
 * walk tokens as an array; the parser pulls them with lex_next.)
 */
struct token *lex_file(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args, size_t *count);

/* Is word a reserved keyword of the language? */
bool lex_is_keyword(const char *word);

/* "identifier", "keyword", "operator", "string", "number", ... */
const char *tok_kind_name(enum tok_kind k);

/*
 * Operators as numbers, so that the parser compares integers, not strings:
 * up to three characters packed, the first in the low byte.
 */
#define OP1(a)		((unsigned)(unsigned char)(a))
#define OP2(a, b)	(OP1(a) | OP1(b) << 8)
#define OP3(a, b, c)	(OP2(a, b) | OP1(c) << 16)

/* The code of an operator text ("==" -> OP2('=', '=')); 0 for @words. */
static inline unsigned tok_op_code(const char *s)
{
	if (!s[0] || s[0] == '@')
		return 0;
	if (!s[1])
		return OP1(s[0]);
	if (!s[2])
		return OP2(s[0], s[1]);
	return OP3(s[0], s[1], s[2]);
}

static inline bool tok_is(const struct token *t, enum tok_kind k,
			  const char *text)
{
	return t->kind == k && (!text || strcmp(t->text, text) == 0);
}

/* With a literal op, the compiler folds tok_op_code() to a constant. */
static inline bool tok_is_op(const struct token *t, const char *op)
{
	if (t->kind != TOK_OP)
		return false;
	if (!op)
		return true;
	if (op[0] == '@')
		return strcmp(t->text, op) == 0;
	return t->op == tok_op_code(op);
}

static inline bool tok_is_kw(const struct token *t, const char *kw)
{
	return t->kind == TOK_KEYWORD &&
	       (!kw || (t->text[0] == kw[0] && strcmp(t->text, kw) == 0));
}

#endif
