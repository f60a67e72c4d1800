#!/bin/sh
# The test suite: every test program (TAP-style "ok"/"not ok" lines) and
# every tests/*.sh script, then one closing line "N passed, N failed".
# A program that dies without printing counts as one failure.
O=${O:-build}
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

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

# How to run a program of architecture $1: qemu user mode, except i386
# on an x86_64 host, which runs natively (real cpu, real rseq; the
# Makefile builds test_mt for it too).  Empty means native.
cross_runner() {
	if [ "$1" = i386 ] && [ "$(uname -m)" = x86_64 ]; then
		return
	fi
	echo "qemu-$1"
}

run() {
	name=$1
	shift
	echo "== $name"
	t0=$(date +%s.%N)
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	awk -v a="$t0" -v b="$(date +%s.%N)" -v n="$name" \
		'BEGIN { printf "# %s took %.1f s\n", n, b - a }'
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

for t in test_stats test_timer test_kmodel test_ops test_mt storm verify; do
	run "$t" "$O/tests/$t"
done
for s in tests/*.sh; do
	case $s in tests/run.sh | tests/lib.sh) continue ;; esac
	run "$s" env O="$O" bash "$s"
done

# Every other ported architecture, under qemu user mode: semantics, the
# kernel model, the verifier with its mutants and the storms.  (No
# rseq() there, so no real-kernel torture; descriptor runs under the
# model like the others.)
for a in $CROSS_ARCHES; do
	r=$(cross_runner "$a")
	# qemu runs the storms ~100x slower: 10^6 ops a cell there.
	emu="RSEQBENCH_EMULATED=1 STORM_OPS=1000000"
	tests="test_stats test_kmodel test_ops verify storm"
	[ -z "$r" ] && emu= && tests="$tests test_mt"
	for t in $tests; do
		run "$a/$t" env $emu \
			OBJDUMP="$(cross_objdump "$a")" $r \
			"build/$a/tests/$t"
	done
	run "$a/mutants" env O="build/$a" RUN="$r" ARCH_TAG="$a: " \
		OBJDUMP="$(cross_objdump "$a")" bash tests/mutants.sh
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
