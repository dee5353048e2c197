// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * copy.c - safe access to kernel and user memory from probe handlers.
 *
 * Every read goes through the kernel's nofault copies, which return an
 * error instead of oopsing on a bad address and never sleep, so they are
 * usable in any probe context.  A fault becomes a script error, with
 * upstream's texts.
 *
 * Two styles for tapset embedded C:
 *  - calls that return 0 or -EFAULT: stp_kread(), stp_uread(),
 *    stp_kernel_string(), stp_user_string();
 *  - upstream's macros kread(ptr), uread(ptr), kderef_string(dst, addr,
 *    len), uderef_string(dst, addr, len), which `goto deref_fault` (a
 *    label the function defines) on a fault.
 */

/* Copy size bytes of kernel memory at addr into dst. */
static inline int stp_kread(void *dst, unsigned long addr, size_t size)
{
	return copy_from_kernel_nofault(dst, (const void *)addr, size) ?
	       -EFAULT : 0;
}

static inline int stp_uread(void *dst, unsigned long addr, size_t size)
{
	return copy_from_user_nofault(dst, (const void __user *)addr, size) ?
	       -EFAULT : 0;
}

/*
 * A NUL-terminated string of at most len - 1 bytes (len at most
 * MAXSTRINGLEN) into dst; "" and -EFAULT on a fault.
 */
/*
 * Copy a string up to each page end at once (the rest of a page cannot
 * fault if its first byte did not) and look for the NUL; the kernel's
 * strncpy_from_*_nofault() are not exported to modules.
 */
static __maybe_unused int stp_string_copy(char *dst, unsigned long addr, size_t len,
			   bool user)
{
	size_t done = 0;

	while (done < len - 1) {
		unsigned long a = addr + done;
		size_t chunk = min_t(size_t, len - 1 - done,
				     PAGE_SIZE - offset_in_page(a));

		if (user ? stp_uread(dst + done, a, chunk) :
			   stp_kread(dst + done, a, chunk)) {
			dst[0] = '\0';
			return -EFAULT;
		}
		if (memchr(dst + done, '\0', chunk))
			return 0;
		done += chunk;
	}
	dst[len - 1] = '\0';
	return 0;
}

/*
 * A NUL-terminated string of at most len - 1 bytes (len at most
 * MAXSTRINGLEN) into dst; "" and -EFAULT on a fault.
 */
static __maybe_unused int stp_kernel_string(char *dst, unsigned long addr,
					    size_t len)
{
	return stp_string_copy(dst, addr, len, false);
}

static __maybe_unused int stp_user_string(char *dst, unsigned long addr,
					  size_t len)
{
	return stp_string_copy(dst, addr, len, true);
}

/* Set upstream's fault errors in c: "read fault ..." and friends. */
static __maybe_unused void stp_fault(struct context *c, const char *what,
				     unsigned long addr)
{
	snprintf(c->error_buffer, sizeof(c->error_buffer), what, addr);
	c->last_error = c->error_buffer;
}

#define STP_MSG_READ_FAULT "read fault [man error::fault] at 0x%lx"
#define STP_MSG_WRITE_FAULT "write fault [man error::fault] at 0x%lx"
#define STP_MSG_KSTRING_FAULT "kernel string copy fault at 0x%lx [man error::fault]"
#define STP_MSG_USTRING_FAULT "user string copy fault at 0x%lx [man error::fault]"

/* Upstream's names; they need a deref_fault label in the function. */
#define kread(ptr)							\
	({								\
		typeof(*(ptr)) _stp_v;					\
		if (stp_kread(&_stp_v, (unsigned long)(ptr),		\
			      sizeof(_stp_v)))				\
			goto deref_fault;				\
		_stp_v;							\
	})
#define uread(ptr)							\
	({								\
		typeof(*(ptr)) _stp_v;					\
		if (stp_uread(&_stp_v, (unsigned long)(ptr),		\
			      sizeof(_stp_v)))				\
			goto deref_fault;				\
		_stp_v;							\
	})
#define kderef_string(dst, addr, len)					\
	do {								\
		if (stp_kernel_string((dst), (unsigned long)(addr), (len))) \
			goto deref_fault;				\
	} while (0)
#define uderef_string(dst, addr, len)					\
	do {								\
		if (stp_user_string((dst), (unsigned long)(addr), (len))) \
			goto deref_fault;				\
	} while (0)

/* gettimeofday_ns(): NMI-safe, unlike ktime_get_real_ns(). */
static inline s64 _stp_gettimeofday_ns(void)
{
	return ktime_get_real_fast_ns();
}
