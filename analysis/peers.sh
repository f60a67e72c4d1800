#!/bin/bash
# make peers: the kernel's own rseq selftests beside rseqbench.
#
#   analysis/peers.sh DIR RSEQBENCH
#
# Builds param_test_benchmark and basic_percpu_ops_test from Debian's
# linux-source-6.12 (outside the project's tree: build/peers/), runs
# the selftests' per-cpu tests and rseqbench's equivalent operations
# with the same thread counts and operations per thread, each timed as
# a whole process by hyperfine (-N, JSON export into DIR), and writes
# DIR/peers.txt and DIR/peers.csv: ns per operation for both and the
# ratio.  Nothing of the selftests is copied into the project.
#
# hyperfine runs one command's runs back to back, so a slow spell of
# the machine lands on one command: every comparison is repeated in
# PEERS_ROUNDS rounds, the order of the commands reversed each round,
# and the figures are medians over rounds with their min-max range.
# One thread: both pinned to the same cpu (the one rseqbench picks),
# so that both see the same core; more threads: both unpinned.
#
# rseqbench's rolled loop reloads its state's pointers every operation
# and its cost moves with where that state sits mod 4096 beside the
# per-CPU data (4K aliasing; README, 'The selftests beside us'), so it
# runs at PEERS_OFFSETS state offsets (--state-offset) and the table
# gives the median over them and their range: a selftest figure inside
# that range is no difference this harness can claim.
set -eu
dir=${1:?usage: analysis/peers.sh DIR RSEQBENCH}
rb=${2:?usage: analysis/peers.sh DIR RSEQBENCH}
src_tar=/usr/src/linux-source-6.12.tar.xz
work=${PEERS_BUILD:-build/peers}
runs=${PEERS_RUNS:-3}
rounds=${PEERS_ROUNDS:-3}
cpus=$(nproc)
offsets=${PEERS_OFFSETS:-0 528 1056 1584 2112 2640 3168 3696}

die() { echo "peers: $*" >&2; exit 2; }
case $runs$rounds in *[!0-9]*) die "PEERS_RUNS and PEERS_ROUNDS are counts" ;; esac
for off in $offsets; do
	case $off in *[!0-9]*) die "PEERS_OFFSETS: '$off' is not a byte offset" ;; esac
done
[ -n "$offsets" ] || die "PEERS_OFFSETS is empty"
[ "$runs" -ge 2 ] && [ "$rounds" -ge 1 ] ||
	die "PEERS_RUNS must be >= 2 and PEERS_ROUNDS >= 1"
# The cpu rseqbench pins to by default: the highest one allowed.
pin=$(python3 -c 'import os; print(max(os.sched_getaffinity(0)))')
[ -f "$src_tar" ] || die "$src_tar missing (apt-get install linux-source-6.12)"
command -v hyperfine >/dev/null || die "hyperfine missing (make deps)"
mkdir -p "$dir" "$work"

sel=$work/linux-source-6.12/tools/testing/selftests/rseq
if [ ! -f "$sel/param_test.c" ] || [ ! -f "$sel/../kselftest.h" ]; then
	echo "peers: unpacking the rseq selftests from $src_tar"
	tar -xJf "$src_tar" -C "$work" --wildcards \
		'linux-source-6.12/tools/testing/selftests/rseq/*' \
		'linux-source-6.12/tools/testing/selftests/kselftest.h' \
		'linux-source-6.12/tools/include/*'
fi
pt=$work/param_test_benchmark
bp=$work/basic_percpu_ops_test
for prog in "$pt" "$bp"; do
	[ -x "$prog" ] && continue
	echo "peers: building $(basename "$prog")"
	case $prog in
	*param_test_benchmark) srcs="$sel/param_test.c"; defs=-DBENCHMARK ;;
	*) srcs="$sel/basic_percpu_ops_test.c"; defs= ;;
	esac
	gcc -O2 -Wall -I"$sel" -I"$sel/../../../include" $defs $srcs \
		"$sel/rseq.c" -lpthread -ldl -o "$prog"
done

if "$bp" >"$dir/peers-basic_percpu_ops_test.log" 2>&1; then
	basic="basic_percpu_ops_test: pass"
else
	basic="basic_percpu_ops_test: FAIL (exit $?)"
fi

# test letter, rseqbench op, operations per selftest repetition
# (list, buffer and memcpy repetitions are a push and a pop; rseqbench
# times one operation, so its per-rep figure is two of them), and
# repetitions for one thread: enough for ~0.1 s of work, so that the
# start-up (5-20 ms, subtracted) and its jitter stay small beside it.
# Each of 4 x cpus threads runs a quarter of them.
all="i:addv:1:200000000 s:cmpeqv_storev:1:100000000 l:cmpnev_storeoffp_load:2:20000000 b:cmpeqv_trystorev_storev:2:20000000 m:cmpeqv_trymemcpy_storev:2:4000000"
# PEERS_TESTS: the selftest letters to run (default all: i s l b m).
tests=
for spec in $all; do
	case " ${PEERS_TESTS:-i s l b m} " in *" ${spec%%:*} "*) tests="$tests $spec" ;; esac
done
for t in ${PEERS_TESTS:-}; do
	case " i s l b m " in *" $t "*) ;; *) die "PEERS_TESTS: no selftest '$t' (i s l b m)" ;; esac
done
for spec in $tests; do
	IFS=: read -r t op per reps <<<"$spec"
	reps1=$reps
	for thr in 1 $((4 * cpus)); do
		reps=$((thr == 1 ? reps1 : reps1 / 4))
		ops=$((reps * per))
		pre=
		[ "$thr" = 1 ] && pre="taskset -c $pin "
		rbc="$pre$rb --threads $thr -p descriptor -o $op"
		set -- -n "selftest" "$pre$pt -T $t -t $thr -r $reps" \
			-n "selftest-start" "$pre$pt -T $t -t $thr -r 0"
		for off in $offsets; do
			set -- "$@" -n "rolled@$off" \
				"$rbc --spin $ops --loop rolled --state-offset $off"
		done
		set -- "$@" -n "unrolled" "$rbc --spin $ops" \
			-n "rb-start" "$rbc --spin 0"
		for round in $(seq 1 "$rounds"); do
			if [ $((round % 2)) = 0 ]; then
				# reversed: the last name/command pair first
				a=("$@")
				rev=()
				for ((k = $# - 3; k >= 0; k -= 3)); do
					rev+=("${a[k]}" "${a[k + 1]}" "${a[k + 2]}")
				done
				set -- "${rev[@]}"
			fi
			out=$dir/peers-$t-t$thr-r$round.json
			echo "peers: -T $t, $thr thread(s), $reps reps a thread, round $round/$rounds"
			hyperfine -N --warmup 1 --runs "$runs" --style none \
				--export-json "$out.tmp" "$@" >/dev/null
			mv "$out.tmp" "$out"
		done
	done
done

python3 - "$dir" "$cpus" "$basic" "$tests" "$rounds" "$runs" "$pin" \
	"$offsets" <<'PY'
import json, os, statistics, sys
d, cpus, basic, tests = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rounds, runs, pin = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
offsets = sys.argv[8].split()
lines = ["Peers: the kernel's rseq selftests (linux-source-6.12,",
         "param_test_benchmark) beside rseqbench descriptor, whole",
         "processes under hyperfine (%d rounds of %d runs, order" % (
             rounds, runs),
         "reversed each round), minus start-up; ns per selftest",
         "repetition, medians over rounds; 1 thread: both pinned to",
         "cpu %s.  %s." % (pin, basic),
         "rolled: median over %d state offsets (--state-offset," % (
             len(offsets)),
         "%s to %s bytes), lo-hi: their range; ratio: rolled /" % (
             offsets[0], offsets[-1]),
         "selftest; 'in': the selftest lies inside that range.", "",
         "test op              thr selftest rolled     lo-hi  unrolled"
         " ratio",
         ]
csv = ["test,op,threads,what,round,ns_per_rep"]
for spec in tests.split():
    t, op, per, reps = spec.split(":")
    per, reps = int(per), int(reps)
    reps1 = reps
    for thr in (1, 4 * cpus):
        reps = reps1 if thr == 1 else reps1 // 4
        what = ["selftest", "unrolled"] + ["rolled@" + o for o in offsets]
        per_round = {w: [] for w in what}
        for k in range(1, rounds + 1):
            j = json.load(open("%s/peers-%s-t%d-r%d.json" % (d, t, thr, k)))
            r = {x["command"]: x["median"] for x in j["results"]}
            n = reps * thr
            for w in what:
                start = "selftest-start" if w == "selftest" else "rb-start"
                x = (r[w] - r[start]) / n * 1e9
                per_round[w].append(x)
                csv.append("%s,%s,%d,%s,%d,%.4f" % (t, op, thr, w, k, x))
        med = {w: statistics.median(xs) for w, xs in per_round.items()}
        at = [med["rolled@" + o] for o in offsets]
        rolled, lo, hi = statistics.median(at), min(at), max(at)
        st = med["selftest"]
        ratio = rolled / st if st > 0 else float("nan")
        inside = "in" if lo <= st <= hi else ""
        lines.append("-T %s %-15s %3d %8.2f %6.2f %9s %9.2f %5.2f %s" % (
            t, op[:15], thr, st, rolled, "%.2f-%.2f" % (lo, hi),
            med["unrolled"], ratio, inside))
lines += ["", "-T l, b, m: a repetition is a push and a pop in the",
          "selftest and two rseqbench operations (pop-only list,",
          "push-only ring).  The selftests' loops are rolled; see",
          "README 'loop shape'.  Each side is one code placement;",
          "make bench shows how far code placement alone moves a",
          "cell.  Every round and offset is in peers.csv.",
          "x86 addv: rseqbench reloads two pointers from its state",
          "each operation, the selftest one global (rseq_offset):",
          "the loop's form, not the protocol (README, 'The",
          "selftests beside us').",
          "cmpeqv_cmpeqv_storev, offset_deref_addv: no param_test",
          "workload runs them alone (offset_deref_addv only in -T r,",
          "the membarrier test, whose cost is its membarrier calls),",
          "so they have no row here; make bench times them."]
for name, text in (("peers.txt", "\n".join(lines) + "\n"),
                   ("peers.csv", "\n".join(csv) + "\n")):
    tmp = os.path.join(d, "." + name + ".tmp")
    open(tmp, "w").write(text)
    os.rename(tmp, os.path.join(d, name))
print("\n".join(lines))
PY
