#!/usr/bin/env node
/** `polardb-emulator`: the local PolarDB/RDS API on 127.0.0.1 (see --help). */
import "../provider/node-version"; // first: a clear message on a Node.js too old for our dependencies
import * as fs from "node:fs";
import { OidcProvider, parseOidcProviderSpec, parseRoleSpec, RoleSpec, startEmulator } from "./index";

const HELP = `polardb-emulator — a local Alibaba Cloud PolarDB (2017-08-01), RDS (2014-08-15) and STS (2015-04-01) API

usage: polardb-emulator [--host 127.0.0.1] [--port N|0] [--access-key ID:SECRET[:STS_TOKEN]]...
                        [--time-scale F] [--state FILE] [--faults SPEC] [--seed N] [--quiet]
                        [--role SPEC]... [--oidc-provider SPEC]... [--sts-ttl SECONDS]
                        [--instance-role NAME] [--metadata-token-required] [--tls-cert-out FILE]

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

STS, ECS metadata and credentials URI (temporary keys, accepted by every product until they expire):
  --role         a role AssumeRole / AssumeRoleWithOIDC can issue sessions for; repeat for more:
                 ARN[,max-session=SECONDS][,external-id=ID][,trust=PRINCIPAL]...
                 e.g. acs:ram::123456789012:role/ci-deployer (max-session 3600..43200, default 3600;
                 trust = access key ids, role ARNs or OIDC provider ARNs allowed, default anyone)
  --oidc-provider  an OIDC provider AssumeRoleWithOIDC trusts; repeat for more:
                 ARN,issuer=URL,audience=CLIENT_ID[,audience=…][,key=PUBLIC_KEY_PEM_FILE]...
                 e.g. acs:ram::123456789012:oidc-provider/github,issuer=https://token.actions.githubusercontent.com,audience=sts.aliyuncs.com
                 (without key= the token's signature is not checked; iss, aud and exp always are)
  --sts-ttl      caps every session's lifetime, in real seconds (default: the DurationSeconds asked,
                 3600 if none); --time-scale does not shorten credentials
  --instance-role  the role name of the emulated ECS instance (one of the --role names), served at
                 /latest/meta-data/ram/security-credentials/ and /credentials-uri
  --metadata-token-required  hardened metadata mode: IMDSv1 off, every metadata GET needs a token
                 from PUT /latest/api/token
  --tls-cert-out write the port's TLS certificate (self-signed, new at each start) to FILE: the port
                 speaks https too, as @alicloud/credentials requires for STS; trust it with
                 NODE_EXTRA_CA_CERTS=FILE and give the library stsEndpoint 127.0.0.1:PORT
Stops on SIGINT/SIGTERM (saving --state).`;

function parse(argv: string[]) {
  const o: {
    host?: string; port?: number; keys: Array<{ id: string; secret: string; securityToken?: string }>; timeScale?: number; state?: string; faults?: string; seed?: number; quiet?: boolean;
    roles: RoleSpec[]; oidcProviders: OidcProvider[]; stsTtl?: number; instanceRole?: string; metadataTokenRequired?: boolean; tlsCertOut?: string;
  } = { keys: [], roles: [], oidcProviders: [] };
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
      case "--role": o.roles.push(parseRoleSpec(next())); break;
      case "--oidc-provider": o.oidcProviders.push(parseOidcProviderSpec(next(), (f) => fs.readFileSync(f, "utf8"))); break;
      case "--sts-ttl": o.stsTtl = Number(next()); if (!(Number.isInteger(o.stsTtl) && o.stsTtl >= 1)) throw new Error("--sts-ttl must be a whole number of seconds >= 1"); break;
      case "--instance-role": o.instanceRole = next(); break;
      case "--metadata-token-required": o.metadataTokenRequired = true; break;
      case "--tls-cert-out": o.tlsCertOut = next(); break;
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
    roles: o.roles, oidcProviders: o.oidcProviders, stsTtlSeconds: o.stsTtl, instanceRole: o.instanceRole, metadataTokenRequired: o.metadataTokenRequired,
  });
  if (o.tlsCertOut) fs.writeFileSync(o.tlsCertOut, emu.tlsCertificate);
  console.log(`polardb-emulator listening on ${emu.url}`);
  if (o.roles.length) console.log(`STS endpoint for @alicloud/credentials: ${emu.stsEndpoint} (https${o.tlsCertOut ? `; NODE_EXTRA_CA_CERTS=${o.tlsCertOut}` : ", see --tls-cert-out"})`);
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
