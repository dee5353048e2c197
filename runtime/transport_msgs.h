/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * transport_msgs.h - the wire protocol between a stap module and staprun.
 *
 * This header is shared: the runtime (kernel) and staprun (user space)
 * both include it, so it holds only fixed-width types and constants.
 *
 * The channel
 * -----------
 * Once loaded, the module creates the directory /proc/systemtap-MODNAME
 * (MODNAME as the kernel knows the module) holding one file, "ctl", mode
 * 0600, that only one process may have open at a time (a second open
 * fails with EBUSY).  Everything travels through it, in order: script
 * output, warnings and errors, and the control messages below.  One
 * ordered stream means stdout and stderr text come out in the order the
 * script produced them, and staprun needs no per-CPU reader threads.
 *
 * Every message is a struct stp_msg_hdr followed by hdr.len payload
 * bytes.  write(2) on ctl carries exactly one message.  read(2) returns
 * one or more whole messages, never part of one; it blocks until one is
 * queued (poll(2) reports POLLIN), or returns -EAGAIN with O_NONBLOCK.
 * A reader must offer at least STP_MSG_MAX bytes; a smaller buffer that
 * cannot hold the next message gets -EINVAL.
 *
 * A session, as staprun drives it
 * -------------------------------
 *   staprun                                 module
 *   init_module/finit_module(params)  -->   allocates, creates ctl; no
 *                                           probe is armed yet
 *   open ctl
 *   STP_SYMBOL ... (optional)         -->   addresses from /proc/kallsyms
 *   STP_TZINFO (optional)             -->
 *   STP_START {target}                -->   registers probes, runs begin
 *                                     <--   STP_OUTPUT/STP_OOB (begin's)
 *                                     <--   STP_START {res}
 *   (res < 0: the module has cleaned up and sends STP_EXIT next)
 *                                     <--   STP_OUTPUT, STP_OOB ...
 *                                     <--   STP_REQUEST_EXIT (exit(),
 *                                           too many errors)
 *   STP_EXIT (also on SIGINT, -T, -c   -->  unregisters probes, runs end
 *            child exit)                    (and error) probes, flushes
 *                                     <--   STP_OUTPUT, STP_OOB ...
 *                                     <--   STP_EXIT: nothing follows
 *   close ctl, delete_module(MODNAME)
 *
 * STP_EXIT from staprun is idempotent.  If staprun dies instead, closing
 * ctl does not stop the module; delete_module (rmmod) always runs the
 * same cleanup, end probes included, before the module goes away.
 *
 * Bulk mode (stap -b; the module is built with STP_BULKMODE)
 * -----------------------------------------------------------
 * Script output does not go through ctl but through one file per CPU
 * online at load time, /proc/systemtap-MODNAME/traceN (STP_TRACE_NAME,
 * N the CPU number), each fed by a buffer of _stp_bufsize MiB of its
 * own, so CPUs never share a buffer.  A read of traceN returns whole
 * records (struct stp_trace_hdr + payload: one print buffer flush of a
 * handler on CPU N), as many as fit; poll and O_NONBLOCK work as on
 * ctl.  Sequence numbers count records of all CPUs from 1, so that the
 * files can be merged in order later: staprun writes the records as
 * they are into one file per CPU (upstream's bulk file format, which
 * stap-merge reads).  Control messages, warnings and errors stay on ctl.
 * Once staprun has seen STP_EXIT on ctl, the module has flushed every
 * record: staprun reads the trace files until they are empty.
 *
 * Detached modules (staprun -L, SIGQUIT, stap -F): flight recorder
 * ------------------------------------------------------------------
 * While nobody has ctl open, a message or record that does not fit
 * makes room by discarding the oldest ones (the newest output is kept
 * for the next `staprun -A`), instead of being counted as lost.  On
 * each open of ctl the module repeats STP_REQUEST_EXIT if the script
 * asked to stop meanwhile.  With STP_START_LOAD_ONLY in its STP_START,
 * staprun -L reads nothing: the write(2) of STP_START fails with the
 * module's error (-res) when it could not start, and when it started,
 * no START reply is queued, so all output, begin probes' included,
 * waits for `staprun -A` as upstream's does.
 *
 * Output is never dropped silently.  Control messages (STP_START reply,
 * STP_OOB, STP_REQUEST_EXIT, STP_EXIT) have reserved room and are never
 * dropped; STP_OUTPUT that does not fit the buffer (module parameter
 * _stp_bufsize, in MiB, from `stap -s N`) is counted, and the module
 * reports the count in an STP_OOB warning before its final STP_EXIT.
 */
#ifndef STP_TRANSPORT_MSGS_H
#define STP_TRANSPORT_MSGS_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
#endif

/* The directory under /proc is STP_PROC_PREFIX followed by MODNAME. */
#define STP_PROC_PREFIX "systemtap-"
#define STP_CTL_NAME "ctl"

/* The largest message, header included; readers offer at least this. */
#define STP_MSG_MAX 65536

struct stp_msg_hdr {
	u32 type;	/* enum stp_msg_type */
	u32 len;	/* payload bytes that follow */
};

enum stp_msg_type {
	/*
	 * staprun -> module: start; payload struct stp_msg_start (res 0).
	 * module -> staprun: begin probes have run; res 0, or a negative
	 * errno when the module could not start.
	 */
	STP_START = 1,
	/*
	 * staprun -> module: stop (no payload).
	 * module -> staprun: stopped, all output sent (no payload).
	 */
	STP_EXIT = 2,
	/* module -> staprun: script output bytes, for stdout or -o FILE. */
	STP_OUTPUT = 3,
	/*
	 * module -> staprun: text for stderr, whole lines, e.g.
	 * "ERROR: division by 0 near operator '/' at f.stp:2:9\n" or
	 * "WARNING: Number of errors: 1, skipped probes: 0\n".  Lines that
	 * start with "ERROR: " make staprun's exit status 1.
	 */
	STP_OOB = 4,
	/* module -> staprun: the script asked to stop; answer STP_EXIT. */
	STP_REQUEST_EXIT = 5,
	/* module -> staprun: run the payload (a NUL-terminated command)
	 * with /bin/sh -c, for the system() tapset function. */
	STP_SYSTEM = 6,
	/* staprun -> module, before STP_START: struct stp_msg_symbol. */
	STP_SYMBOL = 7,
	/* staprun -> module, before STP_START: struct stp_msg_tzinfo. */
	STP_TZINFO = 8,
	/* staprun -> module, before STP_START: struct stp_msg_privilege. */
	STP_PRIVILEGE = 9,
};

struct stp_msg_start {
	s32 target;	/* pid for target(): -c child, -x PID, else 0 */
	s32 res;
	u32 flags;	/* staprun -> module: STP_START_*; reply: 0 */
};

/* staprun -L: start, but queue no reply (see "Detached modules"). */
#define STP_START_LOAD_ONLY 0x1

/* Bulk mode: the per-CPU files, and each record in them. */
#define STP_TRACE_NAME "trace"

struct stp_trace_hdr {
	u32 sequence;	/* 1, 2, ... over the records of all CPUs */
	u32 len;	/* payload bytes that follow */
};

/* An address from /proc/kallsyms, e.g. kallsyms_lookup_name. */
struct stp_msg_symbol {
	u64 addr;
	char name[120];
};

struct stp_msg_tzinfo {
	s64 gmtoff;	/* seconds east of UTC */
	char name[64];
};

/* Privilege levels, as bits; root and stapdev hold all three. */
#define STP_PR_STAPUSR 0x2
#define STP_PR_STAPSYS 0x4
#define STP_PR_STAPDEV 0x8

struct stp_msg_privilege {
	u32 mask;	/* STP_PR_* the invoking user holds */
};

#endif /* STP_TRANSPORT_MSGS_H */
