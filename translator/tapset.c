// SPDX-License-Identifier: GPL-2.0-or-later
/* tapset.c - the library search path and loading. */
#include "tapset.h"
#include "diag.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Has this file been taken already (the same directory searched twice,
 * through -I or a link)?  Files are told apart by device and inode, as
 * upstream does; files of the same name in different directories are all
 * read (upstream reads both tapset/context.stp and tapset/linux/context.stp,
 * both linux/aux_syscalls.stp and linux/x86_64/aux_syscalls.stp).
 */
static bool seen_file(struct session *s, struct vec *keys, const char *path)
{
	struct stat st;
	char *key;
	size_t i;

	if (stat(path, &st))
		return true;	/* vanished: skip it */
	key = arena_printf(&s->arena, "%llu:%llu", (unsigned long long)st.st_dev,
			   (unsigned long long)st.st_ino);
	for (i = 0; i < keys->len; i++)
		if (!strcmp(keys->items[i], key))
			return true;
	vec_push(keys, key);
	return false;
}

/* Add DIR's files with the given suffix, sorted, skipping known names. */
static void scan_dir(struct session *s, const char *dir, const char *suffix,
		     struct vec *out, struct vec *keys)
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

		if (!seen_file(s, keys, path))
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
	struct vec dirs = { 0 }, mkeys = { 0 }, skeys = { 0 };
	size_t i;

	for (i = 0; i < s->include_dirs.len; i++)
		root_dirs(s, s->include_dirs.items[i], &dirs);
	root_dirs(s, s->tapset_dir, &dirs);
	for (i = 0; i < dirs.len; i++) {
		const char *d = dirs.items[i];

		if (stpm)
			scan_dir(s, d, ".stpm", stpm, &mkeys);
		if (stp)
			scan_dir(s, d, ".stp", stp, &skeys);
	}
	vec_free(&dirs);
	vec_free(&mkeys);
	vec_free(&skeys);
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

/* --- the index ----------------------------------------------------------- */

/* The text of tokens from t up to (not including) a stop operator. */
static const struct token *scan_point_name(struct strbuf *sb,
					   const struct token *t)
{
	for (; t->kind != TOK_EOF; t++) {
		if (t->kind == TOK_OP && (!strcmp(t->text, "=") ||
		    !strcmp(t->text, "+=") || !strcmp(t->text, ",") ||
		    !strcmp(t->text, "{") || !strcmp(t->text, "?") ||
		    !strcmp(t->text, "!")))
			break;
		if (t->kind == TOK_STRING)
			strbuf_addf(sb, "\"%s\"", t->text);
		else
			strbuf_adds(sb, t->text);
	}
	return t;
}

static void add_sym(struct session *s, struct vec *out, char kind,
		    const char *name)
{
	vec_push(out, arena_printf(&s->arena, "%c %s", kind, name));
}

/* global a, b[10], c% = 5 ... : the names. */
static const struct token *scan_globals(struct session *s,
					const struct token *t, bool priv,
					struct vec *out)
{
	while (t->kind == TOK_IDENT) {
		if (!priv)
			add_sym(s, out, 'g', t->text);
		t++;
		while (t->kind == TOK_OP && (!strcmp(t->text, "%") ||
		       !strcmp(t->text, "[") || !strcmp(t->text, "]") ||
		       !strcmp(t->text, "=") || !strcmp(t->text, "-")) ) {
			t++;
			if (t->kind == TOK_NUMBER || t->kind == TOK_STRING)
				t++;
		}
		if (!tok_is_op(t, ","))
			break;
		t++;
	}
	return t;
}

void tapset_scan_text(struct session *s, const char *name, const char *text,
		      struct vec *out)
{
	struct srcfile src = { .name = name, .text = text, .len = strlen(text),
			       .is_tapset = true };
	size_t n;
	const struct token *t = lex_file(&s->arena, &src, NULL, &n);
	bool priv = false;

	while (t->kind != TOK_EOF) {
		if (tok_is_kw(t, "private")) {
			priv = true;
			t++;
			if (t->kind == TOK_IDENT)	/* private x: a global */
				t = scan_globals(s, t, true, out);
			continue;
		}
		if (tok_is_kw(t, "function") && t[1].kind == TOK_IDENT) {
			if (!priv)
				add_sym(s, out, 'f', t[1].text);
			t += 2;
		} else if (tok_is_kw(t, "global")) {
			t = scan_globals(s, t + 1, priv, out);
		} else if (tok_is_kw(t, "probe")) {
			/* probe a = b = point ...: a and b are aliases. */
			for (t++;;) {
				struct strbuf sb = STRBUF_INIT;

				t = scan_point_name(&sb, t);
				if (!tok_is_op(t, "=") && !tok_is_op(t, "+=")) {
					strbuf_release(&sb);
					break;
				}
				add_sym(s, out, 'a', strbuf_str(&sb));
				strbuf_release(&sb);
				t++;
			}
		} else {
			t++;
		}
		if (!tok_is_kw(t, "private"))
			priv = false;
	}
}

struct file_id {
	unsigned long long dev, ino, size, mtime, mtime_ns;
};

static bool file_identity(const char *path, struct file_id *id)
{
	struct stat st;

	if (stat(path, &st))
		return false;
	*id = (struct file_id){ st.st_dev, st.st_ino, (unsigned long long)st.st_size,
		(unsigned long long)st.st_mtim.tv_sec,
		(unsigned long long)st.st_mtim.tv_nsec };
	return true;
}

static const char *cache_path(struct session *s)
{
	const char *dir = getenv("SYSTEMTAP_DIR");
	const char *home = getenv("HOME");

	if (!dir && !home)
		return NULL;
	if (!dir)
		dir = arena_printf(&s->arena, "%s/.systemtap", home);
	return arena_printf(&s->arena, "%s/cache/tapset-index", dir);
}

/*
 * The cache file: "F path dev ino size mtime mtime_ns" lines, each
 * followed by that file's "f name" / "g name" / "a name" lines.  Entries
 * whose identity matches are reused.
 */
struct cached {
	const char *path;
	struct file_id id;
	struct vec syms;	/* "k name" */
};

static void cache_read(struct session *s, const char *path, struct vec *out)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	char line[8192];
	struct cached *c = NULL;

	if (!f)
		return;
	if (!fgets(line, sizeof(line), f) || strcmp(line, "stap-tapset-index 1\n")) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char p[4096];

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == 'F') {
			c = arena_new(&s->arena, struct cached);
			if (sscanf(line, "F %4095s %llu %llu %llu %llu %llu", p,
				   &c->id.dev, &c->id.ino, &c->id.size,
				   &c->id.mtime, &c->id.mtime_ns) != 6) {
				c = NULL;
				continue;
			}
			c->path = arena_strdup(&s->arena, p);
			vec_push(out, c);
		} else if (c && line[0] && line[1] == ' ') {
			vec_push(&c->syms, arena_strdup(&s->arena, line));
		}
	}
	fclose(f);
}

static void cache_write(const char *path, struct cached **v, size_t n)
{
	char *tmp, *slash;
	FILE *f;
	size_t i, j;

	if (!path)
		return;
	tmp = xmalloc(strlen(path) + 32);
	strcpy(tmp, path);
	/* mkdir -p of the two directories above the file. */
	slash = strrchr(tmp, '/');
	*slash = '\0';
	*strrchr(tmp, '/') = '\0';
	mkdir(tmp, 0755);
	tmp[strlen(tmp)] = '/';
	mkdir(tmp, 0755);
	sprintf(tmp, "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (f) {
		fputs("stap-tapset-index 1\n", f);
		for (i = 0; i < n; i++) {
			fprintf(f, "F %s %llu %llu %llu %llu %llu\n", v[i]->path,
				v[i]->id.dev, v[i]->id.ino, v[i]->id.size,
				v[i]->id.mtime, v[i]->id.mtime_ns);
			for (j = 0; j < v[i]->syms.len; j++)
				fprintf(f, "%s\n", (char *)v[i]->syms.items[j]);
		}
		if (fclose(f) == 0)
			rename(tmp, path);
		else
			unlink(tmp);
	}
	free(tmp);
}

/*
 * The cache keeps other runs' files too (another -I, another library),
 * so alternating runs do not rescan each other's; at most CACHE_MAX.
 */
#define CACHE_MAX 20000

static void write_merged(struct session *s, const char *path,
			 struct cached **now, size_t n, struct vec *old)
{
	struct cached **all = arena_alloc(&s->arena,
					  (n + old->len + 1) * sizeof(*all));
	size_t i, j, k = n;

	memcpy(all, now, n * sizeof(*all));
	for (i = 0; i < old->len && k < CACHE_MAX; i++) {
		struct cached *c = old->items[i];

		for (j = 0; j < n && strcmp(now[j]->path, c->path); j++)
			;
		if (j == n)
			all[k++] = c;
	}
	cache_write(path, all, k);
}

static struct cached *find_cached(struct vec *old, const char *path)
{
	size_t i;

	for (i = 0; i < old->len; i++) {
		struct cached *c = old->items[i];

		if (!strcmp(c->path, path))
			return c;
	}
	return NULL;
}

struct tapset_index *tapset_index(struct session *s)
{
	struct tapset_index *idx = s->tindex;
	const char *cpath;
	struct vec old = { 0 }, syms = { 0 };
	struct cached **now;
	size_t i, j, k;

	if (idx)
		return idx;
	idx = s->tindex = arena_new(&s->arena, struct tapset_index);
	tapset_list(s, NULL, &idx->paths);
	cpath = cache_path(s);
	cache_read(s, cpath, &old);
	now = arena_alloc(&s->arena, (idx->paths.len + 1) * sizeof(*now));
	for (i = 0; i < idx->paths.len; i++) {
		const char *p = idx->paths.items[i];
		struct cached *c = find_cached(&old, p);
		struct file_id id = { 0 };

		file_identity(p, &id);
		if (!c || memcmp(&c->id, &id, sizeof(id))) {
			struct srcfile *src = session_load_file(s, p, p);

			c = arena_new(&s->arena, struct cached);
			c->path = p;
			c->id = id;
			if (src)
				tapset_scan_text(s, p, src->text, &c->syms);
			idx->scanned++;
		}
		now[i] = c;
		for (j = 0; j < c->syms.len; j++)
			vec_push(&syms, c->syms.items[j]);
	}
	if (idx->scanned)
		write_merged(s, cpath, now, idx->paths.len, &old);
	idx->syms = arena_alloc(&s->arena, (syms.len + 1) * sizeof(*idx->syms));
	for (i = 0, k = 0; i < idx->paths.len; i++)
		for (j = 0; j < now[i]->syms.len; j++) {
			const char *e = now[i]->syms.items[j];

			idx->syms[k++] = (struct tsym){
				e[0] == 'f' ? TSYM_FUNCTION :
				e[0] == 'g' ? TSYM_GLOBAL : TSYM_ALIAS,
				e + 2, (unsigned)i };
		}
	idx->nsyms = k;
	idx->parsed = arena_alloc(&s->arena, (idx->paths.len + 1) * sizeof(*idx->parsed));
	idx->tried = arena_alloc(&s->arena, (idx->paths.len + 1) * sizeof(*idx->tried));
	for (i = 0; i < old.len; i++)
		vec_free(&((struct cached *)old.items[i])->syms);
	vec_free(&old);
	vec_free(&syms);
	return idx;
}

struct stapfile *tapset_parse_index_file(struct session *s,
					 struct tapset_index *idx, unsigned i)
{
	struct parse_opts o = lib_opts(s);
	struct srcfile *src;
	bool muted = diag.muted;

	if (idx->tried[i])
		return idx->parsed[i];
	idx->tried[i] = true;
	src = session_load_file(s, idx->paths.items[i], idx->paths.items[i]);
	if (!src)
		return NULL;
	src->is_tapset = true;
	/* Upstream squashes library parse errors; so do we. */
	diag.muted = true;
	idx->parsed[i] = parse_file(&s->arena, src, &o);
	diag.muted = muted;
	if (idx->parsed[i]) {
		idx->parsed[i]->is_library = true;
		vec_push(&s->lib_files, idx->parsed[i]);
	}
	return idx->parsed[i];
}
