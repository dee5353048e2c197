// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timer.c - timer.ns/us/ms/s/hz/jiffies(N) with .randomize(R), and
 * timer.profile.
 *
 * Interval timers are hrtimers, whatever their unit (pass 3 converts N
 * and R to nanoseconds; jiffies are N * TICK_NSEC).  They run in hard
 * interrupt context on whichever CPU armed them.  An interval below
 * STP_TIMER_MIN_NS is raised to it, so that a script cannot keep a CPU
 * busy in timer interrupts.
 *
 * timer.profile fires on every CPU once per tick: one perf cpu-clock
 * event per online CPU sampling every TICK_NSEC, whose overflow handler
 * gets the interrupted registers (for backtraces, user_mode, ...), the
 * way upstream implements it on kernels without profile hooks.  CPUs
 * that come online later are not covered.
 */

#include <linux/hrtimer.h>
#include <linux/perf_event.h>
#include <linux/random.h>

#ifndef STP_TIMER_MIN_NS
#define STP_TIMER_MIN_NS 10000
#endif

struct stp_timer {
	const struct stp_probe *probe;
	u64 interval_ns;
	u64 randomize_ns;	/* each period is interval +- up to this */
	struct hrtimer hrtimer;
};

static u64 stp_timer_period(const struct stp_timer *t)
{
	u64 ns = max_t(u64, t->interval_ns, STP_TIMER_MIN_NS);
	u64 r = min_t(u64, t->randomize_ns, U32_MAX / 2);

	if (r) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
		u64 off = get_random_u32_below(2 * r + 1);
#else
		u64 off = prandom_u32_max(2 * r + 1);
#endif
		ns = ns + off > r + STP_TIMER_MIN_NS ? ns + off - r :
						       STP_TIMER_MIN_NS;
	}
	return ns;
}

static enum hrtimer_restart stp_timer_fn(struct hrtimer *h)
{
	struct stp_timer *t = container_of(h, struct stp_timer, hrtimer);

	hrtimer_forward_now(h, ns_to_ktime(stp_timer_period(t)));
	stp_probe_run(t->probe, STAP_SESSION_RUNNING, NULL);
	return HRTIMER_RESTART;
}

static __maybe_unused void stp_timers_unregister(struct stp_timer *timers,
						 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		hrtimer_cancel(&timers[i].hrtimer);
}

/* Arm the timers; they run their probes once the session is RUNNING. */
static __maybe_unused int stp_timers_register(struct stp_timer *timers,
					      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct stp_timer *t = &timers[i];

		hrtimer_init(&t->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		t->hrtimer.function = stp_timer_fn;
		hrtimer_start(&t->hrtimer, ns_to_ktime(stp_timer_period(t)),
			      HRTIMER_MODE_REL);
	}
	return 0;
}

/* timer.profile: a set of probes, each run on every CPU's tick. */
struct stp_profile {
	const struct stp_probe *probes;
	unsigned int nprobes;
	struct perf_event **events;	/* per CPU */
};

static void stp_profile_fn(struct perf_event *event,
			   struct perf_sample_data *data, struct pt_regs *regs)
{
	const struct stp_profile *p = event->overflow_handler_context;
	unsigned int i;

	for (i = 0; i < p->nprobes; i++)
		stp_probe_run(&p->probes[i], STAP_SESSION_RUNNING, regs);
}

static __maybe_unused void stp_profile_unregister(struct stp_profile *p)
{
	int cpu;

	if (!p->events)
		return;
	for_each_possible_cpu(cpu)
		if (p->events[cpu])
			perf_event_release_kernel(p->events[cpu]);
	kfree(p->events);
	p->events = NULL;
}

static __maybe_unused int stp_profile_register(struct stp_profile *p)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.size = sizeof(attr),
		.sample_period = TICK_NSEC,
		.pinned = 1,
	};
	int cpu, rc = 0;

	p->events = kcalloc(nr_cpu_ids, sizeof(*p->events), GFP_KERNEL);
	if (!p->events)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct perf_event *e;

		e = perf_event_create_kernel_counter(&attr, cpu, NULL,
						     stp_profile_fn, p);
		if (IS_ERR(e)) {
			rc = PTR_ERR(e);
			break;
		}
		p->events[cpu] = e;
	}
	cpus_read_unlock();
	if (rc) {
		_stp_error("probe %s registration error [man warning::pass5] (rc %d)",
			   p->probes[0].pp, rc);
		stp_profile_unregister(p);
	}
	return rc;
}
