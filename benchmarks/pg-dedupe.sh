#!/usr/bin/env bash
# `contactkit dedupe --provider postgres` of a generated CSV into an empty workspace, next to its floor:
# the offline `dedupe` of the same file, run in turn with it (offline, store, offline, store, ...).
#
#   CONTACTKIT_POSTGRES_URL=postgresql://... benchmarks/pg-dedupe.sh [ROWS] [RUNS] [SEED]   (defaults: 1000000 2 7)
#
# Both with the launcher's defaults (a heap of 768 MB, 1 GB for the store run, to start with) unless CONTACTKIT_JAVA_OPTS is set, and with
# `--strategy merge --region US`. Prints per run the wall time, CPU time (user + system), peak resident
# memory (from /usr/bin/time) and the load average before it, then the ratio of the store's wall time to
# the offline run's just before it. Afterwards checks the outputs: the store run's output lines equal the
# offline run's except for the contact ids (the store's are UUIDs), and the workspace, exported, holds
# exactly the offline contacts (identifiers, attributes, lists, owner, language; ids, timestamps and
# sourceRecords aside). Each run writes into a workspace of its own, left in the database.
# With PG_DEDUPE_SERVER_CPU set to a command that prints the database server's CPU seconds so far (the
# server's processes are not children of this script), each store run also prints the server's CPU.
# With PG_DEDUPE_WAITS=1 (needs psql), each store run also prints what the run's server session did, phase by
# phase, from pg_stat_activity sampled every 0.1 s: running (no wait event: on a core, or waiting for one), waiting
# for I/O or a lock (any other wait event, named), waiting for the tool inside a statement (ClientRead), or idle in
# the transaction between statements (waiting for the tool's next one).
# With PG_DEDUPE_FLOOR=1 (needs psql, and a user that may create databases), each store run is followed by the
# database's own floor: the rows the run left (its workspace's contacts, identifiers and log) are dumped, and psql alone,
# with no tool running, loads them into a new database of the same server (migrated as the tool migrates) in one
# transaction, as the run did; prints that load's wall time (and the server's CPU with PG_DEDUPE_SERVER_CPU), then
# drops the database.
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

waits_start() { # samples the run's session (application_name contactkit, inside its transaction) into $work/waits
    [ "${PG_DEDUPE_WAITS:-0}" = 1 ] || return 0
    echo "select extract(epoch from clock_timestamp()), pid, state, coalesce(wait_event, '-'), left(query, 48) from pg_stat_activity
          where application_name = 'contactkit' and datname = current_database() and xact_start is not null \\watch 0.1" \
        | psql -X -At "${CONTACTKIT_POSTGRES_URL#r2dbc:}" >"$work/waits" 2>/dev/null &
    sampler=$!
}

waits_report() { # the session's phases: the log while the run decides, the contacts' COPY, the identifiers' COPY to the commit
    [ "${PG_DEDUPE_WAITS:-0}" = 1 ] || return 0
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    python3 - "$work/waits" <<'EOF'
import sys
from collections import Counter, defaultdict
phases = defaultdict(Counter)
bounds = {}
rows = [f for f in (line.rstrip('\n').split('|') for line in open(sys.argv[1])) if len(f) >= 5]
run = {f[1] for f in rows if f[4].startswith('COPY')}   # the run's own session: the one that copies
for f in rows:
    if f[1] not in run:
        continue
    t, state, wait, query = float(f[0]), f[2], f[3], f[4]
    if 'COPY' in query and '.identifiers' in query or 'identifiers and commit' in bounds:
        phase = 'identifiers and commit'
    elif 'COPY' in query and '.contacts' in query or 'contacts' in bounds:
        phase = 'contacts'
    else:
        phase = 'deciding (log)'
    kind = ('idle in transaction' if state.startswith('idle') else 'running' if wait == '-'
            else 'waiting for the tool' if wait == 'ClientRead' else 'I/O or lock')
    phases[phase][kind] += 1
    if kind == 'I/O or lock':
        phases[phase]['~' + wait] += 1
    first, last = bounds.get(phase, (t, t))
    bounds[phase] = (min(first, t), max(last, t))
for phase in ('deciding (log)', 'contacts', 'identifiers and commit'):
    c = phases.get(phase)
    if not c:
        continue
    n = sum(v for k, v in c.items() if not k.startswith('~'))
    shares = ', '.join(f'{k} {100 * c[k] / n:.0f}%' for k in ('running', 'I/O or lock', 'waiting for the tool', 'idle in transaction') if c[k])
    waits = ', '.join(f'{k[1:]} {v}' for k, v in c.most_common() if k.startswith('~'))
    first, last = bounds[phase]
    print(f'  server session, {phase}: {last - first:.1f} s, {n} samples: {shares}' + (f' (waits: {waits})' if waits else ''))
EOF
}

database_floor() { # workspace, run: psql alone loads the run's rows into a new database in one transaction, timed
    [ "${PG_DEDUPE_FLOOR:-0}" = 1 ] || return 0
    local url="${CONTACTKIT_POSTGRES_URL#r2dbc:}" ws=$1 floor_db="contactkit_floor_$tag"
    local floor_url
    floor_url=$(python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$url" "$floor_db")
    local tables="command_log_chunks log_batches contacts identifiers"
    for t in $tables; do
        psql -X -q "$url" -c "\\copy (select * from contactkit.$t where workspace = '$ws') to '$work/floor-$t.bin' (format binary)"
    done
    psql -X -q "$url" -c "drop database if exists $floor_db" -c "create database $floor_db"
    CONTACTKIT_POSTGRES_URL="$floor_url" "$k" db migrate >/dev/null
    local load=(-c begin)
    for t in $tables; do
        load+=(-c "\\copy contactkit.$t from '$work/floor-$t.bin' (format binary)")
    done
    load+=(-c commit)
    # a clean start where the user may (superuser or pg_checkpoint): the store run's dirty pages written out first
    psql -X -q "$floor_url" -c checkpoint 2>/dev/null || true
    local cpu0=0 t0 t1
    [ -z "${PG_DEDUPE_SERVER_CPU:-}" ] || cpu0=$($PG_DEDUPE_SERVER_CPU)
    t0=$(date +%s.%N)
    if ! psql -X -q -v ON_ERROR_STOP=1 "$floor_url" "${load[@]}"; then
        psql -X -q "$url" -c "drop database if exists $floor_db"
        echo "database-floor-$2 FAILED: psql could not load the run's rows" >&2
        exit 1
    fi
    t1=$(date +%s.%N)
    local server=""
    [ -z "${PG_DEDUPE_SERVER_CPU:-}" ] || server=" server_cpu=$(python3 -c "print(round($($PG_DEDUPE_SERVER_CPU) - $cpu0, 1))")"
    echo "database-floor-$2 $(python3 -c "print(round($t1 - $t0, 2))")$server | psql alone: the run's rows into a new database, one transaction"
    psql -X -q "$url" -c "drop database $floor_db"
    rm -f "$work"/floor-*.bin
}

for i in $(seq 1 "$runs"); do
    off=$(measure "offline-$i" "$k" dedupe --strategy merge --region US --output "$work/off-$i.ndjson" "$input")
    echo "$off"
    ws="bench-$tag-$i"
    waits_start
    pg=$(measure "postgres-$i" "$k" dedupe --provider postgres --workspace "$ws" --strategy merge --region US --output "$work/pg-$i.ndjson" "$input")
    echo "$pg"
    waits_report
    python3 -c "import sys; a=float(sys.argv[1].split()[1]); b=float(sys.argv[2].split()[1]); print(f'ratio-{sys.argv[3]} {b / a:.2f}x')" "$off" "$pg" "$i"
    database_floor "$ws" "$i"
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
