/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime.h - the runtime every generated module includes.
 *
 * The generated C is one translation unit: it may define limits (see
 * runtime_defines.h) and STP_NEED_* for the optional parts it uses, then
 * includes this file, then defines its own globals, probe handlers and
 * functions, and finally `struct stp_module stp_module`.  See README for
 * the whole contract.
 *
 * Optional parts are selected by macros rather than included by the
 * generated file itself, because a quoted #include looks in the
 * includer's directory first: a module named timer.c including
 * "timer.c" would include itself.
 */
#ifndef STP_RUNTIME_H
#define STP_RUNTIME_H

#include <linux/atomic.h>
#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/rwlock.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "runtime_defines.h"
#include "transport_msgs.h"

#include "context.h"
#include "transport.c"
#include "vsprintf.c"
#include "print.c"
#include "io.c"
#include "probes.c"
#include "arith.h"
#include "string.c"
#include "copy.c"
#include "deref.h"
#include "utf.h"
#include "module.c"

#if defined(STP_NEED_STATS) || defined(STP_NEED_MAPS) || \
	defined(STP_NEED_TIMING)
#include "stat.c"
#endif
#ifdef STP_NEED_MAPS
#include "map.c"
#endif
#ifdef STP_NEED_REGEX_MATCH
#include "regex.c"
#endif
#ifdef STP_NEED_TIMERS
#include "timer.c"
#endif
#ifdef STP_NEED_TIMING
#include "timing.c"
#endif

#endif /* STP_RUNTIME_H */
