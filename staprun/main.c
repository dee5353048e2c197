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
#include <dirent.h>
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

#define MAX_TRACES 1024

/*
 * open_traces: a bulk-mode module's /proc/systemtap-NAME/traceN files,
 * into fds[] with their CPU numbers in cpus[], in CPU order.  Returns
 * how many (0: not a bulk-mode module), or -1.
 */
static int open_traces(const char *name, int *fds, int *cpus)
{
	char dir[128], path[160];
	int n = 0, cpu;

	snprintf(dir, sizeof(dir), "/proc/%s%s", STP_PROC_PREFIX, name);
	for (cpu = 0; cpu < MAX_TRACES; cpu++) {
		snprintf(path, sizeof(path), "%s/%s%d", dir, STP_TRACE_NAME,
			 cpu);
		fds[n] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fds[n] >= 0) {
			cpus[n++] = cpu;
		} else if (errno != ENOENT) {
			err_msg("Couldn't open %s: %s", path, strerror(errno));
			while (n--)
				close(fds[n]);
			return -1;
		}
	}
	return n;
}

/*
 * daemonize: -D, as upstream's stapio: into the background (a new
 * session, in /), the daemon's pid on stdout, then stdin, stdout and
 * stderr on /dev/null and messages to syslog.  Before the session's
 * thread exists (fork).
 */
static int daemonize(void)
{
	pid_t pid;
	int fd;

	dbug(2, "daemonizing");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err_msg("Failed to daemonize stapio");
		return -1;
	}
	if (pid > 0) {
		/* The parent says the pid, so it is there once staprun ends. */
		printf("%d\n", (int)pid);
		fflush(stdout);
		_exit(0);
	}
	if (setsid() < 0 || chdir("/") < 0)
		dbug(1, "setsid/chdir: %s", strerror(errno));
	report_to_syslog();
	fd = open("/dev/null", O_RDWR);
	if (fd < 0) {
		err_msg("Failed to open /dev/null");
		return -1;
	}
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

/*
 * session: on the open ctl FD of module NAME: its trace files (bulk
 * mode), the output files, -D, the conversation.  -L opens no output:
 * what the module prints waits for `staprun -A`.
 */
static void session(int fd, const char *name, const struct staprun_opts *o,
		    struct session_result *res)
{
	static int fds[MAX_TRACES], cpus[MAX_TRACES];
	struct output out;
	int n = o->load_only ? 0 : open_traces(name, fds, cpus);

	if (n < 0)
		return;
	if (output_open(&out, o, cpus, n) < 0)
		goto out;
	dbug(2, "%d trace files (bulk mode: %s)", n, n ? "yes" : "no");
	if (!o->daemon || daemonize() == 0)
		session_run(fd, &out, fds, n, o, user_privilege(), res);
out:
	if (output_close(&out) < 0)
		res->status = 1;
	while (n-- > 0)
		close(fds[n]);
}

/*
 * run_module: the session with the loaded module NAME, then its removal
 * (unless detached).
 */
static int run_module(const char *name, const struct staprun_opts *o)
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
		session(fd, name, o, &res);
		close(fd);
	} else if (o->attach) {
		return 1;	/* not ours to remove */
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
	if (need_some_privilege(o->module) < 0)
		return 1;
	return run_module(o->module, o);
}

static int cmd_run(const struct staprun_opts *o)
{
	struct module_image m;
	int rc = 1;

	if (read_module(o->module, &m) < 0 || check_privilege(&m) < 0)
		goto out;
	if (o->rename_mod && rename_module(&m, getpid()) < 0)
		goto out;
	if (insert_module(&m, o) < 0)
		goto out;
	rc = run_module(m.name, o);
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
