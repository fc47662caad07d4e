#!/usr/bin/env bash
# The Python virtual environment of the cell key method's oracle test (the ONS
# cell-key-perturbation package from PyPI, with pandas, which it imports without declaring it), at
# .build/ckm-venv, made once. Prints the interpreter's path.
exec "$(dirname "$0")/make-venv.sh" ckm-venv "import pandas, cell_key_perturbation.create_perturbed_table" "cell-key-perturbation" "pandas"
