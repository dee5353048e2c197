// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modfile.c - the module image: read whole into memory (checked once,
 * inserted as checked), its name and required privilege from its ELF
 * sections, and -R renaming.
 *
 * Only what staprun needs of ELF is parsed, by hand and with every
 * offset bounds-checked, so staprun needs no libelf and links
 * statically.  Modules are ELF64 in the host's byte order (x86_64 here);
 * for anything else the name falls back to the file name and the kernel
 * has the last word on the format.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "staprun.h"

/* A module bigger than this is not a module staprun should read. */
#define MODULE_SIZE_MAX (512L << 20)

int valid_modname(const char *name)
{
	size_t n = strlen(name), i;

	if (n == 0 || n > MODNAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!(name[i] == '_' || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

void modname_from_path(const char *path, char *out, size_t outsz)
{
	const char *base = strrchr(path, '/');
	size_t n, i;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".ko"))
		n -= 3;
	if (n >= outsz)
		n = outsz - 1;
	/* As kbuild makes KBUILD_MODNAME: '-' becomes '_'. */
	for (i = 0; i < n; i++)
		out[i] = base[i] == '-' ? '_' : base[i];
	out[n] = 0;
}

int resolve_module_path(const char *arg, char *out, size_t outsz)
{
	char want[PATH_MAX];
	struct utsname u;
	size_t n = strlen(arg);

	if (strchr(arg, '/') || (n > 3 && !strcmp(arg + n - 3, ".ko"))) {
		snprintf(want, sizeof(want), "%s", arg);
	} else {
		/* A bare name: the administrator's installed modules. */
		uname(&u);
		snprintf(want, sizeof(want), "/lib/modules/%s/systemtap/%s.ko",
			 u.release, arg);
	}
	if (outsz < PATH_MAX || !realpath(want, out)) {
		err_msg("Unable to canonicalize path \"%s\": %s", want,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* read_fd: the whole file; for pipes and the like, up to EOF. */
static int read_fd(int fd, struct module_image *m, off_t hint)
{
	size_t cap = hint > 0 ? (size_t)hint : 1 << 20;

	m->data = malloc(cap);
	m->size = 0;
	while (m->data) {
		ssize_t n;

		if (m->size == cap) {
			unsigned char *bigger;

			if (cap >= MODULE_SIZE_MAX) {
				errno = EFBIG;
				return -1;
			}
			bigger = realloc(m->data, cap * 2);
			if (!bigger)
				break;
			m->data = bigger;
			cap *= 2;
		}
		n = read(fd, m->data + m->size, cap - m->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		m->size += (size_t)n;
	}
	errno = ENOMEM;
	return -1;
}

/* ---- ELF ------------------------------------------------------------ */

/* shdr: section header I, or NULL if the image has no such header. */
static const Elf64_Shdr *shdr(const struct module_image *m, size_t i)
{
	const Elf64_Ehdr *eh = (const void *)m->data;
	size_t off;

	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > m->size)
		return NULL;
	off = eh->e_shoff + i * sizeof(Elf64_Shdr);
	if (i >= (m->size - eh->e_shoff) / sizeof(Elf64_Shdr) ||
	    off % _Alignof(Elf64_Shdr))
		return NULL;
	return (const void *)(m->data + off);
}

/* section_ok: does section S lie inside the image? */
static int section_ok(const struct module_image *m, const Elf64_Shdr *s)
{
	return s->sh_type != SHT_NOBITS && s->sh_offset <= m->size &&
	       s->sh_size <= m->size - s->sh_offset;
}

/*
 * find_section: the section called NAME: its offset and size in the
 * image.  Returns 0 if found, -1 if absent or the ELF is malformed.
 */
static int find_section(const struct module_image *m, const char *name,
			size_t *off, size_t *size)
{
	const Elf64_Ehdr *eh = (const void *)m->data;
	const Elf64_Shdr *s0, *strs, *s;
	size_t nsec, stridx, i, nlen = strlen(name) + 1;

	if (m->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || !(s0 = shdr(m, 0)))
		return -1;
	/* Large counts live in section 0 (SHN_XINDEX convention). */
	nsec = eh->e_shnum ? eh->e_shnum : s0->sh_size;
	stridx = eh->e_shstrndx == SHN_XINDEX ? s0->sh_link : eh->e_shstrndx;
	if (!(strs = shdr(m, stridx)) || !section_ok(m, strs))
		return -1;
	for (i = 1; i < nsec; i++) {
		if (!(s = shdr(m, i)))
			return -1;
		if (s->sh_name >= strs->sh_size ||
		    strs->sh_size - s->sh_name < nlen ||
		    memcmp(m->data + strs->sh_offset + s->sh_name, name, nlen))
			continue;
		if (!section_ok(m, s))
			return -1;
		*off = s->sh_offset;
		*size = s->sh_size;
		return 0;
	}
	return -1;
}

/* modinfo_entry: where "KEY=" starts in .modinfo, or NULL. */
static char *modinfo_entry(struct module_image *m, const char *key)
{
	size_t off, size, klen = strlen(key), i = 0;
	char *p;

	if (find_section(m, ".modinfo", &off, &size) < 0)
		return NULL;
	p = (char *)m->data + off;
	/* NUL-separated KEY=VALUE strings, possibly NUL padding between. */
	while (i < size) {
		size_t len = strnlen(p + i, size - i);

		if (i + len == size)	/* unterminated: stop */
			return NULL;
		if (len > klen && !memcmp(p + i, key, klen) && p[i + klen] == '=')
			return p + i;
		i += len + 1;
	}
	return NULL;
}

/*
 * this_module_name: the name in struct module (.gnu.linkonce.this_module),
 * which the kernel goes by.  On disk the fields before it (state, list)
 * are zero, so it is the first non-zero 8-aligned field.
 */
static int this_module_name(struct module_image *m, char *out, size_t outsz)
{
	size_t off, size, i;
	const char *p;

	if (find_section(m, ".gnu.linkonce.this_module", &off, &size) < 0)
		return -1;
	p = (const char *)m->data + off;
	for (i = 0; i + MODNAME_MAX + 1 <= size && i <= 64; i += 8) {
		if (!p[i])
			continue;
		if (!memchr(p + i, 0, MODNAME_MAX + 1))
			return -1;
		snprintf(out, outsz, "%s", p + i);
		return valid_modname(out) ? 0 : -1;
	}
	return -1;
}

/* find_name: .modinfo's "name=", else struct module's, else the file's. */
static void find_name(struct module_image *m)
{
	char *e = modinfo_entry(m, "name");

	if (e && valid_modname(e + 5)) {
		snprintf(m->name, sizeof(m->name), "%s", e + 5);
		return;
	}
	if (this_module_name(m, m->name, sizeof(m->name)) == 0)
		return;
	modname_from_path(m->path, m->name, sizeof(m->name));
}

/*
 * find_privilege: the level the module was built for (stap --privilege),
 * a 4-byte STP_PR_* in section .stap_privilege.  No section: an ordinary
 * stapusr-level module, as upstream assumes.  Anything unexpected: the
 * highest level, to be safe.
 */
static void find_privilege(struct module_image *m)
{
	size_t off, size;
	uint32_t v;

	if (find_section(m, ".stap_privilege", &off, &size) < 0) {
		m->privilege = STP_PR_STAPUSR;
		return;
	}
	m->privilege = STP_PR_STAPDEV;
	if (size != sizeof(v))
		return;
	memcpy(&v, m->data + off, sizeof(v));
	if (v == STP_PR_STAPUSR || v == STP_PR_STAPSYS || v == STP_PR_STAPDEV)
		m->privilege = (int)v;
}

int read_module(const char *arg, struct module_image *m)
{
	char path[PATH_MAX];
	struct stat st;

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	if (resolve_module_path(arg, path, sizeof(path)) < 0)
		return -1;
	m->path = strdup(path);
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (!m->path || m->fd < 0) {
		err_msg("Couldn't open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(m->fd, &st) < 0) {
		err_msg("Error stat'ing '%s': %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		err_msg("'%s' is a directory, not a module", path);
		return -1;
	}
	m->regular = S_ISREG(st.st_mode);
	if (read_fd(m->fd, m, m->regular ? st.st_size : 0) < 0) {
		err_msg("Error reading '%s': %s", path, strerror(errno));
		return -1;
	}
	find_name(m);
	find_privilege(m);
	dbug(1, "module %s (%zu bytes), name %s, built for %s", path, m->size,
	     m->name, privilege_name(m->privilege));
	return 0;
}

/*
 * rename_module: -R.  The kernel names a module after the name field of
 * its struct module, in section .gnu.linkonce.this_module; that field
 * starts with the current name, so it is found by content rather than by
 * a layout offset.  .modinfo's "name=" would still hold the old name and
 * has no room for the longer new one, so its key is defaced: the kernel
 * then falls back to struct module's name everywhere.
 */
int rename_module(struct module_image *m, pid_t pid)
{
	char newname[MODNAME_MAX + 1], suffix[24];
	size_t off, size, olen = strlen(m->name), i, keep;
	char *e;

	if (find_section(m, ".gnu.linkonce.this_module", &off, &size) < 0) {
		err_msg("Error renaming module: no .gnu.linkonce.this_module "
			"section in '%s'", m->path);
		return -1;
	}
	snprintf(suffix, sizeof(suffix), "_%d", (int)pid);
	keep = MODNAME_MAX - strlen(suffix);
	if (keep > olen)
		keep = olen;
	snprintf(newname, sizeof(newname), "%.*s%s", (int)keep, m->name, suffix);

	/* The name field is MODNAME_MAX + 1 bytes, 8-byte aligned. */
	for (i = 0; i + MODNAME_MAX + 1 <= size; i += 8) {
		char *field = (char *)m->data + off + i;

		if (memcmp(field, m->name, olen + 1))
			continue;
		memset(field, 0, MODNAME_MAX + 1);
		memcpy(field, newname, strlen(newname));
		e = modinfo_entry(m, "name");
		if (e)
			e[0] = '_';
		dbug(1, "Renamed module to '%s'", newname);
		snprintf(m->name, sizeof(m->name), "%s", newname);
		m->renamed = 1;
		return 0;
	}
	err_msg("Error renaming module: name '%s' not found in '%s'", m->name,
		m->path);
	return -1;
}

void free_module(struct module_image *m)
{
	if (m->fd >= 0)
		close(m->fd);
	free(m->data);
	free(m->path);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}
