#!/usr/bin/env bash
# Makes the official Alibaba Cloud Python SDK for PolarDB available to the oracle tests
# (test/helpers/python-sdk.ts): a virtualenv with alibabacloud-polardb20170801 and every dependency
# pinned exactly in test/helpers/python/requirements.txt, installed from PyPI once and cached beside
# the Pulumi toolchain (~/.cache/pulumi-polardb/pysdk-<version>, or $POLARDB_TOOLCHAIN_CACHE).
#
# Prints, as its LAST stdout line, the virtualenv's python. Idempotent and cached: a second run
# answers at once. Safe when several test workers ask at once: one builds, the others wait for it.
# A build that was killed half-way is noticed (no completion stamp) and redone.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "setup-python-sdk: $*" >&2; }

requirements="$root/test/helpers/python/requirements.txt"
version=$(sed -n 's/^alibabacloud-polardb20170801==\([0-9.]*\)$/\1/p' "$requirements")
[ -n "$version" ] || { log "$requirements must pin alibabacloud-polardb20170801==<version>"; exit 1; }
cache=${POLARDB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-polardb}
venv="$cache/pysdk-$version"
stamp="$venv/.complete"
# The stamp holds the requirements' digest: changing a pin rebuilds the environment.
want=$(sha256sum "$requirements" | cut -d' ' -f1)

installed() { [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }
if installed; then echo "$venv/bin/python"; exit 0; fi

python=${POLARDB_PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { log "Python 3 is required for the SDK oracle tests (apt-get install python3 python3-venv)"; exit 1; }
"$python" -c 'import venv, ensurepip' 2>/dev/null || { log "$python has no venv/ensurepip module (apt-get install python3-venv)"; exit 1; }

# One build at a time: the lock is a directory holding its owner's pid; a dead owner's lock is taken over.
mkdir -p "$cache"
lock="$cache/.lock-pysdk-$version"
held=0
for _ in $(seq 1 900); do
  if mkdir "$lock" 2>/dev/null; then echo $$ > "$lock/pid"; held=1; break; fi
  if installed; then echo "$venv/bin/python"; exit 0; fi
  owner=$(cat "$lock/pid" 2>/dev/null || true)
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then log "taking over the lock of a build that stopped (pid $owner)"; rm -rf "$lock"; continue; fi
  sleep 1
done
[ "$held" = 1 ] || { log "another build held $lock for 15 minutes; remove it if no build is running"; exit 1; }
trap 'rm -rf "$lock"' EXIT
if installed; then echo "$venv/bin/python"; exit 0; fi

start=$(date +%s)
log "creating $venv with alibabacloud-polardb20170801==$version from PyPI (first time only)"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --no-cache-dir -r "$requirements" >&2
"$venv/bin/python" -c 'import alibabacloud_polardb20170801.client, alibabacloud_tea_openapi.utils_models' \
  || { log "the installed SDK does not import"; exit 1; }
echo "$want" > "$stamp"
log "ready in $(( $(date +%s) - start )) s"
echo "$venv/bin/python"
