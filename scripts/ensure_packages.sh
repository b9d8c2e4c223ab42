#!/usr/bin/env bash
# Debian packages the tests use: Chromium for the browser tests, GNU gettext
# for the catalogue check (xgettext, msgmerge), the PostgreSQL client tools for
# backups (pg_dump, pg_restore). Installed when missing, as root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xgettext >/dev/null && command -v msgmerge >/dev/null || missing+=(gettext)
command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
