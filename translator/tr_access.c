// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tr_access.c - what each handler touches, recorded while its code is
 * written: the globals it reads or writes, and the functions it calls.
 *
 * From that, each probe gets its lock table (every global it or any
 * function it calls touches, exclusive where anything writes) and the
 * module its MAXNESTING (the deepest chain of calls, plus 10 when a
 * function can recurse, as upstream).  Recording what the generated code
 * actually does keeps the two from disagreeing.
 */
#include <stdlib.h>

#include "tr.h"

struct access {
	const void *owner;		/* struct function or struct dprobe */
	unsigned char *mode;		/* per global: enum tr_lock */
	struct vec calls;		/* struct function *, called directly */
};

static struct access *find(struct tr *t, const void *owner)
{
	size_t i;

	for (i = 0; i < t->accesses.len; i++) {
		struct access *a = t->accesses.items[i];

		if (a->owner == owner)
			return a;
	}
	return NULL;
}

void tr_access_begin(struct tr *t, const void *owner)
{
	struct access *a = arena_alloc(t->arena, sizeof(*a));

	a->owner = owner;
	a->mode = arena_alloc(t->arena, t->prog->globals.len + 1);
	vec_push(&t->accesses, a);
	t->access = a;
}

void tr_use_global(struct tr *t, const struct vardecl *v, enum tr_lock mode)
{
	if (t->access && v && v->kind == VAR_GLOBAL &&
	    t->access->mode[v->index] < mode)
		t->access->mode[v->index] = (unsigned char)mode;
}

void tr_note_call(struct tr *t, struct function *f)
{
	if (t->access)
		vec_push(&t->access->calls, f);
}

/* Merge what OWNER and its callees touch into MODE. */
static void close_over(struct tr *t, const void *owner, unsigned char *mode,
		       struct vec *seen)
{
	struct access *a = find(t, owner);
	size_t i;

	if (!a)
		return;
	for (i = 0; i < seen->len; i++)
		if (seen->items[i] == a)
			return;
	vec_push(seen, a);
	for (i = 0; i < t->prog->globals.len; i++)
		if (mode[i] < a->mode[i])
			mode[i] = a->mode[i];
	for (i = 0; i < a->calls.len; i++)
		close_over(t, a->calls.items[i], mode, seen);
}

unsigned char *tr_access_closure(struct tr *t, const void *owner)
{
	unsigned char *mode = calloc(t->prog->globals.len + 1, 1);
	struct vec seen = { 0 };

	if (!mode)
		abort();
	close_over(t, owner, mode, &seen);
	vec_free(&seen);
	return mode;
}

/* Calls below OWNER on the deepest path; *recursive when one repeats. */
static int depth(struct tr *t, const void *owner, struct vec *stack,
		 bool *recursive)
{
	struct access *a = find(t, owner);
	int best = 0, d;
	size_t i;

	if (!a)
		return 0;
	for (i = 0; i < stack->len; i++)
		if (stack->items[i] == a) {
			*recursive = true;
			return 0;
		}
	vec_push(stack, a);
	for (i = 0; i < a->calls.len; i++) {
		d = 1 + depth(t, a->calls.items[i], stack, recursive);
		if (d > best)
			best = d;
	}
	stack->len--;
	return best;
}

int tr_max_nesting(struct tr *t)
{
	struct vec stack = { 0 };
	bool recursive = false;
	int best = 0, d;
	size_t i;

	for (i = 0; i < t->prog->probes.len; i++) {
		d = depth(t, t->prog->probes.items[i], &stack, &recursive);
		if (d > best)
			best = d;
	}
	vec_free(&stack);
	return best + 1 + (recursive ? 10 : 0);
}

void tr_access_release(struct tr *t)
{
	size_t i;

	for (i = 0; i < t->accesses.len; i++)
		vec_free(&((struct access *)t->accesses.items[i])->calls);
	vec_free(&t->accesses);
}
