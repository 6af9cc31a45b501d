#!/usr/bin/env bash
# Install Transformer Dojo into ./.venv, then run the demo (the catalog and a sample grading).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# torch first and pinned exactly: any looser request lets pip fetch a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/dojo demo
