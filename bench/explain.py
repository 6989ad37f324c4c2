#!/usr/bin/env python3
"""EXPLAIN ANALYZE of every distinct SELECT that our server ran during a bench run.

    python3 bench/explain.py BENCH_OUT/ours-probe.log "postgres://...umkm_bench_national..." [--verbose]

run.sh leaves `ours-probe.log` in its output folder: our server's SQL trace (the statements
with their bind values) while it answered each query once. This script replays each distinct
SELECT with EXPLAIN (ANALYZE, BUFFERS) on the database given, and flags what would not scale:
a sequential scan of a big table, or a sort or hash that spilled to disk. It exits 1 when it
flags anything, so "no sequential scan, no spill" is checked, not eyeballed.
"""

import re
import subprocess
import sys

BIG_TABLES = ("products", "members", "business_groups", "product_permits", "feasibility_assessments",
              "member_skills", "financing_applications")
STATEMENT = re.compile(r"TRACE umkm_graph::sql: query=(.*?) -- binds: (\[.*\])$")


def literal(value):
    """A bind value as diesel's Debug printed it, turned into an SQL literal."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        items = split(value[1:-1])
        return "ARRAY[" + ", ".join(literal(item) for item in items) + "]" if items else "'{}'"
    if value.startswith('"'):
        return "'" + value[1:-1].replace("\\\"", '"').replace("'", "''") + "'"
    wrapped = re.fullmatch(r"(?:Some|[A-Z]\w*Id)\((.*)\)", value)
    if wrapped:
        return literal(wrapped.group(1))
    if value == "None":
        return "NULL"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?", value):
        return "'" + value + "'"
    if re.fullmatch(r"[A-Z][A-Za-z]*", value):
        return "'" + re.sub(r"(?<!^)([A-Z])", r"_\1", value).upper() + "'"
    return value


def split(text):
    """Top-level comma-separated items of a Debug list."""
    items, depth, current, quoted = [], 0, "", False
    for ch in text:
        if ch == '"' and not current.endswith("\\"):
            quoted = not quoted
        if not quoted:
            depth += ch in "[("
            depth -= ch in "])"
            if ch == "," and depth == 0:
                items.append(current)
                current = ""
                continue
        current += ch
    if current.strip():
        items.append(current)
    return items


def statements(log):
    seen = {}
    for line in open(log, encoding="utf-8"):
        match = STATEMENT.search(line.rstrip("\n"))
        if not match or not match.group(1).startswith("SELECT") or "__diesel" in match.group(1):
            continue
        sql, binds = match.group(1), split(match.group(2)[1:-1])
        for n in range(len(binds), 0, -1):
            sql = sql.replace(f"${n}", literal(binds[n - 1]))
        seen.setdefault(match.group(1), sql)
    return list(seen.values())


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    log, url, verbose = sys.argv[1], sys.argv[2], "--verbose" in sys.argv
    flagged = 0
    for sql in statements(log):
        plan = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c",
                               "SET jit = off; EXPLAIN (ANALYZE, BUFFERS) " + sql],
                              capture_output=True, text=True)
        if plan.returncode != 0:
            print(f"FAILED {sql[:160]}\n{plan.stderr}")
            flagged += 1
            continue
        text = plan.stdout
        problems = [f"seq scan of {table}" for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", text)]
        problems += ["spilled to disk"] if re.search(r"external (merge|sort)|Disk: ", text) else []
        took = re.search(r"Execution Time: ([\d.]+) ms", text)
        print(f"{'FLAG ' + ', '.join(problems) if problems else 'ok  '} {took.group(1) if took else '?':>9} ms  {sql[:150]}")
        if verbose or problems:
            print(text)
        flagged += bool(problems)
    print(f"{flagged} statement(s) flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
