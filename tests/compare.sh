#!/bin/bash
# rseqbench compare: a set against itself is all "~"; a doctored set
# with one cell made 20% slower is flagged on that cell; bad input is
# one line and exit 2.
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
