// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * session.c - the conversation with a live module over its ctl file.
 *
 * Everything here works on a file descriptor, not on /proc paths, so the
 * unit test (staprun/test_session.c) can run it against a fake module on
 * a socketpair.  The order of a session is in runtime/transport_msgs.h.
 * Messages to the module are queued for the main thread (ctlwriter.c), so
 * this loop, in a thread of its own, never waits on the module and always
 * keeps reading.
 *
 * Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD) stay blocked except
 * while ppoll() waits (and while output is written, see write_output),
 * so they are seen at few places.  Each interrupt sends STP_EXIT
 * (the module then runs its end probes and drains its output); the third
 * gives up waiting.  SIGQUIT detaches, leaving the module running.
 * SIGUSR2 switches the -o output to the next file (output.c).
 *
 * In bulk mode the module's output comes from one trace file per CPU
 * (runtime/transport_msgs.h), polled with ctl and copied record by
 * record into the per-CPU output files; once the module has said
 * STP_EXIT they are read until empty.
 *
 * With -L nothing is read: the write of STP_START tells whether the
 * module started (transport_msgs.h), and the output stays in the module
 * for `staprun -A`.
 *
 * While a -c command runs, SIGINT is the command's business, as with
 * upstream: the command decides whether to end, and its end stops the
 * module.  A ^C from the terminal reaches the command by itself; a
 * SIGINT sent to staprun alone (kill, stap-vm) is passed on to it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "staprun.h"

static volatile sig_atomic_t got_interrupts, got_quit, got_chld, got_usr2;
/* SIGINTs from the terminal (sent to the whole group) and from kill(2). */
static volatile sig_atomic_t got_tty_sigints, got_sent_sigints;
static sigset_t wait_mask;	/* the mask while ppoll() waits */

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGQUIT)
		got_quit = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGUSR2)
		got_usr2++;
	else if (sig == SIGINT && si && si->si_code == SI_KERNEL)
		got_tty_sigints++;
	else if (sig == SIGINT)
		got_sent_sigints++;
	else
		got_interrupts++;
}

void session_signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD,
				    SIGUSR2 };
	struct sigaction sa;
	sigset_t block;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	/* A closed stdout is reported as a write error, not a death. */
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(&wait_mask, sigs[i]);
}

struct session {
	int fd;
	struct output *out;
	const int *trace_fds;	/* bulk mode: traceN files, else none */
	int ntrace;
	unsigned char *tbuf;	/* STP_MSG_MAX bytes read from a trace file */
	int usr2_seen;		/* SIGUSR2s acted on */
	int load_failed;	/* -L: the module did not start */
	struct ctl_writer w;	/* every message to the module goes here */
	const struct staprun_opts *o;
	struct ctl_reader rd;
	struct oob_state oob;
	struct target_cmd child;
	pid_t target;
	int started;		/* the module's START reply said ok */
	int start_failed;
	int interrupts;		/* interrupts acted on */
	/* How many of got_interrupts, got_tty_sigints, got_sent_sigints
	 * were already handled. */
	int interrupts_seen, tty_sigints_seen, sent_sigints_seen;
	int timed_out;
	int error_seen;		/* an "ERROR: " line, or a failure here */
	int out_failed;
	int forced;		/* gave up while writing output */
	struct timespec deadline;
	int privilege_mask;	/* for the module, before STP_START */
	enum session_end end;
};

static void send_exit(struct session *s, const char *why)
{
	dbug(2, "sending STP_EXIT (%s)", why);
	if (writer_send(&s->w, STP_EXIT, NULL, 0) < 0)
		dbug(1, "couldn't queue STP_EXIT: %s", strerror(errno));
}

/* reap_child: the -c command ended? Then say how, and stop the module. */
static void reap_child(struct session *s)
{
	int st;
	pid_t pid;

	if (!s->child.pid)
		return;
	pid = waitpid(s->child.pid, &st, WNOHANG);
	if (pid != s->child.pid)
		return;
	s->child.pid = 0;
	if (!s->started)	/* it never ran: nothing to report */
		return;
	if (WIFSIGNALED(st)) {
		warn_msg("Child process exited with signal %d (%s)",
			 WTERMSIG(st), strsignal(WTERMSIG(st)));
		s->error_seen = 1;
	} else if (WIFEXITED(st) && WEXITSTATUS(st)) {
		warn_msg("Child process exited with status %d",
			 WEXITSTATUS(st));
		s->error_seen = 1;
	}
	send_exit(s, "-c command exited");
}

static int deadline_passed(const struct session *s)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > s->deadline.tv_sec ||
	       (now.tv_sec == s->deadline.tv_sec &&
		now.tv_nsec >= s->deadline.tv_nsec);
}

/* How often to look at the module's buffer while a write is in progress. */
#define BUSY_POLL_NS (10 * 1000 * 1000)

/* time_left: how long ppoll may wait, in *ts; NULL for no limit. */
static struct timespec *time_left(struct session *s, struct timespec *ts)
{
	struct timespec now;

	if (writer_busy(&s->w)) {
		ts->tv_sec = 0;
		ts->tv_nsec = BUSY_POLL_NS;
		return ts;
	}
	if (!s->o->timeout_s || s->timed_out)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ts->tv_sec = s->deadline.tv_sec - now.tv_sec;
	ts->tv_nsec = s->deadline.tv_nsec - now.tv_nsec;
	if (ts->tv_nsec < 0) {
		ts->tv_nsec += 1000000000L;
		ts->tv_sec--;
	}
	if (ts->tv_sec < 0)
		ts->tv_sec = ts->tv_nsec = 0;
	return ts;
}

/* interrupt: SIGTERM, SIGHUP, or SIGINT; -1 when it was the third. */
static int interrupt(struct session *s)
{
	if (++s->interrupts > 2) {
		dbug(1, "interrupted %d times: giving up on the module",
		     s->interrupts);
		return -1;
	}
	send_exit(s, "interrupt");
	return 0;
}

/* take_sigints: the new SIGINTs, SIGTERMs and SIGHUPs (see the top). */
static int take_sigints(struct session *s)
{
	int command_runs = s->child.pid && s->started;

	while (s->tty_sigints_seen < got_tty_sigints) {
		s->tty_sigints_seen++;
		if (!command_runs && interrupt(s) < 0)
			return -1;
	}
	while (s->sent_sigints_seen < got_sent_sigints) {
		s->sent_sigints_seen++;
		if (command_runs)
			kill(s->child.pid, SIGINT);
		else if (interrupt(s) < 0)
			return -1;
	}
	while (s->interrupts_seen < got_interrupts) {
		s->interrupts_seen++;
		if (interrupt(s) < 0)
			return -1;
	}
	return 0;
}

/*
 * handle_events: signals, the child, the timeout.  Returns -1 to go on,
 * or the session_end to stop with.
 */
static int handle_events(struct session *s)
{
	if (got_quit && s->started) {
		dbug(1, "SIGQUIT: detaching");
		return SESSION_DETACH;
	}
	if (s->usr2_seen != got_usr2) {
		s->usr2_seen = got_usr2;
		if (output_switch(s->out) < 0 && !s->out_failed) {
			s->out_failed = s->error_seen = 1;
			send_exit(s, "output file switch failed");
		}
	}
	if (take_sigints(s) < 0)
		return SESSION_FORCED;
	if (got_chld) {
		got_chld = 0;
		reap_child(s);
	}
	if (s->o->timeout_s && !s->timed_out && deadline_passed(s)) {
		s->timed_out = 1;
		send_exit(s, "--timeout");
	}
	return -1;
}

/*
 * write_output: all of DATA to the output, or -1 (errno set).  The
 * output may block (a stopped pager, ^S on a terminal), so signals are
 * let in while it does: an interrupt then still asks the module to stop,
 * and the third one gives up on the output (s->forced).
 */
static int write_output(struct session *s, int fd, const char *data,
			size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	sigset_t old;
	int rc = 0;

	sigprocmask(SIG_SETMASK, &wait_mask, &old);
	while (len && !rc) {
		ssize_t n = write(fd, data, len);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			if (take_sigints(s) < 0) {
				s->forced = 1;
				errno = EINTR;
				rc = -1;
			}
		} else if (n < 0 && errno == EAGAIN) {
			poll(&pfd, 1, -1);
		} else {
			rc = -1;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* handle_output: LEN bytes for output stream I (a CPU's in bulk mode). */
static void handle_output(struct session *s, int i, const void *data,
			  size_t len)
{
	int fd;

	if (s->out_failed)
		return;
	fd = output_fd(s->out, i, len);
	if (fd < 0) {		/* a new file (-S) could not be opened */
		s->out_failed = s->error_seen = 1;
		send_exit(s, "output file switch failed");
		return;
	}
	if (write_output(s, fd, data, len) == 0) {
		output_wrote(s->out, i, len);
		return;
	}
	s->out_failed = 1;
	s->error_seen = 1;
	if (s->forced)
		return;
	/* A reader that went away (EPIPE) is not worth a message. */
	if (errno != EPIPE)
		err_msg("Couldn't write the output: %s", strerror(errno));
	send_exit(s, "output failed");
}

static int handle_start(struct session *s, const unsigned char *p,
			uint32_t len)
{
	struct stp_msg_start st;

	if (len < sizeof(st)) {
		err_msg("Malformed STP_START reply (%u bytes)", len);
		return -1;
	}
	memcpy(&st, p, sizeof(st));
	dbug(2, "module start returned %d", st.res);
	if (st.res < 0) {
		/* The module has cleaned up; its STP_EXIT follows. */
		s->start_failed = 1;
		target_abort(&s->child);
		if (!s->error_seen)
			err_msg("The module failed to start: %s",
				strerror(-st.res));
		s->error_seen = 1;
		return -1;
	}
	s->started = 1;
	if (target_release(&s->child) < 0) {
		s->error_seen = 1;
		send_exit(s, "-c command failed to start");
	}
	return s->o->load_only ? SESSION_DETACH : -1;
}

static void handle_system(const unsigned char *p, uint32_t len)
{
	char *cmd = malloc((size_t)len + 1);

	if (!cmd)
		return;
	memcpy(cmd, p, len);
	cmd[len] = 0;		/* the module sends it with a NUL; be sure */
	dbug(2, "system(%s)", cmd);
	run_system_cmd(cmd);
	free(cmd);
}

/* handle_msg: one message.  Returns -1 to go on, else the session_end. */
static int handle_msg(struct session *s, const struct stp_msg_hdr *h,
		      const unsigned char *p)
{
	switch (h->type) {
	case STP_OUTPUT:
		handle_output(s, 0, p, h->len);
		return -1;
	case STP_OOB:
		s->error_seen |= report_oob(&s->oob, (const char *)p, h->len);
		return -1;
	case STP_REQUEST_EXIT:
		send_exit(s, "module asked");
		return -1;
	case STP_SYSTEM:
		handle_system(p, h->len);
		return -1;
	case STP_START:
		return handle_start(s, p, h->len);
	case STP_EXIT:
		dbug(2, "module said STP_EXIT");
		return SESSION_DONE;
	default:
		warn_msg("Ignored message of type %u", h->type);
		return -1;
	}
}

/* read_messages: what the module has queued.  -1 to go on, or an end. */
static int read_messages(struct session *s)
{
	struct stp_msg_hdr h;
	const unsigned char *p;
	ssize_t n = ctl_fill(&s->rd, s->fd);
	int r, end;

	dbug(4, "read %zd bytes%s", n,
	     writer_busy(&s->w) ? " (writer busy)" : "");
	if (n < 0 && errno == EAGAIN)
		return -1;
	if (n <= 0) {
		if (n == 0)
			err_msg("Unexpected end of the control channel");
		else
			err_msg("Couldn't read the control channel: %s",
				strerror(errno));
		s->error_seen = 1;
		return SESSION_FORCED;
	}
	while ((r = ctl_next(&s->rd, &h, &p)) == 1)
		if ((end = handle_msg(s, &h, p)) >= 0 || s->forced)
			return s->forced ? SESSION_FORCED : end;
	if (r < 0) {
		err_msg("Malformed message on the control channel");
		s->error_seen = 1;
		return SESSION_FORCED;
	}
	return -1;
}

/*
 * read_trace: what trace file I holds (bulk mode), record by record
 * to output stream I.  Returns 1 if something was read, 0 if not, -1
 * when the file cannot be read.
 */
static int read_trace(struct session *s, int i)
{
	ssize_t n;
	size_t pos = 0;

	do
		n = read(s->trace_fds[i], s->tbuf, STP_MSG_MAX);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0) {
		err_msg("Couldn't read the module's output: %s",
			strerror(errno));
		s->error_seen = 1;
		return -1;
	}
	/* Whole records only (the module's promise), copied as they are. */
	while (pos + sizeof(struct stp_trace_hdr) <= (size_t)n) {
		struct stp_trace_hdr h;
		size_t len;

		memcpy(&h, s->tbuf + pos, sizeof(h));
		len = sizeof(h) + h.len;
		if (pos + len > (size_t)n)
			break;
		handle_output(s, i, s->tbuf + pos, len);
		pos += len;
	}
	if (pos != (size_t)n) {
		err_msg("Malformed record in the module's output");
		s->error_seen = 1;
		return -1;
	}
	return n > 0;
}

/* drain_traces: the records left once the module said STP_EXIT. */
static void drain_traces(struct session *s)
{
	int i;

	for (i = 0; i < s->ntrace; i++)
		while (read_trace(s, i) > 0 && !s->forced)
			;
}

/*
 * write_failed: the writer could not deliver a message.  -1 to go on
 * when it was the STP_START of -L (the module failed to start; its
 * reply and STP_EXIT are to be read), else the session_end.
 */
static int write_failed(struct session *s)
{
	struct ctl_write_error e;

	if (read(s->w.errors[0], &e, sizeof(e)) != sizeof(e))
		e.err = EIO;
	s->error_seen = 1;
	if (e.type == STP_START && s->o->load_only) {
		dbug(2, "module start returned %d", -e.err);
		s->load_failed = 1;
		return -1;
	}
	err_msg("Couldn't send message %u to the module: %s", e.type,
		strerror(e.err));
	return SESSION_FORCED;
}

/* load_done: -L: the write of STP_START is over; did it succeed? */
static int load_done(struct session *s)
{
	struct pollfd pfd = { .fd = s->w.errors[0], .events = POLLIN };

	if (!s->o->load_only || s->load_failed || writer_busy(&s->w))
		return 0;
	/* The writer reports a failure before it counts the message. */
	if (poll(&pfd, 1, 0) > 0)
		return 0;
	s->started = 1;
	return 1;
}

static int loop(struct session *s)
{
	struct pollfd *pfd = calloc((size_t)s->ntrace + 2, sizeof(*pfd));
	struct timespec ts;
	int end = SESSION_FORCED, i;

	if (!pfd) {
		err_msg("Out of memory");
		s->error_seen = 1;
		return SESSION_FORCED;
	}
	pfd[0].fd = s->fd;
	pfd[1].fd = s->w.errors[0];
	pfd[1].events = POLLIN;
	for (i = 0; i < s->ntrace; i++) {
		pfd[i + 2].fd = s->trace_fds[i];
		pfd[i + 2].events = POLLIN;
	}
	for (;;) {
		if ((end = handle_events(s)) >= 0)
			break;
		if (load_done(s)) {
			end = SESSION_DETACH;
			break;
		}
		/* -L reads nothing unless the module failed to start. */
		pfd[0].events = s->o->load_only && !s->load_failed ? 0 : POLLIN;
		if (ppoll(pfd, (nfds_t)s->ntrace + 2, time_left(s, &ts),
			  &wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			err_msg("poll: %s", strerror(errno));
			s->error_seen = 1;
			end = SESSION_FORCED;
			break;
		}
		if (pfd[1].revents && (end = write_failed(s)) >= 0)
			break;
		for (i = 0; i < s->ntrace; i++)
			if (pfd[i + 2].revents && read_trace(s, i) < 0) {
				send_exit(s, "trace file unreadable");
				pfd[i + 2].fd = -1;
			}
		if (pfd[0].revents && (end = read_messages(s)) >= 0)
			break;
	}
	free(pfd);
	return end;
}

/* prelude: what the module gets before STP_START, then STP_START. */
static int prelude(struct session *s, int privilege_mask)
{
	struct stp_msg_start st = { 0 };

	st.flags = s->o->load_only ? STP_START_LOAD_ONLY : 0;

	if (s->o->target_cmd) {
		if (target_start(&s->child, s->o->target_cmd) < 0)
			return -1;
		s->target = s->child.pid;
	} else {
		s->target = s->o->target_pid;
	}
	if (send_symbols(&s->w, s->o->kallsyms) < 0 ||
	    send_tzinfo(&s->w) < 0 ||
	    send_privilege(&s->w, privilege_mask) < 0)
		goto fail;
	st.target = s->target;
	dbug(2, "sending STP_START, target %d", (int)st.target);
	if (writer_send(&s->w, STP_START, &st, sizeof(st)) < 0)
		goto fail;
	return 0;
fail:
	err_msg("Couldn't queue a message for the module: %s",
		strerror(errno));
	target_abort(&s->child);
	return -1;
}

/* The session loop's thread: everything but the writes to ctl. */
static void *session_thread(void *arg)
{
	struct session *s = arg;

	if (s->o->attach) {
		s->started = 1;		/* it was started by staprun -L */
		s->end = loop(s);
	} else if (prelude(s, s->privilege_mask) < 0) {
		s->error_seen = 1;
		s->end = SESSION_FORCED;
	} else {
		s->end = loop(s);
	}
	if (s->end == SESSION_DONE)
		drain_traces(s);
	/* A child that never got its go byte exits on the closed pipe. */
	target_abort(&s->child);
	writer_stop(&s->w);
	return NULL;
}

int session_run(int ctl_fd, struct output *out, const int *trace_fds,
		int ntrace, const struct staprun_opts *o, int privilege_mask,
		struct session_result *res)
{
	struct session s;
	pthread_t loop_thread;
	int rc;

	memset(&s, 0, sizeof(s));
	s.fd = ctl_fd;
	s.out = out;
	s.trace_fds = trace_fds;
	s.ntrace = ntrace;
	s.usr2_seen = got_usr2;
	s.o = o;
	s.privilege_mask = privilege_mask;
	s.child.go_fd = -1;
	s.oob.suppress_warnings = o->suppress_warnings;
	res->end = SESSION_FORCED;
	res->status = 1;
	s.tbuf = malloc(STP_MSG_MAX);
	if (!s.tbuf || ctl_reader_init(&s.rd) < 0) {
		err_msg("Out of memory");
		free(s.tbuf);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &s.deadline);
	s.deadline.tv_sec += o->timeout_s;
	rc = writer_open(&s.w, ctl_fd) < 0 ? errno : 0;
	if (!rc) {
		rc = pthread_create(&loop_thread, NULL, session_thread, &s);
		if (rc)
			writer_close(&s.w);
	}
	if (rc) {
		err_msg("Couldn't start the session: %s", strerror(rc));
		ctl_reader_free(&s.rd);
		free(s.tbuf);
		return -1;
	}
	/* The module runs begin and end probes in this, the main, thread. */
	writer_serve(&s.w);
	pthread_join(loop_thread, NULL);
	writer_close(&s.w);
	res->end = s.end;
	res->status = s.error_seen || s.start_failed;
	ctl_reader_free(&s.rd);
	free(s.tbuf);
	oob_state_free(&s.oob);
	return 0;
}
