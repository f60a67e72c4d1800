#!/bin/bash
# make kernel-test-full: the kernel checks that do not fit in CI.
#
#   1. the series on a debug kernel (DEBUG_RSEQ, PROVE_LOCKING,
#      DEBUG_ATOMIC_SLEEP): the whole guest, with a smaller fuzz, and
#      the kernel log scanned for lockdep and might_sleep splats;
#   2. the v1 series with only the hazard test as /init: it must fail
#      (the bug v2 fixes), so the test is seen to catch it.
#
# Writes results/kernel-test-full.log (date, git revision, both
# verdicts and consoles), whole, through a temporary file.  Exit 0
# when the debug run passed and the v1 run failed the hazard.
# KASAN is left out: its TCG run time does not fit.
set -u
cd "$(dirname "$0")/../.." || exit 2
O=${1:-build}
case $O in /*) ;; *) O=$PWD/$O ;; esac
out=results/kernel-test-full.log
tmp=$(mktemp "results/.kernel-test-full.XXXXXX") || exit 2
trap 'rm -f "$tmp"' EXIT
t0=$(date +%s)

run() {
	local name=$1
	shift
	echo "== $name"
	env "$@" bash tests/kernel/run.sh >"$tmp.$name" 2>&1
	local rc=$?
	echo "== $name: exit $rc"
	return $rc
}

{
	echo "make kernel-test-full, $(date -u +%Y-%m-%dT%H:%M:%SZ), git $(git describe --always --dirty 2>/dev/null || echo unknown)"
	echo "host: $(uname -m), $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
} >"$tmp"

run debug O="$O/kernel-debug" \
	KERNEL_CONFIG_EXTRA="DEBUG_KERNEL DEBUG_RSEQ PROVE_LOCKING DEBUG_ATOMIC_SLEEP" \
	GUEST_ARGS="rbsecs=3 rbfuzz=100000 rbcost=2000" QEMU_TIMEOUT=3600 >>"$tmp"
debug_rc=$?
run v1-hazard O="$O/kernel-v1" \
	KERNEL_SERIES_DIR=kernel-patches/linux-6.12-v1 KERNEL_GUEST=hazard \
	QEMU_TIMEOUT=600 >>"$tmp"
v1_rc=$?
v1_caught=0
grep -q '^not ok - hazard v1: .*restarted to the sequence' "$tmp.v1-hazard" &&
	v1_caught=1
{
	echo
	echo "debug kernel: exit $debug_rc ($(grep -c '^ok' "$tmp.debug") ok, $(grep -c '^not ok' "$tmp.debug") not ok)"
	echo "v1 hazard: exit $v1_rc, the hazard seen: $v1_caught"
	for f in debug v1-hazard; do
		echo
		echo "---- $f ----"
		tr -d '\r' <"$tmp.$f" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'
	done
	echo
	echo "wall: $(($(date +%s) - t0)) s"
} >>"$tmp"
rm -f "$tmp.debug" "$tmp.v1-hazard"
mv "$tmp" "$out"
trap - EXIT
echo "kernel-test-full: debug kernel exit $debug_rc, v1 hazard caught $v1_caught; log $out"
[ "$debug_rc" = 0 ] && [ "$v1_caught" = 1 ]
