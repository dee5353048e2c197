// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print.c - script output.
 *
 * A probe handler's output collects in its context's print buffer
 * (STP_BUFFER_SIZE bytes) and leaves as one STP_OUTPUT message when the
 * handler ends, or earlier when the buffer fills.  These functions are
 * only called inside probe handlers, which own this CPU's context.
 */

static void stp_pbuf_flush(struct stp_pbuf *pb)
{
	stp_transport_output(pb->data, pb->len);
	pb->len = 0;
}

/*
 * For output longer than a print buffer written in pieces (histograms):
 * with o->pb set, keep what o holds in the print buffer and make sure
 * the next `need` bytes fit, flushing if they would not.
 */
static __maybe_unused void stp_out_room(struct stp_out *o, size_t need)
{
	struct stp_pbuf *pb = o->pb;

	if (!pb)
		return;
	pb->len += min(o->len, o->size);
	if (STP_BUFFER_SIZE - pb->len < need)
		stp_pbuf_flush(pb);
	o->buf = pb->data + pb->len;
	o->size = STP_BUFFER_SIZE - pb->len;
	o->len = 0;
}

/* Flush this CPU's print buffer (upstream's name, for embedded C). */
static __maybe_unused void _stp_print_flush(void)
{
	stp_pbuf_flush(&stp_this_context()->pbuf);
}

/* Room for n bytes in the print buffer; n is at most STP_BUFFER_SIZE. */
static char *stp_print_reserve(struct stp_pbuf *pb, size_t n)
{
	char *p;

	if (pb->len + n > STP_BUFFER_SIZE)
		stp_pbuf_flush(pb);
	p = pb->data + pb->len;
	pb->len += n;
	return p;
}

static void stp_print_bytes(const char *s, size_t n)
{
	struct stp_pbuf *pb = &stp_this_context()->pbuf;

	while (n) {
		size_t chunk = min_t(size_t, n, STP_BUFFER_SIZE);

		memcpy(stp_print_reserve(pb, chunk), s, chunk);
		s += chunk;
		n -= chunk;
	}
}

/* print(s) */
static __maybe_unused void _stp_print(const char *s)
{
	stp_print_bytes(s, strlen(s));
}

static __maybe_unused void _stp_print_char(char ch)
{
	*stp_print_reserve(&stp_this_context()->pbuf, 1) = ch;
}

/* println(s) */
static __maybe_unused void stp_println(const char *s)
{
	_stp_print(s);
	_stp_print_char('\n');
}

/*
 * Format straight into the free part of the print buffer; if the text
 * does not fit, flush what is there and format again into the whole
 * buffer (a longer text is truncated to STP_BUFFER_SIZE, as upstream).
 */
static void stp_vprintf(bool script, const char *fmt, va_list ap)
{
	struct context *c = stp_this_context();
	struct stp_pbuf *pb = &c->pbuf;
	const char *err = c->last_error;
	struct stp_out o;
	va_list aq;

	for (;;) {
		o.buf = pb->data + pb->len;
		o.size = STP_BUFFER_SIZE - pb->len;
		o.len = 0;
		va_copy(aq, ap);
		stp_vformat(&o, STP_BUFFER_SIZE, script, fmt, &aq);
		va_end(aq);
		if (o.len <= o.size || pb->len == 0)
			break;
		stp_pbuf_flush(pb);
	}
	/* A %m/%M read fault: upstream prints nothing of this printf. */
	if (!err && c->last_error)
		return;
	pb->len += min(o.len, o.size);
}

/* printf() of the script; see vsprintf.c for the argument rules. */
static __maybe_unused void stp_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vprintf(true, fmt, ap);
	va_end(ap);
}

/* printf for embedded C: C argument rules, plus %b, %m, %M. */
static __maybe_unused void _stp_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vprintf(false, fmt, ap);
	va_end(ap);
}
