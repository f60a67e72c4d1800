#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Static evidence: per (arch, protocol, op), what the built
object's fast path costs in instructions, bytes, loads, stores, branches
and registers written, read from the __rb_seq records and the objdump
disassembly of the binary (never from a hand table).

  static.py [--arch A] [--objdump OBJDUMP] [--csv F] [--txt F]
            [--asm-dir DIR] BINARY

Uses ONE record per (protocol, op): the first one in address order
(tests/verify has exactly one; rseqbench has 64 unrolled copies, which
are identical).  --asm-dir writes each [arm, end) block as llvm-mca
input (<arch>-<proto>-<op>.s) for analysis/model.py.
"""
import argparse
import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import registry  # noqa: E402

# The protocols and ops, and the __rb_seq layout: the build's registry.
REG = registry.load()
PROTOS = REG.seq_protos
OPS = REG.ops
TRIPLE = {"x86_64": "", "i386": "i686-linux-gnu-",
          "arm": "arm-linux-gnueabihf-", "aarch64": "aarch64-linux-gnu-",
          "ppc64le": "powerpc64le-linux-gnu-",
          "riscv64": "riscv64-linux-gnu-"}
# The register protocols/arch/<arch>.h names RB_REGABORT_REG.
REGABORT_REG = {"x86_64": "rcx", "i386": "ecx", "arm": "r2",
                "aarch64": "x15", "ppc64le": "r11", "riscv64": "t6"}
DESC_BYTES = 32     # struct rseq_cs, .balign 32 (protocols/proto/descriptor.h)

# ---------------------------------------------------------------- ELF

def elf_sections(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        sys.exit("static.py: %s: not ELF" % path)
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        e_machine, = struct.unpack_from(end + "H", data, 18)
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x3a)
    else:
        e_machine, = struct.unpack_from(end + "H", data, 18)
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x2e)
    secs = []
    for i in range(shnum):
        o = shoff + i * shentsize
        if is64:
            name, typ, flags, addr, off, size = struct.unpack_from(
                end + "IIQQQQ", data, o)
        else:
            name, typ, flags, addr, off, size = struct.unpack_from(
                end + "IIIIII", data, o)
        secs.append([name, typ, addr, off, size])
    stro = secs[shstrndx][3]
    out = {}
    for s in secs:
        n = data[stro + s[0]:data.index(b"\0", stro + s[0])].decode()
        out[n] = (s[2], s[3], s[4], s[1])
    return data, out, e_machine, end

MACHINE = {62: "x86_64", 3: "i386", 40: "arm", 183: "aarch64",
           21: "ppc64le", 243: "riscv64"}


def read_records(data, secs, end):
    if "__rb_seq" not in secs:
        sys.exit("static.py: no __rb_seq section")
    addr, off, size, typ = secs["__rb_seq"]
    return REG.records(data, off, size, end)

# ---------------------------------------------------------------- disasm

LINE = re.compile(r"^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$")


def disasm(objdump, binary, lo, hi, arch):
    extra = ["--insn-width=16"] if arch in ("x86_64", "i386") else []
    cmd = [objdump, "-d", "-w"] + extra + [
        "--start-address=0x%x" % lo, "--stop-address=0x%x" % hi, binary]
    txt = subprocess.run(cmd, check=True, capture_output=True,
                         text=True).stdout
    return parse_objdump(txt, arch)


def parse_objdump(txt, arch, funcs=None):
    """Instructions of objdump -d -w output; with funcs (a dict), also
    collects each function's instructions under its name."""
    insns = []
    cur = None
    for line in txt.splitlines():
        h = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if h and funcs is not None:
            # local labels (riscv .o: "<.L3>:") continue the function
            if not h.group(1).startswith(".L"):
                cur = funcs.setdefault(h.group(1), [])
            continue
        m = LINE.match(line)
        if not m:
            continue
        a = int(m.group(1), 16)
        raw = m.group(2).replace(" ", "")
        text = m.group(3)
        target = None
        t = re.search(r"\b([0-9a-f]+) <[^>]*>", text)
        # remarks: x86/riscv '#', arm '@' or ';', aarch64 '//'
        if arch == "aarch64":
            text = text.split("//")[0]
        elif arch == "arm":
            text = re.split(r"[@;]", text)[0]
        elif arch != "ppc64le":
            text = text.split("#")[0]
        if t and (t.start() < len(text) or arch == "ppc64le"):
            target = int(t.group(1), 16)
            text = text[:t.start()] + "@T@" + text[t.end():]
        text = re.sub(r"\s+", " ", text.strip())
        mn, _, ops = text.partition(" ")
        if re.search(r"\bnop\w*\b", text):
            mn, ops = "nop", ""     # "data16 cs nopw ...", "nop {0}"
        insns.append(dict(addr=a, size=len(raw) // 2, mn=mn, ops=ops,
                          target=target))
        if cur is not None:
            cur.append(insns[-1])
    return insns

# The stack pointer as it appears in a memory operand (frame pointers
# are omitted at -O2, so only the stack pointer is a stack reference).
STACK = {"x86_64": r"\(%rsp", "i386": r"\(%esp", "arm": r"\[sp\b",
         "aarch64": r"\[sp\b", "ppc64le": r"\(r1\)", "riscv64": r"\(sp\)"}


def caller_rows(arch, objdump, obj):
    """Register pressure in analysis/static_caller.c's rb_caller_<proto>:
    stack loads/stores (spills, reloads, callee-saved saves/restores)
    in the whole function and inside its loop (the widest backward
    branch), measured from the compiled object."""
    txt = subprocess.run([objdump, "-d", "-w"] + (
        ["--insn-width=16"] if arch in ("x86_64", "i386") else []) + [obj],
        check=True, capture_output=True, text=True).stdout
    funcs = {}
    parse_objdump(txt, arch, funcs)
    rows = []
    for p in PROTOS:
        f = funcs.get("rb_caller_" + p)
        if not f:
            continue
        def stack_ops(ins):
            ld = st = 0
            for i in ins:
                a, b, _, _ = classify(arch, i)
                if re.search(STACK[arch], i["ops"]) or re.match(
                        r"^(push|pop|stmdb|ldmia)", i["mn"]) and (
                        "sp" in i["ops"] or i["mn"] in ("push", "pop")
                        or arch in ("x86_64", "i386")):
                    ld += a
                    st += b
            return ld, st
        # the loop's back edge: the widest conditional backward branch
        back = [(i["target"], i["addr"]) for i in f
                if i["target"] is not None and i["target"] <= i["addr"]
                and i["target"] >= f[0]["addr"]
                and not uncond_jump(arch, i["mn"])]
        lo, hi = max(back, key=lambda x: x[1] - x[0]) if back else (0, -1)
        loop = [i for i in f if lo <= i["addr"] <= hi]
        ld, st = stack_ops(f)
        lld, lst = stack_ops(loop)
        for k, v in (("caller_insns", len(f)), ("caller_stack_loads", ld),
                     ("caller_stack_stores", st),
                     ("caller_loop_insns", len(loop)),
                     ("caller_loop_stack_loads", lld),
                     ("caller_loop_stack_stores", lst)):
            rows.append((arch, p, "addv", k, v))
    return rows

# ---------------------------------------------------------------- classify

X86_SUB = {}
for r in "abcd":
    X86_SUB.update({"e%sx" % r: "r%sx" % r, "%sx" % r: "r%sx" % r,
                    "%sl" % r: "r%sx" % r, "%sh" % r: "r%sx" % r})
for r in ("si", "di", "bp", "sp"):
    X86_SUB.update({"e" + r: "r" + r, r: "r" + r, r + "l": "r" + r})
for n in range(8, 16):
    for s in ("d", "w", "b"):
        X86_SUB["r%d%s" % (n, s)] = "r%d" % n


def split_ops(ops):
    out, depth, cur = [], 0, ""
    for c in ops:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        out.append(cur.strip())
    return out


def classify(arch, ins):
    """-> (loads, stores, is_branch, set of registers written)."""
    mn, ops = ins["mn"], split_ops(ins["ops"])
    ld = st = 0
    br = False
    wr = set()
    if arch in ("x86_64", "i386"):
        br = bool(re.match(r"^(j\w+|call\w*|ret\w*|loop\w*)$", mn))
        mem = [i for i, o in enumerate(ops) if "(" in o]
        nowrite = re.match(r"^(cmp|test|bt|nop|push|jmp|j)", mn) or br
        if mem:
            if mem[-1] == len(ops) - 1 and len(ops) > 0 and not nowrite:
                if re.match(r"^mov", mn):
                    st += 1
                else:
                    ld += 1
                    st += 1         # read-modify-write
            elif not mn.startswith("lea") and not mn.startswith("nop"):
                ld += 1
        if re.match(r"^push", mn):
            st += 1
        if re.match(r"^pop", mn):
            ld += 1
        if ops and not nowrite and ops[-1].startswith("%"):
            r = ops[-1][1:]
            wr.add(X86_SUB.get(r, r) if arch == "x86_64" else
                   X86_SUB.get(r, r).replace("r", "e", 1)
                   if r in X86_SUB and X86_SUB[r].startswith("r")
                   and not re.match(r"r\d", X86_SUB[r]) else r)
        if mn.startswith("xchg") or mn.startswith("xadd"):
            wr.update(o[1:] for o in ops if o.startswith("%"))
    elif arch == "aarch64":
        br = bool(re.match(r"^(b(\.\w+)?|bl|br|blr|ret|cbn?z|tbn?z)$", mn))
        if re.match(r"^(ld|ldr|ldp|ldur|ldx|lda)", mn) or mn.startswith("ld"):
            ld += 1
        if re.match(r"^st", mn):
            st += 1
        if re.match(r"^(ld|cas|swp)", mn) and mn.startswith(("ldadd", "cas", "swp")):
            st += 1
        if ops and not br and not re.match(r"^(st|cmp|cmn|tst|prfm|nop|dmb|dsb|isb)", mn):
            for o in (ops[:2] if mn.startswith("ldp") else ops[:1]):
                wr.add(re.sub(r"^w", "x", o))
        if mn.startswith("st") and "!" in ins["ops"] or (
                ld and re.search(r"\], ?#", ins["ops"])):
            m = re.search(r"\[(\w+)", ins["ops"])
            if m:
                wr.add(re.sub(r"^w", "x", m.group(1)))
    elif arch == "arm":
        cond = r"(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?"
        br = bool(re.match(r"^b(l|x|lx)?" + cond + r"(\.w|\.n)?$", mn)) or (
            bool(ops) and ops[0] == "pc")
        if re.match(r"^(ldr|ldm|pop|ldrex)", mn):
            ld += 1
        if re.match(r"^(str|stm|push|strex)", mn):
            st += 1
        if ops and not br and not re.match(r"^(str|stm|push|cmp|cmn|tst|teq|nop|dmb)", mn):
            if mn.startswith("pop") or mn.startswith("ldm"):
                wr.update(re.findall(r"\b(r\d+|lr|ip|fp|sl)\b",
                                     ins["ops"].split("{")[-1]))
            else:
                wr.add(ops[0].rstrip("!"))
        if mn.startswith("strex"):
            wr.add(ops[0])
    elif arch == "ppc64le":
        br = bool(re.match(r"^b\w*$", mn))
        if re.match(r"^l(bz|hz|ha|wz|wa|d|q)\w*$", mn) or mn in ("lwarx", "ldarx"):
            ld += 1
        if re.match(r"^st(b|h|w|d|q)\w*$", mn):
            st += 1
        if ops and not br and not re.match(r"^(st|cmp|tw|td|nop|sync|lwsync|isync|mt)", mn):
            wr.add(ops[0])
        if mn.startswith("mt") and mn not in ("mtcrf",):
            wr.add(mn[2:])      # mtctr, mtlr
        if re.match(r"^(stdu|stwu|ldu|lwzu)", mn):
            m = re.search(r"\((\w+)\)", ins["ops"])
            if m:
                wr.add(m.group(1))
    elif arch == "riscv64":
        br = bool(re.match(r"^(b\w*|j|jal|jalr|jr|ret|tail|call)$", mn))
        if re.match(r"^(c\.)?(lb|lh|lw|ld|lbu|lhu|lwu|flw|fld|lr\.\w+)$", mn):
            ld += 1
        if re.match(r"^(c\.)?(sb|sh|sw|sd|fsw|fsd|sc\.\w+)$", mn):
            st += 1
        if mn.startswith("amo"):
            ld += 1
            st += 1
        if ops and not br and not re.match(r"^(c\.)?(sb|sh|sw|sd|fence|nop)", mn):
            wr.add(ops[0])
        if mn in ("jal", "jalr") and ops:
            wr.add(ops[0] if len(ops) > 1 else "ra")
    wr.discard("")
    return ld, st, br, wr


def uncond_jump(arch, mn):
    return {"x86_64": mn in ("jmp", "jmpq"), "i386": mn in ("jmp", "jmpl"),
            "arm": mn in ("b", "bx"), "aarch64": mn in ("b", "br", "ret"),
            "ppc64le": mn in ("b", "blr", "bctr"),
            "riscv64": mn in ("j", "jr", "ret")}[arch]

# ---------------------------------------------------------------- measure

def stats(arch, insns):
    ld = st = br = 0
    regs = set()
    for i in insns:
        a, b, c, w = classify(arch, i)
        ld += a
        st += b
        br += int(c)
        regs |= w
    return dict(insns=len(insns), bytes=sum(i["size"] for i in insns),
                loads=ld, stores=st, branches=br), regs


def mca_text(arch, insns, lo, hi):
    """[lo, hi) as assembly llvm-mca accepts: no addresses, branch
    targets inside the block as local labels, outside it as one label
    at the end, pc-relative symbols as a dummy symbol."""
    inside = {i["addr"] for i in insns}
    out = []
    for i in insns:
        if i["addr"] in inside and any(j["target"] == i["addr"]
                                       for j in insns):
            out.append(".Lb%x:" % i["addr"])
        ops = i["ops"]
        if "@T@" in ops:
            t = i["target"]
            lab = ".Lb%x" % t if t in inside else ".Lout"
            # x86 rip-relative lea: keep an operand llvm-mc can assemble
            ops = re.sub(r"[-0-9a-fx]*\(%rip\)", lab + "(%rip)", ops) \
                if "(%rip)" in ops else ops
            ops = ops.replace("@T@", "" if lab in ops else lab)
        if arch == "ppc64le":
            # llvm-mc reads PowerPC registers as bare numbers
            ops = re.sub(r"\b(r|f|cr)(\d+)\b", r"\2", ops)
        out.append("\t%s %s" % (i["mn"], ops))
    out.append(".Lout:")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--arch")
    ap.add_argument("--objdump")
    ap.add_argument("--csv")
    ap.add_argument("--txt")
    ap.add_argument("--asm-dir")
    ap.add_argument("--protocols", help="comma list: only these "
                    "(e.g. plain, which tests/verify does not build)")
    ap.add_argument("--caller", help="analysis/static_caller.c's object, "
                    "compiled for the same arch")
    ap.add_argument("--append", action="store_true",
                    help="append to --csv/--txt instead of overwriting")
    a = ap.parse_args()
    data, secs, mach, end = elf_sections(a.binary)
    arch = a.arch or MACHINE.get(mach)
    objdump = a.objdump or (TRIPLE[arch] + "objdump")
    recs = read_records(data, secs, end)
    if a.protocols:
        recs = [r for r in recs if r["proto"] in a.protocols.split(",")]
    first = {}
    for r in sorted(recs, key=lambda r: r["arm"]):
        first.setdefault((r["proto"], r["op"]), r)
    lo = min(r["arm"] for r in first.values())
    # past the end label: the jump over inline stubs is there
    hi = max(r["end"] for r in first.values()) + 16
    text = disasm(objdump, a.binary, lo, hi, arch)
    aborts = [r["abort"] for r in first.values() if r["abort"]]
    stub = disasm(objdump, a.binary, min(aborts), max(aborts) + 256,
                  arch) if aborts else []
    cs_bytes = secs.get("__rseq_cs", (0, 0, 0, 0))[2]
    rows = []
    asm = {}
    for p in PROTOS:
        for o in OPS:
            r = first.get((p, o))
            if not r:
                continue
            blk = [i for i in text if r["arm"] <= i["addr"] < r["end"]]
            # The INLINE shapes (and every sequence on ppc64le and
            # riscv64) keep their stubs right after the end label and
            # jump over them on the way out: that jump is on the fast
            # path, and it is taken on every commit.
            over = [i for i in text if i["addr"] == r["end"]
                    and uncond_jump(arch, i["mn"]) and i["target"]
                    and r["end"] < r["abort"] < i["target"]]
            blk += over
            pre = [i for i in blk if i["addr"] < r["post_commit"]]
            armstep = [i for i in blk if i["addr"] < r["start"]]
            s_commit, _ = stats(arch, pre)
            s_end, regs = stats(arch, blk)
            s_arm, _ = stats(arch, armstep)
            s_dis, _ = stats(arch, [i for i in blk
                                    if i["addr"] >= r["post_commit"]])
            ab = []
            for i in stub:
                if not r["abort"] or i["addr"] < r["abort"]:
                    continue
                ab.append(i)
                if uncond_jump(arch, i["mn"]) or len(ab) >= 32:
                    break
            m = {}
            for k, v in s_commit.items():
                m["commit_" + k] = v
            for k, v in s_end.items():
                m["end_" + k] = v
            for k, v in s_arm.items():
                m["arm_" + k] = v
            for k, v in s_dis.items():
                m["disarm_" + k] = v
            m["end_taken"] = len(over)
            m["regs_written"] = len(regs)
            m["regs_written_list"] = "|".join(sorted(regs))
            m["writes_regabort_reg"] = int(REGABORT_REG[arch] in regs)
            m["abort_insns"] = len(ab)
            m["abort_bytes"] = sum(i["size"] for i in ab)
            m["descriptor_bytes"] = DESC_BYTES if p.startswith(
                "descriptor") else 0
            for k, v in m.items():
                rows.append((arch, p, o, k, v))
            asm[(p, o)] = mca_text(arch, blk, r["arm"],
                                   r["end"] + sum(i["size"] for i in over))
    if a.caller:
        rows += caller_rows(arch, objdump, a.caller)
    if not a.protocols:
        rows.append((arch, "all", "all", "rseq_cs_section_bytes", cs_bytes))
        rows.append((arch, "all", "all", "records", len(recs)))
    mode = "a" if a.append else "w"
    if a.csv:
        new = not (a.append and os.path.exists(a.csv))
        with open(a.csv, mode) as f:
            if new:
                f.write("arch,protocol,op,metric,value\n")
            for row in rows:
                f.write(",".join(str(x) for x in row) + "\n")
    table = render(arch, rows, a.binary)
    if a.txt:
        with open(a.txt, mode) as f:
            f.write(table)
    if not a.csv and not a.txt:
        sys.stdout.write(table)
    if a.asm_dir:
        os.makedirs(a.asm_dir, exist_ok=True)
        for (p, o), s in asm.items():
            with open(os.path.join(a.asm_dir, "%s-%s-%s.s" % (arch, p, o)),
                      "w") as f:
                f.write(s)


SHORT = {"plain": "plain", "regabort": "regabort", "twostore": "twostore",
         "descriptor": "descr", "descriptor_eager": "descr-eager",
         "regabort_outline": "regab-out", "twostore_outline": "twost-out",
         "descriptor_outline": "descr-out", "regabort_inline": "regab-in",
         "twostore_inline": "twost-in", "descriptor_toc": "descr-toc",
         "descriptor_lla": "descr-lla"}
SHORT = {p: SHORT.get(p, p[:11]) for p in PROTOS}
OPSHORT = {"addv": "addv", "cmpeqv_storev": "cmpeqv_storev",
           "cmpnev_storeoffp_load": "cmpnev_stoffp_ld",
           "cmpeqv_trystorev_storev": "cmpeqv_trystv_stv",
           "cmpeqv_trymemcpy_storev": "cmpeqv_trymcpy_stv"}
OPSHORT = {o: OPSHORT.get(o, o[:18]) for o in OPS}


def render(arch, rows, binary):
    """72 columns: one block per op, one line per protocol."""
    d = {(p, o, k): v for (_, p, o, k, v) in rows}
    cs = d.get(("all", "all", "rseq_cs_section_bytes"), 0)
    L = ["static: %s (%s), first __rb_seq record per (proto, op)"
         % (arch, os.path.basename(os.path.dirname(binary)) + "/" +
            os.path.basename(binary))[:72],
         "arm..commit(label 2) | arm..end(label 8, and a jump over inline"[:72],
         "stubs): insns/bytes, ld st br; tk = branches taken on the fast path;"[:72],
         "regs = distinct registers written; abort = stub insns/bytes;"[:72],
         "desc = rseq_cs bytes/sequence; __rseq_cs section %d bytes" % cs
         if cs else "desc = rseq_cs bytes/sequence"]
    hdr = "%-11s %5s %5s %5s %5s %2s %2s %2s %2s %4s %7s %4s" % (
        "protocol", "c.ins", "c.byt", "e.ins", "e.byt", "ld", "st", "br",
        "tk", "regs", "abort", "desc")
    for o in OPS:
        if not any((p, o, "end_insns") in d for p in PROTOS):
            continue
        L.append("")
        L.append("%s -- %s" % (arch, o))
        L.append(hdr)
        for p in PROTOS:
            if (p, o, "end_insns") not in d:
                continue
            g = lambda k: d[(p, o, k)]
            L.append("%-11s %5d %5d %5d %5d %2d %2d %2d %2d %4d %7s %4d" % (
                SHORT[p], g("commit_insns"), g("commit_bytes"),
                g("end_insns"), g("end_bytes"), g("end_loads"),
                g("end_stores"), g("end_branches"), g("end_taken"),
                g("regs_written"),
                "%d/%d" % (g("abort_insns"), g("abort_bytes")),
                g("descriptor_bytes")))
    if any((p, "addv", "caller_insns") in d for p in PROTOS):
        L.append("")
        L.append("%s -- caller: analysis/static_caller.c rb_caller_<proto>,"
                 % arch)
        L.append("  RB_LIVE values live across an inlined rb_addv_<proto>")
        L.append("%-11s %6s %6s %9s %9s" % ("protocol", "insns", "loop",
                                            "stk ld/st", "loop l/s"))
        for p in PROTOS:
            if (p, "addv", "caller_insns") not in d:
                continue
            g = lambda k: d[(p, "addv", k)]
            L.append("%-11s %6d %6d %9s %9s" % (
                SHORT[p], g("caller_insns"), g("caller_loop_insns"),
                "%d/%d" % (g("caller_stack_loads"), g("caller_stack_stores")),
                "%d/%d" % (g("caller_loop_stack_loads"),
                           g("caller_loop_stack_stores"))))
    return "\n".join(l[:72] for l in L) + "\n\n"


if __name__ == "__main__":
    main()
