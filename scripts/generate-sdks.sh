#!/usr/bin/env bash
# Writes the provider plugin's SDKs for Node.js, Python and Go into sdk/<language> from schema.json,
# with sdkgen/ (a small Go program linking the pinned Pulumi release's code generators). The sdkgen
# binary is built once from the Go module proxy and cached beside the Pulumi toolchain; the SDKs are
# rewritten only when schema.json changed since the last run (sdk/.schema-sha256).
#
# Usage: generate-sdks.sh [schema.json] [out-dir]. Prints, as its LAST stdout line, the out dir.
# Java and .NET: see README ("Every language: the provider plugin").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "generate-sdks: $*" >&2; }
schema=${1:-$root/schema.json}
out=${2:-$root/sdk}
[ -f "$schema" ] || { log "$schema does not exist (npm run generate writes it)"; exit 1; }

digest=$(sha256sum "$schema" | cut -d' ' -f1)
if [ "$(cat "$out/.schema-sha256" 2>/dev/null)" = "$digest" ]; then echo "$out"; exit 0; fi

cache=${POLARDB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-polardb}
source_digest=$(cat "$root"/sdkgen/go.mod "$root"/sdkgen/go.sum "$root"/sdkgen/*.go | sha256sum | cut -c1-16)
gen="$cache/sdkgen-$source_digest"
mkdir -p "$cache"
if [ ! -x "$gen" ]; then
  command -v go >/dev/null 2>&1 || { log "Go is required to build sdkgen (apt-get install golang-go, or https://go.dev/dl)"; exit 1; }
  lock="$cache/.lock-sdkgen"
  for _ in $(seq 1 900); do mkdir "$lock" 2>/dev/null && break; [ -x "$gen" ] && break; sleep 1; done
  if [ ! -x "$gen" ]; then
    trap 'rm -rf "$cache/.lock-sdkgen"' EXIT
    start=$(date +%s)
    log "building sdkgen (first time only)"
    (cd "$root/sdkgen" && GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-auto} go build -o "$gen.tmp" .)
    mv "$gen.tmp" "$gen"
    log "sdkgen built in $(( $(date +%s) - start )) s"
    rm -rf "$cache/.lock-sdkgen"
  fi
fi

# One writer at a time for the same out dir.
lock="$out.lock"
mkdir -p "$(dirname "$out")"
for _ in $(seq 1 300); do mkdir "$lock" 2>/dev/null && break; sleep 1; done
trap 'rm -rf "$lock"' EXIT
if [ "$(cat "$out/.schema-sha256" 2>/dev/null)" != "$digest" ]; then
  "$gen" "$schema" "$out" nodejs python go
  # The Go SDK's module (its import path is the schema's language.go.importBasePath, under sdk/go):
  # programs use it with `replace github.com/pulumi-polardb/sdk => <out>`.
  pulumi_version=$(node -p 'require(process.argv[1]).devDependencies["@pulumi/pulumi"]' "$root/package.json")
  printf 'module github.com/pulumi-polardb/sdk\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$pulumi_version" > "$out/go.mod"
  echo "$digest" > "$out/.schema-sha256"
fi
echo "$out"
