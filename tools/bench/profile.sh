#!/usr/bin/env bash
# Profiles one mcstat command with perf (sampling, call graphs by frame pointer) and prints the
# functions that take the most time, inclusive and exclusive. The release build carries frame
# pointers; libsqlite3 and libxml2 do not, so their callers show as [unknown].
#
#   tools/bench/profile.sh validate --jobs 1 --format json --output /dev/null bench-data/data-full-100000/canonical-100000.csv
#   (with --jobs 1 every stage runs on one thread, so each stage's share is plain to see)
#
# valgrind --tool=callgrind gives up on the Swift release binary here ("Possibly corrupted
# debuginfo file"); perf needs kernel.perf_event_paranoid <= 2 (user-space sampling).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
data=$(mktemp /tmp/mcstat-perf.XXXXXX)
trap 'rm -f "$data"' EXIT
perf record -q -F 1999 -g -o "$data" .build/release/mcstat "$@" >/dev/null 2>&1 || true
echo "== inclusive (children) =="
perf report -i "$data" --children --stdio -g none 2>/dev/null | grep '%' | head -40 | cut -c1-180 || true
echo "== exclusive (self) =="
perf report -i "$data" --no-children --stdio -g none 2>/dev/null | grep '%' | head -45 | cut -c1-180 || true
