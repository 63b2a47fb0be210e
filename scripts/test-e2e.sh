#!/usr/bin/env bash
# The UI end to end: builds, then Playwright in Debian's Chromium through the harness (and Electron where it
# exists). Prints one summary line at the end: "playwright: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${KEYSCOPE_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "The e2e tests need Debian's Chromium: apt-get install chromium" >&2
  exit 2
fi
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL
node scripts/build.mjs || exit 1
rm -f test-results/e2e/results.json
status=0
npx --no-install playwright test -c e2e/playwright.config.ts "$@" || status=1
node scripts/summary.mjs test-results/e2e/results.json playwright || status=1
exit $status
