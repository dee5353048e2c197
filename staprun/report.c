// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - what staprun writes to stderr: its own errors, warnings and
 * debug lines, and the module's out-of-band text (STP_OOB).
 *
 * Errors and warnings look like upstream's ("ERROR: ...", "WARNING: ..."),
 * with the prefix coloured as stap colours it (SYSTEMTAP_COLORS, SGR
 * codes) when -C says so.  A daemon (-D) has no stderr: as upstream's,
 * it sends them to syslog as "stapio".
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "staprun.h"

int stap_verbose;
static int use_color;
static int use_syslog;

void report_to_syslog(void)
{
	openlog("stapio", LOG_PID, LOG_DAEMON);
	use_syslog = 1;
	use_color = 0;
}

/* to_syslog: one message, PREFIX then the formatted text. */
static void to_syslog(int prio, const char *prefix, const char *fmt,
		      va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	syslog(prio, "%s%s", prefix, buf);
}

/* Upstream's default; SYSTEMTAP_COLORS overrides it. */
#define DEFAULT_COLORS "error=01;31:warning=00;33:source=00;34:caret=01:token=01"

void report_init(enum color_mode mode)
{
	const char *term = getenv("TERM");

	if (mode == COLOR_ALWAYS)
		use_color = 1;
	else if (mode == COLOR_AUTO)
		use_color = isatty(STDERR_FILENO) && term && strcmp(term, "dumb");
	else
		use_color = 0;
}

/*
 * color_of: the SGR parameters for KEY in SYSTEMTAP_COLORS, copied to
 * OUT; "" if absent or if the variable is malformed.
 */
static void color_of(const char *key, char *out, size_t outsz)
{
	const char *s = getenv("SYSTEMTAP_COLORS");
	size_t klen = strlen(key);

	out[0] = 0;
	if (!s || !*s)
		s = DEFAULT_COLORS;
	while (*s) {
		const char *end = strchr(s, ':');
		const char *eq = strchr(s, '=');
		size_t len;

		if (!end)
			end = s + strlen(s);
		if (!eq || eq >= end || eq == s || eq + 1 == end)
			return;		/* malformed: no colours at all */
		len = (size_t)(end - eq - 1);
		if ((size_t)(eq - s) == klen && !strncmp(s, key, klen) &&
		    len < outsz) {
			memcpy(out, eq + 1, len);
			out[len] = 0;
			return;
		}
		s = *end ? end + 1 : end;
	}
}

/* print_prefix: "ERROR:" or "WARNING:", coloured if asked. */
static void print_prefix(const char *word, const char *key)
{
	char sgr[64];

	if (use_color) {
		color_of(key, sgr, sizeof(sgr));
		if (sgr[0]) {
			fprintf(stderr, "\033[%sm\033[K%s\033[m\033[K", sgr, word);
			return;
		}
	}
	fputs(word, stderr);
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	if (use_syslog) {
		va_start(ap, fmt);
		to_syslog(LOG_ERR, "ERROR: ", fmt, ap);
		va_end(ap);
		return;
	}
	print_prefix("ERROR:", "error");
	fputc(' ', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void warn_msg(const char *fmt, ...)
{
	va_list ap;

	if (use_syslog) {
		va_start(ap, fmt);
		to_syslog(LOG_WARNING, "WARNING: ", fmt, ap);
		va_end(ap);
		return;
	}
	print_prefix("WARNING:", "warning");
	fputc(' ', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void dbug(int level, const char *fmt, ...)
{
	va_list ap;

	if (stap_verbose < level)
		return;
	if (use_syslog) {
		va_start(ap, fmt);
		to_syslog(LOG_DEBUG, "", fmt, ap);
		va_end(ap);
		return;
	}
	fputs("staprun: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * write_all: the whole buffer, across short writes and EINTR, and
 * waiting when the descriptor was left non-blocking by whoever gave it.
 */
int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			poll(&pfd, 1, -1);
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Warnings already shown, so that a warning repeated by a probe that
 * fires often is shown once (upstream does the same unless -v).  At most
 * MAX_SEEN are remembered, so a module cannot grow staprun without bound;
 * after that, new warnings are shown every time.
 */
#define MAX_SEEN 1024
#define SEEN_BUCKETS 256

struct seen_entry {
	struct seen_entry *next;
	char text[];
};

struct warn_seen {
	struct seen_entry *bucket[SEEN_BUCKETS];
	unsigned count;
	int full_noted;
};

static unsigned hash_text(const char *s, size_t len)
{
	unsigned h = 2166136261u;	/* FNV-1a */

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * seen_before: 1 if LINE was shown already; else remember it and return
 * 0, or -1 if the table just became full (as upstream, the line is shown,
 * then the note that the table is full).
 */
static int seen_before(struct oob_state *st, const char *line, size_t len)
{
	struct warn_seen *w = st->seen;
	struct seen_entry *e;
	unsigned b;

	if (!w) {
		w = st->seen = calloc(1, sizeof(*w));
		if (!w)
			return 0;
	}
	b = hash_text(line, len) % SEEN_BUCKETS;
	for (e = w->bucket[b]; e; e = e->next)
		if (strlen(e->text) == len && !memcmp(e->text, line, len))
			return 1;
	if (w->count >= MAX_SEEN) {
		if (w->full_noted)
			return 0;
		w->full_noted = 1;
		return -1;
	}
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
		return 0;
	memcpy(e->text, line, len);
	e->text[len] = 0;
	e->next = w->bucket[b];
	w->bucket[b] = e;
	w->count++;
	return 0;
}

void oob_state_free(struct oob_state *st)
{
	struct seen_entry *e, *next;
	int b;

	if (!st->seen)
		return;
	for (b = 0; b < SEEN_BUCKETS; b++)
		for (e = st->seen->bucket[b]; e; e = next) {
			next = e->next;
			free(e);
		}
	free(st->seen);
	st->seen = NULL;
}

/* print_line: LINE (LEN bytes, with its newline if any) with PREFIX coloured. */
static void print_line(const char *line, size_t len, const char *word,
		       const char *key)
{
	size_t wl = strlen(word);

	print_prefix(word, key);
	fwrite(line + wl, 1, len - wl, stderr);
}

/* One line of module text; returns 1 for an error line. */
static int oob_line(struct oob_state *st, const char *line, size_t len)
{
	/* Compare warnings without their newline: the last may lack one. */
	size_t body = len && line[len - 1] == '\n' ? len - 1 : len;

	if (use_syslog) {
		int error = len >= 7 && !strncmp(line, "ERROR: ", 7);

		if (st->suppress_warnings && len >= 9 &&
		    !strncmp(line, "WARNING: ", 9))
			return 0;
		syslog(error ? LOG_ERR : LOG_WARNING, "%.*s", (int)body, line);
		return error;
	}
	if (len >= 9 && !strncmp(line, "WARNING: ", 9)) {
		int seen = 0;

		if (st->suppress_warnings)
			return 0;
		if (!stap_verbose && (seen = seen_before(st, line, body)) > 0)
			return 0;
		print_line(line, len, "WARNING:", "warning");
		if (seen < 0)
			fputs("WARNING deduplication table full\n", stderr);
		return 0;
	}
	if (len >= 7 && !strncmp(line, "ERROR: ", 7)) {
		print_line(line, len, "ERROR:", "error");
		return 1;
	}
	fwrite(line, 1, len, stderr);
	return 0;
}

int report_oob(struct oob_state *st, const char *text, size_t len)
{
	int error = 0;

	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl ? (size_t)(nl - text) + 1 : len;

		error |= oob_line(st, text, n);
		text += n;
		len -= n;
	}
	fflush(stderr);
	return error;
}
