// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_session.c - staprun's session code against a fake module.
 *
 *   build/test-session SCENARIO [staprun options] MODULE
 *
 * The options are staprun's own (parsed by cmdline.c); MODULE is only a
 * placeholder, nothing is loaded.  A child process plays the module on
 * one end of a socketpair, following SCENARIO and checking each message
 * staprun sends; the parent runs session_run() on the other end, exactly
 * as staprun does on /proc/systemtap-MOD/ctl.  A stream socket may split
 * messages anywhere, so this also exercises the reader's reassembly.
 *
 * The fake module reports what it received as STP_OUTPUT, so it shows up
 * on stdout in order with everything else.  At the end the driver prints
 *     test-session: end=done|detach|forced status=N
 * on stderr and exits with the session's status (0 or 1), or 3 if the
 * fake module saw something it did not expect (its complaint, prefixed
 * "fake module:", is on stderr too).
 *
 * Environment: STAPRUN_TEST_KALLSYMS is the kallsyms file to read
 * (default: none); TEST_FLAG a file the "cmd" scenarios create when the
 * module goes live; TEST_SYSTEM_OUT the file the "system" scenario's
 * command writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "staprun.h"

/* ---- the fake module ------------------------------------------------ */

static int mod_fd;
static struct ctl_reader mod_rd;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						      noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fake module: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	_exit(2);
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void say(uint32_t type, const void *p, uint32_t len)
{
	struct stp_msg_hdr h = { type, len };

	if (write_all(mod_fd, &h, sizeof(h)) < 0 ||
	    (len && write_all(mod_fd, p, len) < 0))
		fail("write: %s", strerror(errno));
}

static void out(const char *text)
{
	say(STP_OUTPUT, text, (uint32_t)strlen(text));
}

static void oob(const char *text)
{
	say(STP_OOB, text, (uint32_t)strlen(text));
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out(buf);
}

static void reply_start(int res)
{
	struct stp_msg_start st = { 0, res, 0 };

	say(STP_START, &st, sizeof(st));
}

/*
 * next: the next message from staprun, waiting at most MS ms.  Returns
 * its type, or -1 at EOF; *p and *len describe the payload.
 */
static int next(int ms, const unsigned char **p, uint32_t *len)
{
	struct pollfd pfd = { .fd = mod_fd, .events = POLLIN };
	struct stp_msg_hdr h;
	const unsigned char *dummy;
	int r;

	if (!p)
		p = &dummy;
	for (;;) {
		r = ctl_next(&mod_rd, &h, p);
		if (r < 0)
			fail("malformed message from staprun");
		if (r == 1) {
			if (len)
				*len = h.len;
			return (int)h.type;
		}
		r = poll(&pfd, 1, ms);
		if (r == 0)
			fail("timed out waiting for a message");
		if (r < 0 && errno != EINTR)
			fail("poll: %s", strerror(errno));
		if (r > 0) {
			ssize_t n = ctl_fill(&mod_rd, mod_fd);

			/* Closed with our messages unread: also the end. */
			if (n == 0 || (n < 0 && errno == ECONNRESET))
				return -1;
			if (n < 0)
				fail("read: %s", strerror(errno));
		}
	}
}

static void expect(int type, const char *what)
{
	int t = next(5000, NULL, NULL);

	if (t != type)
		fail("expected %s, got %d", what, t);
}

static void expect_eof(void)
{
	int t = next(5000, NULL, NULL);

	if (t != -1)
		fail("expected the channel closed, got message %d", t);
}

/*
 * prelude: what staprun sends before START, up to START itself; returns
 * the target.  With REPORT, what arrived is sent back as output.
 */
static uint32_t start_flags;	/* of the last STP_START */

static int prelude(int report)
{
	const unsigned char *p;
	uint32_t len;
	int t, seen_tz = 0, seen_priv = 0;

	for (;;) {
		t = next(5000, &p, &len);
		if (t == STP_SYMBOL) {
			struct stp_msg_symbol s;

			if (len != sizeof(s))
				fail("STP_SYMBOL of %u bytes", len);
			memcpy(&s, p, sizeof(s));
			if (report)
				outf("symbol %s %llx\n", s.name,
				     (unsigned long long)s.addr);
		} else if (t == STP_TZINFO) {
			struct stp_msg_tzinfo tz;

			if (len != sizeof(tz))
				fail("STP_TZINFO of %u bytes", len);
			memcpy(&tz, p, sizeof(tz));
			if (report)
				outf("tzinfo %s %lld\n", tz.name,
				     (long long)tz.gmtoff);
			seen_tz = 1;
		} else if (t == STP_PRIVILEGE) {
			struct stp_msg_privilege pr;

			if (len != sizeof(pr))
				fail("STP_PRIVILEGE of %u bytes", len);
			memcpy(&pr, p, sizeof(pr));
			if (report)
				outf("privilege %#x\n", pr.mask);
			seen_priv = 1;
		} else if (t == STP_START) {
			struct stp_msg_start st;

			if (len != sizeof(st))
				fail("STP_START of %u bytes", len);
			if (!seen_tz || !seen_priv)
				fail("STP_START before STP_TZINFO/STP_PRIVILEGE");
			memcpy(&st, p, sizeof(st));
			start_flags = st.flags;
			return st.target;
		} else {
			fail("unexpected message %d before STP_START", t);
		}
	}
}

/* The usual end: staprun's STP_EXIT, end-probe output, our STP_EXIT. */
static void finish(void)
{
	expect(STP_EXIT, "STP_EXIT");
	out("end\n");
	say(STP_EXIT, NULL, 0);
}

static void sc_hello(void)
{
	struct stp_msg_hdr h = { STP_OUTPUT, 6 };

	prelude(0);
	out("begin\n");
	reply_start(0);
	/* One message in three writes, to exercise reassembly. */
	write_all(mod_fd, &h, 3);
	msleep(50);
	write_all(mod_fd, (char *)&h + 3, sizeof(h) - 3);
	write_all(mod_fd, "hel", 3);
	msleep(50);
	write_all(mod_fd, "lo\n", 3);
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_prelude(void)
{
	outf("target %d\n", prelude(1));
	reply_start(0);
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_oob(void)
{
	prelude(0);
	reply_start(0);
	oob("WARNING: first warning\n");
	oob("WARNING: first warning\n");
	oob("plain text from the module\n");
	oob("WARNING: second warning\nWARNING: first warning\n");
	out("output between\n");
	oob("ERROR: division by 0 near operator '/' at <input>:1:27\n");
	say(STP_REQUEST_EXIT, NULL, 0);
	expect(STP_EXIT, "STP_EXIT");
	oob("WARNING: Number of errors: 1, skipped probes: 0\n");
	say(STP_EXIT, NULL, 0);
}

static void sc_dedup(void)
{
	int i;

	prelude(0);
	reply_start(0);
	/* 1024 are remembered; the rest are shown every time. */
	for (i = 0; i < 1030; i++) {
		char w[64];

		snprintf(w, sizeof(w), "WARNING: w%d\n", i);
		oob(w);
	}
	oob("WARNING: w0\n");		/* remembered: dropped */
	oob("WARNING: w1029\n");	/* not remembered: shown again */
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_startfail(int with_error)
{
	prelude(0);
	if (with_error)
		oob("ERROR: probe registration error [man warning::pass5] (rc -22)\n");
	reply_start(with_error ? -22 : -12);
	say(STP_EXIT, NULL, 0);
	/* staprun must not send STP_EXIT to a module that never started. */
	expect_eof();
}

static void sc_signal(int count)
{
	int i;

	prelude(0);
	reply_start(0);
	out("running\n");
	/* Standard signals do not queue: one at a time, each answered. */
	for (i = 0; i < count; i++) {
		if (kill(getppid(), SIGINT) < 0)
			fail("kill: %s", strerror(errno));
		if (i < 2)
			expect(STP_EXIT, "STP_EXIT after SIGINT");
	}
	if (count < 3) {
		out("end\n");
		say(STP_EXIT, NULL, 0);
	} else {
		expect_eof();
	}
}

static void sc_quit(void)
{
	prelude(0);
	reply_start(0);
	out("running\n");
	kill(getppid(), SIGQUIT);
	expect_eof();		/* detached: no STP_EXIT */
}

static void sc_loadonly(void)
{
	prelude(0);
	/* -L asks for no reply, and reads nothing (transport_msgs.h). */
	if (start_flags != STP_START_LOAD_ONLY)
		fail("STP_START flags %#x, not STP_START_LOAD_ONLY", start_flags);
	/* staprun may have closed the channel already: then the write
	 * fails with EPIPE, which is as good as not being read. */
	if (write_all(mod_fd, &(struct stp_msg_hdr){ STP_OUTPUT, 11 },
		      sizeof(struct stp_msg_hdr)) == 0)
		(void)write_all(mod_fd, "never read\n", 11);
	expect_eof();
}

static void sc_attach(void)
{
	out("attached\n");
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_timeout(void)
{
	struct timespec a, b;
	double dt;

	prelude(0);
	reply_start(0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	expect(STP_EXIT, "STP_EXIT from --timeout");
	clock_gettime(CLOCK_MONOTONIC, &b);
	dt = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	if (dt < 0.8 || dt > 4)
		fail("STP_EXIT after %.2f s, wanted about 1 s", dt);
	out("end\n");
	say(STP_EXIT, NULL, 0);
}

/* sc_cmd: the -c command may run only once START was answered. */
static void sc_cmd(int res)
{
	const char *flag = getenv("TEST_FLAG");
	char path[64], line[256];
	int target = prelude(0), ppid = -1;
	FILE *f;

	if (!flag)
		fail("TEST_FLAG not set");
	snprintf(path, sizeof(path), "/proc/%d/status", target);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "PPid: %d", &ppid);
	if (f)
		fclose(f);
	if (target <= 0 || ppid != getppid())
		fail("target %d is not a child of staprun", target);
	msleep(100);		/* a child that ran early would fail now */
	f = fopen(flag, "w");
	if (!f)
		fail("can't create %s", flag);
	fputs("module-live\n", f);
	fclose(f);
	reply_start(res);
	if (res < 0) {
		say(STP_EXIT, NULL, 0);
		expect_eof();
		return;
	}
	finish();
}

/* sc_cmd_sigint: a SIGINT sent to staprun goes to the running command. */
static void sc_cmd_sigint(void)
{
	prelude(0);
	reply_start(0);
	msleep(100);
	kill(getppid(), SIGINT);
	finish();
}

static void sc_system(void)
{
	const char *file = getenv("TEST_SYSTEM_OUT");
	char cmd[512];
	struct stat st;
	int i;

	if (!file)
		fail("TEST_SYSTEM_OUT not set");
	prelude(0);
	reply_start(0);
	snprintf(cmd, sizeof(cmd), "echo from-system > '%s.tmp' && mv '%s.tmp' '%s'",
		 file, file, file);
	say(STP_SYSTEM, cmd, (uint32_t)strlen(cmd) + 1);
	for (i = 0; i < 100 && stat(file, &st) < 0; i++)
		msleep(50);
	if (i == 100)
		fail("system() command did not run");
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_eof(void)
{
	prelude(0);
	reply_start(0);
	out("running\n");
	close(mod_fd);
	_exit(0);
}

static void sc_unknown(void)
{
	prelude(0);
	reply_start(0);
	say(99, "x", 1);
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static void sc_big(void)
{
	static char buf[STP_MSG_MAX - sizeof(struct stp_msg_hdr)];
	int i;

	prelude(0);
	reply_start(0);
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 3; i++)
		say(STP_OUTPUT, buf, sizeof(buf));
	say(STP_REQUEST_EXIT, NULL, 0);
	expect(STP_EXIT, "STP_EXIT");
	say(STP_EXIT, NULL, 0);
}

/* sc_epipe: output keeps coming until staprun, unable to write, stops. */
static void sc_epipe(void)
{
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	int i;

	prelude(0);
	reply_start(0);
	pfd.fd = mod_fd;
	for (i = 0; i < 500; i++) {
		out("line\n");
		if (poll(&pfd, 1, 10) > 0)
			break;
	}
	expect(STP_EXIT, "STP_EXIT after the output failed");
	say(STP_EXIT, NULL, 0);
}

/*
 * sc_blocked: staprun's stdout is a pipe nobody reads (the test sets that
 * up); interrupts must still get through, the third one giving up.
 */
static void sc_blocked(void)
{
	static char buf[60000];
	int i;

	prelude(0);
	reply_start(0);
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 3; i++)
		say(STP_OUTPUT, buf, sizeof(buf));
	for (i = 0; i < 3; i++) {
		msleep(200);
		kill(getppid(), SIGINT);
	}
	while (next(5000, NULL, NULL) == STP_EXIT)
		;		/* two, one per interrupt; then EOF */
}

/* SIGUSR2 between two outputs: the second goes to the next -o file. */
static void sc_usr2(void)
{
	prelude(0);
	reply_start(0);
	out("one\n");
	msleep(200);
	kill(getppid(), SIGUSR2);
	msleep(200);
	out("two\n");
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

/* 40 outputs of 60000 bytes: 2.4 MB for -S rotation. */
static void sc_rotate(void)
{
	static char chunk[60000];
	int i;

	prelude(0);
	reply_start(0);
	for (i = 0; i < 40; i++) {
		memset(chunk, 'a' + i % 26, sizeof(chunk) - 1);
		chunk[sizeof(chunk) - 1] = '\n';
		say(STP_OUTPUT, chunk, sizeof(chunk));
	}
	say(STP_REQUEST_EXIT, NULL, 0);
	finish();
}

static const struct {
	const char *name;
	void (*fn)(void);
} plain[] = {
	{ "hello", sc_hello }, { "prelude", sc_prelude }, { "oob", sc_oob },
	{ "dedup", sc_dedup }, { "quit", sc_quit },
	{ "loadonly", sc_loadonly }, { "attach", sc_attach },
	{ "timeout", sc_timeout }, { "system", sc_system },
	{ "eof", sc_eof }, { "unknown", sc_unknown }, { "big", sc_big },
	{ "epipe", sc_epipe }, { "cmd-sigint", sc_cmd_sigint },
	{ "blocked", sc_blocked }, { "usr2", sc_usr2 },
	{ "rotate", sc_rotate },
};

static void play(const char *scenario)
{
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(scenario, plain[i].name)) {
			plain[i].fn();
			return;
		}
	if (!strcmp(scenario, "startfail"))
		sc_startfail(1);
	else if (!strcmp(scenario, "startfail-quiet"))
		sc_startfail(0);
	else if (!strcmp(scenario, "sigint"))
		sc_signal(1);
	else if (!strcmp(scenario, "sigint3"))
		sc_signal(3);
	else if (!strcmp(scenario, "cmd"))
		sc_cmd(0);
	else if (!strcmp(scenario, "cmd-startfail"))
		sc_cmd(-5);
	else
		fail("unknown scenario '%s'", scenario);
}

/* ---- the driver ----------------------------------------------------- */

static const char *end_name(enum session_end e)
{
	return e == SESSION_DONE ? "done" : e == SESSION_DETACH ? "detach"
								: "forced";
}

int main(int argc, char **argv)
{
	struct staprun_opts o;
	struct session_result res = { SESSION_FORCED, 1 };
	struct output out;
	int sv[2], st;
	const char *ks = getenv("STAPRUN_TEST_KALLSYMS");
	pid_t fake;

	if (argc < 2) {
		fprintf(stderr, "usage: test-session SCENARIO [OPTIONS] MODULE\n");
		return 2;
	}
	parse_options(argc - 1, argv + 1, &o);
	o.kallsyms = ks ? ks : "/nonexistent/kallsyms";
	stap_verbose = o.verbose;
	report_init(o.color);
	session_signals_install();

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		perror("socketpair");
		return 2;
	}
	fake = fork();
	if (fake == 0) {
		close(sv[0]);
		mod_fd = sv[1];
		if (ctl_reader_init(&mod_rd) < 0)
			fail("out of memory");
		play(argv[1]);
		_exit(0);
	}
	close(sv[1]);
	if (output_open(&out, &o, NULL, 0) < 0)
		return 2;
	session_run(sv[0], &out, NULL, 0, &o, STP_PR_STAPUSR | STP_PR_STAPSYS,
		    &res);
	if (output_close(&out) < 0)
		res.status = 1;
	close(sv[0]);
	while (waitpid(fake, &st, 0) < 0 && errno == EINTR)
		;
	fprintf(stderr, "test-session: end=%s status=%d\n", end_name(res.end),
		res.status);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return 3;
	return res.status;
}
