// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for abort.stp:
 * abort() ends the handler at once without an error; later begin probes
 * do not run, end probes do.
 */
#include "runtime.h"

/* ---- locals ---- */

union stp_probe_locals {
	char none;
};

union stp_frame {
	char none;
};

/* ---- functions ---- */

/* abort(), tapset/logging.stp: embedded C */
static void function_abort(struct context *c)
{
	if (!stp_func_enter(c, "identifier 'abort' at logging.stp:69:10"))
		return;
	{
		atomic_set(session_state(), STAP_SESSION_STOPPING);
		_stp_exit();
		CONTEXT->aborted = 1;
		CONTEXT->last_stmt = NULL;
	}
	goto out;
out:
	stp_func_leave(c);
}

/* ---- probes ---- */

/* begin, abort.stp:1:1 */
static void probe_0(struct context *c)
{
	stp_println("x");
	c->last_stmt = "identifier 'abort' at abort.stp:1:29";
	function_abort(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	stp_println("y");
out: __maybe_unused;
}

/* begin, abort.stp:2:1 */
static void probe_1(struct context *c)
{
	stp_println("second begin");
}

/* end, abort.stp:3:1 */
static void probe_2(struct context *c)
{
	stp_println("end");
}

/* error, abort.stp:4:1 */
static void probe_3(struct context *c)
{
	stp_println("error probe");
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
	{ .pp = "begin", .handler = probe_1 },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_2 },
};

static const struct stp_probe stp_error_probes[] = {
	{ .pp = "error", .handler = probe_3 },
};

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
};
