#!/usr/bin/env bash
# The headless browser the tests open the HTML brief in (tests/brief/monday/test_browser.py):
# Debian's chromium package, at /usr/bin/chromium.
#
#   scripts/chromium.sh           install it if it is missing
#
# Idempotent and quiet: a second call sees /usr/bin/chromium and only says so. Installing needs
# root; when we are not root it goes through sudo.
set -euo pipefail

BROWSER=/usr/bin/chromium
LOCK=/tmp/taut-chromium.lock

fail() { echo "scripts/chromium.sh: $*" >&2; exit 1; }

install() {
    if [ -x "$BROWSER" ]; then
        echo "Chromium is installed ($BROWSER)." >&2
        return 0
    fi
    command -v apt-get >/dev/null || fail "Chromium is not installed and this is not a Debian-like system (no apt-get): install Chromium so that $BROWSER runs."
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || fail "Chromium is not installed and only root can install it: run 'apt-get install chromium' as root (Debian's package), then this script again."
        sudo="sudo"
    fi
    echo "Installing Debian's chromium package ..." >&2
    $sudo apt-get update -qq >&2 || fail "apt-get update failed (see above): check the network and the package sources."
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || fail "apt-get install chromium failed (see above)."
    [ -x "$BROWSER" ] || fail "chromium was installed but $BROWSER is missing."
}

# One caller at a time (two `make test` at once): the second waits, then finds it installed.
exec 9>"$LOCK"
flock 9
case "${1:-install}" in
    install) install ;;
    *) fail "unknown command '$1': use 'install' (the default)." ;;
esac
