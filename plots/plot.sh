#!/bin/bash
# SPDX-License-Identifier: MIT
#
# plot.sh DIR -- charts from DIR/results.csv.
#
# Writes DIR/cycles.{png,svg} (median per op and protocol, CI whiskers),
# DIR/overhead.{png,svg} (restartable protocols minus plain, the
# delta_plain statistic) and replaces the "--- Appendix: ASCII plot ---"
# section at the end of DIR/report.txt with a <=72-column plot of the
# overhead chart.  Every file is written under a temp name in DIR and
# renamed into place.  Exit 2 (one line on stderr) if DIR or
# DIR/results.csv is missing or malformed.

set -eu

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=plot

die() { echo "$me: $*" >&2; exit "${2:-1}"; }

[ $# -eq 1 ] || { echo "usage: plots/plot.sh DIR" >&2; exit 2; }
dir=${1%/}
[ -n "$dir" ] || dir=/
[ -d "$dir" ] || { echo "$me: $dir: no such results directory" >&2; exit 2; }
[ -f "$dir/results.csv" ] ||
	{ echo "$me: $dir/results.csv: missing" >&2; exit 2; }
command -v gnuplot >/dev/null || die "gnuplot not found"
command -v python3 >/dev/null || die "python3 not found"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rseqbench-plot.XXXXXX")
pending=()			# temp files in $dir, removed on failure
cleanup() {
	rm -rf "$tmp"
	local f
	for f in ${pending[@]+"${pending[@]}"}; do rm -f "$f"; done
}
trap cleanup EXIT

# Pivot (validates results.csv; exits 2 with one line when malformed).
rc=0
what=$(python3 "$here/pivot.py" "$dir" "$tmp") || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"

# gnuplot single-quoted string body ('' stands for ')
gq() { printf '%s' "${1//\'/\'\'}"; }

# gnuplot: chart term outfile
gp() {
	local log="$tmp/gnuplot.log" t
	t=$(gq "$tmp")
	if ! gnuplot -e "load '$t/$1.vars'; datafile='$t/$1.dat'; \
			 term='$2'; out='$(gq "$3")'" "$here/bars.gp" >"$log" 2>&1; then
		sed 's/^/gnuplot: /' "$log" >&2
		die "gnuplot failed on the $1 chart ($2)"
	fi
}

# Render chart into DIR/chart.ext via a temp name, then rename.
render() {
	local chart=$1 ext=$2 term=$2 t
	t=$(mktemp "$dir/.$chart.$ext.XXXXXX")
	pending+=("$t")
	gp "$chart" "$term" "$t"
	chmod 644 "$t"
	mv -f "$t" "$dir/$chart.$ext"
}

render cycles png
render cycles svg

if [ "$what" != ok ]; then
	echo "$me: ${what#no-overhead: }; overhead chart not made," \
	     "ASCII appendix shows cycles" >&2
	rm -f "$dir/overhead.png" "$dir/overhead.svg"
	ascii=cycles
else
	render overhead png
	render overhead svg
	ascii=overhead
fi

# ASCII plot for report.txt: strip trailing blanks and blank edges.
gp "$ascii" dumb "$tmp/ascii.txt"
{
	echo
	if [ "$ascii" = overhead ]; then
		echo "Overhead over plain per op (median; restartable protocols)."
	else
		echo "Cost per op (median); no overhead chart (${what#no-overhead: })." |
			fold -s -w 72
	fi
	sed -e 's/[[:space:]]*$//' "$tmp/ascii.txt" |
		awk 'NF { for (; blank > 0; blank--) print ""; print; seen = 1; next }
		     seen { blank++ }'
	echo
	fold -s -w 72 "$tmp/oplegend.txt" | sed -e 's/[[:space:]]*$//'
} | sed -e 's/[[:space:]]*$//' >"$tmp/appendix.txt"

awk 'length > 72 { bad = 1 } END { exit bad }' "$tmp/appendix.txt" ||
	die "ASCII appendix is wider than 72 columns"

python3 - "$here" "$dir/report.txt" "$tmp/appendix.txt" <<'EOF'
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import rbresults as rb
with open(sys.argv[3]) as f:
    body = f.read().splitlines()
rb.replace_section(sys.argv[2], rb.ASCII_MARKER, body)
EOF

made="$dir/cycles.png $dir/cycles.svg"
[ "$ascii" = cycles ] || made="$made $dir/overhead.png $dir/overhead.svg"
echo "$me: wrote $made and the ASCII appendix of $dir/report.txt"
