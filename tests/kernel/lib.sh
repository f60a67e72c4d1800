# Sourced by the scripts of make kernel-test, kernel-test-full and
# kernel-test-diff (run.sh, arm64.sh, full.sh, differ.sh): what they
# share.  They cd to the project root before sourcing it.
# shellcheck shell=bash

# abs_path DIR: DIR, taken from the project root unless absolute.
abs_path() {
	case $1 in
	/*)	echo "$1" ;;
	*)	echo "$PWD/$1" ;;
	esac
}

# initramfs DIR SRC ENTRIES: DIR/initramfs.cpio with /dev/console,
# /proc and ENTRIES (gen_init_cpio lines), listed in
# DIR/initramfs.list, packed by the kernel tree SRC's gen_init_cpio
# (built in DIR).  A failure goes to the caller's die().
initramfs() {
	local dir=$1 src=$2 entries=$3

	gcc -O2 -o "$dir/gen_init_cpio" "$src/usr/gen_init_cpio.c" ||
		die "gen_init_cpio failed"
	printf '%s\n' "dir /dev 0755 0 0" "nod /dev/console 0600 0 0 c 5 1" \
		"dir /proc 0755 0 0" "$entries" >"$dir/initramfs.list"
	"$dir/gen_init_cpio" "$dir/initramfs.list" >"$dir/initramfs.cpio" ||
		die "gen_init_cpio failed"
}

# results_tmp NAME: sets tmp to a new file beside results/NAME.log,
# which the caller writes whole and then moves over the log, so that an
# interrupted run leaves the last log as it was.  Until the caller
# clears the trap, the script's exit removes it and its $tmp.* files.
results_tmp() {
	tmp=$(mktemp "results/.$1.XXXXXX") || exit 2
	trap 'rm -f "$tmp" "$tmp".*' EXIT
}

# log_header WHAT: a results log's first lines: what ran, when, from
# which revision, on which host.
log_header() {
	echo "$1, $(date -u +%Y-%m-%dT%H:%M:%SZ), git $(git describe --always --dirty 2>/dev/null || echo unknown)"
	echo "host: $(uname -m), $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
}

# run_kernel_test NAME VAR=VALUE...: tests/kernel/run.sh with these
# variables, its output in $tmp.NAME; returns its exit status.
run_kernel_test() {
	local name=$1

	shift
	env "$@" bash tests/kernel/run.sh >"$tmp.$name" 2>&1
}
