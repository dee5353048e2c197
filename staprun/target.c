// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * target.c - processes staprun starts: the -c command and the commands of
 * the system() tapset function.
 *
 * The -c command must not run before the module is live, or its first
 * actions would go unobserved.  Upstream stops the child with ptrace until
 * then; here the forked child simply waits for one byte on a pipe, which
 * staprun writes when the module's STP_START reply says it is running.
 * The pid, and so target(), is known from the fork on: exec keeps it.
 *
 * CMD without shell metacharacters is split at blanks and run directly,
 * as upstream does with wordexp(3); anything else goes to /bin/sh -c, so
 * pipes and redirections work (target() is then the shell's pid, as with
 * upstream).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "staprun.h"

/* Characters that make CMD a shell command rather than a word list. */
static const char shell_chars[] = "|&;<>()$`\\\"'*?[]#~=%{}!";

/* Children start with default signal handling and nothing blocked. */
static void reset_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD,
				    SIGPIPE, SIGUSR2 };
	sigset_t none;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void drop_privileges_for_child(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();

	/* A setuid staprun must not hand root to the user's commands. */
	if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
		err_msg("Couldn't drop privileges: %s", strerror(errno));
		_exit(1);
	}
}

/* exec_cmd: never returns. */
static void exec_cmd(const char *cmd)
{
	char *copy, *argv[256], *save = NULL, *w;
	int n = 0;

	if (!strpbrk(cmd, shell_chars) && (copy = strdup(cmd))) {
		for (w = strtok_r(copy, " \t\n", &save); w && n < 255;
		     w = strtok_r(NULL, " \t\n", &save))
			argv[n++] = w;
		argv[n] = NULL;
		if (n > 0 && !w) {
			execvp(argv[0], argv);
			err_msg("Couldn't run '%s': %s", argv[0],
				strerror(errno));
			_exit(127);
		}
	}
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	err_msg("Couldn't run /bin/sh: %s", strerror(errno));
	_exit(127);
}

int target_start(struct target_cmd *t, const char *cmd)
{
	int p[2];
	char go = 0;

	t->pid = 0;
	t->go_fd = -1;
	if (pipe2(p, O_CLOEXEC) < 0) {
		err_msg("Couldn't create a pipe for -c: %s", strerror(errno));
		return -1;
	}
	t->pid = fork();
	if (t->pid < 0) {
		err_msg("Couldn't fork for -c: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		t->pid = 0;
		return -1;
	}
	if (t->pid == 0) {
		close(p[1]);
		/* EOF without the byte: the module did not start. */
		while (read(p[0], &go, 1) < 0 && errno == EINTR)
			;
		if (go != 'g')
			_exit(0);
		close(p[0]);
		reset_signals();
		drop_privileges_for_child();
		exec_cmd(cmd);
	}
	close(p[0]);
	t->go_fd = p[1];
	dbug(1, "started -c command, pid %d, waiting for the module",
	     (int)t->pid);
	return 0;
}

int target_release(struct target_cmd *t)
{
	int rc = 0;

	if (t->go_fd < 0)
		return 0;
	if (write(t->go_fd, "g", 1) != 1) {
		err_msg("Couldn't start the -c command: %s", strerror(errno));
		rc = -1;
	}
	close(t->go_fd);
	t->go_fd = -1;
	return rc;
}

void target_abort(struct target_cmd *t)
{
	if (t->go_fd >= 0) {
		close(t->go_fd);
		t->go_fd = -1;
	}
}

void run_system_cmd(const char *cmd)
{
	pid_t pid = fork();

	if (pid < 0) {
		err_msg("Couldn't fork for system(): %s", strerror(errno));
		return;
	}
	if (pid > 0) {
		/* Wait for the middle process only, not for the command. */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return;
	}
	/*
	 * The command runs in a grandchild, reparented to init, so that it
	 * may outlive staprun like upstream's, and staprun need not reap it.
	 */
	pid = fork();
	if (pid != 0)
		_exit(pid < 0 ? 1 : 0);
	reset_signals();
	drop_privileges_for_child();
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}
