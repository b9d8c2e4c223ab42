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
# Each pass runs on a frozen clock (tests/conftest.py), at two instants months
# apart and on either side of a daylight-saving change, so that nothing in the
# suite depends on the day it runs. Override either to run "as of" any moment.
now_sqlite="${DESPEDIDA_TEST_NOW_SQLITE:-2026-11-22T10:00:00+01:00}"
now_postgres="${DESPEDIDA_TEST_NOW_POSTGRES:-2027-06-16T18:30:00+02:00}"
status=0

if [ "$which" = all ] || [ "$which" = lint ]; then
  # The house's borders (docs/architecture.md) and its style, before any test runs.
  echo "== The house: import contracts (.importlinter) and ruff"
  .venv/bin/lint-imports --no-cache || status=1
  .venv/bin/ruff check --quiet . || status=1
  .venv/bin/ruff format --check --quiet . || status=1
  [ "$which" = lint ] && exit $status
fi

if [ "$which" = all ] || [ "$which" = sqlite ]; then
  echo "== Test suite on SQLite, as of $now_sqlite"
  env -u DATABASE_URL DESPEDIDA_TEST_NOW="$now_sqlite" .venv/bin/python -m pytest -n "$workers" --dist worksteal -p no:cacheprovider "$@" || status=$?
fi
if [ "$which" = all ] || [ "$which" = postgres ]; then
  pg_url="$(bash scripts/ensure_postgres.sh)"
  echo "== Test suite on PostgreSQL, as of $now_postgres"
  # Only the tests that touch the database: the others gave their verdict in the SQLite pass.
  DATABASE_URL="$pg_url" DESPEDIDA_TEST_NOW="$now_postgres" .venv/bin/python -m pytest -n "$workers" --dist worksteal -p no:cacheprovider --database-tests-only "$@" || status=$?
fi
exit $status
