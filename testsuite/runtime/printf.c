// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for printf.stp: the
 * format directives of printf and sprintf.  Script formats pass through
 * verbatim; every integer argument is an int64_t, every %s a char *.
 */
#include "runtime.h"

/* ---- locals ---- */

struct probe_0_locals {
	string_t tmp0, tmp1;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
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

/* begin, printf.stp:1:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;

	stp_printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d] [%+5d]\n",
		   (int64_t)42, (int64_t)-42, (int64_t)42, (int64_t)42,
		   (int64_t)-42, (int64_t)42, (int64_t)42, (int64_t)-7);
	stp_printf("[%u] [%o] [%#o] [%x] [%#x] [%X] [%#X] [%#010x] [%#x]\n",
		   (int64_t)-1, (int64_t)8, (int64_t)8, (int64_t)255,
		   (int64_t)255, (int64_t)255, (int64_t)255, (int64_t)255,
		   (int64_t)0);
	stp_printf("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%*d] [%-*d] [%*d]\n",
		   (int64_t)7, (int64_t)7, (int64_t)7, (int64_t)0, (int64_t)6,
		   (int64_t)42, (int64_t)6, (int64_t)42, (int64_t)-6,
		   (int64_t)42);
	stp_printf("[%s] [%10s] [%-10s] [%.2s] [%*s] [%.*s]\n", "abc", "abc",
		   "abc", "abc", (int64_t)5, "x", (int64_t)2, "xyz");
	stp_printf("[%c] [%3c] [%-3c] [%#c] [%#c] [%#c] [%#c]\n", (int64_t)65,
		   (int64_t)66, (int64_t)67, (int64_t)10, (int64_t)39,
		   (int64_t)1, (int64_t)97);
	stp_printf("[%p] [%p] [%20p] [%-20p|]\n", (int64_t)0, (int64_t)4096,
		   (int64_t)4096, (int64_t)4096);
	stp_printf("[%%] [%d%%] [%ld] [%lx]\n", (int64_t)50, (int64_t)1,
		   (int64_t)3);
	stp_printf("[%d] [%d] [%x]\n", (int64_t)9223372036854775807LL,
		   (int64_t)(-9223372036854775807LL - 1), (int64_t)-1);
	stp_sprintf(l->tmp0, "%05.1d", (int64_t)3);
	stp_sprintf(l->tmp1, "[%+6d]", (int64_t)12);
	stp_printf("%s|%s\n", l->tmp0, l->tmp1);
	stp_printf("%b|%1b|%2b|%4b|%.2b|%4.2b|%-4.1b|\n",
		   (int64_t)0x4142434445464748LL, (int64_t)65,
		   (int64_t)0x4241, (int64_t)0x44434241, (int64_t)0x4241,
		   (int64_t)0x4241, (int64_t)65);
	stp_printf("[%0s] [%05s]\n", "ab", "c");
	c->last_stmt = "identifier 'exit' at printf.stp:13:3";
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
