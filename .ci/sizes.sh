#!/usr/bin/env bash
# Lists the Rust files in src/ over 400 lines and the functions over 80 lines, longest first,
# so that whoever touches them can see what to split. Exit status 0 either way (a report, not
# a gate): `bash .ci/sizes.sh` from anywhere in the checkout, or `--max-file N --max-fn N`.
#
# A function is counted from its `fn` line to the closing brace at the same indentation, which
# is where rustfmt puts it; declarations without a body (`fn f();`) are not functions here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

MAX_FILE=400
MAX_FN=80
while [ $# -gt 0 ]; do
  case "$1" in
    --max-file) MAX_FILE="$2"; shift 2 ;;
    --max-fn) MAX_FN="$2"; shift 2 ;;
    *) echo "usage: $0 [--max-file LINES] [--max-fn LINES]" >&2; exit 2 ;;
  esac
done

# src/db/schema.rs is skipped: diesel's generated table list, rewritten by `diesel print-schema`,
# not code anyone splits by hand.
files="$(find src -name '*.rs' ! -path src/db/schema.rs | sort)"

echo "Files over ${MAX_FILE} lines:"
# shellcheck disable=SC2086
wc -l $files | awk -v max="$MAX_FILE" '$2 != "total" && $1 > max { printf "  %5d  %s\n", $1, $2 }' | sort -rn

echo "Functions over ${MAX_FN} lines:"
# shellcheck disable=SC2086
awk -v max="$MAX_FN" '
  FNR == 1 { open = 0 }
  # A function starts at a line whose first word (after visibility and qualifiers) is fn.
  !open && match($0, /^ *((pub(\([a-z:]+\))? )?((const|async|unsafe|extern "C") )*)fn [A-Za-z_][A-Za-z0-9_]*/) {
    indent = match($0, /[^ ]/) - 1
    name = $0; sub(/^ */, "", name); sub(/^.*fn /, "", name); sub(/[^A-Za-z0-9_].*$/, "", name)
    start = FNR
    # One-line functions and bodiless declarations end here.
    if ($0 ~ /;[ ]*$/ && $0 !~ /\{/) next
    if ($0 ~ /\}[ ]*$/ && $0 ~ /\{/ && gsub(/\{/, "{") == gsub(/\}/, "}")) next
    open = 1
    closing = sprintf("%" indent "s}", "")
    if (indent == 0) closing = "}"
    next
  }
  open && ($0 == closing || $0 == closing ",") {
    lines = FNR - start + 1
    if (lines > max) printf "  %5d  %s:%d %s\n", lines, FILENAME, start, name
    open = 0
  }
' $files | sort -rn
