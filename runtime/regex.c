// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regex.c - subexpression offsets of `=~` for matched(), matched_str()
 * and ngroups() (STP_NEED_REGEX_MATCH).
 *
 * Whether a string matches is the DFA's answer (pass 3 emits one per
 * expression).  Only when the script reads matches and the DFA said yes
 * does the module run the expression's program (regex.h) on a copy of the
 * string, as a Pike VM: a list of threads in priority order, each an
 * instruction and its offsets, advanced one byte at a time.  Two threads
 * at the same instruction have the same future, so only the first (the one
 * of higher priority) is kept: the lists never hold more threads than the
 * program has instructions, and the work is linear in the string.  No
 * recursion, no allocation: the workspace is in the context.
 *
 * Which match is reported, as upstream 4.8 reports it (its tagged DFA
 * keeps the first match to end, then only longer matches from the same
 * start):
 *   1. the matches that end first; among them the leftmost;
 *   2. then a later end, each time the thread of highest priority that
 *      matches there has the same start (an earlier start has priority);
 *   3. its subexpressions: the path of highest priority, where `|` prefers
 *      its left side and `*` `+` `?` `{}` prefer one more iteration (as
 *      backtracking matchers do); a group repeated keeps its last
 *      iteration; a group outside the path is unset ("").
 *
 * Known differences from upstream 4.8 (all seen in its modules run in the
 * guest), where its tagged DFA does not follow a path order:
 *   - it sometimes takes the other side of a `|` for the same match:
 *     "abb" =~ "(ab|a)(b*)" gives [a][bb] there, [ab][b] here;
 *     "abcde" =~ "(abc|a)(bcd|de)?(e?)" gives [a][bcd][e] there,
 *     [abc][de][] here;
 *   - a group of a shorter match that a longer one replaced keeps its
 *     offsets there: "ab" =~ "(a)|(ab)" gives matched(1) "a" there, ""
 *     here;
 *   - its translator aborts (an assertion in its te_closure) on some
 *     such expressions, e.g. "(a|aa)*", "a|aa|aaa", "(a|aa)(ab|b)";
 *     these work here.
 */

enum {
	STP_REGEX_OK,
	STP_REGEX_FAILED,	/* the last =~ did not match */
	STP_REGEX_NONEXISTENT,	/* no such subexpression */
};

static void stp_regex_push(struct stp_regex_match *m, unsigned int *sp,
			   u16 pc, s16 slot, stp_regex_off val)
{
	m->stack[*sp].pc = pc;
	m->stack[*sp].slot = slot;
	m->stack[*sp].val = val;
	(*sp)++;
}

/* A thread waits at pc (a SET or MATCH) with the offsets cur. */
static void stp_regex_wait(struct stp_regex_list *l, unsigned int pc,
			   const stp_regex_off *cur, unsigned int nslot)
{
	l->pc[l->n] = pc;
	memcpy(l->slot[l->n], cur, nslot * sizeof(stp_regex_off));
	l->n++;
}

/*
 * Follow the instructions that read no byte from pc, at position pos,
 * until the thread waits in l or dies; the other ways out of SPLITs and
 * the offsets to restore for them go on the stack.
 */
static void stp_regex_follow(struct stp_regex_match *m,
			     const struct stp_regex *re,
			     struct stp_regex_list *l, unsigned int pc,
			     int pos, unsigned int *sp)
{
	const struct stp_regex_insn *in;

	while (m->mark[pc] != m->gen) {
		in = &re->prog[pc];
		m->mark[pc] = m->gen;
		switch (in->op) {
		case STP_RX_JMP:
			pc = in->x;
			break;
		case STP_RX_SPLIT:
			stp_regex_push(m, sp, in->y, -1, 0);
			pc = in->x;
			break;
		case STP_RX_SAVE:
			stp_regex_push(m, sp, 0, in->slot, m->cur[in->slot]);
			m->cur[in->slot] = pos;
			pc++;
			break;
		case STP_RX_BOL:
			if (pos != 0)
				return;
			pc++;
			break;
		case STP_RX_EOL:
			if (m->str[pos])
				return;
			pc++;
			break;
		default:	/* SET or MATCH */
			stp_regex_wait(l, pc, m->cur, re->nslot);
			return;
		}
	}
}

/*
 * Add to l, at position pos, the threads that the thread at pc with the
 * offsets m->cur reaches without reading a byte, in priority order.  The
 * stack holds the lower-priority branches of SPLITs still to walk and the
 * offsets a SAVE changed, to restore before walking them.  Each
 * instruction is walked once per position (mark), so each pushes at most
 * one entry.
 */
static void stp_regex_add(struct stp_regex_match *m, const struct stp_regex *re,
			  struct stp_regex_list *l, unsigned int pc, int pos)
{
	unsigned int sp = 0;

	stp_regex_push(m, &sp, pc, -1, 0);
	while (sp) {
		sp--;
		if (m->stack[sp].slot >= 0)
			m->cur[m->stack[sp].slot] = m->stack[sp].val;
		else
			stp_regex_follow(m, re, l, m->stack[sp].pc, pos, &sp);
	}
}

static bool stp_regex_in_set(const struct stp_regex *re,
			     const struct stp_regex_insn *in, unsigned char ch)
{
	return re->sets[in->x][ch >> 3] & (1u << (ch & 7));
}

/*
 * Run the program over m->str, starting a thread at every position (with
 * less priority than the older ones, so threads of earlier starts come
 * first) until a match ends.  The first thread to match at a position
 * wins it: the first match to end is kept (the leftmost of those that end
 * there), and then replaced by a match from the same start ending later,
 * when the first thread to match there has that start.  Returns whether
 * anything matched; the offsets are in m->slot.
 */
static bool stp_regex_run(struct stp_regex_match *m, const struct stp_regex *re)
{
	struct stp_regex_list *cl = &m->list[0], *nl = &m->list[1], *tmp;
	int pos, found = -1;
	unsigned int i;

	cl->n = 0;
	m->gen++;
	for (pos = 0;; pos++) {
		unsigned char ch = m->str[pos];

		if (found < 0) {
			memset(m->cur, 0xff, sizeof(m->cur));	/* all -1 */
			stp_regex_add(m, re, cl, 0, pos);
		}
		m->gen++;
		nl->n = 0;
		for (i = 0; i < cl->n; i++) {
			const struct stp_regex_insn *in = &re->prog[cl->pc[i]];
			const stp_regex_off *slot = cl->slot[i];
			size_t size = re->nslot * sizeof(*slot);

			if (in->op == STP_RX_MATCH) {
				if (found >= 0 && slot[0] != m->slot[0])
					continue;
				found = pos;
				memcpy(m->slot, slot, size);
			} else if (ch && stp_regex_in_set(re, in, ch)) {
				memcpy(m->cur, slot, size);
				stp_regex_add(m, re, nl, cl->pc[i] + 1, pos + 1);
			}
		}
		if (!ch || (found >= 0 && !nl->n))
			break;
		tmp = cl;
		cl = nl;
		nl = tmp;
	}
	return found >= 0;
}

/*
 * `s =~ re`: the DFA's answer, and the match remembered for matched() and
 * ngroups().  A failed match keeps the number of subexpressions of the
 * last successful one, which upstream's "nonexistent subexpression" check
 * still uses.
 */
static __maybe_unused int64_t
stp_regex_record(struct context *c, const struct stp_regex *re,
		 int64_t (*dfa)(const char *s), const char *s)
{
	struct stp_regex_match *m = &c->regex_match;
	int64_t matched = dfa(s);

	m->result = 0;
	if (!matched)
		return 0;
	strscpy(m->str, s, MAXSTRINGLEN);
	memset(m->mark, 0, re->ninsn * sizeof(m->mark[0]));
	m->gen = 0;
	/* No match in the copy: only when s was longer than MAXSTRINGLEN. */
	if (!stp_regex_run(m, re))
		return matched;
	m->result = 1;
	m->nslot = re->nslot;
	return matched;
}

/* matched(n) into out; upstream checks the index after the result. */
static __maybe_unused int stp_regex_group(struct context *c, int64_t n,
					  char *out)
{
	const struct stp_regex_match *m = &c->regex_match;
	int from, to;

	out[0] = '\0';
	if (n < 0 || n >= m->nslot / 2)
		return STP_REGEX_NONEXISTENT;
	if (!m->result)
		return STP_REGEX_FAILED;
	from = m->slot[2 * n];
	to = m->slot[2 * n + 1];
	if (from >= 0 && to > from) {
		memcpy(out, m->str + from, to - from);
		out[to - from] = '\0';
	}
	return STP_REGEX_OK;
}

/* ngroups(): upstream counts the whole match too. */
static __maybe_unused int stp_regex_ngroups(struct context *c, int64_t *n)
{
	const struct stp_regex_match *m = &c->regex_match;

	if (!m->result)
		return STP_REGEX_FAILED;
	*n = m->nslot / 2;
	return STP_REGEX_OK;
}
