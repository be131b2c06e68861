#!/usr/bin/env bash
# Packages Dossier and proves the packages work (.ci/test runs it after the
# Go tests; it needs what .ci/setup installs: mingw-w64, wine, nsis):
#  1. Linux: `fyne package` makes dist/dossier-VERSION-linux-amd64.tar.xz;
#     .ci/packaging/linux/deb.sh turns its tree into dist/dossier_VERSION_amd64.deb,
#     which is installed here with dpkg -i, and the window smoke test then
#     drives the installed /usr/bin/dossier (SMOKE_BIN).
#  2. Windows: `fyne package --os windows` cross-builds dossier.exe with
#     mingw (icon and version resource from FyneApp.toml), the console
#     dossier-cli.exe is built beside it, and makensis makes
#     dist/dossier-VERSION-setup.exe from .ci/packaging/windows/dossier.nsi.
#  3. Wine: in a throwaway prefix, dossier.exe runs init, demo, search,
#     backup, verify, restore and audit verify in a folder whose name has
#     spaces and non-ASCII letters, and prints what the Linux build prints
#     for the same commands; a second instance is refused while the first
#     holds the store.
# DOSSIER_SKIP_WINE=1 leaves out step 3 (a machine without wine); nothing
# else is optional. Prints "package: N passed, 0 failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIST=$ROOT/dist
FYNE_TOOL=fyne.io/tools/cmd/fyne@v1.7.4 # pinned: the packaging tool's version
VERSION=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
WORK=$(mktemp -d)
passed=0
# fyne package adds one to FyneApp.toml's Build on every run: put it back.
cp FyneApp.toml "$WORK/FyneApp.toml"
cleanup() {
  [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null || true
  cp "$WORK/FyneApp.toml" "$ROOT/FyneApp.toml"
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { echo "package: [$((SECONDS / 60))m$((SECONDS % 60))s] $*"; }
ok() { passed=$((passed + 1)); }
# Built once for this machine: `go run` under the Windows step's GOOS and CC
# would build the tool itself for Windows ("exec format error").
mkdir -p "$DIST" "$WORK/bin"
GOBIN="$WORK/bin" GOOS= GOARCH= CC= go install "$FYNE_TOOL"
fyne() { "$WORK/bin/fyne" "$@"; }

step "Linux tarball (fyne package)"
(cd "$WORK" && mkdir linux)
fyne package --os linux --release --src "$ROOT" --executable "$WORK/linux/dossier" --app-version "$VERSION" > "$WORK/fyne-linux.log" 2>&1 ||
  { cat "$WORK/fyne-linux.log"; echo "package: fyne package for Linux failed"; exit 1; }
tarball=$(ls "$ROOT"/*.tar.xz | head -1)
mv "$tarball" "$DIST/dossier-$VERSION-linux-amd64.tar.xz"
step ".deb"
bash .ci/packaging/linux/deb.sh "$DIST/dossier-$VERSION-linux-amd64.tar.xz" "$VERSION" "$DIST"
deb="$DIST/dossier_${VERSION}_amd64.deb"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO dpkg -i "$deb" > /dev/null
[ -x /usr/bin/dossier ] && [ -f /usr/share/applications/dossier.desktop ] || { echo "package: the .deb did not install the binary and desktop entry"; exit 1; }
ok
step "window smoke test on the installed /usr/bin/dossier"
SMOKE_BIN=/usr/bin/dossier SHOTS="$WORK/shots" bash .ci/smoke.sh
ok

step "Windows build (fyne package --os windows, mingw; the first build of Fyne's C parts is slow)"
win="$WORK/windows"
mkdir -p "$win"
export CC=x86_64-w64-mingw32-gcc
GOOS=windows GOARCH=amd64 CGO_ENABLED=1 fyne package --os windows --release --src "$ROOT" \
  --executable "$win/dossier.exe" --app-version "$VERSION" > "$WORK/fyne-windows.log" 2>&1 ||
  # fyne v1.7.4 builds $win/dossier.exe, then fails renaming ./dossier.exe to
  # Dossier.exe: only a missing binary is a failure.
  [ -f "$win/dossier.exe" ] || { cat "$WORK/fyne-windows.log"; echo "package: fyne package for Windows failed"; exit 1; }
# fyne names the result after the app (Dossier.exe), in the current folder.
for f in "$ROOT/Dossier.exe" "$win/Dossier.exe"; do [ -f "$f" ] && mv "$f" "$win/dossier.exe"; done
[ -f "$win/dossier.exe" ] || { cat "$WORK/fyne-windows.log"; echo "package: no dossier.exe"; exit 1; }
unset CC
# The console program needs no cgo (app/cli has no Fyne).
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$win/dossier-cli.exe" ./app/cli/console
step "Windows installer (makensis)"
makensis -V2 -DVERSION="$VERSION" -DBIN="$win" -DROOT="$ROOT" -DOUT="$DIST/dossier-$VERSION-setup.exe" .ci/packaging/windows/dossier.nsi
ok
ls -l "$DIST" | sed 's/^/package: /'

if [ "${DOSSIER_SKIP_WINE:-}" = 1 ]; then
  step "Wine checks left out (DOSSIER_SKIP_WINE=1)"
else
  step "Wine checks"
  bash .ci/wine/check.sh "$win" /usr/bin/dossier "$WORK/wine"
  ok
fi
step "done"
echo "package: $passed passed, 0 failed"
