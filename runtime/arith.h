/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arith.h - the script's 64-bit arithmetic where C's is not safe.
 *
 * Division and modulo by zero are script errors; INT64_MIN / -1 would
 * trap on x86, so it wraps as upstream's runtime makes it; shift counts
 * are taken modulo 64, as the hardware does, instead of C's undefined
 * behaviour.
 */
#ifndef STP_ARITH_H
#define STP_ARITH_H

/* a / b; on b == 0 sets "division by 0" near stmt and returns 0. */
static inline s64 stp_div(struct context *c, s64 a, s64 b, const char *stmt)
{
	if (unlikely(b == 0)) {
		stp_error_at(c, "division by 0", stmt);
		return 0;
	}
	if (unlikely(b == -1))
		return (s64)(0 - (u64)a);
	return div64_s64(a, b);
}

/* a % b; the sign follows a, as in C. */
static inline s64 stp_mod(struct context *c, s64 a, s64 b, const char *stmt)
{
	if (unlikely(b == 0)) {
		stp_error_at(c, "division by 0", stmt);
		return 0;
	}
	if (unlikely(b == -1))
		return 0;
	return a - div64_s64(a, b) * b;
}

static inline s64 stp_shl(s64 a, s64 n)
{
	return (s64)((u64)a << (n & 63));
}

/* >> is arithmetic, >>> logical. */
static inline s64 stp_shr(s64 a, s64 n)
{
	return a >> (n & 63);
}

static inline s64 stp_ushr(s64 a, s64 n)
{
	return (s64)((u64)a >> (n & 63));
}

/* randint(n): uniform in [0, n), n at most U32_MAX; upstream's name. */
static inline unsigned long _stp_random_u(unsigned long n)
{
	if (n <= 1)
		return 0;
	n = min_t(unsigned long, n, U32_MAX);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return get_random_u32_below(n);
#else
	return prandom_u32_max(n);
#endif
}

#endif /* STP_ARITH_H */
