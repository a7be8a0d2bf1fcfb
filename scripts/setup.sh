#!/usr/bin/env bash
# Sets up everything t3gui needs on a fresh Debian/Ubuntu machine (or any
# machine that already has the system parts): system packages, a virtual
# environment in .venv, and t3gui with its test and build extras.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
# Qt's offscreen and xcb platforms, a CJK font for Chinese text, Xvfb for real
# windows and screenshots, the network tools the namespace tests drive, and what the
# installers are built with (icupkg trims ICU, dpkg-dev makes the .deb, shellcheck lints),
# and Prometheus with promtool, which the monitoring tests run on their own port and data folder.
SYSTEM_PACKAGES=(
  python3-venv fonts-wqy-microhei xvfb xauth
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
  iproute2 nftables dnsmasq-base iputils-ping openssl
  icu-devtools dpkg-dev shellcheck binutils
  prometheus
)

install_system_packages() {
  command -v apt-get >/dev/null 2>&1 || { echo "setup: no apt-get; install the equivalents of: ${SYSTEM_PACKAGES[*]}"; return 0; }
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: not root and no sudo; please install: ${missing[*]}" >&2; return 0; }
    sudo=(sudo)
  fi
  echo "setup: installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's prometheus package enables and starts its service (port 9090, /var/lib/prometheus);
  # the tests need only the binaries, so a service this run installed is stopped and disabled.
  if [[ " ${missing[*]} " == *" prometheus "* ]]; then
    if [ -d /run/systemd/system ]; then
      "${sudo[@]}" systemctl disable --now prometheus.service >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/prometheus ]; then
      "${sudo[@]}" /etc/init.d/prometheus stop >/dev/null 2>&1 || true
      "${sudo[@]}" update-rc.d prometheus disable >/dev/null 2>&1 || true
    fi
  fi
}

install_system_packages

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.t3gui-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing t3gui and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,build]"
  touch "$stamp"
fi
# pip compiles what it installs, but not an editable t3gui: without bytecode every
# start compiles t3gui from source (slower, and more memory churn), and with
# PYTHONDONTWRITEBYTECODE set Python never writes it. compileall skips what is current.
.venv/bin/python -m compileall -q -j 0 t3gui >/dev/null
