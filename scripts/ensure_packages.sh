#!/usr/bin/env bash
# Debian packages the tests use: Chromium for the browser tests, GNU gettext
# for the catalogue check (xgettext, msgmerge); and what the PDFs need at run
# time: Pango for WeasyPrint, fonts covering Spanish and English (DejaVu,
# Liberation), poppler-utils for the page images of docs/screenshots; the
# PostgreSQL client tools for backups and their tests (pg_dump, pg_restore);
# Dovecot's IMAP server for the mail tests.
# Installed when missing, as root. `--runtime` checks only what the app needs
# to run (what `make setup` installs).
set -euo pipefail
missing=()
if [ "${1:-}" != "--runtime" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v xgettext >/dev/null && command -v msgmerge >/dev/null || missing+=(gettext)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || missing+=(postgresql-client)
  [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
fi
ldconfig -p | grep 'libpango-1.0.so.0' >/dev/null || missing+=(libpango-1.0-0)
ldconfig -p | grep 'libpangoft2-1.0.so.0' >/dev/null || missing+=(libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
