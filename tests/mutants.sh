#!/bin/bash
# Every deliberately broken sequence of protocols/mutants.h must be
# rejected by the preemption-point verifier: one line per mutant, with
# the check and the instruction that killed it.
O=${O:-build}
# RUN: how to run a binary of another architecture (qemu-<arch>).
RUN=${RUN:-}
cd "$(dirname "$0")/.." || exit 2

names=$(sed -n 's/^#define RB_MUTANT_\([A-Z0-9_]*\) [0-9].*/\1/p' \
	protocols/mutants.h | tr 'A-Z_' 'a-z-')
[ -n "$names" ] || { echo "not ok - mutants: none listed"; exit 1; }
for name in $names; do
	bin=$O/tests/mutant-$name
	if [ ! -x "$bin" ]; then
		echo "not ok - ${ARCH_TAG}mutant $name not built ($bin)"
		continue
	fi
	out=$(timeout 120 $RUN "$bin" --expect-violations 2>&1)
	killed=$(printf '%s\n' "$out" | sed -n 's/^KILLED //p' | head -n 1)
	if [ -n "$killed" ]; then
		echo "ok - ${ARCH_TAG}mutant $name killed by $killed"
	else
		echo "not ok - ${ARCH_TAG}mutant $name survived"
		printf '%s\n' "$out" | tail -n 3 | sed 's/^/# /'
	fi
done
