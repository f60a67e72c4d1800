# SPDX-License-Identifier: MIT
"""Shared helpers for the rseqbench plotting scripts (python3, stdlib only).

load(dir)            read and validate DIR/results.csv
replace_section()    put a section into DIR/report.txt atomically

Errors in the input raise BadInput with a one-line message; the callers
print it on stderr and exit 2.
"""

import csv
import math
import os
import sys
import tempfile

HEADER = ["arch", "emulated", "timer", "unit", "protocol", "op",
          "statistic", "value"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "analysis"))
import registry  # noqa: E402

# Report order and which protocols a kernel restarts: the build's
# registry (make build/registry.json writes it in any checkout, so a
# results folder copied from another machine reads the same way).
_REG = registry.load()
PROTOCOLS = [p["name"] for p in _REG.protocols]
RESTARTABLE = [p["name"] for p in _REG.protocols if p["kproto"] != "none"]
OPS = list(_REG.ops)
# results.csv with contexts: each (op, context) is one group of bars,
# named op.ctx, the contexts of an op side by side.
HEADER_CTX = HEADER[:4] + ["context"] + HEADER[4:]
CONTEXTS = {"latency": "lat", "throughput": "thr", "caller": "call"}
OPS_CTX = [o + "." + c
           for o in OPS + ["freelist", "addv.live4", "addv.live16"]
           for c in CONTEXTS.values()]
STATISTICS = ["n", "min", "median", "ci_low", "ci_high",
              "delta_descriptor", "delta_descriptor_ci_low",
              "delta_descriptor_ci_high", "delta_plain",
              "delta_plain_ci_low", "delta_plain_ci_high", "aborts",
              "instructions_median"]

# Marker lines in report.txt.  The hyperfine section always sits before
# the ASCII appendix; the ASCII appendix always runs to the end.
HF_MARKER = "--- Whole-process cross-check (hyperfine) ---"
ASCII_MARKER = "--- Appendix: ASCII plot ---"
REPORT_WIDTH = 72


class BadInput(Exception):
    pass


class Results:
    """One results.csv: a single (arch, emulated, timer, unit) run."""

    def __init__(self):
        self.arch = self.timer = self.unit = None
        self.emulated = False
        self.protocols = []     # present, canonical order
        self.ops = []           # present, canonical order
        self.stats = {}         # (protocol, op) -> {statistic: float}

    def get(self, protocol, op, statistic):
        return self.stats.get((protocol, op), {}).get(statistic)

    def has(self, protocol, op):
        return self.get(protocol, op, "median") is not None

    @property
    def estimated(self):
        return self.unit == "cycles_est"

    def describe(self):
        """'x86_64, timer tsc, estimated cycles, EMULATED CPU'"""
        s = "%s, timer %s, %s" % (
            self.arch, self.timer,
            "estimated cycles" if self.estimated else "cycles (PMU)"
            if self.unit == "cycles" else self.unit)
        if self.emulated:
            s += ", EMULATED CPU"
        return s


def _ordered(seen, canon):
    known = [x for x in canon if x in seen]
    return known + [x for x in seen if x not in canon]


def _bool(s, where):
    v = s.strip().lower()
    if v in ("true", "1", "yes"):
        return True
    if v in ("false", "0", "no"):
        return False
    raise BadInput("%s: emulated must be true or false, got %r" % (where, s))


def load(d):
    """Read d/results.csv; raise BadInput on anything malformed."""
    if not os.path.isdir(d):
        raise BadInput("%s: no such results directory" % d)
    path = os.path.join(d, "results.csv")
    if not os.path.isfile(path):
        raise BadInput("%s: missing" % path)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise BadInput("%s: unreadable: %s" % (path, e))
    rows = [r for r in rows if r and any(c.strip() for c in r)]
    if not rows:
        raise BadInput("%s: empty" % path)
    header = [c.strip() for c in rows[0]]
    if header not in (HEADER, HEADER_CTX):
        raise BadInput("%s: bad header, want %s" % (path,
                                                   ",".join(HEADER_CTX)))
    if len(rows) == 1:
        raise BadInput("%s: header only, no data rows" % path)
    res = Results()
    runs = set()
    protos, ops = [], []
    for lineno, r in enumerate(rows[1:], start=2):
        where = "%s:%d" % (path, lineno)
        if len(r) != len(header):
            raise BadInput("%s: %d fields, want %d" % (where, len(r),
                                                       len(header)))
        r = [c.strip() for c in r]
        if header == HEADER_CTX:
            ctx = r.pop(4)
            if ctx not in CONTEXTS:
                raise BadInput("%s: bad context %r" % (where, ctx))
            r[5] += "." + CONTEXTS[ctx]
        arch, emu, timer, unit, proto, op, stat, val = r
        for name, v in (("arch", arch), ("timer", timer), ("unit", unit),
                        ("protocol", proto), ("op", op),
                        ("statistic", stat)):
            if not v or any(c.isspace() or c in "'\"\\" for c in v):
                raise BadInput("%s: bad %s %r" % (where, name, v))
        runs.add((arch, _bool(emu, where), timer, unit))
        if len(runs) > 1:
            raise BadInput("%s: more than one arch/emulated/timer/unit "
                           "combination in one results.csv" % where)
        if val == "" or val.lower() in ("nan", "na", "-"):
            continue            # statistic not available
        try:
            x = float(val)
        except ValueError:
            raise BadInput("%s: value %r is not a number" % (where, val))
        if math.isinf(x) or math.isnan(x):
            continue
        cell = res.stats.setdefault((proto, op), {})
        if stat in cell:
            raise BadInput("%s: duplicate %s/%s/%s" % (where, proto, op,
                                                        stat))
        cell[stat] = x
        if proto not in protos:
            protos.append(proto)
        if op not in ops:
            ops.append(op)
    (res.arch, res.emulated, res.timer, res.unit), = runs
    res.protocols = _ordered(protos, PROTOCOLS)
    res.ops = _ordered(ops, OPS_CTX if header == HEADER_CTX else OPS)
    if not any(res.has(p, o) for p in res.protocols for o in res.ops):
        raise BadInput("%s: no median values" % path)
    return res


def atomic_write(path, text):
    """Write text to a temp file next to path, then rename over it."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path)
                               + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _find(lines, marker):
    for i, line in enumerate(lines):
        if line.rstrip("\r\n").rstrip() == marker:
            return i
    return None


def replace_section(report, marker, body_lines):
    """Put '<marker>' + body_lines into report (atomically).

    HF_MARKER: replaces an existing hyperfine section (up to the ASCII
    appendix marker or the end), else inserts before the ASCII appendix,
    else appends.  ASCII_MARKER: replaces from the marker to the end.
    A missing report.txt is created.
    """
    try:
        with open(report, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        lines = []
    section = [marker] + list(body_lines)
    a = _find(lines, ASCII_MARKER)
    if marker == ASCII_MARKER:
        head = lines if a is None else lines[:a]
        tail = []
    elif marker == HF_MARKER:
        end = len(lines) if a is None else a
        h = _find(lines[:end], HF_MARKER)
        head = lines[:end] if h is None else lines[:h]
        tail = lines[end:]
    else:
        raise ValueError(marker)
    while head and not head[-1].strip():
        head.pop()
    out = head + ([""] if head else []) + section
    if tail:
        out += [""] + tail
    atomic_write(report, "\n".join(out) + "\n")
