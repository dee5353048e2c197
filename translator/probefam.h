/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probefam.h - the table of probe families.
 *
 * A family lists the probe-point patterns it accepts, such as
 * "timer.ms(number).randomize(number)", and derives a struct dprobe from a
 * concrete point that matched one of them.  Pass 2 matches user and alias
 * probe points against every pattern of every family (wildcards in names
 * expand against the patterns); -l and --dump-probe-types list them.
 *
 * Adding a family = one entry in probe_families[] (probefam.c) plus its
 * own file with the patterns and the derive function, plus a kind in
 * enum probe_kind (elab.h).
 */
#ifndef STAP_PROBEFAM_H
#define STAP_PROBEFAM_H

#include <stdbool.h>

#include "elab.h"

struct session;

/* Kind of argument a pattern component takes. */
enum pat_arg {
	PAT_NONE,	/* name */
	PAT_NUMBER,	/* name(number) */
	PAT_STRING,	/* name(string) */
};

struct probe_family {
	enum probe_kind kind;
	const char *name;		/* for messages: "begin", "timer" */
	/* Patterns, NULL-terminated: "timer.ms(number).randomize(number)". */
	const char *const *patterns;
	/*
	 * Fill dp->u from a concrete point that matched patterns[pat]:
	 * comps[i].arg holds the literal of each (number)/(string)
	 * component.  Returns false after reporting a semantic error (an
	 * interval out of range, say).  dp->pp is set by the caller.
	 */
	bool (*derive)(struct session *s, struct dprobe *dp, unsigned pat,
		       const struct pp_comp *comps, unsigned ncomps);
};

extern const struct probe_family *const probe_families[];

/* The families, each in its own file. */
extern const struct probe_family family_begin, family_end, family_error,
	family_never;				/* probe_been.c */
extern const struct probe_family family_timer;	/* probe_timer.c */

#endif
