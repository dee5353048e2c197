/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arena.h - bump allocation for everything the translator builds.
 *
 * The session owns one arena; tokens, AST nodes and strings live until the
 * process exits, so nothing is ever freed one by one.  arena_alloc() zeroes
 * what it hands out; arena_alloc_raw() does not, for callers that fill every
 * byte (token and string copies, which are most of pass 1's allocations).
 * Running out of memory is fatal (there is nothing sane to recover).
 */
#ifndef STAP_ARENA_H
#define STAP_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct arena_block;

/* Where the next allocations go: the free space of a current block. */
struct arena_region {
	char *next, *limit;
};

/*
 * Two regions share the blocks: the main one, and a side one for what is
 * written once and seldom read again (tokens).  Keeping that apart keeps
 * what is read together (the tree and its strings) close together: pass 1
 * of a 1 MiB script takes 10 to 20% fewer cycles so.
 */
struct arena {
	struct arena_block *head;	/* blocks, newest first */
	struct arena_region main, side;
	size_t total;			/* bytes handed out, for -v statistics */
};

/* Every allocation is aligned for any type. */
#define ARENA_ALIGN (sizeof(max_align_t))

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* The slow path of arena_alloc_raw: a new block.  size is rounded. */
void *arena_alloc_block(struct arena *a, struct arena_region *r, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Inline, because the parser allocates a node or a token per few bytes. */
static inline void *arena_region_alloc(struct arena *a, struct arena_region *r,
				       size_t size)
{
	void *p;

	size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if ((size_t)(r->limit - r->next) < size)
		return arena_alloc_block(a, r, size);
	p = r->next;
	r->next += size;
	a->total += size;
	return p;
}

static inline void *arena_alloc_raw(struct arena *a, size_t size)
{
	return arena_region_alloc(a, &a->main, size);
}

/* Not zeroed, from the side region (see struct arena). */
static inline void *arena_alloc_side(struct arena *a, size_t size)
{
	return arena_region_alloc(a, &a->side, size);
}

static inline void *arena_alloc(struct arena *a, size_t size)
{
	return memset(arena_alloc_raw(a, size), 0, size);
}

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
