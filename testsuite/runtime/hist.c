// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for hist.stp:
 * histograms with underflow and overflow rows, negative values, elided
 * rows, bucket indexing, and "empty aggregate" in an end probe.
 */
#define STP_NEED_STATS
#include "runtime.h"

/* ---- globals ---- */

static struct stp_stat *stp_global_h;		/* @hist_linear(0, 10, 2) */
static struct stp_stat *stp_global_l;		/* @hist_log */
static struct stp_stat *stp_global_e;		/* @min only */

static void stp_globals_exit(void)
{
	stp_stat_free(stp_global_h);
	stp_stat_free(stp_global_l);
	stp_stat_free(stp_global_e);
}

static int stp_globals_init(void)
{
	stp_global_h = stp_stat_new(STP_HIST_LINEAR, 0, 10, 2, 0);
	stp_global_l = stp_stat_new(STP_HIST_LOG, 0, 0, 0, 0);
	stp_global_e = stp_stat_new(STP_HIST_NONE, 0, 0, 0, 0);
	if (!stp_global_h || !stp_global_l || !stp_global_e) {
		stp_globals_exit();
		return -ENOMEM;
	}
	return 0;
}

/* ---- locals ---- */

struct probe_0_locals {
	int64_t i;
	int64_t tmp[3];
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

union stp_frame {
	char none;
};

/* ---- functions ---- */

/* exit(), tapset/logging.stp: embedded C */
static void function_exit(struct context *c)
{
	if (!stp_func_enter(c, "identifier 'exit' at logging.stp:52:10"))
		return;
	{
		atomic_set(session_state(), STAP_SESSION_STOPPING);
		_stp_exit();
	}
	goto out;
out:
	stp_func_leave(c);
}

/* ---- probes ---- */

/* A statistic's data, or NULL with "empty aggregate" at stmt. */
static struct stp_stat_data *get_stat(struct context *c, struct stp_stat *st,
				      const char *stmt)
{
	struct stp_stat_data *sd = stp_stat_get(st);

	if (sd->count)
		return sd;
	stp_error_at(c, "empty aggregate", stmt);
	return NULL;
}

/* begin, hist.stp:2:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;
	static const int64_t lvals[] = { 1, 2, 3, 1000000, -5, 0 };
	static const char *const toks[] = {
		"operator '@hist_linear' at hist.stp:7:24",
		"operator '@hist_linear' at hist.stp:7:54",
		"operator '@hist_linear' at hist.stp:7:84",
	};
	static const int64_t idx[] = { 0, 6, 7 };
	struct stp_stat_data *sd;
	int j;

	for (l->i = -3; l->i < 30; l->i++) {
		if (stp_actions(c, 2, "identifier 'h' at hist.stp:3:29"))
			goto out;
		stp_stat_add(stp_global_h, l->i);
	}
	for (j = 0; j < ARRAY_SIZE(lvals); j++)
		stp_stat_add(stp_global_l, lvals[j]);
	sd = get_stat(c, stp_global_h, "identifier 'print' at hist.stp:5:3");
	if (!sd)
		goto out;
	stp_hist_print(&stp_global_h->hist, sd);
	sd = get_stat(c, stp_global_l, "identifier 'print' at hist.stp:6:3");
	if (!sd)
		goto out;
	stp_hist_print(&stp_global_l->hist, sd);
	for (j = 0; j < 3; j++) {
		sd = get_stat(c, stp_global_h, toks[j]);
		if (!sd)
			goto out;
		l->tmp[j] = stp_hist_bucket(c, &stp_global_h->hist, sd, idx[j],
					    toks[j]);
		if (unlikely(c->last_error))
			goto out;
	}
	stp_printf("%d %d %d\n", l->tmp[0], l->tmp[1], l->tmp[2]);
	sd = get_stat(c, stp_global_l, "operator '@hist_log' at hist.stp:8:11");
	if (!sd)
		goto out;
	l->tmp[0] = stp_hist_bucket(c, &stp_global_l->hist, sd, 127,
				    "operator '@hist_log' at hist.stp:8:11");
	if (unlikely(c->last_error))
		goto out;
	stp_printf("%d\n", l->tmp[0]);
	c->last_stmt = "identifier 'exit' at hist.stp:9:3";
	function_exit(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
out: __maybe_unused;
}

/* end, hist.stp:11:1 */
static void probe_1(struct context *c)
{
	struct stp_stat_data *sd;

	sd = get_stat(c, stp_global_e, "operator '@min' at hist.stp:11:21");
	if (!sd)
		goto out;
	stp_printf("%d\n", sd->min);
out: __maybe_unused;
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_1 },
};

/* ---- the module ---- */

static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
	.init = stp_globals_init,
	.exit = stp_globals_exit,
};
