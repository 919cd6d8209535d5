#!/usr/bin/env node
/** `polardb-emulator`: the local PolarDB/RDS API on 127.0.0.1 (see --help). */
import "../provider/node-version"; // first: a clear message on a Node.js too old for our dependencies
import { startEmulator } from "./index";

const HELP = `polardb-emulator — a local Alibaba Cloud PolarDB (2017-08-01) and RDS (2014-08-15) API

usage: polardb-emulator [--host 127.0.0.1] [--port N|0] [--access-key ID:SECRET[:STS_TOKEN]]...
                        [--time-scale F] [--state FILE] [--faults SPEC] [--seed N] [--quiet]

  --host         address to bind (default 127.0.0.1)
  --port         port, 0 for any free one (default 0)
  --access-key   an accepted key pair; repeat for more (default emulator-ak:emulator-secret)
  --time-scale   multiplies the realistic durations (cluster creation ≈ 5 min at 1; 300 ms at 0.001)
  --state        load the state from FILE at start (if present) and save it there on exit
  --faults       e.g. "CreateDBCluster:throttle=#2;*:reset=0.02;DescribeDBClusterAttribute:slow:1500=0.1;seed=7"
                 kinds: throttle, 5xx, reset, drop (applied, then the answer is lost), slow:MS;
                 =P a probability per call, =#N the first N calls of that action,
                 =#N/request the first N of each distinct request (same action and parameters:
                 a retry is the same request; another DBClusterId, AccountName, DBName,
                 SecurityIps or ClientToken is another), e.g. "CreateAccount:drop=#1/request";
                 the n-th call of an action meets the same fate on every run with the same seed
  --seed         seed for generated ids (default 20170801)
  --quiet        no per-request log lines
Stops on SIGINT/SIGTERM (saving --state).`;

function parse(argv: string[]) {
  const o: { host?: string; port?: number; keys: Array<{ id: string; secret: string; securityToken?: string }>; timeScale?: number; state?: string; faults?: string; seed?: number; quiet?: boolean } = { keys: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    switch (a) {
      case "--help": case "-h": console.log(HELP); process.exit(0);
      case "--host": o.host = next(); break;
      case "--port": o.port = Number(next()); if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error("--port must be 0..65535"); break;
      case "--access-key": {
        const [id, secret, securityToken] = next().split(":");
        if (!id || !secret) throw new Error("--access-key must be ID:SECRET");
        o.keys.push({ id, secret, securityToken });
        break;
      }
      case "--time-scale": o.timeScale = Number(next()); if (!(o.timeScale > 0)) throw new Error("--time-scale must be a positive number"); break;
      case "--state": o.state = next(); break;
      case "--faults": o.faults = next(); break;
      case "--seed": o.seed = Number(next()); break;
      case "--quiet": o.quiet = true; break;
      default: throw new Error(`unknown option ${a} (see --help)`);
    }
  }
  return o;
}

async function main() {
  let o;
  try { o = parse(process.argv.slice(2)); } catch (e) { console.error(`polardb-emulator: ${(e as Error).message}`); process.exit(2); }
  const emu = await startEmulator({
    host: o.host, port: o.port ?? 0, accessKeys: o.keys.length ? o.keys : undefined, timeScale: o.timeScale,
    stateFile: o.state, faults: o.faults, seed: o.seed, log: o.quiet ? undefined : (line) => console.log(line),
  });
  console.log(`polardb-emulator listening on ${emu.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await emu.close();
    console.log(`polardb-emulator stopped (${signal})${o.state ? `; state saved to ${o.state}` : ""}`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => { console.error(`polardb-emulator: ${(e as Error).message}`); process.exit(1); });
