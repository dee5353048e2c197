// SPDX-License-Identifier: GPL-2.0-or-later
/* session.c - target kernel discovery and library paths. */
#include "session.h"
#include "diag.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef STAP_PKGDATADIR	/* set by the Makefile from ./configure's datadir */
#define STAP_PKGDATADIR "/usr/local/share/systemtap"
#endif

void session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
	arena_init(&s->arena);
	s->last_pass = 5;
	s->target_pid = 0;
	s->timeout_s = 0;
	s->bufsize_mb = 0;
	s->compatible = STAP_VERSION;
	s->compat = 408;
}

void session_release(struct session *s)
{
	vec_free(&s->extra_scripts);
	vec_free(&s->include_dirs);
	vec_free(&s->defines);
	vec_free(&s->set_globals);
	vec_free(&s->kbuild_flags);
	vec_free(&s->modinfo);
	vec_free(&s->kconfig);
	vec_free(&s->lib_macros.macros);
	vec_free(&s->user_files);
	vec_free(&s->lib_files);
	arena_release(&s->arena);
}

void session_enter_pass(struct session *s, int pass)
{
	s->verbose = s->perpass_verbose[pass - 1];
	diag.verbose = s->verbose;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The whole contents of f, NUL-terminated, in the arena.  A regular file
 * is read in one go, straight into place (big scripts are read once, not
 * copied twice).
 */
static char *read_all(struct session *s, FILE *f, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char buf[65536], *text;
	size_t n;

	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		text = arena_alloc_raw(&s->arena, (size_t)st.st_size + 1);
		*len = fread(text, 1, (size_t)st.st_size, f);
		text[*len] = '\0';
		return text;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	text = arena_strndup(&s->arena, strbuf_str(&sb), sb.len);
	*len = sb.len;
	strbuf_release(&sb);
	return text;
}

struct srcfile *session_load_file(struct session *s, const char *path,
				  const char *name)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct srcfile *src;

	if (!f)
		return NULL;
	src = arena_new(&s->arena, struct srcfile);
	src->name = arena_strdup(&s->arena, name);
	src->text = read_all(s, f, &src->len);
	if (f != stdin)
		fclose(f);
	return src;
}

/* Read a one-line file, trimmed; NULL if missing. */
static char *read_line_file(struct session *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[256];

	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return arena_strdup(&s->arena, buf);
}

/*
 * With --vm and no -r, the target is the guest's kernel: the newest
 * release that has both a kernel image in /boot and a build tree.
 */
static const char *guest_release(struct session *s)
{
	DIR *d = opendir("/lib/modules");
	struct dirent *e;
	const char *best = NULL;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    (best && strverscmp(e->d_name, best) <= 0))
			continue;
		if (access(arena_printf(&s->arena, "/boot/vmlinuz-%s", e->d_name), R_OK) ||
		    !is_dir(arena_printf(&s->arena, "/lib/modules/%s/build", e->d_name)))
			continue;
		best = arena_strdup(&s->arena, e->d_name);
	}
	if (d)
		closedir(d);
	return best;
}

/* -r accepts a release or a build directory, as upstream does. */
static void find_kernel(struct session *s)
{
	struct utsname u;
	const char *r = s->release;
	char *dash;

	uname(&u);
	if (!s->arch)
		s->arch = arena_strdup(&s->arena, u.machine);
	if (!r)
		r = getenv("SYSTEMTAP_RELEASE");
	if (!r && s->use_vm)
		r = guest_release(s);
	if (r && strchr(r, '/')) {
		s->build_dir = r;
		r = read_line_file(s, arena_printf(&s->arena,
				"%s/include/config/kernel.release", r));
		if (!r)
			r = u.release;
	} else {
		if (!r)
			r = u.release;
		s->build_dir = arena_printf(&s->arena, "/lib/modules/%s/build", r);
	}
	s->release = arena_strdup(&s->arena, r);
	s->kernel_base = arena_strdup(&s->arena, r);
	dash = strchr(s->kernel_base, '-');
	if (dash)
		*dash = '\0';
}

/* The kernel's .config, read on first use (only CONFIG_ tests need it). */
static const char *kconfig_lookup(void *ctx, const char *name)
{
	struct session *s = ctx;
	size_t i, n = strlen(name);

	if (!s->kconfig_loaded) {
		char *path = arena_printf(&s->arena, "%s/.config", s->build_dir);
		FILE *f = fopen(path, "r");
		char *text, *line, *end, *nl, *cr;
		size_t len = 0;

		s->kconfig_loaded = true;
		/* Read at once and split in place: .config has 10000 lines. */
		text = f ? read_all(s, f, &len) : "";
		for (line = text, end = text + len; line < end; line = nl + 1) {
			nl = memchr(line, '\n', (size_t)(end - line));
			if (!nl)
				nl = end;
			*nl = '\0';
			cr = memchr(line, '\r', (size_t)(nl - line));
			if (cr)
				*cr = '\0';
			if (!strncmp(line, "CONFIG_", 7) && strchr(line, '='))
				vec_push(&s->kconfig, line);
		}
		if (f)
			fclose(f);
	}
	for (i = 0; i < s->kconfig.len; i++) {
		const char *l = s->kconfig.items[i];

		/* Every line starts "CONFIG_": compare from there. */
		if (l[7] == name[7] && !strncmp(l, name, n) && l[n] == '=')
			return l + n + 1;
	}
	return NULL;
}

/*
 * The build tree's ./stap finds ./tapset and ./runtime beside it; an
 * installed one looks in $(datadir)/systemtap.  Environment overrides win.
 */
static void find_library(struct session *s, const char *argv0)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base;

	if (n <= 0) {
		snprintf(exe, sizeof(exe), "%s", argv0);
		n = (ssize_t)strlen(exe);
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(exe, sizeof(exe), ".");
	s->exe_dir = arena_strdup(&s->arena, exe);
	if (is_dir(arena_printf(&s->arena, "%s/translator", exe)) &&
	    is_dir(arena_printf(&s->arena, "%s/tapset", exe)))
		base = arena_strdup(&s->arena, exe);
	else
		base = STAP_PKGDATADIR;
	s->tapset_dir = getenv("SYSTEMTAP_TAPSET");
	if (!s->tapset_dir)
		s->tapset_dir = arena_printf(&s->arena, "%s/tapset", base);
	if (!s->runtime_dir)
		s->runtime_dir = getenv("SYSTEMTAP_RUNTIME");
	if (!s->runtime_dir)
		s->runtime_dir = arena_printf(&s->arena, "%s/runtime", base);
}

bool session_setup(struct session *s, const char *argv0)
{
	find_kernel(s);
	find_library(s, argv0);
	if (!s->privilege)
		s->privilege = "stapdev";
	s->pp_env = (struct pp_env){
		.kernel_v = s->kernel_base,
		.kernel_vr = s->release,
		.arch = s->arch,
		.runtime = "kernel",
		.systemtap_v = s->compatible,
		.privilege = s->privilege,
		.guru = s->guru,
		.config = kconfig_lookup,
		.config_ctx = s,
	};
	return true;
}
