// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reference module, in the shape pass 3 generates, for strings.stp:
 * string_quoted/text_str/text_strn escaping (UTF-8 included),
 * concatenation, strlen, and a kernel_string() fault, with the tapset
 * functions as embedded C.
 */
#include "runtime.h"

/* ---- locals ---- */

struct function_str_locals {		/* string_quoted, text_str */
	string_t str;
	string_t __retvalue;
};

struct function_text_strn_locals {
	string_t input;
	int64_t len, quoted;
	string_t __retvalue;
};

struct function_strlen_locals {
	string_t s;
	int64_t __retvalue;
};

struct function_kernel_string_locals {
	int64_t addr;
	string_t __retvalue;
};

union stp_frame {
	struct function_str_locals str;
	struct function_text_strn_locals text_strn;
	struct function_strlen_locals strlen;
	struct function_kernel_string_locals kernel_string;
};

struct probe_0_locals {
	string_t s;
};

union stp_probe_locals {
	struct probe_0_locals probe_0;
};

/* ---- functions ---- */

/* string_quoted(str), tapset/string.stp: embedded C */
static void function_string_quoted(struct context *c)
{
	struct function_str_locals *l;

	if (!stp_func_enter(c, "identifier 'string_quoted' at /usr/share/systemtap/tapset/string.stp:213:10"))
		return;
	l = &STP_FRAME(c)->str;
#define STAP_ARG_str (l->str)
#define STAP_RETVALUE (l->__retvalue)
	{
		(void)_stp_text_str(STAP_RETVALUE, STAP_ARG_str, MAXSTRINGLEN,
				    MAXSTRINGLEN, 1, 0, 0);
	}
#undef STAP_RETVALUE
#undef STAP_ARG_str
	goto out;
out:
	stp_func_leave(c);
}

/* text_str(input), tapset/string.stp: embedded C */
static void function_text_str(struct context *c)
{
	struct function_str_locals *l;

	if (!stp_func_enter(c, "identifier 'text_str' at /usr/share/systemtap/tapset/string.stp:103:10"))
		return;
	l = &STP_FRAME(c)->str;
#define STAP_ARG_input (l->str)
#define STAP_RETVALUE (l->__retvalue)
	{
		if (_stp_text_str(STAP_RETVALUE, STAP_ARG_input, 0, 0, 0, 0, 0) < 0)
			STAP_RETVALUE[0] = '\0';
	}
#undef STAP_RETVALUE
#undef STAP_ARG_input
	goto out;
out:
	stp_func_leave(c);
}

/* text_strn(input, len, quoted), tapset/string.stp: embedded C */
static void function_text_strn(struct context *c)
{
	struct function_text_strn_locals *l;

	if (!stp_func_enter(c, "identifier 'text_strn' at /usr/share/systemtap/tapset/string.stp:131:10"))
		return;
	l = &STP_FRAME(c)->text_strn;
#define STAP_ARG_input (l->input)
#define STAP_ARG_len (l->len)
#define STAP_ARG_quoted (l->quoted)
#define STAP_RETVALUE (l->__retvalue)
	{
		int64_t len = clamp_t(int64_t, STAP_ARG_len, 0, MAXSTRINGLEN);

		if (_stp_text_str(STAP_RETVALUE, STAP_ARG_input, 0, len,
				  STAP_ARG_quoted, 0, 0) < 0)
			STAP_RETVALUE[0] = '\0';
	}
#undef STAP_RETVALUE
#undef STAP_ARG_quoted
#undef STAP_ARG_len
#undef STAP_ARG_input
	goto out;
out:
	stp_func_leave(c);
}

/* strlen(s), tapset/string.stp: embedded C */
static void function_strlen(struct context *c)
{
	struct function_strlen_locals *l;

	if (!stp_func_enter(c, "identifier 'strlen' at /usr/share/systemtap/tapset/string.stp:17:10"))
		return;
	l = &STP_FRAME(c)->strlen;
#define STAP_ARG_s (l->s)
#define STAP_RETVALUE (l->__retvalue)
#define STAP_RETURN(v) do { STAP_RETVALUE = (int64_t)(v); goto out; } while (0)
	{
		STAP_RETURN(strlen(STAP_ARG_s));
	}
#undef STAP_RETURN
#undef STAP_RETVALUE
#undef STAP_ARG_s
	goto out;
out:
	stp_func_leave(c);
}

/* kernel_string(addr), tapset/linux/conversions.stp: embedded C */
static void function_kernel_string(struct context *c)
{
	struct function_kernel_string_locals *l;

	if (!stp_func_enter(c, "identifier 'kernel_string' at /usr/share/systemtap/tapset/linux/conversions.stp:18:10"))
		return;
	l = &STP_FRAME(c)->kernel_string;
#define STAP_ARG_addr (l->addr)
#define STAP_RETVALUE (l->__retvalue)
	{
		__label__ deref_fault;
		char *destination = STAP_RETVALUE;

		kderef_string(destination, STAP_ARG_addr, MAXSTRINGLEN);
		if (0) {
deref_fault:
			snprintf(CONTEXT->error_buffer,
				 sizeof(CONTEXT->error_buffer),
				 "kernel string copy fault at 0x%lx [man error::fault]",
				 (unsigned long)(uintptr_t)STAP_ARG_addr);
			CONTEXT->last_error = CONTEXT->error_buffer;
		}
	}
#undef STAP_RETVALUE
#undef STAP_ARG_addr
	goto out;
out:
	stp_func_leave(c);
}

/* ---- probes ---- */

/* Call a string -> string function and print its result. */
static bool println_str_fn(struct context *c, void (*fn)(struct context *),
			   const char *arg, const char *stmt)
{
	stp_strcpy(STP_NEXT_FRAME(c)->str.str, arg);
	c->last_stmt = stmt;
	fn(c);
	if (unlikely(c->last_error || c->aborted))
		return false;
	stp_println(STP_NEXT_FRAME(c)->str.__retvalue);
	return true;
}

static bool println_text_strn(struct context *c, const char *in, int64_t len,
			      int64_t quoted, const char *stmt)
{
	struct function_text_strn_locals *f = &STP_NEXT_FRAME(c)->text_strn;

	stp_strcpy(f->input, in);
	f->len = len;
	f->quoted = quoted;
	c->last_stmt = stmt;
	function_text_strn(c);
	if (unlikely(c->last_error || c->aborted))
		return false;
	stp_println(f->__retvalue);
	return true;
}

/* begin, strings.stp:1:1 */
static void probe_0(struct context *c)
{
	struct probe_0_locals *l = &STP_LOCALS(c)->probe_0;

	if (!println_str_fn(c, function_string_quoted,
			    "a\"b\\c\n\t\001\377z",
			    "identifier 'string_quoted' at strings.stp:2:11"))
		goto out;
	if (!println_str_fn(c, function_string_quoted,
			    "caf\303\251 \360\237\230\200",
			    "identifier 'string_quoted' at strings.stp:3:11"))
		goto out;
	if (!println_str_fn(c, function_text_str, "tab\there",
			    "identifier 'text_str' at strings.stp:4:11"))
		goto out;
	if (!println_text_strn(c, "0123456789", 5, 1,
			       "identifier 'text_strn' at strings.stp:5:11"))
		goto out;
	if (!println_text_strn(c, "0123456789", 5, 0,
			       "identifier 'text_strn' at strings.stp:6:11"))
		goto out;
	if (!println_text_strn(c, "ab\ncdef", 7, 1,
			       "identifier 'text_strn' at strings.stp:7:11"))
		goto out;
	stp_concat(l->s, "abc", "def");
	stp_strcpy(STP_NEXT_FRAME(c)->strlen.s, l->s);
	c->last_stmt = "identifier 'strlen' at strings.stp:8:38";
	function_strlen(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	stp_printf("%s%s%d\n", l->s, " ", STP_NEXT_FRAME(c)->strlen.__retvalue);
	STP_NEXT_FRAME(c)->kernel_string.addr = 0;
	c->last_stmt = "identifier 'kernel_string' at strings.stp:9:11";
	function_kernel_string(c);
	if (unlikely(c->last_error || c->aborted))
		goto out;
	stp_println(STP_NEXT_FRAME(c)->kernel_string.__retvalue);
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
