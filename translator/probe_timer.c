// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_timer.c - timer.{ms,msec,us,usec,ns,nsec,s,sec}(N) and timer.hz(N)
 * (one hrtimer each, in nanoseconds), timer.jiffies(N) (a timer_list) with
 * optional .randomize(M), and timer.profile (every tick on every CPU).
 * Ranges and messages are upstream's.
 */
#include "probefam.h"
#include "semerr.h"

#include <stddef.h>
#include <string.h>

static const char *const timer_patterns[] = {
	"timer.hz(number)",
	"timer.jiffies(number)",
	"timer.jiffies(number).randomize(number)",
	"timer.ms(number)",
	"timer.ms(number).randomize(number)",
	"timer.msec(number)",
	"timer.msec(number).randomize(number)",
	"timer.ns(number)",
	"timer.ns(number).randomize(number)",
	"timer.nsec(number)",
	"timer.nsec(number).randomize(number)",
	"timer.profile",
	"timer.profile.tick",
	"timer.s(number)",
	"timer.s(number).randomize(number)",
	"timer.sec(number)",
	"timer.sec(number).randomize(number)",
	"timer.us(number)",
	"timer.us(number).randomize(number)",
	"timer.usec(number)",
	"timer.usec(number).randomize(number)",
	NULL,
};

/* Nanoseconds per unit, and the accepted interval range in that unit. */
static const struct unit {
	const char *name;
	int64_t ns, min, max;
} units[] = {
	{ "s", 1000000000, 1, 86400 },
	{ "sec", 1000000000, 1, 86400 },
	{ "ms", 1000000, 1, 86400000 },
	{ "msec", 1000000, 1, 86400000 },
	{ "us", 1000, 100, 86400000000 },
	{ "usec", 1000, 100, 86400000000 },
	{ "ns", 1, 100000, 86400000000000 },
	{ "nsec", 1, 100000, 86400000000000 },
};

static bool check_randomize(int64_t rand, int64_t interval)
{
	if (rand < 0 || rand > interval) {
		sem_error("timer-randomize", NULL, "randomization value out of range");
		return false;
	}
	return true;
}

static bool derive_jiffies(struct dprobe *dp, const struct pp_comp *comps,
			   unsigned ncomps)
{
	int64_t n = comps[1].arg->u.num;

	dp->kind = PROBE_TIMER_JIFFIES;
	if (n <= 0 || n > 1000000) {
		sem_error("timer-jiffies", NULL, "invalid interval for jiffies timer");
		return false;
	}
	dp->u.timer.interval = n;
	dp->u.timer.randomize = ncomps > 2 ? comps[2].arg->u.num : 0;
	if (dp->u.timer.randomize < 0 || dp->u.timer.randomize > n) {
		sem_error("timer-jiffies-rand", NULL, "invalid randomize for jiffies timer");
		return false;
	}
	return true;
}

static bool derive_hz(struct dprobe *dp, const struct pp_comp *comps)
{
	int64_t hz = comps[1].arg->u.num;

	if (hz <= 0) {
		sem_error("timer-hz", NULL, "frequency must be greater than 0");
		return false;
	}
	dp->u.timer.interval = 1000000000 / hz;
	if (dp->u.timer.interval < 100000) {
		sem_error("timer-range", NULL,
			  "interval value out of range (100000, 86400000000000)");
		return false;
	}
	return true;
}

static bool derive_timer(struct session *s, struct dprobe *dp, unsigned pat,
			 const struct pp_comp *comps, unsigned ncomps)
{
	const char *unit = comps[1].name;
	size_t i;

	(void)s;
	(void)pat;
	dp->kind = PROBE_TIMER_HR;
	if (!strcmp(unit, "profile")) {
		dp->kind = PROBE_TIMER_PROFILE;
		if (ncomps == 2)
			return true;
		/*
		 * timer.profile.tick needs the old profiling hook
		 * (register_timer_hook), gone from the kernels we support;
		 * upstream says so in these words.  timer.profile itself
		 * runs on every CPU's tick through a perf cpu-clock event,
		 * as upstream's fallback does.
		 */
		sem_error("timer-profile", NULL,
			  "profiling timer support (register_timer_hook) not found in kernel!");
		return false;
	}
	if (!strcmp(unit, "jiffies"))
		return derive_jiffies(dp, comps, ncomps);
	if (!strcmp(unit, "hz"))
		return derive_hz(dp, comps);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		int64_t n = comps[1].arg->u.num, r;

		if (strcmp(units[i].name, unit))
			continue;
		if (n < units[i].min || n > units[i].max) {
			sem_error("timer-range", NULL,
				  "interval value out of range (%lld, %lld)",
				  (long long)units[i].min, (long long)units[i].max);
			return false;
		}
		r = ncomps > 2 ? comps[2].arg->u.num : 0;
		if (!check_randomize(r, n))
			return false;
		dp->u.timer.interval = n * units[i].ns;
		dp->u.timer.randomize = r * units[i].ns;
		return true;
	}
	return false;
}

const struct probe_family family_timer = {
	PROBE_TIMER_HR, "timer", timer_patterns, derive_timer,
};
