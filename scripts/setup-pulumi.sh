#!/usr/bin/env bash
# Makes the Pulumi CLI toolchain available with no download site but the Go module proxy.
#
# Prints, as its LAST stdout line, one directory that holds `pulumi`, `pulumi-language-nodejs`,
# `pulumi-language-yaml` and the dynamic-provider shim `pulumi-resource-pulumi-nodejs` (contract: `npm run --silent
# setup:pulumi`). Idempotent and cached: a second run prints the same directory in well under a
# second. Progress goes to stderr.
#
# - The CLI release is the @pulumi/pulumi version in package.json's devDependencies (pinned exactly
#   there; users get it as a peer dependency with a range).
# - `pulumi` is built from the module github.com/pulumi/pulumi/pkg/v3 at that tag. Its go.mod
#   carries `replace ../sdk`, which `go install pkg@version` refuses; we copy the module out of
#   the read-only cache, drop that replace (pinning sdk/v3 at the same tag) and build there.
# - `pulumi-language-nodejs` has been its own untagged module since v3.69; the proxy serves no
#   pseudo-version of it, so no release of the 3.2xx line can be built from it. The newest
#   release that carries it inside a tagged module is sdk/v3 v3.68.0; we build that one. The
#   language host only starts `node …/@pulumi/pulumi/cmd/run` for the program: everything the
#   program runs is the current SDK. (Automation API inline programs do not use it at all.)
# - A `pulumi` already on PATH is used only if it reports exactly the pinned version and a
#   `pulumi-language-nodejs` sits on PATH too.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "setup-pulumi: $*" >&2; }

version=$(node -p 'require(process.argv[1]).devDependencies["@pulumi/pulumi"]' "$root/package.json")
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) log "package.json must pin @pulumi/pulumi to an exact version (found '$version')"; exit 1 ;;
esac
langhost_version=3.68.0
# The YAML language host (programs of any language can use the provider plugin; YAML needs no
# SDK): a tagged module, so `go install …@version` works. Built into the same directory.
yaml_version=1.38.1

shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ ! -f "$shim" ]; then
  log "node_modules/@pulumi/pulumi is missing: run 'npm ci' first (npm test and npm run demo do it)"
  exit 1
fi

# 1. A matching toolchain already on PATH wins.
if command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1 && command -v pulumi-language-yaml >/dev/null 2>&1; then
  if [ "$(pulumi version 2>/dev/null)" = "v$version" ]; then
    dir=$(dirname "$(command -v pulumi)")
    if command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
      echo "$dir"; exit 0
    fi
  fi
fi

cache=${POLARDB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-polardb}
bin="$cache/pulumi-v$version/bin"

installed() {
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ -x "$bin/pulumi-language-yaml" ] && \
    [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]
}

finish() {
  # The shim comes from the installed SDK, so refresh it on every run (cheap, keeps it matched).
  cp "$shim" "$bin/pulumi-resource-pulumi-nodejs"
  chmod +x "$bin/pulumi-resource-pulumi-nodejs"
  echo "$bin"
}

if installed; then finish; exit 0; fi

command -v go >/dev/null 2>&1 || { log "Go is required to build the Pulumi CLI (apt-get install golang-go, or https://go.dev/dl)"; exit 1; }

# One build at a time, even when several test workers ask at once.
mkdir -p "$cache"
lock="$cache/.lock-v$version"
for _ in $(seq 1 1800); do
  if mkdir "$lock" 2>/dev/null; then break; fi
  if installed; then finish; exit 0; fi
  sleep 1
done
trap 'rm -rf "$lock" "${work:-}"' EXIT
if installed; then finish; exit 0; fi

export GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
work=$(mktemp -d "$cache/build.XXXXXX")
mkdir -p "$bin"
start=$(date +%s)

# `go mod download` sometimes answers a pseudo-version's .info with a transient refusal.
with_retry() { "$@" || { sleep 3; "$@"; } || { sleep 10; "$@"; }; }

module_dir() { # module@version -> a writable copy of its source
  local json
  json=$(with_retry go mod download -json "$1")
  local dir
  dir=$(printf '%s' "$json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')
  cp -r "$dir" "$2" && chmod -R u+w "$2"
}

ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }

# Each tool is built only when missing (a cache from before the YAML host gains just that).
if [ ! -x "$bin/pulumi" ] || [ "$("$bin/pulumi" version 2>/dev/null)" != "v$version" ]; then
  log "building pulumi v$version from the Go module proxy (first time only; several minutes on 2 cores)"
  module_dir "github.com/pulumi/pulumi/pkg/v3@v$version" "$work/pkg"
  ( cd "$work/pkg"
    go mod edit -dropreplace=github.com/pulumi/pulumi/sdk/v3 -require="github.com/pulumi/pulumi/sdk/v3@v$version"
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$(ldflags "$version")" -o "$bin/pulumi.tmp" ./cmd/pulumi >&2 )
  mv "$bin/pulumi.tmp" "$bin/pulumi"
fi

if [ ! -x "$bin/pulumi-language-nodejs" ]; then
  log "building pulumi-language-nodejs (sdk/v3 v$langhost_version)"
  module_dir "github.com/pulumi/pulumi/sdk/v3@v$langhost_version" "$work/sdk"
  ( cd "$work/sdk"
    go build -trimpath -ldflags "$(ldflags "$langhost_version")" -o "$bin/pulumi-language-nodejs.tmp" ./nodejs/cmd/pulumi-language-nodejs >&2 )
  mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
fi

if [ ! -x "$bin/pulumi-language-yaml" ]; then
  log "building pulumi-language-yaml v$yaml_version"
  mkdir -p "$work/yaml"
  GOBIN="$work/yaml" with_retry go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$yaml_version" >&2
  mv "$work/yaml/pulumi-language-yaml" "$bin/pulumi-language-yaml"
fi

log "built in $(( $(date +%s) - start )) s"
installed || { log "the built pulumi does not report v$version"; exit 1; }
finish
