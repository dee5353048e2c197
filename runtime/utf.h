/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * utf.h - UTF-16 and UTF-32 strings of kernel or user memory as UTF-8,
 * for the tapsets' *_string_utf16() and *_string_utf32().
 *
 * stp_wide_string(c, dst, addr, width, user) reads 2- or 4-byte code
 * units at addr up to a 0 unit and writes their UTF-8 into dst (at most
 * MAXSTRINGLEN - 1 bytes, whole characters only).  A fault or an invalid
 * character sets upstream's error in c, naming the unit's address:
 *   "kernel string copy fault at 0xA [man error::fault]"
 *   "user string copy fault at 0xA [man error::fault]"
 *   "invalid UTF-16 character U+X at 0xA", "invalid UTF-32 ..."
 * and stops there, keeping what was converted before it.
 */
#ifndef STP_UTF_H
#define STP_UTF_H

/*
 * Code point cp as UTF-8 at buf, NUL-terminated: its length, 0 if it
 * does not fit in room bytes (NUL included), -EINVAL for a surrogate or
 * a value past U+10FFFF.
 */
static inline int stp_utf8_put(char *buf, int room, u32 cp)
{
	int n, i;

	if (cp >= 0xD800 && cp <= 0xDFFF)
		return -EINVAL;
	if (cp < 0x80)
		n = 1;
	else if (cp < 0x800)
		n = 2;
	else if (cp < 0x10000)
		n = 3;
	else if (cp <= 0x10FFFF)
		n = 4;
	else
		return -EINVAL;
	if (room < n + 1)
		return 0;
	buf[n] = '\0';
	if (n == 1) {
		buf[0] = cp;
		return 1;
	}
	for (i = n - 1; i > 0; i--, cp >>= 6)
		buf[i] = 0x80 | (cp & 0x3F);
	/* lead byte: n one bits, a zero, then the rest of cp */
	buf[0] = (0xFF00 >> n) | cp;
	return n;
}

/* One code unit (width 2 or 4 bytes) at addr into *unit; 0 or -EFAULT. */
static inline int stp_wide_unit(unsigned long addr, int width, bool user,
				u32 *unit)
{
	u16 u16v;
	int rc;

	if (width == 4)
		return user ? stp_uread(unit, addr, 4) : stp_kread(unit, addr, 4);
	rc = user ? stp_uread(&u16v, addr, 2) : stp_kread(&u16v, addr, 2);
	*unit = u16v;
	return rc;
}

static __maybe_unused void stp_wide_string(struct context *c, char *dst,
					   unsigned long addr, int width,
					   bool user)
{
	int room = MAXSTRINGLEN, n;
	u32 cp, low;

	dst[0] = '\0';
	while (room > 1) {
		if (stp_wide_unit(addr, width, user, &cp))
			goto fault;
		if (!cp)
			return;
		/* a high surrogate and its low half are one character */
		if (width == 2 && cp >= 0xD800 && cp <= 0xDBFF) {
			if (stp_wide_unit(addr + 2, 2, user, &low)) {
				addr += 2;
				goto fault;
			}
			if (low >= 0xDC00 && low <= 0xDFFF) {
				cp = 0x10000 + ((cp & 0x3FF) << 10) +
				     (low & 0x3FF);
				addr += 2;
			}
		}
		n = stp_utf8_put(dst, room, cp);
		if (n < 0) {
			snprintf(c->error_buffer, sizeof(c->error_buffer),
				 "invalid UTF-%d character U+%X at 0x%lx",
				 width * 8, cp, addr);
			c->last_error = c->error_buffer;
		}
		if (n <= 0)
			return;
		dst += n;
		room -= n;
		addr += width;
	}
	return;
fault:
	stp_fault(c, user ? "user string copy fault at 0x%lx [man error::fault]"
			  : STP_MSG_KSTRING_FAULT, addr);
}

#endif /* STP_UTF_H */
