// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vsprintf.c - printf formatting with the script language's directives.
 *
 * The kernel's vsnprintf() knows neither %b (binary), %m/%M (memory) nor
 * the script's rule that every integer argument is 64 bits wide, so the
 * runtime formats by itself.  Two argument conventions share the code:
 *
 *  - script mode (stp_printf, stp_sprintf; what pass 3 emits): the format
 *    string is the script's literal, every integer argument (including
 *    `*` widths and precisions, %c, %b, %p and the addresses of %m/%M) is
 *    an int64_t, every %s argument a const char *; `l`/`ll`/`h` are
 *    accepted and ignored;
 *  - C mode (_stp_printf, _stp_snprintf; for embedded C): C's rules, the
 *    qualifiers h, l, ll, L, z select the argument type, `*` takes an int,
 *    %m/%M take a pointer.
 *
 * The output of each directive is upstream SystemTap's, quirks included:
 * %p is %#x of a 64-bit value, a zero prints "0" whatever the precision,
 * "0x" precedes a zero with `#`, %0s appends a NUL byte.
 */

enum {
	STP_F_LEFT = 1,		/* - */
	STP_F_PLUS = 2,		/* + */
	STP_F_SPACE = 4,	/* ' ' */
	STP_F_SPECIAL = 8,	/* # */
	STP_F_ZEROPAD = 16,	/* 0 */
	STP_F_LARGE = 32,	/* X */
	STP_F_SIGN = 64,	/* d i */
};

/* The output under construction: bytes past size are counted only. */
struct stp_out {
	char *buf;
	size_t size;
	size_t len;
	struct stp_pbuf *pb;	/* writing into this print buffer, or NULL */
};

static inline void stp_out_char(struct stp_out *o, char ch)
{
	if (o->len < o->size)
		o->buf[o->len] = ch;
	o->len++;
}

static void stp_out_fill(struct stp_out *o, char ch, int n)
{
	while (n-- > 0)
		stp_out_char(o, ch);
}

static void stp_fmt_number(struct stp_out *o, u64 num, int base, int width,
			   int precision, int flags)
{
	const char *digits = (flags & STP_F_LARGE) ? "0123456789ABCDEF" :
						     "0123456789abcdef";
	char tmp[66], sign = 0;
	int i = 0;

	if (flags & STP_F_LEFT)
		flags &= ~STP_F_ZEROPAD;
	if (flags & STP_F_SIGN) {
		if ((s64)num < 0) {
			sign = '-';
			num = -(s64)num;
		} else if (flags & STP_F_PLUS) {
			sign = '+';
		} else if (flags & STP_F_SPACE) {
			sign = ' ';
		}
	}
	if (sign)
		width--;
	if (flags & STP_F_SPECIAL)
		width -= base == 16 ? 2 : base == 8 ? 1 : 0;
	do {
		tmp[i++] = digits[do_div(num, base)];
	} while (num);
	if (precision < i)
		precision = i;
	width -= precision;
	if (!(flags & (STP_F_ZEROPAD | STP_F_LEFT))) {
		stp_out_fill(o, ' ', width);
		width = 0;
	}
	if (sign)
		stp_out_char(o, sign);
	if ((flags & STP_F_SPECIAL) && (base == 8 || base == 16)) {
		stp_out_char(o, '0');
		if (base == 16)
			stp_out_char(o, (flags & STP_F_LARGE) ? 'X' : 'x');
	}
	if (!(flags & STP_F_LEFT)) {
		stp_out_fill(o, (flags & STP_F_ZEROPAD) ? '0' : ' ', width);
		width = 0;
	}
	stp_out_fill(o, '0', precision - i);
	while (i-- > 0)
		stp_out_char(o, tmp[i]);
	stp_out_fill(o, ' ', width);
}

/* The escape for %#c: 0 if printable, else the letter after '\' or 'o'. */
static char stp_char_escape(unsigned char ch)
{
	static const char from[] = "\a\b\f\n\r\t\v'\\";
	static const char to[] = "abfnrtv'\\";
	const char *p;

	if (ch != '\'' && ch != '\\' && isascii(ch) && isprint(ch))
		return 0;
	p = ch ? strchr(from, ch) : NULL;
	return p ? to[p - from] : 'o';
}

static void stp_fmt_char(struct stp_out *o, unsigned char ch, int width,
			 int flags)
{
	char esc = (flags & STP_F_SPECIAL) ? stp_char_escape(ch) : 0;
	int size = !esc ? 1 : esc == 'o' ? 4 : 2;

	if (!(flags & STP_F_LEFT))
		stp_out_fill(o, ' ', width - size);
	if (!esc) {
		stp_out_char(o, ch);
	} else {
		stp_out_char(o, '\\');
		if (esc != 'o') {
			stp_out_char(o, esc);
		} else {
			stp_out_char(o, '0' + ((ch >> 6) & 3));
			stp_out_char(o, '0' + ((ch >> 3) & 7));
			stp_out_char(o, '0' + (ch & 7));
		}
	}
	if (flags & STP_F_LEFT)
		stp_out_fill(o, ' ', width - size);
}

/* %b: the value's low `precision` bytes, in native byte order. */
static int stp_binary_size(int n)
{
	return (n == 1 || n == 2 || n == 4 || n == 8) ? n : -1;
}

static void stp_fmt_binary(struct stp_out *o, s64 num, int width,
			   int precision, int flags)
{
	union { s64 q; s32 l; s16 s; s8 b; char bytes[8]; } v;
	int i;

	precision = stp_binary_size(precision);
	if (width == -1) {
		width = precision == -1 ? 8 : precision;
		if (precision == -1)
			precision = 8;
	} else if (precision == -1) {
		precision = stp_binary_size(width);
		if (precision == -1)
			precision = 8;
	}
	switch (precision) {
	case 1:
		v.b = num;
		break;
	case 2:
		v.s = num;
		break;
	case 4:
		v.l = num;
		break;
	default:
		v.q = num;
		break;
	}
	if (!(flags & STP_F_LEFT))
		stp_out_fill(o, '\0', width - precision);
	for (i = 0; i < precision; i++)
		stp_out_char(o, v.bytes[i]);
	if (flags & STP_F_LEFT)
		stp_out_fill(o, '\0', width - precision);
}

/* Report a fault of %m/%M in the running probe, as a read fault. */
static void stp_fmt_fault(unsigned long addr)
{
	struct context *c = stp_this_context();

	if (!c || c->last_error)
		return;
	snprintf(c->error_buffer, sizeof(c->error_buffer),
		 "read fault [man error::fault] at 0x%lx", addr);
	c->last_error = c->error_buffer;
}

/* %s, and %m/%M: `precision` bytes of memory, raw or as hex. */
static void stp_fmt_memory(struct stp_out *o, const char *s,
			   unsigned long addr, int width, int precision,
			   char conv, int flags)
{
	static const char hex[] = "0123456789abcdef";
	size_t len;
	int i;

	if (conv == 's') {
		if ((unsigned long)s < PAGE_SIZE)
			s = "<NULL>";
		len = strnlen(s, precision < 0 ? STP_BUFFER_SIZE :
			      min(precision, STP_BUFFER_SIZE));
	} else {
		len = precision > 0 ? precision : 1;
	}
	if (!(flags & STP_F_LEFT))
		stp_out_fill(o, ' ', width - (int)(conv == 'M' ? 2 * len : len));
	for (i = 0; i < len; i++) {
		unsigned char ch;

		if (conv == 's') {
			ch = s[i];
		} else if ((flags & STP_F_SPECIAL) ?
			   copy_from_user_nofault(&ch,
				(const void __user *)(addr + i), 1) :
			   copy_from_kernel_nofault(&ch,
				(const void *)(addr + i), 1)) {
			stp_fmt_fault(addr + i);
			return;
		}
		if (conv == 'M') {
			stp_out_char(o, hex[ch >> 4]);
			stp_out_char(o, hex[ch & 15]);
		} else {
			stp_out_char(o, ch);
		}
	}
	if (flags & STP_F_LEFT)
		stp_out_fill(o, ' ', width - (int)(conv == 'M' ? 2 * len : len));
	if (flags & STP_F_ZEROPAD)
		stp_out_char(o, '\0');
}

static int stp_skip_atoi(const char **s)
{
	int i = 0;

	while (isdigit(**s) && i < 100000)
		i = i * 10 + *((*s)++) - '0';
	while (isdigit(**s))
		(*s)++;
	return i;
}

/* An integer argument: script mode reads int64_t, C mode by qualifier. */
static s64 stp_arg_int(va_list *ap, bool script, int qual, bool sign)
{
	if (script)
		return va_arg(*ap, s64);
	switch (qual) {
	case 'L':
		return va_arg(*ap, s64);
	case 'l':
	case 'z':
		return sign ? va_arg(*ap, long) : va_arg(*ap, unsigned long);
	case 'h':
		return sign ? (short)va_arg(*ap, int) :
			      (unsigned short)va_arg(*ap, int);
	default:
		return sign ? va_arg(*ap, int) : va_arg(*ap, unsigned int);
	}
}

/*
 * Format into o; `limit` bounds widths and precisions (the size of the
 * destination, as upstream).  Returns the length the output wanted.
 */
static size_t stp_vformat(struct stp_out *o, int limit, bool script,
			  const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		int flags = 0, width = -1, precision = -1, qual = 0, base = 10;
		char conv;
		s64 num;

		if (*fmt != '%') {
			stp_out_char(o, *fmt);
			continue;
		}
		/*
		 * Upstream's translator takes at most one flag in a script
		 * format: in "%#010x" the 0 belongs to the width.
		 */
		for (;;) {
			fmt++;
			if (script && flags)
				break;
			if (*fmt == '-')
				flags |= STP_F_LEFT;
			else if (*fmt == '+')
				flags |= STP_F_PLUS;
			else if (*fmt == ' ')
				flags |= STP_F_SPACE;
			else if (*fmt == '#')
				flags |= STP_F_SPECIAL;
			else if (*fmt == '0')
				flags |= STP_F_ZEROPAD;
			else
				break;
		}
		if (isdigit(*fmt)) {
			width = clamp(stp_skip_atoi(&fmt), 0, limit);
		} else if (*fmt == '*') {
			fmt++;
			/* A negative `*` width is 0 in a script format. */
			width = script ? (int)clamp_t(s64, va_arg(*ap, s64),
						      0, limit) :
					 va_arg(*ap, int);
			if (width < 0) {
				width = -width;
				flags |= STP_F_LEFT;
			}
			width = clamp(width, 0, limit);
		}
		if (*fmt == '.') {
			fmt++;
			if (isdigit(*fmt))
				precision = stp_skip_atoi(&fmt);
			else if (*fmt == '*' && fmt++)
				precision = script ?
					(int)clamp_t(s64, va_arg(*ap, s64),
						     0, limit) :
					va_arg(*ap, int);
			precision = clamp(precision, 0, limit);
		}
		if (*fmt == 'h' || *fmt == 'l' || *fmt == 'L' ||
		    *fmt == 'z' || *fmt == 'Z') {
			qual = *fmt == 'Z' ? 'z' : *fmt;
			fmt++;
			if (qual == 'l' && *fmt == 'l') {
				qual = 'L';
				fmt++;
			}
		}
		conv = *fmt;
		switch (conv) {
		case 'c':
			num = script ? va_arg(*ap, s64) : va_arg(*ap, int);
			stp_fmt_char(o, (unsigned char)num, width, flags);
			continue;
		case 'b':
			num = script ? va_arg(*ap, s64) :
				       stp_arg_int(ap, false, qual, true);
			stp_fmt_binary(o, num, width, precision, flags);
			continue;
		case 's':
			stp_fmt_memory(o, va_arg(*ap, const char *), 0, width,
				       precision, conv, flags);
			continue;
		case 'm':
		case 'M':
			num = script ? va_arg(*ap, s64) :
				       (unsigned long)va_arg(*ap, void *);
			stp_fmt_memory(o, NULL, num, width, precision, conv,
				       flags);
			continue;
		case '%':
			stp_out_char(o, '%');
			continue;
		case 'p':
			flags |= STP_F_SPECIAL;
			base = 16;
			num = script ? va_arg(*ap, s64) :
				       (unsigned long)va_arg(*ap, void *);
			stp_fmt_number(o, num, base, width, precision, flags);
			continue;
		case 'o':
			base = 8;
			break;
		case 'X':
			flags |= STP_F_LARGE;
			fallthrough;
		case 'x':
			base = 16;
			break;
		case 'd':
		case 'i':
			flags |= STP_F_SIGN;
			break;
		case 'u':
			break;
		default:
			/* Not a directive: print it as it stands. */
			stp_out_char(o, '%');
			if (!conv)
				return o->len;
			stp_out_char(o, conv);
			continue;
		}
		num = stp_arg_int(ap, script, qual, flags & STP_F_SIGN);
		stp_fmt_number(o, num, base, width, precision, flags);
	}
	return o->len;
}

/* Format into a string of `size` bytes, always NUL-terminated. */
static size_t stp_vsnprintf(char *buf, size_t size, bool script,
			    const char *fmt, va_list ap)
{
	struct stp_out o = { .buf = buf, .size = size ? size - 1 : 0 };
	va_list aq;

	va_copy(aq, ap);
	stp_vformat(&o, size, script, fmt, &aq);
	va_end(aq);
	if (size)
		buf[min(o.len, o.size)] = '\0';
	return o.len;
}

/* sprintf() of the script: into a MAXSTRINGLEN string. */
static __maybe_unused char *stp_sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stp_vsnprintf(buf, MAXSTRINGLEN, true, fmt, ap);
	va_end(ap);
	return buf;
}

/* snprintf() for embedded C, with the extra directives. */
static __maybe_unused int _stp_snprintf(char *buf, size_t size,
					const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = stp_vsnprintf(buf, size, false, fmt, ap);
	va_end(ap);
	return n;
}
