// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_been.c - begin, end, error and never: probes run by the module
 * itself at start and stop, ordered by their optional sequence number.
 */
#include "probefam.h"

#include <stddef.h>

static bool derive_been(struct session *s, struct dprobe *dp, unsigned pat,
			const struct pp_comp *comps, unsigned ncomps)
{
	(void)s;
	(void)ncomps;
	dp->u.priority = pat == 1 ? comps[0].arg->u.num : 0;
	return true;
}

static const char *const begin_patterns[] = { "begin", "begin(number)", NULL };
static const char *const end_patterns[] = { "end", "end(number)", NULL };
static const char *const error_patterns[] = { "error", "error(number)", NULL };
static const char *const never_patterns[] = { "never", NULL };

const struct probe_family family_begin = {
	PROBE_BEGIN, "begin", begin_patterns, derive_been,
};
const struct probe_family family_end = {
	PROBE_END, "end", end_patterns, derive_been,
};
const struct probe_family family_error = {
	PROBE_ERROR, "error", error_patterns, derive_been,
};
const struct probe_family family_never = {
	PROBE_NEVER, "never", never_patterns, derive_been,
};
