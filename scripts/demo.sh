#!/usr/bin/env bash
# Sets up everything, then runs t3gui on its built-in demo lab server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/t3gui lab demo "$@"
