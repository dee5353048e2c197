// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmdline.c - option parsing.
 *
 * Options and their error texts follow upstream stap, because scripts and
 * fingers depend on them.  Options whose pass is not implemented yet are
 * accepted and recorded; --help lists only what works.
 */
#include "cmdline.h"

#include <ctype.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_DISABLE_CACHE = 256,
	OPT_POISON_CACHE,
	OPT_COMPATIBLE,
	OPT_HELP,
	OPT_VERSION,
	OPT_PRIVILEGE,
	OPT_UNPRIVILEGED,
	OPT_VM,
	OPT_DUMP_FUNCTIONS,
	OPT_DUMP_PROBE_ALIASES,
	OPT_DUMP_PROBE_TYPES,
	OPT_VP,
	OPT_SUPPRESS_HANDLER_ERRORS,
	OPT_SUPPRESS_TIME_LIMITS,
	OPT_NO_GLOBAL_VAR_DISPLAY,
	OPT_SKIP_BADVARS,
	OPT_CLEAN_CACHE,
	OPT_MODINFO,
	OPT_TMPDIR,
};

static const struct option long_opts[] = {
	{ "disable-cache", no_argument, NULL, OPT_DISABLE_CACHE },
	{ "poison-cache", no_argument, NULL, OPT_POISON_CACHE },
	{ "compatible", required_argument, NULL, OPT_COMPATIBLE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "privilege", required_argument, NULL, OPT_PRIVILEGE },
	{ "unprivileged", no_argument, NULL, OPT_UNPRIVILEGED },
	{ "vm", no_argument, NULL, OPT_VM },
	{ "dump-functions", no_argument, NULL, OPT_DUMP_FUNCTIONS },
	{ "dump-probe-aliases", no_argument, NULL, OPT_DUMP_PROBE_ALIASES },
	{ "dump-probe-types", no_argument, NULL, OPT_DUMP_PROBE_TYPES },
	{ "vp", required_argument, NULL, OPT_VP },
	{ "suppress-handler-errors", no_argument, NULL, OPT_SUPPRESS_HANDLER_ERRORS },
	{ "suppress-time-limits", no_argument, NULL, OPT_SUPPRESS_TIME_LIMITS },
	{ "no-global-var-display", no_argument, NULL, OPT_NO_GLOBAL_VAR_DISPLAY },
	{ "skip-badvars", no_argument, NULL, OPT_SKIP_BADVARS },
	{ "clean-cache", no_argument, NULL, OPT_CLEAN_CACHE },
	{ "modinfo", required_argument, NULL, OPT_MODINFO },
	{ "tmpdir", required_argument, NULL, OPT_TMPDIR },
	{ NULL, 0, NULL, 0 },
};

/* The help text; --vp shows the per-pass verbosity so far, as upstream. */
static void usage(FILE *out, const struct session *s)
{
	const unsigned *v = s->perpass_verbose;

	fprintf(out,
"Systemtap translator/driver (version %s, SystemTap in C %s)\n"
"\n"
"Usage: stap [options] FILE                    Run script in file.\n"
"   or: stap [options] -                       Run script on stdin.\n"
"   or: stap [options] -e SCRIPT               Run given script.\n"
"   or: stap [options] -l PROBE                List matching probes.\n"
"   or: stap [options] -L PROBE                List matching probes and local variables.\n"
"   or: stap [options] --dump-probe-types      List available probe types.\n"
"   or: stap [options] --dump-probe-aliases    List available probe aliases.\n"
"   or: stap [options] --dump-functions        List available functions.\n"
"\n"
"Options:\n"
"   --         end of translator options, script options follow\n"
"   -h --help  show help\n"
"   -V --version\n"
"              show version\n"
"   -p NUM     stop after pass NUM 1-5, instead of 5\n"
"              (parse, elaborate, translate, compile, run)\n"
"   -v         add verbosity to all passes\n"
"   --vp {N}+  add per-pass verbosity [%u%u%u%u%u]\n"
"   -k         keep temporary directory\n"
"   -u         unoptimized translation\n"
"   -w         suppress warnings\n"
"   -W         turn warnings into errors\n"
"   -g         guru mode\n"
"   -b         bulk (percpu file) mode\n"
"   -s NUM     buffer size in megabytes\n"
"   -I DIR     look in DIR for additional .stp script files\n"
"   -D NM=VAL  emit macro definition into generated C code\n"
"   -B NM=VAL  pass option to kbuild make\n"
"   --modinfo NM=VAL\n"
"              include a MODULE_INFO(NM,VAL) in the generated C code\n"
"   -G VAR=VAL set global variable to value\n"
"   -R DIR     look in DIR for runtime\n"
"   -r DIR     cross-compile to kernel with given build tree; or else\n"
"   -r RELEASE cross-compile to kernel /lib/modules/RELEASE/build\n"
"   -m MODULE  set probe module name (and leave MODULE.ko here)\n"
"   -o FILE    send script output to file, instead of stdout\n"
"   -e SCRIPT  run given script\n"
"   -E SCRIPT  run the SCRIPT in addition to the main script\n"
"   -c CMD     start the probes, run CMD, and exit when it finishes\n"
"   -x PID     sets target() to PID\n"
"   -t         collect probe timing information\n"
"   -T TIME    terminate the script after TIME seconds\n"
"   -F         run as on-file flight recorder with -o.\n"
"              run as on-memory flight recorder without -o.\n"
"   -S size[,n] set maximum of the size and the number of files.\n"
"   --vm       run pass 5 in a throwaway qemu guest of the target kernel\n"
"              (by default the newest installed kernel with headers)\n"
"   --disable-cache\n"
"              do not use the module cache (~/.systemtap/cache)\n"
"   --poison-cache\n"
"              rebuild modules even if they are in the cache\n"
"   --compatible=VERSION\n"
"              suppress incompatible language/tapset changes beyond VERSION\n"
"   --skip-badvars\n"
"              substitute zero for bad context $variables\n"
"   --suppress-handler-errors\n"
"              catch all runtime errors, quietly skip probe handlers\n"
"   --suppress-time-limits\n"
"              disable -DSTP_OVERLOAD, -DMAXACTION, and -DMAXTRYLOCK limits\n"
"              (needs -g before it)\n"
"   --no-global-var-display\n"
"              do not print the unread global variables at the end\n"
"   --tmpdir=NAME\n"
"              specify name of temporary directory to be used.\n"
"   --clean-cache\n"
"              remove the least recently used modules until the cache\n"
"              fits its cache_mb_limit, and exit\n"
"\n"
"Script arguments after the script are available as $1..$N (raw) and\n"
"@1..@N (as strings); $# and @# give their number.\n",
		STAP_VERSION, STAP_PACKAGE_VERSION, v[0], v[1], v[2], v[3], v[4]);
}

static void try_help(void)
{
	fputs("Try '--help' for more information. [man stap]\n", stderr);
}

/* Upstream checks -m and -G values against these patterns. */
static bool safe_match(const char *opt, const char *val, const char *pattern)
{
	regex_t re;
	bool ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return false;
	ok = regexec(&re, val, 0, NULL, 0) == 0;
	regfree(&re);
	if (!ok)
		fprintf(stderr,
			"ERROR: Safety pattern mismatch for %s parameter ('%s' vs. '%s') rc=1\n",
			opt, val, pattern);
	return ok;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* "4.8" -> 408; false if not of the form MAJOR[.MINOR]. */
static bool parse_version(const char *v, int *out)
{
	int major = 0, minor = 0;
	char *end;

	if (!isdigit((unsigned char)*v))
		return false;
	major = (int)strtol(v, &end, 10);
	if (*end == '.') {
		if (!isdigit((unsigned char)end[1]))
			return false;
		minor = (int)strtol(end + 1, &end, 10);
	}
	if (*end)
		return false;
	*out = major * 100 + minor;
	return true;
}

/* --vp ABCDE: digit N adds to pass N's verbosity (1 to 5 digits). */
static bool add_pass_verbosity(struct session *s, const char *arg)
{
	size_t i, n = strlen(arg);

	for (i = 0; i < n && n <= 5; i++)
		if (!isdigit((unsigned char)arg[i]))
			break;
	if (n < 1 || n > 5 || i < n) {
		fputs("Invalid --vp argument: it takes 1 to 5 digits.\n", stderr);
		return false;
	}
	for (i = 0; i < n; i++)
		s->perpass_verbose[i] += (unsigned)(arg[i] - '0');
	return true;
}

static int do_option(struct session *s, int c, const char *arg)
{
	long v;

	switch (c) {
	case 'e':
		s->script_text = arg;
		break;
	case 'E':
		vec_push(&s->extra_scripts, (void *)arg);
		break;
	case 'p':
		if (!parse_long(arg, 1, 5, &v)) {
			fputs("Invalid pass number (should be 1-5).\n", stderr);
			return 1;
		}
		s->last_pass = (int)v;
		break;
	case 'v':
		for (v = 0; v < 5; v++)
			s->perpass_verbose[v]++;
		break;
	case OPT_VP:
		if (!add_pass_verbosity(s, arg))
			return 1;
		break;
	case 't':
		s->timing = true;
		break;
	case 'B':
		vec_push(&s->kbuild_flags, (void *)arg);
		break;
	case OPT_MODINFO:
		if (!safe_match("--modinfo", arg, "^[a-z_][a-z0-9_]*=.+$"))
			return 1;
		vec_push(&s->modinfo, (void *)arg);
		break;
	case OPT_TMPDIR:
		s->tmpdir_opt = arg;
		break;
	case OPT_SUPPRESS_HANDLER_ERRORS:
		s->suppress_handler_errors = true;
		break;
	case OPT_SUPPRESS_TIME_LIMITS:
		/* Upstream checks -g here, so it must come first. */
		if (!s->guru) {
			fputs("ERROR --suppress-time-limits requires guru mode (-g)\n",
			      stderr);
			return 1;
		}
		s->suppress_time_limits = true;
		break;
	case OPT_NO_GLOBAL_VAR_DISPLAY:
		s->no_global_var_display = true;
		break;
	case OPT_SKIP_BADVARS:
		s->skip_badvars = true;
		break;
	case OPT_CLEAN_CACHE:
		s->clean_cache = true;
		break;
	case 'I':
		vec_push(&s->include_dirs, (void *)arg);
		break;
	case 'D':
		vec_push(&s->defines, (void *)arg);
		break;
	case 'r':
		s->release = arg;
		break;
	case 'a':
		s->arch = arg;
		break;
	case 'R':
		s->runtime_dir = arg;
		break;
	case 'm':
		if (!safe_match("-m", arg, "^[a-z0-9_]+$"))
			return 1;
		s->module_name = arg;
		break;
	case 'k':
		s->keep_tmp = true;
		break;
	case 'g':
		s->guru = true;
		break;
	case 'u':
		s->unoptimized = true;
		break;
	case 'w':
		s->no_warnings = true;
		break;
	case 'W':
		s->warnings_as_errors = true;
		break;
	case 'o':
		s->output_file = arg;
		break;
	case 'c':
		s->cmd = arg;
		break;
	case 'x':
		if (!parse_long(arg, 1, 0x7fffffff, &v)) {
			fputs("Invalid target process ID number.\n", stderr);
			return 1;
		}
		s->target_pid = v;
		break;
	case 'T':
		if (!parse_long(arg, 1, 0x7fffffff, &v)) {
			fputs("Invalid timeout interval.\n", stderr);
			return 1;
		}
		s->timeout_s = v;
		break;
	case 'l':
	case 'L':
		s->list_pattern = arg;
		s->list_vars = c == 'L';
		if (s->last_pass > 2)
			s->last_pass = 2;
		break;
	case 's':
		if (!parse_long(arg, 1, 4095, &v)) {
			fputs("Invalid buffer size (should be 1-4095).\n", stderr);
			return 1;
		}
		s->bufsize_mb = (unsigned)v;
		break;
	case 'b':
		/* The runtime gives each CPU its own output file. */
		if (!s->bulk)
			vec_push(&s->defines, (void *)"STP_BULKMODE");
		s->bulk = true;
		break;
	case 'F':
		s->load_only = true;
		break;
	case 'S':
		if (!safe_match("-S", arg, "^[0-9]+(,[0-9]+)?$"))
			return 1;
		s->size_option = arg;
		break;
	case 'q':
		/* Upstream records hits in an SQLite database; we keep none,
		 * and say so rather than accept the option in silence. */
		fputs("WARNING: -q (tapset coverage database) is not supported; ignored\n",
		      stderr);
		break;
	case 'G':
		if (!safe_match("-G", arg, "^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$"))
			return 1;
		vec_push(&s->set_globals, (void *)arg);
		break;
	case OPT_DISABLE_CACHE:
		s->disable_cache = true;
		break;
	case OPT_POISON_CACHE:
		s->poison_cache = true;
		break;
	case OPT_VM:
		s->use_vm = true;
		break;
	case OPT_DUMP_FUNCTIONS:
		s->dump = DUMP_FUNCTIONS;
		break;
	case OPT_DUMP_PROBE_ALIASES:
		s->dump = DUMP_PROBE_ALIASES;
		break;
	case OPT_DUMP_PROBE_TYPES:
		s->dump = DUMP_PROBE_TYPES;
		break;
	case OPT_COMPATIBLE:
		if (!parse_version(arg, &s->compat) || s->compat > 408) {
			fprintf(stderr,
				"ERROR: systemtap version %s cannot be compatible with future version %s\n",
				STAP_VERSION, arg);
			return 1;
		}
		s->compatible = arg;
		break;
	case OPT_PRIVILEGE:
		if (strcmp(arg, "stapusr") && strcmp(arg, "stapsys") &&
		    strcmp(arg, "stapdev")) {
			fprintf(stderr,
				"Invalid argument '%s' for --privilege.\n", arg);
			return 1;
		}
		s->privilege = arg;
		break;
	case OPT_UNPRIVILEGED:
		s->privilege = "stapusr";
		break;
	case OPT_HELP:
	case 'h':
		usage(stdout, s);
		return 0;
	case OPT_VERSION:
	case 'V':
		printf("Systemtap translator/driver (version %s, SystemTap in C %s)\n"
		       "This is free software; see the source for copying conditions.\n",
		       STAP_VERSION, STAP_PACKAGE_VERSION);
		return 0;
	default:
		try_help();
		return 1;
	}
	return -1;
}

int cmdline_parse(struct session *s, int argc, char **argv)
{
	int c, rc;

	opterr = 1;
	while ((c = getopt_long(argc, argv,
				"hVp:vI:D:B:r:a:R:m:kguwWo:c:x:T:l:L:s:bFS:qte:E:G:",
				long_opts, NULL)) != -1) {
		rc = do_option(s, c == '?' ? 0 : c, optarg);
		if (rc >= 0)
			return rc;
	}
	if ((s->list_pattern || s->dump) && s->script_text) {
		fputs("Cannot specify a script with -l/-L/--dump-* switches.\n", stderr);
		try_help();
		fputs("A message like [man foo] means for more info, run % man foo\n",
		      stderr);
		return 1;
	}
	session_enter_pass(s, 1);
	if (!s->script_text && !s->list_pattern && !s->dump && !s->clean_cache) {
		if (optind >= argc) {
			fputs("A script must be specified.\n", stderr);
			try_help();
			return 1;
		}
		s->script_file = argv[optind++];
	}
	s->args.argv = argv + optind;
	s->args.argc = argc - optind;
	return -1;
}
