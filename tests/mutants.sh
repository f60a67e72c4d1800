#!/bin/bash
# Every deliberately broken sequence of protocols/mutants.h must be
# rejected by the preemption-point verifier: one line per mutant, with
# the check and the instruction that killed it.
O=${O:-build}
# RUN: how to run a binary of another architecture (qemu-<arch>).
RUN=${RUN:-}
cd "$(dirname "$0")/.." || exit 2

# The sensitivity rows (registry.json), "name kproto" per line: where
# this architecture builds rows of the families a mutant breaks (the
# comment on its define in protocols/mutants.h), the mutant must be
# killed among them alone too, so that both code shapes of a protocol
# are shown to be checked.
shape_rows=$(sed -n 's/.*"name": "\([^"]*\)", "sequence": true, "shape_row": true.*"kproto": "\([a-z]*\)".*/\1 \2/p' \
	"${REGISTRY:-build/registry.json}")
# families NAME: the families the mutant breaks ("all" or a,b).
families() {
	sed -n "s/^#define RB_MUTANT_$(echo "$1" | tr 'a-z-' 'A-Z_') [0-9]* \/\* \([a-z,]*\) \*\/\$/\1/p" \
		protocols/mutants.h
}
# rows_for FAMILIES: the shape rows of those families, comma-separated.
rows_for() {
	printf '%s\n' "$shape_rows" | awk -v f=",$1," \
		'NF == 2 && (f == ",all," || index(f, "," $2 ",")) { print $1 }' |
		paste -sd, -
}
names=$(sed -n 's/^#define RB_MUTANT_\([A-Z0-9_]*\) [0-9].*/\1/p' \
	protocols/mutants.h | tr 'A-Z_' 'a-z-')
[ -n "$names" ] || { echo "not ok - mutants: none listed"; exit 1; }
# judge NAME WHERE OUTPUT: one line, killed (and by what) or survived.
judge() {
	local killed
	killed=$(printf '%s\n' "$3" | sed -n 's/^KILLED //p' | head -n 1)
	if [ -n "$killed" ]; then
		echo "ok - ${ARCH_TAG}mutant $1$2 killed by $killed"
	else
		echo "not ok - ${ARCH_TAG}mutant $1 survived$2"
		printf '%s\n' "$3" | tail -n 3 | sed 's/^/# /'
	fi
}

for name in $names; do
	bin=$O/tests/mutant-$name
	if [ ! -x "$bin" ]; then
		echo "not ok - ${ARCH_TAG}mutant $name not built ($bin)"
		continue
	fi
	judge "$name" "" "$(timeout 120 $RUN "$bin" --expect-violations 2>&1)"
	fam=$(families "$name")
	if [ -z "$fam" ]; then
		echo "not ok - ${ARCH_TAG}mutant $name: no protocol families on its define in protocols/mutants.h"
		continue
	fi
	rows=$(rows_for "$fam")
	[ -n "$rows" ] || continue
	out=$(timeout 120 $RUN "$bin" --expect-violations \
		--protos="$rows" 2>&1)
	# 2: no sensitivity row on this architecture.
	[ $? -eq 2 ] && continue
	judge "$name" " in the other shapes" "$out"
done
