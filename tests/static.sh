#!/bin/bash
# analysis/static.py on $O/rseqbench (x86_64 host only: fast, native
# objdump): the CSV parses, every (protocol, op) is there, descriptor's
# arm step stores less than twostore's, regabort's fast path writes its
# abort register, the table fits 72 columns.
O=${O:-build}
bin=$O/rseqbench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib.sh"

if [ "$(uname -m)" != x86_64 ] || [ ! -x "$bin" ]; then
	ok "static: skipped (x86_64 host and $bin needed) # SKIP"
	exit 0
fi
if ! timeout 60 python3 analysis/static.py --arch x86_64 --csv "$tmp/s.csv" \
		--txt "$tmp/s.txt" "$bin" 2>"$tmp/err"; then
	notok "static: analysis/static.py failed: $(head -n 1 "$tmp/err")"
	exit 0
fi
ok "static: analysis/static.py ran on $bin"
RB_REGISTRY=$O/registry.json python3 - "$tmp/s.csv" "$tmp/s.txt" <<'PY'
import csv, sys
sys.path.insert(0, "analysis")
import registry
REG = registry.load()
PROTOS, OPS = REG.seq_protos, REG.ops
def t(cond, msg):
    print(("ok - " if cond else "not ok - ") + "static: " + msg)
try:
    rows = list(csv.DictReader(open(sys.argv[1])))
    good = rows and all(len(r) == 5 and None not in r.values() and
                        (r["metric"].endswith("_list") or
                         float(r["value"]) == float(r["value"]))
                        for r in rows)
    t(bool(good) and list(rows[0]) ==
      ["arch", "protocol", "op", "metric", "value"],
      "static.csv parses (arch,protocol,op,metric,value; numeric values)")
except Exception as e:
    t(False, "static.csv parses: %s" % e)
    sys.exit(0)
d = {(r["protocol"], r["op"], r["metric"]): r["value"] for r in rows}
# Every main row, and every shape row this architecture built (any op).
built = [p for p in PROTOS if p not in REG.shape_rows or
         any((p, o, "end_insns") in d for o in OPS)]
missing = [(p, o) for p in built for o in OPS
           if (p, o, "end_insns") not in d]
t(not missing, "every (protocol, op) present%s" %
  (": missing %s" % missing if missing else ""))
g = lambda p, o, m: float(d.get((p, o, m), "nan"))
t(g("descriptor", "addv", "arm_stores") < g("twostore", "addv", "arm_stores"),
  "addv: descriptor's arm step stores less than twostore's (%g < %g)"
  % (g("descriptor", "addv", "arm_stores"), g("twostore", "addv", "arm_stores")))
bad = [o for o in OPS if g("regabort", o, "writes_regabort_reg") != 1]
t(not bad, "regabort's fast path writes its register (rcx) in every op%s"
  % (": not in %s" % bad if bad else ""))
t(g("plain", "addv", "end_stores") < g("descriptor", "addv", "end_stores"),
  "addv: plain stores less than descriptor")
wide = [l for l in open(sys.argv[2]).read().splitlines() if len(l) > 72]
t(not wide, "static.txt fits 72 columns")
PY
