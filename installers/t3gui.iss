; Inno Setup 6 script of the Windows installer: t3gui-VERSION-setup.exe from the frozen
; folder that build.spec makes (dist\t3gui). Saved as UTF-8 with a byte-order mark: without
; it Inno Setup reads the Chinese text in the ANSI code page. Compile on Windows, after the
; PyInstaller build:
;
;   iscc /DAppVersion=0.1.0 installers\t3gui.iss
;
; Optional: /DDistDir=... (the frozen folder), /DOutputDir=... (where the setup goes, dist\),
; /DNumericVersion=0.1.0.0 (for the file's version resource when AppVersion is a pre-release).
; The version comes from t3gui/__init__.py; CI passes it (.github/workflows/ci.yml).
;
; Per-user by default (no administrator rights, %LOCALAPPDATA%\Programs\t3gui); all users
; (C:\Program Files\t3gui) with /ALLUSERS or from the first page. Silent switches for
; deployment tools, tasks and the uninstaller's /PURGE: docs/install.md.

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=0.1.0 installers\t3gui.iss
#endif
#ifndef DistDir
  #define DistDir SourcePath + "..\dist\t3gui"
#endif
#ifndef OutputDir
  #define OutputDir SourcePath + "..\dist"
#endif
; Windows wants up to four numbers: CI passes /DNumericVersion for a pre-release ("0.2.0rc1" -> 0.2.0.0,
; as installers/version_resource.py makes it for the executables).
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif

[Setup]
; AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{5B0D8C52-7A4B-4E39-9E1F-3A9D2C6B7E14}
AppName=t3gui
AppVersion={#AppVersion}
AppVerName=t3gui {#AppVersion}
AppPublisher=t3gui
AppComments=T3 login troubleshooter
VersionInfoVersion={#NumericVersion}
VersionInfoDescription=t3gui setup
DefaultDirName={autopf}\t3gui
DefaultGroupName=t3gui
DisableProgramGroupPage=yes
; Per user unless /ALLUSERS (or the choice on the first page): no UAC prompt for customers.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
UsePreviousPrivileges=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=t3gui-{#AppVersion}-setup
SetupIconFile={#SourcePath}..\resources\icons\t3gui.ico
UninstallDisplayIcon={app}\t3gui-app.exe
UninstallDisplayName=t3gui {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
; A running t3gui holds its files: close it (silently too) rather than fail halfway.
CloseApplications=force
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships its Simplified Chinese messages as an official or an unofficial translation
; depending on its version; CI fetches the file into installers\ when neither is there.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
  #define HaveChinese
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
  #define HaveChinese
#elif FileExists(SourcePath + "ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "{#SourcePath}ChineseSimplified.isl"
  #define HaveChinese
#else
  #pragma message "No ChineseSimplified.isl: this setup speaks English only"
#endif

[CustomMessages]
en.TaskPath=Add the command-line t3gui.exe to PATH (for technicians and scripts)
en.TaskDesktop=Create a desktop shortcut
en.GroupTools=Additional shortcuts:
en.RunApp=Open t3gui now
en.PurgeQuestion=Also delete t3gui's logs, crash reports and settings of this Windows user?%n%nKeep them if support may still ask for a log.
en.ProfilesShortcut=t3gui profiles
#ifdef HaveChinese
zh_CN.TaskPath=将命令行 t3gui.exe 加入 PATH（供技术人员和脚本使用）
zh_CN.TaskDesktop=创建桌面快捷方式
zh_CN.GroupTools=其他快捷方式：
zh_CN.RunApp=立即打开 t3gui
zh_CN.PurgeQuestion=同时删除此 Windows 用户的 t3gui 日志、崩溃报告和设置吗？%n%n如果技术支持可能还需要日志，请保留。
zh_CN.ProfilesShortcut=t3gui 配置文件
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:TaskDesktop}"; GroupDescription: "{cm:GroupTools}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:TaskPath}"; GroupDescription: "{cm:GroupTools}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; Deployment: /PROFILES=<folder> copies a folder of profiles (and the CA files they name) beside the app.
Source: "{param:PROFILES|}\*"; DestDir: "{app}\profiles"; Flags: external recursesubdirs createallsubdirs skipifsourcedoesntexist; Check: ProfilesGiven

[InstallDelete]
; An upgrade replaces the frozen folder whole: libraries an older build had must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\t3gui"; Filename: "{app}\t3gui-app.exe"; Comment: "T3 login troubleshooter"
Name: "{autodesktop}\t3gui"; Filename: "{app}\t3gui-app.exe"; Tasks: desktopicon
Name: "{autoprograms}\{cm:ProfilesShortcut}"; Filename: "{app}\profiles"; Check: ProfilesGiven

[Run]
Filename: "{app}\t3gui-app.exe"; Description: "{cm:RunApp}"; Flags: nowait postinstall skipifsilent

[Code]
const
  UserEnvironment = 'Environment';
  MachineEnvironment = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

function ProfilesGiven: Boolean;
begin
  Result := ExpandConstant('{param:PROFILES|}') <> '';
end;

// PATH of this install's scope: the user's for a per-user install, the machine's for all users.
function PathRoot: Integer;
begin
  if IsAdminInstallMode then Result := HKEY_LOCAL_MACHINE else Result := HKEY_CURRENT_USER;
end;

function PathKey: String;
begin
  if IsAdminInstallMode then Result := MachineEnvironment else Result := UserEnvironment;
end;

// PATH without entries equal (case-insensitively, trailing backslash aside) to Dir.
function PathWithout(Path, Dir: String): String;
var
  Rest, Entry: String;
  Split: Integer;
begin
  Result := '';
  Rest := Path;
  while Rest <> '' do
  begin
    Split := Pos(';', Rest);
    if Split = 0 then begin Entry := Rest; Rest := ''; end
    else begin Entry := Copy(Rest, 1, Split - 1); Rest := Copy(Rest, Split + 1, Length(Rest)); end;
    if (Entry <> '') and (CompareText(RemoveBackslashUnlessRoot(Entry), RemoveBackslashUnlessRoot(Dir)) <> 0) then
    begin
      if Result <> '' then Result := Result + ';';
      Result := Result + Entry;
    end;
  end;
end;

procedure SetPath(Add: Boolean);
var
  Old, Path, Dir: String;
begin
  Dir := ExpandConstant('{app}');
  if not RegQueryStringValue(PathRoot, PathKey, 'Path', Old) then Old := '';
  Path := PathWithout(Old, Dir);
  if Add then
  begin
    if Path <> '' then Path := Path + ';';
    Path := Path + Dir;
  end;
  // Written only when it changes; REG_EXPAND_SZ keeps entries like %USERPROFILE%\bin working.
  if Path <> Old then
    RegWriteExpandStringValue(PathRoot, PathKey, 'Path', Path);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    SetPath(WizardIsTaskSelected('addtopath'));
end;

function UninstallPurgeAsked: Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/PURGE') = 0 then Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Purge: Boolean;
begin
  if CurUninstallStep = usUninstall then
  begin
    SetPath(False);
    // Logs are what support asks for: kept unless /PURGE, or a "yes" when someone is at the screen.
    Purge := UninstallPurgeAsked;
    if (not Purge) and (not UninstallSilent) then
      Purge := MsgBox(CustomMessage('PurgeQuestion'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    if Purge then
    begin
      DelTree(ExpandConstant('{localappdata}\t3gui'), True, True, True);
      RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\t3gui');
    end;
  end;
end;
