/**
 * Encryption with the user's key and cross-zone high availability through the Cluster and Node
 * specs against the emulator (with its KMS): MySQL 8.0 turns TDE on in place with a KMS key; TDE
 * going back off is refused before any call; an unknown or disabled key is refused as the cloud
 * refuses it; the hot standby at creation, turned up in place, down by replacement; the standby zone
 * moved in place; a node's hot replica; and changes made in the console read back as drift.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { nodeSpec } from "../../resources/node";
import { CLASS, checkedInputs, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let nodes: Provider;
const lines: string[] = [];
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, zoneId: "cn-hangzhou-i" };
const pg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: CLASS.PostgreSQL, zoneId: "cn-hangzhou-i" };
const ROLE = "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole";

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const deps = runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 });
  provider = makeProvider(clusterSpec, deps);
  nodes = makeProvider(nodeSpec, deps);
});
afterAll(async () => { await emu?.stop(); });

const newKey = async () => (await emu.kms.request<any>("CreateKey", { Description: "tde" })).KeyMetadata.KeyId as string;
const tde = (id: string) => emu.client.request<any>("DescribeDBClusterTDE", { DBClusterId: id });
/** Waits (bounded) until the cluster is Running again after a change made outside the provider. */
async function untilRunning(id: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await describeCluster(emu, id)).DBClusterStatus === "Running") return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`cluster ${id} did not return to Running`);
}
const clusterStatuses = (id: string, since: number) => emu.emulator.history({ clusterId: id, object: "cluster", since }).map((e) => e.to);

test("MySQL 8.0: TDE with a KMS key turns on in place (TDEModifying, then Enabled); encryptNewTables changes in place; off is refused before any call", async () => {
  const key = await newKey();
  const inputs = await checkedInputs(provider, { ...mysql, description: "tde in place" });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ tdeStatus: false });

  const on = await checkedInputs(provider, { ...inputs, tdeStatus: true, encryptionKey: key, roleArn: ROLE, encryptNewTables: "ON" });
  expect(await provider.diff(id, outs, on)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const since = Date.now();
  const after = await provider.update!(id, outs, on);
  expect(emu.emulator.calls()).toMatchObject({ ModifyDBClusterTDE: 1 });
  expect(emu.emulator.calls().CreateDBCluster ?? 0).toBe(0);
  expect(clusterStatuses(id, since)).toEqual(["TDEModifying", "Running"]);
  expect(after.outs).toMatchObject({ tdeStatus: true, encryptionKey: key, roleArn: ROLE, encryptNewTables: "ON", status: "Running" });
  expect(await tde(id)).toMatchObject({ TDEStatus: "Enabled", EncryptionKey: key, EncryptionKeyStatus: "Enabled", EncryptNewTables: "ON", TDERegion: "cn-hangzhou" });
  expect(await provider.diff(id, after.outs!, on)).toMatchObject({ changes: false });

  // Irreversible: preview refuses, naming the field, and nothing is called.
  emu.emulator.resetCalls();
  for (const tdeStatus of [false, "Disabled", undefined]) {
    const off = (await provider.check(after.outs!, { ...inputs, tdeStatus })).failures;
    expect(off).toEqual([{ property: "tdeStatus", reason: expect.stringMatching(/cannot be turned off once it is on/) }]);
  }
  const otherKey = (await provider.check(after.outs!, { ...on, encryptionKey: await newKey() })).failures;
  expect(otherKey).toEqual([{ property: "encryptionKey", reason: expect.stringMatching(/cannot change once TDE is on/) }]);
  expect(Object.keys(emu.emulator.calls()).filter((a) => a.startsWith("Modify"))).toEqual([]);

  // A setting of an encrypted cluster changes in place, at once.
  const fewer = await checkedInputs(provider, { ...on, encryptNewTables: "OFF" });
  const changed = await provider.update!(id, after.outs!, fewer);
  expect(changed.outs).toMatchObject({ tdeStatus: true, encryptNewTables: "OFF", encryptionKey: key });

  // Changed in the console: refresh shows it, and the next diff wants it back.
  await emu.client.request("ModifyDBClusterTDE", { DBClusterId: id, TDEStatus: "Enable", EncryptNewTables: "ON" });
  const read = await provider.read!(id, changed.outs!);
  expect(read.props).toMatchObject({ encryptNewTables: "ON" });
  expect(await provider.diff(id, read.props!, fewer)).toMatchObject({ changes: true, replaces: [] });
});

test("a key KMS does not know, or one that is disabled, is refused as the cloud refuses it; TDE stays off", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, description: "bad keys" });
  const { id, outs } = await provider.create(inputs);
  const unknown = await checkedInputs(provider, { ...inputs, tdeStatus: true, encryptionKey: "0275bd3f-0000-0000-0000-000000000000" });
  await expect(provider.update!(id, outs, unknown)).rejects.toThrow(/ModifyDBClusterTDE.*Forbidden\.KeyNotFound|Forbidden\.KeyNotFound[\s\S]*ModifyDBClusterTDE/);
  const key = await newKey();
  await emu.kms.request("DisableKey", { KeyId: key });
  await expect(provider.update!(id, outs, { ...unknown, encryptionKey: key })).rejects.toThrow(/Rejected\.Disabled/);
  expect(await tde(id)).toMatchObject({ TDEStatus: "Disabled" });
  await emu.kms.request("EnableKey", { KeyId: key });
  const done = await provider.update!(id, outs, { ...unknown, encryptionKey: key });
  expect(done.outs).toMatchObject({ tdeStatus: true, encryptionKey: key });
});

test("TDE at creation: PostgreSQL by CreateDBCluster; MySQL and a custom key by ModifyDBClusterTDE right after", async () => {
  emu.emulator.resetCalls();
  const pgOn = await provider.create(await checkedInputs(provider, { ...pg, tdeStatus: true }));
  expect(emu.emulator.calls().ModifyDBClusterTDE ?? 0).toBe(0);
  expect(pgOn.outs).toMatchObject({ tdeStatus: true });
  expect(pgOn.outs.encryptionKey).toBeUndefined(); // the cloud's key

  const key = await newKey();
  emu.emulator.resetCalls();
  const pgKey = await provider.create(await checkedInputs(provider, { ...pg, tdeStatus: true, encryptionKey: key, roleArn: ROLE, enableAutomaticRotation: true }));
  expect(emu.emulator.calls().ModifyDBClusterTDE).toBe(1);
  expect(pgKey.outs).toMatchObject({ tdeStatus: true, encryptionKey: key, enableAutomaticRotation: true });

  emu.emulator.resetCalls();
  const my = await provider.create(await checkedInputs(provider, { ...mysql, tdeStatus: "Enabled", encryptNewTables: "ON" }));
  expect(emu.emulator.calls().ModifyDBClusterTDE).toBe(1);
  expect(my.outs).toMatchObject({ tdeStatus: true, encryptNewTables: "ON" });
});

test("hot standby: on at creation in a named zone; the standby zone moves in place; drift from the console reads back", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-k", strictConsistency: "ON" });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-k", strictConsistency: "ON", zoneId: "cn-hangzhou-i", zoneIds: ["cn-hangzhou-i", "cn-hangzhou-k"] });
  expect(await describeCluster(emu, id)).toMatchObject({ HotStandbyCluster: "StandbyClusterON", StrictConsistency: "ON", StandbyHAMode: "ON", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k" });

  const moved = await checkedInputs(provider, { ...inputs, standbyAz: "cn-hangzhou-j" });
  expect(await provider.diff(id, outs, moved)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const since = Date.now();
  const after = await provider.update!(id, outs, moved);
  expect(emu.emulator.calls()).toMatchObject({ ModifyDBClusterPrimaryZone: 1 });
  expect(clusterStatuses(id, since)).toEqual(["StandbyTransing", "Running"]);
  expect(after.outs).toMatchObject({ standbyAz: "cn-hangzhou-j", zoneId: "cn-hangzhou-i" });
  // strictConsistency is fixed at creation.
  expect((await provider.diff(id, after.outs!, { ...moved, strictConsistency: "OFF" })).replaces).toEqual(["strictConsistency"]);

  // Moved in the console: refresh shows it.
  await emu.client.request("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-k", ZoneType: "Standby", FromTimeService: true });
  await untilRunning(id);
  const read = await provider.read!(id, after.outs!);
  expect(read.props).toMatchObject({ standbyAz: "cn-hangzhou-k" });
  expect((await provider.diff(id, read.props!, moved)).changes).toBe(true);
});

test("hot standby turned on and up in place (ModifyDBClusterArch); down or off is a replacement, with the data-loss warning", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, hotStandbyCluster: "OFF" });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ hotStandbyCluster: "OFF", zoneIds: ["cn-hangzhou-i"] });
  expect(outs.standbyAz).toBeUndefined();

  const onIn = await checkedInputs(provider, { ...inputs, hotStandbyCluster: "ON" });
  expect(await provider.diff(id, outs, onIn)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const on = await provider.update!(id, outs, onIn);
  expect(emu.emulator.calls()).toMatchObject({ ModifyDBClusterArch: 1 });
  expect(on.outs).toMatchObject({ hotStandbyCluster: "ON", standbyAz: expect.stringMatching(/^cn-hangzhou-/) });

  const equal = await checkedInputs(provider, { ...inputs, hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k" });
  const up = await provider.update!(id, on.outs!, equal);
  expect(up.outs).toMatchObject({ hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k" });
  expect(await describeCluster(emu, id)).toMatchObject({ HotStandbyCluster: "equal" });

  lines.length = 0;
  expect((await provider.diff(id, up.outs!, { ...equal, hotStandbyCluster: "ON", standbyAz: undefined })).replaces).toEqual(["hotStandbyCluster"]);
  expect(lines.join("\n")).toMatch(/replacing deletes cluster pc-[a-z0-9]+ — its databases, accounts and data — .*\(because hotStandbyCluster cannot change in place\)/);
  expect((await provider.diff(id, up.outs!, { ...inputs, hotStandbyCluster: "OFF" })).replaces).toEqual(["hotStandbyCluster"]);
});

test("a node's hot replica: set after the node is made, changed in place (RoleSwitching), drift read back", async () => {
  const cluster = await provider.create(await checkedInputs(provider, { ...mysql, description: "hot replica" }));
  emu.emulator.resetCalls();
  const raw = { dbClusterId: cluster.id, dbNodeClass: CLASS.MySQL, hotReplicaMode: "ON" };
  const made = await nodes.create(await checkedInputs(nodes, raw));
  expect(emu.emulator.calls()).toMatchObject({ CreateDBNodes: 1, ModifyDBNodeHotReplicaMode: 1 });
  expect(made.outs).toMatchObject({ hotReplicaMode: "ON", status: "Running", clusterStatus: "Running" });

  const since = Date.now();
  const off = await checkedInputs(nodes, { ...raw, hotReplicaMode: "OFF" });
  expect(await nodes.diff(made.id, made.outs, off)).toMatchObject({ changes: true, replaces: [] });
  const after = await nodes.update!(made.id, made.outs, off);
  expect(after.outs).toMatchObject({ hotReplicaMode: "OFF" });
  expect(clusterStatuses(cluster.id, since)).toEqual(["RoleSwitching", "Running"]);

  const dbNodeId = made.id.split(":")[1];
  await emu.client.request("ModifyDBNodeHotReplicaMode", { DBClusterId: cluster.id, DBNodeId: dbNodeId, HotReplicaMode: "ON" });
  await untilRunning(cluster.id);
  const read = await nodes.read!(made.id, after.outs!);
  expect(read.props).toMatchObject({ hotReplicaMode: "ON" });
  expect((await nodes.diff(made.id, read.props!, off)).changes).toBe(true);
});

test("answers lost after the cloud applied them: TDE and the hot standby converge, each repeated and judged by the live state, nothing replaced", async () => {
  const key = await newKey();
  const inputs = await checkedInputs(provider, { ...mysql, hotStandbyCluster: "OFF", description: "lost answers" });
  const { id, outs } = await provider.create(inputs);
  const wanted = await checkedInputs(provider, { ...inputs, tdeStatus: true, encryptionKey: key, hotStandbyCluster: "ON" });
  emu.emulator.resetCalls();
  emu.emulator.setFaults("ModifyDBClusterTDE:drop=#1;ModifyDBClusterArch:drop=#1");
  let after: { outs?: Record<string, unknown> };
  try { after = await provider.update!(id, outs, wanted); } finally { emu.emulator.setFaults(undefined); }
  const calls = emu.emulator.calls();
  expect(calls.ModifyDBClusterTDE).toBeGreaterThanOrEqual(2);
  expect(calls.ModifyDBClusterArch).toBeGreaterThanOrEqual(2);
  expect(calls.CreateDBCluster ?? 0).toBe(0);
  expect(after.outs).toMatchObject({ tdeStatus: true, encryptionKey: key, hotStandbyCluster: "ON", status: "Running" });
  expect(await tde(id)).toMatchObject({ TDEStatus: "Enabled", EncryptionKey: key });
});

test("PostgreSQL: TDE turned on later in place too (as the peer does), with the key's automatic rotation, which then changes in place", async () => {
  const key = await newKey();
  const inputs = await checkedInputs(provider, { ...pg, description: "pg tde later" });
  const { id, outs } = await provider.create(inputs);
  const on = await checkedInputs(provider, { ...inputs, tdeStatus: true, encryptionKey: key, enableAutomaticRotation: true });
  expect(await provider.diff(id, outs, on)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, on);
  expect(emu.emulator.calls()).toMatchObject({ ModifyDBClusterTDE: 1 });
  expect(after.outs).toMatchObject({ tdeStatus: true, encryptionKey: key, enableAutomaticRotation: true });
  expect(await tde(id)).toMatchObject({ AutomaticRotation: "Enabled", RotationInterval: "0" });
  const manual = await provider.update!(id, after.outs!, await checkedInputs(provider, { ...on, enableAutomaticRotation: false }));
  expect(manual.outs).toMatchObject({ tdeStatus: true, enableAutomaticRotation: false });
});
