/**
 * Credentials a pipeline should use, with the real CLI and the packed package (issue 24): the
 * emulator is STS too and issues tokens that live TTL seconds (real time, enforced).
 *   1. Only an OIDC token file, a role ARN and a provider ARN in the environment: up, refresh, destroy.
 *   2. polardb:assumeRole in stack config over a base AccessKey in stack config: up, refresh, destroy.
 *   3. polardb-drift over two stacks with OIDC: drift found, no error.
 *   4. One `up` whose waits outlive three token lifetimes converges (renewed before expiry; no
 *      expired-token refusal reaches the user).
 * After each: no secret (AccessKey secret, STS secret or token, OIDC token) in the state, the CLI's
 * output or the drift report, in plain, base64 or URI encoding.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { AUDIENCE, ISSUER, makeJwt, PROVIDER_ARN, rsaKeyPair } from "../helpers/oidc-jwt";
import { createProject, Project, repoRoot } from "../helpers/pulumi-cli";

jest.setTimeout(20 * 60_000);

const KEY = { id: "pipeline-base-ak", secret: "pipeline-base-SECRET-91f0" };
const ROLE = "acs:ram::123456789012:role/deployer";
const TTL = 4;
const oidcKey = rsaKeyPair();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-creds-"));
const tokenFile = path.join(tmp, "oidc-token");
const oidcToken = makeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 }, oidcKey.privateKey);
fs.writeFileSync(tokenFile, oidcToken);

let emu: Emulator;
/** Scenarios 1–3 on a fast clock; scenario 4 on a slow one (its waits must outlive three lifetimes). */
let fast: Emulator;
let slow: Emulator;
let client: PolarDBClient;
/** Everything secret the runs could leak: checked in every encoding after each scenario. */
const secrets = new Set<string>([KEY.secret, oidcToken, oidcToken.split(".")[2]]);
const seen: string[] = [];

const sts = (timeScale: number) => startEmulator({
  port: 0, timeScale, accessKeys: [KEY], stsTtlSeconds: TTL, roles: [ROLE],
  oidcProviders: [{ arn: PROVIDER_ARN, issuer: ISSUER, audiences: [AUDIENCE], publicKeys: [oidcKey.publicPem] }],
});

beforeAll(async () => {
  // Scale 0.02 (slow): a cluster create (~5 min realistic) takes ~6 s, then a node's: longer than TTL × 3.
  [fast, slow] = await Promise.all([sts(0.001), sts(0.02)]);
  emu = fast;
  client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
});
afterAll(async () => {
  await client?.close();
  await Promise.all([fast?.close(), slow?.close()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const cluster = new polardb.Cluster("app", { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: cfg.get("class") || "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h", description: cfg.get("description") || "pipeline" });
new polardb.Node("app-ro", { dbClusterId: cluster.id, dbNodeClass: cfg.get("class") || "polar.pg.x4.medium" });
exports.clusterId = cluster.id;
`;

const common = { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_POLARDB_ENDPOINT: "", ALIBABA_CLOUD_STS_ENDPOINT: "", POLARDB_WAIT_MAX_MS: "500" };
const endpoints = () => ({ ...common, ALIBABA_CLOUD_POLARDB_ENDPOINT: emu.url, ALIBABA_CLOUD_STS_ENDPOINT: emu.url });
const oidcEnv = () => ({ ...endpoints(), ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile, ALIBABA_CLOUD_ROLE_SESSION_NAME: "pipeline" });

async function project(name: string, env: Record<string, string>): Promise<Project> {
  // HOME away from any ~/.aliyun profile; no AccessKey variable at all.
  const p = await createProject(name, program, { ...env, HOME: tmp, ALIBABA_CLOUD_ACCESS_KEY_ID: "", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "", ALIBABA_CLOUD_SECURITY_TOKEN: "" });
  return p;
}

async function run(p: Project, args: string[]) {
  const r = await p.pulumi(args);
  seen.push(r.stdout, r.stderr);
  for (const e of [fast, slow]) for (const x of e.stsSessions()) { secrets.add(x.accessKeySecret); secrets.add(x.securityToken); }
  return r;
}

async function liveClusters(): Promise<string[]> {
  const body: any = await client.request("DescribeDBClusters", {});
  return (body.Items?.DBCluster ?? []).map((c: { DBClusterId: string }) => c.DBClusterId);
}

/** Every form a secret could take in text: plain, base64, URI-encoded. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of secrets) for (const form of [s, Buffer.from(s).toString("base64"), encodeURIComponent(s)]) if (text.includes(form)) found.push(s.slice(0, 6));
  return found;
}

/** The exported state (STS keys the emulator issued are secrets too: collected after every run). */
async function stateOf(p: Project): Promise<string> {
  return JSON.stringify(await p.exportStack());
}

test("1. only an OIDC token file, a role ARN and a provider ARN: up, refresh, destroy", async () => {
  const p = await project("creds-oidc", oidcEnv());
  try {
    emu.resetCalls();
    await run(p, ["up", "--yes", "--skip-preview"]);
    const calls = emu.calls();
    expect(calls.AssumeRoleWithOIDC).toBeGreaterThanOrEqual(1);
    expect(calls.AssumeRole ?? 0).toBe(0);
    const { clusterId } = JSON.parse((await run(p, ["stack", "output", "--json"])).stdout);
    expect(await liveClusters()).toContain(clusterId);
    await client.request("ModifyDBClusterDescription", { DBClusterId: clusterId, DBClusterDescription: "changed in the console" });
    await run(p, ["refresh", "--yes", "--skip-preview"]);
    const state = await stateOf(p);
    expect(state).toContain("changed in the console");
    expect(leaks(state)).toEqual([]);
    await run(p, ["destroy", "--yes", "--skip-preview"]);
    expect(await liveClusters()).not.toContain(clusterId);
  } finally { p.remove(); }
});

test("2. polardb:assumeRole over a base AccessKey in stack config: up, refresh, destroy", async () => {
  const p = await project("creds-assume", endpoints());
  try {
    await run(p, ["config", "set", "polardb:accessKeyId", KEY.id]);
    await run(p, ["config", "set", "--secret", "polardb:accessKeySecret", KEY.secret]);
    await run(p, ["config", "set", "--path", "polardb:assumeRole.roleArn", ROLE]);
    await run(p, ["config", "set", "--path", "polardb:assumeRole.sessionName", "stack-deployer"]);
    emu.resetCalls();
    await run(p, ["up", "--yes", "--skip-preview"]);
    expect(emu.calls().AssumeRole).toBeGreaterThanOrEqual(1);
    const { clusterId } = JSON.parse((await run(p, ["stack", "output", "--json"])).stdout);
    await run(p, ["refresh", "--yes", "--skip-preview"]);
    const state = await stateOf(p);
    expect(state).toContain(ROLE); // the role ARN may be in config (not secret) …
    expect(leaks(state)).toEqual([]); // … the key secret only encrypted
    await run(p, ["destroy", "--yes", "--skip-preview"]);
    expect(await liveClusters()).not.toContain(clusterId);
  } finally { p.remove(); }
});

test("3. polardb-drift over two stacks with OIDC: the drift is found, nothing fails", async () => {
  const p = await project("creds-drift", oidcEnv());
  try {
    await run(p, ["up", "--yes", "--skip-preview"]);
    await run(p, ["stack", "init", "second"]);
    await run(p, ["up", "--yes", "--skip-preview", "--stack", "second"]);
    const { clusterId } = JSON.parse((await run(p, ["stack", "output", "--json", "--stack", "second"])).stdout);
    await client.request("ModifyDBClusterDescription", { DBClusterId: clusterId, DBClusterDescription: "drifted" });
    const report = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repoRoot, "dist", "drift", "cli.js"), "--all", "--format", "json"], { cwd: p.dir, env: p.env });
      let stdout = "", stderr = "";
      child.stdout.on("data", (d) => { stdout += d; });
      child.stderr.on("data", (d) => { stderr += d; });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    seen.push(report.stdout, report.stderr);
    expect(report.code).toBe(2); // drift, and no stack failed
    const fleet = JSON.parse(report.stdout);
    expect(fleet.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status]).sort()).toEqual([["e2e", "ok"], ["second", "drifted"]]);
    expect(leaks(report.stdout + report.stderr)).toEqual([]);
    for (const s of ["e2e", "second"]) await run(p, ["destroy", "--yes", "--skip-preview", "--stack", s]);
  } finally { p.remove(); }
});

test("4. one up whose waits outlive three token lifetimes converges; the token is renewed before each expiry", async () => {
  emu = slow;
  const p = await project("creds-long", oidcEnv());
  try {
    emu.resetCalls();
    const started = Date.now();
    await run(p, ["up", "--yes", "--skip-preview"]); // one run: a cluster create, then a node create, waited out
    const elapsedS = (Date.now() - started) / 1000;
    expect(elapsedS).toBeGreaterThan(TTL * 3); // the scenario is what it claims
    // One provider process: a token for the first call, then one renewal per lifetime (at 80 % of it).
    expect(emu.calls().AssumeRoleWithOIDC).toBeGreaterThanOrEqual(3);
    expect(`${seen.join("\n")}`).not.toMatch(/InvalidSecurityToken/);
    console.log(`one up: ${elapsedS.toFixed(1)} s = ${(elapsedS / TTL).toFixed(1)} token lifetimes; AssumeRoleWithOIDC calls: ${emu.calls().AssumeRoleWithOIDC}`);
    const preview = await run(p, ["preview", "--expect-no-changes"]);
    expect(preview.stdout).toMatch(/unchanged/);
    await run(p, ["destroy", "--yes", "--skip-preview"]);
  } finally { p.remove(); }
});

afterAll(() => {
  // Nothing the CLI printed in any scenario carries a secret.
  expect(leaks(seen.join("\n"))).toEqual([]);
});
