/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cache.h - the module cache: built modules keyed by a hash of everything
 * that shaped them, so a rerun skips passes 3 and 4.
 *
 * Location: $SYSTEMTAP_DIR/cache, else ~/.systemtap/cache.  Entries are
 * HH/stap_HASH.c and HH/stap_HASH.ko (HH = the hash's first two hex
 * digits).  The size bound is DIR/cache_mb_limit in MiB (default 256), as
 * upstream; the least recently used entries go first.
 */
#ifndef STAP_CACHE_H
#define STAP_CACHE_H

#include <stdbool.h>

#include "session.h"

/*
 * Decide whether this run uses the cache (not with --disable-cache, -m or
 * an unusable cache directory); if so, compute s->cache_key and name the
 * module after it.  Call after pass 2.
 */
bool cache_prepare(struct session *s);

/* A hit sets s->c_path and s->module_path to the cached files. */
bool cache_lookup(struct session *s);

/* Store s->c_path and s->module_path; then keep the cache in its bound. */
void cache_store(struct session *s);

/*
 * --clean-cache: bring the cache within its bound now (creating the
 * directory if need be) and return the exit status, 0.
 */
int cache_clean_command(struct session *s);

#endif
