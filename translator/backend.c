// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * backend.c - passes 3 to 5 and their -v lines, as upstream prints them:
 *
 *   Pass 3: translated to C into "/tmp/stapXXXXXX/stap_123_src.c" using ...
 *   Pass 4: compiled C into "stap_123.ko" in 1200usr/300sys/1700real ms.
 *   Pass 5: starting run.
 *   Pass 5: run completed in 0usr/10sys/2000real ms.
 *
 * A cache hit prints "Pass 3: using cached PATH.c" and "Pass 4: using
 * cached PATH.ko" instead and skips both passes.
 */
#include "backend.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cache.h"
#include "clock.h"
#include "run.h"
#include "translate.h"

static bool print_file_to_stdout(const char *path)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return true;
}

static bool pass3(struct session *s)
{
	struct pass_clock clk;

	session_enter_pass(s, 3);
	clock_start(&clk);
	if (!build_make_tmpdir(s))
		return false;
	s->c_path = arena_printf(&s->arena, "%s/%s_src.c", s->tmpdir, s->modname);
	if (!translate(s)) {
		fputs("Pass 3: translation failed.  [man error::pass3]\n", stderr);
		return false;
	}
	if (s->verbose) {
		fprintf(stderr, "Pass 3: translated to C into \"%s\" ", s->c_path);
		clock_report(&clk, stderr);
	}
	return true;
}

/* -m NAME, or -p4 without the cache: leave NAME.ko in the current directory. */
static bool keep_in_cwd(struct session *s)
{
	char *dst = arena_printf(&s->arena, "%s.ko", s->modname);

	if (!build_copy_file(s->module_path, dst)) {
		fprintf(stderr, "ERROR: cannot copy the module to \"%s\"\n", dst);
		return false;
	}
	s->module_path = dst;
	return true;
}

static bool pass4(struct session *s)
{
	struct pass_clock clk;

	session_enter_pass(s, 4);
	clock_start(&clk);
	if (!build_module(s)) {
		fputs("Pass 4: compilation failed.  [man error::pass4]\n", stderr);
		return false;
	}
	if (s->verbose) {
		fprintf(stderr, "Pass 4: compiled C into \"%s.ko\" ", s->modname);
		clock_report_mem(&clk, stderr, false);
	}
	cache_store(s);
	if (s->module_name || (!s->cache_key[0] && s->last_pass == 4))
		return keep_in_cwd(s);
	return true;
}

static int pass5(struct session *s)
{
	struct pass_clock clk;
	int rc;

	session_enter_pass(s, 5);
	if (s->verbose)
		fputs("Pass 5: starting run.\n", stderr);
	clock_start(&clk);
	rc = run_module(s);
	if (rc) {
		fputs("Pass 5: run failed.  [man error::pass5]\n", stderr);
	} else if (s->verbose) {
		fputs("Pass 5: run completed ", stderr);
		clock_report_mem(&clk, stderr, false);
	}
	return rc ? 1 : 0;
}

/* The module's name: -m NAME, the cache's stap_HASH, else stap_PID. */
static void name_module(struct session *s)
{
	if (!cache_prepare(s))
		s->modname = s->module_name ? s->module_name :
			arena_printf(&s->arena, "stap_%ld", (long)getpid());
}

static int from_cache(struct session *s)
{
	session_enter_pass(s, 3);
	if (s->verbose)
		fprintf(stderr, "Pass 3: using cached %s\n", s->c_path);
	if (s->last_pass == 3)
		return print_file_to_stdout(s->c_path) ? 0 : 1;
	session_enter_pass(s, 4);
	if (s->verbose)
		fprintf(stderr, "Pass 4: using cached %s\n", s->module_path);
	if (s->last_pass == 4) {
		puts(s->module_path);
		return 0;
	}
	return pass5(s);
}

/*
 * ^C while the module is built stops the compiler (it shares our
 * terminal) and, through this flag, us, once the temporary directory is
 * gone.  A handler rather than SIG_IGN: make must not inherit the latter.
 */
static volatile sig_atomic_t interrupted;

static void note_interrupt(int sig)
{
	interrupted = sig;
}

static void catch_interrupts(bool on)
{
	struct sigaction sa = { .sa_handler = on ? note_interrupt : SIG_DFL };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int passes_3_to_5(struct session *s)
{
	int rc = 1;

	name_module(s);
	if (cache_lookup(s))
		return from_cache(s);
	catch_interrupts(true);
	if (!pass3(s) || interrupted)
		goto out;
	if (s->last_pass == 3) {
		rc = print_file_to_stdout(s->c_path) ? 0 : 1;
		goto out;
	}
	if (!pass4(s) || interrupted)
		goto out;
	catch_interrupts(false);
	if (s->last_pass == 4) {
		puts(s->module_path);
		rc = 0;
		goto out;
	}
	rc = pass5(s);
out:
	catch_interrupts(false);
	build_remove_tmpdir(s);
	if (interrupted)
		fputs("stap: interrupted\n", stderr);
	return interrupted ? 1 : rc;
}
