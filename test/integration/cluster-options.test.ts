/**
 * CreateDBCluster's other options through the Cluster spec against the emulator: a zone move in
 * place (never a replacement), clones that carry the source's databases and accounts, a
 * subscription's renewal in place, the initial whitelist, TDE's one-way switch (in place since today's API), the backup
 * retention sent on delete — and the reference's rules refused in preview, naming the field.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { CLASS, checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
const lines: string[] = [];
const pg = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL };
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL };
const failures = async (raw: Record<string, unknown>, olds: Record<string, unknown> = {}) => (await provider.check(olds, raw)).failures ?? [];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

test("a zone move is an in-place update (ModifyDBClusterPrimaryZone), and the cluster is Running in the new zone", async () => {
  const inputs = await checkedInputs(provider, { ...pg, zoneId: "cn-hangzhou-h", vpcId: "vpc-zone0000000000000001", vswitchId: "vsw-zoneh000000000000001", description: "mover" });
  const { id, outs } = await provider.create(inputs);
  const moved = await checkedInputs(provider, { ...inputs, zoneId: "cn-hangzhou-i", vswitchId: "vsw-zonei000000000000001" });
  const diff = await provider.diff(id, outs, moved);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  // The vSwitch alone cannot change (no API moves it): that one replaces.
  expect((await provider.diff(id, outs, { ...inputs, vswitchId: "vsw-other00000000000001" })).replaces).toEqual(["vswitchId"]);
  // PostgreSQL needs the new zone's vSwitch: preview says so before any call.
  expect(await failures({ ...inputs, zoneId: "cn-hangzhou-i" }, inputs)).toEqual([{ property: "vswitchId", reason: expect.stringMatching(/needs a vSwitch in that zone/) }]);

  emu.emulator.resetCalls();
  const after = await provider.update!(id, outs, moved);
  expect(emu.emulator.calls().ModifyDBClusterPrimaryZone).toBe(1);
  expect(emu.emulator.calls().CreateDBCluster ?? 0).toBe(0);
  expect(emu.emulator.calls().DeleteDBCluster ?? 0).toBe(0);
  expect(after.outs).toMatchObject({ zoneId: "cn-hangzhou-i", vswitchId: "vsw-zonei000000000000001", status: "Running" });
  const live = await describeCluster(emu, id);
  expect(live.ZoneIds).toBe("cn-hangzhou-i");
  expect((await provider.diff(id, after.outs, moved)).changes).toBe(false);
});

test("a zone move whose answer was lost: the repeat's refusal is judged by the live zone; a run that finds the zone moved already calls nothing", async () => {
  const inputs = await checkedInputs(provider, { ...pg, zoneId: "cn-hangzhou-h", vpcId: "vpc-zone0000000000000001", vswitchId: "vsw-zoneh000000000000001", description: "lost answer" });
  const { id, outs } = await provider.create(inputs);
  const moved = await checkedInputs(provider, { ...inputs, zoneId: "cn-hangzhou-i", vswitchId: "vsw-zonei000000000000001" });
  emu.emulator.resetCalls();
  lines.length = 0;
  emu.emulator.setFaults("ModifyDBClusterPrimaryZone:drop=#1"); // applied, then the connection is reset
  let after: { outs?: Record<string, unknown> };
  try { after = await provider.update!(id, outs, moved); } finally { emu.emulator.setFaults(undefined); }
  // The first call moved it; a repeat met the move (busy) or its end (the zone is already the new one).
  expect(emu.emulator.calls().ModifyDBClusterPrimaryZone).toBeGreaterThanOrEqual(2);
  expect(after.outs).toMatchObject({ zoneId: "cn-hangzhou-i", vswitchId: "vsw-zonei000000000000001", status: "Running" });
  expect(lines.join("\n")).toMatch(/ModifyDBClusterPrimaryZone got no answer, and its repeat was refused \(InvalidParameter\); the cloud shows the change made/);

  // A run killed after its call, before the move was recorded: the state says h, the cloud i.
  emu.emulator.resetCalls();
  const again = await provider.update!(id, outs, moved);
  expect(emu.emulator.calls().ModifyDBClusterPrimaryZone ?? 0).toBe(0);
  expect(again.outs).toMatchObject({ zoneId: "cn-hangzhou-i", status: "Running" });
  // Without a lost answer the same refusal is the program's error, reported as it is.
  emu.emulator.resetCalls();
  const refused = await provider.update!(id, again.outs!, { ...moved, zoneId: "cn-hangzhou-z", vswitchId: "vsw-zonez000000000000001" }).catch((e) => e);
  expect(refused).toMatchObject({ action: "ModifyDBClusterPrimaryZone", afterLostAnswer: false });
  expect(emu.emulator.calls().ModifyDBClusterPrimaryZone).toBe(1);
});

test("a clone of a PolarDB cluster carries its databases and accounts; the options are not re-read (no drift)", async () => {
  const source = await provider.create(await checkedInputs(provider, { ...pg, description: "source" }));
  await emu.client.request("CreateAccount", { DBClusterId: source.id, AccountName: "owner", AccountPassword: "Owner-Passw0rd", AccountType: "Normal" });
  for (let i = 0; i < 300 && (await emu.client.request<any>("DescribeAccounts", { DBClusterId: source.id })).Accounts[0]?.AccountStatus !== "Available"; i++) await new Promise((r) => setTimeout(r, 5));
  await emu.client.request("CreateDatabase", { DBClusterId: source.id, DBName: "orders", CharacterSetName: "utf8", AccountName: "owner", DBDescription: "orders", Collate: "C", Ctype: "C" });
  for (let i = 0; i < 300 && (await emu.client.request<any>("DescribeDatabases", { DBClusterId: source.id })).Databases.Database?.[0]?.DBStatus !== "Running"; i++) await new Promise((r) => setTimeout(r, 5));

  const inputs = await checkedInputs(provider, { ...pg, description: "clone", creationOption: "CloneFromPolarDB", sourceResourceId: source.id, cloneDataPoint: "LATEST" });
  const clone = await provider.create(inputs);
  const dbs = (await emu.client.request<any>("DescribeDatabases", { DBClusterId: clone.id })).Databases.Database.map((d: any) => d.DBName);
  const accounts = (await emu.client.request<any>("DescribeAccounts", { DBClusterId: clone.id })).Accounts.map((a: any) => a.AccountName);
  expect(dbs).toContain("orders");
  expect(accounts).toContain("owner");
  const read = await provider.read!(clone.id, clone.outs);
  expect((await provider.diff(clone.id, read.props!, inputs)).changes).toBe(false);
});

test("a subscription: renewal set at creation, read back, changed in place", async () => {
  const inputs = await checkedInputs(provider, { ...pg, payType: "Prepaid", period: 1, renewalStatus: "AutoRenewal", autoRenewPeriod: 3, securityIps: ["10.1.0.0/16"] });
  const { id, outs } = await provider.create(inputs);
  expect(outs).toMatchObject({ payType: "Prepaid", renewalStatus: "AutoRenewal", autoRenewPeriod: 3 });
  const whitelist = await emu.client.request<any>("DescribeDBClusterAccessWhitelist", { DBClusterId: id });
  expect(JSON.stringify(whitelist)).toContain("10.1.0.0/16");

  emu.emulator.resetCalls();
  const changed = await checkedInputs(provider, { ...inputs, renewalStatus: "NotRenewal", autoRenewPeriod: undefined, securityIps: ["10.2.0.0/16"] });
  const diff = await provider.diff(id, outs, changed);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  const after = await provider.update!(id, outs, changed);
  expect(emu.emulator.calls().ModifyAutoRenewAttribute).toBe(1);
  expect(emu.emulator.calls().ModifyDBClusterAccessWhitelist).toBe(1);
  expect(after.outs).toMatchObject({ renewalStatus: "NotRenewal" });
  expect(JSON.stringify(await emu.client.request<any>("DescribeDBClusterAccessWhitelist", { DBClusterId: id }))).toContain("10.2.0.0/16");
});

test("TDE: on at creation; turning it off is refused in preview; turning it on later is in place (ModifyDBClusterTDE, see tde-ha.test.ts)", async () => {
  const on = await checkedInputs(provider, { ...pg, tdeStatus: true });
  expect(await failures({ ...on, tdeStatus: false }, on)).toEqual([{ property: "tdeStatus", reason: expect.stringMatching(/cannot be turned off once it is on/) }]);
  const off = await checkedInputs(provider, { ...pg });
  const { id, outs } = await provider.create(off);
  expect(await provider.diff(id, outs, on)).toMatchObject({ changes: true, replaces: [] });
});

test("MySQL's backup retention is sent when the cluster is deleted, and a change needs no replacement", async () => {
  const inputs = await checkedInputs(provider, { ...mysql, backupRetentionPolicyOnClusterDeletion: "NONE", lowerCaseTableNames: 0, defaultTimeZone: "+08:00" });
  const { id, outs } = await provider.create(inputs);
  const keep = await checkedInputs(provider, { ...inputs, backupRetentionPolicyOnClusterDeletion: "LATEST" });
  expect((await provider.diff(id, outs, keep)).replaces).toEqual([]);
  const updated = await provider.update!(id, outs, keep);
  await emu.client.request("CreateBackup", { DBClusterId: id }).catch(() => undefined);
  await provider.delete!(id, updated.outs);
  const kept = (cloud(emu).backups as Array<{ DBClusterId: string }>).filter((b) => b.DBClusterId === id);
  expect(kept.length).toBeGreaterThan(0); // LATEST: a final backup outlives the cluster
});

describe("the reference's rules, in preview, naming the field", () => {
  test.each([
    [{ ...pg, lowerCaseTableNames: 1 }, "lowerCaseTableNames", /is a MySQL option; a PostgreSQL cluster does not take it/],
    [{ ...pg, creationOption: "CloneFromRDS", sourceResourceId: "rm-abc" }, "creationOption", /CloneFromRDS needs dbType MySQL with dbVersion "5.6", "5.7" or "8.0"/],
    [{ ...mysql, dbVersion: "5.7", dbNodeClass: CLASS.MySQL, creationOption: "CloneFromRDS", sourceResourceId: "rm-abc", cloneDataPoint: "2026-01-01T00:00:00Z" }, "cloneDataPoint", /an RDS source is copied at "LATEST" only/],
    [{ ...pg, creationOption: "CloneFromPolarDB", sourceResourceId: "pc-abc", cloneDataPoint: "yesterday" }, "cloneDataPoint", /must be "LATEST", a backup set id/],
    [{ ...pg, creationOption: "CloneFromPolarDB" }, "sourceResourceId", /is required with creationOption CloneFromPolarDB/],
    [{ ...pg, creationOption: "CloneFromPolarDB", sourceResourceId: "rm-abc" }, "sourceResourceId", /takes a PolarDB cluster id/],
    [{ ...mysql, creationOption: "CreateGdnStandby" }, "gdnId", /is required with creationOption CreateGdnStandby/],
    [{ ...pg, renewalStatus: "AutoRenewal" }, "renewalStatus", /applies to payType Prepaid only/],
    [{ ...pg, payType: "Prepaid", period: 1, autoRenewPeriod: 3 }, "autoRenewPeriod", /applies with renewalStatus "AutoRenewal" only/],
    [{ ...pg, payType: "Prepaid", period: 10 }, "period", /months: one of/],
    [{ ...mysql, encryptNewTables: "ON" }, "encryptNewTables", /applies with tdeStatus: true only/],
    [{ ...pg, creationCategory: "Basic" }, "creationCategory", /Basic \(Single Node\) is a MySQL edition/],
    [{ ...mysql, dbMinorVersion: "8.0.9" }, "dbMinorVersion", /MySQL 8\.0: one of "8\.0\.1", "8\.0\.2"/],
    [{ ...mysql, defaultTimeZone: "+14:00" }, "defaultTimeZone", /whole-hour UTC offset/],
  ])("%#: %p → %s", async (raw, field, reason) => {
    expect(await failures(raw as Record<string, unknown>)).toEqual([{ property: field, reason: expect.stringMatching(reason as RegExp) }]);
  });
});

test("targetMinorVersion is sent at creation (TargetMinorVersion), kept as given, and a change replaces the cluster", async () => {
  const inputs = await checkedInputs(provider, { dbType: "PostgreSQL", dbVersion: "16", dbNodeClass: CLASS.PostgreSQL, targetMinorVersion: "v16.13.17.7#20260611" });
  const { id, outs } = await provider.create(inputs);
  const stored = emu.emulator.backend.data().clusters[id].options;
  expect(stored?.TargetMinorVersion).toBe("v16.13.17.7#20260611");
  expect((await provider.diff(id, outs, inputs)).changes).toBe(false);
  expect((await provider.diff(id, outs, { ...inputs, targetMinorVersion: "v16.13.18.0#20260901" })).replaces).toEqual(["targetMinorVersion"]);
  expect(await failures({ ...inputs, targetMinorVersion: "16 latest" })).toEqual([{ property: "targetMinorVersion", reason: expect.stringMatching(/a minor version as the cloud names it/) }]);
  await provider.delete(id, outs);
});
