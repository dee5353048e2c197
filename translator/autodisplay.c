// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * autodisplay.c - globals written but never read are printed at the end,
 * as upstream does, by one synthesized `end` probe each:
 *   scalar   printf("a=%d\n", a)  /  printf("s=\"%#s\"\n", s)
 *   array    foreach (__val = [__idx0, ...] in a-) printf("a[%#d,...]=%d\n", ...)
 *   stats    "c @count=%#d @min=%#d @max=%#d @sum=%#d @avg=%#d" (or
 *            "c @count=0x0" when empty), per key for stats arrays.
 */
#include "elab_int.h"
#include "probefam.h"
#include "strbuf.h"

#include <string.h>

struct builder {
	struct elab *el;
	const struct token *tok;
};

static struct expr *mk(struct builder *b, enum expr_kind k)
{
	struct expr *e = arena_new(b->el->a, struct expr);

	e->kind = k;
	e->tok = b->tok;
	return e;
}

static struct expr *sym(struct builder *b, struct vardecl *v)
{
	struct expr *e = mk(b, EXPR_SYMBOL);

	e->u.name = v->name;
	e->var = v;
	e->type = v->kind == VAR_GLOBAL && v->type == TYPE_STATS ? TYPE_STATS : v->type;
	return e;
}

static struct expr *str(struct builder *b, const char *s)
{
	struct expr *e = mk(b, EXPR_STRING);

	e->u.str = arena_strdup(b->el->a, s);
	e->type = TYPE_STRING;
	return e;
}

static struct expr *num(struct builder *b, int64_t n)
{
	struct expr *e = mk(b, EXPR_NUMBER);

	e->u.num = n;
	e->type = TYPE_LONG;
	return e;
}

static struct stmt *stmt_expr(struct builder *b, struct expr *e)
{
	struct stmt *s = arena_new(b->el->a, struct stmt);

	s->kind = STMT_EXPR;
	s->tok = b->tok;
	s->u.expr = e;
	return s;
}

/* The element: the global itself, or global[keys]. */
static struct expr *element(struct builder *b, struct vardecl *g,
			    struct vardecl **keys, int n)
{
	struct expr *e;
	int i;

	if (!n)
		return sym(b, g);
	e = mk(b, EXPR_INDEX);
	e->u.index.base = sym(b, g);
	e->u.index.keys.n = (unsigned)n;
	e->u.index.keys.v = arena_alloc(b->el->a, (size_t)n * sizeof(struct expr *));
	for (i = 0; i < n; i++)
		e->u.index.keys.v[i] = sym(b, keys[i]);
	e->type = g->type;
	return e;
}

static struct expr *stat(struct builder *b, const char *op, struct expr *el)
{
	struct expr *e = mk(b, EXPR_STAT);

	e->u.stat.op = op;
	e->u.stat.operand = el;
	e->type = TYPE_LONG;
	return e;
}

static struct expr *printf_call(struct builder *b, const char *fmt,
				struct expr **args, unsigned n)
{
	struct expr *e = mk(b, EXPR_PRINT);

	e->u.print.name = "printf";
	e->u.print.format = str(b, fmt);
	e->u.print.args.v = arena_alloc(b->el->a, (n + 1) * sizeof(*args));
	memcpy(e->u.print.args.v, args, n * sizeof(*args));
	e->u.print.args.n = n;
	e->type = TYPE_LONG;
	return e;
}

/* Upstream's formats; its synthesized literals hold bare quotes. */
static const char *key_fmt(enum type t)
{
	return t == TYPE_STRING ? "\"%#s\"" : "%#d";
}

static const char *val_fmt(enum type t)
{
	return t == TYPE_STRING ? "\"%#s\"" : "%d";
}

/* The printf of one element; prefix is "a" or "a[...]". */
static struct stmt *print_element(struct builder *b, struct vardecl *g,
				  const char *prefix, struct expr **args,
				  unsigned nargs, struct expr *elem,
				  struct expr *value)
{
	static const char *const ops[] = { "count", "min", "max", "sum", "avg" };
	struct expr *all[16];
	struct strbuf f = STRBUF_INIT;
	unsigned i, n = nargs;
	struct stmt *s;

	memcpy(all, args, nargs * sizeof(*args));
	if (g->type != TYPE_STATS) {
		strbuf_addf(&f, "%s=%s\\n", prefix, val_fmt(g->type));
		all[n++] = value;
	} else {
		strbuf_addf(&f, "%s @count=%%#d @min=%%#d @max=%%#d @sum=%%#d @avg=%%#d\\n",
			    prefix);
		for (i = 0; i < 5; i++)
			all[n++] = stat(b, ops[i], elem);
	}
	s = stmt_expr(b, printf_call(b, strbuf_str(&f), all, n));
	strbuf_release(&f);
	if (g->type == TYPE_STATS && !g->arity) {
		/* if (@count(c) == 0) printf("c @count=0x0\n") else ... */
		struct stmt *i_ = arena_new(b->el->a, struct stmt);
		struct expr *cmp = mk(b, EXPR_COMPARE);
		struct strbuf z = STRBUF_INIT;

		cmp->u.binary.op = "==";
		cmp->u.binary.left = stat(b, "count", elem);
		cmp->u.binary.right = num(b, 0);
		cmp->type = TYPE_LONG;
		strbuf_addf(&z, "%s @count=0x0\\n", prefix);
		i_->kind = STMT_IF;
		i_->tok = b->tok;
		i_->u.if_.cond = cmp;
		i_->u.if_.then = stmt_expr(b, printf_call(b, strbuf_str(&z), NULL, 0));
		i_->u.if_.else_ = s;
		strbuf_release(&z);
		return i_;
	}
	return s;
}

static struct vardecl *local(struct builder *b, struct vec *locals,
			     const char *name, enum type t)
{
	struct vardecl *v = new_var(b->el, VAR_LOCAL, name, b->tok);

	v->type = t;
	v->read = v->written = true;
	v->index = (unsigned)locals->len;
	vec_push(locals, v);
	return v;
}

static struct stmt *display_array(struct builder *b, struct vardecl *g,
				  struct vec *locals)
{
	struct vardecl *keys[MAX_ARRAY_KEYS], *val = NULL;
	struct expr *args[MAX_ARRAY_KEYS];
	struct strbuf pre = STRBUF_INIT;
	struct stmt *fe = arena_new(b->el->a, struct stmt);
	int i;

	for (i = 0; i < g->arity; i++) {
		keys[i] = local(b, locals, arena_printf(b->el->a, "__idx%d", i),
				g->keytypes[i]);
		args[i] = sym(b, keys[i]);
	}
	if (g->type != TYPE_STATS)
		val = local(b, locals, "__val", g->type);
	strbuf_addf(&pre, "%s[", g->name);
	for (i = 0; i < g->arity; i++)
		strbuf_addf(&pre, "%s%s", i ? "," : "", key_fmt(g->keytypes[i]));
	strbuf_addc(&pre, ']');
	fe->kind = STMT_FOREACH;
	fe->tok = b->tok;
	fe->u.foreach.value = val ? sym(b, val) : NULL;
	fe->u.foreach.keys.n = (unsigned)g->arity;
	fe->u.foreach.keys.v = arena_alloc(b->el->a, (size_t)g->arity * sizeof(struct expr *));
	memcpy(fe->u.foreach.keys.v, args, (size_t)g->arity * sizeof(struct expr *));
	fe->u.foreach.array = sym(b, g);
	fe->u.foreach.sort_key = 0;
	fe->u.foreach.sort_dir = -1;
	fe->u.foreach.body = print_element(b, g, strbuf_str(&pre), args,
					   (unsigned)g->arity,
					   element(b, g, keys, g->arity),
					   val ? sym(b, val) : NULL);
	strbuf_release(&pre);
	return fe;
}

static void display(struct elab *el, struct vardecl *g)
{
	struct builder b = { el, g->tok };
	struct dprobe *dp = arena_new(el->a, struct dprobe);
	struct stmt *blk = arena_new(el->a, struct stmt);
	struct vec locals = { 0 };
	struct vec lf;

	blk->kind = STMT_BLOCK;
	blk->tok = g->tok;
	blk->u.block.v = arena_alloc(el->a, sizeof(struct stmt *));
	blk->u.block.n = 1;
	if (g->arity > 0)
		blk->u.block.v[0] = display_array(&b, g, &locals);
	else
		blk->u.block.v[0] = print_element(&b, g, g->name, NULL, 0,
						  sym(&b, g), sym(&b, g));
	dp->family = &family_end;
	dp->kind = PROBE_END;
	dp->pp = dp->name = "end";
	dp->chain = "end";
	dp->tok = g->tok;
	dp->body = blk;
	dp->synthesized = true;
	lf = vec_freeze(el->a, &locals);
	dp->locals = (struct vardecl **)lf.items;
	dp->nlocals = (unsigned)lf.len;
	dp->index = (unsigned)el->p->probes.len;
	vec_push(&el->p->probes, dp);
}

void add_autodisplay(struct elab *el)
{
	size_t i, n = el->p->globals.len;

	for (i = 0; i < n; i++) {
		struct vardecl *g = el->p->globals.items[i];

		if (g->written && !g->read && g->type != TYPE_UNKNOWN &&
		    (!g->file || !g->file->is_library))
			display(el, g);
	}
}
