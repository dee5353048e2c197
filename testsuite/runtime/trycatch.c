// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for trycatch.stp:
 * try/catch with and without a variable, errors raised in a called
 * function, and an uncaught error that ends the session.
 */
#include "runtime.h"

/* ---- globals ---- */

static int64_t stp_global_y;
module_param_named(y, stp_global_y, int64, 0);

/* ---- locals ---- */

struct function_error_locals {
	string_t msg;
};

struct function_f_locals {
	int64_t x;
	int64_t __retvalue;
};

union stp_frame {
	struct function_error_locals error;
	struct function_f_locals f;
};

struct probe_0_locals {
	string_t e;
	int64_t tmp0;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

/* ---- functions ---- */

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

/* f(x), trycatch.stp:2:10 */
static void function_f(struct context *c)
{
	struct function_f_locals *l;

	if (!stp_func_enter(c, "identifier 'f' at trycatch.stp:2:10"))
		return;
	l = &STP_FRAME(c)->f;
	l->__retvalue = 0;
	if (l->x > 2) {
		stp_strcpy(STP_NEXT_FRAME(c)->error.msg, "too big");
		c->last_stmt = "identifier 'error' at trycatch.stp:2:28";
		function_error(c);
		if (unlikely(c->last_error || c->aborted))
			goto out;
	}
	l->__retvalue = l->x * 2;
	goto out;
out:
	stp_func_leave(c);
}

/* ---- probes ---- */

/* Call f(x) into *ret; false when it failed. */
static bool call_f(struct context *c, int64_t x, const char *stmt,
		   int64_t *ret)
{
	STP_NEXT_FRAME(c)->f.x = x;
	c->last_stmt = stmt;
	function_f(c);
	if (unlikely(c->last_error || c->aborted))
		return false;
	*ret = STP_NEXT_FRAME(c)->f.__retvalue;
	return true;
}

/* begin, trycatch.stp:3:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;

	l->e[0] = '\0';
	/* try { y = 1 / y } catch (e) { println("caught: ", e) } */
	{
		int64_t q = stp_div(c, 1, stp_global_y,
				    "operator '/' at trycatch.stp:4:15");

		if (unlikely(c->last_error))
			goto catch_0;
		stp_global_y = q;
		goto done_0;
	}
catch_0:
	if (!stp_catch(c, l->e))
		goto out;
	stp_printf("%s%s\n", "caught: ", l->e);
done_0:
	/* try { println(f(1)); println(f(5)) } catch { ... } */
	if (!call_f(c, 1, "identifier 'f' at trycatch.stp:5:17", &l->tmp0))
		goto catch_1;
	stp_printf("%d\n", l->tmp0);
	if (!call_f(c, 5, "identifier 'f' at trycatch.stp:5:32", &l->tmp0))
		goto catch_1;
	stp_printf("%d\n", l->tmp0);
	goto done_1;
catch_1:
	if (!stp_catch(c, NULL))
		goto out;
	stp_println("caught without variable");
done_1:
	/* try { error("inner") } catch (e) { println("caught: ", e) } */
	stp_strcpy(STP_NEXT_FRAME(c)->error.msg, "inner");
	c->last_stmt = "identifier 'error' at trycatch.stp:6:9";
	function_error(c);
	if (unlikely(c->last_error || c->aborted))
		goto catch_2;
	goto done_2;
catch_2:
	if (!stp_catch(c, l->e))
		goto out;
	stp_printf("%s%s\n", "caught: ", l->e);
done_2:
	if (!call_f(c, 10, "identifier 'f' at trycatch.stp:7:11", &l->tmp0))
		goto out;
	stp_printf("%d\n", l->tmp0);
	stp_println("not reached");
out: __maybe_unused;
}

/* end, trycatch.stp:10:1 */
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
