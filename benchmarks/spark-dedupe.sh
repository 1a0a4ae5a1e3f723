#!/usr/bin/env bash
# `contactkit dedupe` on Spark (local[2]) next to the in-memory engine, same input, same run: wall
# time, CPU time and peak resident memory of each whole process (start-up included), the component
# rounds and the time of each Spark stage, and a byte comparison of their outputs.
#
#   benchmarks/spark-dedupe.sh [ROWS] [SEED] [STRATEGY]      (defaults: 1000000 7 merge)
#
# Both run with CONTACTKIT_JAVA_OPTS (default -Xmx4g). Builds the tool and the spark module if asked.
set -euo pipefail
rows=${1:-1000000}
seed=${2:-7}
strategy=${3:-merge}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opts=${CONTACTKIT_JAVA_OPTS:--Xmx4g}

"$root/contactkit" generate --rows "$rows" --seed "$seed" --output "$work/in.csv"
echo "input: $rows rows, seed $seed, $(wc -c <"$work/in.csv") bytes; strategy $strategy; JVM options: $opts; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # label, command...: "label wall_s cpu_s maxrss_kB", then the command's last two lines of standard error
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" 2>"$work/err-$label"
    read -r wall user sys rss <"$work/time"
    echo "$label wall ${wall}s cpu $(python3 -c "print(round($user + $sys, 1))")s peak-rss $((rss / 1024))MB"
    tail -n 2 "$work/err-$label" | sed 's/^/  /'
}

# first builds happen outside the measurements
"$root/contactkit" dedupe --help >/dev/null
"$root/contactkit" dedupe --engine spark --help >/dev/null

CONTACTKIT_JAVA_OPTS="$opts" measure memory "$root/contactkit" dedupe --strategy "$strategy" --region US \
    --output "$work/memory.ndjson" --rejects "$work/memory-rejects.ndjson" "$work/in.csv"
CONTACTKIT_JAVA_OPTS="$opts" measure spark "$root/contactkit" dedupe --engine spark --master 'local[2]' --strategy "$strategy" --region US \
    --output "$work/spark.ndjson" --rejects "$work/spark-rejects.ndjson" "$work/in.csv"
cmp "$work/memory.ndjson" "$work/spark.ndjson" && cmp "$work/memory-rejects.ndjson" "$work/spark-rejects.ndjson" \
    && echo "outputs: identical ($(wc -l <"$work/memory.ndjson") contacts, $(wc -l <"$work/memory-rejects.ndjson") rejects)"
