// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for session.stp
 * built with -DMAXERRORS=1: begin probes by priority, warn(), error()
 * under MAXERRORS (the session goes on), exit() from a timer, the end
 * probe; tapset functions in embedded C with upstream's macros.
 */
#define MAXERRORS 1
#define STP_NEED_TIMERS
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_n;
module_param_named(n, stp_global_n, int64, 0);
static DEFINE_RWLOCK(stp_global_n_lock);

/* ---- locals ---- */

struct function_warn_locals {
	string_t msg;
};

struct function_error_locals {
	string_t msg;
};

union stp_frame {
	struct function_warn_locals warn;
	struct function_error_locals error;
};

struct probe_2_locals {
	string_t tmp0;
};

union stp_probe_locals {
	struct probe_2_locals probe_2;
};

/* ---- functions ---- */

/* warn(msg), tapset/logging.stp: embedded C */
static void function_warn(struct context *c)
{
	struct function_warn_locals *l;

	if (!stp_func_enter(c, "identifier 'warn' at logging.stp:38:10"))
		return;
	l = &STP_FRAME(c)->warn;
#define THIS l
#define STAP_ARG_msg (l->msg)
	{
		_stp_warn("%s", STAP_ARG_msg);
	}
#undef STAP_ARG_msg
#undef THIS
	goto out;
out:
	stp_func_leave(c);
}

/* error(msg), tapset/logging.stp: embedded C */
static void function_error(struct context *c)
{
	struct function_error_locals *l;

	if (!stp_func_enter(c, "identifier 'error' at logging.stp:89:10"))
		return;
	l = &STP_FRAME(c)->error;
#define THIS l
#define STAP_ARG_msg (l->msg)
	{
		strlcpy(CONTEXT->error_buffer, STAP_ARG_msg, MAXSTRINGLEN);
		CONTEXT->last_error = CONTEXT->error_buffer;
		CONTEXT->last_stmt = NULL;
	}
#undef STAP_ARG_msg
#undef THIS
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

/* begin(1), session.stp:2:1 */
static void probe_0(struct context *c)
{
	stp_println("begin 1");
	stp_strcpy(STP_NEXT_FRAME(c)->warn.msg, "a warning");
	c->last_stmt = "identifier 'warn' at session.stp:2:38";
	function_warn(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
out: __maybe_unused;
}

/* begin(-1), session.stp:3:1 */
static void probe_1(struct context *c)
{
	stp_println("begin -1");
}

/* timer.ms(10), session.stp:4:1 */
static void probe_2(struct context *c)
{
	struct probe_2_locals *l = &STP_LOCALS(c)->probe_2;

	stp_global_n++;
	if (stp_global_n == 3) {
		stp_sprintf(l->tmp0, "custom error %d", stp_global_n);
		stp_strcpy(STP_NEXT_FRAME(c)->error.msg, l->tmp0);
		c->last_stmt = "identifier 'error' at session.stp:6:15";
		function_error(c);
		if (unlikely(c->last_error || c->aborted))
			goto out;
	}
	if (stp_global_n == 5) {
		c->last_stmt = "identifier 'exit' at session.stp:7:15";
		function_exit(c);
		if (unlikely(c->last_error || c->aborted))
			goto out;
	}
out: __maybe_unused;
}

static const struct stp_lock probe_2_locks[] = {
	{ .lock = &stp_global_n_lock, .write = true },
};

/* end, session.stp:9:1 */
static void probe_3(struct context *c)
{
	stp_printf("%s%d\n", "end ", stp_global_n);
}

/* error, session.stp:10:1 */
static void probe_4(struct context *c)
{
	stp_println("error probe");
}

static const struct stp_probe stp_begin_probes[] = {	/* by priority */
	{ .pp = "begin(-1)", .handler = probe_1 },
	{ .pp = "begin(1)", .handler = probe_0 },
};

static const struct stp_probe stp_timer_probes[] = {
	{ .pp = "timer.ms(10)", .handler = probe_2,
	  .locks = probe_2_locks, .nlocks = ARRAY_SIZE(probe_2_locks) },
};

static struct stp_timer stp_timers[] = {
	{ .probe = &stp_timer_probes[0], .interval_ns = 10 * NSEC_PER_MSEC },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_3 },
};

static const struct stp_probe stp_error_probes[] = {
	{ .pp = "error", .handler = probe_4 },
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
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.error = stp_error_probes,
	.nerror = ARRAY_SIZE(stp_error_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
	.register_probes = stp_register_probes,
	.unregister_probes = stp_unregister_probes,
};
