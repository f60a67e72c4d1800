#!/bin/bash
# make peers: the kernel's own rseq selftests beside rseqbench.
#
#   bench/peers.sh DIR RSEQBENCH
#
# Builds param_test_benchmark and basic_percpu_ops_test from Debian's
# linux-source-6.12 (outside the project's tree: build/peers/), runs
# the selftests' per-cpu tests and rseqbench's equivalent operations
# with the same thread counts and operations per thread, each timed as
# a whole process by hyperfine (-N, interleaved runs, JSON export into
# DIR), and writes DIR/peers.txt and DIR/peers.csv: ns per operation
# for both and the ratio.  Nothing of the selftests is copied into the
# project.
set -eu
dir=${1:?usage: bench/peers.sh DIR RSEQBENCH}
rb=${2:?usage: bench/peers.sh DIR RSEQBENCH}
src_tar=/usr/src/linux-source-6.12.tar.xz
work=${PEERS_BUILD:-build/peers}
runs=${PEERS_RUNS:-5}
cpus=$(nproc)

die() { echo "peers: $*" >&2; exit 2; }
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
# times one operation, so its per-rep figure is two of them).
tests="i:addv:1:20000000 s:cmpeqv_storev:1:20000000 l:cmpnev_storeoffp_load:2:4000000 b:cmpeqv_trystorev_storev:2:4000000 m:cmpeqv_trymemcpy_storev:2:1000000"
for spec in $tests; do
	IFS=: read -r t op per reps <<<"$spec"
	for thr in 1 $((4 * cpus)); do
		ops=$((reps * per))
		out=$dir/peers-$t-t$thr.json
		echo "peers: -T $t, $thr thread(s), $reps reps a thread"
		hyperfine -N --warmup 1 --runs "$runs" --style none \
			--export-json "$out.tmp" \
			-n "selftest" "$pt -T $t -t $thr -r $reps" \
			-n "selftest-start" "$pt -T $t -t $thr -r 0" \
			-n "rolled" "$rb --spin $ops --threads $thr -p descriptor -o $op --loop rolled" \
			-n "unrolled" "$rb --spin $ops --threads $thr -p descriptor -o $op" \
			-n "rb-start" "$rb --spin 0 --threads $thr -p descriptor -o $op" \
			>/dev/null
		mv "$out.tmp" "$out"
	done
done

python3 - "$dir" "$cpus" "$basic" "$tests" <<'PY'
import json, math, os, sys
d, cpus, basic, tests = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = ["Peers: the kernel's rseq selftests (linux-source-6.12,",
         "param_test_benchmark) beside rseqbench descriptor, whole",
         "processes under hyperfine, minus start-up, ns per selftest",
         "repetition (+- one standard error); %s." % basic, "",
         "test op                 thr  selftest   rolled  unrolled  ratio"]
csv = ["test,op,threads,what,ns_per_rep,stderr"]
for spec in tests.split():
    t, op, per, reps = spec.split(":")
    per, reps = int(per), int(reps)
    for thr in (1, 4 * cpus):
        j = json.load(open("%s/peers-%s-t%d.json" % (d, t, thr)))
        r = {x["command"]: x for x in j["results"]}

        def ns(name, start):
            a, b = r[name], r[start]
            se = math.hypot(a["stddev"] / math.sqrt(len(a["times"])),
                            b["stddev"] / math.sqrt(len(b["times"])))
            n = reps * thr
            return (a["mean"] - b["mean"]) / n * 1e9, se / n * 1e9
        st = ns("selftest", "selftest-start")
        ro = ns("rolled", "rb-start")
        un = ns("unrolled", "rb-start")
        for what, v in (("selftest", st), ("rolled", ro),
                        ("unrolled", un)):
            csv.append("%s,%s,%d,%s,%.4f,%.4f" % (t, op, thr, what,
                                                  v[0], v[1]))
        lines.append("-T %s %-19s %3d %9.2f %8.2f %9.2f %6.2f" % (
            t, op[:19], thr, st[0], ro[0], un[0],
            ro[0] / st[0] if st[0] > 0 else float("nan")))
lines += ["", "ratio = rseqbench rolled / selftest.  -T l, b, m: a",
          "repetition is a push and a pop in the selftest and two",
          "rseqbench operations (pop-only list, push-only ring).",
          "The selftests' loops are rolled; see README 'loop shape'."]
for name, text in (("peers.txt", "\n".join(lines) + "\n"),
                   ("peers.csv", "\n".join(csv) + "\n")):
    tmp = os.path.join(d, "." + name + ".tmp")
    open(tmp, "w").write(text)
    os.rename(tmp, os.path.join(d, name))
print("\n".join(lines))
PY
