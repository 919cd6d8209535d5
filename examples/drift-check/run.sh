#!/usr/bin/env bash
# The drift check end to end on this machine, against the local PolarDB emulator (no cloud, no
# Pulumi account): deploy the example stack, check (no drift, exit 0), change two resources "in
# the console", check again (drift, exit 2, a markdown report), then destroy and stop.
#
#   bash examples/drift-check/run.sh
#
# Everything stays in this directory (node_modules/, .pulumi-home/, .pulumi-state/) and a temp dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)

# 1. This repository built and packed, installed here the way users install it; the Pulumi CLI.
(cd "$root" && sh scripts/ensure.sh) >&2
toolchain=$(bash "$root/scripts/setup-pulumi.sh" | tail -n 1)
export PATH="$toolchain:$root/node_modules/.bin:$PATH"
tgz=$(cd "$root" && npm pack --silent --pack-destination "$tmp" | tail -n 1)
(cd "$here" && npm install --no-save --no-audit --no-fund --loglevel=error "$tmp/$tgz" >&2)

# 2. The emulator, and the environment a CI job would have (backend, passphrase, credentials).
export ALIBABA_CLOUD_ACCESS_KEY_ID=drift-example-key ALIBABA_CLOUD_ACCESS_KEY_SECRET=drift-example-secret ALIBABA_CLOUD_REGION_ID=cn-hangzhou
node "$here/node_modules/pulumi-polardb/dist/emulator/cli.js" --port 0 --time-scale 0.002 --quiet \
  --access-key "$ALIBABA_CLOUD_ACCESS_KEY_ID:$ALIBABA_CLOUD_ACCESS_KEY_SECRET" > "$tmp/emulator.log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do grep -q 'http://127' "$tmp/emulator.log" && break; sleep 0.1; done
export ALIBABA_CLOUD_POLARDB_ENDPOINT=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/emulator.log" | head -n 1)
[ -n "$ALIBABA_CLOUD_POLARDB_ENDPOINT" ] || { cat "$tmp/emulator.log" >&2; exit 1; }
mkdir -p "$here/.pulumi-state" "$here/.pulumi-home"
export PULUMI_HOME="$here/.pulumi-home" PULUMI_BACKEND_URL="file://$here/.pulumi-state" PULUMI_CONFIG_PASSPHRASE=drift-example
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export POLARDB_WAIT_FIRST_MS=20 POLARDB_WAIT_MIN_MS=20 POLARDB_WAIT_MAX_MS=200

cd "$here"
pulumi stack select --create dev --non-interactive >/dev/null
pulumi config set --secret dbPassword "Example-Passw0rd-$RANDOM" --non-interactive
pulumi up --yes --skip-preview --non-interactive >/dev/null
echo "== deployed; checking for drift (expect exit 0)"
set +e
npx --no-install polardb-drift --stack dev; first=$?
node console-change.js "$(pulumi stack output clusterId)"
echo "== checking again (expect exit 2)"
npx --no-install polardb-drift --stack dev --format markdown; second=$?
set -e
echo "== exit codes: $first, then $second"
pulumi destroy --yes --skip-preview --non-interactive >/dev/null
pulumi stack rm dev --yes --non-interactive >/dev/null
[ "$first" -eq 0 ] && [ "$second" -eq 2 ]
