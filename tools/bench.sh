#!/usr/bin/env bash
# `make bench`: generates the benchmark inputs (fixed seed; 100,000 and 1,000,000 records as
# canonical CSV, JSON Lines and an ELM v2 XML batch), installs polars and DuckDB from PyPI into
# .build/bench-venv once, and times mcstat beside the floors and beside those two scripts.
# Writes bench-data/bench.md and bench-data/bench.json. BENCH_SIZES=100000 for a quick run,
# BENCH_FORMATS=csv for one input format.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import polars, duckdb" >/dev/null 2>&1; then
  mkdir -p .build
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check polars duckdb
fi
exec python3 tools/bench/run.py --bin .build/release/mcstat --python "$venv/bin/python" \
  --sizes "${BENCH_SIZES:-100000,1000000}" --formats "${BENCH_FORMATS:-csv,jsonl,elm-xml}" --out bench-data
