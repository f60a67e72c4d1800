#!/bin/bash
# rseqbench compare: a set against itself is all "~"; a doctored set
# with one cell made 20% slower is flagged on that cell; bad input is
# one line and exit 2.  --fail-above PCT: exit 1 only on a significant
# slowdown above PCT.
O=${O:-build}
bin=$O/rseqbench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib.sh"

"$bin" -q -r 31 -o addv,cmpeqv_storev --context latency --out "$tmp/a" \
	>/dev/null ||
	notok "compare: making a result set failed"
out=$("$bin" compare "$tmp/a" "$tmp/a")
if printf '%s\n' "$out" | grep -q '^17 rows, 17 marked ~'; then
	ok "compare: a set against itself marks all 17 rows ~"
else
	notok "compare: a set against itself: $(printf '%s\n' "$out" | tail -n 1)"
fi
if [ "$(printf '%s\n' "$out" | awk '{ if (length($0) > 72) n++ } END { print n + 0 }')" -eq 0 ]; then
	ok "compare output fits 72 columns"
else
	notok "compare output is wider than 72 columns"
fi

# Make regabort/addv 20% slower in a copy: exactly that row must show.
python3 - "$tmp/a/results.json" "$tmp/b.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for c in j["cells"]:
    if c["protocol"] == "regabort" and c["op"] == "addv" and \
            c["context"] == "latency":
        c["samples_cycles"] = [x * 1.2 for x in c["samples_cycles"]]
json.dump(j, open(sys.argv[2], "w"))
PY
out=$("$bin" compare "$tmp/a" "$tmp/b.json")
row=$(printf '%s\n' "$out" | grep '^  regabort' | head -n 1)
if [[ "$row" == *"+20.0%"* ]] &&
	printf '%s\n' "$out" | grep -q '^17 rows, 16 marked ~'; then
	ok "compare: a 20% slower cell is flagged (+20.0%), the rest ~"
else
	notok "compare: doctored cell not flagged: $row"
fi

# The regression gate: the 20% slower cell fails a 10% gate and passes
# a 30% one (a doubled margin: the gate only counts what the test
# already judges significant); a set against itself always passes.
gate() {
	local want=$1 rc
	shift
	"$bin" compare "$@" >"$tmp/gate.out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "compare gate [$*] -> exit $rc: $(tail -n 1 "$tmp/gate.out")"
	else
		notok "compare gate [$*] -> exit $rc, want $want: $(tail -n 2 "$tmp/gate.out" | tr '\n' ' ')"
	fi
}
gate 1 --fail-above 10 "$tmp/a" "$tmp/b.json"
if grep -q '^  regabort addv latency +20.0%$' "$tmp/gate.out" &&
	grep -q '^fail-above 10%: 1 significant slowdown(s) above it -> FAIL$' \
		"$tmp/gate.out"; then
	ok "compare gate names the one slower cell"
else
	notok "compare gate output: $(tail -n 2 "$tmp/gate.out" | tr '\n' ' ')"
fi
gate 0 --fail-above 30 "$tmp/a" "$tmp/b.json"
gate 0 --fail-above=10 "$tmp/a" "$tmp/a"
gate 0 "$tmp/a" "$tmp/a" --fail-above 0
# A speed-up is no regression, whatever the gate.
gate 0 --fail-above 0 "$tmp/b.json" "$tmp/a"

# Several runs a side: per-run medians.
out=$("$bin" compare "$tmp/a,$tmp/a,$tmp/a,$tmp/a" "$tmp/b.json,$tmp/b.json,$tmp/b.json,$tmp/b.json")
if printf '%s\n' "$out" | grep -q 'one median per run' &&
	printf '%s\n' "$out" | grep '^  regabort' | head -n 1 | grep -q '+20.0%'; then
	ok "compare: 4 runs a side use per-run medians and flag the change"
else
	notok "compare: multi-run comparison wrong"
fi

bad() {
	local err rc
	err=$("$bin" compare "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s' "$err" | grep -c '')" -eq 1 ]; then
		ok "compare bad input [$*] -> exit 2: $err"
	else
		notok "compare bad input [$*] -> exit $rc: $err"
	fi
}
echo '{"cells": [' >"$tmp/broken.json"
echo 'not json' >"$tmp/text.json"
echo '{"x": 1}' >"$tmp/other.json"
bad "$tmp/a"
bad "$tmp/a" "$tmp/a" "$tmp/a"
bad "$tmp/a" "$tmp/missing"
bad "$tmp/a" "$tmp/broken.json"
bad "$tmp/a" "$tmp/text.json"
bad "$tmp/a" "$tmp/other.json"
bad "$tmp/a" ","
bad --fail-above "$tmp/a" "$tmp/a"
bad --fail-above x "$tmp/a" "$tmp/a"
bad --fail-above -5 "$tmp/a" "$tmp/a"
bad --fail-above=nan "$tmp/a" "$tmp/a"
bad --fail-above 10% "$tmp/a" "$tmp/a"
bad "$tmp/a" "$tmp/a" --fail-above
bad --fail-above 10 "$tmp/a" "$tmp/missing"
