#!/usr/bin/env bash
# Installs everything Signet and its test suite need on a fresh Debian machine:
# the real peers the tests run against (CNCF distribution registry, PostgreSQL, GnuPG,
# skopeo, umoci, htpasswd; Chromium and rpm with --test) through apt-get, then the npm
# dependencies through npm ci, which also compiles the TypeScript (the package's prepare
# script), then the Go-built peers (cosign, rekor-cli, notation, oras, etcd,
# kube-apiserver, Gatekeeper, syft, trivy and its test database writer) through
# scripts/peers.sh.
# Safe to run again: it installs only what is missing.
#   ./scripts/setup.sh          what Signet and its demo need
#   ./scripts/setup.sh --test   also the Go-built peers the test suite runs against
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  ''|--test) ;;
  *) echo "usage: scripts/setup.sh [--test]" >&2; exit 2 ;;
esac

DEBIAN_PACKAGES=(docker-registry skopeo umoci gnupg postgresql apache2-utils)
# Only the test suite needs these: Chromium drives the dashboard's browser tests through
# playwright-core (pinned to the release whose bundled Chromium matches Debian's); rpm and
# rpmbuild write the real rpm database the SBOM tests compare with syft.
if [ "${1:-}" = --test ]; then DEBIAN_PACKAGES+=(chromium rpm); fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# better-sqlite3 is compiled by node-gyp; it must use the installed Node's headers
# (Debian's Node keeps them in /usr/include/node) because node-gyp's download of them
# cannot work on machines without general network access.
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -f "$node_prefix/include/node/node.h" ] && export npm_config_nodedir="$node_prefix"
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.signet-lock-hash ] || [ "$(cat node_modules/.signet-lock-hash)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.signet-lock-hash
else
  npm run --silent build
fi

if [ "${1:-}" = --test ]; then
  ./scripts/peers.sh
fi
