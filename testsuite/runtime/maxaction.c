// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for maxaction.stp:
 * an endless loop ends with "MAXACTION exceeded"; the end probe does not
 * run (the session is in error), as upstream.
 */
#include "runtime.h"

/* ---- locals ---- */

struct probe_0_locals {
	int64_t i;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

union stp_frame {
	char none;
};

/* ---- probes ---- */

/* begin, maxaction.stp:1:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;

	l->i = 0;
	if (stp_actions(c, 2, "keyword at maxaction.stp:1:22"))
		goto out;
	while (1) {
		l->i++;
		if (stp_actions(c, 2, "identifier 'i' at maxaction.stp:1:34"))
			goto out;
	}
out: __maybe_unused;
}

/* end, maxaction.stp:2:1 */
static void probe_1(struct context *c)
{
	stp_println("end");
}

static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};

static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_1 },
};

/* ---- the module ---- */

static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
};
