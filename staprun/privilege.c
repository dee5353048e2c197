// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * privilege.c - who may load which module, as upstream defines it:
 *
 *   root and members of group stapdev   any module
 *   members of stapsys or stapusr       modules the administrator put in
 *                                       /lib/modules/RELEASE/systemtap/
 *                                       (a root-owned directory that is
 *                                       not world-writable, holding
 *                                       root-owned, not world-writable
 *                                       files)
 *   anybody else                        nothing
 *
 * Upstream also lets stapusr/stapsys members load modules signed by a
 * trusted compile server if their .stap_privilege level is one they
 * hold.  There is no module signing here, and an unsigned module's own
 * claim about its level proves nothing, so that route is closed: the
 * level is read (modfile.c) and shown with -v, never trusted.
 *
 * Group names are looked up in /etc/group by hand rather than with
 * getgrnam(3), whose NSS plugins do not work in a static binary.
 * Membership is the process's own: its real gid and supplementary groups.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "staprun.h"

#define ALL_PRIVILEGES (STP_PR_STAPUSR | STP_PR_STAPSYS | STP_PR_STAPDEV)

const char *privilege_name(int mask)
{
	if (mask & STP_PR_STAPDEV)
		return "stapdev";
	if (mask & STP_PR_STAPSYS)
		return "stapsys";
	if (mask & STP_PR_STAPUSR)
		return "stapusr";
	return "none";
}

/* group_gid: the gid of group NAME from /etc/group, or -1. */
static long group_gid(const char *name)
{
	char line[4096];
	size_t n = strlen(name);
	long gid = -1;
	FILE *f = fopen("/etc/group", "re");

	if (!f)
		return -1;
	/* name:password:gid:members */
	while (gid < 0 && fgets(line, sizeof(line), f)) {
		char *p, *end;

		if (strncmp(line, name, n) || line[n] != ':')
			continue;
		p = strchr(line + n + 1, ':');
		if (!p)
			continue;
		gid = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end != ':')
			gid = -1;
	}
	fclose(f);
	return gid;
}

/* in_group: is the process a member of group NAME? */
static int in_group(const char *name)
{
	gid_t groups[NGROUPS_MAX];
	long gid = group_gid(name);
	int n, i;

	if (gid < 0)
		return 0;
	if ((gid_t)gid == getgid())
		return 1;
	n = getgroups(NGROUPS_MAX, groups);
	for (i = 0; i < n; i++)
		if (groups[i] == (gid_t)gid)
			return 1;
	return 0;
}

int user_privilege(void)
{
	int mask = 0;

	if (getuid() == 0 || in_group("stapdev"))
		return ALL_PRIVILEGES;
	if (in_group("stapsys"))
		mask |= STP_PR_STAPUSR | STP_PR_STAPSYS;
	if (in_group("stapusr"))
		mask |= STP_PR_STAPUSR;
	return mask;
}

#define BLESSED_MSG "Members of the \"stapusr\" and \"stapsys\" groups can " \
	"only use unsigned modules within\n  the \"%s\" directory.\n  "

/* check_blessed_path: is M in /lib/modules/RELEASE/systemtap/, safely? */
static int check_blessed_path(const struct module_image *m)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct utsname u;
	struct stat st;
	size_t n;

	uname(&u);
	snprintf(dir, sizeof(dir), "/lib/modules/%s/systemtap", u.release);
	if (!realpath(dir, real) || stat(real, &st) < 0) {
		err_msg(BLESSED_MSG "Unable to canonicalize that directory: %s",
			dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & S_IWOTH)) {
		err_msg(BLESSED_MSG "That directory should be owned by root "
			"and not be world writable.", dir);
		return -1;
	}
	/* The trailing '/' keeps /lib/modules/R/systemtapX/ out. */
	n = strlen(real);
	if (strncmp(m->path, real, n) || m->path[n] != '/') {
		err_msg(BLESSED_MSG "Module \"%s\" does not exist within that "
			"directory.", dir, m->path);
		return -1;
	}
	if (fstat(m->fd, &st) < 0 || st.st_uid != 0) {
		err_msg("The module \"%s\" must be owned by root.", m->path);
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		err_msg("The module \"%s\" must not be world writable.", m->path);
		return -1;
	}
	return 0;
}

int check_privilege(const struct module_image *m)
{
	int mask = user_privilege();

	dbug(1, "user privilege: %s; the module was built for %s",
	     privilege_name(mask), privilege_name(m->privilege));
	if (mask & STP_PR_STAPDEV)
		return 0;
	if (!mask) {
		err_msg("You are trying to run systemtap as a normal user.\n"
			"You should either be root, or be part of group "
			"\"stapusr\" and possibly the groups \"stapsys\" or "
			"\"stapdev\".");
		return -1;
	}
	return check_blessed_path(m);
}
