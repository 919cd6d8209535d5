/**
 * The Node spec through the generic engine against the in-process emulator (time scale 0.001):
 * create waits for the node and the cluster; two nodes at once on one cluster (the second is
 * refused while the cluster is busy, then retried); read, drift and adoption; a class change
 * (which the cloud applies to every node); delete removes exactly that node.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps, stats } from "../../provider/runtime";
import { nodeSpec } from "../../resources/node";
import { cloud, CLASS, describeCluster, FAST, runningCluster, checkedInputs } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let clusterId: string;
const progress: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(nodeSpec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l), convergeGraceMs: 300 }));
  clusterId = await runningCluster("PostgreSQL", "nodes");
});
afterAll(async () => { await emu?.stop(); });

const nodesOf = async (id: string) => (await describeCluster(emu, id)).DBNodes as Array<{ DBNodeId: string; DBNodeClass: string; DBNodeRole: string; DBNodeStatus: string }>;
const inputs = (raw: Record<string, unknown>) => checkedInputs(provider, raw);

let first: { id: string; outs: Record<string, any> };
let second: { id: string; outs: Record<string, any> };
let desired: Record<string, unknown>;

test("two nodes created at once on one cluster: each with its own ClientToken, the busy refusal retried, both Running", async () => {
  desired = await inputs({ dbClusterId: clusterId, dbNodeClass: CLASS.PostgreSQL, zoneId: "cn-hangzhou-h" });
  const busyBefore = stats().busyRetries;
  emu.emulator.resetCalls();
  [first, second] = (await Promise.all([provider.create(desired), provider.create(desired)])) as any;

  expect(first.id).toMatch(new RegExp(`^${clusterId}:pi-[a-z0-9]+$`));
  expect(second.id).not.toBe(first.id);
  expect(emu.emulator.calls().CreateDBNodes).toBeGreaterThanOrEqual(2);
  expect(stats().busyRetries).toBeGreaterThan(busyBefore); // the second call met DBNodeCreating
  const tokens = Object.keys(cloud(emu).clientTokens).filter((t) => t.startsWith("CreateDBNodes:"));
  expect(tokens).toHaveLength(2); // two successful creates, each with its own ClientToken (refusals are not recorded)

  for (const n of [first, second]) {
    expect(n.outs).toMatchObject({ dbClusterId: clusterId, dbNodeClass: CLASS.PostgreSQL, role: "Reader", status: "Running", regionId: "cn-hangzhou" });
    expect(n.id).toBe(`${clusterId}:${n.outs.dbNodeId}`);
  }
  // The one that finished first may have read the cluster while the other's node was being added
  // (under load the second call gets through in between); the one that finished last sees it settled.
  expect([first, second].map((n) => n.outs.clusterStatus)).toContain("Running");
  const live = await nodesOf(clusterId);
  expect(live).toHaveLength(4);
  expect(live.every((n) => n.DBNodeStatus === "Running")).toBe(true);
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
});

test("read returns the live node, and diff against the same inputs finds nothing", async () => {
  const r = await provider.read(first.id, first.outs);
  // The cluster has settled since (the previous test checked it), whatever create recorded.
  expect(r.props).toEqual({ ...first.outs, clusterStatus: "Running" });
  first.outs = r.props as Record<string, any>;
  expect(await provider.diff(first.id, r.props, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("adoption by id reads an existing reader (the writer too); a malformed id is refused", async () => {
  const writer = (await nodesOf(clusterId)).find((n) => n.DBNodeRole === "Writer")!;
  const adopted = await provider.read(`${clusterId}:${writer.DBNodeId}`, {});
  expect(adopted.props).toMatchObject({ dbNodeId: writer.DBNodeId, role: "Writer", dbNodeClass: CLASS.PostgreSQL, dbClusterId: clusterId });
  expect((await provider.read(second.id, {})).props).toMatchObject({ role: "Reader", status: "Running" });
  await expect(provider.read(clusterId, {})).rejects.toThrow(/expected <dbClusterId>:<dbNodeId>/);
});

test("a class change goes through ModifyDBNodeClass (every node of the cluster), waits, and is read back", async () => {
  const bigger = { ...desired, dbNodeClass: "polar.pg.x4.large" };
  expect(await provider.diff(first.id, first.outs, bigger)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  first.outs = (await provider.update(first.id, first.outs, bigger)).outs as Record<string, any>;
  expect(emu.emulator.calls().ModifyDBNodeClass).toBe(1);
  expect(first.outs).toMatchObject({ dbNodeClass: "polar.pg.x4.large", status: "Running", clusterStatus: "Running" });
  expect((await nodesOf(clusterId)).map((n) => n.DBNodeClass)).toEqual(Array(4).fill("polar.pg.x4.large"));

  // The other Node resource now differs from its stored outputs, but the cluster already has the
  // class: its update makes no second ModifyDBNodeClass.
  emu.emulator.resetCalls();
  second.outs = (await provider.update(second.id, second.outs, bigger)).outs as Record<string, any>;
  expect(emu.emulator.calls().ModifyDBNodeClass).toBeUndefined();
  expect(second.outs.dbNodeClass).toBe("polar.pg.x4.large");
});

test("a node removed outside Pulumi: read shows it Deleting, delete waits and tolerates it, then it reads as gone (refresh drops it)", async () => {
  await emu.client.request("DeleteDBNodes", { DBClusterId: clusterId, "DBNodeId.1": second.outs.dbNodeId });
  const during = await provider.read(second.id, second.outs); // still listed while Deleting
  expect(during.props).toMatchObject({ status: "Deleting" });
  await provider.delete(second.id, second.outs); // waits for the out-of-band removal to finish
  expect(await provider.read(second.id, second.outs)).toEqual({});
  await expect(provider.delete(second.id, second.outs)).resolves.toBeUndefined();
});

test("delete removes exactly that node and waits until it is gone and the cluster is Running", async () => {
  const before = (await nodesOf(clusterId)).map((n) => n.DBNodeId);
  expect(before).toContain(first.outs.dbNodeId);
  emu.emulator.resetCalls();
  await provider.delete(first.id, first.outs);
  expect(emu.emulator.calls().DeleteDBNodes).toBe(1);
  const after = (await nodesOf(clusterId)).map((n) => n.DBNodeId);
  expect(after).toEqual(before.filter((id) => id !== first.outs.dbNodeId));
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
  expect(progress.every((l) => !/undefined/.test(l))).toBe(true);
});

test("the cluster's refusal of a bad class is the cloud's clear error, and nothing is recorded", async () => {
  const wrongEngine = await inputs({ dbClusterId: clusterId, dbNodeClass: CLASS.MySQL });
  await expect(provider.create(wrongEngine)).rejects.toMatchObject({ code: "InvalidParameter", message: expect.stringMatching(/DBNode\.1\.TargetClass/) });
});
