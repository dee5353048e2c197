/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock.h - time and memory for the -v pass lines, as upstream prints
 * them: "using 107328virt/96936res/7284shr/89576data kb, in
 * 150usr/50sys/194real ms."
 */
#ifndef STAP_CLOCK_H
#define STAP_CLOCK_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>

struct pass_clock {
	struct tms tms;
	struct timeval tv;
};

void clock_start(struct pass_clock *c);

/* "using ...kb, in ...ms.\n" (memory), or "in ...ms.\n" (without). */
void clock_report_mem(const struct pass_clock *c, FILE *out, bool memory);

static inline void clock_report(const struct pass_clock *c, FILE *out)
{
	clock_report_mem(c, out, true);
}

#endif
