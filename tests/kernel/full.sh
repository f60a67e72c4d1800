#!/bin/bash
# make kernel-test-full: the kernel checks that do not fit in CI.
#
#   1. the series on a debug kernel (DEBUG_RSEQ, PROVE_LOCKING,
#      DEBUG_ATOMIC_SLEEP): the whole guest, with a smaller fuzz, and
#      the kernel log scanned for lockdep and might_sleep splats;
#   2. the v1 series with only the hazard test as /init: it must fail
#      (the bug v2 fixes), so the test is seen to catch it;
#   3. the instruction counts of the cost probes (the TCG plugin) on
#      the kernel make kernel-test builds, counted in two boots that
#      must agree;
#   4. compat: the series with IA32_EMULATION and a static i386 /init
#      (tests/kernel/compat.c) running the torture of all three
#      protocols as a 32-bit task;
#   5. arm64: the series cross-built for arm64 and booted under
#      qemu-system-aarch64 with the same torture (tests/kernel/arm64.sh).
#
# Writes results/kernel-test-full.log (date, git revision, both
# verdicts and consoles), whole, through a temporary file.  Exit 0
# when the debug run passed, the v1 run failed the hazard, the two
# counting boots agreed and the compat and arm64 tortures passed.
# KASAN is left out: its TCG run time does not fit.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/kernel/lib.sh
O=$(abs_path "${1:-build}")
out=results/kernel-test-full.log
results_tmp kernel-test-full
t0=$(date +%s)

run() {
	local name=$1

	echo "== $name"
	run_kernel_test "$@"
	local rc=$?
	echo "== $name: exit $rc"
	return $rc
}

log_header "make kernel-test-full" >"$tmp"

run debug O="$O/kernel-debug" \
	KERNEL_CONFIG_EXTRA="DEBUG_KERNEL DEBUG_RSEQ PROVE_LOCKING DEBUG_ATOMIC_SLEEP" \
	GUEST_ARGS="rbsecs=3 rbfuzz=100000 rbcost=2000" QEMU_TIMEOUT=3600 \
	KERNEL_COUNT=0 >>"$tmp"
debug_rc=$?
run v1-hazard O="$O/kernel-linux-6.12-v1" \
	KERNEL_SERIES_DIR=kernel-patches/linux-6.12-v1 KERNEL_GUEST=hazard \
	QEMU_TIMEOUT=600 >>"$tmp"
v1_rc=$?
run count O="$O" KERNEL_COUNT=2 KERNEL_COUNT_ONLY=1 QEMU_TIMEOUT=1800 >>"$tmp"
count_rc=$?
count_same=0
grep -q 'counting boots agree on' "$tmp.count" && count_same=1
run compat O="$O/kernel-compat" \
	KERNEL_CONFIG_EXTRA="IA32_EMULATION COMPAT_32BIT_TIME" \
	KERNEL_GUEST=compat KERNEL_COUNT=0 GUEST_ARGS="rbsecs=3" \
	QEMU_TIMEOUT=600 >>"$tmp"
compat_rc=$?
echo "== arm64" >>"$tmp"
O="$O" bash tests/kernel/arm64.sh >"$tmp.arm64" 2>&1
arm64_rc=$?
echo "== arm64: exit $arm64_rc" >>"$tmp"
v1_caught=0
grep -q '^not ok - hazard v1: .*restarted to the sequence' "$tmp.v1-hazard" &&
	v1_caught=1
{
	echo
	echo "debug kernel: exit $debug_rc ($(grep -c '^ok' "$tmp.debug") ok, $(grep -c '^not ok' "$tmp.debug") not ok)"
	echo "v1 hazard: exit $v1_rc, the hazard seen: $v1_caught"
	echo "counts: exit $count_rc, two boots agree: $count_same"
	echo "compat (i386 task): exit $compat_rc ($(grep -c '^ok' "$tmp.compat") ok, $(grep -c '^not ok' "$tmp.compat") not ok)"
	echo "arm64: exit $arm64_rc ($(grep -c '^ok' "$tmp.arm64") ok, $(grep -c '^not ok' "$tmp.arm64") not ok)"
	for f in debug v1-hazard count compat arm64; do
		echo
		echo "---- $f ----"
		tr -d '\r' <"$tmp.$f" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'
	done
	echo
	echo "wall: $(($(date +%s) - t0)) s"
} >>"$tmp"
rm -f "$tmp.debug" "$tmp.v1-hazard" "$tmp.count" "$tmp.compat" \
	"$tmp.arm64"
mv "$tmp" "$out"
trap - EXIT
echo "kernel-test-full: debug kernel exit $debug_rc, v1 hazard caught $v1_caught, counts agree $count_same, compat exit $compat_rc, arm64 exit $arm64_rc; log $out"
[ "$debug_rc" = 0 ] && [ "$v1_caught" = 1 ] && [ "$count_same" = 1 ] &&
	[ "$compat_rc" = 0 ] && [ "$arm64_rc" = 0 ]
