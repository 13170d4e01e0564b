; Inno Setup 6 script for township-desk (乡镇社会治理工作台). Build with installer\windows\build.ps1, or:
;   ISCC.exe /DAppVersion=0.1.0 installer\windows\township-desk.iss
; after PyInstaller has produced installer\dist\township-desk\ (township-desk.exe = GUI without a console,
; township-desk-cli.exe = the same program with a console, for CLI commands).
; Saved as UTF-8 with BOM: Inno Setup 6 reads the Chinese text correctly only then.
; User data lives in %LOCALAPPDATA%\township-desk (per Windows user) and is never touched by setup or uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef ChineseIsl
  ; Chinese Simplified is an unofficial Inno Setup translation; build.ps1 downloads it here.
  #define ChineseIsl "..\build\ChineseSimplified.isl"
#endif
#define AppName "乡镇社会治理工作台"
#define AppExe "township-desk.exe"

[Setup]
; Keep this AppId for every version: a new setup then upgrades the installed one in place.
AppId={{6F1D9B52-3C0B-4D39-9C0A-7B1E2A6D4E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=township-desk
DefaultDirName={autopf}\TownshipDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=township-desk-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\township-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the program folder wholesale, so no stale library from an older bundle is loaded
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser
