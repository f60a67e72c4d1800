#!/bin/bash
# make kernel-test: build Debian's linux-source-6.12 with the series in
# kernel-patches/linux-6.12/, boot it in QEMU (TCG) with a static /init
# (tests/kernel/guest.c and its parts, GUEST_SRCS below) and the
# kernel's own rseq selftests, and turn
# the guest's verdict into this script's exit status.
#
# Everything is cached under $O/kernel (default build/kernel):
#   linux-source-6.12/  the unpacked tarball with the series applied
#                       (re-unpacked when the series changes)
#   obj/                the O= kernel build (tinyconfig + KOPTS below)
#   guest/              /init, the selftests, the initramfs
#   console.log         the guest's console of the last boot
#
# Variables: O=build, KERNEL_TARBALL=/usr/src/linux-source-6.12.tar.xz,
#   JOBS=2, QEMU_TIMEOUT=1800 (seconds), GUEST_ARGS="" (kernel command
#   line words passed to /init, e.g. "rb.secs=2 rb.fuzz=100000"),
#   KERNEL_ONLY=1 (stop after building bzImage), KERNEL_SERIES_DIR=dir
#   (another series, e.g. kernel-patches/linux-6.12-v1 for the v1
#   hazard: see kernel-patches/README.md; "none": the pristine tree),
#   KERNEL_GUEST=hazard (/init is tests/kernel/hazard.c alone, which
#   also builds against v1), differ (tests/kernel/differ.c alone,
#   which builds against the pristine headers too) or compat (the
#   i386 build of tests/kernel/compat.c; with KERNEL_CONFIG_EXTRA=
#   "IA32_EMULATION COMPAT_32BIT_TIME": glibc 2.36 i386 needs the
#   32-bit time futex),
#   KERNEL_CONFIG_EXTRA="OPT ..." (more CONFIG_OPT=y), KERNEL_COUNT=0|1|2
#   (counting boots under the TCG plugin, default 2: see step 6),
#   KERNEL_COUNT_ONLY=1, KERNEL_COUNT_N=1000 and KERNEL_COUNT_SPIN=300
#   (signal and preemption probes per case in a counting boot).
set -u
# Called from make: the project's command-line variables (ARCH, CC, O,
# CFLAGS...) must not leak into the kernel's make through MAKEFLAGS.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
cd "$(dirname "$0")/../.." || exit 2
. tests/kernel/lib.sh
ROOT=$PWD
O=${O:-build}
BK=$(abs_path "$O")/kernel
TARBALL=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
SERIES_DIR=${KERNEL_SERIES_DIR:-$ROOT/kernel-patches/linux-6.12}
JOBS=${JOBS:-2}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-1800}
GUEST_ARGS=${GUEST_ARGS:-}
SRC=$BK/linux-source-6.12
OBJ=$BK/obj
GUEST=$BK/guest
NICE="nice -n 19"
t_start=$(date +%s)

say() { echo "kernel-test: $*"; }
die() { echo "kernel-test: error: $*" >&2; exit 2; }

mkdir -p "$BK" "$GUEST" || die "cannot create $BK"

for tool in qemu-system-x86_64 gcc make flex bison bc perl; do
	command -v $tool >/dev/null 2>&1 ||
		die "$tool missing (apt-get install qemu-system-x86 build-essential flex bison bc libelf-dev libssl-dev)"
done
[ -f "$TARBALL" ] || die "$TARBALL missing (apt-get install linux-source-6.12)"
# KERNEL_SERIES_DIR=none: the pristine tree, for the differential test.
if [ "$SERIES_DIR" = none ]; then
	SERIES_DIR=$BK/no-series
	mkdir -p "$SERIES_DIR" && : >"$SERIES_DIR/series" ||
		die "cannot create $SERIES_DIR"
fi
[ -f "$SERIES_DIR/series" ] || die "$SERIES_DIR/series missing"

# --- 1. source: unpack (cached) and apply the series --------------------
# shellcheck disable=SC2046 # patch names have no spaces
series_hash=$( (cat "$SERIES_DIR/series"; cd "$SERIES_DIR" &&
	cat $(cat series)) | sha256sum | cut -c1-16)
if [ "$(cat "$SRC/.rb-series" 2>/dev/null)" != "$series_hash" ]; then
	say "unpacking $TARBALL and applying the series ($series_hash)"
	rm -rf "$SRC"
	$NICE tar -xf "$TARBALL" -C "$BK" || die "tar failed"
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		# patch(1), not git apply: $SRC lies inside this project's
		# git work tree, where git apply would resolve paths from
		# the project root.
		patch -d "$SRC" -p1 --batch --forward --quiet \
			<"$SERIES_DIR/$p" || die "$p does not apply"
		say "applied $p"
	done <"$SERIES_DIR/series"
	echo "$series_hash" >"$SRC/.rb-series"
fi

# --- 2. configure (cached while the option list is unchanged) -----------
KOPTS="64BIT EXPERT RSEQ PRINTK TTY SERIAL_8250 SERIAL_8250_CONSOLE
BINFMT_ELF BLK_DEV_INITRD PROC_FS SYSFS DEVTMPFS SMP HIGH_RES_TIMERS
POSIX_TIMERS FUTEX PREEMPT X86_IOPL_IOPERM"
# v2 puts the protocols behind a Kconfig symbol; v1 had none.
if grep -qs '^+config RSEQ_POST_COMMIT' "$SERIES_DIR"/*.patch; then
	KOPTS="$KOPTS RSEQ_POST_COMMIT"
fi
# KERNEL_CONFIG_EXTRA: more options, e.g. the debug kernel of
# make kernel-test-full (tests/kernel/full.sh).
KOPTS="$KOPTS ${KERNEL_CONFIG_EXTRA:-}"
cfg_hash=$(echo "$KOPTS $series_hash" | sha256sum | cut -c1-16)
if [ "$(cat "$OBJ/.rb-config" 2>/dev/null)" != "$cfg_hash" ]; then
	say "configuring: tinyconfig + $(echo $KOPTS)"
	mkdir -p "$OBJ"
	$NICE make -s -C "$SRC" ARCH=x86_64 O="$OBJ" tinyconfig >/dev/null ||
		die "tinyconfig failed"
	args=""
	for o in $KOPTS; do args="$args -e $o"; done
	"$SRC/scripts/config" --file "$OBJ/.config" $args
	$NICE make -s -C "$SRC" ARCH=x86_64 O="$OBJ" olddefconfig >/dev/null ||
		die "olddefconfig failed"
	for o in $KOPTS; do
		grep -q "^CONFIG_$o=y" "$OBJ/.config" ||
			die "CONFIG_$o did not stick"
	done
	echo "$cfg_hash" >"$OBJ/.rb-config"
fi

# --- 3. build bzImage ----------------------------------------------------
say "building bzImage (make -j$JOBS, nice 19)"
t0=$(date +%s)
$NICE make -s -C "$SRC" ARCH=x86_64 O="$OBJ" -j"$JOBS" bzImage >"$BK/build.log" 2>&1 || {
	tail -n 40 "$BK/build.log"
	die "kernel build failed (log: $BK/build.log)"
}
t1=$(date +%s)
kbuild_s=$((t1 - t0))
if grep -q 'warning:' "$BK/build.log"; then
	say "kernel build warnings:"
	grep 'warning:' "$BK/build.log" | sort -u
fi
say "kernel build: ${kbuild_s}s ($(grep -c 'warning:' "$BK/build.log") warning lines)"
KIMG=$OBJ/arch/x86/boot/bzImage
[ "${KERNEL_ONLY:-0}" = 1 ] && exit 0

# --- 4. guest programs and initramfs -------------------------------------
say "building the guest (static)"
$NICE make -s -C "$SRC" ARCH=x86_64 O="$OBJ" headers_install \
		INSTALL_HDR_PATH="$GUEST/hdr" >/dev/null ||
	die "headers_install failed"
GCFLAGS="-O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -static
	-isystem $GUEST/hdr/include -Iprotocols"
# /init of make kernel-test: guest.c runs the parts, a file each.
GUEST_SRCS="tests/kernel/guest.c tests/kernel/guest_rseq.c
	tests/kernel/guest_sig.c tests/kernel/guest_probe.c
	tests/kernel/guest_abi.c tests/kernel/guest_torture.c
	tests/kernel/guest_fuzz_run.c tests/kernel/guest_crosscheck.c
	tests/kernel/guest_fuzz.c tests/kernel/guest_cost.c
	tests/kernel/guest_progs.c tests/kernel/guest_klog.c"
if [ "${KERNEL_GUEST:-guest}" = hazard ]; then
	# shellcheck disable=SC2086
	gcc $GCFLAGS -o "$GUEST/init" tests/kernel/hazard_low.c \
		tests/kernel/hazard.c || die "hazard build failed"
	INITRAMFS_EXTRA=
elif [ "${KERNEL_GUEST:-guest}" = compat ]; then
	# The i386 build of tests/kernel/compat.c: needs IA32_EMULATION.
	command -v i686-linux-gnu-gcc >/dev/null ||
		die "i686-linux-gnu-gcc missing (apt-get install gcc-i686-linux-gnu)"
	# shellcheck disable=SC2086
	i686-linux-gnu-gcc $GCFLAGS -o "$GUEST/init" tests/kernel/compat.c \
		tests/kernel/addv_torture.c -lpthread ||
		die "compat build failed"
	INITRAMFS_EXTRA=
elif [ "${KERNEL_GUEST:-guest}" = differ ]; then
	# shellcheck disable=SC2086
	gcc $GCFLAGS -o "$GUEST/init" tests/kernel/differ.c \
		tests/kernel/addv_torture.c -lpthread ||
		die "differ build failed"
	INITRAMFS_EXTRA=
else
	# shellcheck disable=SC2086
	gcc $GCFLAGS -o "$GUEST/init" $GUEST_SRCS protocols/kmodel.c \
		-lpthread || die "guest build failed"
	# hazard_low.c first: its handlers must lie below the test's sequence.
	# shellcheck disable=SC2086
	gcc $GCFLAGS -o "$GUEST/hazard" tests/kernel/hazard_low.c \
		tests/kernel/hazard.c || die "hazard build failed"
	ST=$SRC/tools/testing/selftests/rseq
	STFLAGS="-O2 -g -static -I$ST -isystem $GUEST/hdr/include -I$SRC/tools/include"
	for t in basic_test basic_percpu_ops_test param_test; do
		# shellcheck disable=SC2086
		gcc $STFLAGS -o "$GUEST/$t" "$ST/$t.c" "$ST/rseq.c" -lpthread -ldl \
			2>"$GUEST/$t.log" || { cat "$GUEST/$t.log"; die "selftest $t failed to build"; }
	done
	INITRAMFS_EXTRA="file /bin/basic_test $GUEST/basic_test 0755 0 0
file /bin/basic_percpu_ops_test $GUEST/basic_percpu_ops_test 0755 0 0
file /bin/param_test $GUEST/param_test 0755 0 0
file /bin/hazard $GUEST/hazard 0755 0 0"
fi
initramfs "$GUEST" "$SRC" "dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /bin 0755 0 0
file /init $GUEST/init 0755 0 0
$INITRAMFS_EXTRA"

# --- 5. boot --------------------------------------------------------------
ACCEL="-accel tcg"
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${KVM:-0}" = 1 ]; then
	ACCEL="-enable-kvm"
fi
say "accelerator: $ACCEL (KVM=1 to try /dev/kvm; it does not work on these hosts)"
say "booting: 2 vCPUs (sockets=2), 256M, timeout ${QEMU_TIMEOUT}s"
# boot SMP LOG APPEND [QEMU ARGS...]: sets qrc to QEMU's exit status.
boot() {
	local smp=$1 log=$2 append=$3
	shift 3
	# shellcheck disable=SC2086
	timeout "$QEMU_TIMEOUT" qemu-system-x86_64 $ACCEL -M pc \
		-smp "$smp,sockets=$smp,cores=1,threads=1" -m 256M \
		-nographic -no-reboot \
		-kernel "$KIMG" -initrd "$GUEST/initramfs.cpio" \
		-append "console=ttyS0 panic=-1 quiet $append" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" \
		</dev/null 2>&1 | tee "$log" | tr -d '\r'
	qrc=${PIPESTATUS[0]}
}
t2=$(date +%s.%N)
if [ "${KERNEL_COUNT_ONLY:-0}" = 1 ]; then
	say "KERNEL_COUNT_ONLY=1: no test boot, the counting boots alone"
	qrc=1
else
	boot 2 "$BK/console.log" "$GUEST_ARGS"
fi
t3=$(date +%s.%N)
boot_s=$(echo "$t3 - $t2" | bc)

# --- 6. count: the cost probes under the TCG plugin ------------------------
# One vCPU, the rb_insncount plugin, /init with rbonly=cost: the guest
# instructions each probe executes, kernel and user, exactly (see
# tests/kernel/tcg/rb_insncount.c), in two boots whose tables must
# agree on the signal path, which is exact.  KERNEL_COUNT=0 skips it,
# KERNEL_COUNT=1 boots once, KERNEL_COUNT_ONLY=1 skips the test boot.
count_fail=0
if [ "$qrc" = 1 ] && [ "${KERNEL_COUNT:-1}" != 0 ] &&
	[ "${KERNEL_GUEST:-guest}" = guest ]; then
	gcc -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
		-o "$GUEST/rb_insncount.so" tests/kernel/tcg/rb_insncount.c ||
		die "the TCG plugin failed to build"
	runs=${KERNEL_COUNT:-2}
	for r in $(seq "$runs"); do
		say "counting boot $r of $runs: 1 vCPU, the rb_insncount plugin"
		rm -f "$BK/insncount-$r.txt"
		boot 1 "$BK/console-count-$r.log" \
			"rbonly=cost rbcost=${KERNEL_COUNT_N:-1000} rbspin=${KERNEL_COUNT_SPIN:-300}" \
			-plugin "$GUEST/rb_insncount.so,out=$BK/insncount-$r.txt"
		if [ "$qrc" != 1 ] || [ ! -s "$BK/insncount-$r.txt" ]; then
			say "FAIL: counting boot $r (QEMU exit $qrc)"
			count_fail=1
			break
		fi
		cat "$BK/insncount-$r.txt"
	done
	if [ "$count_fail" = 0 ] && [ "$runs" = 2 ]; then
		if bash tests/kernel/tcg/compare.sh "$BK/insncount-1.txt" \
			"$BK/insncount-2.txt"; then
			say "counts: the two counting boots agree on the signal path's counts and on every armed - not armed difference"
		else
			say "FAIL: counts: the two counting boots differ (above)"
			count_fail=1
		fi
	fi
fi
t_end=$(date +%s)
say "kernel build ${kbuild_s}s, boot-to-verdict ${boot_s}s, total $((t_end - t_start))s"
case $qrc in
1)	[ "$count_fail" = 0 ] || exit 1
	say "PASS (guest verdict 0)"; exit 0 ;;
124)	say "FAIL: QEMU timed out after ${QEMU_TIMEOUT}s"; exit 1 ;;
*)	if [ $((qrc % 2)) = 1 ]; then
		say "FAIL: guest verdict $(((qrc - 1) / 2))"
	else
		say "FAIL: QEMU exited with $qrc without a verdict"
	fi
	exit 1 ;;
esac
