#!/usr/bin/env bash
# The README's main job: a real `pulumi up` of the root Pulumi project (Pulumi.yaml, program in
# demo/index.ts) against the local PolarDB emulator.
#
#   npm run demo            install what is missing, start the emulator, pulumi up, print outputs
#   npm run demo:destroy    pulumi destroy, then stop the emulator
#   npm run demo:stop       stop the emulator (its state is saved to .demo/emulator-state.json)
#
# Everything stays inside the work tree (.demo/, .pulumi-home/, .pulumi-state/): a local file
# backend, a passphrase secrets provider, no update check, no plugin download.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmd=${1:-up}

sh scripts/ensure.sh
toolchain=$(bash scripts/setup-pulumi.sh | tail -n 1)
export PATH="$toolchain:$root/node_modules/.bin:$PATH"

mkdir -p .demo .pulumi-home .pulumi-state
export PULUMI_HOME="$root/.pulumi-home"
export PULUMI_BACKEND_URL="file://$root/.pulumi-state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo-only-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_CONFIRMATIONS=true

# The demo's own access key pair for the emulator (it accepts exactly this pair).
export ALIBABA_CLOUD_ACCESS_KEY_ID=demo-access-key
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=demo-access-secret
export ALIBABA_CLOUD_REGION_ID=cn-hangzhou
scale=${POLARDB_DEMO_TIME_SCALE:-0.02}
# Progress lines early, so the (scaled) waits show what the cloud is doing.
export POLARDB_PROGRESS_AFTER_MS=${POLARDB_PROGRESS_AFTER_MS:-1500} POLARDB_PROGRESS_EVERY_MS=${POLARDB_PROGRESS_EVERY_MS:-2000}

pidfile=.demo/emulator.pid
urlfile=.demo/emulator.url

emulator_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start_emulator() {
  if emulator_running; then return; fi
  : > .demo/emulator.log
  node dist/emulator/cli.js --port 0 --time-scale "$scale" \
    --access-key "$ALIBABA_CLOUD_ACCESS_KEY_ID:$ALIBABA_CLOUD_ACCESS_KEY_SECRET" \
    --state .demo/emulator-state.json > .demo/emulator.log 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' .demo/emulator.log | head -n 1 || true)
    if [ -n "$url" ]; then echo "$url" > "$urlfile"; break; fi
    sleep 0.1
  done
  [ -s "$urlfile" ] || { echo "the emulator did not start; see .demo/emulator.log" >&2; exit 1; }
  echo "emulator: $(cat "$urlfile") (time scale $scale, pid $(cat "$pidfile"), log .demo/emulator.log)"
}

stop_emulator() {
  if emulator_running; then
    kill -TERM "$(cat "$pidfile")"
    for _ in $(seq 1 50); do emulator_running || break; sleep 0.1; done
    echo "emulator stopped; state saved in .demo/emulator-state.json"
  fi
  rm -f "$pidfile" "$urlfile"
}

case "$cmd" in
  up)
    start_emulator
    export ALIBABA_CLOUD_POLARDB_ENDPOINT=$(cat "$urlfile")
    export ALIBABA_CLOUD_RDS_ENDPOINT=$ALIBABA_CLOUD_POLARDB_ENDPOINT
    pulumi stack select --create demo --non-interactive >/dev/null
    pulumi config get dbPassword >/dev/null 2>&1 || pulumi config set --secret dbPassword "Demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-Pw9" >/dev/null
    # A fresh stack (first run, or after demo:destroy) starts at the small class, so step 2 has an upgrade to schedule.
    if ! pulumi stack output clusterId >/dev/null 2>&1; then
      pulumi config rm clusterClass >/dev/null 2>&1 || true
      pulumi config rm plannedWindow >/dev/null 2>&1 || true
    fi
    pulumi up --yes --non-interactive
    echo
    echo "== Step 2: a class upgrade on the cloud's schedule (plannedWindow): registered now, run by the cloud in the window =="
    pulumi config set clusterClass polar.pg.x4.large >/dev/null
    pulumi config set plannedWindow "16:00Z-17:00Z" >/dev/null
    pulumi up --yes --non-interactive
    echo
    echo "Stack outputs (scheduledChanges: the registered upgrade and its task's status; pulumi refresh updates it):"
    pulumi stack output --json
    echo
    echo "The emulator keeps running in the background (pid $(cat "$pidfile"))."
    echo "  npm run demo           run again: pulumi up converges, nothing to change"
    echo "  npm run demo:destroy   pulumi destroy, then stop the emulator"
    echo "  npm run demo:stop      stop the emulator only (state kept for the next run)"
    ;;
  destroy)
    start_emulator
    export ALIBABA_CLOUD_POLARDB_ENDPOINT=$(cat "$urlfile")
    export ALIBABA_CLOUD_RDS_ENDPOINT=$ALIBABA_CLOUD_POLARDB_ENDPOINT
    pulumi stack select demo --non-interactive >/dev/null
    pulumi destroy --yes --non-interactive
    stop_emulator
    ;;
  stop)
    stop_emulator
    ;;
  *)
    echo "usage: scripts/demo.sh [up|destroy|stop]" >&2; exit 2 ;;
esac
