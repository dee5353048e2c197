// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for fib.stp: script
 * functions, recursion, and "MAXNESTING exceeded".
 */
#ifndef MAXNESTING
#define MAXNESTING 12
#endif
#include "runtime.h"

/* ---- locals ---- */

struct function_fib_locals {
	int64_t n;		/* argument, set by the caller */
	int64_t __retvalue;
	int64_t tmp0, tmp1;
};

struct function_deep_locals {
	int64_t n;
	int64_t __retvalue;
};

union stp_frame {
	struct function_fib_locals fib;
	struct function_deep_locals deep;
};

struct probe_0_locals {
	int64_t tmp0, tmp1;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

/* ---- functions ---- */

/* fib(n), fib.stp:1:10 */
static void function_fib(struct context *c)
{
	struct function_fib_locals *l;
	struct function_fib_locals *f;

	if (!stp_func_enter(c, "identifier 'fib' at fib.stp:1:10"))
		return;
	l = &STP_FRAME(c)->fib;
	l->__retvalue = 0;
	if (l->n < 2) {
		l->__retvalue = l->n;
		goto out;
	}
	f = &STP_NEXT_FRAME(c)->fib;
	f->n = l->n - 1;
	c->last_stmt = "identifier 'fib' at fib.stp:1:47";
	function_fib(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	l->tmp0 = f->__retvalue;
	f->n = l->n - 2;
	c->last_stmt = "identifier 'fib' at fib.stp:1:60";
	function_fib(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	l->tmp1 = f->__retvalue;
	l->__retvalue = l->tmp0 + l->tmp1;
out:
	stp_func_leave(c);
}

/* deep(n), fib.stp:2:10 */
static void function_deep(struct context *c)
{
	struct function_deep_locals *l;
	struct function_deep_locals *f;

	if (!stp_func_enter(c, "identifier 'deep' at fib.stp:2:10"))
		return;
	l = &STP_FRAME(c)->deep;
	l->__retvalue = 0;
	f = &STP_NEXT_FRAME(c)->deep;
	f->n = l->n + 1;
	c->last_stmt = "identifier 'deep' at fib.stp:2:37";
	function_deep(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	l->__retvalue = f->__retvalue;
out:
	stp_func_leave(c);
}

/* ---- probes ---- */

/* begin, fib.stp:3:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;

	STP_NEXT_FRAME(c)->fib.n = 10;
	c->last_stmt = "identifier 'fib' at fib.stp:3:40";
	function_fib(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	l->tmp0 = STP_NEXT_FRAME(c)->fib.__retvalue;
	stp_printf("fib(10) = %d\n", l->tmp0);
	STP_NEXT_FRAME(c)->deep.n = 0;
	c->last_stmt = "identifier 'deep' at fib.stp:3:58";
	function_deep(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	l->tmp1 = STP_NEXT_FRAME(c)->deep.__retvalue;
	stp_printf("%d\n", l->tmp1);
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
