// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_map.c - pass 3: arrays and statistics.
 *
 * Arrays are runtime maps (runtime/map.c) keyed by STP_KEYS(STP_KL(long),
 * STP_KS(string), ...); statistics are per-CPU aggregates
 * (runtime/stat.c) merged when read.  The probe handler holds each
 * global's lock for its whole run, so the calls here need no locking.
 */
#include <string.h>

#include "tr.h"

static struct cval val(enum type ty, const char *c)
{
	return (struct cval){ ty, c };
}

/* The array or statistics variable E names (a symbol), or NULL. */
static struct vardecl *var_of(struct expr *e)
{
	return e && e->kind == EXPR_SYMBOL ? e->var : NULL;
}

/* Keys as STP_KEYS(...); a NULL (wildcard) key is a placeholder. */
static const char *keys_text(struct tr *t, const struct vardecl *v,
			     struct expr_list *keys, unsigned *wild)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned i, j;
	char *out;

	*wild = 0;
	strbuf_adds(&sb, "STP_KEYS(");
	for (i = 0; i < keys->n; i++) {
		struct expr *k = keys->v[i];
		bool is_str = i < MAX_ARRAY_KEYS && v->keytypes[i] == TYPE_STRING;
		struct cval kv;

		if (i)
			strbuf_adds(&sb, ", ");
		if (!k) {
			*wild |= 1u << i;
			strbuf_adds(&sb, is_str ? "STP_KS(\"\")" : "STP_KL(0)");
			continue;
		}
		kv = tr_expr(t, k);
		/* A later key with effects must not change this one. */
		for (j = i + 1; j < keys->n; j++)
			if (keys->v[j] && tr_has_side_effects(keys->v[j]))
				break;
		if (j < keys->n && k->kind != EXPR_NUMBER && k->kind != EXPR_STRING)
			kv = tr_save(t, kv);
		strbuf_addf(&sb, is_str ? "STP_KS(%s)" : "STP_KL(%s)", kv.c);
	}
	strbuf_addc(&sb, ')');
	out = arena_strdup(t->arena, sb.buf);
	strbuf_release(&sb);
	return out;
}

const char *tr_keys(struct tr *t, const struct vardecl *v,
		    struct expr_list *keys)
{
	unsigned wild;

	return keys_text(t, v, keys, &wild);
}

static void set_last_stmt(struct tr *t, const struct token *tok)
{
	tr_line(t, "c->last_stmt = %s;", tr_tokdesc(t, tok));
}

/* ---- statistics ---- */

/* The merged data of a statistic (symbol, or array element) or NULL. */
static const char *stat_data(struct tr *t, struct expr *operand,
			     const char **hist)
{
	const char *sd = tr_field(t, "struct stp_stat_data *");
	struct vardecl *v = var_of(operand);

	if (v) {
		/* Merging the CPUs' data writes the shared aggregate. */
		tr_use_global(t, v, TR_WRITE);
		tr_line(t, "%s = stp_stat_get(%s);", sd, tr_var(t, v));
		*hist = tr_fmt(t, "&%s->hist", tr_var(t, v));
		return sd;
	}
	if (operand->kind == EXPR_INDEX && var_of(operand->u.index.base)) {
		v = var_of(operand->u.index.base);
		tr_use_global(t, v, TR_WRITE);
		tr_line(t, "%s = stp_map_get_stat(%s, %s);", sd, tr_var(t, v),
			tr_keys(t, v, &operand->u.index.keys));
		*hist = tr_fmt(t, "&%s_hist", tr_var(t, v));
		return sd;
	}
	tr_error(t, operand->tok, "statistics operand not supported: ");
	*hist = "NULL";
	return sd;
}

static void empty_check(struct tr *t, const char *sd, const struct token *tok)
{
	tr_line(t, "if (!%s || %s->count == 0) {", sd, sd);
	tr_line(t, "\tstp_error_at(c, \"empty aggregate\", %s);", tr_tokdesc(t, tok));
	tr_line(t, "\tgoto %s;", t->err_label);
	tr_line(t, "}");
}

struct cval tr_stat_op(struct tr *t, struct expr *e)
{
	const char *op = e->u.stat.op, *hist;
	const char *sd = stat_data(t, e->u.stat.operand, &hist);

	if (!strcmp(op, "count"))
		return val(TYPE_LONG, tr_fmt(t, "(%s ? %s->count : 0)", sd, sd));
	if (!strcmp(op, "sum"))
		return val(TYPE_LONG, tr_fmt(t, "(%s ? %s->sum : 0)", sd, sd));
	empty_check(t, sd, e->tok);
	if (!strcmp(op, "min"))
		return val(TYPE_LONG, tr_fmt(t, "%s->min", sd));
	if (!strcmp(op, "max"))
		return val(TYPE_LONG, tr_fmt(t, "%s->max", sd));
	if (!strcmp(op, "avg"))
		return val(TYPE_LONG, tr_fmt(t, "stp_stat_avg(%s)", sd));
	return val(TYPE_LONG, tr_fmt(t, "%s->variance", sd));
}

struct cval tr_hist_print(struct tr *t, struct expr *e, bool to_string)
{
	const char *hist, *sd = stat_data(t, e->u.hist.operand, &hist);

	empty_check(t, sd, e->tok);
	if (to_string) {
		char *s = tr_tmp_str(t);

		tr_line(t, "stp_hist_sprint(%s, %s, %s);", s, hist, sd);
		return val(TYPE_STRING, s);
	}
	tr_line(t, "stp_hist_print(%s, %s);", hist, sd);
	return val(TYPE_LONG, "((int64_t)0)");
}

/* @hist_*(s)[i]: a bucket's count. */
static struct cval hist_bucket(struct tr *t, struct expr *e)
{
	struct expr *h = e->u.index.base;
	const char *hist, *sd = stat_data(t, h->u.hist.operand, &hist);
	const char *res = tr_tmp_long(t);
	struct cval i;

	empty_check(t, sd, h->tok);
	i = tr_expr(t, e->u.index.keys.v[0]);
	/* Upstream names the @hist_* operator, not the '['. */
	tr_line(t, "%s = stp_hist_bucket(c, %s, %s, %s, %s);", res, hist, sd,
		i.c, tr_tokdesc(t, h->tok));
	tr_line(t, "if (unlikely(c->last_error))");
	tr_line(t, "\tgoto %s;", t->err_label);
	return val(TYPE_LONG, res);
}

/* ---- arrays ---- */

struct cval tr_index_read(struct tr *t, struct expr *e)
{
	struct vardecl *v = var_of(e->u.index.base);

	if (e->u.index.base->kind == EXPR_HIST)
		return hist_bucket(t, e);
	if (!v) {
		tr_error(t, e->tok, "indexing this expression is not supported: ");
		return val(TYPE_LONG, "0");
	}
	if (v->type == TYPE_STRING)
		return val(TYPE_STRING, tr_fmt(t, "stp_map_get_s(%s, %s)",
					       tr_var(t, v), tr_keys(t, v, &e->u.index.keys)));
	return val(TYPE_LONG, tr_fmt(t, "stp_map_get_l(%s, %s)", tr_var(t, v),
				     tr_keys(t, v, &e->u.index.keys)));
}

void tr_index_write(struct tr *t, struct expr *lhs, const char *op,
		    struct cval v, struct cval *result)
{
	struct vardecl *a = var_of(lhs->u.index.base);
	const char *m, *keys;

	if (!a) {
		tr_error(t, lhs->tok, "assigning to this expression is not supported: ");
		*result = v;
		return;
	}
	m = tr_var(t, a);
	/* Adding an entry changes the map, statistics or not. */
	tr_use_global(t, a, TR_WRITE);
	keys = tr_keys(t, a, &lhs->u.index.keys);
	set_last_stmt(t, lhs->tok);
	if (a->type == TYPE_STATS) {
		tr_line(t, "if (!stp_map_add_stat(c, %s, %s, %s))", m, keys, v.c);
		*result = v;
	} else if (a->type == TYPE_STRING) {
		struct cval nv = v;

		if (!strcmp(op, ".=")) {
			char *s = tr_tmp_str(t);

			tr_line(t, "stp_concat(%s, stp_map_get_s(%s, %s), %s);", s, m,
				keys, v.c);
			nv = val(TYPE_STRING, s);
		}
		tr_line(t, "if (!stp_map_set_s(c, %s, %s, %s))", m, keys, nv.c);
		*result = nv;
	} else {
		const char *nv = tr_tmp_long(t);

		if (strcmp(op, "=")) {
			char *bop = tr_fmt(t, "%.*s", (int)strlen(op) - 1, op);

			tr_line(t, "%s = stp_map_get_l(%s, %s);", nv, m, keys);
			tr_line(t, "%s = %s;", nv, tr_arith(t, bop, nv, v.c, lhs->tok));
			set_last_stmt(t, lhs->tok);
		} else {
			tr_line(t, "%s = %s;", nv, v.c);
		}
		tr_line(t, "if (!stp_map_set_l(c, %s, %s, %s))", m, keys, nv);
		*result = val(TYPE_LONG, nv);
	}
	tr_line(t, "\tgoto %s;", t->err_label);
}

struct cval tr_in(struct tr *t, struct expr *e)
{
	struct vardecl *v = var_of(e->u.in.array);
	unsigned wild;
	const char *keys;

	if (!v) {
		tr_error(t, e->tok, "membership test on this expression is not supported: ");
		return val(TYPE_LONG, "0");
	}
	keys = keys_text(t, v, &e->u.in.keys, &wild);
	if (wild)
		return val(TYPE_LONG, tr_fmt(t, "((int64_t)stp_map_exists_match(%s, %s, %uu))",
					     tr_var(t, v), keys, wild));
	return val(TYPE_LONG, tr_fmt(t, "((int64_t)stp_map_exists(%s, %s))",
				     tr_var(t, v), keys));
}

void tr_delete(struct tr *t, struct expr *e)
{
	struct vardecl *v = var_of(e);

	if (!v && e->kind == EXPR_INDEX)
		tr_use_global(t, var_of(e->u.index.base), TR_WRITE);
	else if (v)
		tr_use_global(t, v, TR_WRITE);

	if (v && v->arity > 0) {
		tr_line(t, "stp_map_clear(%s);", tr_var(t, v));
	} else if (v && v->type == TYPE_STATS) {
		tr_line(t, "stp_stat_clear(%s);", tr_var(t, v));
	} else if (v && v->type == TYPE_STRING) {
		tr_line(t, "%s[0] = '\\0';", tr_var(t, v));
	} else if (v) {
		tr_line(t, "%s = 0;", tr_var(t, v));
	} else if (e->kind == EXPR_INDEX && var_of(e->u.index.base)) {
		unsigned wild;
		const char *keys;

		v = var_of(e->u.index.base);
		keys = keys_text(t, v, &e->u.index.keys, &wild);
		if (wild)
			tr_line(t, "stp_map_delete_match(%s, %s, %uu);", tr_var(t, v),
				keys, wild);
		else
			tr_line(t, "stp_map_delete(%s, %s);", tr_var(t, v), keys);
	} else {
		tr_error(t, e->tok, "deleting this expression is not supported: ");
	}
}

static const char *sort_op(const char *agg)
{
	static const char *const names[][2] = {
		{ "@count", "STP_SORT_COUNT" }, { "@sum", "STP_SORT_SUM" },
		{ "@min", "STP_SORT_MIN" }, { "@max", "STP_SORT_MAX" },
		{ "@avg", "STP_SORT_AVG" },
	};
	unsigned i;

	for (i = 0; agg && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(agg, names[i][0]) || !strcmp(agg, names[i][0] + 1))
			return names[i][1];
	return "STP_SORT_COUNT";
}

/* Set the loop's key and value variables from the current entry. */
static void foreach_vars(struct tr *t, struct stmt *st, struct vardecl *a,
			 const char *m, const char *it)
{
	unsigned i;

	for (i = 0; i < st->u.foreach.keys.n; i++) {
		struct expr *k = st->u.foreach.keys.v[i];

		if (!k || !k->var)
			continue;
		if (a->keytypes[i] == TYPE_STRING)
			tr_line(t, "stp_strcpy(%s, stp_node_key_s(%s, %s, %u));",
				tr_var(t, k->var), m, it, i);
		else
			tr_line(t, "%s = stp_node_key_l(%s, %s, %u);",
				tr_var(t, k->var), m, it, i);
	}
	if (st->u.foreach.value && st->u.foreach.value->var) {
		struct vardecl *v = st->u.foreach.value->var;

		if (a->type == TYPE_STRING)
			tr_line(t, "stp_strcpy(%s, stp_node_val_s(%s, %s));",
				tr_var(t, v), m, it);
		else
			tr_line(t, "%s = stp_node_val_l(%s, %s);", tr_var(t, v), m, it);
	}
}

/*
 * foreach ([b] in @hist_*(s)): every bucket index in order (descending
 * with b-), optionally binding the bucket's count and with a limit.
 */
static void foreach_hist(struct tr *t, struct stmt *st)
{
	struct expr *h = st->u.foreach.array;
	struct expr *k = st->u.foreach.keys.n ? st->u.foreach.keys.v[0] : NULL;
	struct expr *v = st->u.foreach.value;
	const char *hist, *sd, *i, *limit = NULL, *count = NULL;
	const char *old_brk = t->break_label, *old_cont = t->cont_label;
	unsigned n = t->nlabel++;
	bool desc = st->u.foreach.sort_key == 1 && st->u.foreach.sort_dir < 0;

	if (st->u.foreach.sort_key == 0 || st->u.foreach.sort_key > 1) {
		tr_error(t, st->tok, "sorting histogram buckets by count is not supported: ");
		return;
	}
	sd = stat_data(t, h->u.hist.operand, &hist);
	empty_check(t, sd, h->tok);
	i = tr_field(t, "int64_t");
	if (st->u.foreach.limit) {
		limit = tr_field(t, "int64_t");
		count = tr_field(t, "int64_t");
		tr_line(t, "%s = %s;", limit, tr_expr(t, st->u.foreach.limit).c);
		tr_line(t, "%s = 0;", count);
	}
	tr_actions(t, 1, st->tok, true);
	tr_line(t, "%s = %s;", i, desc ? tr_fmt(t, "(%s)->buckets - 1", hist) : "0");
	tr_line(t, "top_%u:", n);
	tr_actions(t, 1, st->tok, false);
	tr_line(t, "if (%s < 0 || %s >= (%s)->buckets)", i, i, hist);
	tr_line(t, "	goto break_%u;", n);
	if (limit) {
		tr_line(t, "if (%s++ >= %s)", count, limit);
		tr_line(t, "	goto break_%u;", n);
	}
	if (k && k->var)
		tr_line(t, "%s = %s;", tr_var(t, k->var), i);
	if (v && v->var)
		tr_line(t, "%s = %s->histogram[%s];", tr_var(t, v->var), sd, i);
	t->break_label = tr_fmt(t, "break_%u", n);
	t->cont_label = tr_fmt(t, "continue_%u", n);
	tr_stmt(t, st->u.foreach.body);
	tr_actions(t, 0, tr_stmt_tok(st->u.foreach.body), true);
	t->break_label = old_brk;
	t->cont_label = old_cont;
	tr_line(t, "continue_%u: __maybe_unused;", n);
	tr_line(t, "%s %s= 1;", i, desc ? "-" : "+");
	tr_line(t, "goto top_%u;", n);
	tr_line(t, "break_%u: __maybe_unused;", n);
}

void tr_foreach(struct tr *t, struct stmt *st)
{
	struct vardecl *a = var_of(st->u.foreach.array);
	const char *m, *it, *limit = NULL, *count = NULL, *slice = NULL;
	const char *top, *cont, *brk, *old_brk = t->break_label, *old_cont = t->cont_label;
	unsigned n = t->nlabel++, wild = 0;

	if (st->u.foreach.array->kind == EXPR_HIST) {
		foreach_hist(t, st);
		return;
	}
	if (!a || a->arity <= 0) {
		tr_error(t, st->tok, "foreach over this expression is not supported: ");
		return;
	}
	m = tr_var(t, a);
	tr_use_global(t, a, TR_WRITE);	/* sorting reorders the map */
	top = tr_fmt(t, "top_%u", n);
	cont = tr_fmt(t, "continue_%u", n);
	brk = tr_fmt(t, "break_%u", n);
	it = tr_field(t, "struct stp_map_node *");
	if (st->u.foreach.limit) {
		limit = tr_field(t, "int64_t");
		count = tr_field(t, "int64_t");
		tr_line(t, "%s = %s;", limit, tr_expr(t, st->u.foreach.limit).c);
		tr_line(t, "%s = 0;", count);
	}
	if (st->u.foreach.slice.n)
		slice = keys_text(t, a, &st->u.foreach.slice, &wild);
	if (st->u.foreach.sort_key >= 0)
		tr_line(t, "stp_map_sort(%s, %d, %d, %s);", m, st->u.foreach.sort_key,
			st->u.foreach.sort_dir, sort_op(st->u.foreach.sort_agg));
	tr_actions(t, 1, st->tok, true);
	tr_line(t, "%s = stp_map_first(%s);", it, m);
	tr_line(t, "%s:", top);
	tr_actions(t, 1, st->tok, false);
	tr_line(t, "if (!%s)", it);
	tr_line(t, "\tgoto %s;", brk);
	if (slice) {
		tr_line(t, "if (!stp_node_match(%s, %s, %s, %uu))", m, it, slice, wild);
		tr_line(t, "\tgoto %s;", cont);
	}
	if (limit) {
		tr_line(t, "if (%s++ >= %s)", count, limit);
		tr_line(t, "\tgoto %s;", brk);
	}
	foreach_vars(t, st, a, m, it);
	t->break_label = brk;
	t->cont_label = cont;
	tr_stmt(t, st->u.foreach.body);
	tr_actions(t, 0, tr_stmt_tok(st->u.foreach.body), true);
	t->break_label = old_brk;
	t->cont_label = old_cont;
	tr_line(t, "%s: __maybe_unused;", cont);
	tr_line(t, "%s = stp_map_next(%s, %s);", it, m, it);
	tr_line(t, "goto %s;", top);
	tr_line(t, "%s: __maybe_unused;", brk);
}
