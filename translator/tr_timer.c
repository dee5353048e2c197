// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_timer.c - pass 3: registration of timer probes.
 *
 * timer.ms/us/ns/s/hz(N) and timer.jiffies(N) are hrtimers in the
 * runtime (runtime/timer.c), one per probe, with an optional random
 * spread; timer.profile runs on every CPU's tick (a perf cpu-clock
 * event).  Their tables and the register/unregister pair hang off
 * struct stp_module.
 */
#include "tr.h"

/* A timer interval in nanoseconds, as C. */
static const char *nanoseconds(struct tr *t, const struct dprobe *dp, int64_t n)
{
	if (dp->kind == PROBE_TIMER_JIFFIES)
		return tr_fmt(t, "%lldULL * (NSEC_PER_SEC / HZ)", (long long)n);
	return tr_fmt(t, "%lldULL", (long long)n);
}

static unsigned timer_table(struct tr *t, struct strbuf *tables)
{
	struct vec v = { 0 };
	unsigned n;
	size_t i;

	tr_probes_of(t, PROBE_TIMER_HR, PROBE_TIMER_JIFFIES, &v);
	n = (unsigned)v.len;
	if (n) {
		tr_probe_array(t, tables, "timer", &v);
		strbuf_adds(tables, "static struct stp_timer stp_timers[] = {\n");
		for (i = 0; i < v.len; i++) {
			struct dprobe *dp = v.items[i];

			strbuf_addf(tables, "\t{ .probe = &stp_timer_probes[%zu], .interval_ns = %s, .randomize_ns = %s },\n",
				    i, nanoseconds(t, dp, dp->u.timer.interval),
				    nanoseconds(t, dp, dp->u.timer.randomize));
		}
		strbuf_adds(tables, "};\n\n");
	}
	vec_free(&v);
	return n;
}

static unsigned profile_table(struct tr *t, struct strbuf *tables)
{
	struct vec v = { 0 };
	unsigned n;

	tr_probes_of(t, PROBE_TIMER_PROFILE, PROBE_TIMER_PROFILE, &v);
	n = (unsigned)v.len;
	if (n) {
		tr_probe_array(t, tables, "profile", &v);
		strbuf_adds(tables, "static struct stp_profile stp_profile = {\n"
			    "\t.probes = stp_profile_probes,\n"
			    "\t.nprobes = ARRAY_SIZE(stp_profile_probes),\n};\n\n");
	}
	vec_free(&v);
	return n;
}

void translate_timers(struct tr *t, struct strbuf *tables, struct strbuf *module)
{
	unsigned timers = timer_table(t, tables);
	unsigned profile = profile_table(t, tables);

	if (!timers && !profile)
		return;
	strbuf_adds(tables, "static int stp_register_probes(void)\n{\n\tint rc = 0;\n\n");
	if (timers)
		strbuf_adds(tables, "\trc = stp_timers_register(stp_timers, ARRAY_SIZE(stp_timers));\n"
			    "\tif (rc)\n\t\treturn rc;\n");
	if (profile) {
		strbuf_adds(tables, "\trc = stp_profile_register(&stp_profile);\n");
		if (timers)
			strbuf_adds(tables, "\tif (rc)\n\t\tstp_timers_unregister(stp_timers, ARRAY_SIZE(stp_timers));\n");
	}
	strbuf_adds(tables, "\treturn rc;\n}\n\nstatic void stp_unregister_probes(void)\n{\n");
	if (profile)
		strbuf_adds(tables, "\tstp_profile_unregister(&stp_profile);\n");
	if (timers)
		strbuf_adds(tables, "\tstp_timers_unregister(stp_timers, ARRAY_SIZE(stp_timers));\n");
	strbuf_adds(tables, "}\n\n");
	strbuf_adds(module, "\t.register_probes = stp_register_probes,\n"
		    "\t.unregister_probes = stp_unregister_probes,\n");
}
