#!/bin/sh
# Install the Debian packages named as arguments that are not installed
# yet: one line per package it installs, apt's own output kept in a log
# that is shown only when apt fails.  Used by `make deps` (and so by
# bench and test), `make kernel-deps` and the other targets' needs.
set -eu
missing=
for p in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "make deps: need root or sudo to install:$missing" >&2
	exit 1
fi
log=${TMPDIR:-/tmp}/rseqbench-apt.$$.log
for p in $missing; do
	echo "make deps: installing $p"
done
# apt is quiet here for a while on a fresh machine: say where its
# output goes meanwhile.
echo "make deps: apt-get update and install, output in $log"
# apt may find the dpkg lock held at boot (unattended upgrades): wait.
if ! {
	$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq &&
	DEBIAN_FRONTEND=noninteractive $sudo apt-get \
		-o DPkg::Lock::Timeout=300 install -y -qq \
		--no-install-recommends $missing
} >"$log" 2>&1; then
	cat "$log" >&2
	echo "make deps: apt-get failed (log above, kept in $log)" >&2
	exit 1
fi
rm -f "$log"
