#!/bin/sh
# The test suite: every test program (TAP-style "ok"/"not ok" lines) and
# every tests/*.sh script, then one closing line "N passed, N failed".
# A program that dies without printing counts as one failure, and so
# does one that runs past its time limit.
#
# Time limits: each part runs under timeout(1), the limits below chosen
# ~5-10x above what the part takes on a busy 2-cpu VM.  TEST_TIMEOUT=S
# sets every limit, TEST_TIMEOUT_<part>=S one of them (the part's name
# with every character but letters, digits and _ made _, and no
# architecture: TEST_TIMEOUT_storm, TEST_TIMEOUT_build_sh).
O=${O:-build}
cd "$(dirname "$0")/.." || exit 2
# The parts run as from a shell: a make -jN above would hand its job
# server down only to recipes marked +, and build.sh's make warn.
unset MAKEFLAGS MFLAGS MAKELEVEL
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0
# Seconds between the limit's SIGTERM and SIGKILL.
KILL_AFTER=10

# The binutils of architecture $1 (the verifier disassembles itself).
cross_objdump() {
	case $1 in
	i386) echo i686-linux-gnu-objdump ;;
	arm) echo arm-linux-gnueabihf-objdump ;;
	aarch64) echo aarch64-linux-gnu-objdump ;;
	ppc64le) echo powerpc64le-linux-gnu-objdump ;;
	riscv64) echo riscv64-linux-gnu-objdump ;;
	*) echo objdump ;;
	esac
}

# The limit in seconds for part $1 (its name without architecture), run
# natively ($2 empty) or under qemu ($2 = qemu).
limit_for() {
	var=TEST_TIMEOUT_$(printf '%s' "$1" | tr -c 'A-Za-z0-9_' '_')
	eval "v=\${$var:-}"
	if [ -n "$v" ]; then
		echo "$v"
		return
	fi
	if [ -n "${TEST_TIMEOUT:-}" ]; then
		echo "$TEST_TIMEOUT"
		return
	fi
	# The storm keeps its own budget (5 s native, 10 s under qemu);
	# the limit only catches one that does not stop.
	case $1-$2 in
	storm-) echo 60 ;;
	storm-qemu) echo 180 ;;
	# mutants.sh runs every mutant, each under its own limit.
	mutants-qemu) echo 600 ;;
	mutants-) echo 300 ;;
	verify-qemu) echo 300 ;;
	# Builds rseqbench a second time, against whatever else the
	# machine is building.
	tests/build.sh-) echo 600 ;;
	*-qemu) echo 180 ;;
	*) echo 120 ;;
	esac
}

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# run NAME LIMIT CMD...: one part, its lines counted.
run() {
	name=$1
	limit=$2
	shift 2
	echo "== $name"
	t0=$(now)
	timeout -k "$KILL_AFTER" "$limit" "$@" >"$log" 2>&1
	rc=$?
	t1=$(now)
	# 124: the limit's SIGTERM; 137: its SIGKILL, KILL_AFTER later.
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		# What it printed is kept, but none of it counts.
		sed 's/^/# /' "$log"
		echo "# $name took $(secs "$t0" "$t1") s"
		echo "not ok - $name: timed out after $limit s"
		failed=$((failed + 1))
		return
	fi
	cat "$log"
	echo "# $name took $(secs "$t0" "$t1") s"
	p=$(grep -c '^ok' "$log")
	f=$(grep -c '^not ok' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name ran no check"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

skip() {
	echo "ok - $1 # SKIP $2"
	passed=$((passed + 1))
}

# How this machine runs a program of architecture $1: sets runner to
# "" (natively), "qemu-<arch>", or "none" with why set.  The probe is
# a real test program, so a binary that starts but cannot run (no
# 32-bit support in the kernel, a broken qemu) is caught here too.
probe() {
	bin=build/$1/tests/test_stats
	runner=none
	if [ ! -x "$bin" ]; then
		why="$bin not built"
		return
	fi
	# Through bash: execvp(), as in timeout(1) or env(1), hands a
	# binary it cannot exec (ENOEXEC) to /bin/sh as a script.
	out=$(timeout -k 2 30 bash -c '"$0"' "$bin" 2>&1 </dev/null)
	if [ $? -eq 0 ] && printf '%s\n' "$out" | grep -q '^ok'; then
		runner=
		return
	fi
	native=$(printf '%s\n' "$out" | tail -n 1 | sed 's/.*: //')
	why="native exec failed: ${native:-no output}"
	if ! command -v "qemu-$1" >/dev/null 2>&1; then
		why="$why; qemu-$1 not installed"
		return
	fi
	out=$(timeout -k 2 60 "qemu-$1" "$bin" 2>&1 </dev/null)
	if [ $? -eq 0 ] && printf '%s\n' "$out" | grep -q '^ok'; then
		runner=qemu-$1
		return
	fi
	why="$why; qemu-$1 failed: $(printf '%s\n' "$out" | tail -n 1)"
}

suite0=$(now)
for t in test_stats test_robust test_timer test_kmodel test_ops test_mt storm verify; do
	run "$t" "$(limit_for "$t" "")" "$O/tests/$t"
done
for s in tests/*.sh; do
	case $s in tests/run.sh | tests/lib.sh) continue ;; esac
	run "$s" "$(limit_for "$s" "")" env O="$O" bash "$s"
done
echo "# $(uname -m) (native) took $(secs "$suite0" "$(now)") s in all"

# Every other ported architecture, natively where this machine runs
# its binaries, else under qemu user mode: semantics, the kernel model,
# the verifier with its mutants and the storms, and natively the
# real-kernel torture too.
for a in $CROSS_ARCHES; do
	a0=$(now)
	probe "$a"
	case $runner in
	none)
		echo "# $a: cannot run here ($why): skipped"
		;;
	"")
		echo "# $a: runs natively"
		;;
	*)
		echo "# $a: runs under $runner ($why)"
		;;
	esac
	mode=${runner:+qemu}
	for t in test_stats test_kmodel test_ops verify storm test_mt \
		 mutants; do
		if [ "$runner" = none ]; then
			skip "$a/$t" "$why"
			continue
		fi
		# qemu user mode has no rseq() (ENOSYS): test_mt is the
		# real kernel's torture, nothing there to run it on.
		if [ "$t" = test_mt ] && [ -n "$runner" ]; then
			skip "$a/$t" "needs the kernel's rseq(), which $runner does not implement (ENOSYS)"
			continue
		fi
		# Observed with qemu 7.2: with two threads every protocol
		# loses updates and the model faults on the second
		# thread's cpu; one thread passes, and so does every
		# other architecture's qemu.
		if [ "$t" = storm ] && [ "$runner" = qemu-i386 ]; then
			skip "$a/$t" "qemu-i386 user mode cannot carry the storms: with two threads every protocol loses updates on the second thread's cpu"
			continue
		fi
		if [ -n "$runner" ]; then
			emu="RSEQBENCH_EMULATED=1"
		else
			emu="-u RSEQBENCH_EMULATED"
		fi
		lim=$(limit_for "$t" "$mode")
		if [ "$t" = mutants ]; then
			run "$a/$t" "$lim" env O="build/$a" RUN="$runner" \
				ARCH_TAG="$a: " \
				OBJDUMP="$(cross_objdump "$a")" \
				bash tests/mutants.sh
			continue
		fi
		run "$a/$t" "$lim" env $emu OBJDUMP="$(cross_objdump "$a")" \
			$runner "build/$a/tests/$t"
	done
	echo "# $a took $(secs "$a0" "$(now)") s in all"
done
echo "# make test's suite took $(secs "$suite0" "$(now)") s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
