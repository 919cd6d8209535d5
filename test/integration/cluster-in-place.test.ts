/**
 * What the cloud changes in place, through the Cluster spec against the emulator, counting the
 * calls (no CreateDBCluster or DeleteDBCluster for an in-place change): billing both ways
 * (TransformDBClusterPayType), the resource group, MySQL's time zone in either spelling; and the
 * end of a subscription: destroy converts it with convertToPostpaidOnDestroy, else leaves it
 * running and says so.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { CLASS, checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
const notes: Array<{ line: string; severity?: string }> = [];
const pg = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL, zoneId: "cn-hangzhou-h" };
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, zoneId: "cn-hangzhou-h" };

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: (line, how) => { notes.push({ line, severity: how?.severity }); }, convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

/** The mutating calls since the last reset. */
const writes = () => Object.fromEntries(Object.entries(emu.emulator.calls()).filter(([a]) => !a.startsWith("Describe")));
const stored = (id: string) => cloud(emu).clusters[id];
type Outs = Record<string, any>;

async function apply(id: string, outs: Outs, raw: Record<string, unknown>): Promise<{ outs: Outs; inputs: Record<string, unknown> }> {
  const inputs = await checkedInputs(provider, raw);
  expect(await provider.diff(id, outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  return { outs: (await provider.update(id, outs, inputs)).outs as Outs, inputs };
}

test("payType both ways in place: Postpaid → Prepaid buys `period` months, Prepaid → Postpaid ends it; the cluster and its data stay", async () => {
  const created = await provider.create(await checkedInputs(provider, { ...pg, description: "billing" }));
  const id = created.id;
  const born = (await describeCluster(emu, id)).CreationTime;

  let step = await apply(id, created.outs as Outs, { ...pg, description: "billing", payType: "Prepaid", period: 2, renewalStatus: "AutoRenewal" });
  expect(writes()).toEqual({ TransformDBClusterPayType: 1, ModifyAutoRenewAttribute: 1 });
  let live = await describeCluster(emu, id);
  expect(live).toMatchObject({ DBClusterId: id, PayType: "Prepaid", DBClusterStatus: "Running", ExpireTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(stored(id)).toMatchObject({ Period: "Month", UsedTime: "2", renewal: { RenewalStatus: "AutoRenewal" } });
  expect(step.outs).toMatchObject({ payType: "Prepaid", expireTime: live.ExpireTime, renewalStatus: "AutoRenewal", period: 2 });
  expect(await provider.diff(id, (await provider.read(id, step.outs)).props!, step.inputs)).toMatchObject({ changes: false });

  step = await apply(id, step.outs, { ...pg, description: "billing", payType: "Postpaid" });
  expect(writes()).toEqual({ TransformDBClusterPayType: 1 });
  live = await describeCluster(emu, id);
  expect(live).toMatchObject({ DBClusterId: id, PayType: "Postpaid", ExpireTime: "" });
  expect(step.outs.payType).toBe("Postpaid");
  expect(step.outs.expireTime).toBeUndefined();

  // A year's subscription is bought as Period=Year, UsedTime=1.
  step = await apply(id, step.outs, { ...pg, description: "billing", payType: "PrePaid", period: 12 });
  expect(writes()).toEqual({ TransformDBClusterPayType: 1 });
  expect(stored(id)).toMatchObject({ PayType: "Prepaid", Period: "Year", UsedTime: "1" });

  // Billing changed outside Pulumi is drift, put back in place.
  await emu.client.request("TransformDBClusterPayType", { DBClusterId: id, PayType: "Postpaid" });
  await new Promise((r) => setTimeout(r, 50));
  const drifted = (await provider.read(id, step.outs)).props!;
  expect(drifted.payType).toBe("Postpaid");
  expect(await provider.diff(id, drifted, step.inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  const back = (await provider.update(id, drifted, step.inputs)).outs as Outs;
  expect(writes()).toEqual({ TransformDBClusterPayType: 1 });
  expect(back.payType).toBe("Prepaid");
  expect((await describeCluster(emu, id)).CreationTime).toBe(born); // the same cluster throughout
});

test("the answer of every in-place call lost once (applied, then dropped): each converges, with one conversion and no Create or Delete", async () => {
  const created = await provider.create(await checkedInputs(provider, { ...mysql, description: "unkind" }));
  const conversions = () => Object.keys(cloud(emu).clientTokens).filter((t) => t.startsWith("TransformDBClusterPayType:")).length;
  const before = conversions();
  emu.emulator.setFaults("TransformDBClusterPayType:drop=#1/request;ModifyDBClusterResourceGroup:drop=#1/request;ModifyDBClusterParameters:drop=#1/request");
  emu.emulator.resetFaultsServed();
  try {
    const step = await apply(created.id, created.outs as Outs, { ...mysql, description: "unkind", payType: "Prepaid", period: 1, resourceGroupId: "rg-acfmunkind01", defaultTimeZone: "+1:00" });
    expect(emu.emulator.faultsServed()).toEqual({ TransformDBClusterPayType: { drop: 1 }, ModifyDBClusterResourceGroup: { drop: 1 }, ModifyDBClusterParameters: { drop: 1 } });
    expect(Object.keys(writes()).filter((a) => /^(Create|Delete)/.test(a))).toEqual([]);
    expect(stored(created.id)).toMatchObject({ PayType: "Prepaid", ResourceGroupId: "rg-acfmunkind01" });
    expect(step.outs).toMatchObject({ payType: "Prepaid", resourceGroupId: "rg-acfmunkind01", defaultTimeZone: "+01:00" });
    // One subscription bought, not two: the repeat carried the same ClientToken.
    expect(conversions() - before).toBe(1);
  } finally { emu.emulator.setFaults(undefined); }
});

test("resourceGroupId in place (ModifyDBClusterResourceGroup); a move made elsewhere shows as drift", async () => {
  const created = await provider.create(await checkedInputs(provider, { ...pg, resourceGroupId: "rg-acfmfirst01" }));
  expect((await describeCluster(emu, created.id)).ResourceGroupId).toBe("rg-acfmfirst01");
  const step = await apply(created.id, created.outs as Outs, { ...pg, resourceGroupId: "rg-acfmsecond2" });
  expect(writes()).toEqual({ ModifyDBClusterResourceGroup: 1 });
  expect((await describeCluster(emu, created.id)).ResourceGroupId).toBe("rg-acfmsecond2");
  expect(step.outs.resourceGroupId).toBe("rg-acfmsecond2");

  await emu.client.request("ModifyDBClusterResourceGroup", { DBClusterId: created.id, NewResourceGroupId: "rg-acfmthird03" });
  const refreshed = (await provider.read(created.id, step.outs)).props!;
  expect(refreshed.resourceGroupId).toBe("rg-acfmthird03");
  expect(await provider.diff(created.id, refreshed, step.inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});

test("MySQL's time zone: @pulumi/alicloud's +1:00 is +01:00; a change sets default_time_zone in place (restart), read back from the parameters", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, defaultTimeZone: "+1:00", lowerCaseTableNames: 0 });
  expect(inputs.defaultTimeZone).toBe("+01:00");
  emu.emulator.resetCalls();
  const created = await provider.create(inputs);
  expect(writes()).toEqual({ CreateDBCluster: 1 }); // the time zone went with the create: nothing set twice
  const id = created.id;
  expect(stored(id).options).toMatchObject({ DefaultTimeZone: "+01:00", LowerCaseTableNames: "0" }); // the SDK's form
  expect(stored(id).parameters.default_time_zone).toBe("+1:00");
  expect(created.outs).toMatchObject({ defaultTimeZone: "+01:00" });
  expect(await provider.diff(id, created.outs as Outs, await checkedInputs(provider, { ...mysql, defaultTimeZone: "+01:00", lowerCaseTableNames: 0 }))).toMatchObject({ changes: false });

  notes.length = 0;
  const step = await apply(id, created.outs as Outs, { ...mysql, defaultTimeZone: "-9:00", lowerCaseTableNames: 0 });
  expect(notes.map((n) => n.line).join("\n")).toMatch(/defaultTimeZone sets the parameter default_time_zone, which restarts the cluster/);
  expect(writes()).toEqual({ ModifyDBClusterParameters: 1 });
  expect(stored(id).parameters.default_time_zone).toBe("-9:00"); // the parameter's own form
  expect(step.outs).toMatchObject({ defaultTimeZone: "-09:00", status: "Running" });

  // Set elsewhere (the console, or ClusterParameters): refresh shows it.
  await emu.client.request("ModifyDBClusterParameters", { DBClusterId: id, Parameters: JSON.stringify({ default_time_zone: "SYSTEM" }) });
  await new Promise((r) => setTimeout(r, 400));
  const refreshed = (await provider.read(id, step.outs)).props!;
  expect(refreshed.defaultTimeZone).toBe("SYSTEM");
  expect(await provider.diff(id, refreshed, step.inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  // lower_case_table_names stays fixed: a change still replaces.
  expect((await provider.diff(id, step.outs, { ...step.inputs, lowerCaseTableNames: 1 })).replaces).toEqual(["lowerCaseTableNames"]);
});

describe("the end of a subscription", () => {
  test("the cloud refuses to delete a Prepaid cluster (OperationDenied.DBClusterPayType)", async () => {
    const { id } = await provider.create(await checkedInputs(provider, { ...pg, payType: "Prepaid", period: 1 }));
    await expect(emu.client.request("DeleteDBCluster", { DBClusterId: id })).rejects.toMatchObject({ code: "OperationDenied.DBClusterPayType", httpStatus: 403 });
  });

  test("without convertToPostpaidOnDestroy: destroy leaves it running, out of the state, with a warning saying what to do", async () => {
    const { id, outs } = await provider.create(await checkedInputs(provider, { ...pg, payType: "Prepaid", period: 1, deletionLock: true, liftDeletionLockOnDestroy: true }));
    notes.length = 0;
    emu.emulator.resetCalls();
    await expect(provider.delete(id, outs as Outs)).resolves.toBeUndefined(); // Pulumi drops it from the state
    expect(writes()).toEqual({}); // nothing changed: not converted, not unlocked, not deleted
    expect(await describeCluster(emu, id)).toMatchObject({ DBClusterStatus: "Running", PayType: "Prepaid", DeletionLock: 1 });
    const warning = notes.find((n) => n.severity === "warning");
    expect(warning?.line).toMatch(new RegExp(`^Cluster ${id}: NOT deleted: it is a subscription \\(payType Prepaid, paid until \\d{4}-.*DeleteDBCluster refuses it.*removed from this stack's state only.*adopt: "${id}".*convertToPostpaidOnDestroy: true`));
  });

  test("with convertToPostpaidOnDestroy: destroy converts it (TransformDBClusterPayType), waits for Postpaid, lifts the lock, deletes it", async () => {
    const inputs = await checkedInputs(provider, { ...pg, payType: "Prepaid", period: 1, deletionLock: true, liftDeletionLockOnDestroy: true });
    const created = await provider.create(inputs);
    const id = created.id;
    // The opt-in is a provider setting: applied by `up` without an API call, read by destroy.
    const optedIn = await checkedInputs(provider, { ...inputs, convertToPostpaidOnDestroy: true });
    expect(await provider.diff(id, created.outs as Outs, optedIn)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.emulator.resetCalls();
    const outs = (await provider.update(id, created.outs as Outs, optedIn)).outs as Outs;
    expect(writes()).toEqual({});
    expect(outs.convertToPostpaidOnDestroy).toBe(true);

    notes.length = 0;
    await provider.delete(id, outs);
    expect(writes()).toEqual({ TransformDBClusterPayType: 1, ModifyDBClusterDeletion: 1, DeleteDBCluster: 1 });
    expect(stored(id)).toBeUndefined();
    await expect(describeCluster(emu, id)).rejects.toMatchObject({ code: "InvalidDBClusterId.NotFound" });
    expect(notes.map((n) => n.line).join("\n")).toMatch(/TransformDBClusterPayType done \(convertToPostpaidOnDestroy is true\): payType is "Postpaid"; deleting it now/);
  });

  test("a lock without its opt-in still refuses first, before anything is converted", async () => {
    const { id, outs } = await provider.create(await checkedInputs(provider, { ...pg, payType: "Prepaid", period: 1, deletionLock: true, convertToPostpaidOnDestroy: true }));
    emu.emulator.resetCalls();
    await expect(provider.delete(id, outs as Outs)).rejects.toThrow(/deletion protection/);
    expect(writes()).toEqual({});
    expect((await describeCluster(emu, id)).PayType).toBe("Prepaid");
  });
});
