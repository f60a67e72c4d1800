// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rb_asm.h"
#include "rb_sig.h"
#include "kemu.h"

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
	k->kt.proto = proto;
	k->kt.area = proto == RB_KPROTO_DESCRIPTOR ?
		     (uint64_t)(uintptr_t)&k->rseq :
		     (uint64_t)(uintptr_t)&k->area;
}

enum rb_kverdict rb_kemu_return_to_user(struct rb_kemu *k, ucontext_t *uc,
					int cpu, struct rb_kmodel_result *res)
{
	struct rb_kmodel_regs regs = {
		.ip = rb_arch_uc_ip(uc),
		.regabort = rb_arch_uc_regabort(uc),
		.event = true,
	};

	k->events++;
	rb_kmodel_fixup(&k->kt, &regs, &rb_kemu_self_mem, res);
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
		return res->verdict;
	default:
		break;
	}
	/* The kernel publishes the cpu after the fixup, start field first. */
	RB_WRITE_ONCE(k->rseq.cpu_id_start, (uint32_t)cpu);
	RB_WRITE_ONCE(k->rseq.cpu_id, (uint32_t)cpu);
	return res->verdict;
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
	if (!strcmp(name, "regabort"))
		return RB_KPROTO_REGABORT;
	if (!strcmp(name, "twostore"))
		return RB_KPROTO_TWOSTORE;
	if (!strncmp(name, "descriptor", 10))
		return RB_KPROTO_DESCRIPTOR;
	return RB_KPROTO_NONE;
}
