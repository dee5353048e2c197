/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tapset.h - finding and reading the script library.
 *
 * The search path is upstream's: for each -I directory and then the
 * library directory, the kernel-version and arch specific subdirectories
 * first (linux/6.1.0-56-amd64/x86_64 ... linux, then the same without
 * linux/), the directory itself last.  Every file found is part of the
 * library (a file reached twice, by device and inode, counts once).
 */
#ifndef STAP_TAPSET_H
#define STAP_TAPSET_H

#include <stdbool.h>

#include "session.h"

/* The library files in search order: .stpm files, then .stp files. */
void tapset_list(struct session *s, struct vec *stpm, struct vec *stp);

/* Parse every .stpm file into s->lib_macros. */
bool tapset_load_macros(struct session *s);

/* Parse every .stp library file into s->lib_files (for -vp1). */
bool tapset_parse_all(struct session *s);

/*
 * The library index: which file defines which (public) function, global
 * and probe alias, so pass 2 parses only the files a script needs.
 *
 * It comes from a token scan of each file that ignores preprocessor
 * conditionals, so it may name a file that turns out not to define the
 * symbol under the current kernel; callers parse the file and look again.
 * Scans are cached in $SYSTEMTAP_DIR/cache/tapset-index (default
 * ~/.systemtap), one entry per file keyed by path, device, inode, size and
 * modification time; a changed or new file is rescanned, the rest are
 * taken from the cache.  Private symbols are not indexed: only their own
 * file can use them.
 */
enum tsym_kind {
	TSYM_FUNCTION,
	TSYM_GLOBAL,
	TSYM_ALIAS,
};

struct tsym {
	enum tsym_kind kind;
	const char *name;	/* alias: the dotted name, "timer.profile" */
	unsigned file;		/* index into tapset_index.paths */
};

struct tapset_index {
	struct vec paths;	/* const char *: .stp files, search order */
	struct tsym *syms;
	size_t nsyms;
	struct stapfile **parsed;	/* per path: parsed file, or NULL */
	bool *tried;		/* per path: parse attempted */
	unsigned scanned;	/* files scanned this run (cache misses) */
};

/* Build (or load) the index for s's library path; cached in s. */
struct tapset_index *tapset_index(struct session *s);

/* Scan one file's text for definitions (exposed for the unit test). */
void tapset_scan_text(struct session *s, const char *name, const char *text,
		      struct vec *out_kinds_names);

/*
 * Parse library file number i of the index (once; later calls return the
 * same tree, or NULL if it failed to parse).
 */
struct stapfile *tapset_parse_index_file(struct session *s,
					 struct tapset_index *idx, unsigned i);

#endif
