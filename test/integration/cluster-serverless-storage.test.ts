/**
 * Serverless and storage through the Cluster spec against the emulator: an agile serverless
 * cluster created with its range, the range changed in place (ModifyDBClusterServerlessConf),
 * steady serverless switched on and off in place, storage grown and its performance changed in
 * place — never a Create or Delete — and a change made in the console read back as drift.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { CLASS, checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
const failures = async (raw: Record<string, unknown>, olds: Record<string, unknown> = {}) => (await provider.check(olds, raw)).failures ?? [];
const readers = (id: string) => cloud(emu).clusters[id].nodes.filter((n: { DBNodeRole: string }) => n.DBNodeRole === "Reader").length;
const noCreateOrDelete = () => {
  expect(emu.emulator.calls().CreateDBCluster ?? 0).toBe(0);
  expect(emu.emulator.calls().DeleteDBCluster ?? 0).toBe(0);
};
const serverlessPg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.sl.small", serverlessType: "AgileServerless" };

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

test("an agile serverless cluster is created with its range; scaleMax and the read-only range change in place; the cluster runs within its range", async () => {
  const inputs = await checkedInputs(provider, {
    ...serverlessPg, description: "serverless", scaleMin: 1, scaleMax: 4, scaleRoNumMin: 1, scaleRoNumMax: 2,
    allowShutDown: "true", secondsUntilAutoPause: 600, serverlessRuleMode: "flexible",
  });
  expect(inputs.allowShutDown).toBe(true); // @pulumi/alicloud's "true"
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ serverlessType: "AgileServerless", scaleMin: 1, scaleMax: 4, scaleRoNumMin: 1, scaleRoNumMax: 2, allowShutDown: true, secondsUntilAutoPause: 600, serverlessRuleMode: "flexible" });
  expect(readers(id)).toBe(1);
  expect((await provider.diff(id, outs, inputs)).changes).toBe(false);

  const wider = await checkedInputs(provider, { ...inputs, scaleMax: 8, scaleRoNumMin: 2 });
  expect(await provider.diff(id, outs, wider)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, wider);
  expect(emu.emulator.calls().ModifyDBClusterServerlessConf).toBe(1);
  noCreateOrDelete();
  expect(after.outs).toMatchObject({ scaleMax: 8, scaleRoNumMin: 2, status: "Running" });
  expect(readers(id)).toBe(2);
  expect((await provider.diff(id, after.outs!, wider)).changes).toBe(false);

  // The range changed in the console: refresh reads it, and the program's value differs again.
  await emu.client.request("ModifyDBClusterServerlessConf", { DBClusterId: id, ScaleMax: "6" });
  const read = await waitRead(id, after.outs!, (p) => p.status === "Running");
  expect(read).toMatchObject({ scaleMax: 6 });
  expect(await provider.diff(id, read, wider)).toMatchObject({ changes: true, replaces: [] });
});

test("agile ↔ provisioned replaces; steady serverless is switched on and off in place (EnableDBClusterServerless / DisableDBClusterServerless)", async () => {
  const plain = await checkedInputs(provider, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, description: "steady" });
  const { id, outs } = await provider.create(plain);
  expect(outs.serverlessType).toBeUndefined();
  expect((await provider.diff(id, outs, await checkedInputs(provider, { ...plain, dbNodeClass: "polar.mysql.sl.small", serverlessType: "AgileServerless" }))).replaces)
    .toEqual(expect.arrayContaining(["serverlessType", "dbNodeClass"]));

  const steady = await checkedInputs(provider, { ...plain, serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 4, scaleRoNumMin: 0, scaleRoNumMax: 2 });
  emu.emulator.resetCalls();
  const on = await provider.update!(id, outs, steady);
  expect(emu.emulator.calls().EnableDBClusterServerless).toBe(1);
  expect(emu.emulator.calls().ModifyDBClusterServerlessConf ?? 0).toBe(0); // the switch took the range
  noCreateOrDelete();
  expect(on.outs).toMatchObject({ serverlessType: "SteadyServerless", serverlessSteadySwitch: "ON", scaleMax: 4 });
  expect((await describeCluster(emu, id)).ServerlessType).toBe("SteadyServerless");
  expect((await provider.diff(id, on.outs!, steady)).changes).toBe(false);

  const off = await checkedInputs(provider, { ...steady, serverlessSteadySwitch: "OFF" });
  emu.emulator.resetCalls();
  const offOuts = (await provider.update!(id, on.outs!, off)).outs!;
  expect(emu.emulator.calls().DisableDBClusterServerless).toBe(1);
  noCreateOrDelete();
  expect((await describeCluster(emu, id)).ServerlessType).toBe("");
  expect((await provider.diff(id, offOuts, off)).changes).toBe(false);

  // Declared at creation: CreateDBCluster makes a provisioned cluster, then steady serverless is switched on with its range.
  emu.emulator.resetCalls();
  const born = await provider.create(await checkedInputs(provider, { ...steady, description: "steady at birth" }));
  expect({ create: emu.emulator.calls().CreateDBCluster, enable: emu.emulator.calls().EnableDBClusterServerless, conf: emu.emulator.calls().ModifyDBClusterServerlessConf ?? 0 })
    .toEqual({ create: 1, enable: 1, conf: 0 });
  expect(born.outs).toMatchObject({ serverlessType: "SteadyServerless", serverlessSteadySwitch: "ON", scaleMin: 1, scaleMax: 4, scaleRoNumMax: 2 });
});

test("Standard Edition storage: created on ESSD AutoPL, grown and its IOPS raised in place; shrinking is refused in preview", async () => {
  const inputs = await checkedInputs(provider, {
    ...serverlessPg, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", description: "essd",
    storageType: "ESSDAUTOPL", storageSpace: 40, provisionedIops: 1000, burstingEnabled: true,
  });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ storageType: "ESSDAUTOPL", storageSpace: 40, provisionedIops: 1000, burstingEnabled: true, storagePayType: "Postpaid" });
  expect((await describeCluster(emu, id)).StorageSpace).toBe(40 * 1024 ** 3);

  const grown = await checkedInputs(provider, { ...inputs, storageSpace: 50, provisionedIops: 1200 });
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, grown);
  expect(emu.emulator.calls().ModifyDBClusterStorageSpace).toBe(1);
  expect(emu.emulator.calls().ModifyDBClusterStoragePerformance).toBe(1);
  noCreateOrDelete();
  expect(after.outs).toMatchObject({ storageSpace: 50, provisionedIops: 1200, status: "Running" });
  expect((await provider.diff(id, after.outs!, grown)).changes).toBe(false);

  expect(await failures({ ...grown, storageSpace: 40 }, after.outs)).toEqual([{ property: "storageSpace", reason: expect.stringMatching(/does not shrink/) }]);
  expect((await provider.diff(id, after.outs!, { ...grown, storagePayType: "Prepaid" })).replaces).toEqual(["storagePayType"]);
});

test("Enterprise storage: PSL4 → PSL5 in place (ModifyType Upgrade); MySQL storage compression turned on in place and never off", async () => {
  const inputs = await checkedInputs(provider, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, description: "psl", storageType: "PSL4", compressStorage: "ON" });
  emu.emulator.resetCalls();
  const { id, outs } = await provider.create(inputs);
  // CreateDBCluster takes no CompressStorage: it converges right after the create.
  expect(emu.emulator.calls().ModifyDBCluster).toBe(1);
  expect(outs).toMatchObject({ storageType: "PSL4", compressStorage: "ON" });
  expect((await describeCluster(emu, id)).StorageType).toBe("Standard"); // the attribute's spelling of PSL4

  const faster = await checkedInputs(provider, { ...inputs, storageType: "PSL5", compressStorage: undefined });
  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, faster);
  expect(emu.emulator.calls().ModifyDBClusterStoragePerformance).toBe(1);
  // A long change: the cluster went through ConfigSwitching and back to Running.
  expect(emu.emulator.history({ clusterId: id, object: "cluster" }).map((h) => h.to)).toEqual(expect.arrayContaining(["ConfigSwitching", "Running"]));
  noCreateOrDelete();
  expect(after.outs).toMatchObject({ storageType: "PSL5" });
  expect(await failures({ ...inputs, compressStorage: "OFF" }, outs)).toEqual([{ property: "compressStorage", reason: expect.stringMatching(/cannot be turned off/) }]);
});

test("lost answers: the first answer of each serverless and storage call is lost after the cloud applied it; each change is made once and converges", async () => {
  const inputs = await checkedInputs(provider, {
    ...serverlessPg, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", description: "lost", scaleMin: 1, scaleMax: 4, storageType: "ESSDPL1", storageSpace: 40,
  });
  const { id, outs } = await provider.create(inputs);
  const changed = await checkedInputs(provider, { ...inputs, scaleMax: 6, storageSpace: 60, storageType: "ESSDPL2" });
  emu.emulator.resetCalls();
  emu.emulator.resetFaultsServed();
  emu.emulator.setFaults("ModifyDBClusterServerlessConf:drop=#1;ModifyDBClusterStorageSpace:drop=#1;ModifyDBClusterStoragePerformance:drop=#1");
  let after: { outs?: Record<string, unknown> };
  try { after = await provider.update!(id, outs, changed); } finally { emu.emulator.setFaults(undefined); }
  expect(emu.emulator.faultsServed()).toMatchObject({ ModifyDBClusterServerlessConf: { drop: 1 }, ModifyDBClusterStorageSpace: { drop: 1 }, ModifyDBClusterStoragePerformance: { drop: 1 } });
  expect(after.outs).toMatchObject({ scaleMax: 6, storageSpace: 60, storageType: "ESSDPL2", status: "Running" });
  noCreateOrDelete();
  // The storage calls carry a ClientToken: their repeat answered the first call's order, no second task.
  const tasks = cloud(emu).tasks.filter((t: { DBClusterId: string; TaskAction: string }) => t.DBClusterId === id);
  expect(tasks.filter((t: { TaskAction: string }) => t.TaskAction === "ModifyDBClusterStorageSpace")).toHaveLength(1);
  expect(tasks.filter((t: { TaskAction: string }) => t.TaskAction === "ModifyDBClusterStoragePerformance")).toHaveLength(1);
  expect((await provider.diff(id, after.outs!, changed)).changes).toBe(false);
});

/** Reads the cluster until `done` says the console's change has finished. */
async function waitRead(id: string, props: Record<string, unknown>, done: (p: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const r = await provider.read!(id, props);
    if (r.props && done(r.props)) return r.props;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error("the console's change did not finish");
}
