// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for globals.stp:
 * globals as module parameters, an array with two keys, sorted foreach,
 * statistics, both histograms, and "Array overflow".
 */
#define STP_NEED_STATS
#define STP_NEED_MAPS
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_count = 3;
module_param_named(count, stp_global_count, int64, 0);
static string_t stp_global_name = "world";
module_param_string(name, stp_global_name, MAXSTRINGLEN, 0);
static struct stp_map *stp_global_a;		/* [long, string] -> long */
static struct stp_stat *stp_global_s;		/* @hist_log */
static struct stp_stat *stp_global_h;		/* @hist_linear(0, 10, 2) */

static void stp_globals_exit(void)
{
	stp_map_free(stp_global_a);
	stp_stat_free(stp_global_s);
	stp_stat_free(stp_global_h);
}

static int stp_globals_init(void)
{
	stp_global_a = stp_map_new("ls", STP_VAL_LONG, NULL, 5, 0);
	stp_global_s = stp_stat_new(STP_HIST_LOG, 0, 0, 0, 0);
	stp_global_h = stp_stat_new(STP_HIST_LINEAR, 0, 10, 2, 0);
	if (!stp_global_a || !stp_global_s || !stp_global_h) {
		stp_globals_exit();
		return -ENOMEM;
	}
	return 0;
}

/* ---- locals ---- */

struct probe_0_locals {
	int64_t i;
	int64_t k;
	string_t v;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

union stp_frame {
	char none;
};

/* ---- probes ---- */

/* begin, globals.stp:3:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;
	struct stp_map_node *n;
	struct stp_stat_data *sd;

	stp_printf("hello %s, count %d\n", stp_global_name, stp_global_count);
	for (l->i = 0; l->i < stp_global_count; l->i++) {
		if (stp_actions(c, 4, "operator '{' at globals.stp:5:31"))
			goto out;
		c->last_stmt = "identifier 'a' at globals.stp:5:33";
		if (!stp_map_set_l(c, stp_global_a,
				   STP_KEYS(STP_KL(l->i), STP_KS("x")),
				   l->i * 10))
			goto out;
		stp_stat_add(stp_global_s, l->i);
		stp_stat_add(stp_global_h, l->i * l->i);
	}
	stp_map_sort(stp_global_a, 0, -1, 0);
	for (n = stp_map_first(stp_global_a); n;
	     n = stp_map_next(stp_global_a, n)) {
		l->k = stp_node_key_l(stp_global_a, n, 0);
		stp_strcpy(l->v, stp_node_key_s(stp_global_a, n, 1));
		if (stp_actions(c, 2, "identifier 'printf' at globals.stp:6:26"))
			goto out;
		stp_printf("a[%d,%s] = %d\n", l->k, l->v,
			   stp_map_get_l(stp_global_a,
					 STP_KEYS(STP_KL(l->k), STP_KS(l->v))));
	}
	sd = stp_stat_get(stp_global_s);
	if (sd->count == 0) {
		stp_error_at(c, "empty aggregate",
			     "operator '@min' at globals.stp:7:77");
		goto out;
	}
	stp_printf("@count %d @sum %d @min %d @max %d @avg %d\n",
		   sd->count, sd->sum, sd->min, sd->max, stp_stat_avg(sd));
	sd = stp_stat_get(stp_global_h);
	if (sd->count == 0) {
		stp_error_at(c, "empty aggregate",
			     "identifier 'print' at globals.stp:8:3");
		goto out;
	}
	stp_hist_print(&stp_global_h->hist, sd);
	sd = stp_stat_get(stp_global_s);
	if (sd->count == 0) {
		stp_error_at(c, "empty aggregate",
			     "identifier 'print' at globals.stp:9:3");
		goto out;
	}
	stp_hist_print(&stp_global_s->hist, sd);
	for (l->i = 0; l->i < 6; l->i++) {
		if (stp_actions(c, 2, "identifier 'a' at globals.stp:10:27"))
			goto out;
		c->last_stmt = "identifier 'a' at globals.stp:10:27";
		if (!stp_map_set_l(c, stp_global_a,
				   STP_KEYS(STP_KL(l->i), STP_KS("y")), l->i))
			goto out;
	}
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
