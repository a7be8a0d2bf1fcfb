<#
Smoke test of the PyInstaller build on Windows: the twin of installers/smoke_frozen.sh.
The frozen console twin answers --help, writes demo PKI, serves a TLS handshake plus a
HELLO from a short `lab serve` and diagnoses with a bundle it verifies; the frozen
windowed app plays a demo scenario to its verdict.

  pwsh installers/smoke_frozen.ps1 [-Dist dist\t3gui] [-Python .venv\Scripts\python.exe]

-Python names the interpreter (with t3gui installed) that plays the client.
#>
param(
    [string]$Dist = "dist\t3gui",
    [string]$Python = ".venv\Scripts\python.exe"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Fail([string]$Message) {
    Write-Host "smoke: $Message"
    exit 1
}

$exe = Join-Path $Dist "t3gui.exe"
$app = Join-Path $Dist "t3gui-app.exe"
if (-not (Test-Path $exe) -or -not (Test-Path $app)) {
    Fail "$exe missing; build with: .venv\Scripts\pyinstaller build.spec --noconfirm"
}
$tmp = Join-Path ([IO.Path]::GetTempPath()) ("t3gui-smoke-" + [guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory -Path $tmp | Out-Null
$server = $null
$saved = @{}
try {
    if (-not ((& $exe lab serve --help | Out-String) -match "--clock-offset-s")) { Fail "lab serve --help" }
    if (-not ((& $exe diagnose --help | Out-String) -match "--bundle")) { Fail "diagnose --help" }
    & $exe lab pki "$tmp\pki" --host localhost | Out-Null
    if ($LASTEXITCODE -ne 0) { Fail "lab pki exited $LASTEXITCODE" }

    $serveArgs = @("lab", "serve", "--port", "0", "--udp-port", "0", "--cert", "`"$tmp\pki\server-good.pem`"",
        "--key", "`"$tmp\pki\server-good.key`"", "--jwt-key", "`"$tmp\pki\jwt-es256.pub.pem`"", "--duration-s", "20")
    $server = Start-Process -FilePath $exe -ArgumentList $serveArgs -PassThru -NoNewWindow `
        -RedirectStandardError "$tmp\serve.log" -RedirectStandardOutput "$tmp\serve.out"
    $port = $null
    foreach ($i in 1..100) {
        if (Test-Path "$tmp\serve.log") {
            $found = Select-String -Path "$tmp\serve.log" -Pattern "tcp/(\d+)" | Select-Object -First 1
            if ($found) { $port = $found.Matches[0].Groups[1].Value; break }
        }
        Start-Sleep -Milliseconds 100
    }
    if (-not $port) { Get-Content "$tmp\serve.log" -ErrorAction SilentlyContinue; Fail "the frozen server did not start" }

    $client = @'
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
'@
    Set-Content -Path "$tmp\client.py" -Value $client -Encoding utf8
    & $Python "$tmp\client.py" $port "$tmp\pki\root-ca.pem"
    if ($LASTEXITCODE -ne 0) { Fail "the HELLO exchange with the frozen server failed" }

    # A whole diagnosis from the frozen app, with a bundle it can verify again.
    & $exe diagnose --demo --scenario cert-expired --json --bundle "$tmp\b.zip" > "$tmp\report.json" 2> "$tmp\diag.err"
    if ($LASTEXITCODE -ne 1) { Get-Content "$tmp\diag.err"; Fail "frozen diagnose exited $LASTEXITCODE, expected 1" }
    if (-not (Select-String -Path "$tmp\report.json" -Pattern '"root_cause": "TLS_CERT_EXPIRED"' -Quiet)) { Fail "no TLS_CERT_EXPIRED" }
    if (-not ((& $exe bundle verify "$tmp\b.zip" | Out-String) -match "intact t3gui bundle")) { Fail "bundle verify" }
    Write-Host "smoke: frozen diagnose found TLS_CERT_EXPIRED and wrote a bundle that verifies"

    # The windowed app has no console: what it prints may land in console.log in its log folder
    # (t3gui.cli.windowed) rather than in the redirected stream, so both are read.
    # The log folder is Windows' known folder (platformdirs), which only its override moves.
    foreach ($name in "WIN_PD_OVERRIDE_LOCAL_APPDATA", "QT_QPA_PLATFORM", "T3GUI_QUIT_WHEN") { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:WIN_PD_OVERRIDE_LOCAL_APPDATA = "$tmp\local"
    $env:QT_QPA_PLATFORM = "offscreen"
    $env:T3GUI_QUIT_WHEN = "verdict"
    $gui = Start-Process -FilePath $app -ArgumentList @("--demo", "--scenario", "cert-expired") -PassThru `
        -RedirectStandardOutput "$tmp\app.out" -RedirectStandardError "$tmp\app.err"
    if (-not $gui.WaitForExit(120000)) { Stop-Process -Id $gui.Id -Force; Fail "the frozen app did not finish in 120 s" }
    $logs = "$tmp\local\t3gui\Logs"
    $printed = (Get-Content "$tmp\app.out", "$logs\console.log" -ErrorAction SilentlyContinue) -join "`n"
    if ($printed -notmatch "(?m)^verdict failed TLS_CERT_EXPIRED\r?$") {
        Write-Host $printed
        Get-Content "$tmp\app.err" -ErrorAction SilentlyContinue
        Fail "the frozen app exited $($gui.ExitCode) without the verdict"
    }
    if (-not (Select-String -Path "$logs\t3gui.log" -Pattern "window shown" -Quiet)) { Fail "no 'window shown' in $logs\t3gui.log" }
    Write-Host "smoke: the frozen windowed app played cert-expired to TLS_CERT_EXPIRED"
    Write-Host "smoke: ok"
}
finally {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    if ($server -and -not $server.HasExited) { Stop-Process -Id $server.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
