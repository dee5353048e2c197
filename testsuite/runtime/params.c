// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for params.stp run as
 * `staprun params.ko n=42 s=hello`: script globals as module parameters.
 */
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_n = 1;
module_param_named(n, stp_global_n, int64, 0);
static string_t stp_global_s = "default";
module_param_string(s, stp_global_s, MAXSTRINGLEN, 0);
static int64_t stp_global_unset;
module_param_named(unset, stp_global_unset, int64, 0);

/* ---- locals ---- */

union stp_probe_locals {
	char none;
};

union stp_frame {
	char none;
};

/* ---- functions ---- */

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

/* begin, params.stp:2:1 */
static void probe_0(struct context *c)
{
	stp_printf("%d %s %d\n", stp_global_n, stp_global_s, stp_global_unset);
	c->last_stmt = "identifier 'exit' at params.stp:2:50";
	function_exit(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
out: __maybe_unused;
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};

/* ---- the module ---- */

static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
};
