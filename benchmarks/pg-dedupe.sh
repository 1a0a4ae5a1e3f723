#!/usr/bin/env bash
# `contactkit dedupe --provider postgres` of a generated CSV into an empty workspace, next to its floor:
# the offline `dedupe` of the same file, run in turn with it (offline, store, offline, store, ...).
#
#   CONTACTKIT_POSTGRES_URL=postgresql://... benchmarks/pg-dedupe.sh [ROWS] [RUNS] [SEED]   (defaults: 1000000 2 7)
#
# Both with the launcher's defaults (768 MB heap) unless CONTACTKIT_JAVA_OPTS is set, and with
# `--strategy merge --region US`. Prints per run the wall time, CPU time (user + system), peak resident
# memory (from /usr/bin/time) and the load average before it, then the ratio of the store's wall time to
# the offline run's just before it. Afterwards checks the outputs: the store run's output lines equal the
# offline run's except for the contact ids (the store's are UUIDs), and the workspace, exported, holds
# exactly the offline contacts (identifiers, attributes, lists, owner, language; ids, timestamps and
# sourceRecords aside). Each run writes into a workspace of its own, left in the database.
# With PG_DEDUPE_SERVER_CPU set to a command that prints the database server's CPU seconds so far (the
# server's processes are not children of this script), each store run also prints the server's CPU.
set -euo pipefail
rows=${1:-1000000}
runs=${2:-2}
seed=${3:-7}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${PG_DEDUPE_WORK:-$(mktemp -d)}
mkdir -p "$work"
: "${CONTACTKIT_POSTGRES_URL:?set CONTACTKIT_POSTGRES_URL to the database to write into}"
k="$root/contactkit"
tag=$(date +%s)

[ -f "$work/in-$rows-$seed.csv" ] || "$k" generate --rows "$rows" --seed "$seed" --output "$work/in-$rows-$seed.csv"
input="$work/in-$rows-$seed.csv"
"$k" db migrate >/dev/null
echo "input: $rows rows, seed $seed, $(wc -c <"$input") bytes; JVM options: ${CONTACTKIT_JAVA_OPTS:-none (the launcher defaults)}; $(nproc) cores"

measure() { # label, command...: "label wall_s cpu_s maxrss_MB load1 | summary"
    local label=$1; shift
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    local cpu0=0
    [ -z "${PG_DEDUPE_SERVER_CPU:-}" ] || cpu0=$($PG_DEDUPE_SERVER_CPU)
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" 2>"$work/err"; then
        cat "$work/err" >&2
        echo "$label FAILED" >&2
        exit 1
    fi
    read -r wall user sys rss <"$work/time"
    local server=""
    if [ -n "${PG_DEDUPE_SERVER_CPU:-}" ] && [ "$label" != "${label#postgres}" ]; then
        server=" server_cpu=$(python3 -c "print(round($($PG_DEDUPE_SERVER_CPU) - $cpu0, 1))")"
    fi
    echo "$label $wall $(python3 -c "print(round($user + $sys, 1), round($rss / 1024))") $load$server | $(grep -v 'Command' "$work/err" | tail -1)"
}

for i in $(seq 1 "$runs"); do
    off=$(measure "offline-$i" "$k" dedupe --strategy merge --region US --output "$work/off-$i.ndjson" "$input")
    echo "$off"
    ws="bench-$tag-$i"
    pg=$(measure "postgres-$i" "$k" dedupe --provider postgres --workspace "$ws" --strategy merge --region US --output "$work/pg-$i.ndjson" "$input")
    echo "$pg"
    python3 -c "import sys; a=float(sys.argv[1].split()[1]); b=float(sys.argv[2].split()[1]); print(f'ratio-{sys.argv[3]} {b / a:.2f}x')" "$off" "$pg" "$i"
    "$k" export --provider postgres --workspace "$ws" --output "$work/export-$i.ndjson" 2>/dev/null
    python3 - "$work/off-$i.ndjson" "$work/pg-$i.ndjson" "$work/export-$i.ndjson" <<'EOF'
import json, sys
from collections import Counter

def lines(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]

def content(c):
    # what a contact is, whoever stores it: not its id, timestamps or the records that made it
    return json.dumps({k: c.get(k) for k in ("identifiers", "attributes", "lists", "accounts", "owner", "language")}, sort_keys=True)

off, pg, exported = lines(sys.argv[1]), lines(sys.argv[2]), lines(sys.argv[3])
same_output = [dict(c, id=None) for c in off] == [dict(c, id=None) for c in pg]
same_store = Counter(map(content, off)) == Counter(map(content, exported))
print(f"outputs: offline {len(off)} contacts, store run {len(pg)} (equal but ids: {same_output}),"
      f" exported {len(exported)} (equal contacts: {same_store})")
if not (same_output and same_store):
    sys.exit(1)
EOF
done
