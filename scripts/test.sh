#!/usr/bin/env bash
# Run the whole suite on SQLite and again on PostgreSQL (or one of them: sqlite|postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
shift || true

bash scripts/ensure_packages.sh

export DESPEDIDA_DATA_DIR="$(mktemp -d)"
export SECRET_KEY="test-only-$(date +%s)-not-secret"
# A throwaway Dovecot IMAP server on loopback for the mail tests (see tests/mailbox/conftest.py).
export DESPEDIDA_TEST_DOVECOT="$DESPEDIDA_DATA_DIR/dovecot"
trap 'bash scripts/ensure_dovecot.sh --stop "$DESPEDIDA_TEST_DOVECOT"; rm -rf "$DESPEDIDA_DATA_DIR"' EXIT
bash scripts/ensure_dovecot.sh "$DESPEDIDA_TEST_DOVECOT" >/dev/null
workers="${TEST_WORKERS:-2}"
status=0

if [ "$which" = all ] || [ "$which" = sqlite ]; then
  echo "== Test suite on SQLite"
  env -u DATABASE_URL .venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@" || status=$?
fi
if [ "$which" = all ] || [ "$which" = postgres ]; then
  pg_url="$(bash scripts/ensure_postgres.sh)"
  echo "== Test suite on PostgreSQL"
  DATABASE_URL="$pg_url" .venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@" || status=$?
fi
exit $status
