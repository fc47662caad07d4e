#!/usr/bin/env bash
# Creates the Python virtual environment the SDMX interoperability test uses (pysdmx and sdmx1
# from PyPI) at .build/sdmx-venv, once. Prints the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/sdmx-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sdmx, pysdmx.io.csv" >/dev/null 2>&1; then
  mkdir -p .build
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "sdmx1" "pysdmx[all]" >&2
fi
echo "$PWD/$venv/bin/python"
