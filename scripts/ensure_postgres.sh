#!/usr/bin/env bash
# Print the URL of a PostgreSQL server the tests may use (they create and drop
# their own database on it). Uses TEST_DATABASE_URL, else the server on
# 127.0.0.1:5432; where none answers, installs PostgreSQL (as root) and starts
# a throwaway cluster on 127.0.0.1:54329 under /tmp.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py="$here/.venv/bin/python"

answers() {
  "$py" - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
from urllib.parse import urlsplit, urlunsplit
url = urlsplit(sys.argv[1])
# Probe the server's maintenance database: the test database need not exist yet.
psycopg.connect(urlunsplit(url._replace(path="/postgres")), connect_timeout=3).close()
PY
}

url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/despedida}"
if answers "$url"; then echo "$url"; exit 0; fi

own="postgres://postgres@127.0.0.1:54329/despedida"
if answers "$own"; then echo "$own"; exit 0; fi

echo "No PostgreSQL answers at $url; starting a throwaway one." >&2
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed and I am not root: set TEST_DATABASE_URL" >&2; exit 1; }
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=/tmp/despedida-test-pg
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >&2
fi
as_pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p 54329 -k /tmp -c fsync=off" start >&2
answers "$own" || { echo "the throwaway PostgreSQL did not start; see $data/server.log" >&2; exit 1; }
echo "$own"
