#!/usr/bin/env bash
# The Debian package: builds the frozen app with build.spec (unless --dist names a folder
# already built), then t3gui_VERSION_ARCH.deb with dpkg-deb into --out (dist/ by default).
#
#   bash installers/build_deb.sh [--dist FOLDER] [--out DIR] [--work DIR] [--fast]
#
# --fast compresses with gzip -1 instead of xz (the same package, about 60% larger,
# built in seconds instead of minutes: for tests).
# Package t3gui: the frozen folder in /opt/t3gui, /usr/bin/t3gui (command line) and
# /usr/bin/t3gui-app (the desktop app) linking into it, a desktop entry and the icon.
# Depends lists the distribution's packages of every library the folder links from the
# system (build.spec leaves those out of the folder), as dpkg-shlibdeps finds them, plus
# Qt's Wayland libraries as recommendations. Install with `apt install ./t3gui_*.deb` (which
# fetches the dependencies) or `dpkg -i`.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
dist="" out="dist" work="" compression=(-Zxz)
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="${2:?--dist needs a folder}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --work) work="${2:?--work needs a directory}"; shift 2 ;;
    --fast) compression=(-Zgzip -z1); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build_deb: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in dpkg-deb dpkg-shlibdeps dpkg; do
  command -v "$tool" >/dev/null || { echo "build_deb: $tool is missing (Debian: apt-get install dpkg-dev)" >&2; exit 2; }
done

if [ -z "$dist" ]; then
  pyinstaller=.venv/bin/pyinstaller
  [ -x "$pyinstaller" ] || { echo "build_deb: $pyinstaller is missing; run: .venv/bin/pip install -e '.[build]'" >&2; exit 2; }
  echo "build_deb: building the frozen app (build.spec)"
  "$pyinstaller" build.spec --noconfirm --log-level WARN --distpath "$out" ${work:+--workpath "$work"}
  dist="$out/t3gui"
fi
if [ ! -x "$dist/t3gui" ] || [ ! -x "$dist/t3gui-app" ]; then echo "build_deb: no frozen app in $dist" >&2; exit 2; fi

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' t3gui/__init__.py)
[ -n "$version" ] || { echo "build_deb: no __version__ in t3gui/__init__.py" >&2; exit 2; }
# PEP 440 pre-releases sort before the release; in Debian versions "~" does that.
deb_version=$(printf '%s' "$version" | sed -E 's/\.?(a|b|rc|dev)([0-9]*)$/~\1\2/')
arch=$(dpkg --print-architecture)
mkdir -p "$out"
package="$out/t3gui_${deb_version}_${arch}.deb"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/pkg"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/512x512/apps" "$root/usr/share/doc/t3gui"
cp -a "$dist" "$root/opt/t3gui"
# The frozen app finds its folder through /proc/self/exe, so links in /usr/bin work.
ln -s /opt/t3gui/t3gui "$root/usr/bin/t3gui"
ln -s /opt/t3gui/t3gui-app "$root/usr/bin/t3gui-app"
install -m 0644 resources/icons/t3gui.png "$root/usr/share/icons/hicolor/512x512/apps/t3gui.png"
cat >"$root/usr/share/applications/t3gui.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Name=t3gui
GenericName=T3 login troubleshooter
GenericName[zh_CN]=T3 登录故障排查工具
Comment=Find out why a T3 client cannot log in to its server
Comment[zh_CN]=查明 T3 客户端无法登录服务器的原因
Exec=/usr/bin/t3gui-app
Icon=t3gui
Terminal=false
Categories=Network;Utility;
Keywords=T3;login;TLS;certificate;proxy;diagnose;
Keywords[zh_CN]=T3;登录;证书;代理;诊断;
StartupWMClass=t3gui
EOF
cat >"$root/usr/share/doc/t3gui/copyright" <<'EOF'
t3gui, with the Python runtime and libraries frozen into /opt/t3gui by PyInstaller
(PySide6/Qt under the LGPL v3, numpy, cryptography, dnspython, pyqtgraph, qasync,
psutil, platformdirs, truststore, pyrage; their licence files are in /opt/t3gui/_internal).
EOF

# Depends: dpkg-shlibdeps reads every ELF file of the folder. Libraries found inside it
# belong to no package, which --ignore-missing-info lets pass.
shlib="$stage/shlibdeps"
mkdir -p "$shlib/debian"
printf 'Source: t3gui\n\nPackage: t3gui\nArchitecture: any\n' >"$shlib/debian/control"
mapfile -t elves < <(find "$root/opt/t3gui" -type f -exec sh -c 'head -c 4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
mapfile -t libdirs < <(find "$root/opt/t3gui" -type f -name '*.so*' -printf '%h\n' | sort -u)
missing=() scan=()
search="$(IFS=:; echo "${libdirs[*]}")"
for elf in "${elves[@]}"; do
  linked=$(LD_LIBRARY_PATH="$search" ldd "$elf" 2>/dev/null || true)
  absent=$(printf '%s\n' "$linked" | sed -n 's/^\s*\(\S*\) => not found$/\1/p')
  if [ -n "$absent" ]; then
    while read -r lib; do missing+=("$lib"); done <<<"$absent"  # such a file is left to the recommendations below
  else
    scan+=("-e$elf")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  # Only Wayland's helpers are expected here (a build host without a Wayland desktop);
  # anything else means the folder is broken and the package would be too.
  unexpected=$(printf '%s\n' "${missing[@]}" | sort -u | grep -v -E '^libwayland-(cursor|egl|client)\.so' || true)
  [ -z "$unexpected" ] || { echo "build_deb: the folder links libraries this system lacks: $unexpected" >&2; exit 1; }
fi
ldirs=()
for d in "${libdirs[@]}"; do ldirs+=("-l$d"); done
shlibs=$(cd "$shlib" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 "${ldirs[@]}" "${scan[@]}" 2>"$stage/shlibdeps.err" \
  | sed -n 's/^shlibs:Depends=//p') || { cat "$stage/shlibdeps.err" >&2; echo "build_deb: dpkg-shlibdeps failed" >&2; exit 1; }
[ -n "$shlibs" ] || { cat "$stage/shlibdeps.err" >&2; echo "build_deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# Qt's Wayland platform (its plugins are the files left out above on a host without Wayland's
# helpers): recommended, not required, since Qt falls back to X11 (XWayland) without it and apt
# installs recommendations by default.
recommends="libwayland-client0, libwayland-cursor0, libwayland-egl1"

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: t3gui
Version: $deb_version
Architecture: $arch
Maintainer: t3gui maintainers <t3gui@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: $shlibs
Recommends: $recommends
Section: net
Priority: optional
Description: troubleshooter for T3 clients that cannot log in to their server
 t3gui runs tiered diagnostics of a T3 server (DNS, reachability and ports,
 TLS and certificates, token, clock and proxy, path, MTU, the T3 handshake,
 heartbeats and server load) and says in plain English or Chinese what is
 wrong and how to fix it. It plots latency and loss live and exports a
 diagnostic bundle for a support ticket. The desktop app is t3gui-app; the
 command line is t3gui.
EOF
find "$root" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$package" >/dev/null
echo "build_deb: $package ($(du -h "$package" | cut -f1), installed $((installed_kb / 1024)) MiB)"
