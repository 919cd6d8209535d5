#!/usr/bin/env bash
# Makes a Python virtualenv from a requirements file with every dependency pinned exactly, installed
# from PyPI once and cached beside the Pulumi toolchain (~/.cache/pulumi-polardb/venv-<name>, or
# under $POLARDB_TOOLCHAIN_CACHE). The file names the environment in a line `# venv: <name>` and
# may list modules that must import afterwards in lines `# import: <module>`.
#
# Usage: setup-venv.sh <requirements.txt>. Prints, as its LAST stdout line, the virtualenv's python.
# Idempotent and cached: a second run answers at once. Safe when several test workers ask at once:
# one builds, the others wait for it. A build killed half-way is noticed (no completion stamp) and redone.
set -euo pipefail

log() { echo "setup-venv: $*" >&2; }
requirements=${1:?usage: setup-venv.sh <requirements.txt>}
[ -f "$requirements" ] || { log "$requirements does not exist"; exit 1; }
name=$(sed -n 's/^# venv: *\([A-Za-z0-9._-]*\) *$/\1/p' "$requirements" | head -1)
[ -n "$name" ] || { log "$requirements must name its environment in a line '# venv: <name>'"; exit 1; }
cache=${POLARDB_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-polardb}
venv="$cache/venv-$name"
stamp="$venv/.complete"
# The stamp holds the requirements' digest: changing a pin rebuilds the environment.
want=$(sha256sum "$requirements" | cut -d' ' -f1)

installed() { [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }
if installed; then echo "$venv/bin/python"; exit 0; fi

python=${POLARDB_PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { log "Python 3 is required (apt-get install python3 python3-venv)"; exit 1; }
"$python" -c 'import venv, ensurepip' 2>/dev/null || { log "$python has no venv/ensurepip module (apt-get install python3-venv)"; exit 1; }

# One build at a time: the lock is a directory holding its owner's pid; a dead owner's lock is taken over.
mkdir -p "$cache"
lock="$cache/.lock-venv-$name"
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
log "creating $venv from $requirements (PyPI; first time only)"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --no-cache-dir -r "$requirements" >&2
for module in $(sed -n 's/^# import: *\([A-Za-z0-9_.]*\) *$/\1/p' "$requirements"); do
  "$venv/bin/python" -c "import $module" || { log "$module does not import in $venv"; exit 1; }
done
echo "$want" > "$stamp"
log "ready in $(( $(date +%s) - start )) s"
echo "$venv/bin/python"
