/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * context.h - session state and the per-CPU probe context.
 *
 * Every probe handler runs with one struct context, the one of the CPU it
 * runs on, taken with an atomic busy flag: a probe that fires while a
 * handler already runs on that CPU (an interrupt, a nested kprobe) finds
 * the flag set and is skipped instead of trampling the running handler's
 * state.  Handlers run with preemption disabled, so the context and its
 * print buffer belong to them until they return.
 */
#ifndef STP_CONTEXT_H
#define STP_CONTEXT_H

/* Session states; the numbers are upstream's. */
enum {
	STAP_SESSION_UNINITIALIZED = 0,
	STAP_SESSION_STARTING = 1,	/* begin probes run */
	STAP_SESSION_RUNNING = 2,	/* all other probes run */
	STAP_SESSION_ERROR = 3,		/* too many errors: only error probes */
	STAP_SESSION_STOPPING = 4,	/* exit() was called: end probes run */
	STAP_SESSION_STOPPED = 5,
};

static atomic_t stp_session_state = ATOMIC_INIT(STAP_SESSION_UNINITIALIZED);
static atomic_t stp_error_count = ATOMIC_INIT(0);
static atomic_t stp_skipped_count = ATOMIC_INIT(0);
/* Hits skipped because the CPU's context was busy; upstream does not
 * count these as skipped probes either. */
static atomic_t stp_reentrant_count = ATOMIC_INIT(0);

/* Upstream's accessor names, which tapset embedded C uses. */
#define session_state() (&stp_session_state)
#define error_count() (&stp_error_count)
#define skipped_count() (&stp_skipped_count)

/* A script string: MAXSTRINGLEN bytes including the NUL. */
typedef char string_t[MAXSTRINGLEN];

#ifdef STP_NEED_REGEX_MATCH
#include "regex.h"
#endif

/* Output of a probe handler, flushed as one STP_OUTPUT message. */
struct stp_pbuf {
	unsigned int len;
	char data[STP_BUFFER_SIZE];
};

struct context {
	atomic_t busy;
	const char *probe_point;	/* pp() of the running probe */
	const char *probe_name;		/* pn() */
	/*
	 * Registers at the probe, or NULL: kregs whatever the mode, uregs
	 * only when the probe interrupted user space (user_mode_p).
	 */
	union {
		struct pt_regs *kregs;
		struct pt_regs *regs;	/* another name for kregs */
	};
	struct pt_regs *uregs;
	int user_mode_p;
	long actionremaining;		/* statement budget of this hit */
	int nesting;			/* -1 in a probe body, 0.. in functions */
	int aborted;			/* abort() was called: unwind silently */
	int next;			/* STAP_NEXT in embedded C */
	/* An error ends the handler: a static text or error_buffer. */
	const char *last_error;
	/* Where it happened: "operator '/' at f.stp:2:9", or NULL. */
	const char *last_stmt;
	char error_buffer[MAXSTRINGLEN];
	/*
	 * Storage laid out by the generated code: the locals of the running
	 * probe (the size of its union of probe locals structs) and
	 * MAXNESTING + 1 function frames.
	 */
	void *locals;
	void *frames;
	/* tokenize() state, kept across hits as upstream (names too). */
	char tok_str[MAXSTRINGLEN];
	char *tok_start, *tok_end;
#ifdef STP_NEED_REGEX_MATCH
	/* The last =~ for matched(), kept across hits as upstream (regex.h). */
	struct stp_regex_match regex_match;
#endif
	/* Overload guard: start of the interval, cycles spent in it. */
	cycles_t cycles_base;
	s64 cycles_sum;
	struct stp_pbuf pbuf;
};

static struct context **stp_contexts;

/*
 * The generated code's storage in a context: its union stp_probe_locals
 * (the running probe's locals) and union stp_frame (one per call depth;
 * the caller fills the next frame's arguments, the callee's frame is the
 * one at its nesting).
 */
#define STP_LOCALS(c) ((union stp_probe_locals *)(c)->locals)
#define STP_FRAME(c) (&((union stp_frame *)(c)->frames)[(c)->nesting])
#define STP_NEXT_FRAME(c) (&((union stp_frame *)(c)->frames)[(c)->nesting + 1])

/*
 * The context of this CPU, for helpers called without one (the print
 * functions of tapset embedded C).  Only valid inside a probe handler.
 */
static inline struct context *stp_this_context(void)
{
	return stp_contexts[raw_smp_processor_id()];
}

/* Take this CPU's context; NULL if a handler already holds it. */
static struct context *stp_context_get(void)
{
	struct context *c;

	if (unlikely(!stp_contexts))
		return NULL;
	c = stp_contexts[smp_processor_id()];
	if (atomic_cmpxchg(&c->busy, 0, 1) != 0)
		return NULL;
	return c;
}

static void stp_context_put(struct context *c)
{
	atomic_set_release(&c->busy, 0);
}

#endif /* STP_CONTEXT_H */
