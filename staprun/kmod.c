// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kmod.c - putting the module into the kernel and taking it out.
 *
 * finit_module(2) loads from the file descriptor staprun already read
 * the image from, which is what module signing and LSM policies
 * (LoadPin, IMA) want to see; init_module(2) with the image in memory is
 * the fallback for kernels without finit_module, for modules that are
 * not regular files, and for -R, where the image was edited.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "staprun.h"

/* moderror: errno as module loading means it (as modutils say it). */
static const char *moderror(int e)
{
	switch (e) {
	case ENOEXEC: return "Invalid module format";
	case ENOENT: return "Unknown symbol in module";
	case ESRCH: return "Module has wrong symbol version";
	case EINVAL: return "Invalid parameters";
	default: return strerror(e);
	}
}

/*
 * append_param: " VAR=VALUE" onto *buf.  The kernel splits parameters at
 * blanks unless inside double quotes, so a value with blanks (and no
 * quote of its own) is quoted: var="a b".
 */
static int append_param(char **buf, size_t *len, const char *p)
{
	const char *eq = strchr(p, '=');
	int quote = eq && strpbrk(eq + 1, " \t\n") && !strchr(p, '"');
	size_t need = strlen(p) + 4;
	char *nb = realloc(*buf, *len + need);

	if (!nb)
		return -1;
	*buf = nb;
	if (quote)
		*len += (size_t)sprintf(nb + *len, "%s%.*s\"%s\"",
					*len ? " " : "", (int)(eq + 1 - p), p,
					eq + 1);
	else
		*len += (size_t)sprintf(nb + *len, "%s%s", *len ? " " : "", p);
	return 0;
}

/* module_params: "_stp_bufsize=N var=val ..." (malloc'd). */
static char *module_params(const struct staprun_opts *o)
{
	char *buf = calloc(1, 1), bs[32];
	size_t len = 0;
	int i;

	if (!buf)
		return NULL;
	if (o->bufsize_mb) {
		snprintf(bs, sizeof(bs), "_stp_bufsize=%d", o->bufsize_mb);
		if (append_param(&buf, &len, bs) < 0)
			goto oom;
	}
	for (i = 0; i < o->n_modopts; i++)
		if (append_param(&buf, &len, o->modopts[i]) < 0)
			goto oom;
	return buf;
oom:
	free(buf);
	return NULL;
}

int insert_module(struct module_image *m, const struct staprun_opts *o)
{
	char *params = module_params(o);
	long rc = -1;

	if (!params) {
		err_msg("Out of memory");
		return -1;
	}
	dbug(1, "inserting module %s as %s", m->path, m->name);
	dbug(2, "module options: %s", params);
	errno = ENOSYS;
	if (m->regular && !m->renamed && m->fd >= 0)
		rc = syscall(SYS_finit_module, m->fd, params, 0);
	if (rc < 0 && errno == ENOSYS)
		rc = syscall(SYS_init_module, m->data, (unsigned long)m->size,
			     params);
	free(params);
	if (rc == 0)
		return 0;
	err_msg("Couldn't insert module '%s': %s", m->path, moderror(errno));
	if (errno == EEXIST && !o->rename_mod)
		err_msg("Rerun with staprun option '-R' to rename this module.");
	return -1;
}

int is_stap_module(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%s%s", STP_PROC_PREFIX, name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int remove_module(const char *name)
{
	/* The module may still be busy for a moment after closing ctl. */
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	int tries = 20;

	dbug(1, "removing module %s", name);
	while (syscall(SYS_delete_module, name, O_NONBLOCK) < 0) {
		if ((errno == EAGAIN || errno == EBUSY) && --tries > 0) {
			nanosleep(&pause, NULL);
			continue;
		}
		err_msg("Couldn't remove module '%s': %s.", name,
			strerror(errno));
		return -1;
	}
	dbug(1, "Module %s removed.", name);
	return 0;
}
