/**
 * Scenario 1: one asynchronous change — a cluster create, a node add, a class change — waited out
 * by our engine, by a poller that behaves as the Terraform alicloud provider does (a fixed first
 * delay: 10 s after a cluster create, 5 minutes after a node add or class change; then every 5 s),
 * and by a plain 5-second poller. Wall time over the emulator's own transition time, API calls,
 * and the real time spent past the transition. Provider-level (no CLI): this is the waiter alone.
 */
import { startEmulator } from "../emulator";
import { PolarDBClient } from "../provider/client";
import { makeProvider } from "../provider/engine";
import { DEFAULT_TUNING } from "../provider/waiter";
import { clusterSpec } from "../resources/cluster";
import { nodeSpec } from "../resources/node";
import { KEY, lastTransitionMs, stats, Stats, totalCalls } from "./harness";

/** `changeDone`: every run returned only once the cloud showed the change made (Running, nodes Running, the new class). */
export interface ConvergeRow { change: string; waiter: string; ratio: Stats; calls: Stats; pastSeconds: Stats; changeDone: boolean }

const CLUSTER = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: "bench" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function convergeScenario(opts: { scale: number; runs: number }): Promise<ConvergeRow[]> {
  const S = opts.scale;
  const emu = await startEmulator({ port: 0, timeScale: S, accessKeys: [KEY] });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
  const tuning = Object.fromEntries(Object.entries(DEFAULT_TUNING).map(([k, v]) => [k, v * S]));
  const deps = { api: () => client, defaultRegion: () => "cn-hangzhou", tuning, progress: () => undefined };
  const clusters = makeProvider(clusterSpec, deps);
  const nodes = makeProvider(nodeSpec, deps);
  const attr = (id: string) => client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
  /** Poll as a fixed schedule does: first delay, then a constant interval, until `done`. */
  const poll = async (firstMs: number, everyMs: number, done: () => Promise<boolean>) => {
    await sleep(firstMs * S);
    while (!(await done())) await sleep(everyMs * S);
  };
  const pollers: Record<string, { create: number; other: number; every: number }> = {
    "Terraform-like": { create: 10_000, other: 300_000, every: 5_000 },
    "fixed 5 s": { create: 5_000, other: 5_000, every: 5_000 },
  };

  /** What each change looks like once made: read right after a waiter returns. */
  const isDone: Record<string, (a: any) => boolean> = {
    "cluster create": (a) => a.DBClusterStatus === "Running",
    "node add": (a) => a.DBClusterStatus === "Running" && a.DBNodes.every((n: any) => n.DBNodeStatus === "Running"),
    "class change": (a) => a.DBClusterStatus === "Running" && a.DBNodes.every((n: any) => n.DBNodeClass === "polar.pg.x4.large"),
  };
  const samples = new Map<string, { ratio: number[]; calls: number[]; past: number[]; done: boolean[] }>();
  const record = (change: string, waiter: string, wallMs: number, transitionMs: number, calls: number, done: boolean) => {
    const k = `${change}|${waiter}`;
    const s = samples.get(k) ?? { ratio: [], calls: [], past: [], done: [] };
    s.ratio.push(wallMs / transitionMs);
    s.calls.push(calls);
    s.past.push(Math.max(0, wallMs - transitionMs) / S / 1000);
    s.done.push(done);
    samples.set(k, s);
  };
  const measure = async (change: string, waiter: string, kind: string, run: () => Promise<string>) => {
    emu.resetCalls();
    const t = Date.now();
    const clusterId = await run();
    const wallMs = Date.now() - t;
    const calls = totalCalls(emu);
    record(change, waiter, wallMs, lastTransitionMs(emu, clusterId, kind), calls, isDone[change](await attr(clusterId)));
    return clusterId;
  };

  try {
    for (let i = 0; i < opts.runs; i++) {
      // Our engine: create, add a node, change the class.
      const checked = (await clusters.check({}, CLUSTER)).inputs;
      let made: any;
      const id = await measure("cluster create", "engine", "clusterRunning", async () => { made = await clusters.create(checked); return made.id; });
      await measure("node add", "engine", "nodesRunning", async () => {
        await nodes.create((await nodes.check({}, { dbClusterId: id, dbNodeClass: CLUSTER.dbNodeClass })).inputs);
        return id;
      });
      await measure("class change", "engine", "classChanged", async () => {
        await clusters.update(id, made.outs, { ...checked, dbNodeClass: "polar.pg.x4.large" });
        return id;
      });
      // The fixed schedules, on their own clusters.
      for (const [name, p] of Object.entries(pollers)) {
        const cid = await measure("cluster create", name, "clusterRunning", async () => {
          const r: any = await client.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: CLUSTER.dbNodeClass, PayType: "Postpaid", ZoneId: "cn-hangzhou-h", ClientToken: `bench-${name}-${i}-${Date.now()}` });
          await poll(p.create, p.every, async () => (await attr(r.DBClusterId)).DBClusterStatus === "Running");
          return r.DBClusterId;
        });
        await measure("node add", name, "nodesRunning", async () => {
          const r: any = await client.request("CreateDBNodes", { DBClusterId: cid, DBNode: [{ TargetClass: CLUSTER.dbNodeClass }], ClientToken: `bench-node-${name}-${i}-${Date.now()}` });
          const nodeId = r.DBNodeIds.DBNodeId[0];
          await poll(p.other, p.every, async () => {
            const a = await attr(cid);
            return a.DBClusterStatus === "Running" && a.DBNodes.some((n: any) => n.DBNodeId === nodeId && n.DBNodeStatus === "Running");
          });
          return cid;
        });
        await measure("class change", name, "classChanged", async () => {
          await client.request("ModifyDBNodeClass", { DBClusterId: cid, DBNodeTargetClass: "polar.pg.x4.large", ModifyType: "Upgrade", ClientToken: `bench-class-${name}-${i}-${Date.now()}` });
          await poll(p.other, p.every, async () => {
            const a = await attr(cid);
            return a.DBClusterStatus === "Running" && a.DBNodes.every((n: any) => n.DBNodeClass === "polar.pg.x4.large");
          });
          return cid;
        });
      }
    }
  } finally {
    await client.close();
    await emu.close();
  }
  return [...samples].map(([k, s]) => {
    const [change, waiter] = k.split("|");
    return { change, waiter, ratio: stats(s.ratio), calls: stats(s.calls), pastSeconds: stats(s.past), changeDone: s.done.every(Boolean) };
  });
}
