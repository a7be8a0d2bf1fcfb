#!/usr/bin/env bash
# macOS: dist/t3gui-VERSION.dmg from dist/t3gui.app (build.spec) with dmgbuild, then, when the
# credentials are in the environment, signed with a Developer ID and notarised by Apple.
#   bash installers/macos_dmg.sh [APP] [OUT_DIR]
# Signing: T3GUI_CODESIGN_IDENTITY (a "Developer ID Application: ..." identity in the keychain;
# build.spec already signed the app with it when it was set during the build).
# Notarising: T3GUI_NOTARY_APPLE_ID, T3GUI_NOTARY_TEAM_ID, T3GUI_NOTARY_PASSWORD (an app-specific
# password). Without them each step says it was skipped; the .dmg then opens only after
# the user allows it (System Settings > Privacy & Security), as docs/install.md explains.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-dist/t3gui.app}" out="${2:-dist}"
python="${PYTHON:-.venv/bin/python}"
[ -d "$app" ] || { echo "macos_dmg: no $app; build it with .venv/bin/pyinstaller build.spec --noconfirm" >&2; exit 2; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' t3gui/__init__.py)
dmg="$out/t3gui-$version.dmg"
rm -f "$dmg"
"$python" -m dmgbuild -s installers/dmg_settings.py -D app="$app" "t3gui $version" "$dmg"
if [ -n "${T3GUI_CODESIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict "$app"
  codesign --force --timestamp --sign "$T3GUI_CODESIGN_IDENTITY" "$dmg"
  echo "macos_dmg: signed $dmg"
else
  echo "macos_dmg: signing skipped: T3GUI_CODESIGN_IDENTITY is not set (the app keeps PyInstaller's ad-hoc signature)"
fi
if [ -n "${T3GUI_CODESIGN_IDENTITY:-}" ] && [ -n "${T3GUI_NOTARY_APPLE_ID:-}" ] && [ -n "${T3GUI_NOTARY_TEAM_ID:-}" ] \
    && [ -n "${T3GUI_NOTARY_PASSWORD:-}" ]; then
  xcrun notarytool submit "$dmg" --apple-id "$T3GUI_NOTARY_APPLE_ID" --team-id "$T3GUI_NOTARY_TEAM_ID" \
    --password "$T3GUI_NOTARY_PASSWORD" --wait
  xcrun stapler staple "$dmg"
  echo "macos_dmg: notarised and stapled $dmg"
else
  echo "macos_dmg: notarisation skipped: it needs a signing identity and T3GUI_NOTARY_APPLE_ID, _TEAM_ID and _PASSWORD"
fi
echo "macos_dmg: $dmg ($(du -h "$dmg" | cut -f1))"
