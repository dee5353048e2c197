// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * transport.c - the ordered message channel to staprun (transport_msgs.h).
 *
 * All messages, script output and control alike, are framed and queued
 * in one ring buffer, and staprun reads them from /proc/systemtap-MOD/ctl
 * in the order they were queued.
 *
 * Probe handlers queue messages from any context, hard interrupts and
 * worse included, so queueing never sleeps and never waits for long: the
 * ring's lock is taken with interrupts off by a bounded trylock loop, and
 * a message that cannot be queued is counted, not waited for.  Handlers
 * do not wake the reader either (a wake-up takes scheduler locks that a
 * probed function may hold); a timer does, every STP_POLL_JIFFIES, and
 * also sends STP_REQUEST_EXIT once exit() has been called.
 *
 * The last part of the ring is reserved: output may fill the ring only
 * up to STP_RESERVE_OOB + STP_RESERVE_CTL bytes from full, warnings and
 * errors up to STP_RESERVE_CTL, so that warnings get through when output
 * overruns and the few small control messages always do.
 */

static int _stp_bufsize;
module_param(_stp_bufsize, int, 0);
MODULE_PARM_DESC(_stp_bufsize, "transport buffer size in MiB");

#define STP_RESERVE_CTL 4096
#define STP_RESERVE_OOB 65536
#define STP_RING_SPINS 20000
#define STP_POLL_JIFFIES (HZ / 50 ? HZ / 50 : 1)

struct stp_ring {
	char *buf;
	size_t size;
	size_t head;		/* bytes ever queued */
	size_t tail;		/* bytes ever read */
	raw_spinlock_t lock;
};

static struct stp_ring stp_ring = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(stp_ring.lock),
};

static DECLARE_WAIT_QUEUE_HEAD(stp_ctl_wq);
static DEFINE_MUTEX(stp_read_mutex);
static char *stp_read_bounce;
static atomic_t stp_ctl_open = ATOMIC_INIT(0);
static bool stp_ctl_closing;
static struct proc_dir_entry *stp_proc_dir;
static struct timer_list stp_poll_timer;

static atomic_t stp_output_dropped = ATOMIC_INIT(0);
static atomic_t stp_oob_dropped = ATOMIC_INIT(0);
static int stp_exit_flag;
static int stp_exit_requested;

/* Copy n bytes into the ring at byte offset pos, wrapping around. */
static void stp_ring_copy_in(size_t pos, const void *src, size_t n)
{
	size_t off = pos % stp_ring.size;
	size_t first = min(n, stp_ring.size - off);

	memcpy(stp_ring.buf + off, src, first);
	memcpy(stp_ring.buf, (const char *)src + first, n - first);
}

static void stp_ring_copy_out(size_t pos, void *dst, size_t n)
{
	size_t off = pos % stp_ring.size;
	size_t first = min(n, stp_ring.size - off);

	memcpy(dst, stp_ring.buf + off, first);
	memcpy((char *)dst + first, stp_ring.buf, n - first);
}

static bool stp_ring_lock(unsigned long *flags)
{
	int i;

	local_irq_save(*flags);
	for (i = 0; i < STP_RING_SPINS; i++) {
		if (raw_spin_trylock(&stp_ring.lock))
			return true;
		cpu_relax();
	}
	local_irq_restore(*flags);
	return false;
}

static void stp_ring_unlock(unsigned long flags)
{
	raw_spin_unlock(&stp_ring.lock);
	local_irq_restore(flags);
}

/*
 * Queue one message whose payload is the concatenation of n byte ranges,
 * provided the ring keeps `reserve` bytes free afterwards.  Returns 0 or
 * -ENOSPC.
 */
static int stp_ring_put(u32 type, const struct kvec *iov, int n,
			size_t reserve)
{
	struct stp_msg_hdr hdr = { .type = type, .len = 0 };
	unsigned long flags;
	size_t pos;
	int i, rc = -ENOSPC;

	for (i = 0; i < n; i++)
		hdr.len += iov[i].iov_len;
	if (unlikely(!stp_ring.buf || hdr.len > STP_MSG_MAX - sizeof(hdr)))
		return -ENOSPC;
	if (!stp_ring_lock(&flags))
		return -ENOSPC;
	pos = stp_ring.head;
	if (pos - stp_ring.tail + sizeof(hdr) + hdr.len + reserve <=
	    stp_ring.size) {
		stp_ring_copy_in(pos, &hdr, sizeof(hdr));
		pos += sizeof(hdr);
		for (i = 0; i < n; i++) {
			stp_ring_copy_in(pos, iov[i].iov_base, iov[i].iov_len);
			pos += iov[i].iov_len;
		}
		stp_ring.head = pos;
		rc = 0;
	}
	stp_ring_unlock(flags);
	return rc;
}

/* Script output; counted when it does not fit. */
static void stp_transport_output(const char *data, size_t len)
{
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };

	if (!len)
		return;
	if (stp_ring_put(STP_OUTPUT, &iov, 1,
			 STP_RESERVE_CTL + STP_RESERVE_OOB))
		atomic_inc(&stp_output_dropped);
}

/* A warning or error line for stderr, in n pieces. */
static void stp_transport_oob(const struct kvec *iov, int n)
{
	if (stp_ring_put(STP_OOB, iov, n, STP_RESERVE_CTL))
		atomic_inc(&stp_oob_dropped);
}

/* A control message, from process or timer context. */
static void stp_transport_ctl(u32 type, const void *data, size_t len)
{
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };

	if (stp_ring_put(type, &iov, 1, 0))
		atomic_inc(&stp_oob_dropped);
	wake_up_interruptible(&stp_ctl_wq);
}

/*
 * system(cmd): ask staprun to run cmd.  From probe context, so it is
 * queued like a warning (never waits) and picked up by the next read.
 */
static __maybe_unused void _stp_system(const char *cmd)
{
	struct kvec iov = { .iov_base = (void *)cmd,
			    .iov_len = strnlen(cmd, MAXSTRINGLEN - 1) };
	struct kvec nul = { .iov_base = "", .iov_len = 1 };
	struct kvec both[2] = { iov, nul };

	if (stp_ring_put(STP_SYSTEM, both, 2, STP_RESERVE_CTL))
		atomic_inc(&stp_oob_dropped);
}

static bool stp_ring_empty(void)
{
	return READ_ONCE(stp_ring.head) == READ_ONCE(stp_ring.tail);
}

/*
 * Take the next message into buf if it fits in room bytes: returns its
 * size, 0 if the ring is empty, -EINVAL if it does not fit.
 */
static ssize_t stp_ring_take(char *buf, size_t room)
{
	struct stp_msg_hdr hdr;
	unsigned long flags;
	ssize_t n = 0;

	/* The reader may wait: only writers need the bounded lock. */
	local_irq_save(flags);
	raw_spin_lock(&stp_ring.lock);
	if (stp_ring.head != stp_ring.tail) {
		stp_ring_copy_out(stp_ring.tail, &hdr, sizeof(hdr));
		n = sizeof(hdr) + hdr.len;
		if (n <= room) {
			stp_ring_copy_out(stp_ring.tail, buf, n);
			stp_ring.tail += n;
		} else {
			n = -EINVAL;
		}
	}
	stp_ring_unlock(flags);
	return n;
}

static ssize_t stp_ctl_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	size_t done = 0, room = min_t(size_t, count, STP_MSG_MAX);
	ssize_t n;
	int rc;

	for (;;) {
		if (stp_ctl_closing)
			return 0;
		if (!stp_ring_empty())
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		rc = wait_event_interruptible(stp_ctl_wq, !stp_ring_empty() ||
					      READ_ONCE(stp_ctl_closing));
		if (rc)
			return rc;
	}
	if (mutex_lock_interruptible(&stp_read_mutex))
		return -ERESTARTSYS;
	/* Whole messages, as many as fit in the bounce buffer. */
	while ((n = stp_ring_take(stp_read_bounce + done, room - done)) > 0)
		done += n;
	if (!done) {
		mutex_unlock(&stp_read_mutex);
		return n < 0 ? n : -EAGAIN;
	}
	rc = copy_to_user(ubuf, stp_read_bounce, done) ? -EFAULT : 0;
	mutex_unlock(&stp_read_mutex);
	return rc ? rc : done;
}

/* Defined in module.c: handles one message from staprun. */
static int stp_ctl_handle(u32 type, const void *payload, u32 len);

static ssize_t stp_ctl_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct stp_msg_hdr hdr;
	char payload[sizeof(struct stp_msg_symbol)];
	int rc;

	if (count < sizeof(hdr))
		return -EINVAL;
	if (copy_from_user(&hdr, ubuf, sizeof(hdr)))
		return -EFAULT;
	if (hdr.len != count - sizeof(hdr) || hdr.len > sizeof(payload))
		return -EINVAL;
	if (copy_from_user(payload, ubuf + sizeof(hdr), hdr.len))
		return -EFAULT;
	rc = stp_ctl_handle(hdr.type, payload, hdr.len);
	return rc ? rc : count;
}

static __poll_t stp_ctl_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &stp_ctl_wq, wait);
	if (!stp_ring_empty() || READ_ONCE(stp_ctl_closing))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int stp_ctl_open_file(struct inode *inode, struct file *file)
{
	if (atomic_cmpxchg(&stp_ctl_open, 0, 1) != 0)
		return -EBUSY;
	return 0;
}

static int stp_ctl_release(struct inode *inode, struct file *file)
{
	atomic_set(&stp_ctl_open, 0);
	return 0;
}

static const struct proc_ops stp_ctl_ops = {
	.proc_open = stp_ctl_open_file,
	.proc_release = stp_ctl_release,
	.proc_read = stp_ctl_read,
	.proc_write = stp_ctl_write,
	.proc_poll = stp_ctl_poll,
	.proc_lseek = noop_llseek,
};

/* exit() and friends: probe context, so only set a flag (see top). */
static void _stp_exit(void)
{
	WRITE_ONCE(stp_exit_flag, 1);
}

static void stp_poll_timer_fn(struct timer_list *unused)
{
	if (READ_ONCE(stp_exit_flag) && !stp_exit_requested) {
		stp_exit_requested = 1;
		stp_transport_ctl(STP_REQUEST_EXIT, NULL, 0);
	}
	if (!stp_ring_empty())
		wake_up_interruptible(&stp_ctl_wq);
	mod_timer(&stp_poll_timer, jiffies + STP_POLL_JIFFIES);
}

static int stp_transport_init(void)
{
	char name[sizeof(STP_PROC_PREFIX) + MODULE_NAME_LEN];
	int mib = _stp_bufsize > 0 ? _stp_bufsize : STP_DEFAULT_BUFSIZE;

	/* Keep the printable size in the overrun warning truthful. */
	_stp_bufsize = mib = min(mib, 1024);
	stp_ring.size = (size_t)mib << 20;
	stp_ring.buf = vmalloc(stp_ring.size);
	stp_read_bounce = vmalloc(STP_MSG_MAX);
	if (!stp_ring.buf || !stp_read_bounce)
		goto nomem;
	snprintf(name, sizeof(name), STP_PROC_PREFIX "%s", THIS_MODULE->name);
	stp_proc_dir = proc_mkdir(name, NULL);
	if (!stp_proc_dir)
		goto nomem;
	if (!proc_create(STP_CTL_NAME, 0600, stp_proc_dir, &stp_ctl_ops)) {
		proc_remove(stp_proc_dir);
		goto nomem;
	}
	timer_setup(&stp_poll_timer, stp_poll_timer_fn, 0);
	mod_timer(&stp_poll_timer, jiffies + STP_POLL_JIFFIES);
	return 0;
nomem:
	vfree(stp_ring.buf);
	vfree(stp_read_bounce);
	stp_ring.buf = NULL;
	return -ENOMEM;
}

static void stp_transport_exit(void)
{
	WRITE_ONCE(stp_ctl_closing, true);
	wake_up_interruptible_all(&stp_ctl_wq);
	/* Waits for calls in progress; a blocked reader saw closing. */
	proc_remove(stp_proc_dir);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	timer_delete_sync(&stp_poll_timer);
#else
	del_timer_sync(&stp_poll_timer);
#endif
	vfree(stp_ring.buf);
	vfree(stp_read_bounce);
	stp_ring.buf = NULL;
}
