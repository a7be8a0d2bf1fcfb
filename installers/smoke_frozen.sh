#!/usr/bin/env bash
# Smoke test of the PyInstaller build: the frozen console twin answers --help,
# writes demo PKI, serves a TLS handshake plus a HELLO from a short `lab serve`
# and diagnoses; the frozen windowed app plays a demo scenario to its verdict.
#   bash installers/smoke_frozen.sh [FOLDER]   (dist/t3gui; macOS: also dist/t3gui.app/Contents/MacOS)
# PYTHON names the interpreter (with t3gui installed) that plays the client: .venv/bin/python.
# Linux and macOS; installers/smoke_frozen.ps1 is the same test on Windows.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-dist/t3gui}"
exe="$dir/t3gui"
app="$dir/t3gui-app"
python="${PYTHON:-.venv/bin/python}"
if [ ! -x "$exe" ] || [ ! -x "$app" ]; then
  echo "smoke: $exe missing; build with: .venv/bin/pyinstaller build.spec --noconfirm" >&2
  exit 1
fi
# macOS has no timeout(1) unless coreutils is installed; perl's alarm does the same.
with_timeout() {
  if command -v timeout >/dev/null; then timeout "$@"; else perl -e 'alarm shift; exec @ARGV or die "$!"' "$@"; fi
}
tmp=$(mktemp -d)
pid=""
# Never `kill 0`: with no server started yet that would end the whole process group (CI included).
trap 'rm -rf "$tmp"; if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi' EXIT

"$exe" lab serve --help | grep -q -- "--clock-offset-s"
"$exe" diagnose --help | grep -q -- "--bundle"
"$exe" lab pki "$tmp/pki" --host localhost >/dev/null
"$exe" lab serve --port 0 --udp-port 0 --cert "$tmp/pki/server-good.pem" --key "$tmp/pki/server-good.key" \
    --jwt-key "$tmp/pki/jwt-es256.pub.pem" --duration-s 20 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*tcp\/\([0-9]*\).*/\1/p' "$tmp/serve.log" | head -1)
[ -n "$port" ] || { cat "$tmp/serve.log"; echo "smoke: the frozen server did not start" >&2; exit 1; }
"$python" - "$port" "$tmp/pki/root-ca.pem" <<'PY'
import socket, ssl, sys
from t3gui.protocol import messages as m
from t3gui.protocol.connection import Connection
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
with ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5), server_hostname="localhost") as s:
    conn = Connection()
    s.sendall(conn.send(m.Hello((1,), "smoke/1", "AAAAAAAAAAAAAAAAAAAAAA==", 0)))
    while (r := conn.next_message()) is None:
        conn.feed(s.recv(65536))
    assert isinstance(r.message, m.HelloAck), r
    print(f"smoke: frozen lab server answered HELLO_ACK over {s.version()}")
PY
# A whole diagnosis from the frozen app, with a bundle it can verify again.
set +e
"$exe" diagnose --demo --scenario cert-expired --json --bundle "$tmp/b.zip" >"$tmp/report.json" 2>"$tmp/diag.err"
status=$?
set -e
[ "$status" -eq 1 ] || { cat "$tmp/diag.err"; echo "smoke: frozen diagnose exited $status, expected 1" >&2; exit 1; }
grep -q '"root_cause": "TLS_CERT_EXPIRED"' "$tmp/report.json"
"$exe" bundle verify "$tmp/b.zip" | grep -q "intact t3gui bundle"
echo "smoke: frozen diagnose found TLS_CERT_EXPIRED and wrote a bundle that verifies"
# The windowed app: Qt, its plugins, pyqtgraph and the lab load from the folder, and the demo finds the fault.
# macOS keeps logs in ~/Library/Logs, whatever XDG says: a HOME of its own keeps the user's apart.
home="${HOME:-$tmp}" log="$tmp/state/t3gui/log/t3gui.log"
if [ "$(uname -s)" = Darwin ]; then home="$tmp/home" log="$tmp/home/Library/Logs/t3gui/t3gui.log"; mkdir -p "$home"; fi
set +e
HOME="$home" QT_QPA_PLATFORM=offscreen T3GUI_QUIT_WHEN=verdict XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" \
    XDG_CACHE_HOME="$tmp/cache" with_timeout 120 "$app" --demo --scenario cert-expired >"$tmp/app.out" 2>"$tmp/app.err"
status=$?
set -e
grep -qx "verdict failed TLS_CERT_EXPIRED" "$tmp/app.out" \
    || { cat "$tmp/app.out" "$tmp/app.err"; echo "smoke: the frozen app exited $status without the verdict" >&2; exit 1; }
grep -q "window shown" "$log"
echo "smoke: the frozen windowed app played cert-expired to TLS_CERT_EXPIRED"
echo "smoke: ok"
