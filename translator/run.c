// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * run.c - pass 5: hand the module to staprun.
 *
 * staprun does the privileged work (insert, relay output, remove); stap
 * only builds its command line.  With --vm the same command runs inside
 * a throwaway qemu guest of the target kernel through stap-vm, for
 * machines that cannot or should not load modules themselves.
 *
 * While staprun runs, stap ignores SIGINT (the terminal sends it to
 * staprun too, which stops the module gracefully) and SIGQUIT (^\ from
 * the terminal: staprun detaches from the module, and stap exits as it
 * does), and passes SIGTERM and SIGHUP on to it.
 */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* $ENV, else the build tree's copy beside ./stap, else the installed one. */
static const char *find_tool(struct session *s, const char *env,
			     const char *tree_path, const char *name)
{
	const char *p = getenv(env);
	char *path;

	if (p && *p)
		return p;
	path = arena_printf(&s->arena, "%s/%s", s->exe_dir, tree_path);
	if (!access(path, X_OK))
		return path;
	return arena_printf(&s->arena, "%s/%s", s->exe_dir, name);
}

static void add(struct vec *v, const char *arg)
{
	vec_push(v, (void *)arg);
}

/* staprun's options and arguments after the program name. */
static void staprun_args(struct session *s, struct vec *v)
{
	unsigned i;

	/* As upstream: stap -vv gives staprun one -v, -vvv two, ... */
	for (i = 1; i < s->verbose && i < 5; i++)
		add(v, "-v");
	if (s->no_warnings)
		add(v, "-w");
	if (s->cmd) {
		add(v, "-c");
		add(v, s->cmd);
	}
	if (s->target_pid) {
		add(v, "-x");
		add(v, arena_printf(&s->arena, "%ld", s->target_pid));
	}
	if (s->output_file) {
		add(v, "-o");
		add(v, s->output_file);
	}
	if (s->bufsize_mb) {
		add(v, "-b");
		add(v, arena_printf(&s->arena, "%u", s->bufsize_mb));
	}
	if (s->timeout_s)
		add(v, arena_printf(&s->arena, "--timeout=%ld", s->timeout_s));
	/* -F: upstream's flight recorder, detached in memory or on file. */
	if (s->load_only)
		add(v, s->output_file ? "-D" : "-L");
	if (s->size_option) {
		add(v, "-S");
		add(v, s->size_option);
	}
	add(v, s->module_path);
	for (i = 0; i < s->set_globals.len; i++)
		add(v, s->set_globals.items[i]);
}

static void build_argv(struct session *s, struct vec *v)
{
	const char *staprun = find_tool(s, "SYSTEMTAP_STAPRUN",
					"staprun/staprun", "staprun");

	if (s->use_vm) {
		add(v, find_tool(s, "SYSTEMTAP_STAPVM", "vm/stap-vm", "stap-vm"));
		add(v, "--release");
		add(v, s->release);
		add(v, "--staprun");
		add(v, staprun);
		add(v, "--");
	} else {
		add(v, staprun);
	}
	staprun_args(s, v);
	add(v, NULL);
}

/* Loading here a module built for another kernel can only fail. */
static bool check_host_kernel(struct session *s)
{
	struct utsname u;

	if (s->use_vm || uname(&u) || !strcmp(u.release, s->release))
		return true;
	fprintf(stderr,
		"ERROR: the module is built for kernel %s, but this machine runs %s.\n"
		"Run it in a qemu guest of %s with --vm, or stop after pass 4 with -p4.\n",
		s->release, u.release, s->release);
	return false;
}

int run_module(struct session *s)
{
	struct vec argv = { 0 };
	struct sigaction sa = { .sa_handler = forward }, ign = { .sa_handler = SIG_IGN };
	struct sigaction old_int, old_term, old_hup, old_quit;
	int status = 0, rc;

	if (!check_host_kernel(s))
		return 1;
	build_argv(s, &argv);
	if (s->verbose > 1) {
		size_t i;

		fputs("Running", stderr);
		for (i = 0; argv.items[i]; i++)
			fprintf(stderr, " %s", (const char *)argv.items[i]);
		fputc('\n', stderr);
	}
	fflush(NULL);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	child = fork();
	if (child == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
		execv(argv.items[0], (char **)argv.items);
		fprintf(stderr, "ERROR: cannot run \"%s\": %s\n",
			(const char *)argv.items[0], strerror(errno));
		_exit(127);
	}
	rc = child < 0 ? -1 : 0;
	while (child > 0 && (rc = waitpid(child, &status, 0)) < 0 && errno == EINTR)
		;
	child = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	vec_free(&argv);
	if (rc < 0) {
		fprintf(stderr, "ERROR: cannot run staprun: %s\n", strerror(errno));
		return 1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 1;
}
