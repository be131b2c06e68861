#!/usr/bin/env bash
# Makes dossier_VERSION_amd64.deb from the tarball `fyne package --os linux`
# made (binary, desktop entry, icon), moved from /usr/local to /usr as a
# Debian package installs. Depends is what the binary links (libGL, the X
# libraries, libc), found by dpkg-shlibdeps from the packages that provide
# them on the building machine (Debian 12 / Ubuntu 22.04 or newer): libGL
# and libX11. GLFW loads the other X libraries (cursor shapes, screens,
# input) with dlopen and does without them, so they are Recommends.
# Usage: deb.sh TARBALL VERSION OUTDIR
set -euo pipefail
tarball=$1 version=$2 out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work"
root=$work/pkg
mkdir -p "$root/usr" "$root/DEBIAN"
# fyne puts the tree under a folder named after the executable (dossier/usr/local).
local=$(find "$work" -maxdepth 3 -type d -path '*/usr/local' | head -1)
[ -n "$local" ] || { echo "deb: no usr/local in $tarball"; exit 1; }
cp -r "$local/." "$root/usr/"
bin=$(find "$root/usr/bin" -type f | head -1)
[ "$(basename "$bin")" = dossier ] || mv "$bin" "$root/usr/bin/dossier"
desktop=$(find "$root/usr/share/applications" -name '*.desktop' | head -1)
sed -i 's|^Exec=.*|Exec=dossier|; s|^TryExec=.*|TryExec=dossier|' "$desktop"
mv "$desktop" "$root/usr/share/applications/dossier.desktop" 2>/dev/null || true
# dpkg-shlibdeps reads a source package's control file: give it a minimal one.
mkdir -p "$work/src/debian"
printf 'Source: dossier\n\nPackage: dossier\nArchitecture: amd64\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/dossier" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || depends="libc6, libgl1, libx11-6, libxcursor1, libxi6, libxinerama1, libxrandr2, libxxf86vm1"
size=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: dossier
Version: $version
Architecture: amd64
Maintainer: Dossier <support@dossier.example.org>
Installed-Size: $size
Depends: $depends
Recommends: libxcursor1, libxi6, libxinerama1, libxrandr2, libxxf86vm1
Section: misc
Priority: optional
Homepage: https://dossier.example.org
Description: Offline medical records for clinics
 Registration, charts, scanned pages, coding, printing and audited backups
 for a clinic's medical-records office, with no network needed.
CONTROL
find "$root" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/dossier_${version}_amd64.deb" > /dev/null
echo "deb: Depends: $depends"
