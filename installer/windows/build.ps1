# Build the Windows installer: venv, dependencies, PyInstaller bundle, smoke run, Inno Setup.
# Run from any folder on a Windows 10/11 x64 build PC with Python 3.11 (py launcher) and Inno Setup 6:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Output: installer\dist\township-desk-setup-<version>.exe
param(
    [string]$PythonVersion = "3.11",
    [string]$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
)
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed (exit $LASTEXITCODE)" } }

# 1. A clean virtual environment with the pinned dependencies and PyInstaller (the `installer` extra).
$venv = Join-Path $root ".venv-build"
if (-not (Test-Path "$venv\Scripts\python.exe")) { py -$PythonVersion -m venv $venv; Check "venv" }
$py = "$venv\Scripts\python.exe"
& $py -m pip install --upgrade pip; Check "pip upgrade"
& $py -m pip install ".[installer]"; Check "pip install"

# 2. The one-folder bundle: township-desk.exe (GUI, no console) and township-desk-cli.exe (console).
& $py -m PyInstaller --noconfirm --distpath installer\dist --workpath installer\build installer\township-desk.spec
Check "PyInstaller"

# 3. Smoke: build the main window offscreen, open every screen, exit 0.
$env:QT_QPA_PLATFORM = "offscreen"
& installer\dist\township-desk\township-desk-cli.exe --smoke; Check "smoke run"
Remove-Item Env:\QT_QPA_PLATFORM

# 4. Chinese Simplified messages for the setup wizard (an unofficial Inno Setup translation).
$isl = Join-Path $root "installer\build\ChineseSimplified.isl"
if (-not (Test-Path $isl)) {
    Invoke-WebRequest -UseBasicParsing -OutFile $isl `
        -Uri "https://raw.githubusercontent.com/jrsoftware/issrc/main/Files/Languages/Unofficial/ChineseSimplified.isl"
}

# 5. The installer.
$version = & $py -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
Check "read version"
& $Iscc "/DAppVersion=$version" "/DChineseIsl=$isl" installer\windows\township-desk.iss; Check "ISCC"
Write-Host "built installer\dist\township-desk-setup-$version.exe"
