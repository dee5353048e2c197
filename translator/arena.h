/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arena.h - bump allocation for everything the translator builds.
 *
 * The session owns one arena; tokens, AST nodes and strings live until the
 * process exits, so nothing is ever freed one by one.  Every allocation is
 * zeroed.  Running out of memory is fatal (there is nothing sane to recover).
 */
#ifndef STAP_ARENA_H
#define STAP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* current block, newest first */
	size_t total;			/* bytes handed out, for -v statistics */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

#define arena_new(a, type) ((type *)arena_alloc((a), sizeof(type)))

/* malloc-family wrappers that die on exhaustion (for growable vectors). */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *xcalloc(size_t n, size_t m);
char *xstrdup(const char *s);

/*
 * A growable array of pointers.  Used for lists in the AST (statements,
 * arguments, probe points) and scratch lists in passes.  The backing store
 * is malloc'd; vectors that end up in the AST are frozen into the arena with
 * vec_freeze() so the AST stays arena-only.
 */
struct vec {
	void **items;
	size_t len, cap;
};

void vec_push(struct vec *v, void *item);
/*
 * vec_push with the store in the arena: for lists that may be abandoned
 * on an error path (the parser longjmps), which must then not leak.
 */
void vec_push_arena(struct arena *a, struct vec *v, void *item);
void vec_free(struct vec *v);
/* Copy v's items into the arena, free v's store, return the arena copy. */
struct vec vec_freeze(struct arena *a, struct vec *v);

#endif
