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
	[ "$s" = tests/run.sh ] && continue
	run "$s" env O="$O" bash "$s"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
