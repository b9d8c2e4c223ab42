#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)" >&2
  exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
