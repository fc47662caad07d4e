#!/usr/bin/env bash
# Makes what the browser and API-fuzzing tests of `mcstat serve` need, once: Debian's chromium and
# chromium-driver (apt), and a virtual environment at .build/serve-venv with Selenium and
# schemathesis from PyPI. Prints the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/apt-install.sh chromium chromium-driver
exec ./tools/make-venv.sh serve-venv "import selenium, schemathesis, hypothesis; assert hypothesis.__version_info__ < (6, 131)" \
  "selenium>=4.20,<5" "schemathesis==3.39.16" "hypothesis<6.131"
