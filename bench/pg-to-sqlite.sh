#!/usr/bin/env bash
# Copies the generated benchmark data from a PostgreSQL database into an SQLite file that the
# app has migrated (`umkm-graph --database-url sqlite://FILE migrate`: schema + geography), so
# that both backends are measured over the very same rows.
#
#   bench/pg-to-sqlite.sh POSTGRES_URL SQLITE_FILE
#
# Per table: psql \copy (CSV, booleans as 0/1) -> sqlite3 .import into a temporary table ->
# INSERT ... SELECT with NULLIF(column, '') (the generator never writes empty strings, and
# CSV cannot tell NULL from ''). The columns are the SQLite table's, so a column added by a
# later migration on both sides is copied too. Deletes the record of the maintained readiness,
# so that the next start of the app recomputes it on SQLite (run.sh runs `migrate` for that).
# Ends with ANALYZE (as `PRAGMA optimize` would).
set -euo pipefail

if [ $# -ne 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
PG_URL="$1"
DB="$2"
TABLES="business_groups members member_skills products product_permits feasibility_assessments"

command -v sqlite3 >/dev/null || { echo "pg-to-sqlite.sh: sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }
[ -f "$DB" ] || { echo "pg-to-sqlite.sh: $DB does not exist: migrate it with the app first" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Same geography, same ids: group rows name kelurahans by id.
psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL" -c "SELECT id || ':' || code FROM kelurahans ORDER BY id" >"$TMP/kel.pg"
sqlite3 "$DB" "SELECT id || ':' || code FROM kelurahans ORDER BY id" >"$TMP/kel.sqlite"
if ! cmp -s "$TMP/kel.pg" "$TMP/kel.sqlite"; then
  echo "pg-to-sqlite.sh: the kelurahans of the two databases differ (ids or codes)" >&2
  exit 1
fi
if [ "$(sqlite3 "$DB" 'SELECT count(*) FROM business_groups')" != 0 ]; then
  echo "pg-to-sqlite.sh: $DB already holds groups" >&2
  exit 1
fi

{
  echo "PRAGMA foreign_keys = OFF;"
  echo "PRAGMA synchronous = OFF;"
  echo "PRAGMA temp_store = MEMORY;"
  echo "BEGIN;"
  for t in $TABLES; do
    cols="$(sqlite3 "$DB" "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$t') ORDER BY cid)")"
    # PostgreSQL side: the same columns, booleans as 0/1.
    select="$(psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL" -c "
      SELECT string_agg(CASE WHEN data_type = 'boolean' THEN quote_ident(column_name) || '::int'
                             ELSE quote_ident(column_name) END, ', ' ORDER BY array_position(string_to_array('$cols', ','), column_name::text))
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = '$t' AND column_name = ANY (string_to_array('$cols', ','))")"
    n_pg="$(echo "$select" | awk -F', ' '{print NF}')"
    n_sq="$(echo "$cols" | awk -F',' '{print NF}')"
    if [ "$n_pg" != "$n_sq" ]; then
      echo "pg-to-sqlite.sh: $t: columns differ between PostgreSQL and SQLite ($cols)" >&2
      exit 1
    fi
    psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" -c "\\copy (SELECT $select FROM $t ORDER BY 1, 2) TO '$TMP/$t.csv' CSV"
    tmpcols="$(echo "$cols" | sed 's/,/ TEXT, /g') TEXT"
    nullif="$(echo "$cols" | sed -E "s/([a-z_0-9]+)/NULLIF(\1, '')/g")"
    echo "CREATE TEMP TABLE import_$t ($tmpcols);"
    echo ".import --csv $TMP/$t.csv import_$t"
    echo "INSERT INTO $t ($cols) SELECT $nullif FROM import_$t;"
    echo "DROP TABLE import_$t;"
  done
  psql -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL" -c \
    "SELECT 'UPDATE kelurahans SET group_serial = ' || group_serial || ' WHERE id = ' || id || ';' FROM kelurahans"
  echo "DELETE FROM maintained_columns;"
  echo "COMMIT;"
  echo "ANALYZE;"
} >"$TMP/load.sql"

sqlite3 -bail "$DB" <"$TMP/load.sql"

for t in $TABLES; do
  a="$(psql -X -q -A -t "$PG_URL" -c "SELECT count(*) FROM $t")"
  b="$(sqlite3 "$DB" "SELECT count(*) FROM $t")"
  if [ "$a" != "$b" ]; then
    echo "pg-to-sqlite.sh: $t: $a rows in PostgreSQL, $b in SQLite" >&2
    exit 1
  fi
done
