#!/bin/sh
# Runs each fuzz target for SECONDS (time-boxed, hard-killed 60 s after), corpus kept in
# .build-fuzz/corpus/<target>, crash inputs written to .build-fuzz/crashes/. Prints libFuzzer's
# final line (execs, cov, ft) per target; exits 1 when any target found a crash.
# FUZZ_NICE (default 0) lowers the fuzzers' priority: under `nice -n 10` a loaded machine left them
# two executions a second, so a time-boxed run found nothing in its time.
# Usage: Fuzz/run.sh SECONDS target…
set -u
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="$1"; shift
status=0
mkdir -p .build-fuzz/crashes
for target in "$@"; do
  corpus=".build-fuzz/corpus/$target"
  log=".build-fuzz/fuzz-$target.log"
  mkdir -p "$corpus"
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
    timeout -s KILL $((SECONDS_PER_TARGET + 60)) nice -n "${FUZZ_NICE:-0}" ".build-fuzz/fuzz-$target" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=".build-fuzz/crashes/$target-" "$corpus" ".build-fuzz/seeds/$target" > "$log" 2>&1
  rc=$?
  summary="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  execs="$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}')"
  echo "$target: exit $rc, ${execs:-?} execs; last: $summary"
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'ERROR|Fatal error|SUMMARY|Test unit written' "$log" | head -5
  fi
done
exit $status
