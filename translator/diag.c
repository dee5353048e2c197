// SPDX-License-Identifier: GPL-2.0-or-later
/* diag.c - diagnostics in upstream's layout. */
#include "diag.h"
#include "strbuf.h"

#include <stdarg.h>
#include <string.h>

struct diag diag;

static FILE *out(void)
{
	return diag.out ? diag.out : stderr;
}

/* Content as shown between quotes: unprintable bytes become '?'. */
static void add_printable(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		strbuf_addc(sb, (c >= 0x20 && c < 0x7f) || c == '\t' ||
				c >= 0x80 ? (char)c : '?');
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
 * The "source:" line and the caret under the column.  The caret line keeps
 * the tabs of the source prefix so it lines up in a terminal.
 */
static void add_source(struct strbuf *sb, const char *label,
		       const struct srcpos *p)
{
	const char *text, *line, *end;
	unsigned n;

	if (!p->file || !p->file->text || p->line == 0)
		return;
	text = p->file->text;
	line = text;
	for (n = 1; n < p->line && line; n++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
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
 * Upstream shows each distinct message once (unless -vv) and counts the
 * rest.  Returns true if this message was seen before.
 */
static bool seen_before(const char *msg)
{
	static struct vec seen;
	size_t i;

	for (i = 0; i < seen.len; i++)
		if (!strcmp(seen.items[i], msg))
			return true;
	vec_push(&seen, xstrdup(msg));
	return false;
}

void diag_parse_error(const struct token *t, bool explicit_tok,
		      const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	diag.errors++;
	if (diag.muted)
		return;
	strbuf_adds(&sb, "parse error: ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* Same message about the same kind of token: a repeat. */
	strbuf_addf(&sb, "\n%s '%s'", tok_kind_name(t->kind), t->text);
	if (seen_before(strbuf_str(&sb)) && diag.verbose < 2) {
		diag.suppressed++;
		strbuf_release(&sb);
		return;
	}
	sb.buf[sb.len = strcspn(sb.buf, "\n")] = '\0';
	strbuf_adds(&sb, explicit_tok ? "\n         at: " : "\n        saw: ");
	diag_describe_token(&sb, t);
	strbuf_addc(&sb, '\n');
	add_token_context(&sb, t);
	strbuf_addc(&sb, '\n');
	fputs(strbuf_str(&sb), out());
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
