// SPDX-License-Identifier: MIT
/*
 * The runner of the fuzz and of the cross check: each input in a
 * CLONE_VM child (a raw clone, with a struct rseq of its own), its
 * outcome against the kernel model (kmodel.h) or, for a registration,
 * against the ABI's rules; a child that dies is replaced and the run
 * goes on after the input it died on.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_fuzz.h"

/*
 * The same probe with an rseq(RSEQ_FLAG_UNREGISTER) system call between
 * arming and the int3: once unregistered, nothing may happen.  Its own
 * abort label, so that a restart before the system call (a preemption
 * at rb_unreg_sys) lands here.
 */
__attribute__((noinline, noclone)) static int
rb_probe_unreg(struct ext_area *e, int p, uint64_t pc, uint64_t abort,
	       uint64_t rcx, long *sysret)
{
	register long r10 asm("r10") = RB_SIG;
	long rax = __NR_rseq;
	int r = 0;

	asm volatile("movq %[abort], 0(%[area])\n\t"
		     "movq %[pc], 8(%[area])\n\t"
		     "movq %[rcx], %%rcx\n"
		     ".globl rb_unreg_sys\n"
		     "rb_unreg_sys:\n\t"
		     "syscall\n\t"
		     "int3\n\t"
		     "movq $0, 8(%[area])\n\t"
		     "movl $0, %[r]\n\t"
		     "jmp 9f\n\t"
		     RB_A_SIG
		     ".globl rb_unreg_abort\n"
		     "rb_unreg_abort:\n\t"
		     "movl $1, %[r]\n"
		     "9:\n\t"
		     : [r] "+m"(r), "+a"(rax)
		     : [area] "r"(&e->area), [pc] "r"(pc), [abort] "r"(abort),
		       [rcx] "r"(rcx), "D"(&e->area), "S"((long)PC_LEN),
		       "d"((long)(RSEQ_FLAG_UNREGISTER | guest_proto_flag(p))),
		       "r"(r10)
		     : "rcx", "r11", "memory", "cc");
	*sysret = rax;
	return r;
}

static void fz_bad(struct fz *f, const char *what, long i,
		   const struct fz_in *in, unsigned int mask, int got)
{
	f->mismatches++;
	if (f->nbad < 4)
		snprintf(f->first_bad[f->nbad++], sizeof(f->first_bad[0]),
			 "%s #%ld kind=%d pc=%#lx abort=%#lx rcx=%#lx addr=%#lx len=%u flags=%d allowed=%#x got=%d",
			 what, i, in ? (int)in->kind : -1,
			 in ? (unsigned long)in->pc : 0,
			 in ? (unsigned long)in->abort : 0,
			 in ? (unsigned long)in->rcx : 0,
			 in ? (unsigned long)in->addr : 0, in ? in->len : 0,
			 in ? in->flags : 0, mask, got);
}

static bool readable(struct fz *f, uint64_t addr, unsigned int len)
{
	uint64_t buf[8];

	if (addr >= TSZ || addr + len > TSZ || addr + len < addr)
		return false;
	return m_read(&f->m, addr, buf, len) == 0;
}

/*
 * The registration rules of the ABI (not part of kmodel.h): the
 * expected errno, or 0.  With a protocol flag, the series' rules for
 * the area (the thread's struct rseq registered, no area yet): flags,
 * the NULL/0 probe, length and alignment, access_ok, then the clear
 * of the whole area.  Without, mainline's rules for the struct rseq
 * (nothing registered): flags, length and alignment, access_ok, then
 * the read of rseq_cs.
 */
static int expect_register(struct fz *f, uint64_t a, uint32_t len, int flags)
{
	int proto = flags & PC_FLAGS;

	if (proto) {
		if (flags & ~(PC_FLAGS | RSEQ_FLAG_UNREGISTER))
			return EINVAL;
		if (proto == PC_FLAGS || (flags & RSEQ_FLAG_UNREGISTER))
			return EINVAL;
		if (!a && !len)
			return 0;
		if (len != PC_LEN || (a % 16))
			return EINVAL;
		if (a >= TSZ || a + len > TSZ || a + len < a)
			return EFAULT;
		if (!readable(f, a, len))
			return EFAULT;
		return 0;
	}
	if (flags)
		return EINVAL;	/* unknown, or UNREGISTER with nothing */
	if (len < 32 || (a % 32) || (len != 32 && len < 28))
		return EINVAL;
	if (a >= TSZ || a + len > TSZ || a + len < a)
		return EFAULT;
	if (!readable(f, a + 8, 8))
		return EFAULT;
	return 0;
}

static void fz_register(struct fz *f, long i, const struct fz_in *in)
{
	int exp = expect_register(f, in->addr, in->len, in->flags);
	bool area = in->flags & PC_FLAGS;
	long r;
	int err;

	if (pc_unregister(&f->area, f->proto) ||
	    (!area && own_unregister(&f->area))) {
		fz_bad(f, "unregister before register", i, in, 0, errno);
		_exit(4);
	}
	r = sys_rseq((void *)(uintptr_t)in->addr, in->len, in->flags, RB_SIG);
	err = r ? errno : 0;
	if (err == 0)
		f->reg_ok++;
	else if (err == EINVAL)
		f->reg_einval++;
	else if (err == EFAULT)
		f->reg_efault++;
	else
		f->reg_other++;
	if (err != exp)
		fz_bad(f, "registration errno", i, in, (unsigned int)exp, err);
	if (r == 0 && (in->addr || in->len) &&
	    sys_rseq((void *)(uintptr_t)in->addr, in->len,
		     RSEQ_FLAG_UNREGISTER | (in->flags & PC_FLAGS), RB_SIG))
		fz_bad(f, "unregister after fuzz registration", i, in, 0,
		       errno);
	if ((!area && own_register(&f->area)) ||
	    pc_register(&f->area, f->proto))
		_exit(3);
}

static int fz_child(void *arg)
{
	struct fz *f = arg;
	long i;

	/* a raw clone: no struct rseq from glibc */
	if (own_register(&f->area) || pc_register(&f->area, f->proto))
		_exit(3);
	rb_guest_trap_area_pc = &f->area.area.post_commit_ip;
	for (i = f->next; i < f->n; i++) {
		struct fz_in in;
		const char *why;
		unsigned int mask;
		enum rb_kverdict v;
		long sysret = 0;
		int r;

		f->gen(f, i, &in);
		f->kinds[in.kind]++;
		f->cur = i;
		f->next = i + 1;
		if (in.kind == K_REGISTER) {
			f->cur_mask = 0;
			fz_register(f, i, &in);
			continue;
		}
		mask = model_expect(f->proto, &f->area, in.pc, in.abort,
				    in.rcx, &f->m,
				    in.kind == K_UNREG ? rb_unreg_sys : NULL,
				    &why);
		f->cur_mask = mask;
		rb_guest_trap_pc = ~0ULL;
		if (in.kind == K_PROBE) {
			r = rb_probe(&f->area.area, in.pc, in.abort, in.rcx);
		} else {
			r = rb_probe_unreg(&f->area, f->proto, in.pc, in.abort,
					   in.rcx, &sysret);
			if (!r && sysret != 0)
				fz_bad(f, "unregister while armed failed", i,
				       &in, mask, (int)sysret);
		}
		v = probe_verdict(r, in.pc);
		f->counts[v]++;
		if (mask & (mask - 1))
			f->ambiguous++;
		if (!(mask & (1u << v))) {
			fz_bad(f, why, i, &in, mask, v);
			/* the area may be left armed: start afresh */
			_exit(4);
		}
		if (in.kind == K_UNREG) {
			int e = pc_register(&f->area, f->proto);

			if (e && e != -EBUSY)
				_exit(3);
		}
	}
	_exit(0);
}

void fz_run(struct fz *f)
{
	static char *stack;
	int st;
	pid_t pid;

	if (!stack)
		stack = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->next = 0;
	while (f->next < f->n) {
		f->cur = -1;
		pid = clone(fz_child, stack + (1 << 20) - 64,
			    CLONE_VM | SIGCHLD, f);
		if (pid < 0) {
			fz_bad(f, "clone failed", f->next, NULL, 0, -1);
			return;
		}
		f->children++;
		f->child = pid;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		f->child = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			break;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && f->cur >= 0) {
			f->counts[RB_KV_SIGSEGV]++;
			if (!(f->cur_mask & (1u << RB_KV_SIGSEGV)))
				fz_bad(f, "unexpected SIGSEGV", f->cur, NULL,
				       f->cur_mask, RB_KV_SIGSEGV);
			continue;
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) == 4)
			continue;
		fz_bad(f, "child died otherwise", f->cur, NULL, f->cur_mask,
		       WIFSIGNALED(st) ? 100 + WTERMSIG(st) : WEXITSTATUS(st));
		if (f->cur < 0)
			return;
		f->next = f->cur + 1;
	}
}

void fz_setup(struct fz *f, int p)
{
	char *g;

	memset(f, 0, sizeof(*f));
	f->proto = p;
	if (pipe2(f->m.pipefd, O_NONBLOCK))
		abort();
	f->unmapped = (uintptr_t)mmap(NULL, 1 << 20, PROT_NONE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	g = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(g, 0, 3 * 4096);
	mprotect(g, 4096, PROT_NONE);
	mprotect(g + 2 * 4096, 4096, PROT_NONE);
	f->guard_page = (uintptr_t)g + 4096;
}

void fz_teardown(struct fz *f)
{
	close(f->m.pipefd[0]);
	close(f->m.pipefd[1]);
	munmap((void *)(uintptr_t)f->unmapped, 1 << 20);
	munmap((void *)(uintptr_t)(f->guard_page - 4096), 3 * 4096);
}

struct fz *fz_state(void)
{
	static struct fz *f;

	if (!f)
		f = mmap(NULL, sizeof(struct fz), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return f;
}
