// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * translate.c - pass 3: write the module's C.
 *
 * The file reads top to bottom as the module works:
 *
 *   limits pass 3 computes (MAXNESTING), the runtime and its optional parts
 *   top-level %{ %} blocks of the script and library
 *   globals: scalars as module parameters, arrays and statistics
 *   locals: one struct per probe handler and per function frame
 *   functions, then probe handlers, then the probe tables
 *   struct stp_module, which the runtime's module init/exit drive
 *
 * Expressions are in tr_expr.c, statements in tr_stmt.c, arrays and
 * statistics in tr_map.c, the print family in tr_print.c.
 */
#include "translate.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tr.h"

/* ---- emitting ---------------------------------------------------------- */

void tr_line(struct tr *t, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < t->indent; i++)
		strbuf_addc(&t->code, '\t');
	va_start(ap, fmt);
	strbuf_vaddf(&t->code, fmt, ap);
	va_end(ap);
	strbuf_addc(&t->code, '\n');
}

char *tr_fmt(struct tr *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *out;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	out = arena_strdup(t->arena, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

char *tr_quote(struct tr *t, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	char *out;

	strbuf_addc(&sb, '"');
	for (p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addc(&sb, '\\');
		if (*p == '\n')
			strbuf_adds(&sb, "\\n");
		else if ((unsigned char)*p < ' ' || *p == '?')
			strbuf_addf(&sb, "\\%03o", (unsigned char)*p);
		else
			strbuf_addc(&sb, *p);
	}
	strbuf_addc(&sb, '"');
	out = arena_strdup(t->arena, sb.buf);
	strbuf_release(&sb);
	return out;
}

char *tr_tokdesc(struct tr *t, const struct token *tok)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	if (!tok)
		return "NULL";
	diag_describe_token(&sb, tok);
	out = tr_quote(t, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

void tr_error(struct tr *t, const struct token *tok, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (tok)
		diag_describe_token(&sb, tok);
	fprintf(stderr, "semantic error: %s\n", sb.buf);
	strbuf_release(&sb);
	diag.errors++;
	t->failed = true;
}

/* ---- temporaries and names --------------------------------------------- */

const char *tr_tmp_long(struct tr *t)
{
	unsigned n = t->ntmp++;

	if (t->ntmp > t->maxtmp)
		t->maxtmp = t->ntmp;
	return tr_fmt(t, "l->__tmp%u", n);
}

char *tr_tmp_str(struct tr *t)
{
	unsigned n = t->nstr++;

	if (t->nstr > t->maxstr)
		t->maxstr = t->nstr;
	return tr_fmt(t, "l->__str%u", n);
}

const char *tr_field(struct tr *t, const char *ctype)
{
	unsigned n = t->nlabel++;

	strbuf_addf(&t->fields, "\t%s __state%u;\n", ctype, n);
	return tr_fmt(t, "l->__state%u", n);
}

void tr_check_error(struct tr *t)
{
	tr_line(t, "if (unlikely(c->last_error || c->aborted))");
	tr_line(t, "\tgoto %s;", t->err_label);
}

const char *tr_ctype(enum type ty)
{
	return ty == TYPE_STRING ? "string_t" : "int64_t";
}

const char *tr_var(struct tr *t, const struct vardecl *v)
{
	if (v->kind == VAR_GLOBAL) {
		tr_use_global(t, v, TR_READ);
		return tr_fmt(t, "stp%s", v->cname);
	}
	return tr_fmt(t, "l->l_%s", v->name);
}

/* ---- the file ------------------------------------------------------------ */

struct out {
	struct tr *t;
	FILE *f;
	struct strbuf locals;	/* locals structs */
	struct strbuf frames;	/* union stp_frame members */
	struct strbuf plocals;	/* union stp_probe_locals members */
	struct strbuf protos;	/* function prototypes */
	struct strbuf funcs;	/* function bodies */
	struct strbuf probes;	/* probe handlers */
	struct strbuf tables;	/* probe tables */
	struct strbuf module;	/* struct stp_module fields */
};

/* Start a C function: fresh temporaries, labels and action count. */
static void begin_body(struct tr *t, const struct function *fn)
{
	strbuf_reset(&t->code);
	strbuf_reset(&t->fields);
	t->indent = 1;
	t->ntmp = t->maxtmp = t->nstr = t->maxstr = 0;
	t->nlabel = 0;
	t->err_label = "out";
	t->break_label = t->cont_label = NULL;
	t->fn = fn;
	t->actions = 0;
	t->last_file = NULL;
	t->last_line = 0;
}

/* The locals struct: variables, then the temporaries the body needed. */
static void write_locals_struct(struct tr *t, struct strbuf *out,
				const char *name, struct vardecl **vars,
				unsigned nvars, struct vardecl **more,
				unsigned nmore, const char *extra)
{
	unsigned i;

	strbuf_addf(out, "struct %s_locals {\n", name);
	for (i = 0; i < nvars; i++)
		strbuf_addf(out, "\t%s l_%s;\n", tr_ctype(vars[i]->type),
			    vars[i]->name);
	for (i = 0; i < nmore; i++)
		strbuf_addf(out, "\t%s l_%s;\n", tr_ctype(more[i]->type),
			    more[i]->name);
	if (extra)
		strbuf_adds(out, extra);
	for (i = 0; i < t->maxtmp; i++)
		strbuf_addf(out, "\tint64_t __tmp%u;\n", i);
	for (i = 0; i < t->maxstr; i++)
		strbuf_addf(out, "\tstring_t __str%u;\n", i);
	if (t->fields.len)
		strbuf_adds(out, t->fields.buf);
	strbuf_addf(out, "\tchar __none;\n};\n\n");
}

/* Locals start empty on every run, as upstream. */
static void zero_locals(struct tr *t, struct vardecl **vars, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (vars[i]->type == TYPE_STRING)
			tr_line(t, "l->l_%s[0] = '\\0';", vars[i]->name);
		else
			tr_line(t, "l->l_%s = 0;", vars[i]->name);
	}
}

static const char *function_src(struct tr *t, const struct function *f)
{
	return tr_fmt(t, "%s(), %s:%u:%u", f->name, f->tok->pos.file->name,
		      f->tok->pos.line, f->tok->pos.col);
}

/* The macros of upstream's embedded-C contract, for a function body. */
static void embedded_macros(struct tr *t, const struct function *f)
{
	unsigned i;

	tr_line(t, "#define CONTEXT c");
	tr_line(t, "#define THIS l");
	for (i = 0; i < f->nparams; i++)
		tr_line(t, "#define STAP_ARG_%s (l->l_%s)", f->params[i].name,
			f->params[i].name);
	tr_line(t, "#define STAP_RETVALUE (l->__retvalue)");
	if (f->rettype == TYPE_STRING)
		tr_line(t, "#define STAP_RETURN(v) do { strlcpy(STAP_RETVALUE, (v), MAXSTRINGLEN); goto out; } while (0)");
	else
		tr_line(t, "#define STAP_RETURN(v) do { STAP_RETVALUE = (int64_t)(v); goto out; } while (0)");
	tr_line(t, "#define STAP_NEXT do { c->next = 1; goto out; } while (0)");
	tr_line(t, "#define STAP_ERROR(...) do { snprintf(CONTEXT->error_buffer, MAXSTRINGLEN, __VA_ARGS__); CONTEXT->last_error = CONTEXT->error_buffer; goto out; } while (0)");
	tr_line(t, "#define STAP_PRINTF(fmt, ...) _stp_printf(fmt, ##__VA_ARGS__)");
	tr_line(t, "#define return goto out");
}

static void undef_macros(struct tr *t, const struct function *f)
{
	static const char *const names[] = {
		"return", "STAP_PRINTF", "STAP_ERROR", "STAP_NEXT",
		"STAP_RETURN", "STAP_RETVALUE", "THIS", "CONTEXT",
	};
	unsigned i;

	for (i = 0; i < f->nparams; i++)
		tr_line(t, "#undef STAP_ARG_%s", f->params[i].name);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		tr_line(t, "#undef %s", names[i]);
}

/* The embedded text without its %{ %} delimiters. */
static const char *embedded_text(struct tr *t, const struct token *tok)
{
	const char *s = tok->text;
	size_t n = strlen(s);

	if (n >= 4 && !strncmp(s, "%{", 2) && !strcmp(s + n - 2, "%}"))
		return tr_fmt(t, "%.*s", (int)(n - 4), s + 2);
	return s;
}

static void write_function(struct out *o, struct function *f)
{
	struct tr *t = o->t;
	const char *name = f->cname;
	char *extra;

	begin_body(t, f);
	tr_access_begin(t, f);
	tr_line(t, "l = &STP_FRAME(c)->%s;", name);
	tr_line(t, "c->next = 0;");
	zero_locals(t, f->locals, f->nlocals);
	if (f->rettype == TYPE_STRING)
		tr_line(t, "l->__retvalue[0] = '\\0';");
	else
		tr_line(t, "l->__retvalue = 0;");
	if (f->embedded) {
		embedded_macros(t, f);
		tr_line(t, "{");
		strbuf_adds(&t->code, embedded_text(t, f->embedded));
		strbuf_addc(&t->code, '\n');
		tr_line(t, "}");
		undef_macros(t, f);
	} else if (f->body) {
		tr_stmt(t, f->body);
		tr_actions(t, 0, tr_stmt_tok(f->body), true);
	}

	extra = tr_fmt(t, "\t%s __retvalue;\n", tr_ctype(f->rettype));
	write_locals_struct(t, &o->locals, tr_fmt(t, "function_%s", name),
			    f->pvars, f->nparams, f->locals, f->nlocals, extra);
	strbuf_addf(&o->frames, "\tstruct function_%s_locals %s;\n", name, name);
	strbuf_addf(&o->protos, "static void function_%s(struct context *c);\n", name);

	strbuf_addf(&o->funcs, "/* %s */\nstatic void function_%s(struct context *c)\n{\n"
		    "\tstruct function_%s_locals *l;\n\n"
		    "\tif (!stp_func_enter(c, %s))\n\t\treturn;\n%s"
		    "deref_fault: __maybe_unused;\nout: __maybe_unused;\n"
		    "\tstp_func_leave(c);\n}\n\n",
		    function_src(t, f), name, name, tr_tokdesc(t, f->tok),
		    t->code.buf);
}

static void write_probe(struct out *o, struct dprobe *dp)
{
	struct tr *t = o->t;
	const char *name = tr_fmt(t, "probe_%u", dp->index);

	begin_body(t, NULL);
	tr_access_begin(t, dp);
	zero_locals(t, dp->locals, dp->nlocals);
	tr_stmt(t, dp->body);
	tr_actions(t, 0, tr_stmt_tok(dp->body), true);
	write_locals_struct(t, &o->locals, name, dp->locals, dp->nlocals,
			    NULL, 0, NULL);
	strbuf_addf(&o->plocals, "\tstruct %s_locals %s;\n", name, name);
	/* Pass 2's synthesized probes (the arming begin) have no token. */
	if (dp->tok)
		strbuf_addf(&o->probes, "/* %s, %s:%u:%u */\n", dp->pp,
			    dp->tok->pos.file->name, dp->tok->pos.line,
			    dp->tok->pos.col);
	else
		strbuf_addf(&o->probes, "/* %s, synthesized */\n", dp->pp);
	strbuf_addf(&o->probes, "static void %s(struct context *c)\n{\n"
		    "\tstruct %s_locals *l = &STP_LOCALS(c)->%s;\n\n\t(void)l;\n%s"
		    "deref_fault: __maybe_unused;\nout: __maybe_unused;\n}\n\n",
		    name, name, name, t->code.buf);
}

/* ---- globals ------------------------------------------------------------- */

static bool is_array(const struct vardecl *v)
{
	return v->arity > 0;
}

/* A literal initializer as C. */
static const char *init_value(struct tr *t, const struct vardecl *v)
{
	if (!v->init)
		return NULL;
	if (v->init->kind == EXPR_STRING)
		return tr_cstring(t, v->init->u.str);
	return tr_fmt(t, "%lldLL", (long long)v->init->u.num);
}

static void write_scalar(struct tr *t, FILE *f, const struct vardecl *v)
{
	const char *init = init_value(t, v);
	const char *cn = tr_var(t, v);

	fprintf(f, "static %s %s%s%s;\n", tr_ctype(v->type), cn,
		init ? " = " : "", init ? init : "");
	/* Unread-only privates get no parameter: their names may clash. */
	if (v->is_private)
		return;
	if (v->type == TYPE_STRING)
		fprintf(f, "module_param_string(%s, %s, MAXSTRINGLEN, 0);\n",
			v->name, cn);
	else
		fprintf(f, "module_param_named(%s, %s, int64, 0);\n", v->name, cn);
}

/* The histogram shape of a statistics global, as stp_hist initializers. */
static const char *hist_init(struct tr *t, const struct vardecl *v)
{
	if (v->stat_ops & STAT_HIST_LINEAR)
		return tr_fmt(t, "STP_HIST_LINEAR, .start = %lld, .stop = %lld, .interval = %lld",
			      (long long)v->hist_start, (long long)v->hist_stop,
			      (long long)v->hist_interval);
	if (v->stat_ops & STAT_HIST_LOG)
		return "STP_HIST_LOG";
	return "STP_HIST_NONE";
}

static void write_globals(struct out *o, FILE *f)
{
	struct tr *t = o->t;
	struct vec *g = &t->prog->globals;
	bool any_alloc = false;
	size_t i;

	fputs("/* ---- globals ---- */\n\n", f);
	for (i = 0; i < g->len; i++) {
		struct vardecl *v = g->items[i];

		/* Unused when only elided code referred to the global. */
		fprintf(f, "static __maybe_unused DEFINE_RWLOCK(stp%s_lock);\n",
			v->cname);
		if (is_array(v) && v->type == TYPE_STATS)
			fprintf(f, "static struct stp_hist stp%s_hist = { .type = %s };\n",
				v->cname, hist_init(t, v));
		if (is_array(v))
			fprintf(f, "static struct stp_map *stp%s;\n", v->cname);
		else if (v->type == TYPE_STATS)
			fprintf(f, "static struct stp_stat *stp%s;\n", v->cname);
		else
			write_scalar(t, f, v);
		any_alloc |= is_array(v) || v->type == TYPE_STATS;
	}
	if (!any_alloc) {
		fputc('\n', f);
		return;
	}
	fputs("\nstatic void stp_globals_exit(void)\n{\n", f);
	for (i = 0; i < g->len; i++) {
		struct vardecl *v = g->items[i];

		if (is_array(v))
			fprintf(f, "\tstp_map_free(stp%s);\n", v->cname);
		else if (v->type == TYPE_STATS)
			fprintf(f, "\tstp_stat_free(stp%s);\n", v->cname);
	}
	fputs("}\n\nstatic int stp_globals_init(void)\n{\n", f);
	for (i = 0; i < g->len; i++) {
		struct vardecl *v = g->items[i];
		const char *hist = "STP_HIST_NONE, 0, 0, 0";

		if (v->stat_ops & STAT_HIST_LINEAR)
			hist = tr_fmt(t, "STP_HIST_LINEAR, %lld, %lld, %lld",
				      (long long)v->hist_start, (long long)v->hist_stop,
				      (long long)v->hist_interval);
		else if (v->stat_ops & STAT_HIST_LOG)
			hist = "STP_HIST_LOG, 0, 0, 0";
		if (is_array(v)) {
			char keys[MAX_ARRAY_KEYS + 1];
			const char *flags = v->wrap ? "STP_MAP_WRAP" : "0";
			int k;

			for (k = 0; k < v->arity; k++)
				keys[k] = v->keytypes[k] == TYPE_STRING ? 's' : 'l';
			keys[k] = '\0';
			if (v->size)
				flags = v->wrap ? "STP_MAP_SIZED | STP_MAP_WRAP" : "STP_MAP_SIZED";
			if (v->type == TYPE_STATS) {
				fprintf(f, "\tif (!stp_hist_setup(&stp%s_hist))\n\t\tgoto fail;\n",
					v->cname);
				fprintf(f, "\tstp%s = stp_map_new(\"%s\", STP_VAL_STAT, &stp%s_hist, %lld, %s);\n",
					v->cname, keys, v->cname, (long long)v->size, flags);
			} else {
				fprintf(f, "\tstp%s = stp_map_new(\"%s\", %s, NULL, %lld, %s);\n",
					v->cname, keys,
					v->type == TYPE_STRING ? "STP_VAL_STRING" : "STP_VAL_LONG",
					(long long)v->size, flags);
			}
		} else if (v->type == TYPE_STATS) {
			fprintf(f, "\tstp%s = stp_stat_new(%s, 0);\n", v->cname, hist);
		} else {
			continue;
		}
		fprintf(f, "\tif (!stp%s)\n\t\tgoto fail;\n", v->cname);
	}
	fputs("\treturn 0;\nfail:\n\tstp_globals_exit();\n\treturn -ENOMEM;\n}\n\n", f);
	strbuf_adds(&o->module, "\t.init = stp_globals_init,\n\t.exit = stp_globals_exit,\n");
}

/* ---- probe tables ---------------------------------------------------------- */

static int cmp_priority(const void *a, const void *b)
{
	const struct dprobe *x = *(struct dprobe *const *)a;
	const struct dprobe *y = *(struct dprobe *const *)b;

	if (x->u.priority != y->u.priority)
		return x->u.priority < y->u.priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The probe's lock table: every global it touches, in declaration order. */
static void lock_table(struct out *o, struct dprobe *dp)
{
	struct tr *t = o->t;
	unsigned char *mode = tr_access_closure(t, dp);
	size_t n = t->prog->globals.len, i, count = 0;

	for (i = 0; i < n; i++)
		count += mode[i] != TR_UNUSED;
	if (count) {
		strbuf_addf(&o->tables, "static const struct stp_lock probe_%u_locks[] = {\n",
			    dp->index);
		for (i = 0; i < n; i++) {
			struct vardecl *v = t->prog->globals.items[i];

			if (mode[i] != TR_UNUSED)
				strbuf_addf(&o->tables, "\t{ &stp%s_lock, %s },\n", v->cname,
					    mode[i] == TR_WRITE ? "true" : "false");
		}
		strbuf_addf(&o->tables, "};\n\n#define probe_%u_LOCKS .locks = probe_%u_locks, .nlocks = ARRAY_SIZE(probe_%u_locks)\n\n",
			    dp->index, dp->index, dp->index);
	} else {
		strbuf_addf(&o->tables, "#define probe_%u_LOCKS .nlocks = 0\n\n", dp->index);
	}
	free(mode);
}

void tr_probes_of(struct tr *t, enum probe_kind k1, enum probe_kind k2,
		  struct vec *out)
{
	size_t i;

	for (i = 0; i < t->prog->probes.len; i++) {
		struct dprobe *dp = t->prog->probes.items[i];

		if (dp->kind == k1 || dp->kind == k2)
			vec_push(out, dp);
	}
}

void tr_probe_array(struct tr *t, struct strbuf *out, const char *name,
		    const struct vec *probes)
{
	size_t i;

	strbuf_addf(out, "static const struct stp_probe stp_%s_probes[] = {\n", name);
	for (i = 0; i < probes->len; i++) {
		struct dprobe *dp = probes->items[i];

		strbuf_addf(out, "\t{ .pp = %s, .handler = probe_%u,%s probe_%u_LOCKS },\n",
			    tr_quote(t, dp->pp), dp->index, tr_timing_field(t, dp),
			    dp->index);
	}
	strbuf_adds(out, "};\n\n");
}

/* begin, end or error probes: run by the runtime in priority order. */
static void probe_table(struct out *o, const char *group, enum probe_kind kind)
{
	struct vec v = { 0 };

	tr_probes_of(o->t, kind, kind, &v);
	if (v.len) {
		qsort(v.items, v.len, sizeof(void *), cmp_priority);
		tr_probe_array(o->t, &o->tables, group, &v);
		strbuf_addf(&o->module, "\t.%s = stp_%s_probes,\n\t.n%s = ARRAY_SIZE(stp_%s_probes),\n",
			    group, group, group, group);
	}
	vec_free(&v);
}

/* ---- the whole file ---------------------------------------------------------- */

static bool uses_kind(struct program *p, enum probe_kind k)
{
	size_t i;

	for (i = 0; i < p->probes.len; i++)
		if (((struct dprobe *)p->probes.items[i])->kind == k)
			return true;
	return false;
}

static bool uses_maps(struct program *p, bool *stats)
{
	bool maps = false;
	size_t i;

	*stats = false;
	for (i = 0; i < p->globals.len; i++) {
		struct vardecl *v = p->globals.items[i];

		maps |= v->arity > 0;
		*stats |= v->type == TYPE_STATS;
	}
	return maps;
}

static void write_header(struct out *o, FILE *f)
{
	struct session *s = o->t->s;
	struct program *p = o->t->prog;
	bool stats, maps = uses_maps(p, &stats);
	size_t i;

	fprintf(f, "/* Generated by stap (SystemTap in C %s) for kernel %s. */\n",
		STAP_PACKAGE_VERSION, s->release);
	fprintf(f, "#ifndef MAXNESTING\n#define MAXNESTING %d\n#endif\n",
		tr_max_nesting(o->t));
	/* The privilege staprun checks before loading (.stap_privilege). */
	fprintf(f, "#define STP_REQUIRED_PRIVILEGE STP_PR_%s\n",
		!strcmp(s->privilege, "stapusr") ? "STAPUSR" :
		!strcmp(s->privilege, "stapsys") ? "STAPSYS" : "STAPDEV");
	if (maps)
		fputs("#define STP_NEED_MAPS\n", f);
	if (stats || maps)
		fputs("#define STP_NEED_STATS\n", f);
	if (uses_kind(p, PROBE_TIMER_HR) || uses_kind(p, PROBE_TIMER_JIFFIES) ||
	    uses_kind(p, PROBE_TIMER_PROFILE))
		fputs("#define STP_NEED_TIMERS\n", f);
	tr_options_header(o->t, f);
	if (o->t->regex_caps)	/* runtime/regex.h */
		fprintf(f, "#define STP_NEED_REGEX_MATCH\n#define STP_REGEX_NINSN %u\n"
			"#define STP_REGEX_NTHREAD %u\n#define STP_REGEX_NSLOT %u\n",
			o->t->regex_max.ninsn, o->t->regex_max.nthread,
			o->t->regex_max.nslot);
	fputs("#include \"runtime.h\"\n\n", f);
	for (i = 0; i < p->embeds.len; i++) {
		const struct token *tok = p->embeds.items[i];

		fprintf(f, "/* %s:%u */\n%s\n\n", tok->pos.file->name, tok->pos.line,
			embedded_text(o->t, tok));
	}
}

static void release_out(struct out *o)
{
	strbuf_release(&o->locals);
	strbuf_release(&o->frames);
	strbuf_release(&o->plocals);
	strbuf_release(&o->protos);
	strbuf_release(&o->funcs);
	strbuf_release(&o->probes);
	strbuf_release(&o->tables);
	strbuf_release(&o->module);
}

static const char *str_or(const struct strbuf *sb, const char *dflt)
{
	return sb->len ? sb->buf : dflt;
}

static void write_file(struct out *o, FILE *f)
{
	struct tr *t = o->t;
	struct program *p = t->prog;
	size_t i;

	for (i = 0; i < p->functions.len; i++)
		write_function(o, p->functions.items[i]);
	for (i = 0; i < p->probes.len; i++) {
		struct dprobe *dp = p->probes.items[i];

		if (dp->kind == PROBE_NEVER)
			continue;
		write_probe(o, dp);
		lock_table(o, dp);
	}
	t->access = NULL;
	tr_options_tables(t, &o->tables, &o->module);
	probe_table(o, "begin", PROBE_BEGIN);
	probe_table(o, "end", PROBE_END);
	probe_table(o, "error", PROBE_ERROR);
	translate_timers(t, &o->tables, &o->module);

	write_header(o, f);
	write_globals(o, f);
	fprintf(f, "/* ---- locals ---- */\n\n%s"
		"union stp_probe_locals {\n%s};\n\nunion stp_frame {\n%s};\n\n",
		str_or(&o->locals, ""), str_or(&o->plocals, "\tchar none;\n"),
		str_or(&o->frames, "\tchar none;\n"));
	if (t->decls.len)
		fprintf(f, "/* ---- regular expressions ---- */\n\n%s", t->decls.buf);
	fprintf(f, "/* ---- functions ---- */\n\n%s\n%s", str_or(&o->protos, ""),
		str_or(&o->funcs, ""));
	fprintf(f, "/* ---- probes ---- */\n\n%s%s", str_or(&o->probes, ""),
		str_or(&o->tables, ""));
	fprintf(f, "/* ---- the module ---- */\n\n"
		"static struct stp_module stp_module = {\n%s"
		"\t.locals_size = sizeof(union stp_probe_locals),\n"
		"\t.frame_size = sizeof(union stp_frame),\n};\n",
		str_or(&o->module, ""));
}

/*
 * Does the script read regex subexpressions?  Upstream's library marks
 * the functions that do (matched(), ngroups()) with this comment, and so
 * does ours; only then does =~ record its matches.
 */
static bool uses_regex_captures(const struct program *p)
{
	size_t i;

	for (i = 0; i < p->functions.len; i++) {
		const struct function *f = p->functions.items[i];

		if (f->embedded && strstr(f->embedded->text, "pragma:tagged_dfa"))
			return true;
	}
	return false;
}

bool translate(struct session *s)
{
	struct tr t = { .s = s, .prog = s->prog, .arena = &s->arena };
	struct out o = { .t = &t };
	FILE *f = fopen(s->c_path, "w");
	bool ok;

	t.regex_caps = uses_regex_captures(s->prog);
	/* A workspace even with no =~ at all: matched() still reads it. */
	t.regex_max = (struct regex_captures){ 1, 1, 2 };

	if (!f) {
		fprintf(stderr, "ERROR: cannot write \"%s\": %s\n", s->c_path,
			strerror(errno));
		return false;
	}
	write_file(&o, f);
	ok = !ferror(f) && !t.failed;
	if (fclose(f))
		ok = false;
	release_out(&o);
	strbuf_release(&t.code);
	strbuf_release(&t.fields);
	strbuf_release(&t.decls);
	tr_access_release(&t);
	return ok;
}
