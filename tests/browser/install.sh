#!/usr/bin/env bash
# Installs what the browser test (tests/browser) drives: Debian's chromium
# and chromium-driver, at the versions pinned here. Cheap when they are
# installed already: no apt-get update then. The .deb files stay in
# target/browser/apt, so a machine that keeps target/ downloads them once.
#
# Run as root (CI is). The pin follows Debian's security updates, and the
# security archive keeps only the latest one: when it no longer has the
# pinned version, the newest update of the same Chromium release (the
# pin's major version) is installed instead, with a warning to move the pin to
# the one `apt-cache policy chromium` shows. Any other release fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM_VERSION="156.0.8078.129-1~deb12u1"
# The pin's release, its major version ("156."): its later builds may stand in.
CHROMIUM_RELEASE="${CHROMIUM_VERSION%%.*}."
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
available=$(apt-cache madison chromium | awk '{ print $3 }')
if ! grep -qxF "$CHROMIUM_VERSION" <<<"$available"; then
    # madison lists the newest first.
    update=$(awk -v release="$CHROMIUM_RELEASE" 'index($0, release) == 1' <<<"$available" | head -n 1)
    if [ -z "$update" ]; then
        echo "chromium $CHROMIUM_VERSION is not in the archive, nor any ${CHROMIUM_RELEASE}x; it has:" $available >&2
        exit 1
    fi
    echo "warning: chromium $CHROMIUM_VERSION is no longer in the archive (a security update replaced it);" \
        "installing $update: set CHROMIUM_VERSION to it" >&2
    CHROMIUM_VERSION=$update
fi
pinned=()
for package in "${PACKAGES[@]}"; do
    pinned+=("$package=$CHROMIUM_VERSION")
done
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dir::Cache::Archives="$cache" "${pinned[@]}" > /dev/null
installed
echo "installed chromium $CHROMIUM_VERSION"
