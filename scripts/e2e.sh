#!/usr/bin/env bash
# Browser journeys: installs Debian's Chromium if missing (as root), then runs tests/e2e.
# Among them the newcomer path (tests/e2e/test_newcomer.py): a fresh clone runs `make serve`
# on port 8000, which must be free, then `make test`; leave it out with -k "not newcomer".
# Screenshots of the journeys' key pages land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium and poppler-utils from Debian's packages ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "Chromium is missing: install Debian's 'chromium' package (it must be /usr/bin/chromium)." >&2
    exit 1
  fi
fi

DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/pytest tests/e2e -p no:cacheprovider "$@"
