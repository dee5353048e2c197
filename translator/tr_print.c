// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_print.c - pass 3: the print family.
 *
 * printf/sprintf pass their format to the runtime's formatter as
 * written; print, println, printd, printdln and their s- forms get a
 * format made here from their arguments' types ("%d" for a long, "%s"
 * for a string, the delimiter in between).  The runtime takes longs as
 * int64_t and strings as char pointers.
 */
#include <string.h>

#include "tr.h"

/* A string literal's script text, escaped for a printf format. */
static void add_format_text(struct strbuf *sb, const char *raw)
{
	const char *p;

	for (p = raw; *p; p++) {
		if (*p == '%')
			strbuf_adds(sb, "%%");
		else
			strbuf_addc(sb, *p);
	}
}

/* The format of print/println/printd/printdln and their s- forms. */
static const char *made_format(struct tr *t, struct expr *e,
			       const struct cval *args, unsigned n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = e->u.print.name;
	bool ln = strstr(name, "ln") != NULL;
	unsigned i;
	char *out;

	for (i = 0; i < n; i++) {
		if (i && e->u.print.delim)
			add_format_text(&sb, e->u.print.delim->u.str);
		strbuf_adds(&sb, args[i].type == TYPE_STRING ? "%s" : "%d");
	}
	if (ln)
		strbuf_adds(&sb, "\\n");
	out = arena_strdup(t->arena, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

/* The C text of a format for the runtime: quoted like any script string. */
static const char *quote_format(struct tr *t, const char *raw)
{
	struct expr lit = { .kind = EXPR_STRING };

	lit.u.str = raw;
	return tr_expr(t, &lit).c;
}

static struct cval print_hist(struct tr *t, struct expr *e, bool to_string)
{
	struct expr *h = e->u.print.args.v[0];

	/* An empty statistic is reported near the print, as upstream. */
	h->tok = e->tok;
	/* println(@hist...) adds no newline: the histogram ends with one. */
	return tr_hist_print(t, h, to_string);
}

/*
 * Whether a printf format has a %m or %M conversion: those read memory,
 * and a read fault is a script error near the printf.
 */
static bool format_may_fault(const char *fmt)
{
	const char *p = fmt;

	while ((p = strchr(p, '%'))) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0");
		p += strspn(p, "0123456789*");
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789*");
		p += strspn(p, "l");
		if (*p == 'm' || *p == 'M')
			return true;
	}
	return false;
}

struct cval tr_print(struct tr *t, struct expr *e)
{
	unsigned n = e->u.print.args.n, i;
	bool to_string = e->u.print.name[0] == 's';
	struct cval *args = arena_alloc(t->arena, sizeof(*args) * (n + 1));
	struct strbuf call = STRBUF_INIT;
	const char *fmt;
	char *res = NULL;
	struct cval out = { TYPE_LONG, "((int64_t)0)" };

	if (n == 1 && e->u.print.args.v[0]->kind == EXPR_HIST)
		return print_hist(t, e, to_string);
	for (i = 0; i < n; i++) {
		struct expr *a = e->u.print.args.v[i];

		args[i] = tr_expr(t, a);
		/* A later argument with effects must not change this one. */
		if (i + 1 < n && a->kind != EXPR_NUMBER && a->kind != EXPR_STRING) {
			unsigned j;

			for (j = i + 1; j < n; j++)
				if (e->u.print.args.v[j]->kind == EXPR_CALL ||
				    e->u.print.args.v[j]->kind == EXPR_ASSIGN ||
				    e->u.print.args.v[j]->kind == EXPR_PREINC ||
				    e->u.print.args.v[j]->kind == EXPR_POSTINC)
					break;
			if (j < n) {
				if (args[i].type == TYPE_STRING) {
					char *s = tr_tmp_str(t);

					tr_line(t, "stp_strcpy(%s, %s);", s, args[i].c);
					args[i].c = s;
				} else {
					const char *l = tr_tmp_long(t);

					tr_line(t, "%s = %s;", l, args[i].c);
					args[i].c = l;
				}
			}
		}
	}
	if (e->u.print.format)
		fmt = quote_format(t, e->u.print.format->u.str);
	else
		fmt = quote_format(t, made_format(t, e, args, n));
	if (to_string) {
		res = tr_tmp_str(t);
		strbuf_addf(&call, "stp_sprintf(%s, %s", res, fmt);
		out = (struct cval){ TYPE_STRING, res };
	} else {
		strbuf_addf(&call, "stp_printf(%s", fmt);
	}
	for (i = 0; i < n; i++) {
		if (args[i].type == TYPE_STRING)
			strbuf_addf(&call, ", (const char *)%s", args[i].c);
		else
			strbuf_addf(&call, ", (int64_t)%s", args[i].c);
	}
	strbuf_adds(&call, ");");
	if (e->u.print.format && format_may_fault(e->u.print.format->u.str)) {
		tr_line(t, "c->last_stmt = %s;", tr_tokdesc(t, e->tok));
		tr_line(t, "%s", call.buf);
		tr_check_error(t);
	} else {
		tr_line(t, "%s", call.buf);
	}
	strbuf_release(&call);
	return out;
}
