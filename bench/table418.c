// SPDX-License-Identifier: MIT
/*
 * rseqbench --table mainline-4.18: the table quoted when rseq was
 * merged (Linux 4.18), measured on this machine and printed beside the
 * published figures with their machines named.  Same loops, rounds and
 * statistics as the main measurement; ns/op, so the timer must have a
 * known rate (tsc or clock).
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rseqbench.h"

static inline void rb_sink(unsigned int v)
{
	asm volatile("" : : "r"(v));
}

static inline unsigned int rb_cpu_syscall(void)
{
	unsigned int cpu = 0;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu;
}

static inline unsigned int rb_cpu_vdso(void)
{
	unsigned int cpu = 0;

	getcpu(&cpu, NULL);
	return cpu;
}

static RB_TIMED_LOOP(rb_tl_rseq, ,
		     rb_sink(RB_READ_ONCE(s->tls.rseq->cpu_id)))
static RB_TIMED_LOOP(rb_tl_vdso, , rb_sink(rb_cpu_vdso()))
static RB_TIMED_LOOP(rb_tl_sched, , rb_sink((unsigned int)sched_getcpu()))
static RB_TIMED_LOOP(rb_tl_syscall, , rb_sink(rb_cpu_syscall()))

#ifdef RB_ARCH_CPU_READERS
#define RB_ARCH_LOOP(name, label, flag)                                 \
	static RB_TIMED_LOOP(rb_tl_##name, , rb_sink(rb_arch_cpu_##name()))
RB_ARCH_CPU_READERS(RB_ARCH_LOOP)
#endif

struct rb_trow {
	const char *label;
	rb_loop_fn loop;
	unsigned int (*read)(void);	/* checked against sched_getcpu */
	const char *flag;		/* cpuinfo flag it needs, or "" */
	const char *pub_x86, *pub_arm;	/* the 4.18 figures */
	bool skip;
	char why[96];
	double *ns;
	struct rb_summary sum;
};

static unsigned int rb_read_sched(void)
{
	return (unsigned int)sched_getcpu();
}

static bool rb_has_flag(const char *flag)
{
	char line[8192];
	bool found = false;
	FILE *f;

	if (!*flag)
		return true;
	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *tok, *save;

		if (strncmp(line, "flags", 5))
			continue;
		for (tok = strtok_r(line, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save))
			if (!strcmp(tok, flag))
				found = true;
		break;
	}
	fclose(f);
	return found;
}

static void rb_trow_fmt(char *buf, size_t len, const struct rb_summary *s)
{
	if (isnan(s->ci_low))
		snprintf(buf, len, "%7.2f", s->median);
	else
		snprintf(buf, len, "%7.2f [%6.2f,%6.2f]", s->median, s->ci_low,
			 s->ci_high);
}

int rb_table418(struct rb_run *run)
{
	struct rb_trow rows[16] = {
		{ .label = "getcpu+atomic",
		  .loop = rb_op_loops[RB_PROTO_getcpu_atomic][RB_OP_addv],
		  .flag = "", .pub_x86 = "15.3", .pub_arm = "344.0" },
		{ .label = "rseq (descriptor addv)",
		  .loop = rb_op_loops[RB_PROTO_descriptor][RB_OP_addv],
		  .flag = "", .pub_x86 = "2.0", .pub_arm = "31.4" },
		{ .label = "rseq cpu_id", .loop = rb_tl_rseq, .flag = "",
		  .pub_x86 = "0.8", .pub_arm = "16.7" },
		{ .label = "glibc getcpu() (vDSO)", .loop = rb_tl_vdso,
		  .read = rb_cpu_vdso, .flag = "", .pub_x86 = "16.6",
		  .pub_arm = "301.8" },
		{ .label = "glibc sched_getcpu()", .loop = rb_tl_sched,
		  .read = rb_read_sched, .flag = "", .pub_x86 = "-",
		  .pub_arm = "-" },
		{ .label = "getcpu system call", .loop = rb_tl_syscall,
		  .read = rb_cpu_syscall, .flag = "", .pub_x86 = "-",
		  .pub_arm = "-" },
#ifdef RB_ARCH_CPU_READERS
#define RB_ARCH_ROW(name, lbl, flg)                                     \
		{ .label = lbl, .loop = rb_tl_##name,                   \
		  .read = rb_arch_cpu_##name, .flag = flg, .pub_x86 = "-",\
		  .pub_arm = "-" },
		RB_ARCH_CPU_READERS(RB_ARCH_ROW)
#endif
	};
	size_t nrows = 0, i;
	uint64_t iters = run->cfg.n / RB_UNROLL;
	double *empty, hz = run->timer.hz;
	struct rb_summary esum;
	struct rb_state s;
	struct rb_raw raw;
	unsigned int r, rounds = run->cfg.rounds;

	while (nrows < 16 && rows[nrows].label)
		nrows++;
	if (!(hz > 0))
		rb_usage_error("--table mainline-4.18 is in ns: use --timer "
			       "tsc or clock (timer %s has no fixed rate)",
			       run->timer.name);
	rb_state_init(&s);
	for (i = 0; i < nrows; i++) {
		struct rb_trow *t = &rows[i];
		unsigned int want = (unsigned int)sched_getcpu();

		if (!rb_has_flag(t->flag)) {
			t->skip = true;
			snprintf(t->why, sizeof(t->why), "no %s on this cpu",
				 t->flag);
		} else if (t->read && t->read() != want) {
			t->skip = true;
			snprintf(t->why, sizeof(t->why),
				 "returns %u, not cpu %u", t->read(), want);
		}
		t->ns = calloc(rounds, sizeof(double));
	}
	empty = calloc(rounds, sizeof(double));
	if (!empty) {
		fprintf(stderr, "rseqbench: out of memory\n");
		return 1;
	}
	for (i = 0; i < nrows; i++)
		if (!rows[i].skip)
			rows[i].loop(&s, &run->timer, iters, &raw);
	for (r = 0; r < rounds && !rb_stop; r++) {
		rb_loop_empty(&s, &run->timer, iters, &raw);
		empty[r] = (double)raw.ticks / hz * 1e9 / (double)run->cfg.n;
		for (i = 0; i < nrows; i++) {
			if (rows[i].skip)
				continue;
			rows[i].loop(&s, &run->timer, iters, &raw);
			rows[i].ns[r] = (double)raw.ticks / hz * 1e9 /
					(double)run->cfg.n;
		}
	}
	rounds = r;
	rb_summarize(empty, rounds, RB_CI_LEVEL, &esum);
	for (i = 0; i < nrows; i++) {
		for (r = 0; r < rounds; r++)
			rows[i].ns[r] -= esum.median;
		if (!rows[i].skip)
			rb_summarize(rows[i].ns, rounds, RB_CI_LEVEL,
				     &rows[i].sum);
	}

	printf("The Linux 4.18 rseq merge table, measured here\n");
	printf("  %.68s\n", run->env.cpu_model);
	if (run->cfg.kernel != RB_KERNEL_HOST)
		printf("  (kernel model: the running kernel has no rseq)\n");
	printf("  %s%s, kernel %.*s, timer %s %.3f GHz\n", run->env.arch,
	       run->env.emulated ? " (EMULATED)" : "",
	       (int)strcspn(run->env.kernel, " "), run->env.kernel,
	       run->timer.name, hz / 1e9);
	printf("  ns/op: median [95%% CI], %llu ops x %u rounds%s\n",
	       (unsigned long long)run->cfg.n, rounds,
	       rb_stop ? " (INTERRUPTED)" : "");
	printf("Published (4.18 merge): Intel E5-2630 v3 and ARMv7 "
	       "Cubietruck.\n");
	for (i = 0; i < nrows; i++) {
		char buf[64];

		if (i == 0)
			printf("\n%-24s %-24s %9s %9s\n",
			       "per-cpu counter +1", "this machine",
			       "E5-2630", "Cubie");
		if (i == 2) {
			if (!rows[0].skip && !rows[1].skip)
				printf("  %-22s %7.1fx %26.1fx %8.1fx\n",
				       "speedup", rows[0].sum.median /
				       rows[1].sum.median, 7.7, 11.0);
			printf("\n%-24s %-24s %9s %9s\n", "reading the cpu",
			       "this machine", "E5-2630", "Cubie");
		}
		if (rows[i].skip)
			snprintf(buf, sizeof(buf), "(%s)", rows[i].why);
		else
			rb_trow_fmt(buf, sizeof(buf), &rows[i].sum);
		printf("  %-22s %-24s %9s %9s\n", rows[i].label, buf,
		       rows[i].pub_x86, rows[i].pub_arm);
	}
	printf("\nPublished 'glibc getcpu' was the vDSO call of its day; "
	       "glibc >= 2.35's\nsched_getcpu() reads the rseq area "
	       "instead.  Empty loop (%.3f ns/op)\nsubtracted.\n",
	       esum.median);
	for (i = 0; i < nrows; i++)
		free(rows[i].ns);
	free(empty);
	rb_state_free(&s);
	return rb_stop ? 130 : 0;
}
