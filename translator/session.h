/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session.h - everything one stap run knows: options, target kernel,
 * library location, and the arena that owns all parse trees.
 */
#ifndef STAP_SESSION_H
#define STAP_SESSION_H

#include <stdbool.h>

#include "arena.h"
#include "parse.h"
#include "pp.h"

struct program;
struct tapset_index;

#define STAP_VERSION "4.8"		/* the language level we follow */
#define STAP_PACKAGE_VERSION "0.1"	/* this implementation */

struct session {
	struct arena arena;

	/* What to run. */
	const char *script_file;	/* path, "-" for stdin, or NULL */
	const char *script_text;	/* -e SCRIPT */
	struct vec extra_scripts;	/* -E SCRIPT (const char *) */
	struct lex_args args;		/* $1..$N */
	const char *list_pattern;	/* -l / -L */
	bool list_vars;			/* -L */
	enum {
		DUMP_NONE,
		DUMP_FUNCTIONS,		/* --dump-functions */
		DUMP_PROBE_ALIASES,	/* --dump-probe-aliases */
		DUMP_PROBE_TYPES,	/* --dump-probe-types */
	} dump;				/* listing.c */

	/* Options (upstream's meanings). */
	int last_pass;			/* -p, 5 by default */
	unsigned verbose;		/* -v count */
	bool guru;			/* -g */
	bool unoptimized;		/* -u */
	bool no_warnings;		/* -w */
	bool warnings_as_errors;	/* -W */
	bool keep_tmp;			/* -k */
	bool bulk;			/* -b */
	bool load_only;			/* -F */
	const char *size_option;	/* -S SIZE[,N] */
	bool disable_cache;		/* --disable-cache */
	struct vec include_dirs;	/* -I */
	struct vec defines;		/* -D NAME[=VAL] */
	struct vec set_globals;		/* -G VAR=VAL */
	const char *module_name;	/* -m */
	const char *output_file;	/* -o */
	const char *cmd;		/* -c */
	long target_pid;		/* -x */
	long timeout_s;			/* -T */
	unsigned bufsize_mb;		/* -s */
	const char *compatible;		/* --compatible, "4.8" by default */
	int compat;			/* the same as major*100+minor */
	const char *privilege;		/* stapdev, stapsys, stapusr */
	unsigned perpass_verbose[5];	/* -v and --vp, per pass 1-5 */
	bool timing;			/* -t: probe timing report */
	bool suppress_handler_errors;	/* --suppress-handler-errors */
	bool suppress_time_limits;	/* --suppress-time-limits */
	bool no_global_var_display;	/* --no-global-var-display */
	bool skip_badvars;		/* --skip-badvars */
	bool clean_cache;		/* --clean-cache: prune, exit */
	struct vec kbuild_flags;	/* -B NAME=VAL, for make */
	struct vec modinfo;		/* --modinfo NAME=VAL */
	const char *tmpdir_opt;		/* --tmpdir=DIR: work there, keep it */

	/* Target kernel. */
	const char *release;		/* "6.1.0-56-amd64" */
	const char *kernel_base;	/* "6.1.0" */
	const char *build_dir;		/* /lib/modules/REL/build */
	const char *arch;		/* "x86_64" */
	struct vec kconfig;		/* "CONFIG_X=value" lines, loaded lazily */
	bool kconfig_loaded;

	/* Where the library lives. */
	const char *tapset_dir;
	const char *runtime_dir;

	struct pp_env pp_env;
	struct macro_table lib_macros;
	struct vec user_files;		/* struct stapfile *, user script(s) */
	struct vec lib_files;		/* struct stapfile *, library */

	struct tapset_index *tindex;	/* tapset.h, built on first use */

	/* Pass 2's result (elab.h), NULL before pass 2. */
	struct program *prog;

	/* Passes 3-5 (build.c, cache.c, run.c). */
	bool use_vm;			/* --vm: run pass 5 in a qemu guest */
	bool poison_cache;		/* --poison-cache */
	const char *exe_dir;		/* where this stap binary lives */
	const char *tmpdir;		/* /tmp/stapXXXXXX */
	const char *modname;		/* the module's name (-m, or chosen) */
	const char *c_path;		/* pass 3's output */
	const char *module_path;	/* pass 4's output, the .ko */
	char cache_key[65];		/* hex SHA-256; "" when not caching */
};

void session_init(struct session *s);
void session_release(struct session *s);

/*
 * Fill in the target kernel (from -r or the running one), the library
 * paths and the preprocessor environment.  Returns false on a fatal
 * error, already reported.
 */
bool session_setup(struct session *s, const char *argv0);

/*
 * Pass N (1-5) starts: its verbosity (-v plus the Nth digit of --vp,
 * upstream's perpass_verbose) becomes s->verbose and diag.verbose.
 */
void session_enter_pass(struct session *s, int pass);

/* Read a whole file into the arena; NULL (errno set) on failure. */
struct srcfile *session_load_file(struct session *s, const char *path,
				  const char *name);

#endif
