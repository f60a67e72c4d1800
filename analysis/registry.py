# SPDX-License-Identifier: MIT
"""The registry the build writes (build/registry.json, from
protocols/registry.h): the protocols and operations, their ids in the
__rb_seq records, and the record's layout.  The scripts take their
lists from here instead of keeping their own.

  load(path=None, optional=False) -> Registry (None if optional and
    there is none)
    path: a registry.json; default $RB_REGISTRY, else build/registry.json
    at the top of the tree.
"""
import json
import os
import struct
import sys

_SIZES = {4: "I", 8: "Q"}


class Registry:
    def __init__(self, j, path):
        self.path = path
        self.protocols = j["protocols"]
        self.ops = [o["name"] for o in sorted(j["ops"],
                                              key=lambda o: o["seq_id"])]
        seq = sorted((p for p in self.protocols if p["sequence"]),
                     key=lambda p: p["seq_id"])
        # The sequence protocols, by their C identifiers (the names of
        # the functions and of static.py's and model.py's files).
        self.seq_protos = [p["ident"] for p in seq]
        # The shape sensitivity rows, built only on some architectures.
        self.shape_rows = [p["ident"] for p in seq if p.get("shape_row")]
        self.name_of = {p["ident"]: p["name"] for p in self.protocols}
        self.ident_of = {p["name"]: p["ident"] for p in self.protocols}
        rec = j["rb_seq_record"]
        self.record_size = rec["size"]
        self.record_fields = [f["name"] for f in rec["fields"]]
        fmt, at = "", 0
        for f in rec["fields"]:
            if f["offset"] != at or f["size"] not in _SIZES:
                raise ValueError("record field %s: not packed" % f["name"])
            fmt += _SIZES[f["size"]]
            at += f["size"]
        if at != self.record_size:
            raise ValueError("record fields do not fill its size")
        self.record_format = fmt

    def records(self, data, off, size, endian):
        """The __rb_seq records in data[off:off+size], as dicts whose
        proto is the C identifier and op the operation name."""
        out = []
        n = self.record_size
        for o in range(off, off + size - n + 1, n):
            r = dict(zip(self.record_fields,
                         struct.unpack_from(endian + self.record_format,
                                            data, o)))
            r["proto"] = self.seq_protos[r["proto"]]
            r["op"] = self.ops[r["op"]]
            out.append(r)
        return out


def load(path=None, optional=False):
    """The registry at path; with optional, None when there is none."""
    if path is None:
        path = os.environ.get("RB_REGISTRY") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "build",
            "registry.json")
    try:
        with open(path) as f:
            return Registry(json.load(f), path)
    except (OSError, ValueError, KeyError) as e:
        if optional:
            return None
        sys.exit("%s: registry %s: %s (make build/registry.json)" % (
            os.path.basename(sys.argv[0]), path, e))
