#!/bin/bash
# compare.sh TABLE1 TABLE2: exit 0 when two rb_insncount tables agree on
# what is claimed exact: the signal path's counts and every armed - not
# armed difference.  Not n, not the spread, not the preemption path's
# own counts: its last segment was 1710 instructions in one boot and
# 1919 in the next (the same in every sample of a boot), and its other
# columns count the spin.  Prints the differing lines.
exact() {
	awk '/^#/ { next }
		NF == 11 && $2 == "signal" { print $1, $2, $3, $5, $9, $10, $11 }
		NF == 6 { print }' "$1"
}
[ $# = 2 ] || { echo "usage: compare.sh TABLE1 TABLE2" >&2; exit 2; }
diff <(exact "$1") <(exact "$2")
