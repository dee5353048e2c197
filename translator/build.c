// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * build.c - pass 4: kbuild.
 *
 * The generated C is one file, MODULE_src.c, in the work directory.  We
 * write a Kbuild file beside it and run the target kernel's own build
 * system on it, as every out-of-tree module is built:
 *
 *     make -C /lib/modules/REL/build M=TMPDIR modules
 *
 * Unlike upstream we run no per-kernel battery of feature-test compiles:
 * the runtime picks kernel APIs from the headers (LINUX_VERSION_CODE and
 * the kernel's own config macros) while it compiles, which costs nothing.
 * Debug info and BTF are switched off: the module needs neither, and
 * they are most of the compile time.
 */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * --tmpdir=DIR: work in DIR itself, as upstream; it is the user's, so it
 * must exist and is left in place afterwards, with what we wrote in it.
 */
static bool use_given_tmpdir(struct session *s)
{
	if (!is_dir(s->tmpdir_opt)) {
		fprintf(stderr, "ERROR: --tmpdir \"%s\" is not a directory\n",
			s->tmpdir_opt);
		return false;
	}
	s->tmpdir = s->tmpdir_opt;
	if (s->verbose > 1)
		fprintf(stderr, "Created temporary directory \"%s\"\n", s->tmpdir);
	return true;
}

bool build_make_tmpdir(struct session *s)
{
	const char *base = getenv("TMPDIR");
	char *path = arena_printf(&s->arena, "%s/stapXXXXXX",
				  base && *base ? base : "/tmp");

	if (s->tmpdir_opt)
		return use_given_tmpdir(s);
	if (!mkdtemp(path)) {
		fprintf(stderr, "ERROR: cannot create temporary directory \"%s\": %s\n",
			path, strerror(errno));
		return false;
	}
	s->tmpdir = path;
	if (s->verbose > 1)
		fprintf(stderr, "Created temporary directory \"%s\"\n", path);
	return true;
}

/* rm -r, without following symlinks out of the tree. */
static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char sub[4096];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (!lstat(sub, &st) && S_ISDIR(st.st_mode))
			remove_tree(sub);
		else
			unlink(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

void build_remove_tmpdir(struct session *s)
{
	/* A --tmpdir directory is the user's: it stays, silently. */
	if (!s->tmpdir || s->tmpdir_opt) {
		s->tmpdir = NULL;
		return;
	}
	if (s->keep_tmp)
		fprintf(stderr, "Keeping temporary directory \"%s\"\n", s->tmpdir);
	else
		remove_tree(s->tmpdir);
	s->tmpdir = NULL;
}

/* The releases under /lib/modules that have a build tree, comma-separated. */
static char *installed_trees(struct session *s)
{
	struct strbuf sb = STRBUF_INIT;
	DIR *d = opendir("/lib/modules");
	struct dirent *e;
	char *out;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    !is_dir(arena_printf(&s->arena, "/lib/modules/%s/build", e->d_name)))
			continue;
		if (sb.len)
			strbuf_adds(&sb, ", ");
		strbuf_adds(&sb, e->d_name);
	}
	if (d)
		closedir(d);
	out = arena_strdup(&s->arena, sb.len ? sb.buf : "none");
	strbuf_release(&sb);
	return out;
}

/*
 * The release a build tree was made for, or NULL: UTS_RELEASE of its
 * utsrelease.h (Debian's include/config/kernel.release holds the
 * upstream version, not the package's release).
 */
static char *tree_release(struct session *s)
{
	char buf[512], rel[256];
	FILE *f = fopen(arena_printf(&s->arena, "%s/include/generated/utsrelease.h",
				     s->build_dir), "r");
	char *r = NULL;

	while (f && !r && fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "#define UTS_RELEASE \"%255[^\"]\"", rel) == 1)
			r = arena_strdup(&s->arena, rel);
	if (f)
		fclose(f);
	return r;
}

bool build_check_tree(struct session *s)
{
	struct utsname u;
	const char *tree;

	uname(&u);
	if (!is_dir(s->build_dir) ||
	    access(arena_printf(&s->arena, "%s/Makefile", s->build_dir), R_OK)) {
		fprintf(stderr,
			"ERROR: no kernel build tree for %s%s: \"%s\" is missing.\n"
			"Build trees are installed for: %s.\n"
			"Install the headers for %s with: apt-get install linux-headers-%s\n"
			"or target an installed kernel with -r RELEASE%s.\n",
			s->release,
			strcmp(s->release, u.release) ? "" : " (the running kernel)",
			s->build_dir, installed_trees(s), s->release, s->release,
			s->use_vm ? "" : " (and --vm to run it in a guest)");
		return false;
	}
	tree = tree_release(s);
	if (tree && strcmp(tree, s->release)) {
		fprintf(stderr,
			"ERROR: the build tree \"%s\" is for kernel %s, not %s.\n"
			"Install the matching headers with: apt-get install linux-headers-%s\n",
			s->build_dir, tree, s->release, s->release);
		return false;
	}
	return true;
}

/* Append ARG to a Makefile line, quoted for the shell, '$' escaped for make. */
static void add_shell_word(struct strbuf *sb, const char *arg)
{
	const char *p;

	strbuf_addc(sb, ' ');
	strbuf_addc(sb, '\'');
	for (p = arg; *p; p++) {
		if (*p == '\'')
			strbuf_adds(sb, "'\\''");
		else if (*p == '$')
			strbuf_adds(sb, "$$");
		else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '\'');
}

static bool write_kbuild(struct session *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = arena_printf(&s->arena, "%s/Kbuild", s->tmpdir);
	FILE *f = fopen(path, "w");
	size_t i;
	bool ok;

	if (!f) {
		fprintf(stderr, "ERROR: cannot write \"%s\": %s\n", path, strerror(errno));
		return false;
	}
	strbuf_adds(&sb, "ccflags-y :=");
	add_shell_word(&sb, arena_printf(&s->arena, "-I%s", s->runtime_dir));
	for (i = 0; i < s->defines.len; i++)
		add_shell_word(&sb, arena_printf(&s->arena, "-D%s",
						 (const char *)s->defines.items[i]));
	fprintf(f, "# Generated by stap: the module of one script.\n"
		"obj-m := %s.o\n%s-y := %s_src.o\n%s\n",
		s->modname, s->modname, s->modname, sb.buf);
	strbuf_release(&sb);
	ok = !ferror(f);
	if (fclose(f) || !ok) {
		fprintf(stderr, "ERROR: cannot write \"%s\"\n", path);
		return false;
	}
	return true;
}

/*
 * Run make in the child; stdout goes to our stderr (stdout is the user's).
 * The -B NAME=VAL words go last, as upstream passes them, so they can
 * override ours.
 */
static int run_make(struct session *s)
{
	const char **argv = calloc(16 + s->kbuild_flags.len, sizeof(*argv));
	int n = 0, status;
	size_t i;
	pid_t pid;

	if (!argv)
		return -1;

	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = s->build_dir;
	argv[n++] = arena_printf(&s->arena, "M=%s", s->tmpdir);
	argv[n++] = "modules";
	argv[n++] = "-j2";
	argv[n++] = "CONFIG_DEBUG_INFO=";
	argv[n++] = "CONFIG_DEBUG_INFO_BTF_MODULES=";
	if (s->verbose > 1)
		argv[n++] = "V=1";
	else if (!s->verbose)
		argv[n++] = "-s";
	for (i = 0; i < s->kbuild_flags.len; i++)
		argv[n++] = s->kbuild_flags.items[i];
	argv[n] = NULL;

	pid = fork();
	if (pid < 0) {
		free(argv);
		return -1;
	}
	if (pid == 0) {
		/* Settings from the user's shell must not redirect kbuild. */
		unsetenv("ARCH");
		unsetenv("CROSS_COMPILE");
		unsetenv("KBUILD_EXTMOD");
		unsetenv("KBUILD_OUTPUT");
		unsetenv("KCONFIG_CONFIG");
		unsetenv("MAKEFLAGS");
		unsetenv("MFLAGS");
		dup2(2, 1);
		execvp("make", (char **)argv);
		fprintf(stderr, "ERROR: cannot run make: %s\n", strerror(errno));
		_exit(127);
	}
	free(argv);
	/* A signal for us (^C, kill) stops the build too, then we reap it. */
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
		kill(pid, SIGTERM);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool build_module(struct session *s)
{
	char *ko;

	if (!build_check_tree(s) || !write_kbuild(s))
		return false;
	if (run_make(s) != 0)
		return false;
	ko = arena_printf(&s->arena, "%s/%s.ko", s->tmpdir, s->modname);
	if (access(ko, R_OK)) {
		fprintf(stderr, "ERROR: kbuild produced no \"%s\"\n", ko);
		return false;
	}
	s->module_path = ko;
	return true;
}

bool build_copy_file(const char *src, const char *dst)
{
	char tmp[4096], buf[65536];
	int in, out;
	ssize_t n = 0;
	bool ok = true;

	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", dst, (long)getpid());
	in = open(src, O_RDONLY);
	if (in < 0)
		return false;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		close(in);
		return false;
	}
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	ok = ok && n == 0;
	close(in);
	if (close(out) || !ok || rename(tmp, dst)) {
		unlink(tmp);
		return false;
	}
	return true;
}
