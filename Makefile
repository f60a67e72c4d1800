# rseqbench: the rseq commit protocols, measured.
#
#   make bench    build, run the default sweep, write results/<host>-<date>/
#   make test     build and run the test suite
#   make help     everything else
#
# Both install missing Debian packages first (make deps).

# Architectures: ARCH= and CROSS_COMPILE= as in the kernel.  A foreign
# ARCH builds static binaries with the Debian cross compiler into
# build/<arch>/ and runs them through RUN (default: qemu user mode;
# e.g. RUN="ssh board" after copying the binary there).
HOSTARCH := $(shell uname -m | sed 's/^i.86$$/i386/')
ARCH ?= $(HOSTARCH)
override ARCH := $(patsubst arm64,aarch64,$(patsubst x86,x86_64,$(ARCH)))
ARCHES := x86_64 i386 arm aarch64 ppc64le riscv64
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH): expected one of $(ARCHES))
endif
TRIPLE_x86_64 := x86_64-linux-gnu
TRIPLE_i386 := i686-linux-gnu
TRIPLE_arm := arm-linux-gnueabihf
TRIPLE_aarch64 := aarch64-linux-gnu
TRIPLE_ppc64le := powerpc64le-linux-gnu
TRIPLE_riscv64 := riscv64-linux-gnu
# Debian's names, for the libc6-dev-<debarch>-cross headers.
DEBARCH_i386 := i386
DEBARCH_arm := armhf
DEBARCH_aarch64 := arm64
DEBARCH_ppc64le := ppc64el
DEBARCH_riscv64 := riscv64
# Architectures whose port passes the suite: the ones make test covers
# (natively or under qemu user mode).  A new port joins when it passes.
PORTED := x86_64 aarch64 arm i386 ppc64le riscv64
CROSS_ARCHES := $(filter-out $(HOSTARCH),$(filter $(ARCHES),$(PORTED)))

ifeq ($(ARCH),$(HOSTARCH))
CROSS_COMPILE ?=
RUN ?=
O ?= build
else
CROSS_COMPILE ?= $(TRIPLE_$(ARCH))-
# An x86_64 cpu runs i386 code itself where the kernel was built with
# 32-bit support (not every kernel is): a real cpu and the kernel's real
# rseq, so no qemu and no "emulated" mark.  make test does not trust
# this guess: tests/run.sh probes how each architecture's programs run.
ifeq ($(ARCH)-$(HOSTARCH),i386-x86_64)
RUN ?=
endif
RUN ?= qemu-$(ARCH)
O ?= build/$(ARCH)
LIBPFM ?= 0
STATIC := -static
# Loops unrolled 8 times, not 64 (bench/cells.h says why).
PLACED_LEAN := -DRB_PLACED_LEAN
# Tells rseqbench its cpu is emulated when RUN is qemu (say RUN= for a
# real board): reports and CSV/JSON then carry emulated=true.
ifneq ($(filter qemu-%,$(firstword $(RUN))),)
export RSEQBENCH_EMULATED := 1
endif
endif
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
OBJDUMP ?= $(CROSS_COMPILE)objdump
export OBJDUMP
V ?= 0

ifeq ($(V),1)
Q :=
else
Q := @
endif

# libpfm4 resolves event names for the perf timer; without it the perf
# timer uses the kernel's generic hardware events.  LIBPFM=0 forces that.
LIBPFM ?= $(shell test -f /usr/include/perfmon/pfmlib_perf_event.h && echo 1 || echo 0)

OPTFLAGS ?= -O2
WARNFLAGS := -Wall -Wextra -Wno-unused-parameter
CFLAGS_ALL := -std=gnu11 $(OPTFLAGS) -g $(WARNFLAGS) -D_GNU_SOURCE \
	-Iprotocols -Ibench $(CFLAGS)
LDLIBS_ALL := $(STATIC) -lm $(LDLIBS)
# armhf compilers default to Thumb-2; the arm sequences are A32 code
# (protocols/arch/arm.h refuses Thumb).
ifeq ($(ARCH),arm)
CFLAGS_ALL += -marm
endif
CFLAGS_ALL += $(PLACED_LEAN)
ifeq ($(LIBPFM),1)
CFLAGS_ALL += -DRB_HAVE_LIBPFM=1
LDLIBS_ALL += -lpfm
endif

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# Recorded in every result: how the measured code was built.
BUILD_DEFS := -DRB_GIT_REV='"$(GIT_REV)"' \
	-DRB_CFLAGS='"$(CC) $(OPTFLAGS) $(CFLAGS) LIBPFM=$(LIBPFM)"'

PROTO_HDRS := $(wildcard protocols/*.h protocols/*/*.h)
TEST_HDRS := $(wildcard tests/*.h)
BENCH_HDRS := $(wildcard bench/*.h)
PROTO_SRCS := protocols/rb_tls.c protocols/rb_state.c protocols/kmodel.c \
	protocols/kemu.c
TIMER_SRCS := bench/timer.c bench/timer_perf.c bench/timer_tsc.c \
	bench/timer_clock.c
BENCH_SRCS := bench/main.c bench/cli.c bench/cells.c bench/measure.c \
	bench/stats.c bench/env.c bench/output_csv.c bench/output_json.c \
	bench/output_report.c bench/output_files.c bench/json.c bench/compare.c \
	bench/table418.c bench/scaling.c bench/model_tick.c bench/robust.c \
	bench/placements.c $(TIMER_SRCS) $(PROTO_SRCS)

# Code placements: bench/placed.c compiled once per placement, each copy
# padding its loops by another 8 bytes mod 64.  Eight on the machine that
# measures; one for the foreign architectures make test runs under qemu,
# whose timings are not the architecture's anyway.  Loop alignment is
# off there so that the padding, not the compiler, decides where the
# loops start; identical-code folding is off so that plain-copy stays a
# copy.  No debug information: the copies are large and nothing reads it.
ifeq ($(ARCH),$(HOSTARCH))
NCODE ?= 8
else
NCODE ?= 1
endif
ifeq ($(filter $(NCODE),1 2 8),)
$(error NCODE=$(NCODE): expected 1, 2 or 8)
endif
PLACED_OBJS := $(foreach k,$(shell seq 0 $$(($(NCODE) - 1))),$(O)/bench/placed-$(k).o)
PLACED_FLAGS := -g0 -falign-functions=64 -fno-align-loops -fno-align-jumps \
	-fno-align-labels -fno-ipa-icf

# What each operation of the registry means to the tests: its semantics,
# its verifier model and its storm driver, in tests/ops/<op>.c
# (tests/op_test.h).  One missing stops the build, naming the file.
OPS := $(shell sed -n \
	's/^[[:space:]]*M.\([a-z0-9_]*\), [0-9][0-9]*, [a-z]*,.*/\1/p' \
	protocols/registry.h)
OP_TEST_SRCS := tests/op_tests.c $(OPS:%=tests/ops/%.c)
OP_TEST_OBJS := $(OP_TEST_SRCS:%.c=$(O)/%.o)

RSEQBENCH := $(O)/rseqbench
TEST_PROGS := $(O)/tests/test_stats $(O)/tests/test_robust \
	$(O)/tests/test_timer \
	$(O)/tests/test_ops $(O)/tests/test_mt $(O)/tests/test_kmodel \
	$(O)/tests/storm

# The preemption-point verifier, and one copy of it per deliberately
# broken sequence of protocols/mutants.h, which it must reject.  A
# mutant is one translation unit (tests/mutant.c) holding all it links,
# so that the mutant's flag reaches the sequences and the kernel model
# alike and a constant they share cannot hide it.  Built without debug
# information (-g0): objdump names the points from the symbol table,
# and the mutant builds are a good part of make test's time.
VERIFY_SRCS := tests/verify.c tests/verify_disasm.c \
	protocols/kemu.c \
	protocols/kmodel.c $(OP_TEST_SRCS)
MUTANTS := $(shell sed -n 's/^.define RB_MUTANT_\([A-Z0-9_]*\) [0-9].*/\1/p' \
	protocols/mutants.h | tr 'A-Z_' 'a-z-')
MUTANT_PROGS := $(MUTANTS:%=$(O)/tests/mutant-%)
TEST_PROGS += $(O)/tests/verify $(MUTANT_PROGS)

# Default sweep for `make bench`: every context, three fresh processes
# (each its own address-space layout); BENCH_ARGS adds to or overrides it.
# Under qemu user mode one: a process of the tool is an exec of
# /proc/self/exe, which qemu hands to the host kernel, and that runs a
# foreign binary only where binfmt_misc sends it back to qemu (not on a
# fresh Debian with qemu-user alone); nor do emulated timings have an
# address-space layout to vary.
BENCH_PROCESSES ?= $(if $(filter qemu-%,$(firstword $(RUN))),1,3)
BENCH_ARGS ?=
HOSTNAME := $(shell hostname 2>/dev/null || echo host)
# The date is taken once: a recursively expanded $(shell date) is run
# again at each use, and make bench's recipe lines, expanded a second
# apart, named two directories (the one it announced stayed empty).
RESULTS_DEFAULT := results/$(HOSTNAME)$(if $(filter-out $(HOSTARCH),$(ARCH)),-$(ARCH))-$(shell date +%Y%m%d-%H%M%S)
RESULTS ?= $(RESULTS_DEFAULT)

# What a benchmark of ARCH needs: the plots' gnuplot and python3, and
# the compiler that builds it, the host's with libpfm4 for the host
# ARCH, the Debian cross compiler and qemu user mode for a foreign one
# (built static, LIBPFM=0).  hyperfine is for make hyperfine and make
# peers only.  What make test needs on top: every ported architecture's
# compiler and qemu user mode, and the host's compiler for the registry.
cross_pkgs = $(foreach a,$(filter-out $(HOSTARCH),$(1)), \
	gcc-$(TRIPLE_$(a)) libc6-dev-$(DEBARCH_$(a))-cross) \
	$(if $(filter-out $(HOSTARCH),$(1)),qemu-user)
HOST_DEB_PACKAGES := build-essential libpfm4-dev
BENCH_DEB_PACKAGES := $(strip \
	$(if $(filter $(HOSTARCH),$(ARCH)),$(HOST_DEB_PACKAGES)) \
	gnuplot-nox python3 $(call cross_pkgs,$(ARCH)))
DEB_PACKAGES := $(strip $(BENCH_DEB_PACKAGES) \
	$(filter-out $(BENCH_DEB_PACKAGES), $(HOST_DEB_PACKAGES) hyperfine \
		$(call cross_pkgs,$(sort $(CROSS_ARCHES) $(ARCH)))))

.PHONY: all bench test deps bench-deps plots hyperfine help clean compare \
	scaling peers report
.PHONY: static model static-objs

all: $(RSEQBENCH) $(REGISTRY)

help:
	@echo 'rseqbench targets:'
	@echo '  make bench        run the default sweep (all protocols x ops),'
	@echo '                    write $(RESULTS)/ and plots'
	@echo '  make test         build and run the test suite'
	@echo '  make deps         install missing Debian packages: $(DEB_PACKAGES)'
	@echo '                    (make bench only: $(BENCH_DEB_PACKAGES))'
	@echo '  make plots RESULTS=dir   regenerate the plots of a results dir'
	@echo '  make hyperfine [RESULTS=dir]  whole-process cross-check into dir'
	@echo '                    (default: the newest results/ dir)'
	@echo '  make compare A=dir B=dir  compare two result sets (Mann-Whitney)'
	@echo '                    FAIL_ABOVE=PCT: exit 1 on a significant slowdown'
	@echo '                    above PCT percent (a regression gate for CI)'
	@echo '  make report RESULTS="dir1 dir2 ..." [OUT=dir]  several machines'"'"' sets'
	@echo '                    in one 72-column table (report.txt) and one plot'
	@echo '                    (report.png); default OUT: results/report-<date>'
	@echo '  make peers        the kernel rseq selftests (linux-source-6.12) beside'
	@echo '                    rseqbench, timed by hyperfine; into $(RESULTS)/'
	@echo '  make scaling      throughput at 1..4 x cpus threads, table + plots'
	@echo '  make torture      the signal storms for TORTURE_S=$(TORTURE_S) s instead'
	@echo '                    of make test'"'"'s few seconds'
	@echo '                    (BENCH_ARGS=--kernel=model adds regabort, twostore)'
	@echo '  make static [RESULTS=dir]  static fast-path counts of every ported'
	@echo '                    arch from the built objects (default dir:'
	@echo '                    results/static-<host>-<date>/)'
	@echo '  make model [RESULTS=dir]   make static, then llvm-mca cycles per'
	@echo '                    core, measured-vs-modeled (MEASURED=results.csv),'
	@echo '                    static-report.txt and plots'
	@echo '  make all          build $(RSEQBENCH) only'
	@echo '  make clean        remove $(O)/'
	@echo '  make kernel-test  build the patched 6.12 kernel, boot it in QEMU, run the'
	@echo '                    guest tests (kernel.mk; cached in $(O)/kernel/)'
	@echo '  make kernel-test-full  a debug kernel (DEBUG_RSEQ, PROVE_LOCKING,'
	@echo '                    DEBUG_ATOMIC_SLEEP), the v1 hazard, the counts twice,'
	@echo '                    the torture as an i386 task and on arm64; not in CI;'
	@echo '                    writes results/kernel-test-full.log'
	@echo '  make kernel-test-diff  the same inputs on the patched and the pristine'
	@echo '                    6.12 (tests/kernel/differ.c); not in CI;'
	@echo '                    writes results/kernel-differential.log'
	@echo 'Variables: V=1 (show commands), BENCH_ARGS="-r 501 ..." (extra'
	@echo '  rseqbench options), LIBPFM=0 (build without libpfm4),'
	@echo '  OPTFLAGS=-O2, CC=gcc, O=build'
	@echo 'rseqbench --help lists the tool'"'"'s own options.'

deps:
	$(Q)sh .ci/deps.sh $(DEB_PACKAGES)

bench-deps:
	$(Q)sh .ci/deps.sh $(BENCH_DEB_PACKAGES)

$(O)/%.o: %.c $(PROTO_HDRS) $(BENCH_HDRS) Makefile $(O)/.cflags
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(BUILD_DEFS) -c $< -o $@

# How the objects were compiled: rebuild them all when it changes, so
# that a tree first built before libpfm4-dev was installed (LIBPFM=0)
# is not kept by a make bench that decides LIBPFM=1.
$(O)/.cflags: FORCE
	@mkdir -p $(O)
	@echo 'CC=$(CC) LIBPFM=$(LIBPFM) OPTFLAGS=$(OPTFLAGS)' | \
		cmp -s - $@ || \
		echo 'CC=$(CC) LIBPFM=$(LIBPFM) OPTFLAGS=$(OPTFLAGS)' >$@

# The revision recorded in results: rebuild env.o when it changes.
$(O)/.git-rev: FORCE
	@mkdir -p $(O)
	@echo '$(GIT_REV)' | cmp -s - $@ || echo '$(GIT_REV)' >$@
$(O)/bench/env.o: $(O)/.git-rev
.PHONY: FORCE

$(O)/bench/placed-%.o: bench/placed.c $(PROTO_HDRS) $(BENCH_HDRS) Makefile \
		$(O)/.cflags
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $< (placement $*)"
	$(Q)$(CC) $(CFLAGS_ALL) $(PLACED_FLAGS) -DRB_PLACEMENT=$* -c $< -o $@

# How many copies placements.o lists: rebuild it when NCODE changes.
$(O)/.ncode: FORCE
	@mkdir -p $(O)
	@echo '$(NCODE)' | cmp -s - $@ || echo '$(NCODE)' >$@
$(O)/bench/placements.o: $(O)/.ncode
$(O)/bench/placements.o: CFLAGS_ALL += -DRB_NCODE=$(NCODE)

# The registry as JSON, for the scripts: written by a program built for
# this machine whatever ARCH is (the record layout has fixed sizes).
REGISTRY := $(O)/registry.json
$(REGISTRY): protocols/registry_dump.c $(PROTO_HDRS) Makefile
	@mkdir -p $(O)/protocols
	@[ "$(V)" = 1 ] || echo "  GEN     $@"
	$(Q)gcc -std=gnu11 -O1 $(WARNFLAGS) -Iprotocols $< \
		-o $(O)/protocols/registry-dump
	$(Q)$(O)/protocols/registry-dump >$@.tmp && mv $@.tmp $@

$(RSEQBENCH): $(BENCH_SRCS:%.c=$(O)/%.o) $(PLACED_OBJS)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_stats: $(O)/tests/test_stats.o $(O)/bench/stats.o
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_robust: $(O)/tests/test_robust.o $(O)/bench/robust.o \
		$(O)/bench/stats.o
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_timer: $(O)/tests/test_timer.o $(TIMER_SRCS:%.c=$(O)/%.o)
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_kmodel: $(O)/tests/test_kmodel.o $(O)/protocols/kmodel.o \
		$(O)/protocols/kemu.o
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_ops: $(O)/tests/test_ops.o $(PROTO_SRCS:%.c=$(O)/%.o) \
		$(OP_TEST_OBJS)
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/test_mt: $(O)/tests/test_mt.o $(PROTO_SRCS:%.c=$(O)/%.o)
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL) -lpthread

# Signal storms under the kernel model (tests/storm.c and the
# tests/storm_*.c it runs, tests/storm.h); `make torture` runs them with
# a longer time budget (TORTURE_S seconds in all).
STORM_SRCS := tests/storm.c tests/storm_cell.c tests/storm_signal.c \
	tests/storm_ops.c tests/storm_window.c tests/storm_control.c \
	tests/storm_tick.c tests/verify_disasm.c $(OP_TEST_SRCS) \
	protocols/kmodel.c protocols/kemu.c protocols/rb_tls.c \
	protocols/rb_state.c
$(O)/tests/storm: $(STORM_SRCS:%.c=$(O)/%.o)
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL) -lpthread -lrt

$(O)/tests/verify: $(VERIFY_SRCS:%.c=$(O)/%.o)
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDLIBS_ALL)

$(O)/tests/mutant-%: tests/mutant.c $(VERIFY_SRCS) $(TEST_HDRS) \
		$(PROTO_HDRS) Makefile $(O)/.cflags
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS_ALL) -g0 -Itests \
		-DRB_MUTANT=RB_MUTANT_$$(echo $* | tr 'a-z-' 'A-Z_') $< \
		$(OP_TEST_SRCS) -o $@ $(LDLIBS_ALL)

# An operation of the registry without its tests.
tests/ops/%.c:
	@echo "make: $@ missing: operation $* of protocols/registry.h has no tests (tests/op_test.h)" >&2
	@exit 1

$(O)/tests/%.o: tests/%.c $(TEST_HDRS) $(PROTO_HDRS) $(BENCH_HDRS) Makefile \
		$(O)/.cflags
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -Itests -c $< -o $@

# What make test runs of a foreign architecture.  test_mt needs the
# kernel's rseq(): tests/run.sh runs it only where the architecture's
# binaries run natively, and skips it under qemu.
EMU_PROGS := $(O)/tests/test_stats $(O)/tests/test_kmodel \
	$(O)/tests/test_ops $(O)/tests/verify $(O)/tests/storm \
	$(O)/tests/test_mt $(MUTANT_PROGS)

.PHONY: emu-progs
emu-progs: $(RSEQBENCH) $(EMU_PROGS)

# How a built binary runs: $(RUN), except that where the guess "this
# cpu runs it natively" fails (i386 on a kernel that does not execute
# 32-bit binaries), qemu user mode, said so and marked emulated, and
# $$procs set to 1 (BENCH_PROCESSES says why).
define RUN_PROBED
run="$(RUN)"; \
if [ -z "$$run" ] && [ "$(ARCH)" != "$(HOSTARCH)" ] && \
   ! $(RSEQBENCH) --list >/dev/null 2>&1; then \
	run=qemu-$(ARCH); procs=1; export RSEQBENCH_EMULATED=1; \
	echo "make: $(ARCH) binaries do not run natively here;" \
		"running them under $$run" >&2; \
fi; $$run
endef

# The build steps of test and bench run in a make of their own, after
# deps: it decides LIBPFM and the compilers with the packages deps just
# installed, and builds on every cpu unless -j was given.
JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc))

# The suite checks the harness, not the sweep: two code placements are
# enough to exercise them, and save make test most of a minute of
# building.  make bench relinks with all of them (the copies are kept).
TEST_NCODE ?= 2

test: deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) NCODE=$(TEST_NCODE) \
		$(RSEQBENCH) $(REGISTRY) $(TEST_PROGS)
	$(Q)for a in $(CROSS_ARCHES); do \
		$(MAKE) --no-print-directory $(JOBS) ARCH=$$a emu-progs || \
			exit 1; \
	done
	$(Q)O=$(O) CROSS_ARCHES="$(CROSS_ARCHES)" sh tests/run.sh

.PHONY: torture
TORTURE_S ?= 120
torture: $(O)/tests/storm
	$(Q)$(RUN) $(O)/tests/storm -t $(TORTURE_S)

bench: bench-deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(RSEQBENCH)
	@echo "make bench: results in $(RESULTS)/"
	$(Q)$(RUN_PROBED) $(RSEQBENCH) --out $(RESULTS) \
		--processes $${procs:-$(BENCH_PROCESSES)} $(BENCH_ARGS) >/dev/null
	$(Q)bash plots/plot.sh $(RESULTS)
	$(Q)cat $(RESULTS)/report.txt

# Throughput as threads are added (unpinned), table + line plots.
scaling: bench-deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(RSEQBENCH)
	@echo "make scaling: results in $(RESULTS)/"
	$(Q)mkdir -p $(RESULTS)
	$(Q)$(RUN_PROBED) $(RSEQBENCH) --scaling --out $(RESULTS) $(BENCH_ARGS) \
		| tee $(RESULTS)/scaling.txt
	$(Q)bash plots/scaling.sh $(RESULTS)

# The kernel's own rseq selftests beside rseqbench.
peers: bench-deps
	$(Q)sh .ci/deps.sh hyperfine linux-source-6.12 xz-utils
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(RSEQBENCH)
	$(Q)PEERS_BUILD=$(O)/peers bash analysis/peers.sh $(RESULTS) \
		$(abspath $(RSEQBENCH))

compare: $(RSEQBENCH)
	$(Q)test -n "$(A)" -a -n "$(B)" || { echo 'make compare: A=dir B=dir needed' >&2; exit 2; }
	$(Q)$(RUN) $(RSEQBENCH) compare \
		$(if $(FAIL_ABOVE),--fail-above $(FAIL_ABOVE)) $(A) $(B)

# Several machines' result sets in one email-ready table and one plot:
# RESULTS names the sets (its default, a new run's directory, is none),
# OUT the directory for report.txt and report.png (only from the command
# line: a stray OUT in the environment must not pick it).
REPORT_SETS := $(if $(filter command line environment,$(origin RESULTS)),$(RESULTS))
REPORT_OUT := $(if $(filter command line,$(origin OUT)),$(OUT))
report:
	$(Q)test -n "$(REPORT_SETS)" || { echo 'make report: RESULTS="dir1 dir2 ..." needed' >&2; exit 2; }
	$(Q)sh .ci/deps.sh python3 gnuplot-nox
	$(Q)python3 plots/report.py $(if $(REPORT_OUT),--out $(REPORT_OUT)) \
		$(REPORT_SETS)

plots:
	$(Q)test -n "$(RESULTS)" || { echo 'make plots: RESULTS=dir needed' >&2; exit 2; }
	$(Q)bash plots/plot.sh $(RESULTS)

hyperfine: bench-deps
	$(Q)sh .ci/deps.sh hyperfine
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(RSEQBENCH)
	$(Q)dir="$(filter-out $(RESULTS_DEFAULT),$(RESULTS))"; \
	[ -n "$$dir" ] || dir=$$(ls -1d results/*/ 2>/dev/null | sort | tail -n 1); \
	[ -n "$$dir" ] || { echo 'make hyperfine: no results dir; run make bench first' >&2; exit 2; }; \
	bash analysis/hyperfine.sh "$${dir%/}" $(RSEQBENCH)

clean:
	rm -rf $(O)

# Evidence without hardware: analysis/static.py reads each
# sequence's __rb_seq record in $(O)/tests/verify (one record per
# protocol x op; plain, which verify does not build, from the first
# record in $(O)/rseqbench) and counts its fast path from the disassembly;
# analysis/model.py runs llvm-mca on those fast paths.
STATIC_ARCHES ?= $(PORTED)
ifneq ($(filter command line environment,$(origin RESULTS)),)
STATIC_RESULTS := $(RESULTS)
else
STATIC_RESULTS := results/static-$(HOSTNAME)-$(shell date +%Y%m%d)
endif
MEASURED ?= results/reference-x86_64-kvm/results.csv

static-objs: $(RSEQBENCH) $(O)/tests/verify \
	$(O)/analysis/static_caller.o

# The scripts read the registry the host build writes.
static model: export RB_REGISTRY = $(abspath $(REGISTRY))

static: deps
	$(Q)$(MAKE) --no-print-directory $(REGISTRY)
	$(Q)mkdir -p $(STATIC_RESULTS)
	$(Q)rm -f $(STATIC_RESULTS)/static.csv $(STATIC_RESULTS)/static.txt
	$(Q)set -e; for a in $(STATIC_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a static-objs; \
		if [ $$a = $(HOSTARCH) ]; then d=build; else d=build/$$a; fi; \
		python3 analysis/static.py --arch $$a --append \
			--caller $$d/analysis/static_caller.o \
			--csv $(STATIC_RESULTS)/static.csv \
			--txt $(STATIC_RESULTS)/static.txt \
			--asm-dir $(STATIC_RESULTS)/mca $$d/tests/verify; \
		python3 analysis/static.py --arch $$a --append --protocols plain \
			--csv $(STATIC_RESULTS)/static.csv \
			--txt $(STATIC_RESULTS)/static.txt \
			--asm-dir $(STATIC_RESULTS)/mca $$d/rseqbench; \
	done
	$(Q)echo "make static: $(STATIC_RESULTS)/static.csv, static.txt"

model: static
	$(Q)sh .ci/deps.sh llvm-14
	$(Q)python3 analysis/model.py \
		$(if $(wildcard $(MEASURED)),--measured $(MEASURED)) \
		$(STATIC_RESULTS)/mca $(STATIC_RESULTS) >/dev/null
	$(Q){ echo "rseqbench static evidence: static counts from the built"; \
	  echo "objects, modeled cycles from llvm-mca; no hardware measured"; \
	  echo "except the reference run named below."; echo; \
	  cat $(STATIC_RESULTS)/static.txt $(STATIC_RESULTS)/model.txt; } \
		>$(STATIC_RESULTS)/static-report.txt
	$(Q)bash plots/static.sh $(STATIC_RESULTS)
	$(Q)echo "make model: $(STATIC_RESULTS)/model.csv, static-report.txt"

include kernel.mk
