#!/bin/bash
# plots/scaling.sh DIR: line plots of DIR/scaling.csv (rseqbench
# --scaling --out DIR), one PNG and one SVG per operation: throughput
# against threads, one line per protocol.
set -eu
dir=${1:-}
die() { echo "plots/scaling.sh: $*" >&2; exit 2; }
[ -n "$dir" ] || die "usage: plots/scaling.sh DIR"
[ -f "$dir/scaling.csv" ] || die "$dir/scaling.csv: missing"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$dir/scaling.csv" "$tmp" <<'PY' || exit 2
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
if not rows or "mops_per_s" not in rows[0]:
    sys.exit("plots/scaling.sh: %s: not a scaling.csv" % sys.argv[1])
ops, protos, data = [], [], {}
for r in rows:
    if r["op"] not in ops:
        ops.append(r["op"])
    if r["protocol"] not in protos:
        protos.append(r["protocol"])
    data.setdefault(r["op"], {}).setdefault(r["protocol"], []).append(
        (int(r["threads"]), float(r["mops_per_s"])))
r0 = rows[0]
title = "%s%s, kernel %s" % (r0["arch"], ", EMULATED CPU"
                             if r0["emulated"] == "true" else "",
                             r0["kernel"])
open(sys.argv[2] + "/title", "w").write(title)
open(sys.argv[2] + "/ops", "w").write("\n".join(ops) + "\n")
for op in ops:
    with open("%s/%s.dat" % (sys.argv[2], op), "w") as f:
        for p in protos:
            if p not in data[op]:
                continue
            f.write('"%s"\n' % p)
            for t, v in sorted(data[op][p]):
                f.write("%d %g\n" % (t, v))
            f.write("\n\n")
PY
title=$(cat "$tmp/title")
while read -r op; do
	for term in png svg; do
		out="$dir/scaling-$op.$term"
		if [ "$term" = png ]; then
			t="pngcairo size 900,540 noenhanced"
		else
			t="svg size 900,540 noenhanced"
		fi
		gnuplot -e "set terminal $t; set output '$out.tmp';
			set title 'rseqbench scaling: $op ($title)';
			set xlabel 'threads (unpinned)';
			set ylabel 'Mops/s, all threads';
			set logscale x 2; set grid; set key outside right;
			set yrange [0:*];
			plot for [i=0:*] '$tmp/$op.dat' index i using 1:2
				with linespoints lw 2 title columnheader(1)" &&
			mv "$out.tmp" "$out"
	done
done <"$tmp/ops"
echo "scaling: wrote $dir/scaling-*.png and .svg"
