// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cache.c - the module cache.
 *
 * The key is a SHA-256 over everything passes 1-4 depend on: this stap
 * binary, the runtime and library files (by path, size and mtime - cheap,
 * and any edit or reinstall changes them), the user's script text and
 * arguments, the options that change the generated C, and the target
 * kernel's build tree.  Options that only matter at run time (-o, -c, -x,
 * -G, -s) are passed to staprun and are not part of the key.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ast.h"
#include "build.h"
#include "sha256.h"
#include "tapset.h"

#define CACHE_DEFAULT_MB 256

static const char *cache_dir(struct session *s)
{
	const char *dir = getenv("SYSTEMTAP_DIR");
	const char *home = getenv("HOME");

	if (dir && *dir)
		return arena_printf(&s->arena, "%s/cache", dir);
	if (home && *home)
		return arena_printf(&s->arena, "%s/.systemtap/cache", home);
	return NULL;
}

/* mkdir -p, for the cache's own few levels. */
static bool make_dirs(const char *path)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return false;
		*p = '/';
	}
	return !mkdir(buf, 0755) || errno == EEXIST;
}

/* A file's identity: path, size and modification time; "-" if absent. */
static void hash_stat(struct sha256 *h, const char *path)
{
	struct stat st;
	char buf[128];

	sha256_str(h, path);
	if (stat(path, &st)) {
		sha256_str(h, "-");
		return;
	}
	snprintf(buf, sizeof(buf), "%lld %lld.%09ld", (long long)st.st_size,
		 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	sha256_str(h, buf);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file under DIR, in sorted order, by identity. */
static void hash_tree(struct session *s, struct sha256 *h, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct vec names = { 0 };
	size_t i;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			vec_push(&names, arena_strdup(&s->arena, e->d_name));
	if (d)
		closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), cmp_str);
	for (i = 0; i < names.len; i++) {
		char *path = arena_printf(&s->arena, "%s/%s", dir,
					  (char *)names.items[i]);
		struct stat st;

		if (!stat(path, &st) && S_ISDIR(st.st_mode))
			hash_tree(s, h, path);
		else
			hash_stat(h, path);
	}
	vec_free(&names);
}

static void hash_strings(struct sha256 *h, const char *what, const struct vec *v)
{
	size_t i;

	sha256_str(h, what);
	for (i = 0; i < v->len; i++)
		sha256_str(h, v->items[i]);
}

static void hash_user_script(struct session *s, struct sha256 *h)
{
	size_t i;
	int a;

	for (i = 0; i < s->user_files.len; i++) {
		const struct stapfile *f = s->user_files.items[i];

		sha256_str(h, f->src->name);
		sha256_update(h, f->src->text, f->src->len);
	}
	sha256_str(h, "args");
	for (a = 0; a < s->args.argc; a++)
		sha256_str(h, s->args.argv[a]);
}

static void hash_library(struct session *s, struct sha256 *h)
{
	struct vec stpm = { 0 }, stp = { 0 };
	size_t i;

	tapset_list(s, &stpm, &stp);
	for (i = 0; i < stpm.len; i++)
		hash_stat(h, stpm.items[i]);
	for (i = 0; i < stp.len; i++)
		hash_stat(h, stp.items[i]);
	vec_free(&stpm);
	vec_free(&stp);
	hash_strings(h, "-I", &s->include_dirs);
}

static void hash_kernel(struct session *s, struct sha256 *h)
{
	static const char *const files[] = {
		".config", "Module.symvers", "Makefile",
		"include/generated/utsrelease.h", "include/generated/autoconf.h",
	};
	size_t i;

	sha256_str(h, s->release);
	sha256_str(h, s->arch);
	sha256_str(h, s->build_dir);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		hash_stat(h, arena_printf(&s->arena, "%s/%s", s->build_dir, files[i]));
}

static void hash_options(struct session *s, struct sha256 *h)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "g%d u%d b%d T%ld compat%d %s",
		 s->guru, s->unoptimized, s->bulk, s->timeout_s,
		 s->compat, s->privilege ? s->privilege : "");
	sha256_str(h, buf);
	/* -t, --suppress-*, --no-global-var-display, --skip-badvars. */
	snprintf(buf, sizeof(buf), "t%d she%d stl%d ngvd%d sb%d", s->timing,
		 s->suppress_handler_errors, s->suppress_time_limits,
		 s->no_global_var_display, s->skip_badvars);
	sha256_str(h, buf);
	hash_strings(h, "-D", &s->defines);
	hash_strings(h, "-B", &s->kbuild_flags);
	hash_strings(h, "--modinfo", &s->modinfo);
}

bool cache_prepare(struct session *s)
{
	struct sha256 h;
	const char *dir;

	s->cache_key[0] = '\0';
	if (s->disable_cache || s->module_name)
		return false;
	dir = cache_dir(s);
	if (!dir || !make_dirs(dir))
		return false;
	sha256_init(&h);
	sha256_str(&h, "stap-in-c module cache 1 " STAP_PACKAGE_VERSION);
	hash_stat(&h, "/proc/self/exe");
	hash_tree(s, &h, s->runtime_dir);
	hash_library(s, &h);
	hash_user_script(s, &h);
	hash_kernel(s, &h);
	hash_options(s, &h);
	sha256_hex(&h, s->cache_key);
	s->modname = arena_printf(&s->arena, "stap_%.32s", s->cache_key);
	return true;
}

static char *entry_path(struct session *s, const char *ext)
{
	return arena_printf(&s->arena, "%s/%.2s/%s%s", cache_dir(s),
			    s->cache_key, s->modname, ext);
}

bool cache_lookup(struct session *s)
{
	char *c = entry_path(s, ".c"), *ko = entry_path(s, ".ko");

	if (!s->cache_key[0] || s->poison_cache ||
	    access(c, R_OK) || access(ko, R_OK))
		return false;
	/* The mtime records use, for the least-recently-used bound. */
	utimensat(AT_FDCWD, ko, NULL, 0);
	s->c_path = c;
	s->module_path = ko;
	return true;
}

struct entry {
	char *path;
	off_t size;
	time_t mtime;
};

static int cmp_age(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

static long limit_mb(struct session *s)
{
	FILE *f = fopen(arena_printf(&s->arena, "%s/cache_mb_limit", cache_dir(s)), "r");
	long mb = CACHE_DEFAULT_MB;

	if (f) {
		if (fscanf(f, "%ld", &mb) != 1 || mb < 0)
			mb = CACHE_DEFAULT_MB;
		fclose(f);
	}
	return mb;
}

/* Collect DIR/HH/stap_*.ko entries with their size (.c included). */
static void collect(struct session *s, struct entry **v, size_t *n, size_t *cap)
{
	DIR *top = opendir(cache_dir(s)), *sub;
	struct dirent *e, *f;

	while (top && (e = readdir(top))) {
		char *dir = arena_printf(&s->arena, "%s/%s", cache_dir(s), e->d_name);

		if (strlen(e->d_name) != 2 || !(sub = opendir(dir)))
			continue;
		while ((f = readdir(sub))) {
			size_t len = strlen(f->d_name);
			struct stat st, stc;
			char *ko = arena_printf(&s->arena, "%s/%s", dir, f->d_name);

			if (len < 4 || strcmp(f->d_name + len - 3, ".ko") || stat(ko, &st))
				continue;
			if (*n == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*v = realloc(*v, *cap * sizeof(**v));
				if (!*v)
					abort();
			}
			(*v)[*n].path = ko;
			(*v)[*n].size = st.st_size;
			(*v)[*n].mtime = st.st_mtime;
			ko[strlen(ko) - 3] = '\0';
			if (!stat(arena_printf(&s->arena, "%s.c", ko), &stc))
				(*v)[*n].size += stc.st_size;
			(*n)++;
		}
		closedir(sub);
	}
	if (top)
		closedir(top);
}

/* Remove least recently used entries until the cache fits its bound. */
static void clean(struct session *s)
{
	struct entry *v = NULL;
	size_t n = 0, cap = 0, i;
	long long total = 0, limit = (long long)limit_mb(s) << 20;

	collect(s, &v, &n, &cap);
	for (i = 0; i < n; i++)
		total += v[i].size;
	if (total > limit) {
		qsort(v, n, sizeof(*v), cmp_age);
		for (i = 0; i < n && total > limit; i++) {
			unlink(arena_printf(&s->arena, "%s.ko", v[i].path));
			unlink(arena_printf(&s->arena, "%s.c", v[i].path));
			total -= v[i].size;
			if (s->verbose > 1)
				fprintf(stderr, "Cache cleaning: removed %s.ko\n", v[i].path);
		}
	}
	free(v);
}

void cache_store(struct session *s)
{
	char *dir, *c, *ko;

	if (!s->cache_key[0])
		return;
	dir = arena_printf(&s->arena, "%s/%.2s", cache_dir(s), s->cache_key);
	c = entry_path(s, ".c");
	ko = entry_path(s, ".ko");
	/* The .c goes last: lookup wants both, so a half-written pair misses. */
	if (!make_dirs(dir) || !build_copy_file(s->module_path, ko) ||
	    !build_copy_file(s->c_path, c)) {
		if (s->verbose)
			fprintf(stderr, "Warning: failed to store the module in the cache \"%s\"\n",
				dir);
		return;
	}
	if (s->verbose > 1)
		fprintf(stderr, "Copied \"%s\" to \"%s\"\n", s->module_path, ko);
	s->module_path = ko;
	s->c_path = c;
	clean(s);
}

int cache_clean_command(struct session *s)
{
	const char *dir = cache_dir(s);

	if (dir && make_dirs(dir))
		clean(s);
	return 0;
}
