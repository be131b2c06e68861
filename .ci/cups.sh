#!/usr/bin/env bash
# Starts the CUPS spooler (if it is not running) and makes the DossierPDF
# queue: a cups-pdf printer whose output lands in /var/spool/cups-pdf/<user>,
# where the printing flow's test reads it back and counts its pages. Needs
# root (or sudo) and the packages .ci/setup installs (cups,
# printer-driver-cups-pdf). Run by .ci/test before the Go tests.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
command -v cupsd > /dev/null || { echo "cups is not installed: run .ci/setup"; exit 1; }
conf=/etc/cups/cups-pdf.conf
[ -f "$conf" ] || { echo "printer-driver-cups-pdf is not installed: run .ci/setup"; exit 1; }
# One folder per user, so the test finds its own printout.
if ! grep -q '^Out /var/spool/cups-pdf/\${USER}$' "$conf"; then
  $SUDO sed -i 's|^Out .*|Out /var/spool/cups-pdf/${USER}|' "$conf"
fi
# Keep no copy of printed jobs (what Dossier's README asks of every clinic).
for key in PreserveJobFiles PreserveJobHistory; do
  if grep -q "^$key" /etc/cups/cupsd.conf; then
    $SUDO sed -i "s|^$key .*|$key No|" /etc/cups/cupsd.conf
  else
    echo "$key No" | $SUDO tee -a /etc/cups/cupsd.conf > /dev/null
  fi
done
if ! lpstat -r 2> /dev/null | grep -q 'is running'; then
  $SUDO cupsd
  for _ in $(seq 1 50); do lpstat -r 2> /dev/null | grep -q 'is running' && break; sleep 0.2; done
fi
lpstat -r | grep -q 'is running' || { echo "cupsd did not start"; exit 1; }
if ! lpstat -p DossierPDF > /dev/null 2>&1; then
  ppd=$(lpinfo -m | awk '/CUPS-PDF_opt/ {print $1; exit}')
  [ -n "$ppd" ] || ppd=$(lpinfo -m | awk 'tolower($0) ~ /cups-pdf/ {print $1; exit}')
  [ -n "$ppd" ] || { echo "no cups-pdf driver (lpinfo -m)"; exit 1; }
  $SUDO lpadmin -p DossierPDF -v cups-pdf:/ -m "$ppd" -E
fi
lpstat -p DossierPDF
