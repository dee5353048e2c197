/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regex.h - what the context keeps of the last `=~` for matched(),
 * matched_str() and ngroups() (STP_NEED_REGEX_MATCH), and the tables pass
 * 3 emits for each regular expression: a small program of instructions
 * that regex.c runs as a Pike VM to find the subexpression offsets.
 *
 * Pass 3 sizes the matcher's workspace for the largest program of the
 * module before it includes runtime.h:
 *   STP_REGEX_NINSN    instructions
 *   STP_REGEX_NTHREAD  SET and MATCH instructions (where threads wait)
 *   STP_REGEX_NSLOT    offsets: 2 * (subexpressions + 1)
 */
#ifndef STP_REGEX_H
#define STP_REGEX_H

#ifndef STP_REGEX_NINSN
#define STP_REGEX_NINSN 1
#endif
#ifndef STP_REGEX_NTHREAD
#define STP_REGEX_NTHREAD 1
#endif
#ifndef STP_REGEX_NSLOT
#define STP_REGEX_NSLOT 2
#endif

/* Offsets into a string of at most MAXSTRINGLEN bytes; -1: unset. */
#if MAXSTRINGLEN <= 32767
typedef s16 stp_regex_off;
#else
typedef int stp_regex_off;
#endif

enum stp_regex_op {
	STP_RX_SET,	/* one byte in sets[x], then the next instruction */
	STP_RX_SPLIT,	/* go on at x, and with less priority at y */
	STP_RX_JMP,	/* go on at x */
	STP_RX_SAVE,	/* slot[slot] = position */
	STP_RX_BOL,	/* ^: only at the start of the string */
	STP_RX_EOL,	/* $: only at its end */
	STP_RX_MATCH,
};

struct stp_regex_insn {
	u16 op;
	u16 slot;
	u16 x, y;
};

struct stp_regex {
	const struct stp_regex_insn *prog;	/* prog[0] saves slot 0 */
	const u8 (*sets)[32];			/* bitmaps of bytes */
	unsigned int ninsn;
	unsigned int nslot;
};

struct stp_regex_list {
	unsigned int n;
	u16 pc[STP_REGEX_NTHREAD];
	stp_regex_off slot[STP_REGEX_NTHREAD][STP_REGEX_NSLOT];
};

struct stp_regex_match {
	string_t str;		/* the string of the last successful =~ */
	int result;		/* the last =~ matched */
	unsigned int nslot;	/* of the last successful match, 0 before */
	stp_regex_off slot[STP_REGEX_NSLOT];
	/* The matcher's workspace. */
	u32 gen;			/* generation of the marks */
	u32 mark[STP_REGEX_NINSN];	/* instruction already in the list */
	stp_regex_off cur[STP_REGEX_NSLOT];	/* slots of the closure walk */
	struct {
		u16 pc;			/* go on at pc, or: */
		s16 slot;		/* >= 0: restore cur[slot] = val */
		stp_regex_off val;
	} stack[STP_REGEX_NINSN + 1];
	struct stp_regex_list list[2];
};

#endif /* STP_REGEX_H */
