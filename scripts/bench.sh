#!/usr/bin/env bash
# Print the benchmark tables. `--small` runs every benchmark at a small size (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
export DESPEDIDA_DATA_DIR="$(mktemp -d)"
export SECRET_KEY="bench-only-not-secret"
trap 'rm -rf "$DESPEDIDA_DATA_DIR"' EXIT
py=.venv/bin/python
for script in bench/assess_file.py bench/store.py bench/dashboard.py bench/import_contention.py bench/tone_linear.py bench/csv_import.py bench/mail_sync.py bench/load.py; do
  [ -f "$script" ] || continue
  echo "== $script"
  "$py" "$script" "$@"
done
