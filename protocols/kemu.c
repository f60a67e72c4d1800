// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rb_asm.h"
#include "rb_sig.h"
#include "kemu.h"

/* The model's offsets are the uapi struct rseq's; so must ours be. */
_Static_assert(offsetof(struct rb_rseq, cpu_id_start) ==
	       RB_KMODEL_CPU_ID_START, "cpu_id_start");
_Static_assert(offsetof(struct rb_rseq, cpu_id) == RB_KMODEL_CPU_ID,
	       "cpu_id");
_Static_assert(offsetof(struct rb_rseq, rseq_cs) == RB_KMODEL_RSEQ_CS,
	       "rseq_cs");
_Static_assert(offsetof(struct rb_rseq, flags) == RB_KMODEL_RSEQ_FLAGS,
	       "flags");
_Static_assert(offsetof(struct rb_rseq, node_id) == RB_KMODEL_NODE_ID,
	       "node_id");
_Static_assert(offsetof(struct rb_rseq, mm_cid) == RB_KMODEL_MM_CID,
	       "mm_cid");
_Static_assert(offsetof(struct rb_rseq, end) == 28, "end");
_Static_assert(sizeof(struct rb_rseq) == 32 &&
	       _Alignof(struct rb_rseq) == 32, "32 bytes, 32-aligned");
_Static_assert(offsetof(struct rb_area, abort_ip) == RB_KMODEL_ABORT_IP &&
	       offsetof(struct rb_area, post_commit_ip) ==
	       RB_KMODEL_POST_COMMIT_IP, "regabort/twostore area");

/*
 * Reads and writes through process_vm_readv/writev on ourselves: a bad
 * address in a (deliberately broken) area is a -1 the model turns into
 * SIGSEGV, as copy_from_user would, instead of a crash in the handler.
 */
/*
 * Where process_vm_readv/writev is missing (qemu-user 7.2: ENOSYS), a
 * per-thread pipe does the checked copy instead: write() reads the
 * source and read() writes the destination, each failing with EFAULT
 * on a bad address as copy_from_user/copy_to_user would.  len is at
 * most a descriptor (32 bytes), far below PIPE_BUF.  pipe(), read()
 * and write() are async-signal-safe.
 */
static __thread int rb_pipe_fd[2] = { -1, -1 };

static int rb_pipe_copy(void *dst, const void *src, unsigned int len)
{
	char drain[64];

	if (len > sizeof(drain))
		return -1;
	if (rb_pipe_fd[0] < 0 && pipe(rb_pipe_fd))
		return -1;
	if (write(rb_pipe_fd[1], src, len) != (ssize_t)len)
		return -1;
	if (read(rb_pipe_fd[0], dst, len) == (ssize_t)len)
		return 0;
	/* dst was bad: empty the pipe for the next copy. */
	while (read(rb_pipe_fd[0], drain, len) < 0 && errno == EINTR)
		;
	return -1;
}

static int rb_self_rw(uint64_t addr, void *buf, unsigned int len, int write)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr,
				.iov_len = len };
	void *remote_p = (void *)(uintptr_t)addr;
	ssize_t n;
	int saved = errno, rc;

	if (write)
		n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	else
		n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (n < 0 && errno == ENOSYS) {
		rc = write ? rb_pipe_copy(remote_p, buf, len) :
			     rb_pipe_copy(buf, remote_p, len);
		errno = saved;
		return rc;
	}
	errno = saved;
	return n == (ssize_t)len ? 0 : -1;
}

static int rb_self_read(void *ctx, uint64_t addr, void *buf, unsigned int len)
{
	(void)ctx;
	return rb_self_rw(addr, buf, len, 0);
}

static int rb_self_write(void *ctx, uint64_t addr, const void *buf,
			 unsigned int len)
{
	(void)ctx;
	return rb_self_rw(addr, (void *)buf, len, 1);
}

const struct rb_kmodel_mem rb_kemu_self_mem = {
	.read = rb_self_read,
	.write = rb_self_write,
	.task_size = RB_ARCH_TASK_SIZE,
};

/*
 * The emulation's own struct rseq and area are always mapped and
 * writable, so the checked copy could only make them slower: a
 * process_vm_writev per published id costs the storms most of their
 * throughput.  Anything else (a descriptor, an abort address, an area
 * a test moved) still goes through the checked copy.
 */
static bool rb_kemu_own(const struct rb_kemu *k, uint64_t addr,
			unsigned int len)
{
	uint64_t rseq = (uint64_t)(uintptr_t)&k->rseq;
	uint64_t area = (uint64_t)(uintptr_t)&k->area;

	return (addr >= rseq && addr + len <= rseq + sizeof(k->rseq)) ||
	       (addr >= area && addr + len <= area + sizeof(k->area));
}

static int rb_kemu_read(void *ctx, uint64_t addr, void *buf,
			unsigned int len)
{
	if (!rb_kemu_own(ctx, addr, len))
		return rb_self_rw(addr, buf, len, 0);
	memcpy(buf, (const void *)(uintptr_t)addr, len);
	return 0;
}

static int rb_kemu_write(void *ctx, uint64_t addr, const void *buf,
			 unsigned int len)
{
	if (!rb_kemu_own(ctx, addr, len))
		return rb_self_rw(addr, (void *)buf, len, 1);
	memcpy((void *)(uintptr_t)addr, buf, len);
	return 0;
}

static void rb_kemu_mem(struct rb_kemu *k, struct rb_kmodel_mem *mem)
{
	mem->read = rb_kemu_read;
	mem->write = rb_kemu_write;
	mem->ctx = k;
	mem->task_size = RB_ARCH_TASK_SIZE;
}

void rb_kemu_init(struct rb_kemu *k, struct rb_tls *t, int cpu)
{
	memset(k, 0, sizeof(*k));
	k->rseq.cpu_id_start = (uint32_t)cpu;
	k->rseq.cpu_id = (uint32_t)cpu;
	/* What the C library registers, not the arch header's copy. */
	k->kt.sig = RB_SYS_SIG;
	t->rseq = &k->rseq;
	t->area = &k->area;
}

void rb_kemu_register(struct rb_kemu *k, enum rb_kproto proto)
{
	bool post_commit = proto == RB_KPROTO_REGABORT ||
			   proto == RB_KPROTO_TWOSTORE;

	k->kt.proto = proto;
	k->kt.area = proto == RB_KPROTO_DESCRIPTOR ?
		     (uint64_t)(uintptr_t)&k->rseq :
		     (uint64_t)(uintptr_t)&k->area;
	/*
	 * The v2 rules: a post-commit area comes with the thread's struct
	 * rseq, which the fixup evaluates first (kmodel.h, rule D).  Named
	 * here, not left to the task fallback, because the storms also
	 * run rb_kmodel_fixup() on kt directly.
	 */
	k->kt.rseq = post_commit ? (uint64_t)(uintptr_t)&k->rseq : 0;
	/*
	 * A 32-bit build is a 32-bit task, a compat one on the 64-bit
	 * kernels it runs on.  Its context accessors already return the
	 * register's low half, so this changes no verdict; it keeps the
	 * registration what such a kernel would see.
	 */
	k->kt.compat = sizeof(void *) == 4;
	/* sys_rseq() drops what a former registration left in rseq_cs. */
	if (k->unregistered)
		k->rseq.rseq_cs = 0;
	k->unregistered = false;
}

static void rb_kemu_task(const struct rb_kemu *k, int cpu,
			 struct rb_kmodel_task *task)
{
	task->t = k->kt;
	task->rseq = k->unregistered ? 0 : (uint64_t)(uintptr_t)&k->rseq;
	task->event_mask = k->event_mask;
	task->cpu = (uint32_t)cpu;
	task->node_id = k->node_id;
	task->mm_cid = k->mm_cid;
}

enum rb_kverdict rb_kemu_notify_resume(struct rb_kemu *k, ucontext_t *uc,
				       int cpu, uint32_t events,
				       struct rb_kmodel_result *res)
{
	struct rb_kmodel_regs regs = {
		.ip = rb_arch_uc_ip(uc),
		.regabort = rb_arch_uc_regabort(uc),
	};
	struct rb_kmodel_task task;
	struct rb_kmodel_mem mem;

	if (events)
		k->events++;
	/* The bits are set even when unregistered, as rseq_preempt() does. */
	k->event_mask |= events;
	rb_kemu_task(k, cpu, &task);
	rb_kemu_mem(k, &mem);
	rb_kmodel_notify_resume(&task, &regs, &mem, res);
	k->event_mask = task.event_mask;
	k->last_reason = res->reason;
	switch (res->verdict) {
	case RB_KV_RESTART:
		rb_arch_uc_set_ip(uc, res->new_ip);
		k->restarts++;
		break;
	case RB_KV_CLEARED:
		k->clears++;
		break;
	case RB_KV_SIGSEGV:
		k->sigsegvs++;
		break;
	default:
		break;
	}
	return res->verdict;
}

enum rb_kverdict rb_kemu_return_to_user(struct rb_kemu *k, ucontext_t *uc,
					int cpu, struct rb_kmodel_result *res)
{
	return rb_kemu_notify_resume(k, uc, cpu, RB_KEVENT_PREEMPT, res);
}

enum rb_kverdict rb_kemu_syscall(struct rb_kemu *k, uint64_t ip,
				 struct rb_kmodel_result *res)
{
	struct rb_kmodel_task task;
	struct rb_kmodel_mem mem;

	rb_kemu_task(k, 0, &task);
	rb_kemu_mem(k, &mem);
	rb_kmodel_syscall(&task, ip, &mem, res);
	k->last_reason = res->reason;
	if (res->verdict == RB_KV_SIGSEGV)
		k->sigsegvs++;
	return res->verdict;
}

int rb_kemu_unregister(struct rb_kemu *k)
{
	struct rb_kmodel_task task;
	struct rb_kmodel_mem mem;

	rb_kemu_task(k, 0, &task);
	rb_kemu_mem(k, &mem);
	if (rb_kmodel_unregister(&task, &mem))
		return -1;
	k->kt.proto = task.t.proto;
	k->unregistered = true;
	return 0;
}

int rb_kemu_tick_start(int signo, long period_us, timer_t *timer)
{
	struct sigevent sev = { 0 };
	struct itimerspec its = { 0 };

	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = signo;
	sev._sigev_un._tid = gettid();
	its.it_interval.tv_sec = period_us / 1000000;
	its.it_interval.tv_nsec = period_us % 1000000 * 1000L;
	its.it_value = its.it_interval;
	if (timer_create(CLOCK_MONOTONIC, &sev, timer))
		return -1;
	if (timer_settime(*timer, 0, &its, NULL)) {
		timer_delete(*timer);
		return -1;
	}
	return 0;
}

enum rb_kproto rb_kemu_proto_for(const char *name)
{
	int p = rb_proto_lookup(name);

	return p < 0 ? RB_KPROTO_NONE : rb_protos[p].kproto;
}
