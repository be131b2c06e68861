#!/usr/bin/env bash
# Real-window smoke test: a -race build of Dossier under Xvfb, driven with
# real key presses (xdotool): sign in, visit every section, open a chart,
# lock, sign in again, quit. Fails on a data race, on "Error in Fyne call
# thread", on a crash, or when the audit trail shows the visits did not
# happen. Screenshots go to $SHOTS (default: shots/) for people to look at.
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

echo "smoke: building with -race"
go build -race -o "$BIN" .
"$BIN" --db "$DB" demo --patients 300 --seed 7 > /dev/null

# A scanner inbox with one scan in it, set as the Scanning screen's inbox
# in the app's preferences (kept under this run's own config folder).
export XDG_CONFIG_HOME=$WORK/config
INBOX=$WORK/inbox
mkdir -p "$XDG_CONFIG_HOME/fyne/org.dossier.records" "$INBOX"
printf '{"scanner-inbox":"%s"}' "$INBOX" > "$XDG_CONFIG_HOME/fyne/org.dossier.records/preferences.json"
cp reports/imports/scans/testdata/linn.png "$INBOX/scan-0001.png"
touch -d '1 minute ago' "$INBOX/scan-0001.png"

DISPLAY_NUM=:$(( 90 + RANDOM % 9 ))
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
XVFB=$!
export DISPLAY=$DISPLAY_NUM
for _ in $(seq 50); do xdpyinfo > /dev/null 2>&1 && break; sleep 0.2; done

"$BIN" --db "$DB" > "$LOG" 2>&1 &
APP=$!
WIN=""
for _ in $(seq 150); do
  WIN=$(xdotool search --name '^Dossier( \(demo\))?$' 2>/dev/null | head -1 || true)
  [ -n "$WIN" ] && break
  sleep 0.2
done
[ -n "$WIN" ] || { cat "$LOG"; echo "smoke: the window never appeared"; exit 1; }
# No window manager under Xvfb: focus follows the pointer, so park it on the
# window (bottom-left, over the version label) and send real key events.
xdotool windowsize "$WIN" 1024 700 windowmove "$WIN" 0 0 2>/dev/null || true
xdotool mousemove 20 680
sleep 2

shot() { command -v import > /dev/null && import -window root "$SHOTS/$1.png" || true; }
key() { xdotool key --clearmodifiers "$@"; sleep "${PAUSE:-1.2}"; }
typein() { xdotool type --delay 30 "$1"; }

shot 01-sign-in
typein "admin"; key Tab
typein "wrong password"; key Return
sleep 4; shot 02-wrong-password
typein "$DOSSIER_PASSWORD"; key Return
sleep 6; shot 03-patients
# The administrator's sections past Admissions (Ctrl+7) have no Ctrl+digit:
# Go to (Ctrl+K) reaches them by name.
key ctrl+7; sleep 1; shot 04-section-admissions
for s in users audit backups code settings account; do key ctrl+k; typein "$s"; key Return; sleep 1; shot "04-section-$s"; done
key ctrl+1; sleep 1
typein "nakat"; sleep 2; shot 05-search
key Return; sleep 2; shot 05-chart
key ctrl+n; sleep 1; shot 06-register
key ctrl+l; sleep 3; shot 07-locked
# Sign in again as the records supervisor and visit their sections.
key shift+Tab; key ctrl+a; typein "super1"; key Tab
typein "$DOSSIER_PASSWORD"; key Return; sleep 6; shot 08-supervisor
for i in 3 4 5 6; do key "ctrl+$i"; sleep 1; shot "09-supervisor-section-$i"; done
# Scanning: the inbox is read in the background and the page imported.
key ctrl+2; sleep 10; shot 09-scanning-inbox
key Return; sleep 1; shot 09-scanning-tray
# And as the clinical coder: the coding queue loads the code sets in the background.
key ctrl+l; sleep 3
key shift+Tab; key ctrl+a; typein "coder1"; key Tab
typein "$DOSSIER_PASSWORD"; key Return; sleep 6
key ctrl+9; sleep 5; shot 10-coding  # the same key for Coding in every role
key ctrl+q
for _ in $(seq 100); do kill -0 "$APP" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$APP" 2>/dev/null; then cat "$LOG"; echo "smoke: the app did not quit on Ctrl+Q"; exit 1; fi
wait "$APP" || { cat "$LOG"; echo "smoke: the app exited with an error"; exit 1; }
APP=""

fail=0
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
