#!/usr/bin/env bash
# Sets up everything, then runs t3gui on its built-in demo lab server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# No display (a server, CI): Xvfb gives the app a screen of its own.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ] && command -v xvfb-run >/dev/null; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/t3gui --demo "$@"
fi
exec .venv/bin/t3gui --demo "$@"
