#!/bin/bash
# make report / plots/report.py: two small result sets, one of them
# marked emulated, merge into one table of at most 72 columns with a
# group per machine, a legend, the emulated one in a section of its own,
# and a plot where gnuplot exists; an older-schema reference set mixes
# in; bad input is one line and exit 2.  Timings are never asserted.
set -u
O=${O:-build}
bin=$O/rseqbench
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL

. "$(dirname "$0")/lib.sh"

report() { timeout -k 5 120 python3 "$here/plots/report.py" "$@"; }

for s in a b; do
	timeout -k 5 120 "$bin" -q -r 6 -o addv,cmpeqv_storev \
		--context latency --out "$tmp/$s" >/dev/null 2>"$tmp/err" ||
		notok "report: making result set $s failed: $(tail -n 1 "$tmp/err")"
done
# b plays an emulated board: what a qemu user-mode run records.
python3 - "$tmp/b/results.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["environment"]["emulated"] = True
j["environment"]["emulated_why"] = "RSEQBENCH_EMULATED=1"
json.dump(j, open(sys.argv[1], "w"))
PY

report --out "$tmp/out" "$tmp/a" "$tmp/b" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
check '[ "$rc" -eq 0 ]' "report: two sets -> exit $rc"
txt=$tmp/out/report.txt
check '[ -s "$txt" ] && cmp -s <(head -n -2 "$tmp/stdout") "$txt" &&
	tail -n 1 "$tmp/stdout" | grep -q "^report: wrote "' \
	"report: report.txt written, and the same table on stdout"
wide=$(awk 'length($0) > 72' "$txt" | wc -l)
check '[ "$wide" -eq 0 ]' "report: the table fits 72 columns ($wide wider)"
check 'grep -q "^=== Native CPUs" "$txt" &&
	grep -q "^=== EMULATED CPUs" "$txt"' \
	"report: a native and an emulated section"
# The native section has A's column and never B's: B is emulated.
native=$(sed -n '/^=== Native/,/^=== EMULATED/p' "$txt")
emu=$(sed -n '/^=== EMULATED/,/^Legend/p' "$txt")
check 'printf "%s\n" "$native" | grep -q "^addv, latency  *A [a-z0-9_]*$" &&
	! printf "%s\n" "$native" | grep -q " B [a-z0-9_]*\*"' \
	"report: machine A's group in the native section, B not there"
check 'printf "%s\n" "$emu" | grep -q "^addv, latency  *B [a-z0-9_]*\*$" &&
	! printf "%s\n" "$emu" | grep -q " A [a-z0-9_]*$"' \
	"report: machine B's group in the emulated section, marked *"
check 'printf "%s\n" "$native" | grep -q "^  regabort  *[-+][0-9.]*[~ ]*$"' \
	"report: a regabort overhead figure for A"
check 'grep -q "^Legend" "$txt" &&
	grep -q "^  A  $tmp/a\$" "$txt" &&
	grep -q "^  B  $tmp/b: EMULATED CPU" "$txt" &&
	[ "$(grep -c "^     kernel " "$txt")" -eq 2 ] &&
	[ "$(grep -c "^     timer .*cycles" "$txt")" -eq 2 ] &&
	[ "$(grep -c "^     n = .* rounds" "$txt")" -eq 2 ]' \
	"report: the legend names both machines, kernel, timer, n/rounds"
if command -v gnuplot >/dev/null; then
	magic=$(head -c 4 "$tmp/out/report.png" | od -An -c | tr -d ' ')
	check '[ "$magic" = "211PNG" ]' \
		"report: report.png is a PNG"
else
	ok "report: report.png # SKIP gnuplot not installed"
fi
left=$(ls -A "$tmp/out" | grep -cv '^report\.\(txt\|png\)$')
check '[ "$left" -eq 0 ]' "report: no temp file left in OUT ($left)"

# A reference set from before contexts and placements (schema 1).
ref=$here/results/reference-x86_64-kvm
if [ -f "$ref/results.json" ]; then
	report --out "$tmp/old" "$ref" "$tmp/a" >/dev/null 2>"$tmp/stderr"
	rc=$?
	check '[ "$rc" -eq 0 ] &&
		[ "$(awk "length(\$0) > 72" "$tmp/old/report.txt" | wc -l)" -eq 0 ] &&
		grep -q "kernel release not recorded" "$tmp/old/report.txt"' \
		"report: an older-schema set beside a new one -> exit $rc"
fi

# Through make, with OUT.
timeout -k 5 120 make -s -C "$here" report RESULTS="$tmp/a $tmp/b" \
	OUT="$tmp/mk" >/dev/null 2>"$tmp/stderr"
rc=$?
check '[ "$rc" -eq 0 ] && cmp -s "$tmp/mk/report.txt" "$txt"' \
	"make report RESULTS=... OUT=... -> exit $rc, the same table"

bad() {
	local err rc
	err=$(report --out "$tmp/bad" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s' "$err" | grep -c '')" -eq 1 ] &&
		[[ "$err" == report:* ]]; then
		ok "report bad input -> exit 2: $err"
	else
		notok "report bad input [$*] -> exit $rc: $err"
	fi
}
mkdir -p "$tmp/empty" "$tmp/schema" "$tmp/text" "$tmp/nocsv"
cp "$tmp/a/results.csv" "$tmp/schema/"
cp "$tmp/a/results.csv" "$tmp/text/"
python3 -c 'import json, sys
j = json.load(open(sys.argv[1])); j["schema"] = "other-results-9"
json.dump(j, open(sys.argv[2], "w"))' "$tmp/a/results.json" \
	"$tmp/schema/results.json"
echo 'not json' >"$tmp/text/results.json"
cp "$tmp/a/results.json" "$tmp/nocsv/"
bad "$tmp/a" "$tmp/empty"
bad "$tmp/schema" "$tmp/a"
bad "$tmp/a" "$tmp/text"
bad "$tmp/a" "$tmp/missing"
bad "$tmp/nocsv"
bad
check '[ ! -e "$tmp/bad" ]' "report: bad input writes nothing"
