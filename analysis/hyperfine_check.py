#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hyperfine_check.py DIR -- compare hyperfine whole-process timings with
the in-process results in DIR/results.csv.

Reads DIR/results.csv and DIR/hyperfine-OP.json (written by
analysis/hyperfine.sh: per op, one command per protocol
"rseqbench --spin COUNT -p P -o OP" plus a "--spin 0" start-up
baseline).  Writes DIR/hyperfine-summary.csv (op,protocol,metric,value)
and puts a <=72-column section, headed by the marker line
    --- Whole-process cross-check (hyperfine) ---
into DIR/report.txt (replacing an earlier one; before the ASCII plot
appendix when there is one).  Both files are written atomically.

Per protocol: ns/op = (mean - baseline mean) / COUNT, with standard
error sqrt(sd^2/runs + sd_base^2/runs_base) / COUNT.
Per op, each pair of protocols: the in-process order is resolved when
their [ci_low, ci_high] intervals do not overlap; the whole-process
order is resolved when the difference of means exceeds 2 combined
standard errors, sqrt(sd_a^2/runs_a + sd_b^2/runs_b) / COUNT (the
shared baseline cancels).  "ranking agrees" iff no pair is resolved
both ways in opposite directions.

Exit 2 with one line on stderr when DIR, results.csv or every
hyperfine JSON is missing or malformed.
"""

import itertools
import json
import math
import os
import sys
import textwrap

sys.dont_write_bytecode = True     # no __pycache__ in the checkout
# The results reader is the plots' (plots/rbresults.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "plots"))
import rbresults as rb  # noqa: E402

W = rb.REPORT_WIDTH


class Run:
    def __init__(self, r, where):
        try:
            self.mean = float(r["mean"])
            times = r.get("times") or []
            self.runs = len(times) if times else 1
            sd = r.get("stddev")
            self.sd = float(sd) if sd is not None else float("nan")
        except (KeyError, TypeError, ValueError):
            raise rb.BadInput("%s: result without mean/stddev" % where)
        if self.runs < 2 or math.isnan(self.sd):
            raise rb.BadInput("%s: need at least 2 runs per command" % where)

    @property
    def var_of_mean(self):
        return self.sd * self.sd / self.runs


def parse_command(cmd):
    """'BIN --spin N -p P -o OP' -> (N, P, OP); None if not ours."""
    w = cmd.split()
    spin = proto = op = None
    for i, a in enumerate(w[:-1]):
        if a == "--spin":
            spin = w[i + 1]
        elif a == "-p":
            proto = w[i + 1]
        elif a == "-o":
            op = w[i + 1]
    try:
        return int(spin), proto, op
    except (TypeError, ValueError):
        return None


def load_op(d, op):
    """-> (count, baseline Run, {protocol: Run}) or None if no file."""
    path = os.path.join(d, "hyperfine-%s.json" % op)
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        results = data["results"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise rb.BadInput("%s: not a hyperfine JSON export (%s)" % (path, e))
    base, runs, counts = None, {}, set()
    for i, r in enumerate(results):
        where = "%s: result %d" % (path, i)
        c = parse_command(str(r.get("command", "")))
        if c is None or c[2] != op or not c[1]:
            raise rb.BadInput("%s: command %r is not 'BIN --spin N -p P "
                              "-o %s'" % (where, r.get("command"), op))
        n, p, _ = c
        if n == 0:
            base = Run(r, where)
        else:
            counts.add(n)
            runs[p] = Run(r, where)
    if base is None:
        raise rb.BadInput("%s: no --spin 0 baseline command" % path)
    if len(counts) != 1:
        raise rb.BadInput("%s: want one nonzero --spin COUNT, got %s"
                          % (path, sorted(counts) or "none"))
    return counts.pop(), base, runs


def num(x, width, prec):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-".rjust(width)
    return ("%.*f" % (prec, x)).rjust(width)


def check_op(res, op, count, base, runs):
    """-> (report lines, summary rows, (agree, disagree, unresolved))."""
    protos = [p for p in res.protocols if p in runs and res.has(p, op)]
    lines, rows = [], []
    unit = "est.cyc" if res.estimated else res.unit[:7]
    lines.append("op %s" % op)
    lines.append("  COUNT %d; start-up %.3f ms +- %.3f (%d runs)"
                 % (count, base.mean * 1e3,
                    1e3 * math.sqrt(base.var_of_mean), base.runs))
    lines.append("  %-16s %9s %8s %11s %8s" % ("protocol", "ns/op", "+-se",
                                               "in-process", unit + "/ns"))
    rows += [(op, "all", "spin", count),
             (op, "baseline", "runs", base.runs),
             (op, "baseline", "mean_s", base.mean),
             (op, "baseline", "stddev_s", base.sd)]
    whole = {}
    for p in protos:
        r = runs[p]
        ns = (r.mean - base.mean) / count * 1e9
        se = math.sqrt(r.var_of_mean + base.var_of_mean) / count * 1e9
        med = res.get(p, op, "median")
        ratio = med / ns if ns > 0 else None
        whole[p] = ns
        lines.append("  %-16s %s %s %s %s" % (
            p[:16], num(ns, 9, 3), num(se, 8, 3), num(med, 11, 2),
            num(ratio, 8, 2)))
        rows += [(op, p, "runs", r.runs), (op, p, "mean_s", r.mean),
                 (op, p, "stddev_s", r.sd), (op, p, "ns_per_op", ns),
                 (op, p, "ns_per_op_se", se), (op, p, "inproc_median", med)]
        for s in ("ci_low", "ci_high"):
            v = res.get(p, op, s)
            if v is not None:
                rows.append((op, p, "inproc_" + s, v))
    skipped = [p for p in res.protocols if res.has(p, op) and p not in runs]
    if skipped:
        lines.append("  not in hyperfine-%s.json: %s"
                     % (op, " ".join(skipped)))

    agree = disagree = unresolved = 0
    bad = []
    for a, b in itertools.combinations(protos, 2):
        # in-process: sign of (a - b) when CIs are disjoint
        alo, ahi = res.get(a, op, "ci_low"), res.get(a, op, "ci_high")
        blo, bhi = res.get(b, op, "ci_low"), res.get(b, op, "ci_high")
        ip = 0
        if None not in (alo, ahi, blo, bhi):
            if ahi < blo:
                ip = -1
            elif bhi < alo:
                ip = 1
        # whole-process: sign of (a - b) beyond 2 combined SEs
        diff = runs[a].mean - runs[b].mean
        se = math.sqrt(runs[a].var_of_mean + runs[b].var_of_mean)
        wp = 0 if abs(diff) <= 2 * se else (1 if diff > 0 else -1)
        if ip == 0 or wp == 0:
            unresolved += 1
        elif ip == wp:
            agree += 1
        else:
            disagree += 1
            fast, slow = (a, b) if ip < 0 else (b, a)
            bad.append("%s < %s in-process, reversed whole-process"
                       % (fast, slow))
    verdict = "ranking agrees" if not disagree else "RANKING DISAGREES"
    lines.append("  pairs: %d agree, %d disagree, %d unresolved: %s"
                 % (agree, disagree, unresolved, verdict))
    lines += ["    " + x for x in bad]
    rows += [(op, "all", "pairs_agree", agree),
             (op, "all", "pairs_disagree", disagree),
             (op, "all", "pairs_unresolved", unresolved),
             (op, "all", "ranking_agrees", 0 if disagree else 1)]
    return lines, rows, (agree, disagree, unresolved)


def fmt_value(v):
    if isinstance(v, int):
        return str(v)
    if v is None or math.isnan(v):
        return "NaN"
    return "%.9g" % v


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: analysis/hyperfine_check.py DIR\n")
        return 2
    d = sys.argv[1]
    try:
        res = rb.load(d)
        per_op = {}
        for op in res.ops:
            x = load_op(d, op)
            if x is not None:
                per_op[op] = x
        if not per_op:
            raise rb.BadInput("%s: no hyperfine-OP.json for any op in "
                              "results.csv; run analysis/hyperfine.sh" % d)
    except rb.BadInput as e:
        sys.stderr.write("hyperfine_check: %s\n" % e)
        return 2

    unit = "estimated cycles" if res.estimated else res.unit
    body = [
        "",
        "Whole process: 'rseqbench --spin COUNT -p P -o OP' under",
        "hyperfine, minus a '--spin 0' start-up run, over COUNT, in ns/op",
        "(+- one standard error).  In-process: median, %s." % unit,
        "%s/ns = in-process / whole-process; it should be about the"
        % ("est.cyc" if res.estimated else res.unit[:7]),
        "same on every row.  A pair is resolved in-process when the CIs",
        "are disjoint, whole-process when it differs by > 2 std errors.",
    ]
    if res.emulated:
        body.append("EMULATED CPU: timings are the emulator's, not hardware.")
    rows = []
    agreeing = 0
    for op in res.ops:
        body.append("")
        if op not in per_op:
            body.append("op %s: no hyperfine-%s.json" % (op, op))
            continue
        lines, r, (_, dis, _) = check_op(res, op, *per_op[op])
        body += lines
        rows += r
        agreeing += not dis
    body += ["", "Overall: ranking agrees for %d of %d ops cross-checked."
             % (agreeing, len(per_op))]
    body = [x for line in body for x in
            (textwrap.wrap(line, W, subsequent_indent="      ")
             if len(line) > W else [line])]

    rb.atomic_write(os.path.join(d, "hyperfine-summary.csv"),
                    "op,protocol,metric,value\n" + "".join(
                        "%s,%s,%s,%s\n" % (o, p, m, fmt_value(v))
                        for o, p, m, v in rows))
    rb.replace_section(os.path.join(d, "report.txt"), rb.HF_MARKER, body)
    print("hyperfine_check: wrote %s and the cross-check section of %s"
          % (os.path.join(d, "hyperfine-summary.csv"),
             os.path.join(d, "report.txt")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
