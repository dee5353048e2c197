// SPDX-License-Identifier: GPL-2.0-or-later
/* tapset.c - the library search path and loading. */
#include "tapset.h"
#include "diag.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool seen_name(const struct vec *v, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; i < v->len; i++) {
		const char *o = strrchr(v->items[i], '/');

		if (!strcmp(o ? o + 1 : v->items[i], base))
			return true;
	}
	return false;
}

/* Add DIR's files with the given suffix, sorted, skipping known names. */
static void scan_dir(struct session *s, const char *dir, const char *suffix,
		     struct vec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct vec names = { 0 };
	size_t i;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, suffix))
			vec_push(&names, arena_strdup(&s->arena, de->d_name));
	closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), cmp_str);
	for (i = 0; i < names.len; i++) {
		char *path = arena_printf(&s->arena, "%s/%s", dir,
					  (char *)names.items[i]);

		if (!seen_name(out, path))
			vec_push(out, path);
	}
	vec_free(&names);
}

/* All directories to scan under one include root, in order. */
static void root_dirs(struct session *s, const char *root, struct vec *dirs)
{
	static const char *const prefixes[] = { "/linux", "" };
	size_t p;

	for (p = 0; p < 2; p++) {
		char *base = arena_printf(&s->arena, "%s%s", root, prefixes[p]);
		char *ver = arena_strdup(&s->arena, s->release);
		char *kv = arena_strdup(&s->arena, s->kernel_base), *dot;

		vec_push(dirs, arena_printf(&s->arena, "%s/%s/%s", base, ver, s->arch));
		vec_push(dirs, arena_printf(&s->arena, "%s/%s", base, ver));
		for (;;) {
			vec_push(dirs, arena_printf(&s->arena, "%s/%s/%s", base, kv, s->arch));
			vec_push(dirs, arena_printf(&s->arena, "%s/%s", base, kv));
			dot = strrchr(kv, '.');
			if (!dot || !strchr(kv, '.') || dot == strchr(kv, '.'))
				break;
			*dot = '\0';
		}
		vec_push(dirs, arena_printf(&s->arena, "%s/%s", base, s->arch));
		vec_push(dirs, base);
	}
}

void tapset_list(struct session *s, struct vec *stpm, struct vec *stp)
{
	struct vec dirs = { 0 };
	size_t i;

	for (i = 0; i < s->include_dirs.len; i++)
		root_dirs(s, s->include_dirs.items[i], &dirs);
	root_dirs(s, s->tapset_dir, &dirs);
	for (i = 0; i < dirs.len; i++) {
		if (stpm)
			scan_dir(s, dirs.items[i], ".stpm", stpm);
		if (stp)
			scan_dir(s, dirs.items[i], ".stp", stp);
	}
	vec_free(&dirs);
}

static struct parse_opts lib_opts(struct session *s)
{
	return (struct parse_opts){
		.env = &s->pp_env,
		.lib_macros = &s->lib_macros,
		.privileged = true,
		.compat = s->compat,
	};
}

bool tapset_load_macros(struct session *s)
{
	struct vec files = { 0 };
	struct parse_opts o = lib_opts(s);
	bool ok = true;
	size_t i;

	tapset_list(s, &files, NULL);
	for (i = 0; i < files.len; i++) {
		struct srcfile *src = session_load_file(s, files.items[i],
							files.items[i]);

		if (src) {
			src->is_tapset = true;
			ok &= parse_macro_file(&s->arena, src, &o, &s->lib_macros);
		}
	}
	vec_free(&files);
	return ok;
}

bool tapset_parse_all(struct session *s)
{
	struct vec files = { 0 };
	struct parse_opts o = lib_opts(s);
	bool ok = true;
	size_t i;

	tapset_list(s, NULL, &files);
	for (i = 0; i < files.len; i++) {
		struct srcfile *src = session_load_file(s, files.items[i],
							files.items[i]);
		struct stapfile *f;

		if (!src)
			continue;
		src->is_tapset = true;
		f = parse_file(&s->arena, src, &o);
		if (f)
			vec_push(&s->lib_files, f);
		else
			ok = false;
	}
	vec_free(&files);
	return ok;
}
