#!/usr/bin/env bash
# Runs the Windows dossier.exe under Wine (headless, a throwaway prefix) and
# the Linux build on the same commands, and fails when their outputs differ
# once paths, times and random keys are masked; then checks that a second
# instance is refused while the first holds the store, and that the
# console dossier-cli.exe prints. The store folder's name has spaces and
# non-ASCII letters. Usage: check.sh WINDIR LINUXBIN WORKDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
win=$1 linux=$2 work=$3
mkdir -p "$work"
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export WINEARCH=win64
# Wine turns arguments into Windows text with the Unix locale's charset; a
# locale that is not installed (en_US.UTF-8 on a bare CI machine) leaves it
# ASCII and the folder "Grâce Ndayé" an invalid name. C.UTF-8 is always there.
export LC_ALL=C.UTF-8
unset DISPLAY # headless: the commands open no window
export DOSSIER_PASSWORD="wine check password"
wineboot -i > "$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; echo "wine: the prefix could not be made"; exit 1; }
# Test harness only: Wine 8 lacks bcryptprimitives.dll (see processprng.c).
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  .ci/wine/processprng.c .ci/wine/processprng.def -ladvapi32
wineserver -w

folder="Clinic files/Grâce Ndayé"
mkdir -p "$work/linux/$folder" "$work/windows/$folder"

# run NAME DIR CMD... runs every step with one build, output in DIR/NAME.out.
steps() {
  local run=$1 dir=$2
  $run "$dir" init init --db "@/$folder/clinic.dossier" --clinic "Wine Check Clinic" --prefix WCC
  $run "$dir" demo demo --db "@/$folder/demo.dossier" --patients 200 --seed 7
  $run "$dir" search search --db "@/$folder/demo.dossier" "nakato"
  $run "$dir" search-mrn search --db "@/$folder/demo.dossier" "village"
  $run "$dir" backup backup --db "@/$folder/demo.dossier" --to "@/$folder/demo backup.dbak"
  $run "$dir" verify verify --db "@/$folder/demo.dossier"
  $run "$dir" verify-backup verify --db "@/$folder/demo.dossier" --backup "@/$folder/demo backup.dbak"
  $run "$dir" restore restore --db "@/$folder/demo.dossier" --from "@/$folder/demo backup.dbak"
  $run "$dir" audit-verify audit verify --db "@/$folder/demo.dossier"
  $run "$dir" search-after search --db "@/$folder/demo.dossier" "nakato"
}
# Each runner replaces @ with its base folder: a Unix path, or the same
# folder as Wine's Z: drive sees it.
linux_run() {
  local dir=$1 name=$2; shift 2
  local args=("${@//@/$dir}")
  "$linux" "${args[@]}" > "$dir/$name.out" 2>&1 || { cat "$dir/$name.out"; echo "wine: the Linux build failed at $name"; exit 1; }
}
windows_run() {
  local dir=$1 name=$2; shift 2
  local wdir="Z:${dir//\//\\}"
  local args=()
  for a in "$@"; do a=${a//@/$wdir}; [[ $a == Z:* ]] && a=${a//\//\\}; args+=("$a"); done
  wine "$win/dossier.exe" "${args[@]}" > "$dir/$name.out" 2>&1 || { cat "$dir/$name.out"; echo "wine: dossier.exe failed at $name"; exit 1; }
  sed 's/\r$//' "$dir/$name.out" > "$dir/$name.tmp" && mv "$dir/$name.tmp" "$dir/$name.out"
}
steps linux_run "$work/linux"
steps windows_run "$work/windows"

# What may differ: where the files are, how long things took, the random
# keys and fingerprints, the clock.
mask() {
  # A progress line rewritten with \r shows its last state, as on a terminal.
  LP="$work/linux/$folder/" WP="Z:${work//\//\\}\\windows\\${folder//\//\\}\\" perl -pe '
    s/.*\r//; s/\Q$ENV{LP}\E/@\//g; s/\Q$ENV{WP}\E/@\//g;
    s/\b[0-9]+(\.[0-9]+)?(ms|s|µs|m)\b/T/g;
    s/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(Z|[+-][0-9:]+)?/DATE/g;
    s/([A-Z0-9]{4}-){4,}[A-Z0-9]{1,4}/KEY/g; s/[0-9a-f]{12,}/HEX/g;
    s/[0-9]+ bytes/N bytes/g; s/before-restore-[0-9-]+/before-restore-WHEN/g' "$1"
}
differ=0
for f in "$work/linux"/*.out; do
  name=$(basename "$f")
  if ! diff <(mask "$f") <(mask "$work/windows/$name") > "$work/$name.diff"; then
    echo "wine: dossier.exe and the Linux build differ at ${name%.out}:"; cat "$work/$name.diff"; differ=1
  fi
done
[ "$differ" = 0 ] || exit 1
grep -q "200 of 200" "$work/windows/demo.out" || { cat "$work/windows/demo.out"; echo "wine: the demo did not add 200 patients"; exit 1; }
[ -s "$work/windows/search.out" ] || { echo "wine: the search found nothing"; exit 1; }

# A second instance: the first waits at the password prompt (a terminal,
# so it asks) holding the store's lock; the second must be refused.
db="Z:${work//\//\\}\\windows\\${folder//\//\\}\\demo.dossier"
DOSSIER_PASSWORD= script -qfc "wine '$win/dossier.exe' --db '$db' search x" "$work/holder.log" > /dev/null 2>&1 < <(sleep 120) &
HOLDER=$!
for _ in $(seq 150); do grep -q "Password for" "$work/holder.log" 2>/dev/null && break; sleep 0.2; done
grep -q "Password for" "$work/holder.log" || { cat "$work/holder.log"; echo "wine: the first instance never asked for the password"; exit 1; }
if wine "$win/dossier.exe" --db "$db" search x > "$work/second.out" 2>&1; then
  cat "$work/second.out"; echo "wine: a second instance opened the store"; exit 1
fi
grep -q "already open" "$work/second.out" || { cat "$work/second.out"; echo "wine: the second instance failed for another reason"; exit 1; }
kill "$HOLDER" 2>/dev/null || true
wineserver -k || true

# The console program prints (cmd.exe shows what a window program cannot).
wine "$win/dossier-cli.exe" help > "$work/cli.out" 2>&1
grep -q "Usage: dossier" "$work/cli.out" || { cat "$work/cli.out"; echo "wine: dossier-cli.exe printed no help"; exit 1; }
echo "wine: dossier.exe matches the Linux build on $(ls "$work/linux" | grep -c '\.out$') commands; a second instance is refused"
