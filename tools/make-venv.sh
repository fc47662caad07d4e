#!/usr/bin/env bash
# Makes a Python virtual environment for the tests once: tools/make-venv.sh NAME CHECK PACKAGE…
# creates .build/NAME with the PyPI packages unless its interpreter can already run the Python
# statement CHECK (e.g. "import sdmx"). Prints the interpreter's path. The setup-*-venv.sh
# scripts name what each test needs.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; check=$2; shift 2
venv=.build/$name
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "$check" >/dev/null 2>&1; then
  mkdir -p .build
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
fi
echo "$PWD/$venv/bin/python"
