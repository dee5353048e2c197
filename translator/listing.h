/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * listing.h - -l/-L (list matching probe points) and the --dump-*
 * options, in upstream's formats.
 */
#ifndef STAP_LISTING_H
#define STAP_LISTING_H

#include "session.h"

/*
 * The script -l/-L elaborate: "probe PATTERN {}".  Set before pass 1;
 * errors are muted in listing mode, as upstream.
 */
void listing_prepare(struct session *s);

/*
 * After pass 1 in listing mode: elaborate and print one line per probe
 * point, sorted, de-duplicated; -L adds each alias local as name:type.
 * Returns the exit status: 0 iff something matched.
 */
int list_probes(struct session *s, bool parsed);

/* --dump-functions, --dump-probe-aliases, --dump-probe-types. */
int dump_library(struct session *s);

#endif
