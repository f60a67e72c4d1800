#!/bin/bash
# Every deliberately broken sequence of protocols/mutants.h must be
# rejected by the preemption-point verifier: one line per mutant, with
# the check and the instruction that killed it.
O=${O:-build}
# RUN: how to run a binary of another architecture (qemu-<arch>).
RUN=${RUN:-}
cd "$(dirname "$0")/.." || exit 2

# The sensitivity rows (registry.json): where this architecture builds
# them, every mutant must be killed among them alone too, so that both
# code shapes of a protocol are shown to be checked.
shape_rows=$(sed -n 's/.*"name": "\([^"]*\)", "sequence": true, "shape_row": true.*/\1/p' \
	"${REGISTRY:-build/registry.json}" | paste -sd, -)
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
	[ -n "$shape_rows" ] || continue
	out=$(timeout 120 $RUN "$bin" --expect-violations \
		--protos="$shape_rows" 2>&1)
	# 2: no sensitivity row on this architecture.
	[ $? -eq 2 ] && continue
	judge "$name" " in the other shapes" "$out"
done
