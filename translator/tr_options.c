// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_options.c - what command-line options add to the generated C:
 *
 *   -t                         STP_NEED_TIMING, the stp_timing table (one
 *                              entry per probe, in probe index order) and
 *                              the stp_lock_stats table (one per global),
 *                              for the runtime's probe hit report
 *                              (runtime/timing.c)
 *   --suppress-handler-errors  STAP_SUPPRESS_HANDLER_ERRORS
 *   --suppress-time-limits     STAP_SUPPRESS_TIME_LIMITS_ENABLE
 *   --modinfo NAME=VAL         MODULE_INFO(NAME, "VAL")
 *
 * The report names each probe as upstream's does: its pp (with the
 * condition, as -p2 shows it), its location (the 'probe' keyword, or the
 * innermost alias reference; pass 2's own probes are located at line 1
 * of the first script) and its derivation (" from: " and the leading
 * probe point of each step of the -p2 chain).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_print.h"
#include "tr.h"

void tr_options_header(struct tr *t, FILE *f)
{
	const struct session *s = t->s;

	if (s->timing)
		fputs("#define STP_NEED_TIMING\n", f);
	if (s->suppress_handler_errors)
		fputs("#define STAP_SUPPRESS_HANDLER_ERRORS\n", f);
	if (s->suppress_time_limits)
		fputs("#define STAP_SUPPRESS_TIME_LIMITS_ENABLE\n", f);
}

const char *tr_timing_field(struct tr *t, const struct dprobe *dp)
{
	return t->s->timing ? tr_fmt(t, " .timing = &stp_timing[%u],", dp->index) : "";
}

/* The closing quote of the string literal opening at p, or its NUL. */
static const char *string_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return p;
}

/*
 * Length of the probe point at the start of text: up to the first
 * top-level space, comma, '?' or '!' (strings and parentheses skipped).
 */
static size_t leading_point(const char *text)
{
	const char *p = text;
	int depth = 0;

	for (; *p; p++) {
		if (*p == '"') {
			p = string_end(p);
			if (!*p)
				break;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (!depth && strchr(" ,?!", *p)) {
			break;
		}
	}
	return (size_t)(p - text);
}

/*
 * Start of the next " <- " step of a -p2 chain after text (outside
 * strings), or NULL.
 */
static const char *next_step(const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '"') {
			p = string_end(p);
			if (!*p)
				break;
		} else if (!strncmp(p, " <- ", 4)) {
			return p + 4;
		}
	}
	return NULL;
}

/* " from: tick from: tick" for the chain "tick = timer.ms(5) <- tick". */
static const char *derivation(struct tr *t, const char *chain)
{
	struct strbuf sb = STRBUF_INIT;
	const char *step = chain;
	char *r;

	while (step) {
		strbuf_addf(&sb, " from: %.*s", (int)leading_point(step), step);
		step = next_step(step);
	}
	r = arena_strdup(t->arena, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* The pp upstream's report shows: the point and its arming condition. */
static const char *report_pp(struct tr *t, const struct dprobe *dp)
{
	char *buf = NULL, *r;
	size_t len = 0;
	FILE *f;

	if (!dp->cond)
		return dp->pp;
	f = open_memstream(&buf, &len);
	if (!f)
		return dp->pp;
	fprintf(f, "%s if (", dp->pp);
	print_expr(f, dp->cond);
	fputc(')', f);
	fclose(f);
	r = arena_strdup(t->arena, buf);
	free(buf);
	return r;
}

static const char *location(struct tr *t, const struct dprobe *dp)
{
	const struct session *s = t->s;

	if (dp->tok && !dp->synthesized)
		return tr_fmt(t, "%s:%u:%u", dp->tok->pos.file->name,
			      dp->tok->pos.line, dp->tok->pos.col);
	if (s->user_files.len) {
		const struct stapfile *f = s->user_files.items[0];

		return tr_fmt(t, "%s:1:1", f->src->name);
	}
	return "<input>:1:1";
}

static void timing_tables(struct tr *t, struct strbuf *out, struct strbuf *module)
{
	const struct program *p = t->prog;
	size_t i;

	strbuf_adds(out, "/* ---- -t: probe timing, by probe index ---- */\n\n"
		    "static struct stp_timing stp_timing[] = {\n");
	for (i = 0; i < p->probes.len; i++) {
		const struct dprobe *dp = p->probes.items[i];

		strbuf_addf(out, "\t{ .pp = %s, .location = %s,\n\t  .derivation = %s },\n",
			    tr_quote(t, report_pp(t, dp)), tr_quote(t, location(t, dp)),
			    tr_quote(t, derivation(t, dp->synthesized ? dp->pp : dp->chain)));
	}
	strbuf_adds(out, "};\n\n");
	strbuf_adds(module, "\t.timing = stp_timing,\n\t.ntiming = ARRAY_SIZE(stp_timing),\n");
	if (!p->globals.len)
		return;
	strbuf_adds(out, "static struct stp_lock_stats stp_lock_stats[] = {\n");
	for (i = 0; i < p->globals.len; i++) {
		const struct vardecl *v = p->globals.items[i];

		strbuf_addf(out, "\t{ .lock = &stp%s_lock, .name = \"%s\" },\n",
			    v->cname, v->cname);
	}
	strbuf_adds(out, "};\n\n");
	strbuf_adds(module, "\t.lock_stats = stp_lock_stats,\n"
		    "\t.nlock_stats = ARRAY_SIZE(stp_lock_stats),\n");
}

void tr_options_tables(struct tr *t, struct strbuf *out, struct strbuf *module)
{
	const struct session *s = t->s;
	size_t i;

	for (i = 0; i < s->modinfo.len; i++) {
		const char *nv = s->modinfo.items[i], *eq = strchr(nv, '=');

		/* cmdline.c checked NAME=VALUE, NAME a C identifier. */
		strbuf_addf(out, "MODULE_INFO(%.*s, %s);\n", (int)(eq - nv), nv,
			    tr_quote(t, eq + 1));
	}
	if (s->modinfo.len)
		strbuf_addc(out, '\n');
	if (s->timing)
		timing_tables(t, out, module);
}
