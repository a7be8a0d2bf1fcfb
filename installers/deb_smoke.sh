#!/usr/bin/env bash
# Installs a t3gui .deb, runs what users run from the installed paths (a diagnosis from
# /usr/bin/t3gui, the desktop app's demo to its verdict from /usr/bin/t3gui-app), removes
# the package and checks it left nothing behind. Needs root (or sudo); refuses to touch a
# t3gui that is already installed. The package is removed however the test ends.
#   bash installers/deb_smoke.sh dist/t3gui_VERSION_ARCH.deb
set -euo pipefail
deb="${1:?usage: bash installers/deb_smoke.sh PACKAGE.deb}"
[ -f "$deb" ] || { echo "deb_smoke: no package at $deb" >&2; exit 2; }
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deb_smoke: needs root or sudo to install a package" >&2; exit 2; }
  sudo=(sudo)
fi
if dpkg-query -W -f='${Status}' t3gui 2>/dev/null | grep -q "installed"; then
  echo "deb_smoke: t3gui is already installed here; remove it first (dpkg -r t3gui)" >&2
  exit 2
fi
tmp=$(mktemp -d)
cleanup() {
  if dpkg-query -W -f='${Status}' t3gui 2>/dev/null | grep -q "installed"; then "${sudo[@]}" dpkg -r t3gui >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"${sudo[@]}" dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; echo "deb_smoke: dpkg -i failed" >&2; exit 1; }
dpkg-query -W -f='${Status}' t3gui | grep -qx "install ok installed" \
  || { cat "$tmp/dpkg.log"; echo "deb_smoke: t3gui is not configured after dpkg -i" >&2; exit 1; }
for f in /usr/bin/t3gui /usr/bin/t3gui-app /usr/share/applications/t3gui.desktop /usr/share/icons/hicolor/512x512/apps/t3gui.png; do
  [ -e "$f" ] || { echo "deb_smoke: $f is missing" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/t3gui.desktop; fi
echo "deb_smoke: installed $(dpkg-query -W -f='${Package} ${Version}' t3gui)"

export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"
set +e
/usr/bin/t3gui diagnose --demo --json >"$tmp/report.json" 2>"$tmp/diag.err"
status=$?
set -e
if [ "$status" -ne 0 ] || ! grep -q '"status": "healthy"' "$tmp/report.json"; then
  cat "$tmp/diag.err"; head -c 3000 "$tmp/report.json"
  echo "deb_smoke: t3gui diagnose --demo exited $status, not healthy" >&2
  exit 1
fi
echo "deb_smoke: /usr/bin/t3gui diagnose --demo --json: healthy"
set +e
QT_QPA_PLATFORM=offscreen T3GUI_QUIT_WHEN=verdict timeout 120 /usr/bin/t3gui-app --demo --scenario cert-expired \
  >"$tmp/app.out" 2>"$tmp/app.err"
status=$?
set -e
grep -qx "verdict failed TLS_CERT_EXPIRED" "$tmp/app.out" \
  || { cat "$tmp/app.out" "$tmp/app.err"; echo "deb_smoke: /usr/bin/t3gui-app exited $status without the verdict" >&2; exit 1; }
echo "deb_smoke: /usr/bin/t3gui-app --demo played cert-expired to TLS_CERT_EXPIRED"
cd /
"${sudo[@]}" dpkg -r t3gui >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; echo "deb_smoke: dpkg -r failed" >&2; exit 1; }
for f in /opt/t3gui /usr/bin/t3gui /usr/bin/t3gui-app /usr/share/applications/t3gui.desktop; do
  if [ -e "$f" ] || [ -L "$f" ]; then echo "deb_smoke: $f is still there after dpkg -r" >&2; exit 1; fi
done
echo "deb_smoke: removed; nothing left in /opt/t3gui"
echo "deb_smoke: ok"
