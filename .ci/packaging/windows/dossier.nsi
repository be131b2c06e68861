; Dossier's Windows installer, built on Linux by .ci/package.sh:
;   makensis -DVERSION=0.1.0 -DBIN=dir-with-exes -DROOT=repo -DOUT=setup.exe dossier.nsi
; Installs for the whole machine (Program Files, Start menu for all users).
; The clinic's store lives in one folder for the machine, chosen on the
; second page (default %ProgramData%\Dossier), so every clerk's Windows
; account opens the same clinic: Dossier reads the folder from
; HKLM\SOFTWARE\Dossier\StoreFolder. The folder's ACL is set so only
; SYSTEM, Administrators and the local group "Dossier users" can open it:
; add each clerk's account to that group (lusrmgr.msc, or
;   net localgroup "Dossier users" NAME /add).
; The uninstaller removes the program and its shortcuts only: never the
; store folder, the store or any backup.
; Silent install: setup.exe /S [/STORE=D:\Clinic data] [/D=C:\Program Files\Dossier]
Unicode true
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh

!ifndef VERSION
  !define VERSION 0.1.0
!endif
Name "Dossier ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\Dossier"
InstallDirRegKey HKLM "Software\Dossier" "InstallFolder"

Var StoreDir

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_LICENSE "${ROOT}\LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!define MUI_PAGE_HEADER_TEXT "Clinic store folder"
!define MUI_PAGE_HEADER_SUBTEXT "Where the clinic's records are kept, for every Windows account on this computer."
!define MUI_DIRECTORYPAGE_TEXT_TOP "Dossier keeps the clinic's store in this folder. Every clerk who signs in to Windows on this computer opens the same clinic. Only Administrators and the members of the local group $\"Dossier users$\" can read it: add each clerk's Windows account to that group."
!define MUI_DIRECTORYPAGE_VARIABLE $StoreDir
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "Dossier needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; An earlier install's folder, else the machine's data folder.
  ReadRegStr $StoreDir HKLM "Software\Dossier" "StoreFolder"
  ${If} $StoreDir == ""
    StrCpy $StoreDir "$APPDATA\Dossier" ; all users: %ProgramData%
  ${EndIf}
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/STORE=" $1
  ${IfNot} ${Errors}
    StrCpy $StoreDir $1
  ${EndIf}
FunctionEnd

Section "Dossier"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "${BIN}\dossier.exe"
  File "${BIN}\dossier-cli.exe"
  File "${ROOT}\LICENSE"
  File "${ROOT}\NOTICE"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The store folder: created, never emptied; its ACL drops inherited
  ; rights (Users may read ProgramData) and grants SYSTEM, Administrators
  ; and "Dossier users" (by SID for the built-in ones: names are localised).
  CreateDirectory "$StoreDir"
  nsExec::ExecToLog 'net localgroup "Dossier users" /add /comment:"Windows accounts that use Dossier"'
  Pop $0
  ReadEnvStr $1 USERNAME
  nsExec::ExecToLog 'net localgroup "Dossier users" "$1" /add'
  Pop $0
  nsExec::ExecToLog 'icacls "$StoreDir" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F "Dossier users:(OI)(CI)M"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Could not restrict $StoreDir to the Dossier users group (icacls: $0): set its permissions by hand."
  ${EndIf}

  WriteRegStr HKLM "Software\Dossier" "StoreFolder" "$StoreDir"
  WriteRegStr HKLM "Software\Dossier" "InstallFolder" "$INSTDIR"

  CreateDirectory "$SMPROGRAMS\Dossier"
  CreateShortcut "$SMPROGRAMS\Dossier\Dossier.lnk" "$INSTDIR\dossier.exe"
  CreateShortcut "$SMPROGRAMS\Dossier\Uninstall Dossier.lnk" "$INSTDIR\uninstall.exe"

  !define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Dossier"
  WriteRegStr HKLM "${UNINST}" "DisplayName" "Dossier"
  WriteRegStr HKLM "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST}" "Publisher" "Dossier"
  WriteRegStr HKLM "${UNINST}" "DisplayIcon" "$INSTDIR\dossier.exe"
  WriteRegStr HKLM "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; Removes only what the installer put in Program Files and the Start menu.
; The store folder (store, kept copies, backups written there) stays, and
; so does HKLM\SOFTWARE\Dossier\StoreFolder, so a new install finds it.
Section "Uninstall"
  Delete "$INSTDIR\dossier.exe"
  Delete "$INSTDIR\dossier-cli.exe"
  Delete "$INSTDIR\LICENSE"
  Delete "$INSTDIR\NOTICE"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only when empty
  Delete "$SMPROGRAMS\Dossier\Dossier.lnk"
  Delete "$SMPROGRAMS\Dossier\Uninstall Dossier.lnk"
  RMDir "$SMPROGRAMS\Dossier"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Dossier"
  DeleteRegValue HKLM "Software\Dossier" "InstallFolder"
SectionEnd
