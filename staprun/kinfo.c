// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kinfo.c - what the module learns from user space before STP_START.
 *
 * Kernels since 5.7 export neither kallsyms_lookup_name nor
 * kallsyms_on_each_symbol to modules, so the runtime cannot find
 * unexported symbols by itself.  /proc/kallsyms, read by root, has their
 * addresses; we send the few the runtime bootstraps from (with
 * kallsyms_lookup_name it finds any other symbol itself).  The file is
 * big (about 0.1 s to read in a guest), so reading stops as soon as all
 * are found: they are early in vmlinux's address order.  A reader
 * without privilege sees zero addresses there (kptr_restrict): those are
 * not sent, and the runtime does without.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staprun.h"

static const char *const wanted[] = {
	"_stext",
	"kallsyms_lookup_name",
	"kallsyms_on_each_symbol",
};
#define N_WANTED (sizeof(wanted) / sizeof(wanted[0]))

/* wanted_index: which of wanted[] NAME is, or -1. */
static int wanted_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_WANTED; i++)
		if (!strcmp(name, wanted[i]))
			return (int)i;
	return -1;
}

int send_symbols(struct ctl_writer *w, const char *kallsyms_path)
{
	unsigned long long addr[N_WANTED] = { 0 };
	char line[512], name[256], type;
	size_t i, found = 0;
	FILE *f = fopen(kallsyms_path, "re");

	if (!f) {
		dbug(1, "cannot read %s; sending no symbols", kallsyms_path);
		return 0;
	}
	/* "ADDR TYPE NAME" for vmlinux; module symbols add "\t[MOD]". */
	while (found < N_WANTED && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		int k;

		if (strchr(line, '['))
			continue;
		if (sscanf(line, "%llx %c %255s", &a, &type, name) != 3)
			continue;
		k = wanted_index(name);
		if (k < 0 || addr[k] || !a)
			continue;
		addr[k] = a;
		found++;
	}
	fclose(f);

	for (i = 0; i < N_WANTED; i++) {
		struct stp_msg_symbol s;

		if (!addr[i])
			continue;
		memset(&s, 0, sizeof(s));
		s.addr = addr[i];
		snprintf(s.name, sizeof(s.name), "%s", wanted[i]);
		dbug(2, "symbol %s = 0x%llx", wanted[i], addr[i]);
		if (writer_send(w, STP_SYMBOL, &s, sizeof(s)) < 0)
			return -1;
	}
	return 0;
}

int send_tzinfo(struct ctl_writer *w)
{
	struct stp_msg_tzinfo tz;
	time_t now = time(NULL);
	struct tm tm;

	memset(&tz, 0, sizeof(tz));
	tzset();
	if (!localtime_r(&now, &tm))
		return 0;
	tz.gmtoff = tm.tm_gmtoff;
	snprintf(tz.name, sizeof(tz.name), "%s", tm.tm_zone ? tm.tm_zone : "");
	dbug(2, "time zone %s, %lld s east of UTC", tz.name,
	     (long long)tz.gmtoff);
	return writer_send(w, STP_TZINFO, &tz, sizeof(tz));
}

int send_privilege(struct ctl_writer *w, int mask)
{
	struct stp_msg_privilege p = { .mask = (uint32_t)mask };

	return writer_send(w, STP_PRIVILEGE, &p, sizeof(p));
}
