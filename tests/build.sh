#!/bin/bash
# The perf timer must build and work without libpfm4 (raw perf events),
# and the build must be warning-free.
O=${O:-build}
out=$O/nolibpfm
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if make --no-print-directory O="$out" LIBPFM=0 "$out/rseqbench" >"$log" 2>&1; then
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
