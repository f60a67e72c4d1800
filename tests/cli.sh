#!/bin/bash
# Every bad option or value: exactly one line on stderr, nothing on
# stdout, exit status 2.  Good invocations: exit 0.
O=${O:-build}
bin=$O/rseqbench

. "$(dirname "$0")/lib.sh"

bad() {
	local out err rc
	out=$("$bin" "$@" 2>/tmp/rb-cli-err.$$)
	rc=$?
	err=$(cat /tmp/rb-cli-err.$$)
	rm -f /tmp/rb-cli-err.$$
	local lines
	lines=$(printf '%s' "$err" | grep -c '')
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ -z "$out" ] &&
		[[ "$err" == rseqbench:* ]]; then
		ok "bad input [$*] -> exit 2: $err"
	else
		notok "bad input [$*] -> exit $rc, $lines stderr lines," \
			"stdout ${#out} bytes: $err"
	fi
}

bad --frobnicate
bad -x
bad extra-argument
bad -n
bad -n abc
bad -n -5
bad -n 9999
bad -n 1e4
bad -n 10000x
bad -n 99999999999999999999999
bad -n ''
bad -r 5
bad -r 0
bad -r 1.5
bad -p nosuch
bad -p regabort,nosuch
bad -p ''
bad -p regabort,,twostore
bad -p regabort,
bad -o addv,bogus
bad -o ''
bad --timer
bad --timer rdtsc
bad --timer PERF
bad --format xml
bad --format ''
bad --cpu 4095
bad --cpu -1
bad --cpu one
bad --out ''
bad --spin -1
bad --spin many
bad --spin 64 --state-offset 8
bad --spin 64 --state-offset 3984
bad --spin 64 --state-offset -16
bad --state-offset 16
bad --selftest --bogus
bad --kernel
bad --kernel guest
bad --table
bad --loop
bad --loop unrolled8
bad --context
bad --context bandwidth
bad --context latency,
bad --processes 0
bad --processes 33
bad --processes two
bad --threads 2 -r 6
bad --spin 10 --threads 0
bad --table mainline-4.19

# perf on a machine without a usable PMU: a clear line, exit 2.
if "$bin" --list | grep -q '^perf *no'; then
	bad --timer perf -r 6
else
	ok "perf timer works here; nothing to refuse"
fi

for good in --help -h --version -V --list; do
	if "$bin" $good >/dev/null 2>&1; then
		ok "$good exits 0"
	else
		notok "$good exits $?"
	fi
done
if "$bin" --help | grep -q -- '--protocol'; then
	ok "--help documents --protocol"
else
	notok "--help does not document --protocol"
fi
if "$bin" --spin 1000 -p descriptor -o addv -q && \
	"$bin" --spin 0 -p plain -o addv -q; then
	ok "--spin runs and exits 0"
else
	notok "--spin failed"
fi
bad --out /proc/rseqbench-cannot-be-here -r 6
bad --cpu ''

# --selftest reports the three chains; its verdict is a measurement and
# is not asserted here (timings live in benchmarks, not in tests).
st=$("$bin" --selftest -q -r 6 2>/dev/null)
rc=$?
if [ "$rc" -le 1 ] && printf '%s\n' "$st" |
	grep -Eq '^selftest \(1, 4, 16 dependent adds/op\): [0-9.]+ [0-9.]+ [0-9.]+ -> (PASS|FAIL)'; then
	ok "--selftest prints the three chains and a verdict (exit $rc)"
else
	notok "--selftest output or exit status ($rc) unexpected"
fi

# The 4.18 table: every row measured or said why not.
tab=$("$bin" -q --table mainline-4.18 -r 6 2>/dev/null)
if [ $? -eq 0 ] && printf '%s\n' "$tab" | grep -q '^  rseq cpu_id  ' &&
	printf '%s\n' "$tab" | grep -q '^  speedup' &&
	[ "$(printf '%s\n' "$tab" | awk 'length($0) > 72' | wc -l)" -eq 0 ]; then
	ok "--table mainline-4.18 prints the counter and cpu-read rows in 72 columns"
else
	notok "--table mainline-4.18 output unexpected"
fi
