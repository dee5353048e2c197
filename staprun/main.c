// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staprun - insert a systemtap module, relay its output, remove it.
 *
 *   options -> read the .ko -> privilege check -> insert -> open ctl ->
 *   session (session.c) -> close ctl -> remove
 *
 * Once the module is in the kernel, every path out of here removes it,
 * except a deliberate detach (-L, SIGQUIT).  Exit status: 0 on success,
 * 1 on any failure (bad options, insert or removal failed, the module
 * reported an ERROR, the -c command failed).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "staprun.h"

/* Commands staprun runs go through /bin/sh: keep its startup clean. */
static void sanitize_env(void)
{
	unsetenv("IFS");
	unsetenv("CDPATH");
	unsetenv("ENV");
	unsetenv("BASH_ENV");
}

/*
 * as_user / as_root: a setuid-root staprun opens the user's output file
 * as the user, not as root.  (No-ops when run by root.)
 */
static void as_user(void)
{
	if (setegid(getgid()) < 0 || seteuid(getuid()) < 0) {
		err_msg("Couldn't drop privileges: %s", strerror(errno));
		exit(1);
	}
}

static void as_root(uid_t euid, gid_t egid)
{
	if (seteuid(euid) < 0 || setegid(egid) < 0) {
		err_msg("Couldn't restore privileges: %s", strerror(errno));
		exit(1);
	}
}

/* open_output: -o FILE, after strftime(3) expansion; else stdout. */
static int open_output(const char *file)
{
	char name[PATH_MAX];
	uid_t euid = geteuid();
	gid_t egid = getegid();
	time_t now = time(NULL);
	struct tm tm;
	int fd;

	if (!file)
		return STDOUT_FILENO;
	if (strchr(file, '%')) {
		if (!localtime_r(&now, &tm) ||
		    !strftime(name, sizeof(name), file, &tm)) {
			err_msg("Invalid output file name '%s'", file);
			return -1;
		}
	} else {
		snprintf(name, sizeof(name), "%s", file);
	}
	as_user();
	fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		err_msg("Couldn't open output file '%s': %s", name,
			strerror(errno));
	as_root(euid, egid);
	return fd;
}

/* open_ctl: /proc/systemtap-NAME/ctl of a loaded module. */
static int open_ctl(const char *name)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/proc/%s%s/%s", STP_PROC_PREFIX, name,
		 STP_CTL_NAME);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == EBUSY)
		err_msg("Cannot attach to module %s control channel; "
			"another staprun is attached to it.", name);
	else if (errno == ENOENT)
		err_msg("Cannot attach to module %s control channel; "
			"not running?", name);
	else
		err_msg("Couldn't open %s: %s", path, strerror(errno));
	return -1;
}

/*
 * run_module: the session with the loaded module NAME, then its removal
 * (unless detached).  OUT_FD is stdout or the -o file.
 */
static int run_module(const char *name, const struct staprun_opts *o,
		      int out_fd)
{
	struct session_result res = { SESSION_FORCED, 1 };
	int fd = open_ctl(name);

	if (fd >= 0) {
		setenv("SYSTEMTAP_MODULE", name, 1);
		/*
		 * Upstream's reader process is stapio, and scripts filter
		 * on execname() == "stapio" to leave their tracer out; our
		 * one binary takes that name for the session (its threads
		 * inherit it).
		 */
		prctl(PR_SET_NAME, "stapio");
		session_run(fd, out_fd, o, user_privilege(), &res);
		close(fd);
	} else if (o->attach) {
		return 1;	/* not ours to remove */
	}
	if (out_fd != STDOUT_FILENO && close(out_fd) < 0) {
		err_msg("Couldn't write output file '%s': %s", o->outfile,
			strerror(errno));
		res.status = 1;
	}
	if (res.end == SESSION_DETACH) {
		fprintf(stderr, "\nDisconnecting from systemtap module.\n"
			"To reconnect, type \"staprun -A %s\"\n", name);
		return res.status;
	}
	if (remove_module(name) < 0)
		res.status = 1;
	return res.status;
}

/* need_some_privilege: -A and -d have no module file to judge by. */
static int need_some_privilege(const char *name)
{
	if (!user_privilege()) {
		err_msg("You are trying to run systemtap as a normal user.\n"
			"You should either be root, or be part of group "
			"\"stapusr\" and possibly the groups \"stapsys\" or "
			"\"stapdev\".");
		return -1;
	}
	if (!valid_modname(name)) {
		err_msg("'%s' is not a valid module name.", name);
		return -1;
	}
	return 0;
}

static int cmd_delete(const struct staprun_opts *o)
{
	if (need_some_privilege(o->module) < 0)
		return 1;
	if (!is_stap_module(o->module)) {
		err_msg("'%s' is not a zombie systemtap module.", o->module);
		return 1;
	}
	return remove_module(o->module) < 0;
}

static int cmd_attach(const struct staprun_opts *o)
{
	int out_fd;

	if (need_some_privilege(o->module) < 0)
		return 1;
	out_fd = open_output(o->outfile);
	if (out_fd < 0)
		return 1;
	return run_module(o->module, o, out_fd);
}

static int cmd_run(const struct staprun_opts *o)
{
	struct module_image m;
	int out_fd, rc = 1;

	if (read_module(o->module, &m) < 0 || check_privilege(&m) < 0)
		goto out;
	if (o->rename_mod && rename_module(&m, getpid()) < 0)
		goto out;
	/* Fail on a bad -o before the module is in the kernel. */
	out_fd = open_output(o->outfile);
	if (out_fd < 0)
		goto out;
	if (insert_module(&m, o) < 0) {
		if (out_fd != STDOUT_FILENO)
			close(out_fd);
		goto out;
	}
	rc = run_module(m.name, o, out_fd);
out:
	free_module(&m);
	return rc;
}

int main(int argc, char **argv)
{
	struct staprun_opts o;

	sanitize_env();
	parse_options(argc, argv, &o);
	stap_verbose = o.verbose;
	report_init(o.color);
	/* Before anything is loaded, so no signal can strand a module. */
	session_signals_install();

	if (o.delete_mod)
		return cmd_delete(&o);
	if (o.attach)
		return cmd_attach(&o);
	return cmd_run(&o);
}
