// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * io.c - warnings and errors for staprun's stderr.
 *
 * Each is one STP_OOB line "WARNING: ..." or "ERROR: ...", sent at once.
 * Inside a probe handler the handler's pending output is flushed first,
 * so that stdout and stderr text keep the order the script made them in.
 */

#define STP_WARN_PREFIX "WARNING: "
#define STP_ERR_PREFIX "ERROR: "

/* Flush the print buffer if called from a probe handler. */
static void stp_flush_if_in_probe(void)
{
	struct context *c;

	if (!stp_contexts)
		return;
	c = stp_this_context();
	if (atomic_read(&c->busy) && !preemptible())
		stp_pbuf_flush(&c->pbuf);
}

/* Send prefix + text + a newline if text lacks one. */
static void stp_oob_line(const char *prefix, const char *text, size_t len)
{
	struct kvec iov[3] = {
		{ .iov_base = (void *)prefix, .iov_len = strlen(prefix) },
		{ .iov_base = (void *)text, .iov_len = len },
		{ .iov_base = "\n", .iov_len = 1 },
	};

	stp_flush_if_in_probe();
	stp_transport_oob(iov, len && text[len - 1] == '\n' ? 2 : 3);
}

static void stp_vlog(const char *prefix, const char *fmt, va_list ap)
{
	char buf[512];
	const char *text = buf;
	size_t len;

	/* "%s" needs no formatting, and may be longer than buf. */
	if (!strcmp(fmt, "%s")) {
		text = va_arg(ap, const char *);
		len = strlen(text);
	} else {
		len = min_t(size_t, vscnprintf(buf, sizeof(buf), fmt, ap),
			    sizeof(buf) - 1);
	}
	stp_oob_line(prefix, text, len);
}

/* warn(), and runtime warnings. */
static __maybe_unused __printf(1, 2) void _stp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vlog(STP_WARN_PREFIX, fmt, ap);
	va_end(ap);
}

/* An error that does not stop the session by itself. */
static __maybe_unused __printf(1, 2) void _stp_softerror(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vlog(STP_ERR_PREFIX, fmt, ap);
	va_end(ap);
}

/* A fatal error: reported, and the session asks staprun to stop. */
static __maybe_unused __printf(1, 2) void _stp_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vlog(STP_ERR_PREFIX, fmt, ap);
	va_end(ap);
	_stp_exit();
}
