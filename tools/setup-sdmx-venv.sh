#!/usr/bin/env bash
# The Python virtual environment the SDMX interoperability test uses (pysdmx and sdmx1 from PyPI),
# at .build/sdmx-venv, made once. Prints the interpreter's path.
exec "$(dirname "$0")/make-venv.sh" sdmx-venv "import sdmx, pysdmx.io.csv" "sdmx1" "pysdmx[all]"
