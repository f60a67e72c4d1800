#!/bin/bash
# The series on arm64: cross-build the patched 6.12 for arm64 (tinyconfig
# + the options below), boot it under qemu-system-aarch64 (TCG, virt,
# 2 vCPUs) with the aarch64 build of tests/kernel/compat.c as /init, the
# torture of all three protocols, and turn the guest's last line into
# this script's exit status; then boots twice more on one vCPU with
# the cost probes of tests/kernel/cost_arm64.c under the TCG plugin and
# prints what the fixup costs in instructions.  Part of make
# kernel-test-full.
#
# Needs the patched source that make kernel-test unpacks ($O/kernel/
# linux-source-6.12), gcc-aarch64-linux-gnu, qemu-system-arm.  Cached
# under $O/kernel-arm64/.  Variables: O=build, JOBS=2, GUEST_ARGS.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
cd "$(dirname "$0")/../.." || exit 2
. tests/kernel/lib.sh
O=$(abs_path "${O:-build}")
SRC=$O/kernel/linux-source-6.12
BK=$O/kernel-arm64
OBJ=$BK/obj
GUEST=$BK/guest
JOBS=${JOBS:-2}
X=aarch64-linux-gnu-
KMAKE="nice -n 19 make -s -C $SRC ARCH=arm64 CROSS_COMPILE=$X O=$OBJ"

say() { echo "kernel-arm64: $*"; }
die() { echo "kernel-arm64: error: $*" >&2; exit 2; }

[ -f "$SRC/.rb-series" ] ||
	die "$SRC missing: run make kernel-test first (it unpacks the series)"
for tool in ${X}gcc qemu-system-aarch64; do
	command -v $tool >/dev/null || die "$tool missing"
done
mkdir -p "$OBJ" "$GUEST" || die "cannot create $BK"

KOPTS="EXPERT RSEQ RSEQ_POST_COMMIT PRINTK TTY ARM_AMBA SERIAL_AMBA_PL011
SERIAL_AMBA_PL011_CONSOLE BINFMT_ELF BLK_DEV_INITRD PROC_FS SYSFS
DEVTMPFS SMP HIGH_RES_TIMERS POSIX_TIMERS FUTEX PREEMPT ARM_PSCI_FW"
cfg_hash=$(echo "$KOPTS $(cat "$SRC/.rb-series")" | sha256sum | cut -c1-16)
if [ "$(cat "$OBJ/.rb-config" 2>/dev/null)" != "$cfg_hash" ]; then
	say "configuring: tinyconfig + $(echo $KOPTS)"
	$KMAKE tinyconfig >/dev/null || die "tinyconfig failed"
	args=""
	for o in $KOPTS; do args="$args -e $o"; done
	"$SRC/scripts/config" --file "$OBJ/.config" $args
	$KMAKE olddefconfig >/dev/null || die "olddefconfig failed"
	for o in $KOPTS; do
		grep -q "^CONFIG_$o=y" "$OBJ/.config" ||
			die "CONFIG_$o did not stick"
	done
	echo "$cfg_hash" >"$OBJ/.rb-config"
fi
say "building Image (make -j$JOBS, nice 19)"
t0=$(date +%s)
$KMAKE -j"$JOBS" Image >"$BK/build.log" 2>&1 || {
	tail -n 40 "$BK/build.log"
	die "kernel build failed (log: $BK/build.log)"
}
say "kernel build: $(($(date +%s) - t0))s ($(grep -c 'warning:' "$BK/build.log") warning lines)"
$KMAKE headers_install INSTALL_HDR_PATH="$GUEST/hdr" >/dev/null ||
	die "headers_install failed"
${X}gcc -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -static \
	-isystem "$GUEST/hdr/include" -Iprotocols -o "$GUEST/init" \
	tests/kernel/compat.c tests/kernel/addv_torture.c -lpthread ||
	die "guest build failed"
initramfs "$GUEST" "$SRC" "file /init $GUEST/init 0755 0 0"

say "booting: qemu-system-aarch64 -M virt -cpu cortex-a57, 2 vCPUs, TCG"
t1=$(date +%s)
timeout 900 qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 256M \
	-nographic -no-reboot -kernel "$OBJ/arch/arm64/boot/Image" \
	-initrd "$GUEST/initramfs.cpio" \
	-append "console=ttyAMA0 panic=-1 quiet ${GUEST_ARGS:-}" \
	</dev/null 2>&1 | tee "$BK/console.log" | tr -d '\r'
say "boot-to-verdict $(($(date +%s) - t1))s"
# No isa-debug-exit here: /init powers off, the verdict is its last line.
if ! grep -q '^# torture done: 0 failed' "$BK/console.log" ||
	grep -q '^not ok' "$BK/console.log"; then
	say "FAIL"
	exit 1
fi

# The cost probes (tests/kernel/cost_arm64.c) under the TCG plugin, one
# vCPU, twice: the counts must agree (tests/kernel/tcg/compare.sh).
gcc -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
	-o "$GUEST/rb_insncount.so" tests/kernel/tcg/rb_insncount.c ||
	die "the TCG plugin failed to build"
${X}gcc -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -static \
	-isystem "$GUEST/hdr/include" -Iprotocols -Itests/kernel \
	-o "$GUEST/cost" tests/kernel/cost_arm64.c -lpthread ||
	die "cost guest build failed"
sed "s|^file /init .*|file /init $GUEST/cost 0755 0 0|" \
	"$GUEST/initramfs.list" >"$GUEST/initramfs-cost.list"
"$GUEST/gen_init_cpio" "$GUEST/initramfs-cost.list" \
	>"$GUEST/initramfs-cost.cpio" || die "gen_init_cpio failed"
for r in 1 2; do
	say "counting boot $r of 2: 1 vCPU, the rb_insncount plugin"
	rm -f "$BK/insncount-$r.txt"
	timeout 900 qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 1 \
		-m 256M -nographic -no-reboot \
		-kernel "$OBJ/arch/arm64/boot/Image" \
		-initrd "$GUEST/initramfs-cost.cpio" \
		-append "console=ttyAMA0 panic=-1 quiet" \
		-plugin "$GUEST/rb_insncount.so,out=$BK/insncount-$r.txt" \
		</dev/null 2>&1 | tee "$BK/console-count-$r.log" | tr -d '\r'
	if ! grep -q '^# cost done: 0 failed' "$BK/console-count-$r.log" ||
		[ ! -s "$BK/insncount-$r.txt" ]; then
		say "FAIL: counting boot $r"
		exit 1
	fi
	cat "$BK/insncount-$r.txt"
done
if ! bash tests/kernel/tcg/compare.sh "$BK/insncount-1.txt" \
	"$BK/insncount-2.txt"; then
	say "FAIL: counts: the two counting boots differ (above)"
	exit 1
fi
say "counts: the two counting boots agree on the signal path's counts and on every armed - not armed difference"
say "PASS"
