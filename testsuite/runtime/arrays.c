// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for arrays.stp:
 * arrays of statistics sorted by @sum, string values, foreach with a
 * value variable and limit, delete, `in`, a `%` array that wraps,
 * slices, and histograms of array entries.
 */
#define STP_NEED_MAPS
#include "runtime.h"

/* ---- globals ---- */

static const struct stp_hist stp_global_st_hist = { .type = STP_HIST_LOG };
static struct stp_map *stp_global_st;		/* [string] -> stats */
static struct stp_map *stp_global_names;	/* [long] -> string */
static struct stp_map *stp_global_w;		/* %[3] [long] -> long */
static struct stp_map *stp_global_m;		/* [10] [long, string] -> long */

static void stp_globals_exit(void)
{
	stp_map_free(stp_global_st);
	stp_map_free(stp_global_names);
	stp_map_free(stp_global_w);
	stp_map_free(stp_global_m);
}

static int stp_globals_init(void)
{
	stp_global_st = stp_map_new("s", STP_VAL_STAT, &stp_global_st_hist,
				    0, 0);
	stp_global_names = stp_map_new("l", STP_VAL_STRING, NULL, 0, 0);
	stp_global_w = stp_map_new("l", STP_VAL_LONG, NULL, 3, STP_MAP_WRAP);
	stp_global_m = stp_map_new("ls", STP_VAL_LONG, NULL, 10, 0);
	if (!stp_global_st || !stp_global_names || !stp_global_w ||
	    !stp_global_m) {
		stp_globals_exit();
		return -ENOMEM;
	}
	return 0;
}

/* ---- locals ---- */

struct probe_0_locals {
	string_t s;
	string_t v;
	int64_t k, i, x;
	string_t y;
	int64_t limit;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

union stp_frame {
	char none;
};

/* ---- functions ---- */

/* exit(), tapset/logging.stp */
static void function_exit(struct context *c)
{
	if (!stp_func_enter(c, "identifier 'exit' at logging.stp:52:10"))
		return;
	atomic_set(session_state(), STAP_SESSION_STOPPING);
	_stp_exit();
	stp_func_leave(c);
}

/* ---- probes ---- */

/* begin, arrays.stp:2:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;
	static const struct { const char *k; int64_t v; const char *tok; } adds[] = {
		{ "a", 1, "identifier 'st' at arrays.stp:3:3" },
		{ "a", 5, "identifier 'st' at arrays.stp:3:18" },
		{ "b", 10, "identifier 'st' at arrays.stp:3:33" },
		{ "c", 2, "identifier 'st' at arrays.stp:3:49" },
		{ "c", 3, "identifier 'st' at arrays.stp:3:64" },
		{ "c", 7, "identifier 'st' at arrays.stp:3:79" },
	};
	struct stp_map_node *n;
	struct stp_stat_data *sd;
	int j;

	for (j = 0; j < ARRAY_SIZE(adds); j++) {
		c->last_stmt = adds[j].tok;
		if (!stp_map_add_stat(c, stp_global_st, STP_KEYS(STP_KS(adds[j].k)),
				      adds[j].v))
			goto out;
	}
	stp_map_sort(stp_global_st, 0, -1, STP_SORT_SUM);
	for (n = stp_map_first(stp_global_st); n;
	     n = stp_map_next(stp_global_st, n)) {
		stp_strcpy(l->s, stp_node_key_s(stp_global_st, n, 0));
		if (stp_actions(c, 2, "identifier 'printf' at arrays.stp:5:5"))
			goto out;
		sd = stp_map_get_stat(stp_global_st, STP_KEYS(STP_KS(l->s)));
		if (!sd) {
			stp_error_at(c, "empty aggregate",
				     "operator '@min' at arrays.stp:5:70");
			goto out;
		}
		stp_printf("%s: %d %d %d %d %d %d\n", l->s, sd->count, sd->sum,
			   sd->min, sd->max, stp_stat_avg(sd), sd->variance);
	}

	c->last_stmt = "identifier 'names' at arrays.stp:6:3";
	if (!stp_map_set_s(c, stp_global_names, STP_KEYS(STP_KL(1)), "one"))
		goto out;
	c->last_stmt = "identifier 'names' at arrays.stp:6:21";
	if (!stp_map_set_s(c, stp_global_names, STP_KEYS(STP_KL(2)), "two"))
		goto out;
	c->last_stmt = "identifier 'names' at arrays.stp:6:39";
	if (!stp_map_set_s(c, stp_global_names, STP_KEYS(STP_KL(3)), "three"))
		goto out;
	stp_map_sort(stp_global_names, 1, 1, 0);
	for (n = stp_map_first(stp_global_names); n;
	     n = stp_map_next(stp_global_names, n)) {
		l->k = stp_node_key_l(stp_global_names, n, 0);
		if (stp_actions(c, 2, "identifier 'printf' at arrays.stp:7:25"))
			goto out;
		stp_printf("%d=%s ", l->k,
			   stp_map_get_s(stp_global_names, STP_KEYS(STP_KL(l->k))));
	}
	stp_println("");
	stp_map_sort(stp_global_names, 0, -1, 0);
	l->limit = 0;
	for (n = stp_map_first(stp_global_names); n && l->limit < 2;
	     n = stp_map_next(stp_global_names, n), l->limit++) {
		l->k = stp_node_key_l(stp_global_names, n, 0);
		stp_strcpy(l->v, stp_node_val_s(stp_global_names, n));
		if (stp_actions(c, 2, "identifier 'printf' at arrays.stp:9:39"))
			goto out;
		stp_printf("%s ", l->v);
	}
	stp_println("");
	stp_map_delete(stp_global_names, STP_KEYS(STP_KL(2)));
	stp_printf("%d %d\n",
		   (int64_t)stp_map_exists(stp_global_names, STP_KEYS(STP_KL(2))),
		   (int64_t)stp_map_exists(stp_global_names, STP_KEYS(STP_KL(3))));

	for (l->i = 0; l->i < 5; l->i++) {
		if (stp_actions(c, 2, "identifier 'w' at arrays.stp:13:27"))
			goto out;
		c->last_stmt = "identifier 'w' at arrays.stp:13:27";
		if (!stp_map_set_l(c, stp_global_w, STP_KEYS(STP_KL(l->i)), l->i))
			goto out;
	}
	stp_map_sort(stp_global_w, 1, 1, 0);
	for (n = stp_map_first(stp_global_w); n;
	     n = stp_map_next(stp_global_w, n)) {
		l->k = stp_node_key_l(stp_global_w, n, 0);
		if (stp_actions(c, 2, "identifier 'printf' at arrays.stp:14:23"))
			goto out;
		stp_printf("w[%d]=%d ", l->k,
			   stp_map_get_l(stp_global_w, STP_KEYS(STP_KL(l->k))));
	}
	stp_println("");

	c->last_stmt = "identifier 'm' at arrays.stp:16:3";
	if (!stp_map_set_l(c, stp_global_m, STP_KEYS(STP_KL(1), STP_KS("a")), 1))
		goto out;
	c->last_stmt = "identifier 'm' at arrays.stp:16:18";
	if (!stp_map_set_l(c, stp_global_m, STP_KEYS(STP_KL(1), STP_KS("b")), 2))
		goto out;
	c->last_stmt = "identifier 'm' at arrays.stp:16:33";
	if (!stp_map_set_l(c, stp_global_m, STP_KEYS(STP_KL(2), STP_KS("a")), 3))
		goto out;
	stp_printf("%d %d\n",
		   (int64_t)stp_map_exists_match(stp_global_m,
				STP_KEYS(STP_KL(1), STP_KS("")), 2),
		   (int64_t)stp_map_exists_match(stp_global_m,
				STP_KEYS(STP_KL(3), STP_KS("")), 2));
	stp_map_delete_match(stp_global_m, STP_KEYS(STP_KL(0), STP_KS("a")), 1);
	for (n = stp_map_first(stp_global_m); n;
	     n = stp_map_next(stp_global_m, n)) {
		l->x = stp_node_key_l(stp_global_m, n, 0);
		stp_strcpy(l->y, stp_node_key_s(stp_global_m, n, 1));
		if (stp_actions(c, 2, "identifier 'printf' at arrays.stp:19:25"))
			goto out;
		stp_printf("%d,%s ", l->x, l->y);
	}
	stp_println("");

	sd = stp_map_get_stat(stp_global_st, STP_KEYS(STP_KS("c")));
	if (!sd) {
		stp_error_at(c, "empty aggregate",
			     "operator '@hist_log' at arrays.stp:21:11");
		goto out;
	}
	l->k = stp_hist_bucket(c, &stp_global_st->hist, sd, 66,
			       "operator '@hist_log' at arrays.stp:21:11");
	if (unlikely(c->last_error))
		goto out;
	stp_printf("%d\n", l->k);
	sd = stp_map_get_stat(stp_global_st, STP_KEYS(STP_KS("c")));
	if (!sd) {
		stp_error_at(c, "empty aggregate",
			     "identifier 'print' at arrays.stp:22:3");
		goto out;
	}
	stp_hist_print(&stp_global_st->hist, sd);
	c->last_stmt = "identifier 'exit' at arrays.stp:23:3";
	function_exit(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
out: __maybe_unused;
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};

/* ---- the module ---- */

static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
	.init = stp_globals_init,
	.exit = stp_globals_exit,
};
