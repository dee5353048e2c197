// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * clock.c - the usage figures of the -v pass lines.
 *
 * Memory comes from /proc/self/statm (vsize/rss/shared/data in kB);
 * usr/sys are times() deltas including waited-for children (pass 4's
 * compiler) in ms; real is wall-clock ms.
 */
#include "clock.h"

#include <unistd.h>

void clock_start(struct pass_clock *c)
{
	times(&c->tms);
	gettimeofday(&c->tv, NULL);
}

static void print_memory(FILE *out)
{
	unsigned long vsz = 0, rss = 0, shr = 0, data = 0, dummy;
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu %lu %lu %lu %lu", &vsz, &rss, &shr,
			   &dummy, &dummy, &data) != 6)
			vsz = rss = shr = data = 0;
		fclose(f);
	}
	fprintf(out, "using %luvirt/%lures/%lushr/%ludata kb, ",
		vsz * page_kb, rss * page_kb, shr * page_kb, data * page_kb);
}

void clock_report_mem(const struct pass_clock *c, FILE *out, bool memory)
{
	struct tms now;
	struct timeval tv;
	long tick = sysconf(_SC_CLK_TCK);

	if (memory)
		print_memory(out);
	times(&now);
	gettimeofday(&tv, NULL);
	fprintf(out, "in %ldusr/%ldsys/%ldreal ms.\n",
		(long)(now.tms_utime + now.tms_cutime - c->tms.tms_utime -
		       c->tms.tms_cutime) * 1000 / tick,
		(long)(now.tms_stime + now.tms_cstime - c->tms.tms_stime -
		       c->tms.tms_cstime) * 1000 / tick,
		(tv.tv_sec - c->tv.tv_sec) * 1000 +
		(tv.tv_usec - c->tv.tv_usec) / 1000);
}
