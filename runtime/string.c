// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * string.c - script strings: MAXSTRINGLEN bytes, silently truncated.
 */

/* s1 = s2, truncated to a script string. */
static inline void stp_strcpy(char *dst, const char *src)
{
	if (dst != src)
		strscpy(dst, src, MAXSTRINGLEN);
}

/* upstream's tapsets use strlcpy, which the kernel dropped in 6.8. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define strlcpy(dst, src, size) ((size_t)strscpy(dst, src, size))
#endif

/* dst = a . b; dst may be a or b. */
static __maybe_unused char *stp_concat(char *dst, const char *a,
				       const char *b)
{
	size_t alen = strnlen(a, MAXSTRINGLEN - 1);
	size_t blen = min(strnlen(b, MAXSTRINGLEN - 1), MAXSTRINGLEN - 1 - alen);

	memmove(dst + alen, b, blen);
	memmove(dst, a, alen);
	dst[alen + blen] = '\0';
	return dst;
}

/* One byte of kernel or user memory; false on a fault. */
static bool stp_read_byte(const char *p, bool user, unsigned char *b)
{
	if (user)
		return !copy_from_user_nofault(b, (const char __user *)p, 1);
	return !copy_from_kernel_nofault(b, p, 1);
}

/*
 * Decode one UTF-8 character of at most size bytes: its length, or 1
 * for a byte that does not start a valid, shortest encoding, or -EFAULT.
 */
static int stp_decode_utf8(const char *p, int size, bool user, int *cp)
{
	unsigned char b, b2;
	int i, n, c;

	if (size <= 0 || !stp_read_byte(p, user, &b))
		return -EFAULT;
	*cp = b;
	if ((b & 0xE0) == 0xC0 && size >= 2) {
		n = 2;
		c = b & 0x1F;
	} else if ((b & 0xF0) == 0xE0 && size >= 3) {
		n = 3;
		c = b & 0xF;
	} else if ((b & 0xF8) == 0xF0 && size >= 4) {
		n = 4;
		c = b & 0x7;
	} else {
		return 1;
	}
	for (i = 1; i < n; i++) {
		if (!stp_read_byte(p + i, user, &b2))
			return -EFAULT;
		if ((b2 & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (b2 & 0x3F);
	}
	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c < 0x80 ||
	    (n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		return 1;
	*cp = c;
	return n;
}

/* The escape of c: its text into esc, returns its length. */
static int stp_escape_char(int c, int n, char *esc)
{
	static const char from[] = "\a\b\f\n\r\t\v\"\\";
	static const char to[] = "abfnrtv\"\\";
	const char *p;
	int i, len;

	if (n > 1) {
		len = c <= 0xFFFF ? 6 : 10;
		esc[0] = '\\';
		esc[1] = c <= 0xFFFF ? 'u' : 'U';
		for (i = len - 1; i >= 2; i--, c >>= 4)
			esc[i] = hex_asc_upper[c & 15];
		return len;
	}
	if (isascii(c) && isprint(c) && c != '"' && c != '\\') {
		esc[0] = c;
		return 1;
	}
	p = c ? strchr(from, c) : NULL;
	esc[0] = '\\';
	if (!c) {		/* a NUL inside a buffer: upstream's "\0" */
		esc[1] = '0';
		return 2;
	}
	if (p) {
		esc[1] = to[p - from];
		return 2;
	}
	esc[1] = '0' + ((c >> 6) & 3);
	esc[2] = '0' + ((c >> 3) & 7);
	esc[3] = '0' + (c & 7);
	return 4;
}

/*
 * text_str() and string_quoted() of the tapsets: in (at most inlen
 * bytes, kernel or user memory) with non-printable characters escaped,
 * into out (at most outlen characters; both 0 mean MAXSTRINGLEN - 1).
 * quoted puts the text in double quotes and marks a truncated text with
 * "..." after them; with buffer, NUL bytes do not end the input.  A fault
 * gives "<unknown>" and -EFAULT.
 */
static __maybe_unused int stp_text_str(char *out, const char *in, int inlen,
				       int outlen, bool quoted, bool user,
				       bool buffer)
{
	char *o = out, *esc_at = NULL, esc[10];
	int c = 0, esc_len = 0;

	if (inlen <= 0 || inlen > MAXSTRINGLEN - 1)
		inlen = MAXSTRINGLEN - 1;
	if (outlen <= 0 || outlen > MAXSTRINGLEN - 1)
		outlen = MAXSTRINGLEN - 1;
	if (quoted) {
		outlen = max(outlen, 5) - 2;
		*o++ = '"';
	}
	while (inlen > 0) {
		int n = stp_decode_utf8(in, inlen, user, &c), num;

		if (n <= 0) {
			strscpy(out, "<unknown>", outlen);
			return -EFAULT;
		}
		if ((c == 0 && !buffer) || outlen <= 0)
			break;
		in += n;
		inlen -= n;
		num = stp_escape_char(c, n, esc);
		/* The first escape a "..." could cut in half. */
		if (num > 1 && !esc_at && outlen - 3 < num) {
			esc_at = o;
			esc_len = num;
		}
		if (outlen < num)
			break;
		memcpy(o, esc, num);
		o += num;
		outlen -= num;
	}
	if (quoted) {
		if (c && inlen > 0) {
			char *cut = o - 3 + outlen;

			o = esc_at && esc_at < cut && cut < esc_at + esc_len ?
			    esc_at : cut;
			memcpy(o, "\"...", 4);
			o += 4;
		} else {
			*o++ = '"';
		}
	}
	*o = '\0';
	return 0;
}

/* Upstream's name, which tapset embedded C uses. */
#define _stp_text_str(out, in, inlen, outlen, quoted, user, buffer)	\
	stp_text_str(out, in, inlen, outlen, quoted, user, buffer)
