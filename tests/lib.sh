# Sourced by the shell tests: one TAP-style line per check, counted by
# tests/run.sh.  (Not a test itself: run.sh skips it.)
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
# check 'shell condition' 'what it shows'
check() { if eval "$1"; then ok "$2"; else notok "$2"; fi; }
