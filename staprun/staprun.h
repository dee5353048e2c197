/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * staprun.h - the loader's pieces and how they fit together.
 *
 *   main.c      the order of things: options, read, check, insert, run,
 *               remove
 *   cmdline.c   the command line (struct staprun_opts)
 *   modfile.c   the .ko image: reading it, its ELF sections, -R renaming
 *   privilege.c who may load what (root, stapdev, stapsys, stapusr)
 *   kmod.c      finit_module/init_module/delete_module
 *   ctl.c       framing of messages on the control channel
 *   ctlwriter.c the thread that writes messages to the module
 *   session.c   the conversation with a live module (testable on any fd)
 *   report.c    stderr (or syslog for -D): warnings, errors, colours
 *   output.c    the script's output: stdout, -o files, bulk per-CPU files,
 *               -S rotation, SIGUSR2 switching
 *   target.c    the -c command and system() commands
 *   kinfo.c     what the module learns from user space: kallsyms, time zone
 */
#ifndef STAPRUN_H
#define STAPRUN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "../runtime/transport_msgs.h"

#define STAPRUN_VERSION "0.1"

/* Longest module name: the kernel's MODULE_NAME_LEN (64 - sizeof(long)) less the NUL. */
#define MODNAME_MAX 55

enum color_mode { COLOR_AUTO, COLOR_NEVER, COLOR_ALWAYS };

struct staprun_opts {
	int verbose;		/* -v (repeatable), SYSTEMTAP_VERBOSE */
	int suppress_warnings;	/* -w */
	const char *target_cmd;	/* -c CMD */
	pid_t target_pid;	/* -x PID */
	const char *outfile;	/* -o FILE (strftime patterns expanded) */
	int bufsize_mb;		/* -b/-s MB, 0 = the module's default */
	int timeout_s;		/* --timeout=SECONDS, 0 = none */
	int delete_mod;		/* -d */
	int load_only;		/* -L */
	int attach;		/* -A */
	int rename_mod;		/* -R */
	int daemon;		/* -D */
	off_t fsize_max;	/* -S SIZE: bytes per output file, 0 = no limit */
	int fnum_max;		/* -S SIZE,N: files kept, 0 = all */
	enum color_mode color;	/* -C WHEN */
	const char *module;	/* MODULE argument: a path or a name */
	char **modopts;		/* var=val ... */
	int n_modopts;
	const char *kallsyms;	/* where symbols come from (tests: a file) */
};

/* cmdline.c: fills *o; on a bad command line prints why and exits 1. */
void parse_options(int argc, char **argv, struct staprun_opts *o);

/* report.c: messages of staprun itself, in upstream's shape. */
extern int stap_verbose;
void report_init(enum color_mode mode);
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dbug(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int write_all(int fd, const void *buf, size_t len);
/* From now on, messages go to syslog as "stapio" (a -D daemon's). */
void report_to_syslog(void);

/*
 * The module's stderr text (STP_OOB).  Returns 1 when a line started
 * with "ERROR: ".  Duplicate warnings are dropped unless verbose.
 */
struct warn_seen;
struct oob_state {
	int suppress_warnings;
	struct warn_seen *seen;
};
int report_oob(struct oob_state *st, const char *text, size_t len);
void oob_state_free(struct oob_state *st);

/* output.c: one stream, or one per CPU in bulk mode (per trace file). */
struct out_stream {
	int fd;			/* STDOUT_FILENO, a file, or -1 */
	int cpu;		/* bulk mode: its CPU */
	int fnum;		/* number of the current file (switches) */
	off_t written;		/* bytes in the current file */
	char **names;		/* with -S SIZE,N: the last N file names */
};
struct output {
	char *pattern;		/* -o FILE made absolute, or NULL */
	int bulk;
	off_t fsize_max;
	int fnum_max;
	struct out_stream *st;
	int n;
};
/* Bulk mode when ncpus > 0: one file per entry of cpus[]. */
int output_open(struct output *out, const struct staprun_opts *o,
		const int *cpus, int ncpus);
/* The fd for LEN more bytes of stream I (after -S rotation), or -1. */
int output_fd(struct output *out, int i, size_t len);
void output_wrote(struct output *out, int i, size_t len);
int output_switch(struct output *out);	/* SIGUSR2 */
int output_close(struct output *out);

/* modfile.c */
struct module_image {
	char *path;		/* canonical path */
	int fd;			/* open, O_CLOEXEC; -1 if not kept */
	int regular;		/* a regular file (finit_module can use fd) */
	unsigned char *data;
	size_t size;
	char name[MODNAME_MAX + 1];
	int privilege;		/* STP_PR_* the module requires */
	int renamed;		/* data differs from the file (-R) */
};
int resolve_module_path(const char *arg, char *out, size_t outsz);
int read_module(const char *arg, struct module_image *m);
int rename_module(struct module_image *m, pid_t pid);
void free_module(struct module_image *m);
/* Exposed for tests and for -d/-A argument checking. */
void modname_from_path(const char *path, char *out, size_t outsz);
int valid_modname(const char *name);

/* privilege.c */
int user_privilege(void);	/* STP_PR_* mask of the real user */
int check_privilege(const struct module_image *m);
const char *privilege_name(int mask);

/* kmod.c */
int insert_module(struct module_image *m, const struct staprun_opts *o);
int remove_module(const char *name);
int is_stap_module(const char *name);

/* ctl.c: one message per write; reads return whole messages. */
int ctl_send(int fd, uint32_t type, const void *payload, uint32_t len);

struct ctl_reader {
	unsigned char *buf;	/* 2 * STP_MSG_MAX */
	size_t have;		/* bytes in buf */
	size_t pos;		/* start of the next unparsed message */
};
int ctl_reader_init(struct ctl_reader *r);
void ctl_reader_free(struct ctl_reader *r);
/* Reads once; returns bytes read, 0 at EOF, -1 on error (errno). */
ssize_t ctl_fill(struct ctl_reader *r, int fd);
/*
 * Next whole message from what was read: 1 with *hdr and *payload set, 0 if
 * none is complete yet, -1 if the stream is malformed.
 */
int ctl_next(struct ctl_reader *r, struct stp_msg_hdr *hdr,
	     const unsigned char **payload);

/* ctlwriter.c: messages queued for the main thread to write in order. */
struct ctl_writer {
	int ctl_fd;
	int queue[2];		/* session loop -> writer: messages */
	int errors[2];		/* writer -> session loop: ctl_write_error */
	unsigned long queued;	/* messages queued (session loop only) */
	unsigned long written;	/* messages written (atomic; the writer) */
};
struct ctl_write_error {
	uint32_t type;		/* of the message that failed */
	int err;		/* errno */
};
int writer_open(struct ctl_writer *w, int ctl_fd);
void writer_serve(struct ctl_writer *w);
int writer_send(struct ctl_writer *w, uint32_t type, const void *payload,
		uint32_t len);
void writer_stop(struct ctl_writer *w);
void writer_close(struct ctl_writer *w);
int writer_busy(struct ctl_writer *w);

/* kinfo.c: messages sent before STP_START. */
int send_symbols(struct ctl_writer *w, const char *kallsyms_path);
int send_tzinfo(struct ctl_writer *w);
int send_privilege(struct ctl_writer *w, int mask);

/* target.c */
struct target_cmd {
	pid_t pid;		/* 0 if none */
	int go_fd;		/* write end of the "go" pipe, -1 when used */
};
int target_start(struct target_cmd *t, const char *cmd);
int target_release(struct target_cmd *t);
void target_abort(struct target_cmd *t);
void run_system_cmd(const char *cmd);
void drop_privileges_for_child(void);

/* session.c: everything after the control channel is open. */
enum session_end {
	SESSION_DONE,		/* the module said STP_EXIT */
	SESSION_DETACH,		/* -L, or SIGQUIT: leave it running */
	SESSION_FORCED,		/* interrupted three times, or lost channel */
};
struct session_result {
	enum session_end end;
	int status;		/* 0 ok, 1 failure */
};
void session_signals_install(void);
int session_run(int ctl_fd, struct output *out, const int *trace_fds,
		int ntrace, const struct staprun_opts *o, int privilege_mask,
		struct session_result *res);

#endif /* STAPRUN_H */
