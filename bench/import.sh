#!/usr/bin/env bash
# Times `umkm-graph import groups` of ROWS generated member rows (default 50,000) on a fresh
# SQLite file and a fresh PostgreSQL database, then the re-import of the same file (which must
# create nothing); then the same for a product file of ROWS products of those groups. Not run
# by `cargo test` or CI.
#
#   bench/import.sh [ROWS]
#
# Uses target/release/umkm-graph when it exists, else target/debug/umkm-graph (say which in
# the figures you report). PostgreSQL: BENCH_PG_HOST (default /var/run/postgresql) as
# BENCH_PG_USER (default postgres), who may create databases; skipped when unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-50000}"
BIN=target/release/umkm-graph
[ -x "$BIN" ] || BIN=target/debug/umkm-graph
[ -x "$BIN" ] || { echo "build first: cargo build" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FILE="$WORK/groups.csv"
PRODUCTS="$WORK/products.csv"
python3 bench/import-gen.py "$ROWS" > "$FILE"
python3 bench/import-gen.py "$ROWS" products > "$PRODUCTS"
echo "binary: $BIN; file: $ROWS rows, $(du -h "$FILE" | cut -f1)"

run() { # label url
    local label="$1" url="$2"
    RUST_LOG=warn "$BIN" --database-url "$url" migrate >/dev/null 2>&1
    for kind in groups products; do
        local file="$FILE"
        [ "$kind" = products ] && file="$PRODUCTS"
        for pass in import re-import; do
            local start end
            start=$(date +%s.%N)
            RUST_LOG=warn "$BIN" --database-url "$url" import "$kind" "$file" 2>/dev/null | sed "s/^/$label $kind $pass: /"
            end=$(date +%s.%N)
            printf '%s %s %s: %.1f s wall\n' "$label" "$kind" "$pass" "$(echo "$end - $start" | bc)"
        done
    done
}

run sqlite "sqlite://$WORK/bench.db"

PG_HOST="${BENCH_PG_HOST:-/var/run/postgresql}"
PG_USER="${BENCH_PG_USER:-postgres}"
DB="umkm_import_bench_$$"
if createdb -h "$PG_HOST" -U "$PG_USER" "$DB" 2>/dev/null; then
    run postgres "postgres://$PG_USER@localhost/$DB?host=$PG_HOST"
    dropdb -h "$PG_HOST" -U "$PG_USER" "$DB"
else
    echo "postgres: not reachable at $PG_HOST as $PG_USER, skipped"
fi
