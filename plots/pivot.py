#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pivot.py DIR TMPDIR -- pivot DIR/results.csv for plots/bars.gp.

Writes into TMPDIR, for CHART in cycles and overhead:
  CHART.dat   one row per op: "op" "short-op" then, per protocol,
              value, low, high (NaN where the cell is missing)
  CHART.vars  gnuplot assignments: titles, labels, protocol names and
              colours (loaded by bars.gp via -e "load '...'")
  oplegend.txt  the short op names used in the ASCII plot, one line
The overhead files are not written when no protocol has a plain
baseline; pivot.py then prints "no-overhead: REASON" on stdout,
else "ok".
Exit 2 with one line on stderr when results.csv is missing/malformed.
"""

import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbresults as rb  # noqa: E402

# Fixed colour per protocol (Okabe-Ito, colour-blind safe), so a
# protocol has the same colour in every chart.
COLOURS = {
    "plain": "#999999",
    "regabort": "#E69F00",
    "twostore": "#56B4E9",
    "descriptor": "#009E73",
    "descriptor-eager": "#0072B2",
    # the sensitivity rows: their protocol's colour, lighter
    "regabort-outline": "#F3CF80",
    "twostore-outline": "#ABDAF4",
    "descriptor-outline": "#80CFB9",
    "regabort-inline": "#F3CF80",
    "twostore-inline": "#ABDAF4",
    "descriptor-toc": "#80CFB9",
    "descriptor-lla": "#80CFB9",
    "atomic": "#D55E00",
    "getcpu+atomic": "#CC79A7",
}
SPARE = ["#000000", "#F0E442", "#882255", "#44AA99"]

ABBREV = {"addv": "add", "cmpeqv": "eq", "cmpnev": "ne", "storev": "st",
          "storeoffp": "sto", "load": "ld", "trystorev": "tst",
          "trymemcpy": "tmc", "freelist": "fl", "latency": "lat"}


def short_op(op):
    ctx = ""
    base, _, last = op.rpartition(".")
    if base and last in rb.CONTEXTS.values():
        op, ctx = base, "." + last[0]
    s = ".".join(ABBREV.get(t, t) for t in op.replace(".", "_").split("_"))
    if ctx:
        s = s.replace(".", "")[:8] + ctx
    return s if len(s) <= 10 else s[:10]


def gp_str(s):
    """A gnuplot single-quoted string literal."""
    return "'" + s.replace("'", "''") + "'"


def fmt(x):
    return "NaN" if x is None else repr(float(x))


def write_chart(tmp, name, res, protos, cell, title, title_short, ylabel):
    """cell(p, op) -> (value, low, high) or None."""
    with open(os.path.join(tmp, name + ".dat"), "w") as f:
        f.write("# op short " + " ".join(
            "%s %s_lo %s_hi" % (p, p, p) for p in protos) + "\n")
        for op in res.ops:
            vals = []
            for p in protos:
                c = cell(p, op)
                vals += [fmt(x) for x in (c if c else (None,) * 3)]
            f.write('"%s" "%s" %s\n' % (op, short_op(op), " ".join(vals)))
    spare = iter(SPARE)
    cols = [COLOURS.get(p) or next(spare, "#000000") for p in protos]
    with open(os.path.join(tmp, name + ".vars"), "w") as f:
        f.write("title = %s\n" % gp_str(title))
        f.write("title_short = %s\n" % gp_str(title_short))
        f.write("ylab = %s\n" % gp_str(ylabel))
        f.write("protos = %s\n" % gp_str(" ".join(protos)))
        f.write("colours = %s\n" % gp_str(" ".join(cols)))
        f.write("nprotos = %d\n" % len(protos))
        f.write("nops = %d\n" % len(res.ops))


def cost(res, p, op):
    """(median, low, high) of a cell's cost, or None."""
    m = res.get(p, op, "median")
    if m is None:
        return None
    lo = res.get(p, op, "ci_low")
    hi = res.get(p, op, "ci_high")
    return (m, m if lo is None else lo, m if hi is None else hi)


def overhead(res, p, op):
    """(delta over plain, low, high) of a cell, or None."""
    c = cost(res, p, op)
    if c is None:
        return None
    m, lo, hi = c
    d = res.get(p, op, "delta_plain")
    # Whiskers: the placement range where there is one, else the CI.
    dlo = res.get(p, op, "delta_plain_place_lo")
    dhi = res.get(p, op, "delta_plain_place_hi")
    if dlo is None or dhi is None:
        dlo = res.get(p, op, "delta_plain_ci_low")
        dhi = res.get(p, op, "delta_plain_ci_high")
    if d is not None and dlo is not None and dhi is not None:
        # Paired (round-by-round) difference and its own spread.
        return (d, dlo, dhi)
    if d is None:
        pm = res.get("plain", op, "median")
        if pm is None:
            return None
        d = m - pm
    shift = m - d           # = plain's median for this op
    return (d, lo - shift, hi - shift)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: pivot.py DIR TMPDIR\n")
        return 2
    d, tmp = sys.argv[1], sys.argv[2]
    try:
        res = rb.load(d)
    except rb.BadInput as e:
        sys.stderr.write("plot: %s\n" % e)
        return 2

    unit = "estimated cycles" if res.estimated else res.unit
    emu = " - EMULATED CPU" if res.emulated else ""
    emu_s = ", EMULATED CPU" if res.emulated else ""
    run = "%s, timer %s, %s" % (res.arch, res.timer, unit)

    def cyc(p, op):
        return cost(res, p, op)

    protos = [p for p in res.protocols
              if any(res.has(p, o) for o in res.ops)]
    write_chart(tmp, "cycles", res, protos, cyc,
                "rseqbench: cost per operation (%s)%s" % (run, emu),
                "Per-op cost: %s%s" % (run, emu_s),
                "%s per op (median, CI whiskers)" % unit)

    def ovh(p, op):
        return overhead(res, p, op)

    oprotos = [p for p in rb.RESTARTABLE if p in res.protocols
               and any(ovh(p, o) for o in res.ops)]
    with open(os.path.join(tmp, "oplegend.txt"), "w") as f:
        f.write("ops: " + ", ".join("%s=%s" % (short_op(o), o)
                                    for o in res.ops) + "\n")
    if not oprotos:
        if not any(p in res.protocols for p in rb.RESTARTABLE):
            print("no-overhead: no restartable protocol in results.csv")
        else:
            print("no-overhead: no plain baseline (plain median or "
                  "delta_plain) in results.csv")
        return 0
    write_chart(tmp, "overhead", res, oprotos, ovh,
                "rseqbench: overhead over plain (%s)%s" % (run, emu),
                "Overhead over plain: %s%s" % (run, emu_s),
                "%s per op above plain (median, CI)" % unit)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
