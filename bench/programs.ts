/**
 * Scenarios 2–5 with the real CLI against the emulator (every interval scaled by the same time
 * scale as the emulator's durations, POLARDB_TIME_SCALE):
 *   2. whole programs on one cluster (11 and 23 resources): `pulumi up` and `pulumi destroy` wall
 *      time over the cluster's critical path, with our waiter and with the Terraform-like schedule;
 *   3. scale: 1, 5 and 20 clusters with a few resources each in one `up`, over one cluster's
 *      critical path; API calls per resource;
 *   4. refresh: `pulumi refresh` and `polardb-drift` of 20 and 100 resources (1 and 5 clusters),
 *      beside a refresh of an empty stack (the CLI's own start);
 *   5. provider start: from a provider process starting to its first API call; the serialized
 *      `__provider` size per resource.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { Emulator, startEmulator } from "../emulator";
import { benchProject, clusterIdsSince, criticalPathMs, KEY, repo, stats, Stats, totalCalls } from "./harness";

const CLUSTER = `{ dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" }`;

/** The demo's 11 resources, or the 23 of the concurrency test, on one cluster. */
export function programOf(size: 11 | 23): string {
  const head = `const pulumi = require("@pulumi/pulumi");\nconst polardb = require("pulumi-polardb");\nconst c = new polardb.Cluster("main", { ...${CLUSTER}, description: "bench" });\n`;
  if (size === 11) {
    return `${head}
const reader = new polardb.Node("ro", { dbClusterId: c.id, dbNodeClass: "polar.pg.x4.medium" });
new polardb.Whitelist("app", { dbClusterId: c.id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.0/24"] });
const app = new polardb.Account("app", { dbClusterId: c.id, accountName: "app", accountPassword: "Bench-Passw0rd-1" });
new polardb.Database("orders", { dbClusterId: c.id, dbName: "orders", characterSetName: "UTF8", collate: "C", accountName: app.accountName });
new polardb.Endpoint("reporting", { dbClusterId: c.id, readWriteMode: "ReadOnly", nodes: [reader.dbNodeId], autoAddNewNodes: "Disable", dbEndpointDescription: "reporting" });
new polardb.EndpointAddress("public", { dbClusterId: c.id, dbEndpointId: c.primaryEndpointId, connectionStringPrefix: "bench-pub" });
new polardb.ClusterParameters("params", { dbClusterId: c.id, parameters: { work_mem: "8192" } });
new polardb.BackupPolicy("backups", { dbClusterId: c.id, preferredBackupPeriod: ["Monday", "Thursday"] });
new polardb.SqlCollector("audit", { dbClusterId: c.id });
exports.clusterId = c.id;
`;
  }
  return `${head}
const accounts = [];
for (let i = 0; i < 10; i++) accounts.push(new polardb.Account("acct" + i, { dbClusterId: c.id, accountName: "app" + i, accountPassword: "Bench-Passw0rd-1" }));
for (let i = 0; i < 5; i++) new polardb.Database("db" + i, { dbClusterId: c.id, dbName: "orders" + i, characterSetName: "UTF8", collate: "C", accountName: accounts[i].accountName });
for (const g of ["alpha", "beta", "gamma"]) new polardb.Whitelist(g, { dbClusterId: c.id, dbClusterIpArrayName: g, securityIps: ["10.0.0.1"] });
const nodes = [0, 1].map((i) => new polardb.Node("ro" + i, { dbClusterId: c.id, dbNodeClass: "polar.pg.x4.medium" }));
new polardb.Endpoint("reporting", { dbClusterId: c.id, readWriteMode: "ReadOnly", nodes: nodes.map((n) => n.dbNodeId), autoAddNewNodes: "Disable", dbEndpointDescription: "reporting" });
new polardb.Endpoint("adhoc", { dbClusterId: c.id, readWriteMode: "ReadWrite", autoAddNewNodes: "Enable", dbEndpointDescription: "adhoc" });
exports.clusterId = c.id;
`;
}

/** `clusters` clusters, each with `perCluster` resources in all (the cluster, whitelist groups, accounts). */
export function fleetProgram(clusters: number, perCluster: number): string {
  return `const polardb = require("pulumi-polardb");
for (let k = 0; k < ${clusters}; k++) {
  const c = new polardb.Cluster("c" + k, { ...${CLUSTER}, description: "bench " + k });
  for (let i = 1; i < ${perCluster}; i++) {
    if (i % 2) new polardb.Whitelist("w" + k + "-" + i, { dbClusterId: c.id, dbClusterIpArrayName: "g" + i, securityIps: ["10.0.0." + i] });
    else new polardb.Account("a" + k + "-" + i, { dbClusterId: c.id, accountName: "u" + i, accountPassword: "Bench-Passw0rd-1" });
  }
}
`;
}

/** The emulator's clock is the wall clock (its durations are scaled, not its time). */
const emuNow = (_emu: Emulator) => Date.now();

export interface ProgramRow { program: string; waiter: string; up: Stats; upCritical: Stats; upRatio: Stats; destroy: Stats; destroyRatio: Stats; callsPerResource: Stats }

export async function programScenario(opts: { scale: number; runs: number; sizes: Array<11 | 23> }): Promise<ProgramRow[]> {
  const emu = await startEmulator({ port: 0, timeScale: opts.scale, accessKeys: [KEY] });
  const rows: ProgramRow[] = [];
  try {
    for (const size of opts.sizes) {
      for (const waiter of ["engine", "Terraform-like"] as const) {
        const env: Record<string, string> = { POLARDB_TIME_SCALE: String(opts.scale), ...(waiter === "engine" ? {} : { POLARDB_WAIT_SCHEDULE: "terraform" }) };
        const s = { up: [] as number[], crit: [] as number[], ratio: [] as number[], destroy: [] as number[], dratio: [] as number[], calls: [] as number[] };
        for (let i = 0; i < opts.runs; i++) {
          const p = await benchProject(`prog${size}`, programOf(size), emu, env);
          try {
            emu.resetCalls();
            const t0 = emuNow(emu);
            const up = await p.pulumi(["up", "--yes", "--skip-preview", "--parallel", "32"]);
            const clusterId = JSON.parse((await p.pulumi(["stack", "output", "--json"])).stdout).clusterId;
            const crit = criticalPathMs(emu, clusterId, t0);
            s.up.push(up.ms); s.crit.push(crit); s.ratio.push(up.ms / crit); s.calls.push(totalCalls(emu) / size);
            const t1 = emuNow(emu);
            const down = await p.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "32"]);
            s.destroy.push(down.ms); s.dratio.push(down.ms / criticalPathMs(emu, clusterId, t1));
          } finally { p.remove(); }
        }
        rows.push({ program: `${size} resources, 1 cluster`, waiter, up: stats(s.up), upCritical: stats(s.crit), upRatio: stats(s.ratio), destroy: stats(s.destroy), destroyRatio: stats(s.dratio), callsPerResource: stats(s.calls) });
      }
    }
  } finally { await emu.close(); }
  return rows;
}

export interface ScaleRow { clusters: number; resources: number; up: number; oneCritical: number; ratio: number; callsPerResource: number }

export async function scaleScenario(opts: { scale: number; counts: number[]; perCluster: number }): Promise<ScaleRow[]> {
  const emu = await startEmulator({ port: 0, timeScale: opts.scale, accessKeys: [KEY] });
  const rows: ScaleRow[] = [];
  try {
    for (const n of opts.counts) {
      const p = await benchProject(`scale${n}`, fleetProgram(n, opts.perCluster), emu, { POLARDB_TIME_SCALE: String(opts.scale) });
      try {
        emu.resetCalls();
        const t0 = emuNow(emu);
        const up = await p.pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
        const ids = clusterIdsSince(emu, t0);
        const longest = Math.max(...ids.map((id) => criticalPathMs(emu, id, t0)));
        rows.push({ clusters: n, resources: n * opts.perCluster, up: up.ms, oneCritical: longest, ratio: up.ms / longest, callsPerResource: totalCalls(emu) / (n * opts.perCluster) });
        await p.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "64"]);
      } finally { p.remove(); }
    }
  } finally { await emu.close(); }
  return rows;
}

export interface RefreshRow { resources: number; clusters: number; refresh: Stats; drift: Stats; emptyRefresh: Stats; callsPerResource: number }

export async function refreshScenario(opts: { scale: number; runs: number; clusterCounts: number[]; perCluster: number }): Promise<RefreshRow[]> {
  const emu = await startEmulator({ port: 0, timeScale: opts.scale, accessKeys: [KEY] });
  const rows: RefreshRow[] = [];
  try {
    const empty = await benchProject("empty", "", emu);
    const emptyTimes: number[] = [];
    try {
      await empty.pulumi(["up", "--yes", "--skip-preview"]);
      for (let i = 0; i < opts.runs; i++) emptyTimes.push((await empty.pulumi(["refresh", "--yes", "--skip-preview"])).ms);
    } finally { empty.remove(); }
    for (const n of opts.clusterCounts) {
      const p = await benchProject(`refresh${n}`, fleetProgram(n, opts.perCluster), emu, { POLARDB_TIME_SCALE: String(opts.scale) });
      try {
        await p.pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
        const refresh: number[] = [], drift: number[] = [];
        let calls = 0;
        for (let i = 0; i < opts.runs; i++) {
          emu.resetCalls();
          refresh.push((await p.pulumi(["refresh", "--yes", "--skip-preview", "--parallel", "64"])).ms);
          calls = totalCalls(emu);
          if (i >= 2) continue; // two polardb-drift runs are enough for its spread (each costs a program run)
          const t = Date.now();
          await runNode([path.join(repo, "dist", "drift", "cli.js"), "--format", "json"], p.dir, p.env);
          drift.push(Date.now() - t);
        }
        rows.push({ resources: n * opts.perCluster, clusters: n, refresh: stats(refresh), drift: stats(drift), emptyRefresh: stats(emptyTimes), callsPerResource: calls / (n * opts.perCluster) });
        await p.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "64"]);
      } finally { p.remove(); }
    }
  } finally { await emu.close(); }
  return rows;
}

function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env });
    let stdout = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}

export interface StartRow {
  /** Process start to the first API call, the host's own load of @pulumi/pulumi included. */
  startToFirstCallMs: Stats;
  /** Our part: loading the package's runtime, resolving credentials and endpoint, up to the first call. */
  oursMs: Stats;
  providerBytesPerResource: number;
}

/** A provider process's start (load the installed package's runtime, first API call) and the state's `__provider` size. */
export async function providerStartScenario(opts: { runs: number }): Promise<StartRow> {
  const emu = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [KEY] });
  try {
    const p = await benchProject("start", `const polardb = require("pulumi-polardb");\nnew polardb.Cluster("c", { ...${CLUSTER} });\n`, emu);
    try {
      await p.pulumi(["up", "--yes", "--skip-preview"]);
      const state = JSON.parse((await p.pulumi(["stack", "export"])).stdout);
      const mine = state.deployment.resources.filter((r: any) => String(r.type).includes("polardb:"));
      const bytes = mine.map((r: any) => Buffer.byteLength(String(r.inputs?.__provider ?? r.outputs?.__provider ?? ""))).reduce((a: number, b: number) => a + b, 0) / mine.length;
      // What the dynamic-provider host does for the first call: load the package's runtime (as the
      // serialized shim does), resolve credentials and endpoint, send the first request.
      // The dynamic-provider host loads @pulumi/pulumi itself before it loads our shim; our part
      // is what comes after: the runtime, credentials and endpoint, the first request.
      const script = `const tStart = Date.now(); require("@pulumi/pulumi"); const tHost = Date.now();
const rt = require("pulumi-polardb/runtime"); const api = rt.apiFor(); const tCall = Date.now();
process.stdout.write(JSON.stringify({ tStart, tHost, tCall })); api.request("DescribeRegions").then(() => undefined);`;
      const whole: number[] = [], ours: number[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const spawned = Date.now();
        const r = await runNode(["-e", script], p.dir, p.env);
        const t = JSON.parse(r.stdout) as { tStart: number; tHost: number; tCall: number };
        whole.push(t.tCall - spawned);
        ours.push(t.tCall - t.tHost);
      }
      return { startToFirstCallMs: stats(whole), oursMs: stats(ours), providerBytesPerResource: Math.round(bytes) };
    } finally { await p.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined); p.remove(); }
  } finally { await emu.close(); }
}
