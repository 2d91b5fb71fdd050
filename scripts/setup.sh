#!/usr/bin/env bash
# Installs the Debian 12 packages byline needs to build and test, when any is missing.
# Idempotent: does nothing (and needs no root) when everything is there.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config ca-certificates
  libxapian-dev libcurl4-openssl-dev libpugixml-dev libxml2-dev libicu-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libmimalloc-dev
  libpsl-dev publicsuffix zlib1g-dev libmicrohttpd-dev libcld2-dev
  xapian-tools  # xapian-tcpsrv: the tests serve an index over the network with it
  openssl       # the tests make a TLS certificate for `byline serve --tls-cert`
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
