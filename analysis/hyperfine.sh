#!/bin/bash
# SPDX-License-Identifier: MIT
#
# hyperfine.sh DIR RSEQBENCH -- whole-process cross-check of DIR/results.csv.
#
# For each op in DIR/results.csv, one hyperfine run timing
#   RSEQBENCH --spin COUNT -p PROTOCOL -o OP     for each protocol present
#   RSEQBENCH --spin 0 -p plain -o OP            start-up baseline
# exported to DIR/hyperfine-OP.json; then analysis/hyperfine_check.py DIR
# writes DIR/hyperfine-summary.csv and the cross-check section of
# DIR/report.txt.
#
# Environment: HF_SPIN (COUNT, default 20000000), HF_RUNS (runs per
# command, default 10), HYPERFINE (the hyperfine binary, default
# hyperfine).  Exit 2 on bad arguments or a missing/malformed
# results.csv; 1 if hyperfine or the binary fails.

set -eu

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=hyperfine

usage() {
	echo "usage: analysis/hyperfine.sh DIR RSEQBENCH_BINARY" >&2
	exit 2
}
bad() { echo "$me: $*" >&2; exit 2; }

[ $# -eq 2 ] || usage
dir=${1%/}
bin=$2
spin=${HF_SPIN:-20000000}
runs=${HF_RUNS:-10}
hf=${HYPERFINE:-hyperfine}

[ -d "$dir" ] || bad "$dir: no such results directory"
[ -f "$dir/results.csv" ] || bad "$dir/results.csv: missing"
case $spin in '' | *[!0-9]*) bad "HF_SPIN must be a positive integer" ;; esac
case $runs in '' | *[!0-9]*) bad "HF_RUNS must be an integer >= 2" ;; esac
[ "$spin" -gt 0 ] || bad "HF_SPIN must be a positive integer"
[ "$runs" -ge 2 ] || bad "HF_RUNS must be an integer >= 2"
case $bin in */*) ;; *) bin=$(command -v -- "$bin") || bad "$2: not found" ;; esac
if ! [ -f "$bin" ] || ! [ -x "$bin" ]; then
	bad "$bin: not an executable file"
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
case $bin in *[[:space:]\'\"\\]*)
	bad "$bin: path must not contain blanks or quotes (hyperfine -N)" ;;
esac
command -v "$hf" >/dev/null || { echo "$me: $hf not found" >&2; exit 1; }

# Which protocols per op: one line per op, "op proto proto ...", in the
# canonical orders.  Validates results.csv (exit 2, one line).
rc=0
cells=$(python3 - "$here/../plots" "$dir" <<'EOF'
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import rbresults as rb
try:
    res = rb.load(sys.argv[2])
except rb.BadInput as e:
    sys.stderr.write("hyperfine: %s\n" % e)
    sys.exit(2)
for op in res.ops:
    ps = [p for p in res.protocols if res.has(p, op)]
    if ps:
        print(op, *ps)
EOF
) || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"

tmp=
trap 'rm -f "$tmp"' EXIT
while read -r op protos; do
	case $op in *[!A-Za-z0-9_.-]*) bad "op name '$op' is not file-name safe" ;; esac
	cmds=()
	for p in $protos; do
		cmds+=("$bin --spin $spin -p $p -o $op")
	done
	cmds+=("$bin --spin 0 -p plain -o $op")
	echo "$me: $op: $protos (+ start-up baseline), $runs runs each" >&2
	tmp=$(mktemp "$dir/.hyperfine-$op.json.XXXXXX")
	if ! "$hf" -N --warmup 2 --runs "$runs" --export-json "$tmp" \
			"${cmds[@]}" </dev/null; then
		echo "$me: hyperfine failed for op $op" \
		     "(does '${cmds[0]}' run and exit 0?)" >&2
		exit 1
	fi
	chmod 644 "$tmp"
	mv -f "$tmp" "$dir/hyperfine-$op.json"
	tmp=
done <<<"$cells"

exec python3 "$here/hyperfine_check.py" "$dir"
