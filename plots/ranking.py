#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Does the protocol ranking per op hold across result sets?

    plots/ranking.py DIR1 DIR2 ...   (results directories of rseqbench)

For each op: the strict ranking (protocols by median) of every set, how
many sets share the most common one, and the resolved reversals: a pair
whose 95% CIs are disjoint in two sets but in opposite order.  Ties
inside the CI are not a change of ranking; a resolved reversal is.
Prints a 72-column table; exit 2 on bad input.
"""

import itertools
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbresults as rb  # noqa: E402


def main(argv):
    if len(argv) < 3:
        print("ranking.py: need two or more results directories",
              file=sys.stderr)
        return 2
    try:
        sets = [rb.load(d) for d in argv[1:]]
    except rb.BadInput as e:
        print("ranking.py: %s" % e, file=sys.stderr)
        return 2
    n = len(sets)
    print("Ranking stability over %d result sets" % n)
    total_same = total_rev = 0
    for op in sets[0].ops:
        protos = [p for p in sets[0].protocols if sets[0].has(p, op)]
        ranks = []
        for r in sets:
            ranks.append(tuple(sorted(
                (p for p in protos if r.has(p, op)),
                key=lambda p: r.get(p, op, "median"))))
        common, count = Counter(ranks).most_common(1)[0]
        rev = set()
        for a, b in itertools.combinations(protos, 2):
            order = set()
            for r in sets:
                if not (r.has(a, op) and r.has(b, op)):
                    continue
                if r.get(a, op, "ci_high") < r.get(b, op, "ci_low"):
                    order.add("<")
                elif r.get(b, op, "ci_high") < r.get(a, op, "ci_low"):
                    order.add(">")
            if len(order) == 2:
                rev.add("%s/%s" % (a, b))
        total_same += count
        total_rev += len(rev)
        print("\n%s: same strict ranking in %d of %d sets" % (op, count, n))
        print("  " + " < ".join(common)[:68])
        if rev:
            print("  resolved reversals: " + ", ".join(sorted(rev))[:50])
        else:
            print("  no resolved pair ever reverses")
    print("\ntotal: %d of %d (op, set) strict rankings match the most "
          "common;\n%d resolved reversals" % (total_same,
                                              n * len(sets[0].ops),
                                              total_rev))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
