// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lex.c - turn script text into tokens.
 *
 * The lexer reads from one of two texts: the file, or the pending
 * substitution of a command-line argument.  Upstream substitutes $1/@1 as
 * characters, so "$1abc" with $1=7 lexes as the number "7abc".  Characters
 * that come from a substitution take the position of the $N that produced
 * them.
 *
 * Speed matters here (pass 1 must be far faster than upstream's), so the
 * common case, a token wholly inside the file, is scanned with a pointer
 * and copied once; the character-at-a-time path with peek()/get() handles
 * tokens that start in a substitution.  Keywords and operators point at
 * static texts and are not copied at all.
 */
#include "lex.h"
#include "diag.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The static text of the keyword s[0..n), or NULL if it is none.  A switch
 * on the first letter, because every identifier of a script comes here.
 */
static const char *keyword_text(const char *s, size_t n)
{
#define KW(w) if (n == sizeof(w) - 1 && !memcmp(s, w, sizeof(w) - 1)) return w
	switch (s[0]) {
	case 'b': KW("break"); break;
	case 'c': KW("catch"); KW("continue"); break;
	case 'd': KW("delete"); break;
	case 'e': KW("else"); break;
	case 'f': KW("for"); KW("foreach"); KW("function"); break;
	case 'g': KW("global"); break;
	case 'i': KW("if"); KW("in"); break;
	case 'l': KW("limit"); KW("long"); break;
	case 'n': KW("next"); break;
	case 'p': KW("private"); KW("probe"); break;
	case 'r': KW("return"); break;
	case 's': KW("string"); break;
	case 't': KW("try"); break;
	case 'w': KW("while"); break;
	}
#undef KW
	return NULL;
}

bool lex_is_keyword(const char *word)
{
	return keyword_text(word, strlen(word)) != NULL;
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

struct lexer {
	struct arena *a;
	const struct srcfile *file;
	const struct lex_args *args;
	int compat;		/* --compatible, as 408 for 4.8 */
	const char *cur, *end;	/* what is left of the text being read */
	bool in_sub;		/* reading a substitution, not the file */
	const char *fcur, *fend; /* the file's rest, while in_sub */
	unsigned line;		/* line of the file's next byte */
	const char *line_start;	/* where that line starts */
	struct srcpos sub_pos;	/* where the substituted $N stood */
	char sub_buf[32];	/* storage for $#, @# */
	struct strbuf quoted;	/* storage for "@N" substitutions */
	struct token *eof;	/* once the end was reached */
	size_t count;		/* tokens returned, EOF excluded */
};

/* ---- reading characters ---- */

static void end_sub(struct lexer *lx)
{
	lx->in_sub = false;
	lx->cur = lx->fcur;
	lx->end = lx->fend;
}

static int peek_far(const struct lexer *lx, size_t n)
{
	if (lx->in_sub) {
		n -= (size_t)(lx->end - lx->cur);
		if (n < (size_t)(lx->fend - lx->fcur))
			return (unsigned char)lx->fcur[n];
	}
	return -1;
}

/* The character at offset n ahead, or -1 at the end. */
static inline int peek_at(const struct lexer *lx, size_t n)
{
	if (n < (size_t)(lx->end - lx->cur))
		return (unsigned char)lx->cur[n];
	return peek_far(lx, n);
}

static inline int peek(const struct lexer *lx)
{
	return peek_at(lx, 0);
}

static inline int get(struct lexer *lx)
{
	int c;

	if (lx->cur == lx->end)
		return -1;	/* a substitution never stays empty */
	c = (unsigned char)*lx->cur++;
	if (lx->in_sub) {
		if (lx->cur == lx->end)
			end_sub(lx);
	} else if (c == '\n') {
		lx->line++;
		lx->line_start = lx->cur;
	}
	return c;
}

static struct srcpos cur_pos(const struct lexer *lx)
{
	if (lx->in_sub)
		return lx->sub_pos;
	return (struct srcpos){ lx->file, lx->line,
				(unsigned)(lx->cur - lx->line_start) + 1 };
}

/*
 * Character classes, by table: the lexer asks about every byte.  As in the
 * C locale, bytes from 0x80 up are in no class.
 */
enum {
	C_SPACE = 1,		/* isspace() */
	C_DIGIT = 2,
	C_IDSTART = 4,		/* letters, '_', '$', '@' */
	C_IDCHAR = 8,		/* letters, digits, '_', '$' */
	C_OP2 = 16,		/* second character of a longer operator */
};

static unsigned char cclass[256];

static void init_classes(void)
{
	const char *s;
	int c;

	if (cclass['a'])
		return;
	for (s = " \t\n\v\f\r"; *s; s++)
		cclass[(unsigned char)*s] |= C_SPACE;
	for (c = '0'; c <= '9'; c++)
		cclass[c] |= C_DIGIT | C_IDCHAR;
	for (c = 'a'; c <= 'z'; c++) {
		cclass[c] |= C_IDSTART | C_IDCHAR;
		cclass[c - 'a' + 'A'] |= C_IDSTART | C_IDCHAR;
	}
	for (s = "_$"; *s; s++)
		cclass[(unsigned char)*s] |= C_IDSTART | C_IDCHAR;
	cclass['@'] |= C_IDSTART;
	for (s = "=~&|+-<>(?:)"; *s; s++)
		cclass[(unsigned char)*s] |= C_OP2;
}

/* c is a byte or -1; the cast makes -1 index 0xff, which has no class. */
static inline bool is_class(int c, unsigned cls)
{
	return cclass[(unsigned char)c] & cls;
}

static inline bool is_digit(int c)
{
	return is_class(c, C_DIGIT);
}

static inline bool is_space(int c)
{
	return is_class(c, C_SPACE);
}

static inline bool is_ident_start(int c)
{
	return is_class(c, C_IDSTART);
}

static inline bool is_ident_char(int c)
{
	return is_class(c, C_IDCHAR);
}

/* ---- making tokens ---- */

static struct token *new_tok(struct lexer *lx, enum tok_kind kind,
			     struct srcpos pos, const char *text)
{
	struct token *t = arena_alloc_side(lx->a, sizeof(*t));

	*t = (struct token){ .kind = kind, .text = text, .pos = pos };
	return t;
}

static struct token *junk(struct lexer *lx, struct srcpos pos,
			  const char *msg)
{
	struct token *t = new_tok(lx, TOK_JUNK, pos, "");

	t->msg = msg;
	return t;
}

/*
 * At "$" or "@" followed by digits or '#': start a substitution of a
 * command-line argument.  Returns false (consuming nothing) when the word
 * is an ordinary $name/@name.  Sets *err on an error.
 */
static bool try_substitute(struct lexer *lx, struct token **err)
{
	int sigil = peek(lx), c = peek_at(lx, 1);
	struct srcpos pos = cur_pos(lx);
	const char *text;
	long n = 0;

	if (lx->in_sub && (c == '#' || is_digit(c))) {
		get(lx);
		get(lx);
		*err = junk(lx, pos,
			    "invalid nested substitution of command line arguments");
		return true;
	}
	if (c == '#') {
		get(lx);
		get(lx);
		snprintf(lx->sub_buf, sizeof(lx->sub_buf),
			 sigil == '@' ? "\"%d\"" : "%d", lx->args->argc);
		text = lx->sub_buf;
	} else if (is_digit(c)) {
		get(lx);
		while (is_digit(peek(lx))) {
			if (n < 100000000)
				n = n * 10 + (get(lx) - '0');
			else
				get(lx);
		}
		if (n < 1 || n > lx->args->argc) {
			*err = junk(lx, pos, arena_printf(lx->a,
				"command line argument out of range [1-%d]",
				lx->args->argc));
			return true;
		}
		text = lx->args->argv[n - 1];
		if (sigil == '@') {
			strbuf_reset(&lx->quoted);
			strbuf_addc(&lx->quoted, '"');
			strbuf_adds(&lx->quoted, text);
			strbuf_addc(&lx->quoted, '"');
			text = strbuf_str(&lx->quoted);
		}
	} else {
		return false;
	}
	if (*text) {
		/* Substitutions do not nest, so the file is what is left. */
		lx->fcur = lx->cur;
		lx->fend = lx->end;
		lx->cur = text;
		lx->end = text + strlen(text);
		lx->in_sub = true;
		lx->sub_pos = pos;
	}
	return true;
}

/* Skip to the end of the line (not past the newline). */
static void skip_line(struct lexer *lx)
{
	if (!lx->in_sub) {
		const char *nl = memchr(lx->cur, '\n', (size_t)(lx->end - lx->cur));

		lx->cur = nl ? nl : lx->end;
		return;
	}
	while (peek(lx) >= 0 && peek(lx) != '\n')
		get(lx);
}

/* Skip whitespace in the file, counting lines. */
static void skip_file_spaces(struct lexer *lx)
{
	const char *p = lx->cur, *end = lx->end;

	for (; p < end && is_space(*p); p++) {
		if (*p == '\n') {
			lx->line++;
			lx->line_start = p + 1;
		}
	}
	lx->cur = p;
}

/* Skip a block comment in the file; unterminated, it just ends the file. */
static void skip_file_comment(struct lexer *lx)
{
	const char *p = lx->cur + 2, *end = lx->end, *close = end;

	while ((p = memchr(p, '*', (size_t)(end - p)))) {
		if (p + 1 < end && p[1] == '/') {
			close = p + 2;
			break;
		}
		p++;
	}
	for (p = lx->cur; (p = memchr(p, '\n', (size_t)(close - p))); p++) {
		lx->line++;
		lx->line_start = p + 1;
	}
	lx->cur = close;
}

/* Skip whitespace and comments.  Returns false at end of input. */
static bool skip_blanks(struct lexer *lx)
{
	for (;;) {
		int c;

		if (!lx->in_sub)
			skip_file_spaces(lx);
		c = peek(lx);

		if (c < 0)
			return false;
		if (is_space(c)) {
			get(lx);
		} else if (c == '#' && !lx->in_sub) {
			skip_line(lx);
		} else if (c == '/' && peek_at(lx, 1) == '/') {
			skip_line(lx);
		} else if (c == '/' && peek_at(lx, 1) == '*' && !lx->in_sub) {
			skip_file_comment(lx);
		} else if (c == '/' && peek_at(lx, 1) == '*') {
			get(lx);
			get(lx);
			/* An unterminated comment just ends the file. */
			while (peek(lx) >= 0 &&
			       !(peek(lx) == '*' && peek_at(lx, 1) == '/'))
				get(lx);
			get(lx);
			get(lx);
		} else {
			return true;
		}
	}
}

/*
 * Is c an escape the C compiler interprets (so the '\' stays)?  \x is
 * one from 2.3 on; before, it was an unknown escape, so plain x.
 */
static bool kept_escape(const struct lexer *lx, int c)
{
	if (c == 'x')
		return lx->compat >= 203;
	return c > 0 && strchr("abtnvfr\\01234567", c) != NULL;
}

/*
 * A string literal wholly in the file: find its end, then copy it with
 * the escapes done.  Returns NULL (having moved nowhere) when it is not
 * closed on this line, for the slow path to report.
 */
static struct token *file_string(struct lexer *lx, struct srcpos pos)
{
	const char *s = lx->cur + 1, *p = s, *end = lx->end;
	unsigned newlines = 0;
	const char *last_nl = NULL;
	char *out, *d;

	for (;;) {
		p += strcspn(p, "\"\\\n");	/* the file text ends in a NUL */
		if (*p == '"')
			break;
		if (*p != '\\' || ++p == end)
			return NULL;	/* a newline or the end first */
		if (*p == '\n') {	/* escaped newline: kept */
			newlines++;
			last_nl = p;
		}
		p++;
	}
	d = out = arena_alloc_raw(lx->a, (size_t)(p - s) + 1);
	while (s < p) {
		const char *bs = memchr(s, '\\', (size_t)(p - s));
		size_t n = (size_t)((bs ? bs : p) - s);

		memcpy(d, s, n);
		d += n;
		s += n;
		if (!bs)
			break;
		s++;	/* the backslash; a character always follows */
		if (kept_escape(lx, (unsigned char)*s))
			*d++ = '\\';
		*d++ = *s++;
	}
	*d = '\0';
	lx->cur = p + 1;
	if (newlines) {
		lx->line += newlines;
		lx->line_start = last_nl + 1;
	}
	return new_tok(lx, TOK_STRING, pos, out);
}

/*
 * A string literal.  Escapes stay as written (the C compiler interprets
 * them later), except that an unknown escape \c becomes plain c.
 */
static struct token *lex_string(struct lexer *lx)
{
	struct srcpos pos = cur_pos(lx);
	struct strbuf sb = STRBUF_INIT;
	struct token *t;
	int c;

	if (!lx->in_sub) {
		t = file_string(lx, pos);
		if (t)
			return t;
	}
	get(lx);	/* opening quote */
	for (;;) {
		c = get(lx);
		if (c < 0 || c == '\n')
			break;
		if (c == '"') {
			t = new_tok(lx, TOK_STRING, pos,
				    arena_strndup(lx->a, strbuf_str(&sb), sb.len));
			strbuf_release(&sb);
			return t;
		}
		if (c == '\\') {
			c = get(lx);
			if (c < 0)
				break;
			if (kept_escape(lx, c))
				strbuf_addc(&sb, '\\');
		}
		strbuf_addc(&sb, (char)c);
	}
	strbuf_release(&sb);
	return junk(lx, pos, "Could not find matching closing quote");
}

static struct token *lex_embedded(struct lexer *lx)
{
	struct srcpos pos = cur_pos(lx);
	struct strbuf sb = STRBUF_INIT;
	bool typo = false;	/* saw "}%", a common slip for "%}" */
	struct token *t;

	get(lx);
	get(lx);	/* %{ */
	for (;;) {
		int c = peek(lx);

		if (c < 0) {
			/* Upstream warns about the slip even then. */
			if (typo)
				diag_warning_tok(new_tok(lx, TOK_EMBEDDED, pos, ""),
						 "possible erroneous closing '}%%', use '%%}'?");
			t = junk(lx, pos,
				 "Could not find matching '%}' to close embedded function block");
			break;
		}
		if (c == '%' && peek_at(lx, 1) == '}') {
			get(lx);
			get(lx);
			t = new_tok(lx, TOK_EMBEDDED, pos,
				    arena_strndup(lx->a, strbuf_str(&sb), sb.len));
			if (typo)
				diag_warning_tok(t, "possible erroneous closing '}%%', use '%%}'?");
			break;
		}
		if (c == '}' && peek_at(lx, 1) == '%')
			typo = true;
		if (!lx->in_sub) {
			/* Copy the run up to the next '%' or '}' at once. */
			const char *p = lx->cur + 1, *q;

			while (p < lx->end && *p != '%' && *p != '}')
				p++;
			for (q = lx->cur; q < p; q++) {
				if (*q == '\n') {
					lx->line++;
					lx->line_start = q + 1;
				}
			}
			strbuf_add(&sb, lx->cur, (size_t)(p - lx->cur));
			lx->cur = p;
			continue;
		}
		strbuf_addc(&sb, (char)get(lx));
	}
	strbuf_release(&sb);
	return t;
}

/* Texts of the one-character tokens '!' (0x21) to '~' (0x7e). */
static const char *const op1_text[] = {
	"!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">",
	"?", "@", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
	"N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "[", "\\",
	"]", "^", "_", "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k",
	"l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
	"{", "|", "}", "~",
};

/*
 * The static text of the operator starting with c0 c1 c2: the longest of
 * the language's operators that matches, else the single character.
 */
static const char *op_text(int c0, int c1, int c2)
{
	if (!is_class(c1, C_OP2))
		return op1_text[c0 - 0x21];
	switch (OP3(c0, c1, c2)) {
	case OP3('<', '<', '<'): return "<<<";
	case OP3('>', '>', '>'): return ">>>";
	case OP3('<', '<', '='): return "<<=";
	case OP3('>', '>', '='): return ">>=";
	}
	switch (OP2(c0, c1)) {
	case OP2('=', '='): return "==";
	case OP2('!', '='): return "!=";
	case OP2('<', '='): return "<=";
	case OP2('>', '='): return ">=";
	case OP2('=', '~'): return "=~";
	case OP2('!', '~'): return "!~";
	case OP2('+', '='): return "+=";
	case OP2('-', '='): return "-=";
	case OP2('*', '='): return "*=";
	case OP2('/', '='): return "/=";
	case OP2('%', '='): return "%=";
	case OP2('&', '='): return "&=";
	case OP2('^', '='): return "^=";
	case OP2('|', '='): return "|=";
	case OP2('.', '='): return ".=";
	case OP2('&', '&'): return "&&";
	case OP2('|', '|'): return "||";
	case OP2('+', '+'): return "++";
	case OP2('-', '-'): return "--";
	case OP2('-', '>'): return "->";
	case OP2('<', '<'): return "<<";
	case OP2('>', '>'): return ">>";
	case OP2('%', '('): return "%(";
	case OP2('%', '?'): return "%?";
	case OP2('%', ':'): return "%:";
	case OP2('%', ')'): return "%)";
	}
	return op1_text[c0 - 0x21];
}

static struct token *lex_operator(struct lexer *lx)
{
	struct srcpos pos = cur_pos(lx);
	int c = peek(lx);
	const char *text;
	struct token *t;
	size_t i, n;

	if (c < 0x21 || c > 0x7e) {
		/* A byte no token starts with: an unknown token, not an error. */
		get(lx);
		return new_tok(lx, TOK_JUNK, pos,
			       arena_printf(lx->a, "\\x%02x", c));
	}
	text = op_text(c, peek_at(lx, 1), peek_at(lx, 2));
	n = !text[1] ? 1 : !text[2] ? 2 : 3;
	if (!lx->in_sub)
		lx->cur += n;	/* no newline in an operator */
	else
		for (i = 0; i < n; i++)
			get(lx);
	t = new_tok(lx, TOK_OP, pos, text);
	t->op = tok_op_code(text);
	return t;
}

/* A word that starts in a substitution: character by character. */
static const char *slow_word(struct lexer *lx, enum tok_kind kind)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text;

	strbuf_addc(&sb, (char)get(lx));
	for (;;) {
		int c = peek(lx);

		if (c == '$' && !lx->in_sub && kind == TOK_NUMBER &&
		    (is_digit(peek_at(lx, 1)) || peek_at(lx, 1) == '#')) {
			/* "1$2" is not a thing; stop the number here. */
			break;
		}
		if (!is_ident_char(c))
			break;
		strbuf_addc(&sb, (char)get(lx));
	}
	text = arena_strndup(lx->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return text;
}

/* A word: identifier, keyword, $target, @word, or number. */
static struct token *lex_word(struct lexer *lx, enum tok_kind kind)
{
	struct srcpos pos = cur_pos(lx);
	const char *text = NULL;
	struct token *t;

	if (!lx->in_sub) {
		const char *s = lx->cur, *p = s + 1, *end = lx->end;

		for (; p < end && is_ident_char(*p); p++)
			if (*p == '$' && kind == TOK_NUMBER && p + 1 < end &&
			    (is_digit(p[1]) || p[1] == '#'))
				break;	/* "1$2": the number stops here */
		if (kind == TOK_IDENT)
			text = keyword_text(s, (size_t)(p - s));
		if (text)
			kind = TOK_KEYWORD;
		else
			text = arena_strndup(lx->a, s, (size_t)(p - s));
		lx->cur = p;	/* no newline in a word */
	} else {
		text = slow_word(lx, kind);
		if (kind == TOK_IDENT && lex_is_keyword(text))
			kind = TOK_KEYWORD;
	}
	if (text[0] == '@')	/* @words are operators upstream */
		kind = TOK_OP;
	t = new_tok(lx, kind, pos, text);
	return t;
}

struct lexer *lex_open(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args)
{
	static const struct lex_args no_args = { NULL, 0 };
	struct lexer *lx = arena_new(a, struct lexer);

	init_classes();
	lx->a = a;
	lx->file = f;
	lx->args = args ? args : &no_args;
	lx->compat = 408;
	/* A NUL byte ends the script, as in upstream, which reads C strings. */
	lx->cur = f->text;
	lx->end = f->text + strnlen(f->text, f->len);
	lx->line = 1;
	lx->line_start = f->text;
	return lx;
}

void lex_set_compat(struct lexer *lx, int compat)
{
	lx->compat = compat;
}

static struct token *lex_token(struct lexer *lx)
{
	for (;;) {
		struct token *err = NULL;
		int c;

		if (!skip_blanks(lx))
			return NULL;
		c = peek(lx);
		if ((c == '$' || c == '@') && try_substitute(lx, &err)) {
			if (err)
				return err;
			continue;
		}
		if (c == '"')
			return lex_string(lx);
		if (c == '%' && peek_at(lx, 1) == '{')
			return lex_embedded(lx);
		if (is_digit(c))
			return lex_word(lx, TOK_NUMBER);
		if (is_ident_start(c))
			return lex_word(lx, TOK_IDENT);
		return lex_operator(lx);
	}
}

const struct token *lex_next(struct lexer *lx)
{
	struct token *t;

	if (lx->eof)
		return lx->eof;
	t = lex_token(lx);
	if (t) {
		lx->count++;
		return t;
	}
	return lex_stop(lx);	/* EOF sits at the end of the file */
}

const struct token *lex_stop(struct lexer *lx)
{
	if (!lx->eof)
		lx->eof = new_tok(lx, TOK_EOF, cur_pos(lx), "");
	return lx->eof;
}

size_t lex_count(const struct lexer *lx)
{
	return lx->count;
}

void lex_close(struct lexer *lx)
{
	if (lx)
		strbuf_release(&lx->quoted);
}

struct token *lex_file(struct arena *a, const struct srcfile *f,
		       const struct lex_args *args, size_t *count)
{
	struct lexer *lx = lex_open(a, f, args);
	struct token *v = NULL, *out;
	size_t n = 0, cap = 0;

	for (;;) {
		const struct token *t = lex_next(lx);

		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = *t;
		if (t->kind == TOK_EOF)
			break;
	}
	lex_close(lx);
	out = arena_alloc_raw(a, n * sizeof(*out));
	memcpy(out, v, n * sizeof(*out));
	free(v);
	*count = n - 1;
	return out;
}
