<#
Installs the Windows setup silently for the current user (as a deployment tool would, with
the PATH task), runs the installed command line and desktop app, uninstalls silently and
checks what stays: the user's logs (kept without /PURGE), nothing in the install folder,
nothing in PATH. CI runs it on windows-latest after compiling installers\t3gui.iss.

  pwsh installers/inno_smoke.ps1 -Setup dist\t3gui-0.1.0-setup.exe
#>
param([Parameter(Mandatory = $true)][string]$Setup)
$ErrorActionPreference = "Stop"

function Fail([string]$Message) {
    Write-Host "inno_smoke: $Message"
    exit 1
}

$dir = Join-Path ([IO.Path]::GetTempPath()) ("t3gui-install-" + [guid]::NewGuid().ToString("N"))
$log = "$dir.log"
$p = Start-Process -FilePath $Setup -PassThru -Wait -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/TASKS=addtopath", "/DIR=`"$dir`"", "/LOG=`"$log`"")
if ($p.ExitCode -ne 0) { Get-Content $log -ErrorAction SilentlyContinue; Fail "setup exited $($p.ExitCode)" }
foreach ($f in "t3gui.exe", "t3gui-app.exe", "unins000.exe") {
    if (-not (Test-Path (Join-Path $dir $f))) { Fail "$f is missing from $dir" }
}
$userPath = [Environment]::GetEnvironmentVariable("Path", "User")
if (($userPath -split ";") -notcontains $dir) { Fail "the PATH task did not add $dir to the user's PATH" }
Write-Host "inno_smoke: installed in $dir, on the user's PATH"

& (Join-Path $dir "t3gui.exe") diagnose --demo --json > "$dir-report.json"
if ($LASTEXITCODE -ne 0) { Fail "the installed t3gui.exe diagnose --demo exited $LASTEXITCODE" }
if (-not (Select-String -Path "$dir-report.json" -Pattern '"status": "healthy"' -Quiet)) { Fail "the demo was not healthy" }
Write-Host "inno_smoke: installed t3gui.exe diagnose --demo --json: healthy"

$env:QT_QPA_PLATFORM = "offscreen"
$env:T3GUI_QUIT_WHEN = "verdict"
$gui = Start-Process -FilePath (Join-Path $dir "t3gui-app.exe") -ArgumentList @("--demo", "--scenario", "cert-expired") `
    -PassThru -RedirectStandardOutput "$dir-app.out" -RedirectStandardError "$dir-app.err"
if (-not $gui.WaitForExit(120000)) { Stop-Process -Id $gui.Id -Force; Fail "the installed app did not finish in 120 s" }
$logs = Join-Path $env:LOCALAPPDATA "t3gui\Logs"
$printed = (Get-Content "$dir-app.out", "$logs\console.log" -ErrorAction SilentlyContinue) -join "`n"
if ($printed -notmatch "verdict failed TLS_CERT_EXPIRED") { Write-Host $printed; Fail "the installed app gave no verdict" }
Write-Host "inno_smoke: installed t3gui-app.exe played cert-expired to TLS_CERT_EXPIRED"

$p = Start-Process -FilePath (Join-Path $dir "unins000.exe") -PassThru -Wait -ArgumentList @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
# The uninstaller finishes from a copy of itself in %TEMP%: wait for the folder to go.
foreach ($i in 1..120) { if (-not (Test-Path (Join-Path $dir "t3gui.exe"))) { break }; Start-Sleep -Milliseconds 500 }
if (Test-Path (Join-Path $dir "t3gui.exe")) { Fail "t3gui.exe is still in $dir after uninstalling" }
if (Test-Path (Join-Path $dir "_internal")) { Fail "$dir\_internal is still there after uninstalling" }
$userPath = [Environment]::GetEnvironmentVariable("Path", "User")
if (($userPath -split ";") -contains $dir) { Fail "$dir is still in the user's PATH" }
if (-not (Test-Path "$logs\t3gui.log")) { Fail "the uninstaller removed the logs without /PURGE" }
Write-Host "inno_smoke: uninstalled; PATH restored, logs kept in $logs"
Write-Host "inno_smoke: ok"
