#!/bin/bash
# SPDX-License-Identifier: MIT
#
# static.sh DIR -- one chart per architecture from DIR/static.csv and,
# if present, DIR/model.csv and DIR/model-vs-measured.csv (make static,
# make model): DIR/static-<arch>.png.  Panels: static instructions and
# bytes arm..end, static stores, modeled cycles/iteration (znver3 for
# x86, else the first core kept for that arch), and for x86_64 the measured median.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 1 ] || { echo "usage: plots/static.sh DIR" >&2; exit 2; }
dir=${1%/}
[ -f "$dir/static.csv" ] || { echo "static: $dir/static.csv: missing" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "static: gnuplot not found" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rseqbench-static.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$dir" "$tmp" "$here/../analysis" <<'PY'
import csv, os, sys
d, tmp = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
import registry
REG = registry.load()
P = REG.seq_protos
OPS = REG.ops
# Short labels for the x axis; an op without one is cut to 9 characters.
SH = {"addv": "addv", "cmpeqv_storev": "cmpeq_st",
      "cmpnev_storeoffp_load": "cmpne_ld",
      "cmpeqv_trystorev_storev": "trystore",
      "cmpeqv_trymemcpy_storev": "trymemcpy"}
SH = {o: SH.get(o, o[:9]) for o in OPS}
st = {}
for r in csv.DictReader(open(os.path.join(d, "static.csv"))):
    st[(r["arch"], r["protocol"], r["op"], r["metric"])] = r["value"]
mo, cores = {}, {}
mp = os.path.join(d, "model.csv")
if os.path.exists(mp):
    rows = list(csv.DictReader(open(mp)))
    for r in rows:
        # nearest to the reference host (AMD Zen 4) for x86; else first
        if r["core"] == {"x86_64": "znver3", "i386": "znver3"}.get(
                r["arch"]):
            cores[r["arch"]] = r["core"]
        cores.setdefault(r["arch"], r["core"])
    for r in rows:
        if r["core"] == cores[r["arch"]] and r["metric"] == "cycles_per_iter":
            mo[(r["arch"], r["protocol"], r["op"])] = r["value"]
me, timer = {}, ""
vp = os.path.join(d, "model-vs-measured.csv")
if os.path.exists(vp):
    for r in csv.DictReader(open(vp)):
        me[(r["protocol"], r["op"])] = r["measured_median_cycles"]
        timer = r["timer"]
arches = sorted({k[0] for k in st})
ALL = P
for a in arches:
    # the protocols this architecture builds (sensitivity rows vary)
    P = [p for p in ALL if any(k[0] == a and k[1] == p for k in st)]
    panels = [("static: instructions, arm..end (label 9..8)", "instructions",
               lambda p, o: st.get((a, p, o, "end_insns"), "NaN")),
              ("static: bytes, arm..end", "bytes",
               lambda p, o: st.get((a, p, o, "end_bytes"), "NaN")),
              ("static: stores on the fast path", "stores",
               lambda p, o: st.get((a, p, o, "end_stores"), "NaN"))]
    if a in cores:
        panels.append(("modeled (llvm-mca, %s): cycles/iteration" % cores[a],
                       "modeled cycles",
                       lambda p, o: mo.get((a, p, o), "NaN")))
    else:
        panels.append(("modeled: no llvm-mca core kept for %s" % a,
                       "modeled cycles", lambda p, o: "NaN"))
    if a == "x86_64" and me:
        panels.append(("measured (%s, reference run): median est. "
                       "cycles/op" % timer, "measured cycles",
                       lambda p, o: me.get((p, o), "NaN")))
    with open(os.path.join(tmp, a + ".dat"), "w") as f:
        for o in OPS:
            f.write('"%s" ' % SH[o] + " ".join(
                str(fn(p, o)) for _, _, fn in panels for p in P) + "\n")
    with open(os.path.join(tmp, a + ".vars"), "w") as f:
        f.write('arch = "%s"\nprotos = "%s"\nnprotos = %d\nnops = %d\n'
                'npanels = %d\n' % (a, " ".join(P), len(P), len(OPS),
                                    len(panels)))
        for k, (t, y, _) in enumerate(panels, 1):
            f.write('t%d = "%s"\ny%d = "%s"\n' % (k, t, k, y))
PY
for v in "$tmp"/*.vars; do
	a=$(basename "$v" .vars)
	gnuplot -e "load '$v'; datafile='$tmp/$a.dat'; out='$dir/.static-$a.png.tmp'" \
		"$here/static.gp"
	mv "$dir/.static-$a.png.tmp" "$dir/static-$a.png"
	echo "static: $dir/static-$a.png"
done
