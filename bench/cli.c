// SPDX-License-Identifier: MIT
/* Command line.  Every bad input is one line on stderr and exit 2. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rseqbench.h"

void rb_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("rseqbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void rb_usage(FILE *f)
{
	int i;

	fprintf(f,
"Usage: rseqbench [OPTION]...\n"
"Measure the fast path of the rseq commit protocols on this machine.\n"
"\n"
"  -p, --protocol LIST  protocols to run, comma-separated, or 'all'\n"
"  -o, --op LIST        operations to run, comma-separated, or 'all'\n"
"  -n N                 operations per sample (>= 10000; rounded up to a\n"
"                       multiple of %d; default %llu)\n"
"  -r R                 rounds, one sample per cell each (>= %d, default %d)\n"
"      --timer KIND     auto|perf|tsc|clock (default auto: the best that\n"
"                       works, saying why the better ones did not)\n"
"      --kernel K       host (the running kernel restarts descriptor;\n"
"                       regabort and twostore are measured without\n"
"                       kernel support), model (the kernel model, driven\n"
"                       by a %d us timer signal, restarts all three) or\n"
"                       auto (default: host if it has rseq, else model)\n"
"      --context LIST   latency, throughput, caller, comma-separated, or\n"
"                       'all' (default; see the README)\n"
"      --processes N    run the measurement in N fresh processes, one\n"
"                       after the other, and merge them (default 1)\n"
"      --loop SHAPE     with --spin: unrolled (default: 64 ops an\n"
"                       iteration) or rolled (one, the selftests' shape)\n"
"      --cpu N          pin to cpu N; 'auto' (default: the highest allowed\n"
"                       cpu) or 'none'\n"
"      --format FMT     table|csv|json on standard output (default table)\n"
"      --out DIR        also write results.csv, results.json, report.txt\n"
"      --list           what protocols, operations and timers exist here\n"
"      --selftest       only the known-cost check (1, 4, 16 dependent adds)\n"
"      --scaling        throughput and aborts/op at 1, 2, 4 ... 4 x cpus\n"
"                       unpinned threads (--out DIR: scaling.csv)\n"
"      --table mainline-4.18\n"
"                       the table of the 4.18 rseq merge, measured here,\n"
"                       beside the published figures (ns/op)\n"
"      --spin COUNT     run COUNT operations (rounded down to a multiple\n"
"                       of %d) of each selected cell through the timed\n"
"                       loop, without measuring: a workload for hyperfine\n"
"                       or perf stat\n"
"      --threads N      with --spin: N unpinned threads share the per-CPU\n"
"                       data, each running COUNT operations\n"
"      --state-offset B with --spin: each thread's copy of the benchmark\n"
"                       state starts B bytes into a page of its own\n"
"                       (0-%d, a multiple of 16; default 0)\n"
"  -q, --quiet          no progress on standard error\n"
"  -h, --help           this text\n"
"  -V, --version        version\n"
"\n"
"Protocols:", RB_UNROLL, RB_DEFAULT_N, RB_MIN_ROUNDS, RB_DEFAULT_ROUNDS,
		RB_MODEL_TICK_US, RB_UNROLL, RB_STATE_OFFSET_MAX);
	for (i = 0; i < RB_NPROTO; i++)
		fprintf(f, " %s", rb_proto_names[i]);
	fputs("\nOperations:", f);
	for (i = 0; i < RB_NOP; i++)
		fprintf(f, " %s", rb_op_names[i]);
	fputs("\n\nExit status: 0 ok, 1 selftest failed or a benchmark state "
	      "broke,\n2 bad input, 130 interrupted (finished rounds are "
	      "still written).\n", f);
}

static void rb_parse_list(const char *what, const char *arg,
			  const char *const *names, int count, bool *sel)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int i;

	if (!copy)
		rb_usage_error("out of memory");
	if (!*arg)
		rb_usage_error("%s: empty list", what);
	if (arg[0] == ',' || arg[strlen(arg) - 1] == ',' || strstr(arg, ",,"))
		rb_usage_error("%s '%s': empty name in list", what, arg);
	memset(sel, 0, sizeof(bool) * count);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			for (i = 0; i < count; i++)
				sel[i] = true;
			continue;
		}
		for (i = 0; i < count; i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == count) {
			char known[512] = "";

			for (i = 0; i < count; i++) {
				strncat(known, names[i],
					sizeof(known) - strlen(known) - 3);
				if (i + 1 < count)
					strcat(known, ", ");
			}
			rb_usage_error("unknown %s '%s' (known: %s)", what, tok,
				       known);
		}
		sel[i] = true;
	}
	free(copy);
}

static unsigned long long rb_parse_u64(const char *opt, const char *arg,
				       unsigned long long min,
				       unsigned long long max)
{
	unsigned long long v;
	char *end;

	if (!*arg || *arg == '-' || *arg == '+' || *arg == ' ')
		rb_usage_error("%s '%s': not a non-negative integer", opt, arg);
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end)
		rb_usage_error("%s '%s': not a non-negative integer", opt, arg);
	if (errno || v < min || v > max)
		rb_usage_error("%s '%s': must be between %llu and %llu", opt,
			       arg, min, max);
	return v;
}

enum {
	OPT_TIMER = 256,
	OPT_CPU,
	OPT_FORMAT,
	OPT_OUT,
	OPT_LIST,
	OPT_SELFTEST,
	OPT_SPIN,
	OPT_KERNEL,
	OPT_TABLE,
	OPT_SCALING,
	OPT_THREADS,
	OPT_LOOP,
	OPT_CONTEXT,
	OPT_PROCESSES,
	OPT_CHILD,
	OPT_STATE_OFFSET,
};

static const struct option rb_options[] = {
	{ "protocol", required_argument, NULL, 'p' },
	{ "op", required_argument, NULL, 'o' },
	{ "timer", required_argument, NULL, OPT_TIMER },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "selftest", no_argument, NULL, OPT_SELFTEST },
	{ "spin", required_argument, NULL, OPT_SPIN },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "scaling", no_argument, NULL, OPT_SCALING },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "loop", required_argument, NULL, OPT_LOOP },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "processes", required_argument, NULL, OPT_PROCESSES },
	{ "child", required_argument, NULL, OPT_CHILD },
	{ "state-offset", required_argument, NULL, OPT_STATE_OFFSET },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int rb_parse_args(int argc, char **argv, struct rb_config *cfg)
{
	int c, i, t;
	size_t len = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->n = RB_DEFAULT_N;
	cfg->rounds = RB_DEFAULT_ROUNDS;
	cfg->timer = RB_TIMER_AUTO;
	cfg->cpu = RB_CPU_AUTO;
	cfg->spin = -1;
	cfg->processes = 1;
	cfg->child = -1;
	for (i = 0; i < RB_NCTX; i++)
		cfg->ctx[i] = true;
	for (i = 0; i < RB_NPROTO; i++)
		cfg->proto[i] = true;
	for (i = 0; i < RB_NOP; i++)
		cfg->op[i] = true;
	for (i = 0; i < argc && len + 2 < sizeof(cfg->cmdline); i++)
		len += snprintf(cfg->cmdline + len, sizeof(cfg->cmdline) - len,
				"%s%s", i ? " " : "", argv[i]);

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:o:n:r:qhV", rb_options,
				NULL)) != -1) {
		switch (c) {
		case 'p':
			rb_parse_list("protocol", optarg, rb_proto_names,
				      RB_NPROTO, cfg->proto);
			cfg->proto_given = true;
			break;
		case 'o':
			rb_parse_list("op", optarg, rb_op_names, RB_NOP,
				      cfg->op);
			break;
		case 'n':
			cfg->n = rb_parse_u64("-n", optarg, RB_MIN_N, RB_MAX_N);
			cfg->n = (cfg->n + RB_UNROLL - 1) / RB_UNROLL *
				 RB_UNROLL;
			break;
		case 'r':
			cfg->rounds = (unsigned)rb_parse_u64(
				"-r", optarg, RB_MIN_ROUNDS, RB_MAX_ROUNDS);
			break;
		case OPT_TIMER:
			t = rb_timer_parse(optarg);
			if (t < 0)
				rb_usage_error("--timer '%s': expected auto, "
					       "perf, tsc or clock", optarg);
			cfg->timer = t;
			break;
		case OPT_CPU:
			if (!strcmp(optarg, "auto"))
				cfg->cpu = RB_CPU_AUTO;
			else if (!strcmp(optarg, "none"))
				cfg->cpu = RB_CPU_NONE;
			else if (!*optarg ||
				 strspn(optarg, "0123456789") != strlen(optarg))
				rb_usage_error("--cpu '%s': expected a cpu "
					       "number, auto or none", optarg);
			else
				cfg->cpu = (int)rb_parse_u64("--cpu", optarg, 0,
							     4095);
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "table"))
				cfg->format = RB_FMT_TABLE;
			else if (!strcmp(optarg, "csv"))
				cfg->format = RB_FMT_CSV;
			else if (!strcmp(optarg, "json"))
				cfg->format = RB_FMT_JSON;
			else
				rb_usage_error("--format '%s': expected table, "
					       "csv or json", optarg);
			break;
		case OPT_OUT:
			if (!*optarg)
				rb_usage_error("--out: empty directory name");
			cfg->out_dir = optarg;
			break;
		case OPT_LIST:
			cfg->list = true;
			break;
		case OPT_SELFTEST:
			cfg->selftest_only = true;
			break;
		case OPT_SPIN:
			cfg->spin = (long long)rb_parse_u64(
				"--spin", optarg, 0, 1ULL << 62);
			break;
		case OPT_KERNEL:
			if (!strcmp(optarg, "auto"))
				cfg->kernel = RB_KERNEL_AUTO;
			else if (!strcmp(optarg, "host"))
				cfg->kernel = RB_KERNEL_HOST;
			else if (!strcmp(optarg, "model"))
				cfg->kernel = RB_KERNEL_MODEL;
			else
				rb_usage_error("--kernel '%s': expected auto, "
					       "host or model", optarg);
			break;
		case OPT_LOOP:
			if (!strcmp(optarg, "unrolled"))
				cfg->shape = RB_SHAPE_UNROLLED;
			else if (!strcmp(optarg, "rolled"))
				cfg->shape = RB_SHAPE_ROLLED;
			else
				rb_usage_error("--loop '%s': expected unrolled "
					       "or rolled", optarg);
			break;
		case OPT_CONTEXT:
			rb_parse_list("context", optarg, rb_ctx_names, RB_NCTX,
				      cfg->ctx);
			break;
		case OPT_PROCESSES:
			cfg->processes = (unsigned)rb_parse_u64("--processes",
				optarg, 1, RB_MAX_PROCESSES);
			break;
		case OPT_CHILD:
			cfg->child = (int)rb_parse_u64("--child", optarg, 0,
						       RB_MAX_PROCESSES);
			break;
		case OPT_THREADS:
			cfg->threads = (int)rb_parse_u64("--threads", optarg,
							 1, 4096);
			break;
		case OPT_SCALING:
			cfg->scaling = true;
			break;
		case OPT_STATE_OFFSET:
			cfg->state_offset = (int)rb_parse_u64(
				"--state-offset", optarg, 0,
				RB_STATE_OFFSET_MAX);
			if (cfg->state_offset % 16)
				rb_usage_error("--state-offset %s: not a "
					       "multiple of 16", optarg);
			break;
		case OPT_TABLE:
			if (strcmp(optarg, "mainline-4.18"))
				rb_usage_error("--table '%s': the only table is "
					       "mainline-4.18", optarg);
			cfg->table418 = true;
			break;
		case 'q':
			cfg->quiet = true;
			break;
		case 'h':
			rb_usage(stdout);
			exit(0);
		case 'V':
			printf("rseqbench %s\n", RB_VERSION);
			exit(0);
		case ':':
			rb_usage_error("option '%s' needs a value (see --help)",
				       argv[optind - 1]);
		default:
			rb_usage_error("unknown option '%s' (see --help)",
				       argv[optind - 1]);
		}
	}
	if (optind < argc)
		rb_usage_error("unexpected argument '%s' (see --help)",
			       argv[optind]);
	/* A child's standard output is the parent's pipe. */
	if (cfg->child >= 0)
		cfg->quiet = true;
	return 0;
}
