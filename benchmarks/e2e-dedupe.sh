#!/usr/bin/env bash
# End-to-end benchmark of `contactkit dedupe --strategy merge --region US` on a generated CSV, next to
# its floor: reading and parsing the same file exactly as dedupe does, and nothing else.
#
#   benchmarks/e2e-dedupe.sh [ROWS] [RUNS] [SEED] [PROFILE]      (defaults: 1000000 5 7 simple)
#
# PROFILE is generate's --profile: simple (email,phone,firstName,lastName,company) or crm
# (email,phone,visitor_id,id:crm_id,firstName,lastName,city). Prints each run's wall time, CPU time
# (user + system) and peak resident memory (from /usr/bin/time when present), then the median and the
# spread of each, and the ratio of the medians. The tool runs with the launcher's defaults unless
# CONTACTKIT_JAVA_OPTS is set. With CONTACTKIT_BEFORE set to another build's contactkit-cli.jar, that
# build runs too, in turn with the others (with the old launcher's only default, the parallel
# collector), and the script checks that both builds' outputs are byte for byte the same.
# With CONTACTKIT_BENCH_WARM=1 each measured run follows an unmeasured run of the same command: on a virtual machine whose
# host takes back the memory a process frees, a run touching more memory than the one before it pays for the difference
# in fresh pages, so that in plain turns the dedupe (about 375 MB) pays after the floor (about 150 MB), and the floor not.
# Each dedupe writes new output files, as a first run does: the last run's are removed, unmeasured, before it. With
# CONTACTKIT_BENCH_REPLACE=1 they are kept, so that each run replaces them, as a user's second run into the same files
# does; on ext4 the rename that replaces a large file waits for its flush and for the old file's freeing (BENCHMARKS.md).
# Needs only what the launcher needs; builds the tool if asked.
set -euo pipefail
rows=${1:-1000000}
runs=${2:-5}
seed=${3:-7}
profile=${4:-simple}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opts=${CONTACTKIT_JAVA_OPTS:-}
before=${CONTACTKIT_BEFORE:-}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

"$root/contactkit" generate --rows "$rows" --seed "$seed" --profile "$profile" --output "$work/in.csv"
# the floor runs from the test classes of the cli module, which the launcher's build does not compile
(cd "$root" && mvn -q -B -o test-compile -pl cli -am ${CONTACTKIT_MAVEN_ARGS:-} >"$work/build.log" 2>&1) \
    || (cd "$root" && mvn -q -B test-compile -pl cli -am ${CONTACTKIT_MAVEN_ARGS:-} >"$work/build.log" 2>&1) \
    || { cat "$work/build.log" >&2; exit 1; }
floor_cp="$root/cli/target/test-classes:$root/cli/target/contactkit-cli.jar"
echo "input: $rows rows, seed $seed, profile $profile, $(wc -c <"$work/in.csv") bytes; JVM options: ${opts:-none (the launcher defaults)}; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)${CONTACTKIT_BENCH_WARM:+; each run after an unmeasured run of itself}; outputs $([ "${CONTACTKIT_BENCH_REPLACE:-}" = 1 ] && echo "replaced (each run writes over the last run's)" || echo "new (the last run's removed before each run)")"

measure() { # label, command...: one line "label wall_s cpu_s maxrss_kb"; $outputs names the command's output files
    local label=$1; shift
    if [ "${CONTACTKIT_BENCH_WARM:-}" = 1 ]; then
        "$@" >/dev/null 2>&1 || true
    fi
    if [ "${CONTACTKIT_BENCH_REPLACE:-}" != 1 ]; then
        # shellcheck disable=SC2086 # outputs is a list of files, set before each call
        rm -f ${outputs:-}
    fi
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err"
        read -r wall user sys rss <"$work/time"
        echo "$label $wall $(python3 -c "print(round($user + $sys, 2))") $rss"
    else
        local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>"$work/err"; t1=$(date +%s.%N)
        echo "$label $(python3 -c "print(round($t1 - $t0, 2))") - -"
    fi
}

for i in $(seq "$runs"); do
    # interleaved, so that a change of load on the machine touches both alike
    outputs=""
    measure floor "$java" $opts -XX:+UseParallelGC -cp "$floor_cp" io.contactkit.cli.ParseFloor "$work/in.csv" | tee -a "$work/results"
    outputs="$work/out.ndjson $work/rejects.ndjson"
    CONTACTKIT_JAVA_OPTS="$opts" measure dedupe "$root/contactkit" dedupe --strategy merge --region US \
        --output "$work/out.ndjson" --rejects "$work/rejects.ndjson" "$work/in.csv" | tee -a "$work/results"
    tail -n 1 "$work/err" | sed 's/^/  /'
    if [ -n "$before" ]; then
        outputs="$work/before.ndjson $work/before-rejects.ndjson"
        # shellcheck disable=SC2086 # opts is a list of options
        measure before "$java" -XX:+UseParallelGC $opts -jar "$before" dedupe --strategy merge --region US \
            --output "$work/before.ndjson" --rejects "$work/before-rejects.ndjson" "$work/in.csv" | tee -a "$work/results"
        tail -n 1 "$work/err" | sed 's/^/  /'
        cmp -s "$work/out.ndjson" "$work/before.ndjson" && cmp -s "$work/rejects.ndjson" "$work/before-rejects.ndjson" \
            && echo "  outputs (contacts and rejects) byte for byte the same" \
            || { echo "  OUTPUTS DIFFER from those of the other build" >&2; exit 1; }
    fi
done

python3 - "$work/results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def col(label, i):
    return [float(r[i]) for r in rows if r[0] == label and r[i] != '-']
for label in ('floor', 'dedupe', 'before'):
    for i, name in ((1, 'wall s'), (2, 'cpu s'), (3, 'max RSS kB')):
        v = col(label, i)
        if v:
            print(f"{label:7s} {name:11s} median {statistics.median(v):10.2f}  min {min(v):10.2f}  max {max(v):10.2f}")
f, d, b = col('floor', 1), col('dedupe', 1), col('before', 1)
print(f"dedupe / floor, wall, medians: {statistics.median(d) / statistics.median(f):.2f}x")
if b:
    print(f"before / dedupe, wall, medians: {statistics.median(b) / statistics.median(d):.2f}x;"
          f" CPU: {statistics.median(col('before', 2)) / statistics.median(col('dedupe', 2)):.2f}x")
EOF
