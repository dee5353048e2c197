// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmdline.c - staprun's command line.
 *
 * Option letters follow upstream's staprun where they mean the same thing
 * here.  Upstream options this staprun does not implement are refused by
 * name rather than silently ignored, so a script that depends on them
 * fails visibly.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staprun.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: staprun [OPTIONS] MODULE [VAR=VALUE ...]\n"
"       staprun -d MODNAME\n"
"\n"
"Insert a systemtap module, relay its output, remove it when it ends.\n"
"MODULE is a path to a .ko file, or a name looked up as\n"
"/lib/modules/RELEASE/systemtap/NAME.ko.  VAR=VALUE set module globals.\n"
"\n"
"  -v            more messages (repeatable; also SYSTEMTAP_VERBOSE=N)\n"
"  -w            suppress the module's warnings\n"
"  -c CMD        run CMD once the module is live; target() is its pid;\n"
"                stop the module when CMD exits\n"
"  -x PID        target() is PID\n"
"  -o FILE       write the output to FILE (strftime(3) patterns allowed);\n"
"                SIGUSR2 switches to FILE.1, FILE.2, ...\n"
"  -S SIZE[,N]   with -o: switch to the next file when one reaches SIZE\n"
"                MB (FILE.0, FILE.1, ...), and keep only the last N\n"
"  -D            run in the background (needs -o); print its pid\n"
"  -b MB, -s MB  module buffer size in MiB (1-4095), per CPU in bulk mode\n"
"  --timeout=S   stop the module after S seconds (stap -T)\n"
"  -L            load and start the module, then detach from it; its\n"
"                output waits in the module (flight recorder)\n"
"  -A            attach to a module loaded earlier (by name)\n"
"  -d            remove the module MODNAME and exit\n"
"  -R            rename the module to NAME_PID before inserting it\n"
"  -C WHEN       colour errors and warnings: auto, always or never\n"
"  -T MS         accepted for compatibility; has no effect here\n"
"  -V            print the version and exit\n"
"  -h, --help    print this help and exit\n");
}

/* parse_int: STR as a whole decimal number in [MIN, MAX], else -1. */
static int parse_int(const char *str, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(str, &end, 10);
	if (errno || end == str || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void bad(const char *fmt, const char *arg)
{
	fputs("ERROR: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'staprun -h' for more information.\n", stderr);
	exit(1);
}

static void set_bufsize(struct staprun_opts *o, const char *arg)
{
	long v;

	if (parse_int(arg, 1, 4095, &v))
		bad("Invalid buffer size '%s' (should be 1-4095).", arg);
	o->bufsize_mb = (int)v;
}

static void set_target_pid(struct staprun_opts *o, const char *arg)
{
	long v;

	if (parse_int(arg, 1, INT_MAX, &v))
		bad("Invalid target process ID '%s'.", arg);
	o->target_pid = (pid_t)v;
}

/* -S SIZE[,N]: SIZE MB per file, at most N files (upstream's syntax). */
static void set_fsize(struct staprun_opts *o, const char *arg)
{
	unsigned long size, num = 0;
	char *end;

	errno = 0;
	size = strtoul(arg, &end, 10);
	if (*end == ',')
		num = strtoul(end + 1, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' ||
	    size > (unsigned long)INT_MAX || num > 1000000)
		bad("Invalid file size option '%s'.", arg);
	o->fsize_max = (off_t)size << 20;
	o->fnum_max = (int)num;
}

static void set_color(struct staprun_opts *o, const char *arg)
{
	if (!strcmp(arg, "auto"))
		o->color = COLOR_AUTO;
	else if (!strcmp(arg, "always"))
		o->color = COLOR_ALWAYS;
	else if (!strcmp(arg, "never"))
		o->color = COLOR_NEVER;
	else
		bad("Invalid color mode '%s' (should be auto, always or never).",
		    arg);
}

enum { OPT_TIMEOUT = 256, OPT_HELP };

static const struct option long_opts[] = {
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* handle_opt: one option from getopt_long. */
static void handle_opt(struct staprun_opts *o, int c, const char *arg)
{
	long v;
	char letter[2] = { (char)c, 0 };

	switch (c) {
	case 'v': o->verbose++; break;
	case 'w': o->suppress_warnings = 1; break;
	case 'c': o->target_cmd = arg; break;
	case 'x': case 't': set_target_pid(o, arg); break;
	case 'o': o->outfile = arg; break;
	case 'b': case 's': set_bufsize(o, arg); break;
	case 'L': o->load_only = 1; break;
	case 'A': o->attach = 1; break;
	case 'd': o->delete_mod = 1; break;
	case 'R': o->rename_mod = 1; break;
	case 'D': o->daemon = 1; break;
	case 'S': set_fsize(o, arg); break;
	case 'C': set_color(o, arg); break;
	case 'T':
		if (parse_int(arg, 1, INT_MAX, &v))
			bad("Invalid timeout '%s' (should be an integer >= 1).",
			    arg);
		break;
	case OPT_TIMEOUT:
		if (parse_int(arg, 1, INT_MAX, &v))
			bad("Invalid --timeout '%s' (should be whole seconds >= 1).",
			    arg);
		o->timeout_s = (int)v;
		break;
	case 'V':
		printf("staprun (SystemTap in C) %s, protocol of "
		       "runtime/transport_msgs.h\n", STAPRUN_VERSION);
		exit(0);
	case 'h': case OPT_HELP:
		usage(stdout);
		exit(0);
	case 'u': case 'N': case 'r': case 'M':
	case 'i': case 'F':
		bad("staprun option -%s is not supported by this staprun.",
		    letter);
		break;
	default:		/* getopt already said what was wrong */
		fputs("Try 'staprun -h' for more information.\n", stderr);
		exit(1);
	}
}

/* check_combinations: options that make no sense together. */
static void check_combinations(const struct staprun_opts *o)
{
	int modes = o->delete_mod + o->load_only + o->attach;

	if (modes > 1)
		bad("%s", "Only one of -A, -L and -d may be given.");
	/* Upstream's checks and words for -D and -S. */
	if (o->daemon && o->load_only)
		bad("%s", "You can't specify the '-D' and '-L' options together.");
	if (o->daemon && o->delete_mod)
		bad("%s", "You can't specify the '-D' and '-d' options together.");
	if (o->daemon && o->target_cmd)
		bad("%s", "You can't specify the '-D' and '-c' options together.");
	if (o->daemon && !o->outfile)
		bad("%s", "You have to specify output FILE with '-D' option.");
	if (o->fsize_max && !o->outfile)
		bad("%s", "You have to specify output FILE with '-S' option.");
	if (o->target_cmd && o->target_pid)
		bad("%s", "You can't specify -c and -x options together.");
	if (o->load_only && o->target_cmd)
		bad("%s", "You can't specify -c with -L: nothing would wait "
		    "for the command.");
	if ((o->attach || o->delete_mod) &&
	    (o->target_cmd || o->target_pid || o->rename_mod || o->bufsize_mb))
		bad("%s", "-A and -d take only a module name, not -c, -x, -R "
		    "or -b.");
	if (o->delete_mod && o->outfile)
		bad("%s", "-d takes only a module name, not -o.");
	if (!o->module)
		bad("%s", "Need a module name or path to load.");
	if (o->attach && o->n_modopts)
		bad("%s", "Cannot have module options with attach (-A).");
	if (o->delete_mod && o->n_modopts)
		bad("%s", "Cannot have module options with delete (-d).");
}

void parse_options(int argc, char **argv, struct staprun_opts *o)
{
	const char *env = getenv("SYSTEMTAP_VERBOSE");
	long v;
	int c, i;

	memset(o, 0, sizeof(*o));
	o->kallsyms = "/proc/kallsyms";
	if (env && !parse_int(env, 0, 9, &v))
		o->verbose = (int)v;

	/* '+': options end at MODULE; what follows belongs to the module. */
	opterr = 1;
	while ((c = getopt_long(argc, argv, "+vwc:x:t:o:b:s:LAdRC:T:Vhu::N:S:Dr:M:iF:",
				long_opts, NULL)) != -1)
		handle_opt(o, c, optarg);

	if (optind < argc)
		o->module = argv[optind++];
	if (o->module && strchr(o->module, '=') && !strchr(o->module, '/'))
		bad("'%s' is a module option: the module comes first "
		    "(staprun [OPTIONS] MODULE [VAR=VALUE ...]).", o->module);
	o->modopts = argv + optind;
	o->n_modopts = argc - optind;
	for (i = 0; i < o->n_modopts; i++) {
		const char *eq = strchr(o->modopts[i], '=');

		if (!eq || eq == o->modopts[i])
			bad("Module option '%s' is not of the form NAME=VALUE.",
			    o->modopts[i]);
	}
	check_combinations(o);
}
