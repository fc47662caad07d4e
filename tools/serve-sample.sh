#!/usr/bin/env bash
# `make serve`: the web service on the sample data, with sample accounts. Runs the nightly
# pipeline once (so analysts see reports), adds one submitter per sample institution plus an
# analyst and an admin on first use, keeps their tokens in serve-sample/tokens.txt (mode 0600),
# and serves on 127.0.0.1:8080 (MCSTAT_LISTEN overrides) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
mcstat=${MCSTAT:-.build/release/mcstat}
dir=serve-sample
# The store in a folder of its own: the inbox (raw uploads) may not lie inside the store's folder.
mkdir -p "$dir/store"
export MCSTAT_STORE="$PWD/$dir/store/mcstat.sqlite"
"$mcstat" run --quiet pipelines/nightly.yml --out "$dir/reports" >/dev/null || true
if [ ! -s "$dir/tokens.txt" ]; then
  umask 077
  : > "$dir/tokens.txt"
  add() { "$mcstat" accounts add "$@" 2>/dev/null | sed -n 's/^token: //p'; }
  for body in DE-HRK-0815 FR-UAI-0751234A GR-EL-AEG01 IE-QQI-ATU NL-BRIN-21XY AT-FHD-07; do
    echo "submitter $body $(add --role submitter --awarding-body "$body")" >> "$dir/tokens.txt"
  done
  echo "analyst - $(add --role analyst --label 'Ministry statistics')" >> "$dir/tokens.txt"
  echo "admin - $(add --role admin --label 'Ministry IT')" >> "$dir/tokens.txt"
fi
echo "sample accounts (role, awarding body, token) in $dir/tokens.txt:"
cat "$dir/tokens.txt"
exec "$mcstat" serve --listen "${MCSTAT_LISTEN:-127.0.0.1:8080}" --inbox "$dir/inbox" --reports "$dir/reports"
