#!/bin/bash
# make peers: the kernel's own rseq selftests beside rseqbench.
#
#   bench/peers.sh DIR RSEQBENCH
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
set -eu
dir=${1:?usage: bench/peers.sh DIR RSEQBENCH}
rb=${2:?usage: bench/peers.sh DIR RSEQBENCH}
src_tar=/usr/src/linux-source-6.12.tar.xz
work=${PEERS_BUILD:-build/peers}
runs=${PEERS_RUNS:-3}
rounds=${PEERS_ROUNDS:-3}
cpus=$(nproc)

die() { echo "peers: $*" >&2; exit 2; }
case $runs$rounds in *[!0-9]*) die "PEERS_RUNS and PEERS_ROUNDS are counts" ;; esac
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
tests="i:addv:1:200000000 s:cmpeqv_storev:1:100000000 l:cmpnev_storeoffp_load:2:20000000 b:cmpeqv_trystorev_storev:2:20000000 m:cmpeqv_trymemcpy_storev:2:4000000"
for spec in $tests; do
	IFS=: read -r t op per reps <<<"$spec"
	reps1=$reps
	for thr in 1 $((4 * cpus)); do
		reps=$((thr == 1 ? reps1 : reps1 / 4))
		ops=$((reps * per))
		if [ "$thr" = 1 ]; then
			st="taskset -c $pin $pt"; rbp="--cpu $pin"
		else
			st=$pt; rbp=
		fi
		set -- -n "selftest" "$st -T $t -t $thr -r $reps" \
			-n "selftest-start" "$st -T $t -t $thr -r 0" \
			-n "rolled" "$rb $rbp --spin $ops --threads $thr -p descriptor -o $op --loop rolled" \
			-n "unrolled" "$rb $rbp --spin $ops --threads $thr -p descriptor -o $op" \
			-n "rb-start" "$rb $rbp --spin 0 --threads $thr -p descriptor -o $op"
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
	<<'PY'
import json, os, statistics, sys
d, cpus, basic, tests = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rounds, runs, pin = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
lines = ["Peers: the kernel's rseq selftests (linux-source-6.12,",
         "param_test_benchmark) beside rseqbench descriptor, whole",
         "processes under hyperfine (%d rounds of %d runs, order" % (
             rounds, runs),
         "reversed each round), minus start-up; ns per selftest",
         "repetition, median over rounds (range: the ratio's min-max",
         "over rounds; every round in peers.csv); 1 thread: both",
         "pinned to cpu %s.  %s." % (pin, basic), "",
         "test op              thr selftest rolled unrolled ratio  range"]
csv = ["test,op,threads,what,round,ns_per_rep"]
for spec in tests.split():
    t, op, per, reps = spec.split(":")
    per, reps = int(per), int(reps)
    reps1 = reps
    for thr in (1, 4 * cpus):
        reps = reps1 if thr == 1 else reps1 // 4
        per_round = {"selftest": [], "rolled": [], "unrolled": [],
                     "ratio": []}
        for k in range(1, rounds + 1):
            j = json.load(open("%s/peers-%s-t%d-r%d.json" % (d, t, thr, k)))
            r = {x["command"]: x["median"] for x in j["results"]}
            n = reps * thr
            v = {"selftest": (r["selftest"] - r["selftest-start"]) / n * 1e9,
                 "rolled": (r["rolled"] - r["rb-start"]) / n * 1e9,
                 "unrolled": (r["unrolled"] - r["rb-start"]) / n * 1e9}
            v["ratio"] = (v["rolled"] / v["selftest"]
                          if v["selftest"] > 0 else float("nan"))
            for what, x in v.items():
                per_round[what].append(x)
                csv.append("%s,%s,%d,%s,%d,%.4f" % (t, op, thr, what, k, x))

        med = {w: statistics.median(xs) for w, xs in per_round.items()}
        lines.append("-T %s %-15s %3d %8.2f %6.2f %8.2f %5.2f %s" % (
            t, op[:15], thr, med["selftest"], med["rolled"],
            med["unrolled"], med["ratio"], "%.2f-%.2f" % (
                min(per_round["ratio"]), max(per_round["ratio"]))))
lines += ["", "ratio = rseqbench rolled / selftest, per round.  -T l, b,",
          "m: a repetition is a push and a pop in the selftest and two",
          "rseqbench operations (pop-only list, push-only ring).",
          "The selftests' loops are rolled; see README 'loop shape'.",
          "Both sides run one code placement each; make bench shows",
          "how far placement alone moves a cell.  x86 addv commits",
          "with a memory add, as the selftests do: the load/add/store",
          "form's cost moved with its placement (README, 'The",
          "selftests beside us')."]
for name, text in (("peers.txt", "\n".join(lines) + "\n"),
                   ("peers.csv", "\n".join(csv) + "\n")):
    tmp = os.path.join(d, "." + name + ".tmp")
    open(tmp, "w").write(text)
    os.rename(tmp, os.path.join(d, name))
print("\n".join(lines))
PY
