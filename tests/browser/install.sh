#!/usr/bin/env bash
# Installs what the browser test (tests/browser) drives: Debian's chromium
# and chromium-driver, at the versions pinned here. Cheap when they are
# installed already: no apt-get update then. The .deb files stay in
# target/browser/apt, so a machine that keeps target/ downloads them once.
#
# Run as root (CI is). The pin follows Debian's security updates: when the
# archive no longer has this version, apt-get fails and names it; set the one
# `apt-cache policy chromium` shows.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM_VERSION="156.0.8078.114-1~deb12u1"
PACKAGES=(chromium chromium-common chromium-driver)

installed() {
    for package in "${PACKAGES[@]}"; do
        [ "$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null)" = "$CHROMIUM_VERSION" ] || return 1
    done
}

if installed; then
    echo "chromium $CHROMIUM_VERSION is installed"
    exit 0
fi
cache=$PWD/target/browser/apt
mkdir -p "$cache/partial"
apt-get update -qq
pinned=()
for package in "${PACKAGES[@]}"; do
    pinned+=("$package=$CHROMIUM_VERSION")
done
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dir::Cache::Archives="$cache" "${pinned[@]}" > /dev/null
installed
echo "installed chromium $CHROMIUM_VERSION"
