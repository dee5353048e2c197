// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for var.stp:
 * @variance of scalar statistics (with the bit shift @variance(s, 3)
 * asks for, which applies to the whole statistic) and of an array entry.
 */
#define STP_NEED_MAPS
#include "runtime.h"

/* ---- globals ---- */

static const struct stp_hist stp_global_a_hist = { .type = STP_HIST_NONE };
static struct stp_stat *stp_global_s;
static struct stp_map *stp_global_a;
static struct stp_stat *stp_global_t;

static void stp_globals_exit(void)
{
	stp_stat_free(stp_global_s);
	stp_map_free(stp_global_a);
	stp_stat_free(stp_global_t);
}

static int stp_globals_init(void)
{
	stp_global_s = stp_stat_new(STP_HIST_NONE, 0, 0, 0, 3);
	stp_global_a = stp_map_new("l", STP_VAL_STAT, &stp_global_a_hist, 0, 0);
	stp_global_t = stp_stat_new(STP_HIST_NONE, 0, 0, 0, 0);
	if (!stp_global_s || !stp_global_a || !stp_global_t) {
		stp_globals_exit();
		return -ENOMEM;
	}
	return 0;
}

/* ---- locals ---- */

union stp_probe_locals {
	char none;
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

/* Print @variance of sd, or fail with "empty aggregate" at stmt. */
static bool print_variance(struct context *c, struct stp_stat_data *sd,
			   const char *stmt)
{
	if (!sd || sd->count == 0) {
		stp_error_at(c, "empty aggregate", stmt);
		return false;
	}
	stp_printf("%d\n", sd->variance);
	return true;
}

/* begin, var.stp:2:1 */
static void probe_0(struct context *c)
{
	static const int64_t vals[] = { 2, 3, 7 };
	static const char *const toks[] = {
		"identifier 'a' at var.stp:2:42",
		"identifier 'a' at var.stp:2:54",
		"identifier 'a' at var.stp:2:66",
	};
	int j;

	for (j = 0; j < ARRAY_SIZE(vals); j++)
		stp_stat_add(stp_global_s, vals[j]);
	for (j = 0; j < ARRAY_SIZE(vals); j++) {
		c->last_stmt = toks[j];
		if (!stp_map_add_stat(c, stp_global_a, STP_KEYS(STP_KL(1)),
				      vals[j]))
			goto out;
	}
	stp_stat_add(stp_global_t, 100);
	stp_stat_add(stp_global_t, 1000);
	if (!print_variance(c, stp_stat_get(stp_global_s),
			    "operator '@variance' at var.stp:3:9"))
		goto out;
	if (!print_variance(c, stp_map_get_stat(stp_global_a, STP_KEYS(STP_KL(1))),
			    "operator '@variance' at var.stp:3:32"))
		goto out;
	if (!print_variance(c, stp_stat_get(stp_global_t),
			    "operator '@variance' at var.stp:3:58"))
		goto out;
	if (!print_variance(c, stp_stat_get(stp_global_s),
			    "operator '@variance' at var.stp:3:81"))
		goto out;
	c->last_stmt = "identifier 'exit' at var.stp:3:99";
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
