// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctlwriter.c - messages to the module, written by staprun's main thread.
 *
 * The module handles a message inside the write(2) that carries it: the
 * write of STP_START returns after the begin probes ran, that of STP_EXIT
 * after the end probes ran.  Those probes run in the writing thread, so
 * it is the main thread (as with upstream's stapio: pid() == tid() in a
 * begin probe).  Output they print meanwhile waits in the module's
 * buffer; if the session loop were blocked in that write, a long end
 * probe would overflow the buffer and lose output.  So the session loop
 * runs in a thread of its own and only queues messages (on a pipe, each
 * message one atomic write), and keeps reading, while the main thread
 * writes them to ctl in order (writer_serve).  A write that fails is
 * reported back on a second pipe, which the session loop polls.
 *
 * Probe handlers do not wake the reader (the module's timer does, and
 * it may not get to run on a CPU busy with probes), so while a write is
 * in progress the session loop polls on a short timeout (writer_busy);
 * poll(2) on ctl looks at the buffer itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "staprun.h"

/* A queued message: header and payload, small enough for PIPE_BUF. */
struct queued {
	struct stp_msg_hdr hdr;
	unsigned char payload[sizeof(struct stp_msg_symbol)];
};

static int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * writer_serve: write the queued messages in order until writer_stop.
 * Runs in the calling (main) thread; returns once the queue is closed.
 */
void writer_serve(struct ctl_writer *w)
{
	struct queued m;

	while (read_full(w->queue[0], &m.hdr, sizeof(m.hdr)) == 0) {
		if (m.hdr.len > sizeof(m.payload) ||
		    read_full(w->queue[0], m.payload, m.hdr.len) < 0)
			break;
		if (ctl_send(w->ctl_fd, m.hdr.type, m.payload, m.hdr.len) < 0) {
			struct ctl_write_error e = { m.hdr.type, errno };

			if (write(w->errors[1], &e, sizeof(e)) < 0)
				break;
		}
		__atomic_add_fetch(&w->written, 1, __ATOMIC_RELEASE);
	}
}

int writer_open(struct ctl_writer *w, int ctl_fd)
{
	w->ctl_fd = ctl_fd;
	w->queued = w->written = 0;
	if (pipe2(w->queue, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(w->errors, O_CLOEXEC) < 0) {
		close(w->queue[0]);
		close(w->queue[1]);
		return -1;
	}
	return 0;
}

int writer_send(struct ctl_writer *w, uint32_t type, const void *payload,
		uint32_t len)
{
	struct queued m;
	ssize_t n;

	if (len > sizeof(m.payload)) {
		errno = EMSGSIZE;
		return -1;
	}
	m.hdr.type = type;
	m.hdr.len = len;
	if (len)
		memcpy(m.payload, payload, len);
	do
		n = write(w->queue[1], &m, sizeof(m.hdr) + len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)(sizeof(m.hdr) + len))
		return -1;
	w->queued++;
	return 0;
}

int writer_busy(struct ctl_writer *w)
{
	return __atomic_load_n(&w->written, __ATOMIC_ACQUIRE) != w->queued;
}

/*
 * writer_stop: no more messages; writer_serve returns after the last
 * (a write in progress ends when the module's probes in it end).
 */
void writer_stop(struct ctl_writer *w)
{
	if (w->queue[1] >= 0)
		close(w->queue[1]);
	w->queue[1] = -1;
}

/* writer_close: after writer_serve returned. */
void writer_close(struct ctl_writer *w)
{
	writer_stop(w);
	close(w->queue[0]);
	close(w->errors[0]);
	close(w->errors[1]);
}
