// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for timer.stp: an
 * hrtimer probe that calls exit() on its fifth hit, timer.profile on
 * every CPU adding to a statistic (under the read lock: per-CPU data, no
 * contention), global locks, and an end probe.
 */
#define STP_NEED_TIMERS
#define STP_NEED_STATS
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_n;
module_param_named(n, stp_global_n, int64, 0);
static DEFINE_RWLOCK(stp_global_n_lock);
static struct stp_stat *stp_global_hits;
static DEFINE_RWLOCK(stp_global_hits_lock);

static void stp_globals_exit(void)
{
	stp_stat_free(stp_global_hits);
}

static int stp_globals_init(void)
{
	stp_global_hits = stp_stat_new(STP_HIST_NONE, 0, 0, 0, 0);
	return stp_global_hits ? 0 : -ENOMEM;
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

/* timer.ms(50), timer.stp:2:1 */
static void probe_0(struct context *c)
{
	stp_global_n++;
	if (stp_global_n == 5) {
		c->last_stmt = "identifier 'exit' at timer.stp:2:39";
		function_exit(c);
		if (unlikely(c->last_error || c->aborted))
			goto out;
	}
out: __maybe_unused;
}

static const struct stp_lock probe_0_locks[] = {
	{ .lock = &stp_global_n_lock, .write = true },
};

/* timer.profile, timer.stp:3:1 */
static void probe_1(struct context *c)
{
	stp_stat_add(stp_global_hits, 1);
}

static const struct stp_lock probe_1_locks[] = {
	{ .lock = &stp_global_hits_lock, .write = false },
};

/* end, timer.stp:4:1 */
static void probe_2(struct context *c)
{
	stp_printf("n = %d\nprofile: %s\n", stp_global_n,
		   stp_stat_get(stp_global_hits)->count > 0 ? "yes" : "no");
}

static const struct stp_probe stp_timer_probes[] = {
	{ .pp = "timer.ms(50)", .handler = probe_0,
	  .locks = probe_0_locks, .nlocks = ARRAY_SIZE(probe_0_locks) },
};

static struct stp_timer stp_timers[] = {
	{ .probe = &stp_timer_probes[0], .interval_ns = 50 * NSEC_PER_MSEC },
};

static const struct stp_probe stp_profile_probes[] = {
	{ .pp = "timer.profile", .handler = probe_1,
	  .locks = probe_1_locks, .nlocks = ARRAY_SIZE(probe_1_locks) },
};

static struct stp_profile stp_profile = {
	.probes = stp_profile_probes,
	.nprobes = ARRAY_SIZE(stp_profile_probes),
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_2 },
};

/* ---- registration ---- */

static int stp_register_probes(void)
{
	int rc = stp_timers_register(stp_timers, ARRAY_SIZE(stp_timers));

	if (rc)
		return rc;
	rc = stp_profile_register(&stp_profile);
	if (rc)
		stp_timers_unregister(stp_timers, ARRAY_SIZE(stp_timers));
	return rc;
}

static void stp_unregister_probes(void)
{
	stp_profile_unregister(&stp_profile);
	stp_timers_unregister(stp_timers, ARRAY_SIZE(stp_timers));
}

/* ---- the module ---- */

static struct stp_module stp_module = {
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
	.init = stp_globals_init,
	.exit = stp_globals_exit,
	.register_probes = stp_register_probes,
	.unregister_probes = stp_unregister_probes,
};
