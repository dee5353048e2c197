// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * module.c - the module's life, as transport_msgs.h describes it.
 *
 * Loading allocates everything and creates the ctl file but arms no
 * probe.  STP_START runs the begin probes and registers the other probe
 * families; STP_EXIT (or rmmod) unregisters them, waits for running
 * handlers, runs the end probes (and the error probes if the session
 * failed), reports the error and skip counts and says STP_EXIT.
 */

/*
 * Script globals as module parameters (`staprun m.ko x=5`): longs with
 * module_param_named(x, stp_global_x, int64, 0), strings with
 * module_param_string(s, stp_global_s, MAXSTRINGLEN, 0).
 */
static int stp_param_set_int64(const char *val, const struct kernel_param *kp)
{
	return kstrtos64(val, 0, kp->arg);
}

static int stp_param_get_int64(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lld\n", *(s64 *)kp->arg);
}

static const struct kernel_param_ops param_ops_int64 = {
	.set = stp_param_set_int64,
	.get = stp_param_get_int64,
};

#define param_check_int64(name, p) __param_check(name, p, int64_t)

/* What the generated code provides; it defines `stp_module` last. */
struct stp_module {
	const struct stp_probe *begin, *end, *error;	/* by priority */
	unsigned int nbegin, nend, nerror;
	size_t locals_size;	/* sizeof(union of probe locals structs) */
	size_t frame_size;	/* sizeof(union of function frames) */
	int (*init)(void);	/* allocate globals (maps, stats); or NULL */
	void (*exit)(void);	/* free them; or NULL */
	int (*register_probes)(void);	/* arm other families; or NULL */
	void (*unregister_probes)(void);
#ifdef STP_NEED_TIMING
	struct stp_timing *timing;	/* -t: by probe index (timing.c) */
	unsigned int ntiming;
	struct stp_lock_stats *lock_stats;	/* -t: one per global */
	unsigned int nlock_stats;
#endif
};

static struct stp_module stp_module;

/* stap -t: timing.c, included after stat.c; nothing without it. */
#ifdef STP_NEED_TIMING
static int stp_timing_init(void);
static void stp_timing_free(void);
static void stp_timing_report(void);
static void stp_timing_skips(void);
/* Upstream counts reentrancy only with -t, and then warns about it. */
static inline int stp_timing_reentrant(void)
{
	return atomic_read(&stp_reentrant_count);
}
#else
static inline int stp_timing_init(void) { return 0; }
static inline void stp_timing_free(void) { }
static inline void stp_timing_report(void) { }
static inline void stp_timing_skips(void) { }
static inline int stp_timing_reentrant(void) { return 0; }
#endif /* STP_NEED_TIMING */

/*
 * The privilege the module needs (pass 3 defines STP_REQUIRED_PRIVILEGE
 * for --privilege=stapusr/stapsys; upstream calls it STP_PRIVILEGE, which
 * here names a message of transport_msgs.h), recorded in section
 * .stap_privilege where staprun reads it, and checked against what
 * staprun says the user holds.
 */
#ifndef STP_REQUIRED_PRIVILEGE
#define STP_REQUIRED_PRIVILEGE STP_PR_STAPDEV
#endif
#define STP_PRIVILEGE_CONTAINS(have, need) (((have) & (need)) == (need))

static const u32 stp_required_privilege __used
	__section(".stap_privilege") = STP_REQUIRED_PRIVILEGE;

static const char *stp_privilege_name(u32 p)
{
	if (STP_PRIVILEGE_CONTAINS(p, STP_PR_STAPDEV))
		return "stapdev";
	if (STP_PRIVILEGE_CONTAINS(p, STP_PR_STAPSYS))
		return "stapsys";
	if (STP_PRIVILEGE_CONTAINS(p, STP_PR_STAPUSR))
		return "stapusr";
	return "unknown";
}

static DEFINE_MUTEX(stp_ctl_mutex);
static bool stp_started, stp_stopped, stp_registered;
/* target(): the pid staprun gave in STP_START (upstream's name). */
static int _stp_target;
/* stp_pid() and is_myproc(): staprun's pid and uid, taken at STP_START. */
static int _stp_pid;
static uid_t _stp_uid;
/* From staprun, before STP_START; upstream's names for the tapsets. */
static u32 _stp_privilege_credentials;
static s64 _stp_tz_gmtoff;
static char _stp_tz_name[64];

/*
 * Unexported kernel symbols, from staprun's STP_SYMBOL messages (it reads
 * /proc/kallsyms).  An address is believed only if the kernel's own
 * symbol table names it so, at offset 0.
 */
static unsigned long _stp_stext;
static unsigned long _stp_kallsyms_on_each_symbol;
static unsigned long (*stp_kallsyms_lookup_name_fn)(const char *name);

static void stp_symbol_set(const struct stp_msg_symbol *msg)
{
	char name[sizeof(msg->name)], buf[KSYM_SYMBOL_LEN];
	size_t n;
	char *off;

	strscpy(name, msg->name, sizeof(name));
	n = strlen(name);
	sprint_symbol(buf, msg->addr);
	off = strstr(buf, "+0x0/");
	if (!off)
		return;
	/* _stext shares its address with another symbol (startup_64). */
	if (!strcmp(name, "_stext")) {
		_stp_stext = msg->addr;
		return;
	}
	if (off - buf != n || strncmp(buf, name, n))
		return;
	if (!strcmp(name, "kallsyms_on_each_symbol"))
		_stp_kallsyms_on_each_symbol = msg->addr;
	else if (!strcmp(name, "kallsyms_lookup_name"))
		stp_kallsyms_lookup_name_fn = (void *)(unsigned long)msg->addr;
}

/* The address of any kernel symbol, or 0 if unknown (staprun sent no
 * kallsyms_lookup_name).  Process context only. */
static __maybe_unused unsigned long _stp_kallsyms_lookup_name(const char *name)
{
	return stp_kallsyms_lookup_name_fn ? stp_kallsyms_lookup_name_fn(name) : 0;
}

static void stp_contexts_free(void)
{
	int cpu;

	if (!stp_contexts)
		return;
	for_each_possible_cpu(cpu)
		kvfree(stp_contexts[cpu]);
	kfree(stp_contexts);
	stp_contexts = NULL;
}

/* One context per possible CPU, followed by the generated storage. */
static int stp_contexts_alloc(void)
{
	size_t ctx = ALIGN(sizeof(struct context), 16);
	size_t locals = ALIGN(stp_module.locals_size, 16);
	size_t frames = stp_module.frame_size * (MAXNESTING + 1);
	int cpu;

	stp_contexts = kcalloc(nr_cpu_ids, sizeof(*stp_contexts), GFP_KERNEL);
	if (!stp_contexts)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct context *c = kvzalloc_node(ctx + locals + frames,
						  GFP_KERNEL, cpu_to_node(cpu));

		if (!c) {
			stp_contexts_free();
			return -ENOMEM;
		}
		c->locals = (char *)c + ctx;
		c->frames = (char *)c + ctx + locals;
		stp_contexts[cpu] = c;
	}
	return 0;
}

/* Wait until no handler runs on any CPU (they are all bounded). */
static void stp_contexts_wait(void)
{
	int cpu;

	synchronize_rcu();
	for_each_possible_cpu(cpu)
		while (atomic_read(&stp_contexts[cpu]->busy))
			msleep(1);
}

static void stp_send_start_reply(s32 res)
{
	struct stp_msg_start reply = { .target = _stp_target, .res = res };

	stp_transport_ctl(STP_START, &reply, sizeof(reply));
}

/* Unregister, wait for running handlers, run end then error probes. */
static void stp_stop_probes(void)
{
	atomic_cmpxchg(&stp_session_state, STAP_SESSION_RUNNING,
		       STAP_SESSION_STOPPING);
	if (stp_registered && stp_module.unregister_probes)
		stp_module.unregister_probes();
	stp_registered = false;
	stp_contexts_wait();
	stp_run_probes(stp_module.end, stp_module.nend, STAP_SESSION_STOPPING);
	stp_run_probes(stp_module.error, stp_module.nerror,
		       STAP_SESSION_ERROR);
}

/*
 * The final warnings (with -t, the probe hit report first and the
 * causes of skips after the counts, as upstream), then STP_EXIT:
 * nothing follows it.
 */
static void stp_finish(void)
{
	int errors = atomic_read(&stp_error_count);
	int skipped = atomic_read(&stp_skipped_count);
	int failures;

	stp_timing_report();
	if (errors || skipped || stp_timing_reentrant()) {
		_stp_warn("Number of errors: %d, skipped probes: %d\n",
			  errors, skipped);
		stp_timing_skips();
	}
	/* Output and stderr lines that found the buffer full. */
	failures = atomic_read(&stp_output_dropped) +
		   atomic_read(&stp_oob_dropped);
	if (failures)
		_stp_warn("There were %d transport failures. Try stap -s to increase the buffer size from %d.\n",
			  failures, _stp_bufsize);
	atomic_set(&stp_session_state, STAP_SESSION_STOPPED);
	stp_transport_ctl(STP_EXIT, NULL, 0);
}

/* STP_EXIT or rmmod: stop (once), report, send STP_EXIT (each time). */
static void stp_shutdown(void)
{
	if (stp_stopped) {
		stp_transport_ctl(STP_EXIT, NULL, 0);
		return;
	}
	stp_stopped = true;
	if (stp_started)
		stp_stop_probes();
	stp_finish();
}

/* Upstream's check and messages; no STP_PRIVILEGE message: trusted. */
static int stp_privilege_check(void)
{
	if (_stp_privilege_credentials == 0) {
		_stp_privilege_credentials = stp_required_privilege;
		return 0;
	}
	if (STP_PRIVILEGE_CONTAINS(_stp_privilege_credentials,
				   stp_required_privilege))
		return 0;
	_stp_error("Your privilege credentials (%s) are insufficient to run this module (%s required).",
		   stp_privilege_name(_stp_privilege_credentials),
		   stp_privilege_name(stp_required_privilege));
	return -EINVAL;
}

/*
 * STP_START, as upstream's module init: begin probes first (in state
 * STARTING), then the other families (whose probes wait for RUNNING).
 * If registration fails (the family reported "probe PP registration
 * error"), the session fails: error probes run, START says the errno,
 * and STP_EXIT follows.
 */
static int stp_start(const struct stp_msg_start *msg)
{
	int rc;

	if (stp_started || stp_stopped)
		return -EBUSY;
	stp_started = true;
	_stp_target = msg->target;
	_stp_pid = current->pid;
	_stp_uid = from_kuid_munged(current_user_ns(), current_uid());
	rc = stp_privilege_check();
	if (rc) {
		stp_stopped = true;
		stp_send_start_reply(rc);
		stp_finish();
		return 0;
	}
	atomic_set(&stp_session_state, STAP_SESSION_STARTING);
	stp_run_probes(stp_module.begin, stp_module.nbegin,
		       STAP_SESSION_STARTING);
	rc = stp_module.register_probes ? stp_module.register_probes() : 0;
	if (rc) {
		atomic_set(&stp_session_state, STAP_SESSION_ERROR);
		stp_stopped = true;
		stp_stop_probes();
		stp_send_start_reply(rc);
		stp_finish();
		return 0;
	}
	stp_registered = true;
	atomic_cmpxchg(&stp_session_state, STAP_SESSION_STARTING,
		       STAP_SESSION_RUNNING);
	stp_send_start_reply(0);
	return 0;
}

static int stp_ctl_handle(u32 type, const void *payload, u32 len)
{
	int rc = 0;

	mutex_lock(&stp_ctl_mutex);
	switch (type) {
	case STP_START:
		if (len != sizeof(struct stp_msg_start))
			rc = -EINVAL;
		else
			rc = stp_start(payload);
		break;
	case STP_EXIT:
		stp_shutdown();
		break;
	case STP_SYMBOL:
		if (len != sizeof(struct stp_msg_symbol))
			rc = -EINVAL;
		else
			stp_symbol_set(payload);
		break;
	case STP_TZINFO:
		if (len != sizeof(struct stp_msg_tzinfo)) {
			rc = -EINVAL;
		} else {
			const struct stp_msg_tzinfo *tz = payload;

			/* upstream's tz_gmtoff(): seconds west of UTC */
			_stp_tz_gmtoff = -tz->gmtoff;
			strscpy(_stp_tz_name, tz->name, sizeof(_stp_tz_name));
		}
		break;
	case STP_PRIVILEGE:
		if (len != sizeof(struct stp_msg_privilege))
			rc = -EINVAL;
		else
			_stp_privilege_credentials = ((const struct stp_msg_privilege *)
					 payload)->mask;
		break;
	default:
		rc = -EINVAL;
		break;
	}
	mutex_unlock(&stp_ctl_mutex);
	return rc;
}

static int __init stp_module_init(void)
{
	int rc;

	BUILD_BUG_ON(STP_BUFFER_SIZE > STP_MSG_MAX -
		     sizeof(struct stp_msg_hdr));
	rc = stp_contexts_alloc();
	if (rc)
		return rc;
	if (stp_module.init) {
		rc = stp_module.init();
		if (rc)
			goto free_contexts;
	}
	rc = stp_timing_init();
	if (rc)
		goto free_timing;
	rc = stp_transport_init();
	if (rc)
		goto free_timing;
	return 0;
free_timing:
	stp_timing_free();
	if (stp_module.exit)
		stp_module.exit();
free_contexts:
	stp_contexts_free();
	return rc;
}

static void __exit stp_module_exit(void)
{
	mutex_lock(&stp_ctl_mutex);
	if (!stp_stopped)
		stp_shutdown();
	mutex_unlock(&stp_ctl_mutex);
	stp_transport_exit();
	stp_timing_free();
	if (stp_module.exit)
		stp_module.exit();
	stp_contexts_free();
}

module_init(stp_module_init);
module_exit(stp_module_exit);
MODULE_DESCRIPTION("systemtap-generated probe");
MODULE_LICENSE("GPL");
