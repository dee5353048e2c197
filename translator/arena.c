// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arena.c - bump allocator and small allocation helpers.
 *
 * Blocks are 64 KiB from malloc while the arena is small.  Past 1 MiB
 * (a big script: pass 1 keeps about 25 bytes per byte of script) they are
 * 4 MiB mappings that the kernel may back with huge pages: a page fault per
 * 4 KiB of tokens and nodes was a third of the time pass 1 took.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_BIG_AFTER (1024 * 1024)	/* when blocks become big ones */
#define HUGE_PAGE (2 * 1024 * 1024)
#define ARENA_BIG_BLOCK (2 * HUGE_PAGE)

struct arena_block {
	struct arena_block *next;
	size_t mapped;		/* 0: from malloc; else the mapping's length */
	max_align_t data[];	/* aligned start of the usable bytes */
};

static void die_oom(void)
{
	fputs("stap: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		die_oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->main = a->side = (struct arena_region){ NULL, NULL };
	a->total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
	}
	a->head = NULL;
	a->main = a->side = (struct arena_region){ NULL, NULL };
}

static struct arena_block *new_block(size_t cap)
{
	struct arena_block *b = xmalloc(sizeof(struct arena_block) + cap);

	b->mapped = 0;
	return b;
}

/*
 * A big block: ARENA_BIG_BLOCK bytes aligned to a huge page, so that the
 * kernel can use huge pages for it.  NULL if the mapping fails.
 */
static struct arena_block *new_big_block(void)
{
	size_t len = ARENA_BIG_BLOCK + HUGE_PAGE;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *start, *end;
	struct arena_block *b;

	if (p == MAP_FAILED)
		return NULL;
	start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	end = start + ARENA_BIG_BLOCK;
	if (start > p)
		munmap(p, (size_t)(start - p));
	if (p + len > end)
		munmap(end, (size_t)(p + len - end));
	madvise(start, ARENA_BIG_BLOCK, MADV_HUGEPAGE);	/* only a hint */
	b = (struct arena_block *)start;
	b->mapped = ARENA_BIG_BLOCK;
	return b;
}

void *arena_alloc_block(struct arena *a, struct arena_region *r, size_t size)
{
	struct arena_block *b;

	a->total += size;
	if (size > ARENA_BLOCK_SIZE / 4) {
		/*
		 * A big allocation gets a block of its own, linked behind the
		 * current one, whose free space stays in use.
		 */
		b = new_block(size);
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
		}
		return b->data;
	}
	b = a->total > ARENA_BIG_AFTER ? new_big_block() : NULL;
	if (!b)
		b = new_block(ARENA_BLOCK_SIZE);
	b->next = a->head;
	a->head = b;
	r->next = (char *)b->data + size;
	r->limit = b->mapped ? (char *)b + b->mapped
			     : (char *)b->data + ARENA_BLOCK_SIZE;
	return b->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	p = arena_alloc_raw(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void vec_push(struct vec *v, void *item)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->items = xrealloc(v->items, v->cap * sizeof(void *));
	}
	v->items[v->len++] = item;
}

void vec_push_arena(struct arena *a, struct vec *v, void *item)
{
	if (v->len == v->cap) {
		void **nv;

		v->cap = v->cap ? v->cap * 2 : 4;
		nv = arena_alloc_raw(a, v->cap * sizeof(void *));
		if (v->len)
			memcpy(nv, v->items, v->len * sizeof(void *));
		v->items = nv;
	}
	v->items[v->len++] = item;
}

void vec_free(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

struct vec vec_freeze(struct arena *a, struct vec *v)
{
	struct vec out = { NULL, v->len, v->len };

	if (v->len) {
		out.items = arena_alloc_raw(a, v->len * sizeof(void *));
		memcpy(out.items, v->items, v->len * sizeof(void *));
	}
	vec_free(v);
	return out;
}
