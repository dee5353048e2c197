/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime_defines.h - limits of the runtime and their defaults.
 *
 * Every limit can be set with `stap -D NAME=VALUE`, which reaches the
 * compiler as -DNAME=VALUE; the generated C may also define a limit it
 * computes (MAXNESTING) before including runtime.h.  Defaults are those
 * of upstream SystemTap 4.8.
 */
#ifndef STP_RUNTIME_DEFINES_H
#define STP_RUNTIME_DEFINES_H

/* Bytes in a script string, including the terminating NUL. */
#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif

/*
 * Statements a probe handler may execute.  Handlers run with interrupts
 * enabled unless built with -DINTERRUPTIBLE=0, and then get the larger
 * budget, as upstream.
 */
#ifndef MAXACTION
#define MAXACTION 1000
#endif
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)
#endif
#ifndef INTERRUPTIBLE
#define INTERRUPTIBLE 1
#endif

/* Depth of script function calls; pass 3 computes it per script. */
#ifndef MAXNESTING
#define MAXNESTING 10
#endif

/* Entries of an array declared without a size. */
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048
#endif

/* Soft errors tolerated before the session stops (0: the first). */
#ifndef MAXERRORS
#define MAXERRORS 0
#endif

/* Probe hits skipped (lock timeouts, ...) before the session stops. */
#ifndef MAXSKIPPED
#define MAXSKIPPED 100
#endif

/* Attempts, TRYLOCKDELAY microseconds apart, to take a global's lock. */
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 100
#endif
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10
#endif

/* Free kernel stack (of the task's stack) a probe needs to run. */
#ifndef MINSTACKSPACE
#define MINSTACKSPACE 1024
#endif

/* Bytes of script output a probe handler buffers before flushing. */
#ifndef STP_BUFFER_SIZE
#define STP_BUFFER_SIZE 8192
#endif

/* Default transport buffer in MiB when staprun passes no _stp_bufsize. */
#ifndef STP_DEFAULT_BUFSIZE
#define STP_DEFAULT_BUFSIZE 4
#endif

/*
 * Overload guard: if the probe handlers of one CPU spend more than
 * STP_OVERLOAD_THRESHOLD cycles within STP_OVERLOAD_INTERVAL cycles, the
 * session fails (upstream: about half a CPU).  -DSTP_NO_OVERLOAD, or
 * --suppress-time-limits (STAP_SUPPRESS_TIME_LIMITS_ENABLE), turn it off.
 */
#ifndef STP_OVERLOAD_INTERVAL
#define STP_OVERLOAD_INTERVAL 1000000000LL
#endif
#ifndef STP_OVERLOAD_THRESHOLD
#define STP_OVERLOAD_THRESHOLD 500000000LL
#endif
#if !defined(STP_NO_OVERLOAD) && !defined(STAP_NO_OVERLOAD) && \
	!defined(STAP_SUPPRESS_TIME_LIMITS_ENABLE)
#define STP_OVERLOAD
#endif

/* Histograms: buckets of @hist_log, bar width, zero-run elision. */
#ifndef HIST_LOG_BUCKETS
#define HIST_LOG_BUCKETS 128
#endif
#ifndef HIST_WIDTH
#define HIST_WIDTH 50
#endif
#ifndef HIST_ELISION
#define HIST_ELISION 2
#endif

#endif /* STP_RUNTIME_DEFINES_H */
