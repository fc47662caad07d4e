#!/usr/bin/env bash
# `make bench`: generates the benchmark inputs (fixed seed; 100,000 and 1,000,000 records as
# canonical CSV, JSON Lines, canonical XML and an ELM v2 XML batch), installs polars and DuckDB
# from PyPI into .build/bench-venv once, and times mcstat beside the floors and beside those two
# scripts. Writes bench-data/bench.md and bench-data/bench.json.
#   BENCH_PROFILE=full (the default: every Annex I element and optional column filled, ~3,000
#     institutions in 41 countries, ~650 bytes a CSV row) or thin (seven countries, ~286 bytes)
#   BENCH_SIZES=100000 for a quick run, BENCH_FORMATS=csv for one input format
#     (csv, jsonl, xml = canonical XML, elm-xml), BENCH_BIN=PATH to time another mcstat build,
#   BENCH_PEERS=none to leave out the polars and DuckDB scripts (default polars,duckdb),
#   BENCH_OUT=DIR for the data, stores and table (default bench-data).
#   BENCH_STORES=sqlite,postgresql (the default) times ingest and report on PostgreSQL too, for the
#     BENCH_POSTGRES_FORMATS inputs (default csv), on the server BENCH_POSTGRES_URL names or else
#     in a throw-away cluster (tools/with-postgres.sh), and fails when a PostgreSQL report set
#     differs from SQLite's; BENCH_STORES=sqlite leaves PostgreSQL out.
#   The 10M run: BENCH_SIZES=10000000 BENCH_FORMATS=csv BENCH_PEERS=none BENCH_OUT=/big/disk (6.5 GB of CSV
#     and as much again for the store; sizes above 1,000,000 are made by copying a
#     1,000,000-record block under new ids, and must be multiples of it).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import polars, duckdb" >/dev/null 2>&1; then
  mkdir -p .build
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check polars duckdb
fi
stores=${BENCH_STORES:-sqlite,postgresql}
if [[ ",$stores," == *,postgresql,* && -z "${BENCH_POSTGRES_URL:-}" && -z "${MCSTAT_TEST_POSTGRES_URL:-}" ]]; then
  exec tools/with-postgres.sh "$PWD/tools/bench.sh" "$@"
fi
exec python3 tools/bench/run.py --stores "$stores" --postgres-url "${BENCH_POSTGRES_URL:-}" \
  --postgres-formats "${BENCH_POSTGRES_FORMATS:-csv}" --bin "${BENCH_BIN:-.build/release/mcstat}" --python "$venv/bin/python" --profile "${BENCH_PROFILE:-full}" \
  --sizes "${BENCH_SIZES:-100000,1000000}" --formats "${BENCH_FORMATS:-csv,jsonl,xml,elm-xml}" \
  --peers "${BENCH_PEERS:-polars,duckdb}" --out "${BENCH_OUT:-bench-data}"
