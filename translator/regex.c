// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regex.c - POSIX extended regular expressions, compiled to a DFA.
 *
 * `s =~ "re"` needs a literal regex, so all the work happens here, at
 * translate time: parse the expression, build a Thompson NFA, turn it
 * into a DFA by subset construction, and emit the DFA as C tables plus a
 * loop over the string.  The module then matches in time linear in the
 * string, with no allocation and no recursion, which is what a probe
 * handler may afford.
 *
 * A match is a search: the expression may match anywhere in the string,
 * so every step also restarts the NFA at its start.  ^ and $ are
 * assertions (start and end of the string).  Bytes that no part of the
 * expression tells apart share a column of the table.
 *
 * Supported: literals, `.`, bracket expressions with ranges, negation and
 * [:class:] names, `*` `+` `?` `{m}` `{m,}` `{m,n}`, `|`, groups, `\`
 * escapes of any character.
 *
 * When the script reads subexpressions (matched(), ngroups(): their
 * library bodies carry the comment "pragma:tagged_dfa", as upstream's do), each
 * expression also becomes a program for the runtime's Pike VM
 * (runtime/regex.h, regex.c), which finds the offsets of the groups once
 * the DFA has said that the string matches.
 */
#include "regex.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NFA 8000		/* NFA states */
#define MAX_DFA 2000		/* DFA states */
#define MAX_REPEAT 255		/* RE_DUP_MAX */

/* ---- syntax tree ---- */

enum rnode_kind { R_SET, R_CAT, R_ALT, R_REPEAT, R_BOL, R_EOL, R_EMPTY, R_GROUP };

struct rnode {
	enum rnode_kind kind;
	unsigned char set[32];		/* R_SET: the bytes it matches */
	struct rnode *a, *b;		/* R_CAT, R_ALT; R_REPEAT, R_GROUP: a */
	int min, max;			/* R_REPEAT: max -1 = unbounded;
					   R_GROUP: min = its number, from 1 */
};

struct parser {
	const char *p;
	const char *err;
	struct rnode **nodes;	/* every node, for freeing */
	size_t nnodes, cap;
	int depth;
	int ngroups;		/* ( ) seen so far */
};

static struct rnode *node(struct parser *ps, enum rnode_kind k)
{
	struct rnode *n = calloc(1, sizeof(*n));

	if (!n)
		abort();
	if (ps->nnodes == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 64;
		ps->nodes = realloc(ps->nodes, ps->cap * sizeof(*ps->nodes));
		if (!ps->nodes)
			abort();
	}
	ps->nodes[ps->nnodes++] = n;
	n->kind = k;
	return n;
}

static void set_add(unsigned char *set, int c)
{
	set[c >> 3] |= 1u << (c & 7);
}

static bool set_has(const unsigned char *set, int c)
{
	return set[c >> 3] & (1u << (c & 7));
}

static struct rnode *parse_alt(struct parser *ps);

/* [:name:] inside a bracket expression. */
static bool add_class(struct parser *ps, unsigned char *set)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum },
		{ "upper", isupper }, { "lower", islower }, { "space", isspace },
		{ "punct", ispunct }, { "xdigit", isxdigit }, { "print", isprint },
		{ "graph", isgraph }, { "cntrl", iscntrl }, { "blank", isblank },
	};
	const char *end = strstr(ps->p + 2, ":]");
	size_t i, n;
	int c;

	if (!end)
		return false;
	n = (size_t)(end - (ps->p + 2));
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) != n ||
		    strncmp(classes[i].name, ps->p + 2, n))
			continue;
		for (c = 1; c < 128; c++)
			if (classes[i].is(c))
				set_add(set, c);
		ps->p = end + 2;
		return true;
	}
	ps->err = "unknown character class name";
	return false;
}

/* After '[': the bracket expression, up to and including ']'. */
static struct rnode *parse_bracket(struct parser *ps)
{
	struct rnode *n = node(ps, R_SET);
	bool negate = false, first = true;
	int c, i;

	if (*ps->p == '^') {
		negate = true;
		ps->p++;
	}
	for (;;) {
		if (!*ps->p) {
			ps->err = "unmatched [ or [^";
			return NULL;
		}
		if (*ps->p == ']' && !first)
			break;
		first = false;
		if (ps->p[0] == '[' && ps->p[1] == ':') {
			if (add_class(ps, n->set))
				continue;
			if (ps->err)
				return NULL;
		}
		c = (unsigned char)*ps->p++;
		if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
			int hi = (unsigned char)ps->p[1];

			if (hi < c) {
				ps->err = "invalid range end";
				return NULL;
			}
			for (i = c; i <= hi; i++)
				set_add(n->set, i);
			ps->p += 2;
		} else {
			set_add(n->set, c);
		}
	}
	ps->p++;
	if (negate)
		for (i = 0; i < 32; i++)
			n->set[i] = (unsigned char)~n->set[i];
	n->set[0] &= (unsigned char)~1u;	/* NUL ends the string */
	return n;
}

static struct rnode *parse_atom(struct parser *ps)
{
	struct rnode *n, *g;
	int c;

	switch (*ps->p) {
	case '(':
		ps->p++;
		if (++ps->depth > 200) {
			ps->err = "expression nested too deeply";
			return NULL;
		}
		g = node(ps, R_GROUP);
		g->min = ++ps->ngroups;		/* numbered by their '(' */
		n = *ps->p == ')' ? node(ps, R_EMPTY) : parse_alt(ps);
		ps->depth--;
		if (!n)
			return NULL;
		if (*ps->p != ')') {
			ps->err = "unmatched ( or \\(";
			return NULL;
		}
		ps->p++;
		g->a = n;
		return g;
	case '[':
		ps->p++;
		return parse_bracket(ps);
	case '.':
		ps->p++;
		n = node(ps, R_SET);
		memset(n->set, 0xff, sizeof(n->set));
		n->set[0] &= (unsigned char)~1u;
		return n;
	case '^':
		ps->p++;
		return node(ps, R_BOL);
	case '$':
		ps->p++;
		return node(ps, R_EOL);
	case '*': case '+': case '?': case '{':
		ps->err = "repetition-operator operand invalid";
		return NULL;
	case '\\':
		if (!ps->p[1]) {
			ps->err = "trailing backslash (\\)";
			return NULL;
		}
		ps->p++;
		/* fall through */
	default:
		c = (unsigned char)*ps->p++;
		n = node(ps, R_SET);
		set_add(n->set, c);
		return n;
	}
}

/* {m}, {m,}, {m,n} after the '{'. */
static bool parse_bounds(struct parser *ps, int *min, int *max)
{
	char *end;
	long lo, hi;

	if (!isdigit((unsigned char)*ps->p))
		goto bad;
	lo = strtol(ps->p, &end, 10);
	hi = lo;
	ps->p = end;
	if (*ps->p == ',') {
		ps->p++;
		hi = -1;
		if (isdigit((unsigned char)*ps->p)) {
			hi = strtol(ps->p, &end, 10);
			ps->p = end;
		}
	}
	if (*ps->p != '}')
		goto bad;
	ps->p++;
	if (lo > MAX_REPEAT || hi > MAX_REPEAT || (hi >= 0 && hi < lo)) {
		ps->err = "invalid repetition count(s)";
		return false;
	}
	*min = (int)lo;
	*max = (int)hi;
	return true;
bad:
	ps->err = "invalid contents of {}";
	return false;
}

static struct rnode *parse_repeat(struct parser *ps)
{
	struct rnode *a = parse_atom(ps), *r;

	while (a && strchr("*+?{", *ps->p) && *ps->p) {
		int min, max;
		char op = *ps->p++;

		if (op == '*')
			min = 0, max = -1;
		else if (op == '+')
			min = 1, max = -1;
		else if (op == '?')
			min = 0, max = 1;
		else if (!parse_bounds(ps, &min, &max))
			return NULL;
		r = node(ps, R_REPEAT);
		r->a = a;
		r->min = min;
		r->max = max;
		a = r;
	}
	return a;
}

static struct rnode *parse_concat(struct parser *ps)
{
	struct rnode *left = NULL, *right, *cat;

	while (*ps->p && *ps->p != '|' && *ps->p != ')') {
		right = parse_repeat(ps);
		if (!right)
			return NULL;
		if (!left) {
			left = right;
			continue;
		}
		cat = node(ps, R_CAT);
		cat->a = left;
		cat->b = right;
		left = cat;
	}
	return left ? left : node(ps, R_EMPTY);
}

static struct rnode *parse_alt(struct parser *ps)
{
	struct rnode *left = parse_concat(ps), *alt;

	while (left && *ps->p == '|') {
		ps->p++;
		alt = node(ps, R_ALT);
		alt->a = left;
		alt->b = parse_concat(ps);
		if (!alt->b)
			return NULL;
		left = alt;
	}
	return left;
}

/* ---- NFA ---- */

enum nkind { N_EPS, N_SET, N_BOL, N_EOL, N_MATCH };

struct nstate {
	enum nkind kind;
	const unsigned char *set;	/* N_SET */
	int out1, out2;			/* -1 when absent */
};

struct nfa {
	struct nstate *v;
	int n;
	const char *err;
};

static int nstate(struct nfa *nfa, enum nkind k)
{
	if (nfa->n >= MAX_NFA) {
		nfa->err = "regular expression too big";
		return 0;
	}
	nfa->v[nfa->n] = (struct nstate){ .kind = k, .out1 = -1, .out2 = -1 };
	return nfa->n++;
}

/* A fragment: from its start, every path ends at end (an open N_EPS). */
struct frag {
	int start, end;
};

static struct frag build(struct nfa *nfa, const struct rnode *r);

static struct frag single(struct nfa *nfa, enum nkind k)
{
	struct frag f;

	f.start = nstate(nfa, k);
	f.end = nstate(nfa, N_EPS);
	nfa->v[f.start].out1 = f.end;
	return f;
}

static struct frag concat(struct nfa *nfa, struct frag a, struct frag b)
{
	nfa->v[a.end].out1 = b.start;
	return (struct frag){ a.start, b.end };
}

/* Zero or one of a: start -> a | end. */
static struct frag optional(struct nfa *nfa, struct frag a)
{
	struct frag f;

	f.start = nstate(nfa, N_EPS);
	f.end = nstate(nfa, N_EPS);
	nfa->v[f.start].out1 = a.start;
	nfa->v[f.start].out2 = f.end;
	nfa->v[a.end].out1 = f.end;
	return f;
}

/* Zero or more: optional, and from a's end back to its start. */
static struct frag star(struct nfa *nfa, struct frag a)
{
	struct frag f = optional(nfa, a);

	nfa->v[a.end].out1 = a.start;
	nfa->v[a.end].out2 = f.end;
	return f;
}

static struct frag repeat(struct nfa *nfa, const struct rnode *r)
{
	struct frag f = single(nfa, N_EPS), a;
	int i;

	for (i = 0; i < r->min && !nfa->err; i++)
		f = concat(nfa, f, build(nfa, r->a));
	if (r->max < 0) {
		a = build(nfa, r->a);
		return concat(nfa, f, star(nfa, a));
	}
	for (; i < r->max && !nfa->err; i++) {
		a = build(nfa, r->a);
		f = concat(nfa, f, optional(nfa, a));
	}
	return f;
}

static struct frag build(struct nfa *nfa, const struct rnode *r)
{
	struct frag f, a, b;

	if (nfa->err)
		return (struct frag){ 0, 0 };
	switch (r->kind) {
	case R_SET:
		f = single(nfa, N_SET);
		nfa->v[f.start].set = r->set;
		return f;
	case R_CAT:
		a = build(nfa, r->a);
		b = build(nfa, r->b);
		return concat(nfa, a, b);
	case R_ALT:
		a = build(nfa, r->a);
		b = build(nfa, r->b);
		f.start = nstate(nfa, N_EPS);
		f.end = nstate(nfa, N_EPS);
		nfa->v[f.start].out1 = a.start;
		nfa->v[f.start].out2 = b.start;
		nfa->v[a.end].out1 = f.end;
		nfa->v[b.end].out1 = f.end;
		return f;
	case R_REPEAT:
		return repeat(nfa, r);
	case R_BOL:
		return single(nfa, N_BOL);
	case R_EOL:
		return single(nfa, N_EOL);
	case R_EMPTY:
		return single(nfa, N_EPS);
	case R_GROUP:
		return build(nfa, r->a);
	}
	return single(nfa, N_EPS);
}

/* ---- DFA ---- */

struct dfa {
	const struct nfa *nfa;
	int start;		/* NFA start state */
	size_t words;		/* uint64_t words per state set */
	uint64_t *sets;		/* MAX_DFA sets */
	int n;
	int nclass;
	unsigned char cls[256];	/* byte -> column */
	uint16_t *next;		/* n x nclass */
	unsigned char *accept;	/* bit 0: matched; bit 1: matched at end */
};

static uint64_t *dset(struct dfa *d, int i)
{
	return d->sets + (size_t)i * d->words;
}

static bool bit(const uint64_t *s, int i)
{
	return s[i >> 6] >> (i & 63) & 1;
}

/* Add state i and what it reaches without input (bol/eol: assertions hold). */
static void closure(const struct nfa *nfa, uint64_t *s, int i, bool bol, bool eol,
		    int *stack)
{
	int sp = 0;

	stack[sp++] = i;
	while (sp) {
		const struct nstate *st;

		i = stack[--sp];
		if (i < 0 || bit(s, i))
			continue;
		s[i >> 6] |= 1ull << (i & 63);
		st = &nfa->v[i];
		if (st->kind == N_EPS || (st->kind == N_BOL && bol) ||
		    (st->kind == N_EOL && eol)) {
			stack[sp++] = st->out1;
			if (st->kind == N_EPS)
				stack[sp++] = st->out2;
		}
	}
}

static int find_or_add(struct dfa *d, const uint64_t *s)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (!memcmp(dset(d, i), s, d->words * sizeof(uint64_t)))
			return i;
	if (d->n >= MAX_DFA)
		return -1;
	memcpy(dset(d, d->n), s, d->words * sizeof(uint64_t));
	return d->n++;
}

/* Group bytes that every N_SET treats alike. */
static void byte_classes(struct dfa *d)
{
	int c, i, map[512];

	memset(d->cls, 0, sizeof(d->cls));
	d->nclass = 1;
	for (i = 0; i < d->nfa->n; i++) {
		const struct nstate *st = &d->nfa->v[i];
		int n = 0;

		if (st->kind != N_SET)
			continue;
		for (c = 0; c < 512; c++)
			map[c] = -1;
		for (c = 0; c < 256; c++) {
			int key = d->cls[c] * 2 + set_has(st->set, c);

			if (map[key] < 0)
				map[key] = n++;
			d->cls[c] = (unsigned char)map[key];
		}
		d->nclass = n;
	}
}

/* Is MATCH in s once $ holds here (end of string)? */
static bool accepts_at_end(const struct dfa *d, const uint64_t *s, bool bol,
			   uint64_t *tmp, int *stack)
{
	int i;

	memset(tmp, 0, d->words * sizeof(uint64_t));
	for (i = 0; i < d->nfa->n; i++)
		if (bit(s, i))
			closure(d->nfa, tmp, i, bol, true, stack);
	for (i = 0; i < d->nfa->n; i++)
		if (bit(tmp, i) && d->nfa->v[i].kind == N_MATCH)
			return true;
	return false;
}

static bool build_dfa(struct dfa *d, const char **err)
{
	size_t w = d->words;
	uint64_t *s = calloc(w, sizeof(uint64_t)), *tmp = calloc(w, sizeof(uint64_t));
	int *stack = malloc(sizeof(int) * (size_t)(2 * d->nfa->n + 2));
	int i, c, k;
	bool ok = true;

	if (!s || !tmp || !stack)
		abort();
	byte_classes(d);
	d->next = calloc((size_t)MAX_DFA * d->nclass, sizeof(uint16_t));
	d->accept = calloc(MAX_DFA, 1);
	if (!d->next || !d->accept)
		abort();
	closure(d->nfa, s, d->start, true, false, stack);
	find_or_add(d, s);
	for (i = 0; i < d->n && ok; i++) {
		for (k = 0; k < d->nfa->n; k++)
			if (bit(dset(d, i), k) && d->nfa->v[k].kind == N_MATCH)
				d->accept[i] |= 1;
		if (accepts_at_end(d, dset(d, i), i == 0, tmp, stack))
			d->accept[i] |= 2;
		for (k = 0; k < d->nclass && ok; k++) {
			int j;

			for (c = 0; c < 256 && d->cls[c] != k; c++)
				;
			memset(s, 0, w * sizeof(uint64_t));
			for (j = 0; j < d->nfa->n; j++) {
				const struct nstate *st = &d->nfa->v[j];

				if (bit(dset(d, i), j) && st->kind == N_SET &&
				    set_has(st->set, c))
					closure(d->nfa, s, st->out1, false, false, stack);
			}
			/* The search may start again at every position. */
			closure(d->nfa, s, d->start, false, false, stack);
			j = find_or_add(d, s);
			if (j < 0) {
				*err = "regular expression too complex";
				ok = false;
				break;
			}
			d->next[(size_t)i * d->nclass + k] = (uint16_t)j;
		}
	}
	free(s);
	free(tmp);
	free(stack);
	return ok;
}

/* ---- output ---- */

static void emit(const struct dfa *d, const char *name, struct strbuf *out)
{
	int i, k;

	strbuf_addf(out, "static const u8 %s_class[256] = {", name);
	for (i = 0; i < 256; i++)
		strbuf_addf(out, "%s%d,", i % 16 ? " " : "\n\t", d->cls[i]);
	strbuf_addf(out, "\n};\n\nstatic const u16 %s_next[%d][%d] = {\n", name,
		    d->n, d->nclass);
	for (i = 0; i < d->n; i++) {
		strbuf_adds(out, "\t{");
		for (k = 0; k < d->nclass; k++)
			strbuf_addf(out, "%s%u", k ? ", " : " ",
				    d->next[(size_t)i * d->nclass + k]);
		strbuf_adds(out, " },\n");
	}
	strbuf_addf(out, "};\n\n/* bit 0: matched; bit 1: matched if the string ends here */\n"
		    "static const u8 %s_accept[%d] = {", name, d->n);
	for (i = 0; i < d->n; i++)
		strbuf_addf(out, "%s%d,", i % 16 ? " " : "\n\t", d->accept[i]);
	strbuf_addf(out, "\n};\n\n"
		    "static int64_t %s(const char *s)\n{\n"
		    "\tunsigned int st = 0;\n\n"
		    "\tfor (; !(%s_accept[st] & 1) && *s; s++)\n"
		    "\t\tst = %s_next[st][%s_class[(unsigned char)*s]];\n"
		    "\treturn %s_accept[st] != 0;\n}\n\n",
		    name, name, name, name, name);
}

/* ---- the program for subexpression offsets (runtime/regex.h) ---- */

#define MAX_INSN 4000		/* instructions of one program */
#define MAX_SLOTS 2000		/* 2 * (groups + 1) */
#define MAX_WORK 65536		/* threads x slots of one thread list */

enum { RX_SET, RX_SPLIT, RX_JMP, RX_SAVE, RX_BOL, RX_EOL, RX_MATCH };
static const char *const rx_names[] = {
	"STP_RX_SET", "STP_RX_SPLIT", "STP_RX_JMP", "STP_RX_SAVE",
	"STP_RX_BOL", "STP_RX_EOL", "STP_RX_MATCH",
};

struct insn {
	int op, slot, x, y;
};

struct prog {
	struct insn v[MAX_INSN];
	int n;
	const unsigned char *sets[MAX_INSN];	/* distinct byte sets */
	int nsets;
	const char *err;
};

static int insn(struct prog *p, int op, int slot)
{
	if (p->n >= MAX_INSN) {
		p->err = "regular expression too big";
		return 0;
	}
	p->v[p->n] = (struct insn){ .op = op, .slot = slot };
	return p->n++;
}

static int set_index(struct prog *p, const unsigned char *set)
{
	int i;

	for (i = 0; i < p->nsets; i++)
		if (!memcmp(p->sets[i], set, 32))
			return i;
	p->sets[p->nsets] = set;
	return p->nsets++;
}

/*
 * The code of r.  The first way out of a SPLIT is the preferred one:
 * the left side of `|`, one more iteration of a repetition.
 */
static void gen(struct prog *p, const struct rnode *r)
{
	int i, at, j, opt[MAX_REPEAT];

	if (p->err)
		return;
	switch (r->kind) {
	case R_SET:
		at = insn(p, RX_SET, 0);
		p->v[at].x = set_index(p, r->set);
		return;
	case R_CAT:
		gen(p, r->a);
		gen(p, r->b);
		return;
	case R_ALT:
		at = insn(p, RX_SPLIT, 0);
		p->v[at].x = p->n;
		gen(p, r->a);
		j = insn(p, RX_JMP, 0);
		p->v[at].y = p->n;
		gen(p, r->b);
		p->v[j].x = p->n;
		return;
	case R_REPEAT:
		for (i = 0; i < r->min; i++)
			gen(p, r->a);
		if (r->max < 0) {	/* L: SPLIT body, out; body; JMP L */
			at = insn(p, RX_SPLIT, 0);
			p->v[at].x = p->n;
			gen(p, r->a);
			j = insn(p, RX_JMP, 0);
			p->v[j].x = at;
			p->v[at].y = p->n;
			return;
		}
		for (i = r->min; i < r->max; i++) {	/* nested optionals */
			opt[i] = insn(p, RX_SPLIT, 0);
			p->v[opt[i]].x = p->n;
			gen(p, r->a);
		}
		for (i = r->min; i < r->max; i++)
			p->v[opt[i]].y = p->n;
		return;
	case R_BOL:
		insn(p, RX_BOL, 0);
		return;
	case R_EOL:
		insn(p, RX_EOL, 0);
		return;
	case R_EMPTY:
		return;
	case R_GROUP:
		insn(p, RX_SAVE, 2 * r->min);
		gen(p, r->a);
		insn(p, RX_SAVE, 2 * r->min + 1);
		return;
	}
}

static void emit_prog(const struct prog *p, const char *name, int nslot,
		      struct strbuf *out)
{
	int i, k;

	strbuf_addf(out, "static const struct stp_regex_insn %s_prog[%d] = {\n",
		    name, p->n);
	for (i = 0; i < p->n; i++)
		strbuf_addf(out, "\t{ %s, %d, %d, %d },\t/* %d */\n",
			    rx_names[p->v[i].op], p->v[i].slot, p->v[i].x,
			    p->v[i].y, i);
	strbuf_addf(out, "};\n\nstatic const u8 %s_sets[%d][32] = {\n", name,
		    p->nsets ? p->nsets : 1);
	for (i = 0; i < p->nsets; i++) {
		strbuf_adds(out, "\t{");
		for (k = 0; k < 32; k++)
			strbuf_addf(out, "%s0x%02x%s", k % 8 ? " " : k ? "\n\t " : " ",
				    p->sets[i][k], k < 31 ? "," : "");
		strbuf_adds(out, " },\n");
	}
	if (!p->nsets)
		strbuf_adds(out, "\t{ 0 },\n");
	strbuf_addf(out, "};\n\nstatic const struct stp_regex %s_re = {\n"
		    "\t.prog = %s_prog,\n\t.sets = %s_sets,\n"
		    "\t.ninsn = %d,\n\t.nslot = %d,\n};\n\n",
		    name, name, name, p->n, nslot);
}

/* The program of the whole expression: SAVE 0, r, SAVE 1, MATCH. */
static bool compile_prog(const struct rnode *root, int ngroups, const char *name,
			 struct regex_captures *caps, struct strbuf *out,
			 const char **err)
{
	struct prog *p = calloc(1, sizeof(*p));
	int i, nslot = 2 * (ngroups + 1), nthread = 0;
	bool ok = false;

	if (!p)
		abort();
	insn(p, RX_SAVE, 0);
	gen(p, root);
	insn(p, RX_SAVE, 1);
	insn(p, RX_MATCH, 0);
	for (i = 0; i < p->n; i++)
		nthread += p->v[i].op == RX_SET || p->v[i].op == RX_MATCH;
	if (!p->err && (nslot > MAX_SLOTS || nthread * nslot > MAX_WORK))
		p->err = "too many subexpressions to record for matched()";
	if (p->err) {
		*err = p->err;
	} else {
		emit_prog(p, name, nslot, out);
		caps->ninsn = (unsigned)p->n;
		caps->nthread = (unsigned)nthread;
		caps->nslot = (unsigned)nslot;
		ok = true;
	}
	free(p);
	return ok;
}

bool regex_compile(const char *re, const char *name,
		   struct regex_captures *caps, struct strbuf *out,
		   const char **err)
{
	struct parser ps = { .p = re };
	struct nfa nfa = { 0 };
	struct dfa d = { .nfa = &nfa };
	struct rnode *root;
	struct frag f;
	bool ok = false;
	size_t i;

	*err = NULL;
	root = parse_alt(&ps);
	if (root && *ps.p == ')')
		ps.err = "unmatched ) or \\)";
	if (!root || ps.err) {
		*err = ps.err ? ps.err : "invalid regular expression";
		goto out;
	}
	nfa.v = calloc(MAX_NFA, sizeof(*nfa.v));
	if (!nfa.v)
		abort();
	f = build(&nfa, root);
	if (!nfa.err) {
		int m = nstate(&nfa, N_MATCH);

		nfa.v[f.end].out1 = m;
	}
	if (nfa.err) {
		*err = nfa.err;
		goto out;
	}
	d.start = f.start;
	d.words = ((size_t)nfa.n + 63) / 64;
	d.sets = calloc((size_t)MAX_DFA * d.words, sizeof(uint64_t));
	if (!d.sets)
		abort();
	ok = build_dfa(&d, err);
	if (ok && caps)
		ok = compile_prog(root, ps.ngroups, name, caps, out, err);
	if (ok)
		emit(&d, name, out);
out:
	for (i = 0; i < ps.nnodes; i++)
		free(ps.nodes[i]);
	free(ps.nodes);
	free(nfa.v);
	free(d.sets);
	free(d.next);
	free(d.accept);
	return ok;
}
