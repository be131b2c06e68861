#!/usr/bin/env bash
# Real-window smoke test: a -race build of Dossier under Xvfb, driven with
# real key presses (xdotool) on a 1024×700 and a 1366×768 screen: sign in as
# every role, visit every section, open a chart, lock, sign in again, quit;
# then the headless tour opens every dialog at both sizes. Fails when the
# window grows past the screen (or a dialog needs more), on a data race, on
# "Error in Fyne call thread", on a crash, or when the audit trail shows the
# visits did not happen. Screenshots go to $SHOTS (default: shots/) for
# people to look at: SIZE-NAME.png, and tour/ for every dialog.
# SMOKE_BIN=PATH drives that binary (an installed package) instead of
# building one: 1024×700 only, without the tour.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
SHOTS=${SHOTS:-shots}
WORK=$(mktemp -d)
BIN=$WORK/dossier-race
DB=$WORK/smoke.dossier
LOG=$WORK/app.log
export DOSSIER_PASSWORD="smoke test password"
mkdir -p "$SHOTS"

cleanup() {
  [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null || true
  [ -n "${XVFB:-}" ] && kill "$XVFB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "${SMOKE_BIN:-}" ]; then
  # An installed binary (.ci/package.sh: the .deb's /usr/bin/dossier): no
  # build, one screen size, no headless tour (the -race run does those).
  BIN=$SMOKE_BIN
  echo "smoke: driving $BIN"
else
  echo "smoke: building with -race"
  go build -race -o "$BIN" .
fi
"$BIN" --db "$DB" demo --patients 300 --seed 7 > /dev/null

# A scanner inbox with one scan in it, set as the Scanning screen's inbox
# in the app's preferences (kept under this run's own config folder).
export XDG_CONFIG_HOME=$WORK/config
INBOX=$WORK/inbox
mkdir -p "$XDG_CONFIG_HOME/fyne/org.dossier.records" "$INBOX"
printf '{"scanner-inbox":"%s"}' "$INBOX" > "$XDG_CONFIG_HOME/fyne/org.dossier.records/preferences.json"
cp reports/imports/scans/testdata/linn.png "$INBOX/scan-0001.png"
touch -d '1 minute ago' "$INBOX/scan-0001.png"

shot() { command -v import > /dev/null && import -window root "$SHOTS/$SIZE-$1.png" || true; }
key() { xdotool key --clearmodifiers "$@"; sleep "${PAUSE:-1.2}"; }
typein() { xdotool type --delay 30 "$1"; }
# fits fails when the window has grown past the screen: a screen whose
# minimum size adds up to more pushes its buttons off the edge.
fits() {
  local g
  g=$(xdotool getwindowgeometry "$WIN" | sed -n 's/.*Geometry: //p')
  if [ "${g%x*}" -gt "$W" ] || [ "${g#*x}" -gt "$H" ]; then
    echo "smoke: at $SIZE the window grew to $g on $1"
    TOOBIG=1
  fi
}
look() { sleep "${2:-1}"; fits "$1"; shot "$1"; }
signin() {
  key shift+Tab; key ctrl+a; typein "$1"; key Tab
  typein "$DOSSIER_PASSWORD"; key Return; sleep 8
}
# sections visits Ctrl+1…9 as the signed-in user (each digit is one
# section in every role; a role without it is told so); the
# administrator's sections past them have no digit: Go to (Ctrl+K) reaches
# them by name.
sections() {
  for i in 1 2 3 4 5 6 7 8 9; do key "ctrl+$i"; look "$1-section-$i"; done
  if [ "$1" = admin ]; then
    for s in users audit backups code settings account; do
      key ctrl+k; typein "$s"; key Return; look "$1-section-$s"
    done
  fi
}

# start_app opens the window on a W×H screen.
start_app() {
  DISPLAY_NUM=${SMOKE_DISPLAY:-:$(( 90 + RANDOM % 9 ))}
  Xvfb "$DISPLAY_NUM" -screen 0 "${W}x${H}x24" -nolisten tcp > /dev/null 2>&1 &
  XVFB=$!
  export DISPLAY=$DISPLAY_NUM
  for _ in $(seq 50); do xdpyinfo > /dev/null 2>&1 && break; sleep 0.2; done
  "$BIN" --db "$DB" >> "$LOG" 2>&1 &
  APP=$!
  WIN=""
  for _ in $(seq 150); do
    WIN=$(xdotool search --name '^Dossier( \(demo\))?$' 2>/dev/null | head -1 || true)
    [ -n "$WIN" ] && break
    sleep 0.2
  done
  [ -n "$WIN" ] || { cat "$LOG"; echo "smoke: the window never appeared"; exit 1; }
  # No window manager under Xvfb: focus follows the pointer, so park it on
  # the window (bottom-left, over the version label) and send real key
  # events. The window fills the screen, as a maximised window would.
  sleep 1 # the window must be mapped before it can be resized
  for _ in 1 2; do
    xdotool windowsize "$WIN" "$W" "$H" windowmove "$WIN" 0 0 2>/dev/null || true
    sleep 0.5
  done
  xdotool mousemove 20 $(( H - 20 ))
  sleep 2
}

quit_app() {
  key ctrl+q
  # Quitting signs out, which lets a background load already running (the
  # coding queue and code sets, slow under -race) finish first.
  for _ in $(seq 300); do kill -0 "$APP" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$APP" 2>/dev/null; then cat "$LOG"; echo "smoke: the app did not quit on Ctrl+Q"; exit 1; fi
  wait "$APP" || { cat "$LOG"; echo "smoke: the app exited with an error"; exit 1; }
  APP=""
  kill "$XVFB" 2>/dev/null || true
  XVFB=""
}

TOOBIG=0
# The clinics' laptops: 1024×768 (the window has 1024×700 of it) and 1366×768.
W=1024 H=700 SIZE=1024x700
start_app
shot 01-sign-in
typein "admin"; key Tab
typein "wrong password"; key Return
sleep 8; shot 02-wrong-password  # the failed unlock (Argon2id, ~1 s, slower under -race) must end before typing again
typein "$DOSSIER_PASSWORD"; key Return
sleep 6; look 03-patients
sections admin
key ctrl+1; sleep 1
typein "nakat"; sleep 2; look 05-search
key Return; look 05-chart 2
key ctrl+n; look 06-register
key ctrl+l; sleep 3; shot 07-locked
# Sign in again as the records supervisor and visit their sections.
signin super1; look 08-supervisor
sections supervisor
# Scanning: the inbox is read in the background and the page imported.
key ctrl+2; sleep 10; look 09-scanning-inbox
key Return; look 09-scanning-tray
# The clerk's sections, and the coder's: the coding queue loads the code
# sets in the background.
key ctrl+l; sleep 3
signin clerk1; sections clerk
key ctrl+l; sleep 3
signin coder1
key ctrl+9; look 10-coding 5  # the same key for Coding in every role
sections coder
quit_app

if [ -z "${SMOKE_BIN:-}" ]; then
# The larger screen: every role's sections again.
W=1366 H=768 SIZE=1366x768
start_app
typein "admin"; key Tab; typein "$DOSSIER_PASSWORD"; key Return; sleep 8
sections admin
for u in super1 clerk1 coder1; do key ctrl+l; sleep 3; signin "$u"; sections "$u"; done
quit_app

# Every dialog, at both sizes, drawn by the headless tour (every section,
# chart tab and "…" button of every role) into $SHOTS/tour; it fails when
# any needs more than the screen.
mkdir -p "$SHOTS/tour"
DOSSIER_SHOTS="$(cd "$SHOTS/tour" && pwd)" go test -count=1 -run TestTourFitsSmallScreens ./app/ui/ > "$WORK/tour.log" 2>&1 ||
  { grep -v "Fyne error\|Cause:\|At:" "$WORK/tour.log"; echo "smoke: the tour found screens too big"; TOOBIG=1; }
fi

fail=$TOOBIG
if grep -q "DATA RACE" "$LOG"; then echo "smoke: DATA RACE"; fail=1; fi
if grep -q "Error in Fyne call thread" "$LOG"; then echo "smoke: Fyne call off the UI thread"; fail=1; fi
if grep -q "^panic:" "$LOG"; then echo "smoke: panic"; fail=1; fi

AUDIT=$("$BIN" --db "$DB" audit list --last 0)
need() {
  if ! grep -q -- "$2" <<< "$AUDIT"; then echo "smoke: the audit trail shows no $1"; fail=1; fi
}
need "failed sign-in" "sign-in-failed"
need "sign-in" " sign-in "
need "submitted search" " search "
need "audit trail view" "audit trail"
need "chart view" " chart"
need "lock" " lock "
need "supervisor sign-in" "super1 *sign-in"
need "coding queue view" "coding queue"
need "scanned page import" " import "
if [ -e "$INBOX/scan-0001.png" ]; then echo "smoke: the imported scan is still in the inbox"; fail=1; fi
"$BIN" --db "$DB" audit verify > /dev/null || { echo "smoke: audit chain broken"; fail=1; }
if [ "$fail" != 0 ]; then cat "$LOG"; exit 1; fi
echo "smoke: 1 passed, 0 failed"
