/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regex.h - regular expressions for =~ and !~, compiled at translate
 * time into a DFA that the module runs without allocating or recursing.
 */
#ifndef STAP_REGEX_H
#define STAP_REGEX_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

/* Sizes of a program for subexpression offsets (runtime/regex.h). */
struct regex_captures {
	unsigned ninsn;		/* instructions */
	unsigned nthread;	/* SET and MATCH instructions */
	unsigned nslot;		/* 2 * (groups + 1) */
};

/*
 * Compile the POSIX extended regular expression RE (already unescaped:
 * the bytes of the string) and append to OUT a C function
 *
 *     static int64_t NAME(const char *s)
 *
 * that returns 1 when RE matches somewhere in s, else 0.  With CAPS, also
 * `static const struct stp_regex NAME_re`, the program the runtime runs
 * for matched() (stp_regex_record), and its sizes in *CAPS.  On a bad or
 * too complex expression, returns false and sets *err to a message.
 */
bool regex_compile(const char *re, const char *name,
		   struct regex_captures *caps, struct strbuf *out,
		   const char **err);

#endif
