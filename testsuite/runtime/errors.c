// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for errors.stp: a
 * division by zero in a begin probe; the error probe runs, end does not.
 */
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_x;
module_param_named(x, stp_global_x, int64, 0);

/* ---- locals ---- */

union stp_probe_locals {
	char none;
};

union stp_frame {
	char none;
};

/* ---- probes ---- */

/* begin, errors.stp:2:1 */
static void probe_0(struct context *c)
{
	int64_t q;

	stp_println("before");
	q = stp_div(c, 10, stp_global_x, "operator '/' at errors.stp:2:41");
	if (unlikely(c->last_error))
		goto out;
	stp_global_x = q;
	stp_println("not reached");
out: __maybe_unused;
}

/* end, errors.stp:3:1 */
static void probe_1(struct context *c)
{
	stp_println("end");
}

/* error, errors.stp:4:1 */
static void probe_2(struct context *c)
{
	stp_println("error probe");
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_1 },
};

static const struct stp_probe stp_error_probes[] = {
	{ .pp = "error", .handler = probe_2 },
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
