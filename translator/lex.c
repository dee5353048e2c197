// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lex.c - turn script text into tokens.
 *
 * Input is read through a small reader that first drains any pending
 * command-line argument substitution, then the file itself: upstream
 * substitutes $1/@1 as characters, so "$1abc" with $1=7 lexes as the
 * number "7abc".  Characters that come from a substitution take the position
 * of the $N that produced them.
 */
#include "lex.h"
#include "diag.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sorted, for bsearch. */
static const char *const keywords[] = {
	"break", "catch", "continue", "delete", "else", "for", "foreach",
	"function", "global", "if", "in", "limit", "long", "next",
	"private", "probe", "return", "string", "try", "while",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool lex_is_keyword(const char *word)
{
	return bsearch(&word, keywords, sizeof(keywords) / sizeof(keywords[0]),
		       sizeof(keywords[0]), cmp_str) != NULL;
}

const char *tok_kind_name(enum tok_kind k)
{
	switch (k) {
	case TOK_IDENT:		return "identifier";
	case TOK_KEYWORD:	return "keyword";
	case TOK_OP:		return "operator";
	case TOK_STRING:	return "string";
	case TOK_NUMBER:	return "number";
	case TOK_EMBEDDED:	return "embedded-code";
	case TOK_JUNK:		return "junk";
	case TOK_EOF:		return "end of file";
	}
	return "?";
}

struct reader {
	const struct srcfile *file;
	const struct lex_args *args;
	size_t len;		/* file->text up to its first NUL byte */
	size_t off;		/* next byte of file->text */
	unsigned line, col;	/* position of that byte */
	const char *sub;	/* pending substitution text, or NULL */
	size_t sub_off;
	struct srcpos sub_pos;	/* where the substituted $N stood */
	char sub_buf[32];	/* storage for $#, @# and quoted text */
	struct strbuf quoted;	/* storage for "@N" substitutions */
};

/* The character at offset n ahead, or -1 at the end. */
static int peek_at(const struct reader *r, size_t n)
{
	if (r->sub) {
		size_t left = strlen(r->sub + r->sub_off);

		if (n < left)
			return (unsigned char)r->sub[r->sub_off + n];
		n -= left;
	}
	if (r->off + n < r->len)
		return (unsigned char)r->file->text[r->off + n];
	return -1;
}

static int peek(const struct reader *r)
{
	return peek_at(r, 0);
}

static struct srcpos cur_pos(const struct reader *r)
{
	if (r->sub)
		return r->sub_pos;
	return (struct srcpos){ r->file, r->line, r->col };
}

static int get(struct reader *r)
{
	int c;

	if (r->sub) {
		c = (unsigned char)r->sub[r->sub_off++];
		if (!r->sub[r->sub_off])
			r->sub = NULL;
		return c;
	}
	if (r->off >= r->len)
		return -1;
	c = (unsigned char)r->file->text[r->off++];
	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	return c;
}

static bool is_ident_start(int c)
{
	return c == '_' || c == '$' || c == '@' || (c >= 0 && isalpha(c));
}

static bool is_ident_char(int c)
{
	return c == '_' || c == '$' || (c >= 0 && isalnum(c));
}

/* The growing token array of one file. */
struct toks {
	struct token *v;
	size_t len, cap;
};

static struct token *new_tok(struct arena *a, struct toks *out,
			     enum tok_kind kind, struct srcpos pos,
			     const char *text)
{
	struct token *t;

	(void)a;
	if (out->len == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 256;
		out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
	}
	t = &out->v[out->len++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->pos = pos;
	t->text = text;
	return t;
}

static void junk(struct arena *a, struct toks *out, struct srcpos pos,
		 const char *msg)
{
	new_tok(a, out, TOK_JUNK, pos, "")->msg = msg;
}

/*
 * At "$" or "@" followed by digits or '#': start a substitution of a
 * command-line argument.  Returns false (consuming nothing) when the word
 * is an ordinary $name/@name.  On an out-of-range argument, emits junk.
 */
static bool try_substitute(struct reader *r, struct arena *a,
			   struct toks *out)
{
	int sigil = peek(r), c = peek_at(r, 1);
	struct srcpos pos = cur_pos(r);
	const char *text;
	long n = 0;

	if (r->sub && (c == '#' || (c >= '0' && c <= '9'))) {
		get(r);
		get(r);
		junk(a, out, pos,
		     "invalid nested substitution of command line arguments");
		return true;
	}
	if (c == '#') {
		get(r);
		get(r);
		snprintf(r->sub_buf, sizeof(r->sub_buf),
			 sigil == '@' ? "\"%d\"" : "%d", r->args->argc);
		text = r->sub_buf;
	} else if (c >= '0' && c <= '9') {
		get(r);
		while (peek(r) >= '0' && peek(r) <= '9') {
			if (n < 100000000)
				n = n * 10 + (get(r) - '0');
			else
				get(r);
		}
		if (n < 1 || n > r->args->argc) {
			junk(a, out, pos,
			     arena_printf(a, "command line argument out of range [1-%d]",
					  r->args->argc));
			return true;
		}
		text = r->args->argv[n - 1];
		if (sigil == '@') {
			strbuf_reset(&r->quoted);
			strbuf_addc(&r->quoted, '"');
			strbuf_adds(&r->quoted, text);
			strbuf_addc(&r->quoted, '"');
			text = strbuf_str(&r->quoted);
		}
	} else {
		return false;
	}
	if (*text) {
		r->sub = text;
		r->sub_off = 0;
		r->sub_pos = pos;
	}
	return true;
}

/* Skip whitespace and comments.  Returns false at end of input. */
static bool skip_blanks(struct reader *r)
{
	for (;;) {
		int c = peek(r);

		if (c < 0)
			return false;
		if (isspace(c)) {
			get(r);
		} else if (c == '#' && !r->sub) {
			while (peek(r) >= 0 && peek(r) != '\n')
				get(r);
		} else if (c == '/' && peek_at(r, 1) == '/') {
			while (peek(r) >= 0 && peek(r) != '\n')
				get(r);
		} else if (c == '/' && peek_at(r, 1) == '*') {
			get(r);
			get(r);
			/* An unterminated comment just ends the file. */
			while (peek(r) >= 0 &&
			       !(peek(r) == '*' && peek_at(r, 1) == '/'))
				get(r);
			get(r);
			get(r);
		} else {
			return true;
		}
	}
}

/*
 * A string literal.  Escapes stay as written (the C compiler interprets
 * them later), except that an unknown escape \c becomes plain c.
 */
static void lex_string(struct reader *r, struct arena *a, struct toks *out)
{
	struct srcpos pos = cur_pos(r);
	struct strbuf sb = STRBUF_INIT;
	int c;

	get(r);	/* opening quote */
	for (;;) {
		c = get(r);
		if (c < 0 || c == '\n') {
			junk(a, out, pos, "Could not find matching closing quote");
			strbuf_release(&sb);
			return;
		}
		if (c == '"')
			break;
		if (c == '\\') {
			c = get(r);
			if (c < 0) {
				junk(a, out, pos,
				     "Could not find matching closing quote");
				strbuf_release(&sb);
				return;
			}
			if (strchr("abtnvfr\\x01234567", c))
				strbuf_addc(&sb, '\\');
		}
		strbuf_addc(&sb, (char)c);
	}
	new_tok(a, out, TOK_STRING, pos,
		arena_strndup(a, strbuf_str(&sb), sb.len));
	strbuf_release(&sb);
}

static void lex_embedded(struct reader *r, struct arena *a, struct toks *out)
{
	struct srcpos pos = cur_pos(r);
	struct strbuf sb = STRBUF_INIT;
	bool typo = false;	/* saw "}%", a common slip for "%}" */

	get(r);
	get(r);	/* %{ */
	for (;;) {
		int c = peek(r);

		if (c < 0) {
			junk(a, out, pos,
			     "Could not find matching '%}' to close embedded function block");
			break;
		}
		if (c == '%' && peek_at(r, 1) == '}') {
			struct token *t;

			get(r);
			get(r);
			t = new_tok(a, out, TOK_EMBEDDED, pos,
				    arena_strndup(a, strbuf_str(&sb), sb.len));
			if (typo)
				diag_warning_tok(t, "possible erroneous closing '}%%', use '%%}'?");
			break;
		}
		if (c == '}' && peek_at(r, 1) == '%')
			typo = true;
		strbuf_addc(&sb, (char)get(r));
	}
	strbuf_release(&sb);
}

/* Operators, longest first within each length class. */
static const char *const ops3[] = { "<<<", ">>>", "<<=", ">>=" };
static const char *const ops2[] = {
	"==", "!=", "<=", ">=", "=~", "!~", "+=", "-=", "*=", "/=", "%=",
	"&=", "^=", "|=", ".=", "&&", "||", "++", "--", "->", "<<", ">>",
	"%(", "%?", "%:", "%)",
};

static void lex_operator(struct reader *r, struct arena *a, struct toks *out)
{
	struct srcpos pos = cur_pos(r);
	char buf[4] = { 0 };
	size_t i, n = 1;
	int c = peek(r);

	if (c < 0x21 || c > 0x7e) {
		/* A byte no token starts with: an unknown token, not an error. */
		get(r);
		new_tok(a, out, TOK_JUNK, pos, arena_printf(a, "\\x%02x", c));
		return;
	}
	for (i = 0; i < sizeof(ops3) / sizeof(ops3[0]) && n == 1; i++)
		if (peek(r) == ops3[i][0] && peek_at(r, 1) == ops3[i][1] &&
		    peek_at(r, 2) == ops3[i][2])
			n = 3;
	for (i = 0; i < sizeof(ops2) / sizeof(ops2[0]) && n == 1; i++)
		if (peek(r) == ops2[i][0] && peek_at(r, 1) == ops2[i][1])
			n = 2;
	for (i = 0; i < n; i++)
		buf[i] = (char)get(r);
	new_tok(a, out, TOK_OP, pos, arena_strdup(a, buf));
}

/* A word: identifier, keyword, $target, @word, or number. */
static void lex_word(struct reader *r, struct arena *a, struct toks *out,
		     enum tok_kind kind)
{
	struct srcpos pos = cur_pos(r);
	struct strbuf sb = STRBUF_INIT;
	const char *text;

	strbuf_addc(&sb, (char)get(r));
	for (;;) {
		int c = peek(r);

		if ((c == '$' || c == '@') && !r->sub &&
		    (isdigit(peek_at(r, 1)) || peek_at(r, 1) == '#') &&
		    kind == TOK_NUMBER) {
			/* "1$2" is not a thing; stop the number here. */
			break;
		}
		if (!is_ident_char(c))
			break;
		strbuf_addc(&sb, (char)get(r));
	}
	text = arena_strndup(a, strbuf_str(&sb), sb.len);
	if (kind == TOK_IDENT && lex_is_keyword(text))
		kind = TOK_KEYWORD;
	else if (text[0] == '@')	/* @words are operators upstream */
		kind = TOK_OP;
	new_tok(a, out, kind, pos, text);
	strbuf_release(&sb);
}

struct token *lex_file(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args, size_t *count)
{
	static const struct lex_args no_args = { NULL, 0 };
	/* A NUL byte ends the script, as in upstream, which reads C strings. */
	struct reader r = { .file = f, .args = args ? args : &no_args,
			    .len = strnlen(f->text, f->len),
			    .line = 1, .col = 1 };
	struct toks out = { 0 };
	struct token *toks;

	while (skip_blanks(&r)) {
		int c = peek(&r);

		if ((c == '$' || c == '@') && try_substitute(&r, a, &out))
			continue;
		if (c == '"')
			lex_string(&r, a, &out);
		else if (c == '%' && peek_at(&r, 1) == '{')
			lex_embedded(&r, a, &out);
		else if (isdigit(c))
			lex_word(&r, a, &out, TOK_NUMBER);
		else if (is_ident_start(c))
			lex_word(&r, a, &out, TOK_IDENT);
		else
			lex_operator(&r, a, &out);
	}
	/* EOF token sits at the end of the file. */
	new_tok(a, &out, TOK_EOF, cur_pos(&r), "");
	strbuf_release(&r.quoted);

	/* Move the array into the arena: the AST points at tokens. */
	toks = arena_alloc(a, out.len * sizeof(*toks));
	memcpy(toks, out.v, out.len * sizeof(*toks));
	*count = out.len - 1;
	free(out.v);
	return toks;
}
