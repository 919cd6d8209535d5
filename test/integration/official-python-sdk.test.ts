/**
 * The emulator judged by today's official Python SDK (alibabacloud-polardb20170801 9.2.1): its own
 * ACS3-signed requests, its own response models. What the SDK's models do not know is dropped from
 * its bodies, so "the SDK's body equals what the emulator sent" means every field is one the SDK
 * names, spelled as it spells it.
 */
import { classesFor, ENGINE_VERSIONS, MINOR_VERSIONS, NODE_CLASSES } from "../../reference/catalogue";
import { offerIn } from "../../provider/offer";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;

beforeAll(async () => {
  await sdkPython(); // the first run on a machine installs the SDK from PyPI
  emu = await startTestEmulator();
  sdk = pythonSdk(emu);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

const body = okBody;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function running(id: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const a = body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: id }));
    if (a.DBClusterStatus === "Running") return a;
    await sleep(50);
  }
  throw new Error(`${id} did not become Running`);
}

describe("existing APIs through the SDK's client and models", () => {
  test("CreateDBCluster of today's versions, read back by DescribeDBClusterAttribute and DescribeDBClusters", async () => {
    const wanted = [["PostgreSQL", "14", "polar.pg.x4.medium"], ["PostgreSQL", "16", "polar.pg.x4.large"], ["Oracle", "14", "polar.o.x4.medium"], ["MySQL", "8.0", "polar.mysql.x4.large"]];
    const created = await sdk.calls(wanted.map(([DBType, DBVersion, DBNodeClass]) => ({
      action: "CreateDBCluster",
      params: { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType, DBVersion, DBNodeClass, PayType: "Postpaid", DBClusterDescription: `oracle ${DBType} ${DBVersion}` },
    })));
    const ids = created.map((r) => body(r).DBClusterId as string);
    for (const id of ids) expect(id).toMatch(/^pc-[a-z0-9]{17}$/);
    for (const [i, id] of ids.entries()) {
      const a = await running(id);
      expect(a).toMatchObject({ DBClusterId: id, DBType: wanted[i][0], DBVersion: wanted[i][1], PayType: "Postpaid", RegionId: "cn-hangzhou" });
      expect(a.DBNodes.map((n: any) => n.DBNodeClass)).toEqual([wanted[i][2], wanted[i][2]]);
    }
    const list = body(await sdk.call("DescribeDBClusters", { RegionId: "cn-hangzhou", DBClusterIds: ids.join(",") }));
    expect(list.Items.DBCluster.map((c: any) => [c.DBClusterId, c.DBType, c.DBVersion]).sort())
      .toEqual(ids.map((id, i) => [id, wanted[i][0], wanted[i][1]]).sort());
  });

  test("refusals carry the cloud's code, HTTP status and RequestId", async () => {
    const base = { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" };
    const [version, cls, missing] = await sdk.calls([
      { action: "CreateDBCluster", params: { ...base, DBVersion: "12" } },
      { action: "CreateDBCluster", params: { ...base, DBVersion: "16", DBNodeClass: "polar.pg.x9.enormous" } },
      { action: "DescribeDBClusterAttribute", params: { DBClusterId: "pc-doesnotexist00000" } },
    ]);
    expect(version).toMatchObject({ ok: false, code: "InvalidEngineVersionInRegion.NotAvailable", statusCode: 403, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
    expect(cls).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("DBNodeClass") });
    expect(missing).toMatchObject({ ok: false, code: "InvalidDBClusterId.NotFound", statusCode: 404 });
  });
});

describe("what is sold: the availability APIs in the SDK's shapes", () => {
  test("DescribeDBClusterAvailableResources: the SDK reads exactly what the emulator sends", async () => {
    const params = { PayType: "Postpaid", RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "PostgreSQL", DBVersion: "16" };
    const viaSdk = body(await sdk.call("DescribeDBClusterAvailableResources", params));
    const raw = await emu.client.request("DescribeDBClusterAvailableResources", params);
    expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined }); // no field the SDK's model lacks
    expect(viaSdk.AvailableZones).toEqual([{
      RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h",
      SupportedEngines: [{ Engine: "PostgreSQL16", AvailableResources: classesFor("PostgreSQL", "16", "Postpaid").map((c) => ({ DBNodeClass: c.code, Category: "Normal" })) }],
    }]);
  });

  test("every engine version of the table, per zone; pay type and class filters apply", async () => {
    const [all, prepaid, oneClass, unsold] = await sdk.calls([
      { action: "DescribeDBClusterAvailableResources", params: { PayType: "Postpaid", RegionId: "cn-shanghai" } },
      { action: "DescribeDBClusterAvailableResources", params: { PayType: "Prepaid", RegionId: "cn-shanghai", DBType: "PostgreSQL", DBVersion: "14" } },
      { action: "DescribeDBClusterAvailableResources", params: { PayType: "Postpaid", DBNodeClass: "polar.o.x4.medium" } },
      { action: "DescribeDBClusterAvailableResources", params: { PayType: "Postpaid", DBNodeClass: "polar.pg.g9.nothing" } },
    ]);
    const zones = body(all).AvailableZones;
    expect(zones.map((z: any) => z.ZoneId)).toEqual(["cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-g"]);
    const engines = Object.entries(ENGINE_VERSIONS).flatMap(([e, vs]) => vs.map((v) => `${e}${v}`));
    for (const z of zones) expect(z.SupportedEngines.map((e: any) => e.Engine)).toEqual(engines);
    // Serverless classes are pay-as-you-go only.
    const prepaidClasses = body(prepaid).AvailableZones[0].SupportedEngines[0].AvailableResources.map((r: any) => r.DBNodeClass);
    expect(prepaidClasses).toContain("polar.pg.x4.medium");
    expect(prepaidClasses).not.toContain("polar.pg.sl.small");
    expect(body(oneClass).AvailableZones[0].SupportedEngines.map((e: any) => e.Engine)).toEqual(["Oracle11", "Oracle14"]);
    expect(body(unsold).AvailableZones).toEqual([]);
  });

  test("the provider reads the answer as the SDK does (engine and version from Engine)", async () => {
    const offer = await offerIn(() => emu.client, "cn-hangzhou", "Postpaid", (line) => { throw new Error(`unexpected fallback: ${line}`); });
    const viaSdk = body(await sdk.call("DescribeDBClusterAvailableResources", { PayType: "Postpaid", RegionId: "cn-hangzhou" }));
    const sdkPairs = viaSdk.AvailableZones.flatMap((z: any) => z.SupportedEngines.flatMap((e: any) => e.AvailableResources.map((r: any) => `${z.ZoneId} ${e.Engine} ${r.DBNodeClass}`)));
    const ours = offer!.zones.flatMap((z) => z.engines.flatMap((e) => e.classes.map((c) => `${z.zoneId} ${e.engine}${e.version} ${c}`)));
    expect([...new Set(ours)].sort()).toEqual([...new Set<string>(sdkPairs)].sort());
  });

  test("DescribeClassList: the classes with CPU and memory, per commodity code", async () => {
    const [payg, sub, bad] = await sdk.calls([
      { action: "DescribeClassList", params: { CommodityCode: "polardb_payg", RegionId: "cn-hangzhou" } },
      { action: "DescribeClassList", params: { CommodityCode: "polardb_sub_intl", RegionId: "cn-hangzhou", OrderType: "BUY", MasterHa: "cluster" } },
      { action: "DescribeClassList", params: { CommodityCode: "polardb_free" } },
    ]);
    const items = body(payg).Items;
    expect(body(payg).RegionId).toBe("cn-hangzhou");
    expect(items.map((i: any) => i.ClassCode)).toEqual(NODE_CLASSES.filter((c) => !c.payTypes).map((c) => c.code));
    expect(items.find((i: any) => i.ClassCode === "polar.pg.x4.medium")).toMatchObject({ Cpu: "2", MemoryClass: "8", ClassTypeLevel: "enterprise", ClassGroup: "Exclusive package" });
    expect(items.find((i: any) => i.ClassCode === "polar.mysql.x2.large.c")).toMatchObject({ Cpu: "4", MemoryClass: "8", ClassTypeLevel: "standard" });
    // A subscription is priced per month, pay-as-you-go per hour.
    const price = (list: any[], code: string) => Number(list.find((i) => i.ClassCode === code).ReferencePrice);
    expect(price(body(sub).Items, "polar.o.x4.medium")).toBeGreaterThan(100 * price(items, "polar.o.x4.medium"));
    expect(bad).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400 });
  });

  test("DescribeDBMiniEngineVersions: MySQL minor versions per major version", async () => {
    const [v80, v57, pg] = await sdk.calls([
      { action: "DescribeDBMiniEngineVersions", params: { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0" } },
      { action: "DescribeDBMiniEngineVersions", params: { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "5.7", DBMinorVersion: "5.7.28" } },
      { action: "DescribeDBMiniEngineVersions", params: { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "14" } },
    ]);
    expect(body(v80).DBRevisionVersionList.map((r: any) => r.RevisionVersionName)).toEqual(MINOR_VERSIONS["8.0"]);
    expect(body(v57).DBRevisionVersionList).toEqual([expect.objectContaining({ RevisionVersionCode: "5.7.28", ReleaseType: "Stable" })]);
    expect(pg).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400 });
  });
});

describe("what changes in place today (issue 20): the SDK's requests and models", () => {
  let id: string;
  beforeAll(async () => {
    id = body(await sdk.call("CreateDBCluster", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.large", PayType: "Postpaid" })).DBClusterId;
    await running(id);
  });

  test("TransformDBClusterPayType both ways: the SDK's body, then the attribute shows the new PayType", async () => {
    const toPrepaid = body(await sdk.call("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Prepaid", Period: "Month", UsedTime: "1", ClientToken: "py-oracle-1" }));
    expect(toPrepaid).toEqual({ RequestId: expect.any(String), DBClusterId: id, OrderId: expect.stringMatching(/^\d+$/), ChargeType: "Prepaid", ExpiredTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    for (let i = 0; i < 100 && (await running(id)).PayType !== "Prepaid"; i++) await sleep(20);
    expect((await running(id)).PayType).toBe("Prepaid");
    const again = await sdk.call("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Prepaid", Period: "Month", UsedTime: "1" });
    expect(again).toMatchObject({ ok: false, code: "OperationDenied.DBClusterPayType" });
    const back = body(await sdk.call("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Postpaid" }));
    expect(back).toMatchObject({ DBClusterId: id, ChargeType: "Postpaid" });
    for (let i = 0; i < 100 && (await running(id)).PayType !== "Postpaid"; i++) await sleep(20);
    expect((await running(id)).PayType).toBe("Postpaid");
  });

  test("ModifyDBClusterResourceGroup, read back by DescribeDBClusterAttribute", async () => {
    expect(body(await sdk.call("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "rg-acfmpython01" }))).toEqual({ RequestId: expect.any(String) });
    expect((await running(id)).ResourceGroupId).toBe("rg-acfmpython01");
    expect(await sdk.call("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "not a group" })).toMatchObject({ ok: false, code: "InvalidParameter" });
  });

  test("ModifyDBDescription, read back by DescribeDatabases", async () => {
    body(await sdk.call("CreateDatabase", { DBClusterId: id, DBName: "pyorders", CharacterSetName: "utf8mb4" }));
    expect(body(await sdk.call("ModifyDBDescription", { DBClusterId: id, DBName: "pyorders", DBDescription: "orders, from python" }))).toEqual({ RequestId: expect.any(String) });
    const dbs = body(await sdk.call("DescribeDatabases", { DBClusterId: id, DBName: "pyorders" }));
    expect(dbs.Databases.Database[0]).toMatchObject({ DBName: "pyorders", DBDescription: "orders, from python" });
  });
});

describe("around the cluster: backup and log backup policies, account lock state (the SDK's requests and models)", () => {
  let id: string;
  beforeAll(async () => {
    id = body(await sdk.call("CreateDBCluster", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.large", PayType: "Postpaid" })).DBClusterId;
    await running(id);
  });

  test("ModifyBackupPolicy with the level-1/level-2 and cross-region fields, read back by DescribeBackupPolicy: the SDK's model holds every field sent", async () => {
    expect(body(await sdk.call("ModifyBackupPolicy", {
      DBClusterId: id, DataLevel1BackupFrequency: "3/24H", DataLevel1BackupTime: "10:00Z-11:00Z", DataLevel1BackupPeriod: "Tuesday,Wednesday",
      DataLevel2BackupPeriod: "Saturday,Sunday", DataLevel2BackupRetentionPeriod: "30", DataLevel2BackupAnotherRegionRegion: "cn-beijing",
      DataLevel2BackupAnotherRegionRetentionPeriod: "-1",
    }))).toEqual({ RequestId: expect.any(String) });
    const viaSdk = body(await sdk.call("DescribeBackupPolicy", { DBClusterId: id }));
    const raw = await emu.client.request<any>("DescribeBackupPolicy", { DBClusterId: id });
    expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined }); // no field the SDK's model lacks
    expect(viaSdk).toMatchObject({
      DataLevel1BackupFrequency: "3/24H", DataLevel1BackupTime: "10:00Z-11:00Z", DataLevel1BackupPeriod: "Tuesday,Wednesday",
      DataLevel2BackupPeriod: "Saturday,Sunday", DataLevel2BackupRetentionPeriod: "30", DataLevel2BackupAnotherRegionRegion: "cn-beijing",
      DataLevel2BackupAnotherRegionRetentionPeriod: "-1", BackupPolicyLevel: "Normal",
    });
    const [ownRegion, shortCopy] = await sdk.calls([
      { action: "ModifyBackupPolicy", params: { DBClusterId: id, DataLevel2BackupAnotherRegionRegion: "cn-hangzhou" } },
      { action: "ModifyBackupPolicy", params: { DBClusterId: id, DataLevel2BackupAnotherRegionRetentionPeriod: "10" } },
    ]);
    expect(ownRegion).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("DataLevel2BackupAnotherRegionRegion") });
    expect(shortCopy).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("DataLevel2BackupAnotherRegionRetentionPeriod") });
  });

  test("ModifyLogBackupPolicy, read back by DescribeLogBackupPolicy in the SDK's types (integers and strings as it says)", async () => {
    expect(body(await sdk.call("ModifyLogBackupPolicy", { DBClusterId: id, LogBackupRetentionPeriod: "-1", LogBackupAnotherRegionRegion: "cn-shanghai", LogBackupAnotherRegionRetentionPeriod: "30" })))
      .toEqual({ RequestId: expect.any(String) });
    const viaSdk = body(await sdk.call("DescribeLogBackupPolicy", { DBClusterId: id }));
    const raw = await emu.client.request<any>("DescribeLogBackupPolicy", { DBClusterId: id });
    expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined });
    expect(viaSdk).toEqual({ RequestId: expect.any(String), LogBackupRetentionPeriod: -1, EnableBackupLog: 1, LogBackupAnotherRegionRegion: "cn-shanghai", LogBackupAnotherRegionRetentionPeriod: "30" });
    expect(await sdk.call("ModifyLogBackupPolicy", { DBClusterId: id, LogBackupRetentionPeriod: "1" })).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("LogBackupRetentionPeriod") });
  });

  test("ModifyAccountLockState, read back by DescribeAccounts (AccountLockState, AccountPasswordValidTime)", async () => {
    body(await sdk.call("CreateAccount", { DBClusterId: id, AccountName: "pylocked", AccountPassword: "Py-Oracle#Passw0rd", AccountType: "Normal" }));
    let row: any;
    for (let i = 0; i < 100 && row?.AccountStatus !== "Available"; i++) {
      row = body(await sdk.call("DescribeAccounts", { DBClusterId: id, AccountName: "pylocked" })).Accounts[0];
      await sleep(20);
    }
    expect(row).toMatchObject({ AccountLockState: "UnLock", AccountPasswordValidTime: "" });
    expect(body(await sdk.call("ModifyAccountLockState", { DBClusterId: id, AccountName: "pylocked", AccountLockState: "Lock", AccountPasswordValidTime: "2126-09-17T10:00:00Z" })))
      .toEqual({ RequestId: expect.any(String) });
    const viaSdk = body(await sdk.call("DescribeAccounts", { DBClusterId: id, AccountName: "pylocked" }));
    const raw = await emu.client.request<any>("DescribeAccounts", { DBClusterId: id, AccountName: "pylocked" });
    expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined });
    expect(viaSdk.Accounts[0]).toMatchObject({ AccountName: "pylocked", AccountLockState: "Lock", AccountPasswordValidTime: "2126-09-17T10:00:00Z" });
    expect(await sdk.call("ModifyAccountLockState", { DBClusterId: id, AccountName: "pylocked" })).toMatchObject({ ok: false, code: "MissingParameter", message: expect.stringContaining("AccountLockState") });
  });
});
