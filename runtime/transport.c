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
 * a message that cannot be queued is counted, not waited for.  (Control
 * messages, sent from process or timer context, wait for the lock.)  Handlers
 * do not wake the reader either (a wake-up takes scheduler locks that a
 * probed function may hold); a timer does, every STP_POLL_JIFFIES, and
 * also sends STP_REQUEST_EXIT once exit() has been called.
 *
 * The last part of the ring is reserved: output may fill the ring only
 * up to STP_RESERVE_OOB + STP_RESERVE_CTL bytes from full, warnings and
 * errors up to STP_RESERVE_CTL, so that warnings get through when output
 * overruns and the few small control messages always do.
 *
 * Bulk mode (STP_BULKMODE) gives each CPU online at load a ring of its
 * own for script output, read through /proc/systemtap-MOD/traceN; its
 * records carry a sequence number instead of a message type.  The same
 * ring code serves both kinds of ring.
 *
 * While ctl is closed (detached: staprun -L, SIGQUIT) rings work as a
 * flight recorder: what does not fit pushes out the oldest messages.
 */

static int _stp_bufsize;
module_param(_stp_bufsize, int, 0);
MODULE_PARM_DESC(_stp_bufsize, "transport buffer size in MiB");

#define STP_RESERVE_CTL 4096
#define STP_RESERVE_OOB 65536
#define STP_RING_SPINS 20000
#define STP_POLL_JIFFIES (HZ / 50 ? HZ / 50 : 1)

/* Size of the ctl ring in bulk mode, where it carries no output. */
#define STP_BULK_CTL_SIZE (1 << 20)

/*
 * A ring of framed messages: each is an 8-byte header whose second
 * word is the payload length (struct stp_msg_hdr on ctl, struct
 * stp_trace_hdr on trace files), then the payload.
 */
struct stp_ring {
	char *buf;
	size_t size;
	size_t head;		/* bytes ever queued */
	size_t tail;		/* bytes ever read */
	raw_spinlock_t lock;
	atomic_t open;		/* its file is open (one opener) */
};

static struct stp_ring stp_ring = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(stp_ring.lock),
};

#ifdef STP_BULKMODE
static struct stp_ring *stp_cpu_rings;	/* [nr_cpu_ids]; buf NULL if none */
static atomic_t stp_sequence = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(stp_data_wq);
#endif

static DECLARE_WAIT_QUEUE_HEAD(stp_ctl_wq);
static DEFINE_MUTEX(stp_read_mutex);
static char *stp_read_bounce;
static bool stp_ctl_closing;
static struct proc_dir_entry *stp_proc_dir;
static struct timer_list stp_poll_timer;

static atomic_t stp_output_dropped = ATOMIC_INIT(0);
static atomic_t stp_oob_dropped = ATOMIC_INIT(0);
static int stp_exit_flag;
static int stp_exit_requested;
/* staprun -L: the START reply is not queued (transport_msgs.h). */
static bool stp_start_quiet;
static s32 stp_start_res;

/* Copy n bytes into the ring at byte offset pos, wrapping around. */
static void stp_ring_copy_in(struct stp_ring *r, size_t pos,
			     const void *src, size_t n)
{
	size_t off = pos % r->size;
	size_t first = min(n, r->size - off);

	memcpy(r->buf + off, src, first);
	memcpy(r->buf, (const char *)src + first, n - first);
}

static void stp_ring_copy_out(struct stp_ring *r, size_t pos, void *dst,
			      size_t n)
{
	size_t off = pos % r->size;
	size_t first = min(n, r->size - off);

	memcpy(dst, r->buf + off, first);
	memcpy((char *)dst + first, r->buf, n - first);
}

/*
 * Probe handlers (any context) try the lock a bounded number of times;
 * control messages, from process or timer context, may wait for it (the
 * holder only copies a message, with interrupts off), so that a reader
 * whose virtual CPU stalls cannot make them get lost.
 */
static bool stp_ring_lock(struct stp_ring *r, unsigned long *flags,
			  bool may_wait)
{
	int i;

	local_irq_save(*flags);
	if (may_wait) {
		raw_spin_lock(&r->lock);
		return true;
	}
	for (i = 0; i < STP_RING_SPINS; i++) {
		if (raw_spin_trylock(&r->lock))
			return true;
		cpu_relax();
	}
	local_irq_restore(*flags);
	return false;
}

static void stp_ring_unlock(struct stp_ring *r, unsigned long flags)
{
	raw_spin_unlock(&r->lock);
	local_irq_restore(flags);
}

/* Nobody reads: keep the newest output, as a flight recorder. */
static bool stp_detached(void)
{
	return !atomic_read(&stp_ring.open);
}

/*
 * Make room for `need` more bytes by dropping the oldest messages;
 * called with the ring locked, only while detached.
 */
static bool stp_ring_discard(struct stp_ring *r, size_t need)
{
	struct stp_msg_hdr hdr;

	if (need > r->size)
		return false;
	while (r->head - r->tail + need > r->size) {
		stp_ring_copy_out(r, r->tail, &hdr, sizeof(hdr));
		r->tail += sizeof(hdr) + hdr.len;
	}
	return true;
}

/*
 * Queue one message whose payload is the concatenation of n byte ranges,
 * provided the ring keeps `reserve` bytes free afterwards.  Returns 0 or
 * -ENOSPC.
 */
static int stp_ring_put(struct stp_ring *r, u32 type,
			const struct kvec *iov, int n, size_t reserve,
			bool may_wait)
{
	struct stp_msg_hdr hdr = { .type = type, .len = 0 };
	unsigned long flags;
	size_t pos;
	int i, rc = -ENOSPC;

	for (i = 0; i < n; i++)
		hdr.len += iov[i].iov_len;
	if (unlikely(!r->buf || hdr.len > STP_MSG_MAX - sizeof(hdr)))
		return -ENOSPC;
	if (!stp_ring_lock(r, &flags, may_wait))
		return -ENOSPC;
	pos = r->head;
	if (pos - r->tail + sizeof(hdr) + hdr.len + reserve <= r->size ||
	    (stp_detached() && stp_ring_discard(r, sizeof(hdr) + hdr.len))) {
#ifdef STP_BULKMODE
		/* Numbered in the order the records enter their rings. */
		if (r != &stp_ring)
			hdr.type = atomic_inc_return(&stp_sequence);
#endif
		stp_ring_copy_in(r, pos, &hdr, sizeof(hdr));
		pos += sizeof(hdr);
		for (i = 0; i < n; i++) {
			stp_ring_copy_in(r, pos, iov[i].iov_base,
					 iov[i].iov_len);
			pos += iov[i].iov_len;
		}
		r->head = pos;
		rc = 0;
	}
	stp_ring_unlock(r, flags);
	return rc;
}

/* The ring that takes this CPU's output. */
static struct stp_ring *stp_output_ring(void)
{
#ifdef STP_BULKMODE
	return &stp_cpu_rings[raw_smp_processor_id()];
#else
	return &stp_ring;
#endif
}

/* Script output; counted when it does not fit. */
static void stp_transport_output(const char *data, size_t len)
{
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };

	if (!len)
		return;
	if (stp_ring_put(stp_output_ring(), STP_OUTPUT, &iov, 1,
			 STP_RESERVE_CTL + STP_RESERVE_OOB, false))
		atomic_inc(&stp_output_dropped);
}

/* A warning or error line for stderr, in n pieces. */
static void stp_transport_oob(const struct kvec *iov, int n)
{
	if (stp_ring_put(&stp_ring, STP_OOB, iov, n, STP_RESERVE_CTL, false))
		atomic_inc(&stp_oob_dropped);
}

/* A control message, from process or timer context. */
static void stp_transport_ctl(u32 type, const void *data, size_t len)
{
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };

	if (type == STP_START) {
		stp_start_res = ((const struct stp_msg_start *)data)->res;
		if (stp_start_quiet && stp_start_res >= 0)
			return;
	}
	if (stp_ring_put(&stp_ring, type, &iov, 1, 0, true))
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

	if (stp_ring_put(&stp_ring, STP_SYSTEM, both, 2, STP_RESERVE_CTL,
			 false))
		atomic_inc(&stp_oob_dropped);
}

static bool stp_ring_empty(struct stp_ring *r)
{
	return READ_ONCE(r->head) == READ_ONCE(r->tail);
}

/*
 * Take the next message into buf if it fits in room bytes: returns its
 * size, 0 if the ring is empty, -EINVAL if it does not fit.
 */
static ssize_t stp_ring_take(struct stp_ring *r, char *buf, size_t room)
{
	struct stp_msg_hdr hdr;
	unsigned long flags;
	ssize_t n = 0;

	/* The reader may wait: only writers need the bounded lock. */
	local_irq_save(flags);
	raw_spin_lock(&r->lock);
	if (r->head != r->tail) {
		stp_ring_copy_out(r, r->tail, &hdr, sizeof(hdr));
		n = sizeof(hdr) + hdr.len;
		if (n <= room) {
			stp_ring_copy_out(r, r->tail, buf, n);
			r->tail += n;
		} else {
			n = -EINVAL;
		}
	}
	stp_ring_unlock(r, flags);
	return n;
}

/* read(2) of ctl or of a trace file: whole messages of ring r. */
static ssize_t stp_ring_read(struct stp_ring *r, wait_queue_head_t *wq,
			     struct file *file, char __user *ubuf,
			     size_t count)
{
	size_t done = 0, room = min_t(size_t, count, STP_MSG_MAX);
	ssize_t n;
	int rc;

	for (;;) {
		if (stp_ctl_closing)
			return 0;
		if (!stp_ring_empty(r))
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		rc = wait_event_interruptible(*wq, !stp_ring_empty(r) ||
					      READ_ONCE(stp_ctl_closing));
		if (rc)
			return rc;
	}
	if (mutex_lock_interruptible(&stp_read_mutex))
		return -ERESTARTSYS;
	/* Whole messages, as many as fit in the bounce buffer. */
	while ((n = stp_ring_take(r, stp_read_bounce + done, room - done)) > 0)
		done += n;
	if (!done) {
		mutex_unlock(&stp_read_mutex);
		return n < 0 ? n : -EAGAIN;
	}
	rc = copy_to_user(ubuf, stp_read_bounce, done) ? -EFAULT : 0;
	mutex_unlock(&stp_read_mutex);
	return rc ? rc : done;
}

static ssize_t stp_ctl_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	return stp_ring_read(&stp_ring, &stp_ctl_wq, file, ubuf, count);
}

/* Defined in module.c: handles one message from staprun. */
static int stp_ctl_handle(u32 type, const void *payload, u32 len);

/*
 * STP_START, with STP_START_LOAD_ONLY: no reply is queued when the
 * module starts, and the write itself fails with the module's error
 * when it does not (the reply is queued then, with what follows).
 */
static ssize_t stp_start_write(struct stp_msg_start *msg, size_t count)
{
	bool quiet = msg->flags & STP_START_LOAD_ONLY;
	int rc;

	stp_start_quiet = quiet;
	stp_start_res = 0;
	rc = stp_ctl_handle(STP_START, msg, sizeof(*msg));
	stp_start_quiet = false;
	if (!rc && quiet && stp_start_res < 0)
		rc = stp_start_res;
	return rc ? rc : count;
}

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
	if (hdr.type == STP_START && hdr.len == sizeof(struct stp_msg_start))
		return stp_start_write((struct stp_msg_start *)payload, count);
	rc = stp_ctl_handle(hdr.type, payload, hdr.len);
	return rc ? rc : count;
}

static __poll_t stp_ctl_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &stp_ctl_wq, wait);
	if (!stp_ring_empty(&stp_ring) || READ_ONCE(stp_ctl_closing))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int stp_ctl_open_file(struct inode *inode, struct file *file)
{
	if (atomic_cmpxchg(&stp_ring.open, 0, 1) != 0)
		return -EBUSY;
	/* A request made while detached may have been pushed out. */
	WRITE_ONCE(stp_exit_requested, 0);
	return 0;
}

static int stp_ctl_release(struct inode *inode, struct file *file)
{
	atomic_set(&stp_ring.open, 0);
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

#ifdef STP_BULKMODE
static ssize_t stp_trace_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	return stp_ring_read(pde_data(file_inode(file)), &stp_data_wq, file,
			     ubuf, count);
}

static __poll_t stp_trace_poll(struct file *file, poll_table *wait)
{
	struct stp_ring *r = pde_data(file_inode(file));
	__poll_t mask = 0;

	poll_wait(file, &stp_data_wq, wait);
	if (!stp_ring_empty(r) || READ_ONCE(stp_ctl_closing))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int stp_trace_open(struct inode *inode, struct file *file)
{
	struct stp_ring *r = pde_data(inode);

	if (atomic_cmpxchg(&r->open, 0, 1) != 0)
		return -EBUSY;
	return 0;
}

static int stp_trace_release(struct inode *inode, struct file *file)
{
	struct stp_ring *r = pde_data(inode);

	atomic_set(&r->open, 0);
	return 0;
}

static const struct proc_ops stp_trace_ops = {
	.proc_open = stp_trace_open,
	.proc_release = stp_trace_release,
	.proc_read = stp_trace_read,
	.proc_poll = stp_trace_poll,
	.proc_lseek = noop_llseek,
};

/* Wake trace readers; from the timer, like ctl's (see the top). */
static void stp_trace_wake(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (!stp_ring_empty(&stp_cpu_rings[cpu])) {
			wake_up_interruptible(&stp_data_wq);
			return;
		}
}

static void stp_trace_free(void)
{
	int cpu;

	if (!stp_cpu_rings)
		return;
	for_each_possible_cpu(cpu)
		vfree(stp_cpu_rings[cpu].buf);
	kfree(stp_cpu_rings);
	stp_cpu_rings = NULL;
}

/* A ring and a traceN file for each CPU online now (no hotplug). */
static int stp_trace_init(size_t size)
{
	char name[sizeof(STP_TRACE_NAME) + 12];
	int cpu;

	stp_cpu_rings = kcalloc(nr_cpu_ids, sizeof(*stp_cpu_rings),
				GFP_KERNEL);
	if (!stp_cpu_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		raw_spin_lock_init(&stp_cpu_rings[cpu].lock);
	for_each_online_cpu(cpu) {
		struct stp_ring *r = &stp_cpu_rings[cpu];

		r->size = size;
		r->buf = vmalloc(size);
		if (!r->buf)
			return -ENOMEM;
		snprintf(name, sizeof(name), STP_TRACE_NAME "%d", cpu);
		if (!proc_create_data(name, 0600, stp_proc_dir,
				      &stp_trace_ops, r))
			return -ENOMEM;
	}
	return 0;
}
#else
static void stp_trace_wake(void) { }
static void stp_trace_free(void) { }
#endif

/* exit() and friends: probe context, so only set a flag (see top). */
static void _stp_exit(void)
{
	WRITE_ONCE(stp_exit_flag, 1);
}

static void stp_poll_timer_fn(struct timer_list *unused)
{
	/* Until it is queued: the ring may be full of output for now. */
	if (READ_ONCE(stp_exit_flag) && !stp_exit_requested &&
	    !stp_ring_put(&stp_ring, STP_REQUEST_EXIT, NULL, 0, 0, true)) {
		stp_exit_requested = 1;
		wake_up_interruptible(&stp_ctl_wq);
	}
	if (!stp_ring_empty(&stp_ring))
		wake_up_interruptible(&stp_ctl_wq);
	stp_trace_wake();
	mod_timer(&stp_poll_timer, jiffies + STP_POLL_JIFFIES);
}

static int stp_transport_init(void)
{
	char name[sizeof(STP_PROC_PREFIX) + MODULE_NAME_LEN];
	int mib = _stp_bufsize > 0 ? _stp_bufsize : STP_DEFAULT_BUFSIZE;

	/* Keep the printable size in the overrun warning truthful. */
	_stp_bufsize = mib = min(mib, 1024);
	stp_ring.size = (size_t)mib << 20;
#ifdef STP_BULKMODE
	/* _stp_bufsize is per CPU; ctl carries control messages only. */
	stp_ring.size = STP_BULK_CTL_SIZE;
#endif
	stp_ring.buf = vmalloc(stp_ring.size);
	stp_read_bounce = vmalloc(STP_MSG_MAX);
	if (!stp_ring.buf || !stp_read_bounce)
		goto nomem;
	snprintf(name, sizeof(name), STP_PROC_PREFIX "%s", THIS_MODULE->name);
	stp_proc_dir = proc_mkdir(name, NULL);
	if (!stp_proc_dir)
		goto nomem;
#ifdef STP_BULKMODE
	if (stp_trace_init((size_t)mib << 20))
		goto remove;
#endif
	if (!proc_create(STP_CTL_NAME, 0600, stp_proc_dir, &stp_ctl_ops))
		goto remove;
	timer_setup(&stp_poll_timer, stp_poll_timer_fn, 0);
	mod_timer(&stp_poll_timer, jiffies + STP_POLL_JIFFIES);
	return 0;
remove:
	proc_remove(stp_proc_dir);
nomem:
	stp_trace_free();
	vfree(stp_ring.buf);
	vfree(stp_read_bounce);
	stp_ring.buf = NULL;
	return -ENOMEM;
}

static void stp_transport_exit(void)
{
	WRITE_ONCE(stp_ctl_closing, true);
	wake_up_interruptible_all(&stp_ctl_wq);
#ifdef STP_BULKMODE
	wake_up_interruptible_all(&stp_data_wq);
#endif
	/* Waits for calls in progress; a blocked reader saw closing. */
	proc_remove(stp_proc_dir);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	timer_delete_sync(&stp_poll_timer);
#else
	del_timer_sync(&stp_poll_timer);
#endif
	stp_trace_free();
	vfree(stp_ring.buf);
	vfree(stp_read_bounce);
	stp_ring.buf = NULL;
}
