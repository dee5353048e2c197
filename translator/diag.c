// SPDX-License-Identifier: GPL-2.0-or-later
/* diag.c - diagnostics in upstream's layout. */
#include "diag.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct diag diag;

static FILE *out(void)
{
	return diag.out ? diag.out : stderr;
}

/* Content as shown between quotes: all but printable ASCII becomes '?'. */
static void add_printable(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		strbuf_addc(sb, c >= 0x20 && c < 0x7f ? (char)c : '?');
	}
}

void diag_describe_token(struct strbuf *sb, const struct token *t)
{
	const char *name = t->pos.file ? t->pos.file->name : "";

	if (t->kind == TOK_EOF) {
		strbuf_addf(sb, "%s EOF", name);
		return;
	}
	strbuf_adds(sb, tok_kind_name(t->kind));
	if (t->kind != TOK_KEYWORD && t->kind != TOK_EMBEDDED) {
		strbuf_adds(sb, " '");
		if (t->kind != TOK_JUNK || !t->msg)
			add_printable(sb, t->text);
		strbuf_addc(sb, '\'');
	}
	strbuf_addf(sb, " at %s:%u:%u", name, t->pos.line, t->pos.col);
}

/*
 * Where the lines of the last few files shown start, so that a script with
 * thousands of errors is not scanned from the top for each one.  A macro
 * chain can alternate between a library file and the script, hence more
 * than one.
 */
#define LINE_CACHE_FILES 4

static struct line_index {
	const char *text;	/* the file's text, NULL if the entry is free */
	size_t *starts;		/* starts[k]: offset of line k + 1 */
	size_t n;
} line_cache[LINE_CACHE_FILES];
static unsigned line_cache_next;	/* entry to replace next */

static void line_cache_clear(void)
{
	unsigned i;

	for (i = 0; i < LINE_CACHE_FILES; i++) {
		free(line_cache[i].starts);
		line_cache[i] = (struct line_index){ NULL, NULL, 0 };
	}
	line_cache_next = 0;
}

/* Start of line number line (1-based) of text, NULL past the last line. */
static const char *line_start(const char *text, unsigned line)
{
	struct line_index *li = NULL;
	const char *s;
	size_t cap = 64;
	unsigned i;

	for (i = 0; i < LINE_CACHE_FILES && !li; i++)
		if (line_cache[i].text == text)
			li = &line_cache[i];
	if (!li) {
		li = &line_cache[line_cache_next];
		line_cache_next = (line_cache_next + 1) % LINE_CACHE_FILES;
		free(li->starts);
		li->text = text;
		li->starts = xmalloc(cap * sizeof(*li->starts));
		li->starts[0] = 0;
		li->n = 1;
		for (s = text; (s = strchr(s, '\n')); ) {
			if (li->n == cap) {
				cap *= 2;
				li->starts = xrealloc(li->starts,
						      cap * sizeof(*li->starts));
			}
			li->starts[li->n++] = (size_t)(++s - text);
		}
	}
	return line <= li->n ? text + li->starts[line - 1] : NULL;
}

/*
 * The "source:" line and the caret under the column.  The caret line keeps
 * the tabs of the source prefix so it lines up in a terminal.
 */
static void add_source(struct strbuf *sb, const char *label,
		       const struct srcpos *p)
{
	const char *line, *end;
	unsigned n;

	if (!p->file || !p->file->text || p->line == 0)
		return;
	line = line_start(p->file->text, p->line);
	if (!line)
		return;
	end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	strbuf_addf(sb, "%s", label);
	strbuf_add(sb, line, (size_t)(end - line));
	strbuf_addc(sb, '\n');
	for (n = 0; n < strlen(label); n++)
		strbuf_addc(sb, ' ');
	for (n = 1; n < p->col && line + n - 1 < end; n++)
		strbuf_addc(sb, line[n - 1] == '\t' ? '\t' : ' ');
	strbuf_adds(sb, "^\n");
}

static void add_token_context(struct strbuf *sb, const struct token *t)
{
	const struct token *m;

	if (t->kind == TOK_EOF)
		return;
	add_source(sb, "     source: ", &t->pos);
	for (m = t->chain; m; m = m->chain) {
		strbuf_adds(sb, "\tin expansion of macro: ");
		diag_describe_token(sb, m);
		strbuf_addc(sb, '\n');
		add_source(sb, "     source: ", &m->pos);
	}
}

/*
 * The messages shown so far: an open-addressing hash set, because a script
 * can have tens of thousands of distinct errors and a list made that
 * quadratic.
 */
static struct {
	char **slots;
	size_t cap, len;	/* cap is 0 or a power of two */
} seen;

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Put msg (owned by the set) into a free slot; no duplicates. */
static void seen_insert(char *msg)
{
	size_t i = hash_str(msg) & (seen.cap - 1);

	while (seen.slots[i])
		i = (i + 1) & (seen.cap - 1);
	seen.slots[i] = msg;
	seen.len++;
}

/*
 * Upstream shows each distinct message once (unless -vv) and counts the
 * rest.  Returns true if this message was seen before.
 */
static bool seen_before(const char *msg)
{
	size_t i;

	for (i = seen.cap ? hash_str(msg) & (seen.cap - 1) : 0;
	     seen.cap && seen.slots[i]; i = (i + 1) & (seen.cap - 1))
		if (!strcmp(seen.slots[i], msg))
			return true;
	if (2 * (seen.len + 1) > seen.cap) {
		char **old = seen.slots;
		size_t n = seen.cap;

		seen.cap = n ? 2 * n : 64;
		seen.slots = xcalloc(seen.cap, sizeof(*seen.slots));
		seen.len = 0;
		for (i = 0; i < n; i++)
			if (old[i])
				seen_insert(old[i]);
		free(old);
	}
	seen_insert(xstrdup(msg));
	return false;
}

void diag_reset(void)
{
	size_t i;

	for (i = 0; i < seen.cap; i++)
		free(seen.slots[i]);
	free(seen.slots);
	seen.slots = NULL;
	seen.cap = seen.len = 0;
	/* A new text may be allocated where an old one was. */
	line_cache_clear();
	diag.errors = diag.warnings = diag.suppressed = 0;
}

/* Is t a lexer error, whose message replaces the parser's? */
static bool is_lexer_error(const struct token *t)
{
	return t->kind == TOK_JUNK && t->msg;
}

/* One error of a chain: "parse error: MSG", the token and its context. */
static void add_parse_error(struct strbuf *sb, const struct token *t,
			    bool explicit_tok, const char *msg)
{
	if (is_lexer_error(t)) {
		msg = t->msg;
		explicit_tok = true;
	}
	strbuf_adds(sb, "parse error: ");
	strbuf_adds(sb, msg);
	strbuf_adds(sb, explicit_tok ? "\n         at: " : "\n        saw: ");
	diag_describe_token(sb, t);
	strbuf_addc(sb, '\n');
	add_token_context(sb, t);
	strbuf_addc(sb, '\n');
}

/*
 * Count an error raised at the sites in key; false if it is a repeat that
 * is not shown.
 */
static bool count_parse_error(const char *key)
{
	diag.errors++;
	if (diag.muted)
		return false;
	if (seen_before(key) && diag.verbose < 2) {
		diag.suppressed++;
		return false;
	}
	return true;
}

void diag_parse_error(unsigned site, const struct token *t, bool explicit_tok,
		      const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	char key[16];
	va_list ap;

	snprintf(key, sizeof(key), "%u", site);
	if (!count_parse_error(key))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	add_parse_error(&sb, t, explicit_tok, strbuf_str(&msg));
	fputs(strbuf_str(&sb), out());
	strbuf_release(&msg);
	strbuf_release(&sb);
}

void diag_pp_error(const struct token *err)
{
	struct strbuf key = STRBUF_INIT, sb = STRBUF_INIT;
	const struct token *e;

	for (e = err; e; e = e->also)
		strbuf_addf(&key, "%u,", e->op);
	if (count_parse_error(strbuf_str(&key))) {
		for (e = err; e; e = e->also) {
			const struct token *t = e->about ? e->about : e;

			/* About the end: upstream has no token, says "saw:". */
			add_parse_error(&sb, t, t->kind != TOK_EOF, e->msg);
		}
		fputs(strbuf_str(&sb), out());
	}
	strbuf_release(&key);
	strbuf_release(&sb);
}

void diag_warning_tok(const struct token *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (diag.no_warnings || diag.muted)
		return;
	diag.warnings++;
	strbuf_adds(&sb, "WARNING: ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_adds(&sb, ": ");
	diag_describe_token(&sb, t);
	strbuf_addc(&sb, '\n');
	if (t->kind != TOK_EOF)
		add_source(&sb, " source: ", &t->pos);
	fputs(strbuf_str(&sb), out());
	strbuf_release(&sb);
}

void diag_summary(void)
{
	if (!diag.suppressed)
		return;
	fprintf(out(), "Number of similar error messages suppressed: %u.\n"
		"Rerun with -v to see them.\n", diag.suppressed);
}

void diag_fatal_msg(const char *fmt, ...)
{
	va_list ap;

	diag.errors++;
	va_start(ap, fmt);
	vfprintf(out(), fmt, ap);
	va_end(ap);
	fputc('\n', out());
}
