#!/usr/bin/env bash
# Measures ingest of a 100,000-record canonical CSV: wall time, records/s and peak RSS.
# Usage: tools/bench.sh [records]   (run through `make bench`, which builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-100000}
data=bench-data/canonical-$records.csv
[ -f "$data" ] || python3 tools/generate-sample-data.py --bench "$records" "$data"
store=$(mktemp -d)/bench.sqlite
bin=.build/release/mcstat
echo "input: $data ($(stat -c %s "$data") bytes, $records records)"
for command in validate ingest; do
  rm -f "$store" "$store.key"
  args=("$command" --quiet "$data")
  [ "$command" = ingest ] && args=(ingest --quiet --store "$store" "$data")
  /usr/bin/time -v "$bin" "${args[@]}" > /dev/null 2> bench-data/time.txt || true
  wall=$(grep "Elapsed (wall clock)" bench-data/time.txt | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" bench-data/time.txt | awk '{print $NF}')
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rate=$(awk -v n="$records" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  echo "$command: wall ${wall}, ${rate} records/s, peak RSS ${rss} KB"
done
