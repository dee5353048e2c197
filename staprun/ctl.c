// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctl.c - framing on the control channel (runtime/transport_msgs.h).
 *
 * The module's ctl file hands out whole messages, but the reader below
 * also copes with a byte stream that splits them (a pipe or a stream
 * socket, as in the unit tests): it keeps what it has read and returns
 * messages only once they are complete.  Every read offers at least
 * STP_MSG_MAX bytes, as the module requires.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "staprun.h"

int ctl_send(int fd, uint32_t type, const void *payload, uint32_t len)
{
	unsigned char buf[sizeof(struct stp_msg_hdr) + 512];
	struct stp_msg_hdr hdr = { .type = type, .len = len };
	ssize_t n;

	/* One write per message: the module takes each write as one. */
	if (len > sizeof(buf) - sizeof(hdr)) {
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(buf + sizeof(hdr), payload, len);
	do
		n = write(fd, buf, sizeof(hdr) + len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != sizeof(hdr) + len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int ctl_reader_init(struct ctl_reader *r)
{
	r->buf = malloc(2 * STP_MSG_MAX);
	r->have = r->pos = 0;
	return r->buf ? 0 : -1;
}

void ctl_reader_free(struct ctl_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

ssize_t ctl_fill(struct ctl_reader *r, int fd)
{
	ssize_t n;

	/*
	 * Move the unparsed rest (less than one message, so less than
	 * STP_MSG_MAX) to the front; that leaves at least STP_MSG_MAX free.
	 */
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->have - r->pos);
		r->have -= r->pos;
		r->pos = 0;
	}
	do
		n = read(fd, r->buf + r->have, 2 * STP_MSG_MAX - r->have);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->have += (size_t)n;
	return n;
}

int ctl_next(struct ctl_reader *r, struct stp_msg_hdr *hdr,
	     const unsigned char **payload)
{
	size_t avail = r->have - r->pos;

	if (avail < sizeof(*hdr))
		return 0;
	memcpy(hdr, r->buf + r->pos, sizeof(*hdr));
	if (hdr->len > STP_MSG_MAX - sizeof(*hdr))
		return -1;
	if (avail < sizeof(*hdr) + hdr->len)
		return 0;
	*payload = r->buf + r->pos + sizeof(*hdr);
	r->pos += sizeof(*hdr) + hdr->len;
	return 1;
}
