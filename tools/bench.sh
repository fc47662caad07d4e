#!/usr/bin/env bash
# Measures ingest of a 100,000-record canonical CSV (wall time, records/s, peak RSS) and
# validate on a 100,000-credential ELM v2 XML batch beside a bare libxml2 pass (MB/s, peak RSS).
# Usage: tools/bench.sh [records]   (run through `make bench`, which builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-100000}
data=bench-data/canonical-$records.csv
[ -f "$data" ] || python3 tools/generate-sample-data.py --bench "$records" "$data"
store=$(mktemp -d)/bench.sqlite
# The bench's own key, in a folder of its own (never beside the store).
export MCSTAT_KEY_FILE=$(mktemp -d)/key
bin=.build/release/mcstat

# measure COMMAND…: runs it under /usr/bin/time -v; sets $wall, $secs and $rss (KB).
measure() {
  /usr/bin/time -v "$@" > /dev/null 2> bench-data/time.txt || true
  wall=$(grep "Elapsed (wall clock)" bench-data/time.txt | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" bench-data/time.txt | awk '{print $NF}')
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
}
echo "input: $data ($(stat -c %s "$data") bytes, $records records)"
for command in validate ingest; do
  rm -f "$store" "$store-wal" "$store-shm"
  args=("$command" --quiet "$data")
  [ "$command" = ingest ] && args=(ingest --quiet --store "$store" "$data")
  measure "$bin" "${args[@]}"
  rate=$(awk -v n="$records" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  echo "$command: wall ${wall}, ${rate} records/s, peak RSS ${rss} KB"
done

# ELM v2 XML: `mcstat validate` on one batch of 100,000 credentials beside a bare xmlTextReader
# pass over the same file (tools/xmlpass.c, built with the same libxml2 and options).
elm=bench-data/elm-$records.xml
[ -f "$elm" ] || python3 tools/generate-sample-data.py --bench-elm "$records" "$elm"
gcc -O2 tools/xmlpass.c $(pkg-config --cflags --libs libxml-2.0) -o bench-data/xmlpass
bytes=$(stat -c %s "$elm")
echo "input: $elm ($bytes bytes, $records credentials)"
for tool in xmlpass validate; do
  if [ "$tool" = xmlpass ]; then cmd=(bench-data/xmlpass "$elm"); else cmd=("$bin" validate --quiet "$elm"); fi
  measure "${cmd[@]}"
  rate=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", (s > 0 ? b / s / 1e6 : 0) }')
  echo "$tool: wall ${wall}, ${rate} MB/s, peak RSS ${rss} KB"
done
