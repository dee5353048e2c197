/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tapset.h - finding and reading the script library.
 *
 * The search path is upstream's: for each -I directory and then the
 * library directory, the kernel-version and arch specific subdirectories
 * first (linux/6.1.0-56-amd64/x86_64 ... linux, then the same without
 * linux/), the directory itself last.  The first file with a given name
 * wins.
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

#endif
