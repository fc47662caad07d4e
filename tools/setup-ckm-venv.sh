#!/usr/bin/env bash
# Creates the Python virtual environment of the cell key method's oracle test (the ONS
# cell-key-perturbation package from PyPI, with pandas, which it imports without declaring it) at
# .build/ckm-venv, once. Prints the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/ckm-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pandas, cell_key_perturbation.create_perturbed_table" >/dev/null 2>&1; then
  mkdir -p .build
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "cell-key-perturbation" "pandas" >&2
fi
echo "$PWD/$venv/bin/python"
