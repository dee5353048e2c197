// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for enderror.stp: an
 * error in an end probe ends that probe and makes the error probes run.
 */
#define STP_NEED_TIMERS
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_n;
module_param_named(n, stp_global_n, int64, 0);
static DEFINE_RWLOCK(stp_global_n_lock);

/* ---- locals ---- */

struct function_error_locals {
	string_t msg;
};

union stp_frame {
	struct function_error_locals error;
};

union stp_probe_locals {
	char none;
};

/* ---- functions ---- */

/* error(msg), tapset/logging.stp: embedded C */
static void function_error(struct context *c)
{
	struct function_error_locals *l;

	if (!stp_func_enter(c, "identifier 'error' at logging.stp:89:10"))
		return;
	l = &STP_FRAME(c)->error;
#define STAP_ARG_msg (l->msg)
	{
		strlcpy(CONTEXT->error_buffer, STAP_ARG_msg, MAXSTRINGLEN);
		CONTEXT->last_error = CONTEXT->error_buffer;
		CONTEXT->last_stmt = NULL;
	}
#undef STAP_ARG_msg
	goto out;
out:
	stp_func_leave(c);
}

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

/* timer.ms(10), enderror.stp:2:1 */
static void probe_0(struct context *c)
{
	stp_global_n++;
	if (stp_global_n == 3) {
		c->last_stmt = "identifier 'exit' at enderror.stp:2:39";
		function_exit(c);
		if (unlikely(c->last_error || c->aborted))
			goto out;
	}
out: __maybe_unused;
}

static const struct stp_lock probe_0_locks[] = {
	{ .lock = &stp_global_n_lock, .write = true },
};

/* end, enderror.stp:3:1 */
static void probe_1(struct context *c)
{
	stp_printf("%s%d\n", "end ", stp_global_n);
	stp_strcpy(STP_NEXT_FRAME(c)->error.msg, "end failed");
	c->last_stmt = "identifier 'error' at enderror.stp:3:33";
	function_error(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	stp_println("not reached");
out: __maybe_unused;
}

/* error, enderror.stp:4:1 */
static void probe_2(struct context *c)
{
	stp_printf("%s%d\n", "error probe ", stp_global_n);
}

static const struct stp_probe stp_timer_probes[] = {
	{ .pp = "timer.ms(10)", .handler = probe_0,
	  .locks = probe_0_locks, .nlocks = ARRAY_SIZE(probe_0_locks) },
};

static struct stp_timer stp_timers[] = {
	{ .probe = &stp_timer_probes[0], .interval_ns = 10 * NSEC_PER_MSEC },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_1 },
};

static const struct stp_probe stp_error_probes[] = {
	{ .pp = "error", .handler = probe_2 },
};

/* ---- registration ---- */

static int stp_register_probes(void)
{
	return stp_timers_register(stp_timers, ARRAY_SIZE(stp_timers));
}

static void stp_unregister_probes(void)
{
	stp_timers_unregister(stp_timers, ARRAY_SIZE(stp_timers));
}

/* ---- the module ---- */

static struct stp_module stp_module = {
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.error = stp_error_probes,
	.nerror = ARRAY_SIZE(stp_error_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
	.register_probes = stp_register_probes,
	.unregister_probes = stp_unregister_probes,
};
