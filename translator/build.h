/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * build.h - pass 4: compile the generated C into a kernel module with the
 * target kernel's kbuild, and the work directory that passes 3-5 share.
 */
#ifndef STAP_BUILD_H
#define STAP_BUILD_H

#include <stdbool.h>

#include "session.h"

/* Create the temporary work directory s->tmpdir (/tmp/stapXXXXXX). */
bool build_make_tmpdir(struct session *s);

/* Remove it, or with -k say where it was kept. */
void build_remove_tmpdir(struct session *s);

/*
 * Is there a usable build tree for the target release?  If not, say so
 * in one message naming what is installed and what to install.
 */
bool build_check_tree(struct session *s);

/*
 * Compile s->c_path (in s->tmpdir) into s->tmpdir/MODULE.ko and set
 * s->module_path.  Compiler errors go to stderr as make prints them.
 */
bool build_module(struct session *s);

/* Copy a file, replacing DST atomically; false (errno set) on failure. */
bool build_copy_file(const char *src, const char *dst);

#endif
