// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes.c - the common entry and exit of every probe handler.
 *
 * A probe family's callback (an hrtimer, a kprobe, staprun's START for
 * begin probes) calls stp_probe_run() with the probe's table entry.  It
 * checks the session state, takes this CPU's context, resets it, takes
 * the probe's global locks, runs the generated handler, flushes its
 * output and reports its error, the protocol of upstream's generated
 * prologue and epilogue.
 */

/*
 * stap -t: what probe entry and exit tell timing.c (included after
 * stat.c, which it uses); nothing without it.
 */
struct stp_timing;
#ifdef STP_NEED_TIMING
static atomic_t stp_skipped_lowstack = ATOMIC_INIT(0);
static void stp_timing_add(struct stp_timing *t, cycles_t start);
static void stp_lock_contended(rwlock_t *lock);
static __maybe_unused void stp_lock_timed_out(rwlock_t *lock);
static inline void stp_count_lowstack(void)
{
	atomic_inc(&stp_skipped_lowstack);
}
#else
static inline void stp_timing_add(struct stp_timing *t, cycles_t start) { }
static inline void stp_lock_contended(rwlock_t *lock) { }
static inline void stp_lock_timed_out(rwlock_t *lock) { }
static inline void stp_count_lowstack(void) { }
#endif /* STP_NEED_TIMING */

/* One global's lock, as a probe needs it. */
struct stp_lock {
	rwlock_t *lock;
	bool write;
};

/* A probe handler and what its entry needs to know; one per probe. */
struct stp_probe {
	const char *pp;				/* pp(): "begin", ... */
	const char *pn;				/* pn(), or NULL: pp */
	void (*handler)(struct context *c);
	const struct stp_lock *locks;		/* in global order */
	unsigned int nlocks;
	struct stp_timing *timing;		/* -t: its statistics, or NULL */
};

/* Script errors: the generated code records one, then jumps to out. */
static inline void stp_error_at(struct context *c, const char *msg,
				const char *stmt)
{
	c->last_error = msg;
	c->last_stmt = stmt;
}

/* error(msg) of the script: its text, without a location. */
static __maybe_unused void stp_error_msg(struct context *c, const char *msg)
{
	strscpy(c->error_buffer, msg, sizeof(c->error_buffer));
	c->last_error = c->error_buffer;
	c->last_stmt = NULL;
}

/* A formatted error text at stmt, e.g. "Array overflow, check ...". */
static __maybe_unused __printf(3, 4) void
stp_error_fmt(struct context *c, const char *stmt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(c->error_buffer, sizeof(c->error_buffer), fmt, ap);
	va_end(ap);
	c->last_error = c->error_buffer;
	c->last_stmt = stmt;
}

/*
 * At a catch block: whether the failure can be caught (abort() and a
 * spent statement budget cannot), and if so clear it, copying its message
 * into msg (the catch variable, or NULL).
 */
static inline bool stp_catch(struct context *c, char *msg)
{
	if (!c->last_error || c->aborted || c->actionremaining <= 0)
		return false;
	if (msg)
		strscpy(msg, c->last_error, MAXSTRINGLEN);
	c->last_error = NULL;
	return true;
}

/*
 * Charge n statements to the budget; true (and the error set) when it
 * is exhausted.  Pass 3 charges straight-line code in bulk.
 */
static inline bool stp_actions(struct context *c, long n, const char *stmt)
{
#ifdef STAP_SUPPRESS_TIME_LIMITS_ENABLE
	return false;
#endif
	c->actionremaining -= n;
	if (likely(c->actionremaining > 0))
		return false;
	stp_error_at(c, "MAXACTION exceeded", stmt);
	return true;
}

/*
 * Enter a script function (stmt: the function's name token); false
 * with "MAXNESTING exceeded" set when the call would be too deep.
 */
static inline bool stp_func_enter(struct context *c, const char *stmt)
{
	c->last_stmt = stmt;
	if (unlikely(c->nesting + 1 >= MAXNESTING)) {
		c->last_error = "MAXNESTING exceeded";
		return false;
	}
	c->nesting++;
	return true;
}

static inline void stp_func_leave(struct context *c)
{
	c->nesting--;
}

/*
 * Take the probe's locks, each with up to MAXTRYLOCK attempts
 * TRYLOCKDELAY us apart (without limit under --suppress-time-limits); on
 * a timeout release them all and skip the hit.
 */
static bool stp_locks_take(const struct stp_probe *p)
{
	unsigned int i;
	int tries;

	for (i = 0; i < p->nlocks; i++) {
		const struct stp_lock *l = &p->locks[i];

		for (tries = 0; ; tries++) {
			if (l->write ? write_trylock(l->lock) :
				       read_trylock(l->lock))
				break;
#ifndef STAP_SUPPRESS_TIME_LIMITS_ENABLE
			if (tries >= MAXTRYLOCK)
				goto timeout;
#endif
			stp_lock_contended(l->lock);
			udelay(TRYLOCKDELAY);
		}
	}
	return true;
#ifndef STAP_SUPPRESS_TIME_LIMITS_ENABLE
timeout:
	stp_lock_timed_out(p->locks[i].lock);
	while (i-- > 0) {
		if (p->locks[i].write)
			write_unlock(p->locks[i].lock);
		else
			read_unlock(p->locks[i].lock);
	}
	atomic_inc(&stp_skipped_count);
	return false;
#endif
}

static void stp_locks_release(const struct stp_probe *p)
{
	unsigned int i = p->nlocks;

	while (i-- > 0) {
		if (p->locks[i].write)
			write_unlock(p->locks[i].lock);
		else
			read_unlock(p->locks[i].lock);
	}
}

/*
 * The handler's error: "ERROR: msg near stmt", counted, maybe fatal.
 * With --suppress-handler-errors it is only counted (upstream's).
 */
static void stp_report_error(struct context *c)
{
#ifdef STAP_SUPPRESS_HANDLER_ERRORS
	atomic_inc(&stp_error_count);
#else
	struct kvec iov[5] = {
		{ .iov_base = STP_ERR_PREFIX, .iov_len = strlen(STP_ERR_PREFIX) },
		{ .iov_base = (void *)c->last_error,
		  .iov_len = strlen(c->last_error) },
		{ .iov_base = " near ", .iov_len = 6 },
		{ .iov_base = (void *)c->last_stmt,
		  .iov_len = c->last_stmt ? strlen(c->last_stmt) : 0 },
		{ .iov_base = "\n", .iov_len = 1 },
	};

	if (!c->last_stmt)
		iov[2].iov_len = 0;
	stp_transport_oob(iov, 5);
	if (atomic_inc_return(&stp_error_count) > MAXERRORS) {
		atomic_set(&stp_session_state, STAP_SESSION_ERROR);
		_stp_exit();
	}
#endif
}

/*
 * Account a handler's cycles to this CPU; at the end of each interval,
 * fail the session if the handlers used more than the threshold.
 */
static void stp_overload_check(struct context *c, cycles_t start)
{
#ifdef STP_OVERLOAD
	cycles_t now = get_cycles();

	c->cycles_sum += now - start;
	if (now > c->cycles_base && now - c->cycles_base <= STP_OVERLOAD_INTERVAL)
		return;
	if (c->cycles_sum > STP_OVERLOAD_THRESHOLD) {
		_stp_error("probe overhead (%lld cycles) exceeded threshold (%lld cycles) in last %lld cycles",
			   (long long)c->cycles_sum, STP_OVERLOAD_THRESHOLD,
			   STP_OVERLOAD_INTERVAL);
		atomic_set(&stp_session_state, STAP_SESSION_ERROR);
		atomic_inc(&stp_error_count);
	}
	c->cycles_base = now;
	c->cycles_sum = 0;
#endif
}

/*
 * Less than MINSTACKSPACE bytes of the task's stack left below sp?  Only
 * the task stack is checked: interrupt and exception stacks are not
 * THREAD_SIZE-aligned blocks on current kernels (upstream's alignment
 * test gives false alarms there), and the kernel switches to them with
 * a fresh stack anyway.
 */
static inline bool stp_stack_low(const void *sp)
{
	return object_is_on_stack(sp) &&
	       (unsigned long)sp - (unsigned long)task_stack_page(current) <
	       MINSTACKSPACE;
}

/* Run probe p if the session is in `state`; regs may be NULL. */
static void stp_probe_run(const struct stp_probe *p, int state,
			  struct pt_regs *regs)
{
	struct context *c;
	cycles_t start = get_cycles();
#if !INTERRUPTIBLE
	unsigned long flags;
#endif

	if (atomic_read(&stp_session_state) != state)
		return;
	if (unlikely(stp_stack_low(&c))) {
		atomic_inc(&stp_skipped_count);
		stp_count_lowstack();
		return;
	}
#if !INTERRUPTIBLE
	local_irq_save(flags);
#endif
	preempt_disable();
	c = stp_context_get();
	if (!c) {
		atomic_inc(&stp_reentrant_count);
		goto out;
	}
	c->probe_point = p->pp;
	c->probe_name = p->pn ? p->pn : p->pp;
	c->kregs = regs;
	c->user_mode_p = regs && user_mode(regs);
	c->uregs = c->user_mode_p ? regs : NULL;
	c->actionremaining = INTERRUPTIBLE ? MAXACTION_INTERRUPTIBLE :
					     MAXACTION;
	c->nesting = -1;
	c->aborted = 0;
	c->next = 0;
	c->last_error = NULL;
	c->last_stmt = NULL;
	if (stp_locks_take(p)) {
		p->handler(c);
		stp_locks_release(p);
	}
	stp_timing_add(p->timing, start);
	stp_overload_check(c, start);
	stp_pbuf_flush(&c->pbuf);
	if (unlikely(c->last_error))
		stp_report_error(c);
	c->probe_point = NULL;
	c->probe_name = NULL;
	c->kregs = NULL;
	c->uregs = NULL;
	stp_context_put(c);
#ifndef STAP_SUPPRESS_HANDLER_ERRORS
	if (unlikely(atomic_read(&stp_skipped_count) > MAXSKIPPED) &&
	    atomic_cmpxchg(&stp_session_state, STAP_SESSION_RUNNING,
			   STAP_SESSION_ERROR) == STAP_SESSION_RUNNING)
		_stp_error("Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.");
#endif
out:
	preempt_enable();
#if !INTERRUPTIBLE
	local_irq_restore(flags);
#endif
}

/* Begin, end and error probes, in the order pass 3 sorted them. */
static void stp_run_probes(const struct stp_probe *probes, unsigned int n,
			   int state)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		stp_probe_run(&probes[i], state, NULL);
}

/* Embedded C (function bodies): upstream's macro names. */
#define CONTEXT c
#define STAP_PRINTF(fmt, ...) _stp_printf(fmt, ##__VA_ARGS__)
#define STAP_ERROR(...)							\
	do {								\
		snprintf(CONTEXT->error_buffer, MAXSTRINGLEN, __VA_ARGS__); \
		CONTEXT->last_error = CONTEXT->error_buffer;		\
		goto out;						\
	} while (0)
