// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timing.c - stap -t (STP_NEED_TIMING): how long each probe handler ran,
 * why probes were skipped, and how often global locks were contended,
 * reported when the session ends as upstream's probe hit report:
 *
 *   ----- probe hit report: 
 *   PP, (FILE:L:C), hits: N, cycles: Amin/Bavg/Cmax, variance: V, from: ..., index: I
 *   ----- refresh report:
 *   'GLOBAL' lock contention occurred N times
 *
 * on stdout (probes without hits are left out; this runtime never
 * re-registers probes while running, so the refresh report stays empty),
 * and after the "Number of errors" warning, on stderr:
 *
 *   WARNING: Skipped due to global 'GLOBAL' lock timeout: N
 *   WARNING: Skipped due to low stack: N
 *   WARNING: Skipped due to reentrancy: N
 *
 * Each probe's cycles (get_cycles() from its entry to the end of its
 * handler, as upstream counts them) go into a per-CPU statistic
 * (stat.c), merged only for the report.
 */

/* One per probe, by probe index; pass 3 fills in the texts. */
struct stp_timing {
	const char *pp;		/* with the arming condition, as -p2 */
	const char *location;	/* "f.stp:3:1" */
	const char *derivation;	/* " from: alias from: point" */
	struct stp_stat *stat;	/* allocated by stp_timing_init */
};

/* One per global: its lock's contention and timeouts. */
struct stp_lock_stats {
	rwlock_t *lock;
	const char *name;	/* "__global_x", upstream's name */
	atomic_t contention, skipped;
};

static int stp_timing_init(void)
{
	unsigned int i;

	for (i = 0; i < stp_module.ntiming; i++) {
		stp_module.timing[i].stat = stp_stat_new(STP_HIST_NONE, 0, 0, 0, 0);
		if (!stp_module.timing[i].stat)
			return -ENOMEM;
	}
	return 0;
}

/* Also after a failed stp_timing_init (stp_stat_free accepts NULL). */
static void stp_timing_free(void)
{
	unsigned int i;

	for (i = 0; i < stp_module.ntiming; i++) {
		stp_stat_free(stp_module.timing[i].stat);
		stp_module.timing[i].stat = NULL;
	}
}

/* In the probe, on its CPU with preemption off: one hit of t. */
static void stp_timing_add(struct stp_timing *t, cycles_t start)
{
	if (t && t->stat)
		stp_stat_add(t->stat, (s64)(get_cycles() - start));
}

static struct stp_lock_stats *stp_lock_stats_of(rwlock_t *lock)
{
	unsigned int i;

	for (i = 0; i < stp_module.nlock_stats; i++)
		if (stp_module.lock_stats[i].lock == lock)
			return &stp_module.lock_stats[i];
	return NULL;
}

/* A trylock failed and will be retried (the slow path: a search is fine). */
static void stp_lock_contended(rwlock_t *lock)
{
	struct stp_lock_stats *ls = stp_lock_stats_of(lock);

	if (ls)
		atomic_inc(&ls->contention);
}

/*
 * The lock was not had within MAXTRYLOCK tries: the hit is skipped.
 * (Never, under --suppress-time-limits.)
 */
static __maybe_unused void stp_lock_timed_out(rwlock_t *lock)
{
	struct stp_lock_stats *ls = stp_lock_stats_of(lock);

	if (ls)
		atomic_inc(&ls->skipped);
}

/* One line of the report to stdout; process context (module exit). */
static __printf(1, 2) void stp_timing_line(const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!line) {
		atomic_inc(&stp_output_dropped);
		return;
	}
	stp_transport_output(line, strlen(line));
	kfree(line);
}

/* The stdout part, after the end and error probes have run. */
static void stp_timing_report(void)
{
	unsigned int i;

	stp_timing_line("----- probe hit report: \n");
	for (i = 0; i < stp_module.ntiming; i++) {
		const struct stp_timing *t = &stp_module.timing[i];
		const struct stp_stat_data *sd;

		if (!t->stat)
			continue;
		sd = stp_stat_get(t->stat);
		if (!sd->count)
			continue;
		stp_timing_line("%s, (%s), hits: %lld, cycles: %lldmin/%lldavg/%lldmax, variance: %lld,%s, index: %u\n",
				t->pp, t->location, sd->count, sd->min,
				div64_s64(sd->sum, sd->count), sd->max,
				sd->variance, t->derivation, i);
	}
	stp_timing_line("----- refresh report:\n");
	for (i = 0; i < stp_module.nlock_stats; i++) {
		int n = atomic_read(&stp_module.lock_stats[i].contention);

		if (n)
			stp_timing_line("'%s' lock contention occurred %d times\n",
					stp_module.lock_stats[i].name, n);
	}
}

/* The stderr part, after "Number of errors: ..." when that is shown. */
static void stp_timing_skips(void)
{
	unsigned int i;
	int n;

	for (i = 0; i < stp_module.nlock_stats; i++) {
		n = atomic_read(&stp_module.lock_stats[i].skipped);
		if (n)
			_stp_warn("Skipped due to global '%s' lock timeout: %d\n",
				  stp_module.lock_stats[i].name, n);
	}
	n = atomic_read(&stp_skipped_lowstack);
	if (n)
		_stp_warn("Skipped due to low stack: %d\n", n);
	n = atomic_read(&stp_reentrant_count);
	if (n)
		_stp_warn("Skipped due to reentrancy: %d\n", n);
}
