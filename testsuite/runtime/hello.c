// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for:
 *   probe begin { println("hello"); exit() }
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

/* exit(), tapset/logging.stp */
static void function_exit(struct context *c)
{
	if (!stp_func_enter(c, "identifier 'exit' at logging.stp:52:10"))
		return;
	atomic_set(session_state(), STAP_SESSION_STOPPING);
	_stp_exit();
	stp_func_leave(c);
}

/* ---- probes ---- */

/* begin, <input>:1:1 */
static void probe_0(struct context *c)
{
	stp_println("hello");
	c->last_stmt = "identifier 'exit' at <input>:1:33";
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
