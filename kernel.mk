# make kernel-test: the kernel side of the protocols, tested for real.
#
# Builds Debian's linux-source-6.12 with kernel-patches/linux-6.12/
# (tinyconfig + the options in tests/kernel/run.sh, x86-64, make -j2
# under nice),
# boots it in QEMU (TCG, 2 vCPUs) with a static /init
# (tests/kernel/guest.c) and the kernel's rseq selftests, and exits 0
# when the guest's verdict is "all passed".  Everything is cached under
# $(O)/kernel/.  Needs: linux-source-6.12 qemu-system-x86 flex bison bc
# rsync (headers_install) libelf-dev libssl-dev (make kernel-deps installs
# the missing ones).
#
#   KERNEL_GUEST_ARGS="rbsecs=3 rbfuzz=500000 rbcost=2000 rbspin=0"
#       torture seconds per protocol, fuzz inputs per protocol, signal
#       and preemption cost probes (the defaults); passed on the kernel
#       command line.
#   KERNEL_COUNT=1  boots once more on one vCPU with the TCG plugin
#       tests/kernel/tcg/rb_insncount.c and prints the instructions
#       each cost probe executes (0: skip; 2: twice, compared).
#   KERNEL_QEMU_TIMEOUT=1800  seconds before the guest is killed.

KERNEL_DEB_PACKAGES := linux-source-6.12 xz-utils qemu-system-x86 flex bison bc rsync \
	libelf-dev libssl-dev
KERNEL_GUEST_ARGS ?=
KERNEL_QEMU_TIMEOUT ?= 1800

.PHONY: kernel-test kernel-test-full kernel-test-diff kernel-deps

kernel-deps:
	$(Q)sh .ci/deps.sh $(KERNEL_DEB_PACKAGES)

kernel-test: kernel-deps
	$(Q)O=$(O) GUEST_ARGS="$(KERNEL_GUEST_ARGS)" \
		QEMU_TIMEOUT=$(KERNEL_QEMU_TIMEOUT) bash tests/kernel/run.sh

# Not in CI: a debug kernel and the v1 hazard (tests/kernel/full.sh);
# writes results/kernel-test-full.log.
kernel-test-full: kernel-deps
	$(Q)sh .ci/deps.sh gcc-i686-linux-gnu libc6-dev-i386-cross \
		gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm
	$(Q)bash tests/kernel/full.sh $(O)

# Not in CI: the series against the pristine 6.12 with the same inputs
# (tests/kernel/differ.sh); writes results/kernel-differential.log.
kernel-test-diff: kernel-deps
	$(Q)bash tests/kernel/differ.sh $(O)
