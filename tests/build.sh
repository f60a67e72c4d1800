#!/bin/bash
# The perf timer must build and work without libpfm4 (raw perf events),
# and the build must be warning-free.
O=${O:-build}
out=$O/nolibpfm
. "$(dirname "$0")/lib.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# One code placement: the build is what is checked, not the sweep.
if make --no-print-directory -j"$(nproc)" O="$out" LIBPFM=0 NCODE=1 \
	"$out/rseqbench" \
	>"$log" 2>&1; then
	echo "ok - builds with LIBPFM=0"
else
	echo "not ok - build with LIBPFM=0 failed:"
	sed 's/^/# /' "$log"
fi
if grep -q 'warning:' "$log"; then
	echo "not ok - LIBPFM=0 build has warnings"
	grep 'warning:' "$log" | sed 's/^/# /'
else
	echo "ok - LIBPFM=0 build has no warnings"
fi
if "$out/rseqbench" --list | grep -q '^perf'; then
	echo "ok - LIBPFM=0 binary lists the perf timer"
else
	echo "not ok - LIBPFM=0 binary does not list the perf timer"
fi
if "$out/rseqbench" -q -r 6 -p descriptor -o addv --format csv |
	grep -q '^x86_64\|^[a-z0-9_]*,false,'; then
	echo "ok - LIBPFM=0 binary measures"
else
	echo "not ok - LIBPFM=0 binary does not measure"
fi
if nm "$out/rseqbench" | grep -q pfm_; then
	echo "not ok - LIBPFM=0 binary still refers to libpfm"
else
	echo "ok - LIBPFM=0 binary does not use libpfm"
fi

# The signature in the code must be the RSEQ_SIG the C library
# registers: the build refuses a changed RB_SIG, for every compiler
# whose C library defines one (riscv64's glibc 2.36 does not: there the
# emulated kernel's own copy catches it at run time, see the mutants).
sigdir=$(mktemp -d)
printf '#include "rb_asm.h"\n#include "rb_sig.h"\nint rb_x;\n' \
	>"$sigdir/good.c"
printf '#include "rb_asm.h"\n#undef RB_SIG\n#define RB_SIG 0x53053035\n#include "rb_sig.h"\nint rb_x;\n' \
	>"$sigdir/bad.c"
for cc in gcc i686-linux-gnu-gcc arm-linux-gnueabihf-gcc \
	aarch64-linux-gnu-gcc powerpc64le-linux-gnu-gcc; do
	command -v "$cc" >/dev/null || continue
	flags="-D_GNU_SOURCE -Iprotocols"
	[ "$cc" != arm-linux-gnueabihf-gcc ] || flags="$flags -marm"
	if "$cc" $flags -c "$sigdir/good.c" \
		-o "$sigdir/good.o" 2>"$sigdir/err"; then
		ok "$cc: RB_SIG is the C library's RSEQ_SIG"
	else
		notok "$cc: RB_SIG is not the C library's RSEQ_SIG"
		sed 's/^/# /' "$sigdir/err"
	fi
	if "$cc" $flags -c "$sigdir/bad.c" \
		-o "$sigdir/bad.o" 2>"$sigdir/err"; then
		notok "$cc: a changed RB_SIG still compiles"
	elif grep -q 'not the RSEQ_SIG glibc registers' "$sigdir/err"; then
		ok "$cc: a changed RB_SIG does not compile"
	else
		notok "$cc: a changed RB_SIG fails for another reason"
		sed 's/^/# /' "$sigdir/err"
	fi
done
rm -rf "$sigdir"
