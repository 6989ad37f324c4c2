#!/usr/bin/env bash
# The umkm-graph benchmark: our server against PostGraphile v5 over the same PostgreSQL data
# (or our server on SQLite against itself on PostgreSQL), alternating runs. See bench/README.md.
#
#   bench/run.sh [--scale city|province|national] [--backend postgres|sqlite]
#                [--duration 10s] [--warmup 2s] [--queries "q1 q1r q2 q3 flagship"]
#                [--no-build] [--regenerate] [--generate-only]
#
# Builds `cargo build --release` (CARGO_TARGET_DIR is honoured), generates the data once per
# scale (cached: PostgreSQL database umkm_bench_SCALE, SQLite file under BENCH_DATA_DIR),
# starts the servers, checks that every query answers without errors on both sides, counts SQL
# statements per request, then runs each query at 1 and at 8 clients with wrk, ours and theirs
# one after the other, and prints a table. Raw outputs are kept in BENCH_OUT.
#
# Environment (defaults): BENCH_PG_HOST (/var/run/postgresql), BENCH_PG_USER (postgres),
# BENCH_PG_LOG (/var/log/postgresql/postgresql-15-main.log: read to count statements),
# BENCH_DATA_DIR (/var/tmp/umkm-bench), BENCH_OUT (/tmp/umkm-bench-SCALE-BACKEND-TIME),
# BENCH_PORT (5821: uses PORT..PORT+3), BENCH_NICE (19), ANCHORS_DIR (/work/shared/anchors).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

SCALE=city
BACKEND=postgres
DURATION=10s
WARMUP=2s
QUERIES="q1 q1r q2 q3 flagship"
BUILD=1
REGENERATE=0
GENERATE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --backend) BACKEND="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --regenerate) REGENERATE=1; shift ;;
    --generate-only) GENERATE_ONLY=1; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$SCALE" in
  city) GROUPS_N=460 ;;
  province) GROUPS_N=4600 ;;
  national) GROUPS_N=100000 ;;
  *) echo "run.sh: --scale is city, province or national" >&2; exit 2 ;;
esac
case "$BACKEND" in postgres | sqlite) ;; *) echo "run.sh: --backend is postgres or sqlite" >&2; exit 2 ;; esac

PG_HOST="${BENCH_PG_HOST:-/var/run/postgresql}"
PG_USER="${BENCH_PG_USER:-postgres}"
PG_LOG="${BENCH_PG_LOG:-/var/log/postgresql/postgresql-15-main.log}"
DATA_DIR="${BENCH_DATA_DIR:-/var/tmp/umkm-bench}"
OUT="${BENCH_OUT:-/tmp/umkm-bench-$SCALE-$BACKEND-$(date -u +%Y%m%dT%H%M%S)}"
PORT="${BENCH_PORT:-5821}"
NICE="nice -n ${BENCH_NICE:-19}"
ANCHORS_DIR="${ANCHORS_DIR:-/work/shared/anchors}"
PROBE_ROLE=umkm_bench_probe
DB="umkm_bench_$SCALE"
export PGHOST="$PG_HOST" PGUSER="$PG_USER"
pg_url() { echo "postgres://${2:-$PG_USER}@localhost/$1?host=$PG_HOST"; }
PG_URL="$(pg_url "$DB")"
mkdir -p "$OUT" "$DATA_DIR"
log() { echo "run.sh: $*" >&2; }

# ---- what the bench needs --------------------------------------------------------------------
need_apt() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (apt-get)"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >&2
  else
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >&2
  fi
}
need_apt wrk wrk
need_apt jq jq
need_apt curl curl
need_apt psql postgresql-client
[ "$BACKEND" = sqlite ] && need_apt sqlite3 sqlite3
[ -f "$ANCHORS_DIR/postgraphile.sh" ] && [ -f "$ANCHORS_DIR/bench-post.lua" ] || {
  log "the anchor scripts are missing: set ANCHORS_DIR (postgraphile.sh, bench-post.lua, install.sh)"
  exit 1
}
if [ "$BACKEND" = postgres ]; then bash "$ANCHORS_DIR/install.sh"; fi
psql -X -q -c 'SELECT 1' postgres >/dev/null || { log "PostgreSQL does not answer at $PG_HOST as $PG_USER"; exit 1; }

# ---- build -----------------------------------------------------------------------------------
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/umkm-graph"
if [ "$BUILD" = 1 ]; then
  log "cargo build --release (target dir $TARGET_DIR)"
  (cd "$ROOT" && $NICE cargo build --release --quiet) >&2
fi
[ -x "$BIN" ] || { log "no binary at $BIN"; exit 1; }

# ---- data (cached per scale) -----------------------------------------------------------------
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
PG_KEY="umkm-bench groups=$GROUPS_N $(hash_of "$HERE/gen-postgres.sql" "$ROOT"/migrations/postgres/*/up.sql)"
GEN_SECONDS=cached
current_key="$(psql -X -A -t -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$DB'" postgres)"
if [ "$REGENERATE" = 1 ] || [ "$current_key" != "$PG_KEY" ]; then
  log "generating $SCALE data in PostgreSQL database $DB ($GROUPS_N groups)"
  start=$(date +%s)
  dropdb --if-exists "$DB"
  createdb "$DB"
  "$BIN" --database-url "$PG_URL" migrate >&2
  psql -X -q -v ON_ERROR_STOP=1 -v groups="$GROUPS_N" -f "$HERE/gen-postgres.sql" "$DB" >/dev/null
  # computes the maintained readiness of the generated products
  "$BIN" --database-url "$PG_URL" migrate >&2
  psql -X -q -v ON_ERROR_STOP=1 -c "VACUUM ANALYZE" "$DB"
  psql -X -q -c "COMMENT ON DATABASE $DB IS '$PG_KEY'" postgres
  GEN_SECONDS=$(($(date +%s) - start))
  log "generated in ${GEN_SECONDS}s"
fi
SQLITE_FILE="$DATA_DIR/$SCALE.db"
SQLITE_URL="sqlite://$SQLITE_FILE"
if [ "$BACKEND" = sqlite ]; then
  SQ_KEY="$PG_KEY $(hash_of "$HERE/pg-to-sqlite.sh" "$ROOT"/migrations/sqlite/*/up.sql)"
  if [ "$REGENERATE" = 1 ] || [ "$GEN_SECONDS" != cached ] || [ ! -f "$SQLITE_FILE" ] \
    || [ "$(cat "$SQLITE_FILE.key" 2>/dev/null)" != "$SQ_KEY" ]; then
    log "copying $SCALE data into SQLite $SQLITE_FILE"
    start=$(date +%s)
    rm -f "$SQLITE_FILE" "$SQLITE_FILE-wal" "$SQLITE_FILE-shm" "$SQLITE_FILE.key"
    "$BIN" --database-url "$SQLITE_URL" migrate >&2
    "$HERE/pg-to-sqlite.sh" "$PG_URL" "$SQLITE_FILE"
    # recomputes the maintained readiness on SQLite's own (pg-to-sqlite.sh dropped its record)
    "$BIN" --database-url "$SQLITE_URL" migrate >&2
    echo "$SQ_KEY" >"$SQLITE_FILE.key"
    log "copied in $(($(date +%s) - start))s"
  fi
fi
if [ "$GENERATE_ONLY" = 1 ]; then
  log "data ready: PostgreSQL $PG_URL$([ "$BACKEND" = sqlite ] && echo ", SQLite $SQLITE_FILE")"
  exit 0
fi
COUNTS="$(psql -X -A -t -F ' ' -c "SELECT (SELECT count(*) FROM business_groups), (SELECT count(*) FROM members), (SELECT count(*) FROM products)" "$DB")"
read -r N_GROUPS N_MEMBERS N_PRODUCTS <<<"$COUNTS"

# ---- servers ---------------------------------------------------------------------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_graphql() { # port name
  local i
  for i in $(seq 1 120); do
    if curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -d '{"query":"{ __typename }"}' "http://127.0.0.1:$1/graphql" 2>/dev/null | grep -q 200; then
      return 0
    fi
    sleep 0.5
  done
  log "$2 did not answer on port $1 (log in $OUT)"
  exit 1
}

start_ours() { # url port name [rust_log]
  # One client address sends everything here: the rate limits (on by default) would measure
  # the limiter, not the server.
  RUST_LOG="${4:-warn}" NO_COLOR=1 PUBLIC_RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_PER_MINUTE=0 $NICE "$BIN" --database-url "$1" serve --listen "127.0.0.1:$2" \
    >"$OUT/$3.log" 2>&1 &
  PIDS+=($!)
  wait_graphql "$2" "$3"
}
start_theirs() { # url port name
  # bash replaces itself with node (exec), so $! is the server's PID.
  $NICE bash "$ANCHORS_DIR/postgraphile.sh" "$1" "$2" >"$OUT/$3.log" 2>&1 &
  PIDS+=($!)
  wait_graphql "$2" "$3"
}
stop_last() {
  local pid="${PIDS[-1]}"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset 'PIDS[-1]'
}

if [ "$BACKEND" = postgres ]; then
  A_NAME=ours; B_NAME=theirs; A_URL="$PG_URL"
else
  A_NAME=sqlite; B_NAME=postgres; A_URL="$SQLITE_URL"
fi

# ---- request bodies --------------------------------------------------------------------------
NODE_NUMBER=$((N_PRODUCTS / 2))
OURS_NODE_ID="$(printf 'Product:%s' "$NODE_NUMBER" | base64 -w0 | tr '+/' '-_' | tr -d '=')"
body() { # graphql file -> JSON body on stdout, node id filled in
  sed "s/__NODE_ID__/$2/" "$1" | jq -Rs '{query: .}'
}
side_file() { # query side -> graphql source for that side
  case "$2" in
    ours | sqlite | postgres) echo "$HERE/queries/$1.ours.graphql" ;;
    theirs) echo "$HERE/queries/$1.theirs.graphql" ;;
  esac
}

# ---- statements per request --------------------------------------------------------------------
# Ours: the app's own statement counter (diesel instrumentation, the one the tests read) logs
# every statement at TRACE under target umkm_graph::sql; a probe instance runs with that on and
# the log lines per request are counted. On PostgreSQL, also what the server itself logs for a
# role with log_statement=all (the same method for PostGraphile): probe instances of both
# servers connect as that role, so the measured instances log nothing.
declare -A STMT_APP STMT_PG
count_pg_log() { # -> number of statement log lines of the probe role so far
  grep -c -E "$PROBE_ROLE@$DB (LOG|ERROR): +(statement|execute)" "$PG_LOG" 2>/dev/null || true
}
post() { curl -s -X POST -H 'Content-Type: application/json' --data-binary "@$2" "http://127.0.0.1:$1/graphql"; }
probe_counts() { # side port applog(or "") -> fills STMT_APP/STMT_PG for each query
  local side="$1" port="$2" applog="$3" q f a0 a1 p0 p1 i
  for q in $QUERIES; do
    f="$OUT/$q.$side.json"
    [ -f "$f" ] || continue
    for i in 1 2 3; do post "$port" "$f" >/dev/null; done
    sleep 0.3
    a0=0; [ -n "$applog" ] && a0=$(grep -c 'umkm_graph::sql' "$applog" || true)
    p0=$(count_pg_log)
    for i in 1 2 3 4 5; do post "$port" "$f" >/dev/null; done
    sleep 0.5
    if [ -n "$applog" ]; then
      a1=$(grep -c 'umkm_graph::sql' "$applog" || true)
      STMT_APP[$q.$side]=$(awk -v a="$a0" -v b="$a1" 'BEGIN { printf "%.1f", (b - a) / 5 }')
    fi
    if [ "$PG_PROBE" = 1 ]; then
      p1=$(count_pg_log)
      STMT_PG[$q.$side]=$(awk -v a="$p0" -v b="$p1" 'BEGIN { printf "%.1f", (b - a) / 5 }')
    fi
  done
}

PG_PROBE=0
if [ -r "$PG_LOG" ]; then
  PG_PROBE=1
  psql -X -q -v ON_ERROR_STOP=1 postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PROBE_ROLE') THEN
    CREATE ROLE $PROBE_ROLE LOGIN SUPERUSER;
  END IF;
END \$\$;
ALTER ROLE $PROBE_ROLE SET log_statement = 'all';
SQL
else
  log "cannot read $PG_LOG: statements are counted by the app's counter only (set BENCH_PG_LOG)"
fi

# ---- check every query on both sides, count statements ---------------------------------------
log "starting servers (output in $OUT)"
start_ours "$A_URL" "$PORT" "$A_NAME"
if [ "$BACKEND" = postgres ]; then
  start_theirs "$PG_URL" $((PORT + 1)) theirs
  THEIRS_NODE_ID="$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"query\":\"{ product(rowId: \\\"$NODE_NUMBER\\\") { id } }\"}" \
    "http://127.0.0.1:$((PORT + 1))/graphql" | jq -r '.data.product.id')"
else
  start_ours "$PG_URL" $((PORT + 1)) postgres
fi

for q in $QUERIES; do
  for side in "$A_NAME" "$B_NAME"; do
    src="$(side_file "$q" "$side")"
    [ -f "$src" ] || continue
    id="$OURS_NODE_ID"; [ "$side" = theirs ] && id="$THEIRS_NODE_ID"
    body "$src" "$id" >"$OUT/$q.$side.json"
  done
done

FAILED=0
check() { # side port
  local q f resp
  for q in $QUERIES; do
    f="$OUT/$q.$1.json"
    [ -f "$f" ] || continue
    resp="$(post "$2" "$f")"
    printf '%s' "$resp" >"$OUT/$q.$1.response.json"
    if ! printf '%s' "$resp" | jq -e '(.errors // [] | length) == 0 and .data != null and ([.data[]] | all(. != null))' >/dev/null 2>&1; then
      log "$q on $1 FAILED: $(printf '%s' "$resp" | head -c 400)"
      FAILED=1
    else
      log "$q on $1 ok ($(printf '%s' "$resp" | wc -c) bytes)"
    fi
  done
}
check "$A_NAME" "$PORT"
check "$B_NAME" $((PORT + 1))
[ "$FAILED" = 0 ] || { log "some query failed: not measuring"; exit 1; }

# Probe instances for the statement counts.
if [ "$BACKEND" = postgres ]; then
  start_ours "$(pg_url "$DB" "$PROBE_ROLE")" $((PORT + 2)) ours-probe "warn,umkm_graph::sql=trace"
  probe_counts ours $((PORT + 2)) "$OUT/ours-probe.log"
  stop_last
  if [ "$PG_PROBE" = 1 ]; then
    start_theirs "$(pg_url "$DB" "$PROBE_ROLE")" $((PORT + 3)) theirs-probe
    probe_counts theirs $((PORT + 3)) ""
    stop_last
  fi
else
  PG_PROBE_SAVED=$PG_PROBE; PG_PROBE=0
  start_ours "$SQLITE_URL" $((PORT + 2)) sqlite-probe "warn,umkm_graph::sql=trace"
  probe_counts sqlite $((PORT + 2)) "$OUT/sqlite-probe.log"
  stop_last
  PG_PROBE=$PG_PROBE_SAVED
  start_ours "$(pg_url "$DB" "$PROBE_ROLE")" $((PORT + 2)) postgres-probe "warn,umkm_graph::sql=trace"
  probe_counts postgres $((PORT + 2)) "$OUT/postgres-probe.log"
  stop_last
fi

# ---- load runs -------------------------------------------------------------------------------
declare -A RPS P50 P99 ERRS
run_wrk() { # side port clients query duration -> the bench: line
  local threads=1
  [ "$3" -gt 1 ] && threads=2
  QUERY_FILE="$OUT/$4.$1.json" $NICE wrk -t"$threads" -c"$3" -d"$5" --timeout 30s -s "$ANCHORS_DIR/bench-post.lua" \
    "http://127.0.0.1:$2/graphql" 2>&1 | tee -a "$OUT/wrk-$4-$1-$3.txt" | grep '^bench:' || true
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for q in $QUERIES; do
  sides="$A_NAME"
  [ -f "$OUT/$q.$B_NAME.json" ] && sides="$A_NAME $B_NAME"
  for s in $sides; do # warm-up (JIT, caches, pools), not recorded
    p=$PORT; [ "$s" = "$B_NAME" ] && p=$((PORT + 1))
    run_wrk "$s" "$p" 8 "$q" "$WARMUP" >/dev/null
  done
  for c in 1 8; do
    for s in $sides; do
      p=$PORT; [ "$s" = "$B_NAME" ] && p=$((PORT + 1))
      line="$(run_wrk "$s" "$p" "$c" "$q" "$DURATION")"
      RPS[$q.$s.$c]="$(field req_per_s "$line")"
      P50[$q.$s.$c]="$(field lat_p50_ms "$line")"
      P99[$q.$s.$c]="$(field lat_p99_ms "$line")"
      e1="$(field socket_errors "$line")"; e2="$(field non2xx "$line")"
      ERRS[$q.$s.$c]=$(( ${e1:-1} + ${e2:-1} ))
      log "$q $s c=$c: ${RPS[$q.$s.$c]:-?} req/s p50 ${P50[$q.$s.$c]:-?} ms p99 ${P99[$q.$s.$c]:-?} ms"
    done
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

peak_rss() { awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
RSS_A="$(peak_rss "${PIDS[0]}")"
RSS_B="$(peak_rss "${PIDS[1]}")"

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
or_dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }
{
  echo
  echo "umkm-graph bench: scale $SCALE ($N_GROUPS groups, $N_MEMBERS members, $N_PRODUCTS products, 46 kelurahan)," \
    "backend $BACKEND, $A_NAME vs $B_NAME, $DURATION per run, wrk --timeout 30s (1 client: -t1 -c1; 8 clients: -t2 -c8)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//');" \
    "load average before $LOAD_BEFORE, after $LOAD_AFTER; data generation: $GEN_SECONDS$([ "$GEN_SECONDS" != cached ] && echo s)"
  echo "peak RSS: $A_NAME $RSS_A, $B_NAME $RSS_B"
  echo
  printf '%-9s %-9s %7s %10s %9s %9s %7s\n' query side clients req/s p50_ms p99_ms errors
  for q in $QUERIES; do
    for c in 1 8; do
      for s in $A_NAME $B_NAME; do
        [ -n "${RPS[$q.$s.$c]:-}" ] || continue
        printf '%-9s %-9s %7s %10s %9s %9s %7s\n' "$q" "$s" "$c" "${RPS[$q.$s.$c]}" "${P50[$q.$s.$c]}" \
          "${P99[$q.$s.$c]}" "${ERRS[$q.$s.$c]}"
      done
    done
  done
  echo
  printf '%-9s %16s %16s %22s %16s %16s\n' query "req/s@8 $A_NAME/$B_NAME" "p50@1 $A_NAME/$B_NAME" \
    "p50@1 ms ($A_NAME, $B_NAME)" "stmts/req app" "stmts/req pg-log"
  for q in $QUERIES; do
    printf '%-9s %16s %16s %22s %16s %16s\n' "$q" \
      "$(ratio "${RPS[$q.$A_NAME.8]:-}" "${RPS[$q.$B_NAME.8]:-}")" \
      "$(ratio "${P50[$q.$A_NAME.1]:-}" "${P50[$q.$B_NAME.1]:-}")" \
      "$(or_dash "${P50[$q.$A_NAME.1]:-}"), $(or_dash "${P50[$q.$B_NAME.1]:-}")" \
      "$(or_dash "${STMT_APP[$q.$A_NAME]:-}")$([ "$BACKEND" = sqlite ] && echo " / $(or_dash "${STMT_APP[$q.postgres]:-}")")" \
      "$(or_dash "${STMT_PG[$q.$A_NAME]:-}") / $(or_dash "${STMT_PG[$q.$B_NAME]:-}")"
  done
  if [ "$BACKEND" = sqlite ]; then
    echo
    echo "Q2 at 1 client, SQLite/PostgreSQL req/s: $(ratio "${RPS[q2.sqlite.1]:-}" "${RPS[q2.postgres.1]:-}")" \
      "(p50 ${P50[q2.sqlite.1]:-?} ms vs ${P50[q2.postgres.1]:-?} ms)"
  fi
  echo
  echo "stmts/req app: our statement counter (TRACE umkm_graph::sql), per request$([ "$BACKEND" = sqlite ] && echo ", sqlite / postgres");" \
    "stmts/req pg-log: statements PostgreSQL logged for the request (log_statement=all on a probe role; BEGIN/COMMIT count), $A_NAME / $B_NAME."
  echo "raw output: $OUT"
} | tee "$OUT/report.txt"

# A run in which a server answered errors or non-2xx (an error is cheap to send) measured
# something else: say so and fail.
for key in "${!ERRS[@]}"; do
  if [ "${ERRS[$key]}" != 0 ]; then
    echo "run.sh: ${ERRS[$key]} failed answers in $key: these figures are not valid" >&2
    exit 3
  fi
done
