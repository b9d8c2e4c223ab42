#!/usr/bin/env bash
# Debian packages the tests use: Chromium for the browser tests, GNU gettext
# for the catalogue check (xgettext, msgmerge), Dovecot's IMAP server for the mail tests. Installed when missing, as root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xgettext >/dev/null && command -v msgmerge >/dev/null || missing+=(gettext)
[ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
