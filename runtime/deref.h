/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * deref.h - fault-checked reads of kernel structures for tapset embedded C
 * (task_*() and friends take a task_struct address from the script, which
 * may be anything).
 *
 * stp_kget(c, dst, ptr) copies *ptr into dst with a nofault read.  On a
 * fault it sets upstream's "read fault [man error::fault] at 0x..." error
 * for the address read and evaluates to nonzero, so callers write
 *
 *	if (stp_kget(CONTEXT, prio, &t->prio))
 *		return;
 *
 * stp_kwrite() and stp_store_string() are the nofault writes of the guru
 * tapsets' set_kernel_*() and set_*_string().
 *
 * Only macros and inlines: nothing here costs a module that does not use
 * it.
 */
#ifndef STP_DEREF_H
#define STP_DEREF_H

#include <linux/cred.h>
#include <linux/user_namespace.h>

#define stp_kget(c, dst, ptr)						\
	({								\
		unsigned long __a = (unsigned long)(ptr);		\
		int __rc;						\
									\
		BUILD_BUG_ON(sizeof(dst) != sizeof(*(ptr)));		\
		__rc = stp_kread(&(dst), __a, sizeof(dst));		\
		if (__rc)						\
			stp_fault((c), STP_MSG_READ_FAULT, __a);	\
		__rc;							\
	})

/*
 * Whether the size bytes at addr look readable: their first and last
 * byte are (enough for a structure the kernel then walks itself).
 */
static inline bool stp_kreadable(unsigned long addr, size_t size)
{
	char b;

	return !stp_kread(&b, addr, 1) && !stp_kread(&b, addr + size - 1, 1);
}

/*
 * The credentials of task t (its real_cred, as task_uid() reads), or NULL
 * with the read fault set.  The caller holds rcu_read_lock().
 */
static inline const struct cred *stp_task_cred(struct context *c,
					       struct task_struct *t)
{
	const struct cred *cred;

	if (stp_kget(c, cred, &t->real_cred))
		return NULL;
	return cred;
}

/* Which id of a task's credentials stp_task_id() returns. */
enum stp_task_id_kind { STP_ID_UID, STP_ID_EUID, STP_ID_GID, STP_ID_EGID };

/*
 * One id of task t as seen from its own user namespace (what upstream's
 * task_uid() and friends print); 0 with the read fault set in c.
 */
static inline int64_t stp_task_id(struct context *c, unsigned long task,
				  enum stp_task_id_kind kind)
{
	struct task_struct *t = (struct task_struct *)task;
	const struct cred *cred;
	struct user_namespace *ns;
	int64_t id = 0;
	kuid_t uid;
	kgid_t gid;
	int rc;

	rcu_read_lock();
	cred = stp_task_cred(c, t);
	if (!cred || stp_kget(c, ns, &cred->user_ns))
		goto out;
	if (!stp_kreadable((unsigned long)ns, sizeof(*ns))) {
		stp_fault(c, STP_MSG_READ_FAULT, (unsigned long)ns);
		goto out;
	}
	switch (kind) {
	case STP_ID_UID:
	case STP_ID_EUID:
		rc = kind == STP_ID_UID ? stp_kget(c, uid, &cred->uid) :
					  stp_kget(c, uid, &cred->euid);
		if (!rc)
			id = from_kuid_munged(ns, uid);
		break;
	case STP_ID_GID:
	case STP_ID_EGID:
		rc = kind == STP_ID_GID ? stp_kget(c, gid, &cred->gid) :
					  stp_kget(c, gid, &cred->egid);
		if (!rc)
			id = from_kgid_munged(ns, gid);
		break;
	}
out:
	rcu_read_unlock();
	return id;
}

/*
 * Whether the current process runs 32-bit code on a 64-bit kernel (then
 * user_long() reads 4 bytes, as upstream).  Kernel threads are not.
 */
static inline bool stp_is_compat_task(void)
{
#if defined(CONFIG_COMPAT) && defined(CONFIG_X86_64)
	return current->mm && !user_64bit_mode(task_pt_regs(current));
#else
	return false;
#endif
}

/*
 * Write size bytes from src to kernel address dst without faulting: 0 or
 * -EFAULT.  copy_to_kernel_nofault() is not exported to modules, so this
 * does what it does: refuse user addresses, then store with page faults
 * disabled through the architecture's __put_kernel_nofault().
 */
static inline int stp_kwrite(unsigned long dst, const void *src, size_t size)
{
	const u8 *s = src;

#ifdef TASK_SIZE_MAX
	if (dst < TASK_SIZE_MAX)
		return -EFAULT;
#endif
	pagefault_disable();
	for (; size >= sizeof(u64); size -= sizeof(u64), dst += sizeof(u64),
	     s += sizeof(u64))
		__put_kernel_nofault((void *)dst, s, u64, fault);
	for (; size; size--, dst++, s++)
		__put_kernel_nofault((void *)dst, s, u8, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/*
 * set_kernel_string() and set_user_string(): write val and a NUL to
 * kernel or user memory at addr, at most len - 1 characters of val;
 * 0 or -EFAULT (nothing or part of it written).
 */
static __maybe_unused int stp_store_string(unsigned long addr,
					   const char *val, size_t len,
					   bool user)
{
	size_t n = min(strlen(val), len - 1);
	char nul = '\0';

	if (user)
		return copy_to_user_nofault((void __user *)addr, val, n) ||
		       copy_to_user_nofault((void __user *)(addr + n), &nul, 1) ?
		       -EFAULT : 0;
	return stp_kwrite(addr, val, n) || stp_kwrite(addr + n, &nul, 1) ?
	       -EFAULT : 0;
}

#endif /* STP_DEREF_H */
