// SPDX-License-Identifier: MIT
/*
 * /init of the differential boots (tests/kernel/differ.sh): the same
 * inputs on the patched kernel and on the pristine 6.12 it was built
 * from, to show that the series leaves mainline's rseq alone.  Only
 * what both kernels offer is used: glibc's own registration, its
 * rseq_cs, and the rseq() system call with mainline's flags (never the
 * series' two).
 *
 * Three parts, every input from a fixed seed, every outcome printed
 * as one character so that the runner can compare input by input:
 *   probe  an int3 with rseq_cs set to a generated descriptor (valid,
 *          bad pointer, bad version or flags, ranges that cover the
 *          int3 or not, good or bad abort address and signature), run
 *          twice: N went on, R restarted, B restarted at a bad
 *          signature, S killed by SIGSEGV, O anything else, ? the two
 *          runs disagreed;
 *   reg    four rseq() calls in a row with generated address, length,
 *          flags and signature: 0 success, or the errno (I EINVAL,
 *          F EFAULT, B EBUSY, P EPERM, X other);
 *   tort   descriptor addv on per-cpu counters, 2 threads per vCPU,
 *          timer signals and forced migrations (addv_torture.c): E
 *          exact, L lost, U exact but never restarted (untested).
 * Each input runs in a forked child, so that a SIGSEGV ends only it.
 * Kernel command line: rbdiff=probe inputs (default 20000), reg inputs
 * are half as many, rbsecs=torture seconds (default 2).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/rseq.h>
#include <sys/rseq.h>

#include "protocols.h"
#include "guest_util.h"
#include "../tap.h"

#define LINE 64			/* outcome characters per console line */
#define KADDR 0xffffffff81000000ULL

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64: the same inputs on every kernel. */
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(const uint64_t *v, int n)
{
	return v[rnd() % (uint64_t)n];
}

/* Prints one part's outcomes, LINE to a line, numbered. */
static void print_outcomes(const char *part, const char *o, long n)
{
	long i;

	for (i = 0; i < n; i += LINE)
		printf("# differ %s %ld: %.*s\n", part, i / LINE,
		       (int)(n - i < LINE ? n - i : LINE), o + i);
}

static long count(const char *o, long n, char c)
{
	long i, k = 0;

	for (i = 0; i < n; i++)
		k += o[i] == c;
	return k;
}

/* ---- probe ---------------------------------------------------------- */

extern const char rb_dp_trap[], rb_dp_after[], rb_dp_abort[],
	rb_dp_abort_bad[];

/* 0 went on, 1 restarted at rb_dp_abort, 2 at rb_dp_abort_bad. */
__attribute__((noinline, noclone)) static int rb_dprobe(void)
{
	int r = 0;

	asm volatile(".globl rb_dp_trap\n"
		     "rb_dp_trap:\n\t"
		     "int3\n"
		     ".globl rb_dp_after\n"
		     "rb_dp_after:\n\t"
		     "movl $0, %[r]\n\t"
		     "jmp 9f\n\t"
		     ".long " RB_STR(RSEQ_SIG) "\n"
		     ".globl rb_dp_abort\n"
		     "rb_dp_abort:\n\t"
		     "movl $1, %[r]\n\t"
		     "jmp 9f\n\t"
		     ".long " RB_STR(RSEQ_SIG) " ^ 0x10000\n"
		     ".globl rb_dp_abort_bad\n"
		     "rb_dp_abort_bad:\n\t"
		     "movl $2, %[r]\n"
		     "9:\n\t"
		     : [r] "+m"(r)
		     :
		     : "memory", "cc");
	return r;
}

static struct rseq_cs probe_cs __attribute__((aligned(32)));
static char *unmapped;		/* a PROT_NONE page */

/* The valid value most of the time, else one of the others. */
static uint64_t mostly(uint64_t valid, const uint64_t *other, int n)
{
	return rnd() % 5 ? valid : pick(other, n);
}

#define MOSTLY(valid, other) \
	mostly(valid, other, (int)(sizeof(other) / sizeof(other[0])))

static void gen_probe(uint64_t *ptr)
{
	uint64_t start = (uintptr_t)rb_dp_trap, after = (uintptr_t)rb_dp_after;
	const uint64_t ptrs[] = {
		0, (uintptr_t)&probe_cs + 8, KADDR, (uintptr_t)unmapped,
		0x7ffffffff000ULL - 32, 1ULL << 63,
	};
	const uint64_t starts[] = {
		start - 1, after, after + 1, 0, KADDR, rnd(),
	};
	const uint64_t lens[] = {
		after - start, 0, 1, ~0ULL, 0x800000000000ULL,
		rnd() & 0xffff,
	};
	const uint64_t aborts[] = {
		(uintptr_t)rb_dp_abort_bad, start, 0, KADDR,
		(uintptr_t)unmapped + 4, rnd(),
	};
	const uint64_t versions[] = { 1, 2, 3 };
	const uint64_t flags[] = { 1, 2, 4, 8, 1u << 31 };

	memset(&probe_cs, 0, sizeof(probe_cs));
	probe_cs.version = (uint32_t)MOSTLY(0, versions);
	probe_cs.flags = (uint32_t)MOSTLY(0, flags);
	probe_cs.start_ip = MOSTLY(start, starts);
	/* int3 reports the ip after it: the range must include it */
	probe_cs.post_commit_offset = MOSTLY(after + 1 - start, lens);
	probe_cs.abort_ip = MOSTLY((uintptr_t)rb_dp_abort, aborts);
	*ptr = MOSTLY((uintptr_t)&probe_cs, ptrs);
}

static void on_trap(int sig)
{
	(void)sig;
}

static char run_probe(uint64_t ptr)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int r;

		RB_WRITE_ONCE(glibc_rseq()->rseq_cs, ptr);
		r = rb_dprobe();
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs, 0);
		_exit(r);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 'O';
	if (WIFSIGNALED(st))
		return WTERMSIG(st) == SIGSEGV ? 'S' : 'O';
	switch (WEXITSTATUS(st)) {
	case 0:
		return 'N';
	case 1:
		return 'R';
	case 2:
		return 'B';
	default:
		return 'O';
	}
}

static void part_probe(long n)
{
	char *o = malloc((size_t)n);
	uint64_t ptr;
	long i;

	if (!o)
		return;
	/*
	 * Twice each: a preemption between the store to rseq_cs and the
	 * int3 clears a descriptor that does not cover the store (both
	 * kernels do), and the probe then goes on.  An outcome that
	 * changes between the two runs is '?', unstable, not compared.
	 */
	for (i = 0; i < n; i++) {
		char a, b;

		gen_probe(&ptr);
		a = run_probe(ptr);
		b = run_probe(ptr);
		o[i] = a == b ? a : '?';
	}
	print_outcomes("probe", o, n);
	CHECK(count(o, n, 'O') == 0 && count(o, n, 'B') == 0,
	      "probe: %ld inputs, each run twice: %ld went on, %ld restarted, %ld SIGSEGV, %ld at a bad signature, %ld other, %ld unstable",
	      n, count(o, n, 'N'), count(o, n, 'R'), count(o, n, 'S'),
	      count(o, n, 'B'), count(o, n, 'O'), count(o, n, '?'));
	free(o);
}

/* ---- reg ------------------------------------------------------------ */

#define REG_CALLS 4

/* Room for the longest length generated that is not random. */
static union {
	struct rb_rseq rseq;
	char room[64];
} own_area __attribute__((aligned(64)));
#define own (own_area.rseq)

static char errno_char(long r)
{
	if (r == 0)
		return '0';
	switch (errno) {
	case EINVAL:
		return 'I';
	case EFAULT:
		return 'F';
	case EBUSY:
		return 'B';
	case EPERM:
		return 'P';
	default:
		return 'X';
	}
}

struct reg_in {
	uint64_t addr;
	uint32_t len, sig;
	int flags;
};

/*
 * Call k of a sequence.  The first call often unregisters glibc's
 * struct rseq, so that the later ones reach registration proper, not
 * only EBUSY/EINVAL against the registered area.
 */
static void gen_reg(struct reg_in *in, int k)
{
	const uint64_t addrs[] = {
		(uintptr_t)glibc_rseq(), (uintptr_t)&own, (uintptr_t)&own,
		(uintptr_t)&own + 4, 0, KADDR, (uintptr_t)unmapped,
	};
	const uint64_t lens[] = { 32, 32, 32, 0, 20, 31, 33, 40, 48, 64,
				  rnd() & 0x3ff };
	int bit;

	if (k == 0 && rnd() % 2) {
		in->addr = (uintptr_t)glibc_rseq();
		in->len = 32;
		in->flags = RSEQ_FLAG_UNREGISTER;
		in->sig = RSEQ_SIG;
		return;
	}
	in->addr = pick(addrs, sizeof(addrs) / sizeof(addrs[0]));
	in->len = (uint32_t)pick(lens, sizeof(lens) / sizeof(lens[0]));
	in->sig = rnd() % 5 ? RSEQ_SIG : (uint32_t)rnd();
	switch (rnd() % 5) {
	case 0:
		in->flags = RSEQ_FLAG_UNREGISTER;
		break;
	case 1:
	case 2:
		/* any other bit but the series' two */
		do
			bit = (int)(rnd() % 32);
		while ((1u << bit) & RB_KFLAGS_POST_COMMIT);
		in->flags = (int)(1u << bit);
		break;
	default:
		in->flags = 0;
		break;
	}
}

static void part_reg(long n)
{
	char *o = mmap(NULL, (size_t)n * REG_CALLS, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct reg_in in[REG_CALLS];
	long i;
	int k, st;

	if (o == MAP_FAILED)
		return;
	memset(o, 'O', (size_t)n * REG_CALLS);
	for (i = 0; i < n; i++) {
		pid_t pid;

		for (k = 0; k < REG_CALLS; k++)
			gen_reg(&in[k], k);
		pid = fork();
		if (pid == 0) {
			memset(&own, 0, sizeof(own));
			own.cpu_id = (uint32_t)-1;
			for (k = 0; k < REG_CALLS; k++)
				o[i * REG_CALLS + k] =
					errno_char(syscall(__NR_rseq,
							   in[k].addr,
							   in[k].len,
							   in[k].flags,
							   in[k].sig));
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, &st, 0);
	}
	print_outcomes("reg", o, n * REG_CALLS);
	CHECK(count(o, n * REG_CALLS, 'O') == 0,
	      "reg: %ld calls, %ld succeeded, %ld EINVAL, %ld EFAULT, %ld EBUSY, %ld EPERM, %ld other errno, %ld not made",
	      n * REG_CALLS, count(o, n * REG_CALLS, '0'),
	      count(o, n * REG_CALLS, 'I'), count(o, n * REG_CALLS, 'F'),
	      count(o, n * REG_CALLS, 'B'), count(o, n * REG_CALLS, 'P'),
	      count(o, n * REG_CALLS, 'X'), count(o, n * REG_CALLS, 'O'));
	munmap(o, (size_t)n * REG_CALLS);
}

/* ---- tort ----------------------------------------------------------- */

static char part_tort(int ncpus, long secs)
{
	struct addv_torture t;

	if (!addv_torture(guest_proto(RB_KPROTO_DESCRIPTOR), ncpus, secs, &t))
		return 'O';
	/* No abort: the restart path went untested, so no verdict. */
	CHECK(t.sum == t.adds && t.aborts > 0,
	      "tort: descriptor addv, %d threads, %ld s, a 500 us timer each: %lu adds, sum %lu, %lu aborts",
	      t.nthreads, secs, t.adds, t.sum, t.aborts);
	return t.sum != t.adds ? 'L' : t.aborts ? 'E' : 'U';
}

/* ---- main ----------------------------------------------------------- */

int main(void)
{
	long n = env_long("rbdiff", 20000), secs = env_long("rbsecs", 2);
	int ncpus;
	char tort;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1)
		mount("proc", "/proc", "proc", 0, NULL);
	ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus > 32)
		ncpus = 32;
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	signal(SIGTRAP, on_trap);
	NOTE("differ: %d vCPUs, glibc's rseq registration on (__rseq_size %u), seed fixed",
	     ncpus, __rseq_size);
	part_probe(n);
	part_reg(n / 2);
	tort = part_tort(ncpus, secs);
	print_outcomes("tort", &tort, 1);
	NOTE("differ done: %d failed", tap_failed);
	console_drain();
	if (getpid() == 1 && ioperm(0xf4, 4, 1) == 0)
		outl(tap_failed ? 1u : 0u, 0xf4);
	return tap_failed ? 1 : 0;
}
