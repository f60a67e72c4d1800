#!/bin/sh
# Install the Debian packages named as arguments that are not installed
# yet, saying which.  Used by `make deps` (and so by bench and test).
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
echo "make deps: installing:$missing"
# apt may find the dpkg lock held at boot (unattended upgrades): wait.
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 \
	install -y -qq --no-install-recommends $missing
