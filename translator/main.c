// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the stap driver: options -> session -> passes.
 *
 *   pass 1  parse the user script (and, with -v, the library)
 *   pass 2  elaborate (elaborate.c; the result, elab.h, is s->prog)
 *   pass 3  translate to C       (not implemented yet)
 *   pass 4  build the module     (not implemented yet)
 *   pass 5  run it with staprun  (not implemented yet)
 *
 * -pN stops after pass N.
 */
#include "ast_print.h"
#include "backend.h"
#include "cache.h"
#include "clock.h"
#include "cmdline.h"
#include "diag.h"
#include "elab.h"
#include "listing.h"
#include "parse.h"
#include "semerr.h"
#include "session.h"
#include "tapset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct parse_opts user_opts(struct session *s)
{
	return (struct parse_opts){
		.env = &s->pp_env,
		.args = &s->args,
		.lib_macros = &s->lib_macros,
		.privileged = s->guru,
		.compat = s->compat,
	};
}

/* Parse one user script source; returns false on errors. */
static bool parse_user_source(struct session *s, struct srcfile *src)
{
	struct parse_opts o = user_opts(s);
	struct stapfile *f = parse_file(&s->arena, src, &o);

	if (!f)
		return false;
	vec_push(&s->user_files, f);
	return true;
}

static struct srcfile *text_source(struct session *s, const char *name,
				   const char *text)
{
	struct srcfile *src = arena_new(&s->arena, struct srcfile);

	src->name = name;
	src->text = text;
	src->len = strlen(text);
	return src;
}

/* Pass 1: the library's macros, the user script(s), and with -v the library. */
static bool pass1(struct session *s)
{
	bool ok = true;
	size_t i;

	if (!tapset_load_macros(s))
		ok = false;
	if (s->script_text) {
		ok &= parse_user_source(s, text_source(s, "<input>", s->script_text));
	} else if (s->script_file) {
		bool is_stdin = strcmp(s->script_file, "-") == 0;
		struct srcfile *src = session_load_file(s, s->script_file,
				is_stdin ? "<input>" : s->script_file);

		if (!src) {
			fprintf(stderr, "Input file '%s' can't be opened for reading.\n",
				s->script_file);
			diag.errors++;
			return false;
		}
		ok &= parse_user_source(s, src);
	}
	for (i = 0; i < s->extra_scripts.len; i++)
		ok &= parse_user_source(s, text_source(s,
			arena_printf(&s->arena, "<input%zu>", i + 1),
			s->extra_scripts.items[i]));
	if (ok && s->verbose && s->last_pass == 1)
		ok = tapset_parse_all(s);
	return ok && diag.errors == 0;
}

static void dump_pass1(struct session *s)
{
	size_t i;

	puts("# parse tree dump");
	for (i = 0; i < s->user_files.len; i++)
		print_file(stdout, s->user_files.items[i]);
	putchar('\n');
	for (i = 0; i < s->lib_files.len; i++) {
		print_file(stdout, s->lib_files.items[i]);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	struct session s;
	struct pass_clock clk;
	int rc;

	session_init(&s);
	rc = cmdline_parse(&s, argc, argv);
	if (rc >= 0)
		goto out;
	rc = 1;
	diag.no_warnings = s.no_warnings;
	sem_set_warnings_as_errors(s.warnings_as_errors);
	diag.verbose = s.verbose;
	if (s.clean_cache) {
		rc = cache_clean_command(&s);
		goto out;
	}
	if (!session_setup(&s, argv[0]))
		goto out;
	if (s.dump) {
		rc = dump_library(&s);
		goto out;
	}
	if (s.list_pattern && !s.script_text)
		listing_prepare(&s);

	clock_start(&clk);
	if (s.list_pattern) {
		rc = list_probes(&s, pass1(&s));
		goto out;
	}
	if (!pass1(&s)) {
		fputs("Pass 1: parse failed.  [man error::pass1]\n", stderr);
		goto out;
	}
	if (s.verbose) {
		fprintf(stderr, "Pass 1: parsed user script and %zu library scripts ",
			s.lib_files.len);
		clock_report(&clk, stderr);
	}
	if (s.last_pass == 1) {
		dump_pass1(&s);
		rc = 0;
		goto out;
	}
	session_enter_pass(&s, 2);
	clock_start(&clk);
	if (!pass2(&s)) {
		fputs("Pass 2: analysis failed.  [man error::pass2]\n", stderr);
		goto out;
	}
	if (s.verbose) {
		const struct program *p = s.prog;

		fprintf(stderr, "Pass 2: analyzed script: %zu probe%s, %zu function%s, "
			"%zu embed%s, %zu global%s ",
			p->probes.len, p->probes.len == 1 ? "" : "s",
			p->functions.len, p->functions.len == 1 ? "" : "s",
			p->embeds.len, p->embeds.len == 1 ? "" : "s",
			p->globals.len, p->globals.len == 1 ? "" : "s");
		clock_report(&clk, stderr);
	}
	if (s.last_pass == 2) {
		print_program(stdout, &s, s.prog);
		rc = 0;
		goto out;
	}
	rc = passes_3_to_5(&s);
out:
	fflush(stdout);
	diag_summary();
	sem_summary();
	session_release(&s);
	return rc;
}
