#!/usr/bin/env bash
# Builds the real tools Signet's tests interoperate with (cosign v2 and v3, rekor-cli,
# notation, oras, etcd, kube-apiserver and kubectl, Gatekeeper, syft, trivy, and the small
# writer of trivy's test database in scripts/trivy-db-fixture) from the Go module proxy, at the
# versions pinned in scripts/peers.lock, into a per-machine cache outside the checkout:
#   ${SIGNET_PEERS_DIR:-~/.cache/signet-peers}/<name>@<version>/bin/
# Module downloads run in parallel (network-bound); compiles run one at a time and share
# one build cache (2 cores: parallel compiles only thrash). A peer already built is
# skipped, so a warm run costs a second. Nothing built here is part of the repository.
#   scripts/peers.sh            build every peer in the lock file
#   scripts/peers.sh NAME...    build only these
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS_DIR=${SIGNET_PEERS_DIR:-$HOME/.cache/signet-peers}
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-trimpath
export GOMODCACHE="$PEERS_DIR/go/mod" GOCACHE="$PEERS_DIR/go/build" GOPATH="$PEERS_DIR/go/path"
mkdir -p "$PEERS_DIR" "$GOMODCACHE" "$GOCACHE"

if ! command -v go >/dev/null 2>&1; then
  echo "peers: go is not installed; the interoperability tests need it to build their peers" >&2
  exit 1
fi

wanted=("$@")
todo=()
while read -r name method module version packages; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  [ -f "$PEERS_DIR/$name@$version/.built" ] && continue
  todo+=("$name $method $module $version $packages")
done < scripts/peers.lock

if [ ${#todo[@]} -eq 0 ]; then
  echo "peers: all built in $PEERS_DIR"
  exit 0
fi

# A wrapper module requires the upstream module and copies the replace lines that matter,
# pointing them at published versions (kubernetes' staging modules are published as
# k8s.io/<name>@v0.<minor>.<patch>; etcd's siblings at the same version as the server).
prepare_wrapper() {
  local name=$1 method=$2 module=$3 version=$4 packages=$5 dir=$6
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  go mod init "local/signet-peer-$name" >/dev/null 2>&1
  case "$method" in
    wrapper-etcd)
      for sibling in api/v3 client/pkg/v3 client/v3 pkg/v3; do
        go mod edit -replace="go.etcd.io/etcd/$sibling=go.etcd.io/etcd/$sibling@$version"
      done ;;
    wrapper-k8s)
      go mod download "$module@$version"
      local modfile="$GOMODCACHE/cache/download/$module/@v/$version.mod"
      local staging="v0.${version#v1.}"
      for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$modfile"); do
        go mod edit -replace="$m=$m@$staging"
      done
      local godebug
      godebug=$(awk '/^godebug/ {print $2}' "$modfile" || true)
      [ -n "$godebug" ] && go mod edit -godebug="$godebug" ;;
  esac
  # A build-tagged import file plus `go mod tidy` resolves the build list without asking
  # the proxy for the module's version list, which it refuses for some modules (notation).
  go mod edit -require="$module@$version"
  { echo '//go:build tools'; echo 'package tools'; IFS=, read -ra pkgs <<< "$packages"
    for p in "${pkgs[@]}"; do echo "import _ \"$p\""; done; } > tools.go
  go mod tidy
}

# "install-jsonv2" is `go install` with GOEXPERIMENT=jsonv2: trivy imports encoding/json/v2,
# which Go 1.26 builds only under that experiment (trivy's own Makefile sets it).
go_env() {
  local method=$1; shift
  if [ "$method" = install-jsonv2 ]; then GOEXPERIMENT=jsonv2 "$@"; else "$@"; fi
}

# Phase 1: fetch every module in parallel. `go install -n` resolves and downloads a
# module's whole build list without compiling.
started=$(date +%s)
logs="$PEERS_DIR/logs" && mkdir -p "$logs"
pids=()
for line in "${todo[@]}"; do
  read -r name method module version packages <<< "$line"
  work="$PEERS_DIR/$name@$version"
  (
    if [ "$method" = local ]; then
      (cd "$module" && go mod download)
    elif [[ "$method" == install* ]]; then
      IFS=, read -ra pkgs <<< "$packages"
      for p in "${pkgs[@]}"; do go_env "$method" go install -n "$p@$version" >/dev/null 2>&1; done
    else
      prepare_wrapper "$name" "$method" "$module" "$version" "$packages" "$work/src"
    fi
  ) > "$logs/$name.fetch.log" 2>&1 &
  pids+=("$!:$name")
done
for entry in "${pids[@]}"; do
  if ! wait "${entry%%:*}"; then
    echo "peers: fetching ${entry#*:} failed; see $logs/${entry#*:}.fetch.log" >&2
    tail -20 "$logs/${entry#*:}.fetch.log" >&2
    exit 1
  fi
done
echo "peers: modules fetched in $(( $(date +%s) - started )) s"

# Phase 2: compile one peer at a time.
for line in "${todo[@]}"; do
  read -r name method module version packages <<< "$line"
  work="$PEERS_DIR/$name@$version"
  mkdir -p "$work/bin"
  t0=$(date +%s)
  IFS=, read -ra pkgs <<< "$packages"
  if [ "$method" = local ]; then
    (cd "$module" && go build -ldflags='-s -w' -o "$work/bin/$name" "${pkgs[@]}")
  elif [[ "$method" == install* ]]; then
    for p in "${pkgs[@]}"; do GOBIN="$work/bin" go_env "$method" go install -ldflags='-s -w' "$p@$version"; done
  else
    ldflags='-s -w'
    if [ "$method" = wrapper-k8s ]; then
      minor=${version#v1.}; minor=${minor%%.*}
      ldflags="$ldflags -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
    fi
    out="$work/bin/"
    [ ${#pkgs[@]} -eq 1 ] && out="$work/bin/$name"
    (cd "$work/src" && go build -ldflags="$ldflags" -o "$out" "${pkgs[@]}")
  fi
  touch "$work/.built"
  echo "peers: built $name $version in $(( $(date +%s) - t0 )) s"
done
echo "peers: done in $(( $(date +%s) - started )) s"
