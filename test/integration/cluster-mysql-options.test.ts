/**
 * The Cluster's MySQL engine switches, node counts and DynamoDB through the engine against the
 * emulator: each set at creation, the loose_* settings changed in place through the cluster
 * parameters (one call, one restart), console changes read back as drift, dbNodeNum/dbNodeCount at
 * creation and dbNodeCount in place, DynamoDB switched on a PostgreSQL 14 cluster.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { checkedInputs, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
const lines: string[] = [];
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h" };

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

async function parameters(id: string): Promise<Record<string, { value: string; status: string }>> {
  const r = await emu.client.request<any>("DescribeDBClusterParameters", { DBClusterId: id });
  return Object.fromEntries(r.RunningParameters.Parameter.map((p: any) => [p.ParameterName, { value: p.ParameterValue, status: p.ParameterStatus }]));
}

/** Waits (bounded) until the cluster is Running with no parameter still Modifying: a console change has landed. */
async function settled(id: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const busy = (await describeCluster(emu, id)).DBClusterStatus !== "Running" || Object.values(await parameters(id)).some((p) => p.status === "Modifying");
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${id} did not settle`);
}

test("MySQL 8.0 created with binlog, X-Engine and three nodes: one CreateDBCluster, no parameter call, nothing to change afterwards", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, loosePolarLogBin: "ON", looseXengine: "ON", looseXengineUseMemoryPct: 60, dbNodeNum: 3, defaultTimeZone: "+08:00" });
  emu.emulator.resetCalls();
  const { id, outs } = await provider.create(inputs);
  expect(emu.emulator.calls()).toMatchObject({ CreateDBCluster: 1 });
  expect(emu.emulator.calls().ModifyDBClusterParameters ?? 0).toBe(0);
  expect(emu.emulator.calls().CreateDBNodes ?? 0).toBe(0);
  expect(outs).toMatchObject({ loosePolarLogBin: "ON", looseXengine: "ON", looseXengineUseMemoryPct: 60, dbNodeNum: 3, dbNodeCount: 3, defaultTimeZone: "+08:00" });
  expect(await parameters(id)).toMatchObject({
    loose_polar_log_bin: { value: "ON" }, loose_xengine: { value: "1" }, loose_xengine_use_memory_pct: { value: "60" }, default_time_zone: { value: "+8:00" },
  });
  expect((await describeCluster(emu, id)).DBNodes).toHaveLength(3);
  const read = await provider.read!(id, outs);
  expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
});

test("loose_* and the time zone change in place: one ModifyDBClusterParameters with only the changed ones, a restart waited out; a console change is drift", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, loosePolarLogBin: "ON", looseXengine: "OFF", defaultTimeZone: "+01:00" });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ loosePolarLogBin: "ON", looseXengine: "OFF", defaultTimeZone: "+01:00" });

  const changed = await checkedInputs(provider, { ...inputs, loosePolarLogBin: "OFF", looseXengine: "ON", looseXengineUseMemoryPct: 40 });
  lines.length = 0;
  expect(await provider.diff(id, outs, changed)).toMatchObject({ changes: true, replaces: [] });
  expect(lines.join("\n")).toMatch(/changing loosePolarLogBin, looseXengine, looseXengineUseMemoryPct sets the parameters loose_polar_log_bin, loose_xengine, loose_xengine_use_memory_pct in one call, which restarts the cluster/);
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, changed);
  expect(emu.emulator.calls().ModifyDBClusterParameters).toBe(1);
  expect(emu.emulator.calls().CreateDBCluster ?? 0).toBe(0);
  expect(after.outs).toMatchObject({ loosePolarLogBin: "OFF", looseXengine: "ON", looseXengineUseMemoryPct: 40, defaultTimeZone: "+01:00", status: "Running" });
  expect(await parameters(id)).toMatchObject({ loose_polar_log_bin: { value: "OFF" }, loose_xengine: { value: "1" }, loose_xengine_use_memory_pct: { value: "40" }, default_time_zone: { value: "+1:00" } });
  expect((await provider.diff(id, after.outs!, changed)).changes).toBe(false);

  // Changed in the console: refresh reads it, and the program's value is a change again.
  await emu.client.request("ModifyDBClusterParameters", { DBClusterId: id, Parameters: JSON.stringify({ loose_xengine_use_memory_pct: "70", loose_polar_log_bin: "ON" }) });
  await settled(id);
  const refreshed = await provider.read!(id, after.outs!);
  expect(refreshed.props).toMatchObject({ looseXengineUseMemoryPct: 70, loosePolarLogBin: "ON" });
  expect(await provider.diff(id, refreshed.props!, changed)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const back = await provider.update!(id, refreshed.props!, changed);
  expect(emu.emulator.calls().ModifyDBClusterParameters).toBe(1);
  expect(back.outs).toMatchObject({ looseXengineUseMemoryPct: 40, loosePolarLogBin: "OFF" });
});

test("MySQL 5.6: binlog ON is the parameter's ON_WITH_GTID, read back as ON (no drift)", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, dbVersion: "5.6", loosePolarLogBin: "ON" });
  const { id, outs } = await provider.create(inputs);
  expect((await parameters(id)).loose_polar_log_bin.value).toBe("ON_WITH_GTID");
  expect(outs).toMatchObject({ loosePolarLogBin: "ON" });
  // 5.6 has no X-Engine: the cluster lists no such parameter, and nothing is read for it.
  expect((await parameters(id)).loose_xengine).toBeUndefined();
  expect(outs.looseXengine).toBeUndefined();
  const off = await checkedInputs(provider, { ...inputs, loosePolarLogBin: "OFF" });
  const after = await provider.update!(id, outs, off);
  expect(after.outs).toMatchObject({ loosePolarLogBin: "OFF" });
  const on = await provider.update!(id, after.outs!, inputs);
  expect(on.outs).toMatchObject({ loosePolarLogBin: "ON" });
  expect((await parameters(id)).loose_polar_log_bin.value).toBe("ON_WITH_GTID");
});

test("dbNodeCount: the count at creation (DBNodeNum), fewer removes the newest reader, a node added in the console is drift", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, dbNodeCount: 3 });
  emu.emulator.resetCalls();
  const { id, outs } = await provider.create(inputs);
  expect(emu.emulator.calls().CreateDBNodes ?? 0).toBe(0);
  expect(outs).toMatchObject({ dbNodeCount: 3 });
  const nodes = (await describeCluster(emu, id)).DBNodes.map((n: any) => n.DBNodeId);
  expect(nodes).toHaveLength(3);

  const two = await checkedInputs(provider, { ...inputs, dbNodeCount: 2 });
  lines.length = 0;
  await provider.diff(id, outs, two);
  expect(lines.join("\n")).toContain(`removes reader node(s) ${nodes[2]} (DeleteDBNodes)`);
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, two);
  expect(emu.emulator.calls()).toMatchObject({ DeleteDBNodes: 1 });
  expect(after.outs).toMatchObject({ dbNodeCount: 2, status: "Running" });
  expect((await describeCluster(emu, id)).DBNodes.map((n: any) => n.DBNodeId)).toEqual(nodes.slice(0, 2));

  await emu.client.request("CreateDBNodes", { DBClusterId: id, "DBNode.1.TargetClass": mysql.dbNodeClass });
  await settled(id);
  const refreshed = await provider.read!(id, after.outs!);
  expect(refreshed.props).toMatchObject({ dbNodeCount: 3 });
  expect(await provider.diff(id, refreshed.props!, two)).toMatchObject({ changes: true, replaces: [] });
  // Without dbNodeCount in the program (readers managed as Node resources), the same cloud is no change.
  const { dbNodeCount: _unset, ...withoutCount } = two;
  expect((await provider.diff(id, refreshed.props!, withoutCount)).changes).toBe(false);

  const four = await checkedInputs(provider, { ...inputs, dbNodeCount: 4 });
  emu.emulator.resetCalls();
  const grown = await provider.update!(id, refreshed.props!, four);
  expect(emu.emulator.calls()).toMatchObject({ CreateDBNodes: 1 });
  expect(grown.outs).toMatchObject({ dbNodeCount: 4, status: "Running" });
});

test("PostgreSQL 14: DynamoDB on and three nodes after creation (one node per call), DynamoDB off in place", async () => {
  const inputs = await checkedInputs(provider, { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium", enableDynamodb: true, dbNodeCount: 3 });
  emu.emulator.resetCalls();
  const { id, outs } = await provider.create(inputs);
  expect(emu.emulator.calls()).toMatchObject({ CreateDBCluster: 1, EnableDBClusterDynamoDB: 1, CreateDBNodes: 1 });
  expect(outs).toMatchObject({ enableDynamodb: true, dbNodeCount: 3, status: "Running" });
  expect((await describeCluster(emu, id)).DynamoDB).toBe("ON");

  const off = await checkedInputs(provider, { ...inputs, enableDynamodb: false });
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, off);
  expect(emu.emulator.calls()).toMatchObject({ DisableDBClusterDynamoDB: 1 });
  expect(after.outs).toMatchObject({ enableDynamodb: false, status: "Running" });
  expect((await provider.diff(id, after.outs!, off)).changes).toBe(false);
});
