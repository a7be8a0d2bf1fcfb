#!/usr/bin/env bash
# The Linux CI job's packaging steps (.github/workflows/ci.yml runs this very script):
# build the frozen app, smoke-test it, build the .deb from it, then install, run and remove
# the .deb (installers/deb_smoke.sh, root or sudo). Runs the same on a developer's Debian.
#   bash installers/ci_linux.sh [--dist FOLDER] [--out DIR] [--work DIR] [--fast]
# --dist skips the build and packages a folder already built; --out is where the folder
# and the .deb go (dist/); --work is PyInstaller's work folder (build/); --fast is
# build_deb.sh's quick compression.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="" out="dist" work="build" fast=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="${2:?--dist needs a folder}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --work) work="${2:?--work needs a directory}"; shift 2 ;;
    --fast) fast=(--fast); shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ci_linux: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$dist" ]; then
  echo "== build (build.spec)"
  started=$SECONDS
  .venv/bin/pyinstaller build.spec --noconfirm --log-level WARN --distpath "$out" --workpath "$work"
  dist="$out/t3gui"
  echo "built $dist in $((SECONDS - started)) s: $(du -sh "$dist" | cut -f1)"
fi
echo "== smoke test of the frozen folder"
bash installers/smoke_frozen.sh "$dist"
echo "== .deb"
bash installers/build_deb.sh --dist "$dist" --out "$out" "${fast[@]}"
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' t3gui/__init__.py | sed -E 's/\.?(a|b|rc|dev)([0-9]*)$/~\1\2/')
echo "== install, run and remove the .deb"
bash installers/deb_smoke.sh "$out/t3gui_${version}_$(dpkg --print-architecture).deb"
echo "ci_linux: ok"
