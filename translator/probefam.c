// SPDX-License-Identifier: GPL-2.0-or-later
/* probefam.c - the table of probe families (see probefam.h). */
#include "probefam.h"

#include <stddef.h>

const struct probe_family *const probe_families[] = {
	&family_begin,
	&family_end,
	&family_error,
	&family_never,
	&family_timer,
	NULL,
};
