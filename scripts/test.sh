#!/usr/bin/env bash
# Every test keyscope has: type-check, lint, build, then Vitest (unit, moto, fault server, CLI, transport).
# Prints one summary line at the end: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in moto_server python3 openssl dbus-daemon dbus-monitor gdbus gnome-keyring-daemon secret-tool; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "keyscope tests need: ${missing[*]}" >&2
  echo "(moto_server comes with Python's moto 5.2.1; the rest: apt-get install openssl dbus dbus-bin libglib2.0-bin gnome-keyring libsecret-tools)" >&2
  exit 2
fi
# Tests that use the keychain start their own D-Bus session and gnome-keyring (e2e/fixtures/keyring.ts); none
# of them touches the keychain of the person running the tests.
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

status=0
failed_steps=()
step() {
  echo "== $1"
  local name=$1
  shift
  "$@" || { status=1; failed_steps+=("$name"); }
}
step "type-check" npx --no-install tsc -b
step "lint" npx --no-install eslint .
step "build" node scripts/build.mjs
echo "== vitest"
rm -f .vitest-results.json
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@" || status=1
node scripts/summary.mjs .vitest-results.json vitest || status=1
if ((${#failed_steps[@]})); then echo "failed before the tests: ${failed_steps[*]}" >&2; fi
exit $status
