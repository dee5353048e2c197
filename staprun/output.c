// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * output.c - where the script's output goes: stdout, the -o file, or in
 * bulk mode one file per CPU; -S rotation and SIGUSR2 switching.
 *
 * File names are upstream's (staprun 4.8, checked in the guest):
 *
 *                   first file           after a switch (-S or SIGUSR2)
 *   -o FILE         FILE                 FILE.1, FILE.2, ...
 *   -o FILE -S ..   FILE.0               FILE.1, FILE.2, ...
 *   bulk, no -o     stpd_cpuN            (no switching without -o)
 *   bulk, -o FILE   FILE_N               FILE_cpuN.1, FILE_cpuN.2, ...
 *   bulk, -S ..     FILE_cpuN.0          FILE_cpuN.1, ...
 *
 * FILE may hold strftime(3) patterns, expanded when each file is opened.
 * A relative FILE is made absolute first, so that a daemon (-D), which
 * leaves the working directory, keeps writing where it was asked to.
 * With -S SIZE,N only the N newest files of each stream are kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "staprun.h"

/*
 * as_user / as_root: a setuid-root staprun opens the user's output
 * files as the user, not as root.  (No-ops when run by root.)
 */
static int as_user(uid_t *euid, gid_t *egid)
{
	*euid = geteuid();
	*egid = getegid();
	if (setegid(getgid()) < 0 || seteuid(getuid()) < 0) {
		err_msg("Couldn't drop privileges: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int as_root(uid_t euid, gid_t egid)
{
	if (seteuid(euid) < 0 || setegid(egid) < 0) {
		err_msg("Couldn't restore privileges: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* stream_name: the name of file FNUM of stream ST, in buf; -1 if bad. */
static int stream_name(const struct output *out, const struct out_stream *st,
		       int fnum, char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	size_t len;
	int n;

	if (!out->pattern) {	/* bulk without -o */
		n = snprintf(buf, size, "stpd_cpu%d", st->cpu);
		return n > 0 && (size_t)n < size ? 0 : -1;
	}
	if (!strcmp(out->pattern, "/dev/null")) {
		snprintf(buf, size, "/dev/null");
		return 0;
	}
	if (!localtime_r(&now, &tm) ||
	    !(len = strftime(buf, size, out->pattern, &tm))) {
		err_msg("Invalid output file name '%s'", out->pattern);
		return -1;
	}
	if (out->bulk && fnum == 0 && !out->fsize_max)
		n = snprintf(buf + len, size - len, "_%d", st->cpu);
	else if (out->bulk)
		n = snprintf(buf + len, size - len, "_cpu%d.%d", st->cpu, fnum);
	else if (fnum == 0 && !out->fsize_max)
		n = 0;
	else
		n = snprintf(buf + len, size - len, ".%d", fnum);
	if (n < 0 || (size_t)n >= size - len) {
		err_msg("Output file name '%s' is too long", out->pattern);
		return -1;
	}
	return 0;
}

/* stream_open: open file st->fnum of ST, dropping the oldest with -S ..,N. */
static int stream_open(struct output *out, struct out_stream *st)
{
	char name[PATH_MAX];
	uid_t euid;
	gid_t egid;
	int slot;

	if (stream_name(out, st, st->fnum, name, sizeof(name)) < 0)
		return -1;
	if (as_user(&euid, &egid) < 0)
		return -1;
	if (out->fnum_max) {
		slot = st->fnum % out->fnum_max;
		if (st->names[slot]) {		/* N files ago */
			if (strcmp(st->names[slot], "/dev/null"))
				unlink(st->names[slot]);
			free(st->names[slot]);
		}
		st->names[slot] = strdup(name);
	}
	st->fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (st->fd < 0)
		err_msg("Couldn't open output file %s: %s", name,
			strerror(errno));
	st->written = 0;
	if (as_root(euid, egid) < 0)
		return -1;
	return st->fd < 0 ? -1 : 0;
}

/* stream_close: 0, or -1 when the data did not make it to the file. */
static int stream_close(struct out_stream *st)
{
	int rc = 0;

	if (st->fd >= 0 && st->fd != STDOUT_FILENO && close(st->fd) < 0) {
		err_msg("Couldn't write the output file: %s", strerror(errno));
		rc = -1;
	}
	st->fd = -1;
	return rc;
}

/* stream_switch: the next file of ST. */
static int stream_switch(struct output *out, struct out_stream *st)
{
	int rc = stream_close(st);

	st->fnum++;
	dbug(2, "switching output file of stream %d to number %d", st->cpu,
	     st->fnum);
	return stream_open(out, st) < 0 ? -1 : rc;
}

/* absolute: FILE made absolute (see the top), in malloc'd memory. */
static char *absolute(const char *file)
{
	char cwd[PATH_MAX];
	char *p;

	if (file[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(file);
	if (asprintf(&p, "%s/%s", cwd, file) < 0)
		return NULL;
	return p;
}

int output_open(struct output *out, const struct staprun_opts *o,
		const int *cpus, int ncpus)
{
	int i, n = ncpus ? ncpus : 1;

	memset(out, 0, sizeof(*out));
	out->bulk = ncpus > 0;
	out->fsize_max = o->fsize_max;
	out->fnum_max = o->fnum_max;
	if (o->outfile && !(out->pattern = absolute(o->outfile))) {
		err_msg("Out of memory");
		return -1;
	}
	out->st = calloc((size_t)n, sizeof(*out->st));
	if (!out->st)
		goto nomem;
	out->n = n;
	for (i = 0; i < n; i++) {
		struct out_stream *st = &out->st[i];

		st->fd = -1;
		st->cpu = out->bulk ? cpus[i] : 0;
		if (out->fnum_max &&
		    !(st->names = calloc((size_t)out->fnum_max, sizeof(char *))))
			goto nomem;
		if (!out->bulk && !out->pattern)
			st->fd = STDOUT_FILENO;
		else if (stream_open(out, st) < 0)
			return -1;
	}
	return 0;
nomem:
	err_msg("Out of memory");
	return -1;
}

int output_fd(struct output *out, int i, size_t len)
{
	struct out_stream *st = &out->st[i];

	if (out->pattern && out->fsize_max && st->written &&
	    st->written + (off_t)len > out->fsize_max &&
	    stream_switch(out, st) < 0)
		return -1;
	return st->fd;
}

void output_wrote(struct output *out, int i, size_t len)
{
	out->st[i].written += (off_t)len;
}

int output_switch(struct output *out)
{
	int i, rc = 0;

	if (!out->pattern)	/* upstream ignores SIGUSR2 then */
		return 0;
	for (i = 0; i < out->n; i++)
		if (stream_switch(out, &out->st[i]) < 0)
			rc = -1;
	return rc;
}

int output_close(struct output *out)
{
	int i, j, rc = 0;

	for (i = 0; i < out->n; i++) {
		if (stream_close(&out->st[i]) < 0)
			rc = -1;
		for (j = 0; out->st[i].names && j < out->fnum_max; j++)
			free(out->st[i].names[j]);
		free(out->st[i].names);
	}
	free(out->st);
	free(out->pattern);
	memset(out, 0, sizeof(*out));
	return rc;
}
