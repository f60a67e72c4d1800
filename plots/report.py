#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report.py [--out OUT] DIR... -- result sets of several machines, merged.

Writes OUT/report.txt, one table of at most 72 columns for an email:
per (op, context), each protocol's overhead over plain in cycles per op
(the paired, round-by-round median), one column per machine, with the
"~" marks of the single-set report carried over and a legend naming
each machine's CPU, kernel, timer and sample counts; and OUT/report.png
(gnuplot, when installed): the overhead chart of plot.sh, one panel per
machine, side by side.  The table also goes to stdout.

Emulated sets (results.json: environment.emulated) time an emulator,
not a CPU: they get a section of their own below the native machines,
are marked EMULATED in the columns, the legend and the plot, and the
report makes no statement that orders them beside native ones.

OUT defaults to results/report-<date>-<time>.  Every file is written
under a temp name in OUT and renamed into place.  Bad input (no
results.json, a results.json of another schema, a malformed
results.csv): one line on stderr starting "report:", exit 2.
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

sys.dont_write_bytecode = True     # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbresults as rb  # noqa: E402
import pivot  # noqa: E402

ME = "report"
# Schema 1: one context (latency), paired deltas with a CI only;
# schema 2: contexts, placements and a robust verdict per delta.
SCHEMAS = ("rseqbench-results-1", "rseqbench-results-2")
W = rb.REPORT_WIDTH
LABEL = 22                  # "  descriptor-eager" and room to spare
COL = 10                    # "  +150.50~"
PER_BLOCK = (W - LABEL) // COL
CTX_NAMES = {v: k for k, v in rb.CONTEXTS.items()}


class Machine:
    """One result set: its results.csv (numbers) and results.json
    (what it ran on)."""

    def __init__(self, d):
        self.dir = d
        self.name = os.path.basename(os.path.normpath(d)) or d
        path = os.path.join(d, "results.json")
        if not os.path.isdir(d):
            raise rb.BadInput("%s: no such results directory" % d)
        if not os.path.isfile(path):
            raise rb.BadInput("%s: missing" % path)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise rb.BadInput("%s: not JSON: %s" % (path, e))
        schema = doc.get("schema") if isinstance(doc, dict) else None
        if schema not in SCHEMAS:
            raise rb.BadInput("%s: schema %r, want %s" % (
                path, schema, " or ".join(SCHEMAS)))
        for key in ("environment", "timer", "config"):
            if not isinstance(doc.get(key), dict):
                raise rb.BadInput("%s: no %r object" % (path, key))
        self.env, self.timer, self.config = (
            doc["environment"], doc["timer"], doc["config"])
        self.schema = schema
        self.res = rb.load(d)
        # Sets from before contexts were measured only latency: name
        # their ops as the context-aware sets do, so the two line up.
        if not all(o.rpartition(".")[2] in CTX_NAMES
                   for o in self.res.ops):
            self.res.stats = {(p, o + ".lat"): v
                              for (p, o), v in self.res.stats.items()}
            self.res.ops = [o + ".lat" for o in self.res.ops]
        self.emulated = self.env.get("emulated") is True or \
            self.res.emulated
        self.tag = "?"

    def e(self, key, default="?"):
        v = self.env.get(key)
        return default if v in (None, "") else str(v)

    def header(self):
        return "%s %s%s" % (self.tag, self.e("arch")[:7],
                            "*" if self.emulated else "")

    def legend(self):
        """The machine's lines for the legend, wrapped to 72 columns."""
        cpu = self.e("cpu_model")
        if self.env.get("cpu_id"):
            cpu += " (%s)" % self.env["cpu_id"]
        where = ", virtual machine" if self.env.get("hypervisor") else ""
        # Schema 1 had "kernel" for who restarts (host/model) and no
        # release; schema 2 has the uname release and "restarts_by".
        if self.schema == SCHEMAS[0]:
            kernel = "release not recorded"
            restarts = self.e("kernel")
        else:
            kernel = self.e("kernel").split(" ")[0]
            restarts = self.e("restarts_by")
        unit = self.config.get("unit", self.res.unit)
        if unit == "cycles":
            cyc = "cycles counted by the PMU"
        elif unit == "cycles_est":
            cyc = "cycles ESTIMATED"
            how = self.timer.get("cycles", "")
            if how.startswith("estimated "):
                cyc += how[len("estimated"):]
        else:
            cyc = "unit %s" % unit
        n = "n = %s ops/sample x %s rounds" % (
            self.config.get("ops_per_sample", "?"),
            self.config.get("rounds_done", "?"))
        k = self.config.get("processes")
        if k:
            n += ", %s process%s" % (k, "" if k == 1 else "es")
        parts = [
            "%s%s" % (self.dir, ": EMULATED CPU (%s)" % self.e(
                "emulated_why", "emulated") if self.emulated else ""),
            "%s, %s%s" % (self.e("arch"), cpu, where),
            "kernel %s, restarts by: %s" % (kernel, restarts),
            "timer %s (%s), %s" % (self.timer.get("name", "?"),
                                   self.timer.get("read_method", "?"),
                                   cyc),
            "%s; git %s, %s" % (n, self.e("git_revision"),
                                self.e("date")),
        ]
        out = []
        for i, p in enumerate(parts):
            out += textwrap.wrap(p, W, initial_indent=(
                "  %-3s" % self.tag) if i == 0 else " " * 5,
                subsequent_indent=" " * 7)
        return out


def fmt(x, nd=2):
    s = "%+.*f" % (nd, x)
    return s if len(s) <= COL - 2 else "%+.0f" % x


def robust(res, p, op, d):
    """The single-set report's rule for a vs-plain figure: robust over
    placements (older sets: its CI excludes 0) and not below plain."""
    r = res.get(p, op, "delta_plain_robust")
    if r is None:
        lo = res.get(p, op, "delta_plain_ci_low")
        hi = res.get(p, op, "delta_plain_ci_high")
        r = lo is not None and hi is not None and (lo > 0 or hi < 0)
    return bool(r) and d >= 0


def op_title(op):
    base, _, ctx = op.rpartition(".")
    return "%s, %s" % (base, CTX_NAMES.get(ctx, ctx))


def ordered_ops(machines):
    seen = []
    for m in machines:
        seen += [o for o in m.res.ops if o not in seen]
    base = {o.rpartition(".")[0] for o in seen}
    canon = [o + "." + c for o in rb.OPS + ["freelist", "addv.live4",
                                            "addv.live8", "addv.live16"]
             for c in rb.CONTEXTS.values()]
    canon += sorted(b + "." + c for b in base
                    for c in rb.CONTEXTS.values()
                    if b + "." + c not in canon)
    return [o for o in canon if o in seen]


def table(machines):
    """Lines of one section: machines in blocks of PER_BLOCK columns."""
    lines = []
    for k in range(0, len(machines), PER_BLOCK):
        block = machines[k:k + PER_BLOCK]
        for op in ordered_ops(block):
            # The op beside the column heads where it fits, else on
            # a line of its own above them.
            title = op_title(op)
            heads = "".join("%*s " % (COL - 1, m.header())
                            for m in block).rstrip()
            lines.append("")
            if len(title) >= LABEL:
                lines.append(title)
                title = ""
            lines.append("%-*s%s" % (LABEL, title, heads))
            row = "  %-*s" % (LABEL - 2, "plain (cost)")
            for m in block:
                c = m.res.get("plain", op, "median")
                row += "%*s " % (COL - 1, "-" if c is None else
                                 "%.2f" % c)
            lines.append(row)
            protos = [p for p in rb.PROTOCOLS if p != "plain" and
                      any(m.res.has(p, op) for m in block)]
            for p in protos:
                row = "  %-*s" % (LABEL - 2, p)
                for m in block:
                    o = pivot.overhead(m.res, p, op) \
                        if m.res.has(p, op) else None
                    if o is None:
                        row += "%*s " % (COL - 1, "-")
                        continue
                    d = o[0]
                    row += "%*s%s" % (COL - 1, fmt(d),
                                      " " if robust(m.res, p, op, d)
                                      else "~")
                lines.append(row.rstrip())
    return lines


def report_text(machines):
    native = [m for m in machines if not m.emulated]
    emu = [m for m in machines if m.emulated]
    out = ["rseqbench report: %d result set(s), %d native, %d "
           "emulated" % (len(machines), len(native), len(emu)),
           "Per op and context: each protocol's cycles/op above plain",
           "(median round-by-round difference); plain (cost): its own",
           "cycles/op.  Columns: machines, see the legend."]
    if native:
        out += ["", "=== Native CPUs"]
        out += table(native)
    if emu:
        out += ["", "=== EMULATED CPUs (*): the emulator's timings, "
                "not a CPU's;",
                "never compare them with the native columns or with "
                "each", "other."]
        out += table(emu)
    out += ["", "Legend"]
    for m in machines:
        out += m.legend()
    out += textwrap.wrap(
        "~ not robust, as the set's own report judged it: within "
        "placement spread (its sign holds in fewer than 90% of "
        "placements, or not in every process), its 95% CI includes 0, "
        "it is within the known-cost tolerance (sets without "
        "placements: the CI only), or below plain. - not measured. Cycles are PMU counts or estimates as the legend "
        "says; each column is one machine's own scale.", W)
    return [x.rstrip() for x in out]


def plot(machines, out_png):
    """One overhead panel per machine, side by side; natives first."""
    tmp = tempfile.mkdtemp(prefix="rseqbench-report.")
    try:
        maxops = maxprotos = 1
        for i, m in enumerate(machines):
            res = m.res
            protos = [p for p in rb.RESTARTABLE if p in res.protocols
                      and any(pivot.overhead(res, p, o)
                              for o in res.ops)]
            if not protos:
                protos = ["plain"]      # an empty panel, still named
            emu = " - EMULATED CPU" if m.emulated else ""
            # Two title lines: report.gp joins title and title_short.
            title = "%s: %s%s" % (m.tag, m.name, emu)
            sub = "%s, %s, timer %s" % (m.e("arch"), m.e("cpu_model"),
                                        m.timer.get("name", "?"))
            pivot.write_chart(tmp, "m%d" % i, res, protos,
                              lambda p, o, r=res: pivot.overhead(r, p, o),
                              title, sub,
                              "%s per op above plain" % (
                                  "est. cycles" if res.estimated
                                  else res.unit))
            maxops = max(maxops, len(res.ops))
            maxprotos = max(maxprotos, len(protos))
        w = max(480, 140 + maxops * (24 + 14 * maxprotos))
        fd, tpng = tempfile.mkstemp(dir=os.path.dirname(out_png),
                                    prefix=".report.png.", suffix=".tmp")
        os.close(fd)
        gq = pivot.gp_str
        cmd = ["gnuplot", "-e", "dir=%s; n=%d; w=%d; out=%s" % (
            gq(tmp), len(machines), w * len(machines), gq(tpng)),
            os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "report.gp")]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=120)
            if r.returncode:
                raise RuntimeError("gnuplot failed: %s" % (
                    (r.stderr.strip().splitlines() or ["?"])[-1]))
            os.chmod(tpng, 0o644)
            os.replace(tpng, out_png)
        finally:
            if os.path.exists(tpng):
                os.unlink(tpng)
    finally:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)


def main(argv):
    out = None
    dirs = []
    args = iter(argv[1:])
    for a in args:
        if a == "--out":
            out = next(args, None)
            if not out:
                print("%s: --out needs a directory" % ME, file=sys.stderr)
                return 2
        elif a.startswith("--out="):
            out = a[6:]
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            dirs.append(a)
    if not dirs:
        print("%s: usage: report.py [--out OUT] DIR..." % ME,
              file=sys.stderr)
        return 2
    try:
        machines = [Machine(d) for d in dirs]
    except rb.BadInput as e:
        print("%s: %s" % (ME, e), file=sys.stderr)
        return 2
    # Tags in legend order: native machines first, then emulated.
    order = [m for m in machines if not m.emulated] + \
        [m for m in machines if m.emulated]
    for i, m in enumerate(order):
        m.tag = chr(ord("A") + i) if i < 26 else "%d" % i
    if out is None:
        out = os.path.join("results", "report-" +
                           time.strftime("%Y%m%d-%H%M%S"))
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        print("%s: %s: %s" % (ME, out, e.strerror), file=sys.stderr)
        return 2
    lines = report_text(order)
    wide = [x for x in lines if len(x) > W]
    if wide:
        print("%s: internal error: a line of %d columns" % (
            ME, len(wide[0])), file=sys.stderr)
        return 1
    text = "\n".join(lines) + "\n"
    rb.atomic_write(os.path.join(out, "report.txt"), text)
    sys.stdout.write(text)
    made = [os.path.join(out, "report.txt")]
    png = os.path.join(out, "report.png")
    try:
        plot(order, png)
        made.append(png)
    except FileNotFoundError:
        print("%s: gnuplot not found; no plot" % ME, file=sys.stderr)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print("%s: %s; no plot" % (ME, e), file=sys.stderr)
        return 1
    print("\n%s: wrote %s" % (ME, " ".join(made)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
