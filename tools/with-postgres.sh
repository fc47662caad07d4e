#!/usr/bin/env bash
# Runs a command (e.g. `swift test --traits PostgreSQL`) with MCSTAT_TEST_POSTGRES_URL naming a
# PostgreSQL server: a throw-away cluster made by Debian's pg_virtualenv on loopback (-t: in a
# folder of its own, so that several runs may go at once, each on a free port; PGPASSWORD is
# exported to the command), dropped when the command ends. When MCSTAT_TEST_POSTGRES_URL is set
# already, the command runs against that server instead. The command's exit status is this
# script's. pg_virtualenv's own messages ("Dropping cluster …") come after the command's output.
set -euo pipefail
if [ -n "${MCSTAT_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi
if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "with-postgres.sh: pg_virtualenv is missing: install postgresql (make setup does)" >&2
  exit 2
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PGPORT=$port exec pg_virtualenv -t sh -c \
  'export MCSTAT_TEST_POSTGRES_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE" MCSTAT_TEST_POSTGRES_THROWAWAY=1; exec "$@"' with-postgres "$@"
