// SPDX-License-Identifier: GPL-2.0-or-later
/* semerr.c - semantic errors and warnings in upstream's layout. */
#include "semerr.h"
#include "diag.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct srcfile *last_file;	/* file of the last token shown */
static unsigned sem_errors;
static const struct token *context_tok;
static bool warnings_as_errors;

void sem_set_warnings_as_errors(bool on)
{
	warnings_as_errors = on;
}
static unsigned warn_suppressed;
static struct vec seen_kinds, seen_warnings;	/* char * (malloc'd) */

static bool seen(struct vec *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], key))
			return true;
	vec_push(v, xstrdup(key));
	return false;
}

static void describe(struct strbuf *sb, const struct token *t)
{
	const struct srcfile *f = t->pos.file;

	strbuf_adds(sb, tok_kind_name(t->kind));
	if (t->kind != TOK_KEYWORD && t->kind != TOK_EMBEDDED)
		strbuf_addf(sb, " '%s'", t->text);
	strbuf_addf(sb, " at %s:%u:%u", f && f != last_file ? f->name : "",
		    t->pos.line, t->pos.col);
	last_file = f;
}

/* The source line of t under label, and a caret under its column. */
static void add_source(struct strbuf *sb, const char *label,
		       const struct token *t)
{
	const char *line, *end;
	unsigned n;

	if (!t->pos.file || !t->pos.file->text || !t->pos.line)
		return;
	line = t->pos.file->text;
	for (n = 1; n < t->pos.line && line; n++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line)
		return;
	end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	strbuf_adds(sb, label);
	strbuf_add(sb, line, (size_t)(end - line));
	strbuf_addc(sb, '\n');
	for (n = 0; n < strlen(label); n++)
		strbuf_addc(sb, ' ');
	for (n = 1; n < t->pos.col && line + n - 1 < end; n++)
		strbuf_addc(sb, line[n - 1] == '\t' ? '\t' : ' ');
	strbuf_adds(sb, "^\n");
}

static void add_error(struct strbuf *sb, const struct token *t,
		      const char *msg)
{
	strbuf_addf(sb, "semantic error: %s", msg);
	if (t) {
		strbuf_adds(sb, ": ");
		describe(sb, t);
		strbuf_addc(sb, '\n');
		add_source(sb, "        source: ", t);
	} else {
		strbuf_addc(sb, '\n');
	}
	strbuf_addc(sb, '\n');
}

/* Count the error; false if a repeat of its kind that is not shown. */
static bool count_error(const char *kind)
{
	diag.errors++;
	sem_errors++;
	if (diag.muted)		/* listing mode: errors are not shown */
		return false;
	if (seen(&seen_kinds, kind) && diag.verbose < 2) {
		diag.suppressed++;
		return false;
	}
	return true;
}

void sem_error(const char *kind, const struct token *t, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	va_list ap;

	if (!count_error(kind))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (context_tok)
		add_error(&sb, context_tok, "while resolving probe point");
	add_error(&sb, t, strbuf_str(&msg));
	fputs(strbuf_str(&sb), stderr);
	strbuf_release(&msg);
	strbuf_release(&sb);
}

void sem_error_chain(const char *kind, const struct token *outer,
		     const char *outer_msg, const struct token *inner,
		     const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	va_list ap;

	if (!count_error(kind))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	add_error(&sb, outer, outer_msg);
	add_error(&sb, inner, strbuf_str(&msg));
	fputs(strbuf_str(&sb), stderr);
	strbuf_release(&msg);
	strbuf_release(&sb);
}

void sem_error2(const char *kind, const struct token *t1,
		const struct token *t2, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	va_list ap;

	if (!count_error(kind))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	add_error(&sb, t1, strbuf_str(&msg));
	sb.len--;	/* the blank line comes after t2 */
	describe(&sb, t2);
	strbuf_addc(&sb, '\n');
	add_source(&sb, "        source: ", t2);
	strbuf_addc(&sb, '\n');
	fputs(strbuf_str(&sb), stderr);
	strbuf_release(&msg);
	strbuf_release(&sb);
}

void sem_warning(const struct token *t, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	va_list ap;

	if (diag.no_warnings || diag.muted)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* A repeat of the same text is not shown, wherever it is (upstream). */
	if (seen(&seen_warnings, strbuf_str(&msg)) && diag.verbose < 2) {
		warn_suppressed++;
		strbuf_release(&msg);
		return;
	}
	diag.warnings++;
	if (warnings_as_errors) {
		diag.errors++;
		sem_errors++;
	}
	strbuf_addf(&sb, "WARNING: %s", msg.buf);
	if (t) {
		strbuf_adds(&sb, ": ");
		describe(&sb, t);
		strbuf_addc(&sb, '\n');
		add_source(&sb, " source: ", t);
	} else {
		strbuf_addc(&sb, '\n');
	}
	fputs(strbuf_str(&sb), stderr);
	strbuf_release(&msg);
	strbuf_release(&sb);
}

void sem_set_context(const struct token *t)
{
	context_tok = t;
}

void sem_summary(void)
{
	if (warn_suppressed)
		fprintf(stderr, "Number of similar warning messages suppressed: %u.\n"
			"Rerun with -v to see them.\n", warn_suppressed);
}

unsigned sem_error_count(void)
{
	return sem_errors;
}
