#!/bin/bash
# Output writers: CSV and JSON parse back and agree with each other, the
# report fits a 72-column email, files appear whole, an interrupted run
# keeps the rounds it finished, and the plots come from the directory.
O=${O:-build}
bin=$O/rseqbench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib.sh"

"$bin" -q -r 7 -n 10000 --out "$tmp/r" --format csv >"$tmp/stdout.csv"
check '[ $? -eq 0 ]' "a short run exits 0"
for f in results.csv results.json report.txt; do
	check "[ -s '$tmp/r/$f' ]" "--out wrote $f"
done
check "[ -z \"\$(ls -A '$tmp/r' | grep '^\\.')\" ]" \
	"no temporary files left in the results dir"
check "cmp -s '$tmp/stdout.csv' '$tmp/r/results.csv'" \
	"--format csv on stdout equals results.csv"

RB_REGISTRY=$O/registry.json python3 - "$tmp/r" <<'PY'
import csv, json, math, os, sys
d = sys.argv[1]
sys.path.insert(0, "analysis")
import registry
reg_ops = registry.load().ops

def check(cond, msg):
    print(("ok - " if cond else "not ok - ") + msg)

rows = list(csv.DictReader(open(d + "/results.csv", newline="")))
check(rows and list(rows[0].keys()) == ["arch", "emulated", "timer", "unit",
      "context", "protocol", "op", "statistic", "value"],
      "CSV header is the tidy one, with the context")
vals = [float(r["value"]) for r in rows]
check(all(math.isfinite(v) for v in vals), "every CSV value is a number")
keys = [(r["context"], r["protocol"], r["op"], r["statistic"]) for r in rows]
check(len(keys) == len(set(keys)),
      "one CSV row per context x protocol x op x stat")
cells = {(r["context"], r["protocol"], r["op"]) for r in rows}
# latency and throughput: 8 rows (7 protocols, plain-copy) x every
# op and the probe on addv; caller: 8 rows x (addv at 3 live counts,
# freelist)
per_ctx = 8 * len(reg_ops) + 1
check(len(cells) == 2 * per_ctx + 32, "CSV has every context's cells (%d)" %
      len(cells))
def stat(name):
    return {(r["context"], r["protocol"], r["op"]): float(r["value"])
            for r in rows if r["statistic"] == name}
med, lo, hi = stat("median"), stat("ci_low"), stat("ci_high")
check(all(lo[k] <= med[k] <= hi[k] for k in med),
      "every CI contains its median (one process)")
plo, phi = stat("place_lo"), stat("place_hi")
check(all(plo[k] <= phi[k] for k in med),
      "every cell has a placement range")
rob = stat("delta_plain_robust")
dp = stat("delta_plain")
check(rob and all(v in (0, 1) for v in rob.values()),
      "every difference to plain has a robustness verdict")

def no_dup(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted(set(k for k in keys if keys.count(k) > 1))
    if dup:
        raise ValueError("duplicate keys: " + ", ".join(dup))
    return dict(pairs)
try:
    json.load(open(d + "/results.json"), object_pairs_hook=no_dup)
    check(True, "JSON has no duplicate keys in any object")
except ValueError as e:
    check(False, "JSON has no duplicate keys in any object (%s)" % e)
j = json.load(open(d + "/results.json"))
check(j["schema"] == "rseqbench-results-2", "JSON parses, schema named")
check(j["environment"].get("kernel", "").split(" ")[0] == os.uname().release,
      "JSON environment.kernel is this kernel's release")
env = j["environment"]
need = ["cpu_model", "microcode", "kernel", "glibc", "compiler", "cflags",
        "git_revision", "command_line", "rseq_area", "host", "date"]
check(all(env.get(k) for k in need), "JSON environment has " +
      ", ".join(need))
check(j["timer"]["name"] in ("perf", "tsc", "clock"), "JSON names the timer")
check(j["config"]["pinned_cpu"] >= 0, "JSON records the pinned cpu")
n = j["config"]["rounds_done"]
check(n == 7 and all(len(c["samples_cycles"]) == n and
      len(c["samples_timer_units"]) == n for c in j["cells"]),
      "JSON keeps every sample of every cell (%d rounds)" % n)
check(all(len(j[k]) == n for k in ("sample_process", "sample_code_placement",
                                   "sample_data_placement")),
      "JSON gives every round's process and code and data placement")
check(all(c["context"] in ("latency", "throughput", "caller")
          for c in j["cells"]), "JSON names every cell's context")
jm = {(c["context"], c["protocol"], c["op"]): c["cost"]["value"]
      for c in j["cells"]}
check(all(abs(jm[k] - med[k]) <= 1e-5 * max(1, abs(med[k])) for k in med),
      "JSON and CSV medians agree")
check(len(j["selftest"]["chains"]) == 5 and
      set(j["selftest"]["contexts"]) == {"latency", "throughput", "caller"},
      "JSON has a known-cost check for every context")

rep = open(d + "/report.txt").read().splitlines()
check(max(len(l) for l in rep) <= 72, "report.txt fits 72 columns "
      "(widest %d)" % max(len(l) for l in rep))
check(all(l.isascii() for l in rep), "report.txt is plain ASCII")
txt = "\n".join(rep)
check("timer:" in txt and "selftest" in txt and "n = " in txt,
      "report header names the timer, the selftest and n")
for op in reg_ops + ["freelist"]:
    check(any(l.startswith(op + " ") for l in rep),
          "report has a table for " + op)
check(all(("known cost, %s:" % x) in txt and
          ("plain-copy vs plain, %s:" % x) in txt
          for x in ("latency", "throughput", "caller")),
      "report has the known-cost and plain-copy checks of every context")
check("probe-split, latency:" in txt, "report has the placement probe")
# Below plain is never printed without the mark: the rows of every
# "vs plain" table, their first three values (latency, throughput,
# caller against plain).
bad, in_vs = [], False
for l in rep:
    if l.split()[:2] == ["vs", "plain"]:
        in_vs = True
        continue
    if not l.startswith("  ") or l.split()[:1] == ["lat"]:
        in_vs = in_vs and l.split()[:1] == ["lat"]
        continue
    if in_vs and any(t.startswith("-") and t[1:2].isdigit() and
                     not t.endswith("~") for t in l.split()[1:4]):
        bad.append(l)
check(not bad, "no unmarked overhead below plain (%d lines)" % len(bad))
PY

"$bin" -q -r 7 -p descriptor -o addv --context latency --format json |
	python3 -c '
import json, sys
j = json.load(sys.stdin)
print(("ok" if len(j["cells"]) == 1 else "not ok") +
      " - --format json on stdout parses, one cell for -p descriptor -o addv"
      " --context latency")'

# Interrupted run: SIGINT after some rounds; finished rounds are written.
"$bin" -q -r 100000 -p plain -o addv --out "$tmp/int" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
check "[ $rc -eq 130 ]" "SIGINT: exit status 130 (got $rc)"
python3 - "$tmp/int" <<'PY'
import json, sys
try:
    j = json.load(open(sys.argv[1] + "/results.json"))
    c = j["config"]
    good = c["interrupted"] and 0 < c["rounds_done"] < 100000 and \
        len(j["cells"][0]["samples_cycles"]) == c["rounds_done"]
    print(("ok" if good else "not ok") + " - SIGINT: %d finished rounds "
          "kept, marked interrupted" % c["rounds_done"])
except Exception as e:
    print("not ok - SIGINT: no usable results.json: %s" % e)
PY
check "grep -q INTERRUPTED '$tmp/int/report.txt'" \
	"SIGINT: report says INTERRUPTED"

# Plots from the results directory alone.
if command -v gnuplot >/dev/null; then
	bash plots/plot.sh "$tmp/r" >/dev/null 2>&1
	for f in cycles.png cycles.svg overhead.png overhead.svg; do
		check "[ -s '$tmp/r/$f' ]" "plots/plot.sh made $f"
	done
	check "grep -q 'Appendix: ASCII plot' '$tmp/r/report.txt'" \
		"report.txt gets the ASCII plot appendix"
	cp "$tmp/r/report.txt" "$tmp/report.1"
	bash plots/plot.sh "$tmp/r" >/dev/null 2>&1
	check "cmp -s '$tmp/report.1' '$tmp/r/report.txt'" \
		"plotting twice leaves report.txt the same"
	bash plots/plot.sh "$tmp/nonexistent" >/dev/null 2>"$tmp/err"
	rc=$?
	check "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') -eq 1 ]" \
		"plots/plot.sh on a missing dir: one line, exit 2"
else
	notok "gnuplot missing (make deps installs gnuplot-nox)"
fi

# --kernel=model: the emulated kernel runs and says so in every output.
"$bin" -q -r 6 --kernel model -p regabort,twostore,descriptor -o addv \
	--out "$tmp/model" >/dev/null
check '[ $? -eq 0 ]' "--kernel model runs"
check "grep -q '^kernel: MODEL' '$tmp/model/report.txt'" \
	"--kernel model: the report says MODEL"
python3 - "$tmp/model" <<'PY'
import json, sys
j = json.load(open(sys.argv[1] + "/results.json"))
e = j["environment"]
ok = e["restarts_by"] == "model" and e["model_events"] > 0
print(("ok" if ok else "not ok") + " - --kernel model: JSON records "
      "restarts_by=model and %d emulated events" % e["model_events"])
PY

# --scaling: every thread count measured, CSV parses, plots drawn.
"$bin" -q --scaling -o addv -p descriptor,atomic --out "$tmp/sc" \
	>"$tmp/sc.txt" 2>&1
check '[ $? -eq 0 ]' "--scaling runs"
check "grep -q 'Mops/s by threads' '$tmp/sc.txt'" \
	"--scaling prints throughput by threads"
check "[ \$(awk 'length(\$0) > 72' '$tmp/sc.txt' | wc -l) -eq 0 ]" \
	"--scaling output fits 72 columns"
python3 - "$tmp/sc/scaling.csv" <<'PY'
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1])))
t = sorted({int(r["threads"]) for r in rows})
want = []
n, c = 1, os.cpu_count()
while n < 4 * c:
    want.append(n)
    n *= 2
want.append(4 * c)
ok = t == want and len(rows) == 2 * len(want) and \
    all(float(r["mops_per_s"]) > 0 for r in rows)
print(("ok" if ok else "not ok") + " - scaling.csv: 2 protocols x "
      "threads %s" % t)
PY
if command -v gnuplot >/dev/null; then
	bash plots/scaling.sh "$tmp/sc" >/dev/null 2>&1
	check "[ -s '$tmp/sc/scaling-addv.png' ] && [ -s '$tmp/sc/scaling-addv.svg' ]" \
		"plots/scaling.sh draws scaling-addv.png and .svg"
fi

# --processes: fresh processes merged, each round keeping its process.
"$bin" -q -r 6 --processes 2 -o addv --context latency,caller \
	--out "$tmp/proc" >/dev/null
check '[ $? -eq 0 ]' "--processes 2 runs"
check "python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); p=j[\"sample_process\"]; sys.exit(not (sorted(set(p)) == [0, 1] and len(p) == 12 and j[\"config\"][\"processes\"] == 2 and {c[\"context\"] for c in j[\"cells\"]} == {\"latency\", \"caller\"}))' '$tmp/proc/results.json'" \
	"--processes 2: 12 rounds from processes 0 and 1, two contexts"
# --spin --threads: the multi-thread workload of make peers.
timeout 60 "$bin" --spin 64000 --threads 3 -p descriptor,atomic -o addv
check '[ $? -eq 0 ]' "--spin with --threads runs"
timeout 60 "$bin" --spin 0 --threads 2 -p descriptor -o addv
check '[ $? -eq 0 ]' "--spin 0 with --threads returns (start-up baseline)"
timeout 60 "$bin" --spin 64000 --threads 2 --state-offset 3968 \
	-p descriptor -o addv,cmpeqv_storev --loop rolled
check '[ $? -eq 0 ]' "--spin --threads --state-offset 3968 (last offset) runs"
timeout 60 "$bin" --spin 64000 --state-offset 528 -p descriptor -o addv
check '[ $? -eq 0 ]' "--spin --state-offset 528, one thread, runs"

# The registry the build writes for the scripts: whole, no duplicate
# keys, the same protocols and operations, in the same order, as the
# tool lists, and a record layout that covers its size.
reg=$O/registry.json
timeout -k 5 120 python3 - "$reg" "$bin" <<'PY'
import json, subprocess, sys
reg, bin = sys.argv[1], sys.argv[2]
def no_dup(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate keys")
    return dict(pairs)
def check(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
try:
    r = json.load(open(reg), object_pairs_hook=no_dup)
except (OSError, ValueError) as e:
    check(False, "registry.json parses without duplicate keys (%s)" % e)
    sys.exit(0)
check(True, "registry.json parses without duplicate keys")
out = subprocess.run([bin, "--list"], capture_output=True, text=True,
                     timeout=60).stdout
lines = out.splitlines()
protos = [l.split()[0] for l in lines[lines.index("protocols:") + 1:
                                      lines.index("operations:")]]
ops = [l.split()[0] for l in lines[lines.index("operations:") + 1:
                                   lines.index("timers:")]]
# The shape sensitivity rows are built only on some architectures:
# the others are all in --list, and --list has nothing else.
main = [p["name"] for p in r["protocols"] if not p.get("shape_row")]
check([p for p in protos if p in main] == main and
      [p["name"] for p in r["protocols"] if p["name"] in protos] == protos,
      "registry.json protocols are rseqbench --list's, in order")
check([o["name"] for o in r["ops"]] == ops,
      "registry.json operations are rseqbench --list's, in order")
seq = [p for p in r["protocols"] if p["sequence"]]
check([p["seq_id"] for p in seq] == list(range(len(seq))) and
      [o["seq_id"] for o in r["ops"]] == list(range(len(r["ops"]))),
      "registry.json sequence ids are 0..n-1 in table order")
f = r["rb_seq_record"]["fields"]
check(sum(x["size"] for x in f) == r["rb_seq_record"]["size"] and
      all(a["offset"] + a["size"] == b["offset"] for a, b in zip(f, f[1:])),
      "registry.json record fields tile the record (%d bytes)" %
      r["rb_seq_record"]["size"])
PY
