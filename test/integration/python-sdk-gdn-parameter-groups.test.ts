/**
 * The emulator's parameter templates and Global Database Networks judged by the official Python
 * SDK 9.2.1: every new API through the SDK's own signed requests and response models. "The SDK's
 * body equals what the emulator sent" means every field is one the SDK names, spelled as it
 * spells it; the refusals come back with the cloud's codes and HTTP statuses.
 */
import { systemParameterGroupId } from "../../emulator/polardb/parameter-groups";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

jest.setTimeout(120_000);

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;

beforeAll(async () => {
  await sdkPython(); // the first run on a machine installs the SDK from PyPI
  emu = await startTestEmulator({ timeScale: 0.01 }); // a GDN is creating for ~1.2 s, a switch-over ~1.8 s: one SDK process sees them
  sdk = pythonSdk(emu);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

const body = okBody;
const withoutRequestId = (o: any) => ({ ...o, RequestId: undefined });
/** The SDK's body of `action` equals our client's raw answer to the same call: no field the SDK lacks. */
async function sameAsRaw(action: string, params: Record<string, unknown>): Promise<any> {
  const viaSdk = body(await sdk.call(action, params));
  const raw = await emu.client.request(action, params);
  expect(withoutRequestId(viaSdk)).toEqual(withoutRequestId(raw));
  return viaSdk;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls (bounded) with our own client — one SDK process per call would be slow — until `done` holds for the answer. */
async function until(action: string, params: Record<string, unknown>, done: (b: any) => boolean): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const b = await emu.client.request<any>(action, params);
    if (done(b)) return b;
    await sleep(25);
  }
  throw new Error(`${action} never showed what was awaited`);
}
const mysql80 = { DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };

test("parameter templates: Create, Describe, Describe…s, Delete, and CreateDBCluster with ParameterGroupId", async () => {
  const created = body(await sdk.call("CreateParameterGroup", {
    RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", ParameterGroupName: "oracle_template", ParameterGroupDesc: "SDK oracle",
    Parameters: JSON.stringify({ wait_timeout: "86400", innodb_old_blocks_time: "1000" }),
  }));
  expect(Object.keys(created).sort()).toEqual(["ParameterGroupId", "RequestId"]);
  const id = created.ParameterGroupId as string;
  const one = await sameAsRaw("DescribeParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: id });
  expect(one.ParameterGroup).toEqual([expect.objectContaining({
    ParameterGroupId: id, ParameterGroupName: "oracle_template", ParameterGroupDesc: "SDK oracle", DBType: "MySQL", DBVersion: "8.0",
    ParameterCounts: 2, ForceRestart: "0", ParameterGroupType: "1",
    ParameterDetail: [{ ParamName: "wait_timeout", ParamValue: "86400" }, { ParamName: "innodb_old_blocks_time", ParamValue: "1000" }],
  })]);
  const all = await sameAsRaw("DescribeParameterGroups", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0" });
  expect(all.ParameterGroups.map((g: any) => g.ParameterGroupId)).toEqual([systemParameterGroupId("cn-hangzhou", "8.0"), id]);

  const cluster = body(await sdk.call("CreateDBCluster", { RegionId: "cn-hangzhou", ...mysql80, ParameterGroupId: id })).DBClusterId as string;
  const params = await until("DescribeDBClusterParameters", { DBClusterId: cluster }, () => true);
  expect(params.RunningParameters.Parameter.find((p: any) => p.ParameterName === "wait_timeout").ParameterValue).toBe("86400");
  expect(params.RunningParameters.Parameter.find((p: any) => p.ParameterName === "innodb_old_blocks_time").ParameterValue).toBe("1000");
  await until("DescribeDBClusterAttribute", { DBClusterId: cluster }, (a) => a.DBClusterStatus === "Running");
  expect(body(await sdk.call("ModifyDBClusterParameters", { DBClusterId: cluster, ParameterGroupId: systemParameterGroupId("cn-hangzhou", "8.0") }))).toEqual({ RequestId: expect.any(String) });

  const [unknown, mismatch, badName, deleted, again] = await sdk.calls([
    { action: "CreateDBCluster", params: { RegionId: "cn-hangzhou", ...mysql80, ParameterGroupId: "pcpg-doesnotexist0" } },
    { action: "CreateDBCluster", params: { RegionId: "cn-hangzhou", ...mysql80, DBVersion: "5.7", ParameterGroupId: id } },
    { action: "CreateParameterGroup", params: { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", ParameterGroupName: "bad", Parameters: "{\"wait_timeout\":\"1\"}" } },
    { action: "DeleteParameterGroup", params: { RegionId: "cn-hangzhou", ParameterGroupId: id } },
    { action: "DescribeParameterGroup", params: { RegionId: "cn-hangzhou", ParameterGroupId: id } },
  ]);
  expect(unknown).toMatchObject({ ok: false, code: "ParamGroupsNotExist", statusCode: 404 });
  expect(mismatch).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("ParameterGroupId") });
  expect(badName).toMatchObject({ ok: false, code: "InvalidParameterGroupName.Malformed", statusCode: 400 });
  expect(body(deleted)).toEqual({ RequestId: expect.any(String) });
  expect(again).toMatchObject({ ok: false, code: "ParamGroupsNotExist", statusCode: 404, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
});

test("Global Database Networks: Create, Describe, Describe…s, Modify, a CreateGdnStandby cluster, SwitchOver, Delete", async () => {
  const primary = body(await sdk.call("CreateDBCluster", { RegionId: "cn-hangzhou", ...mysql80, DBClusterDescription: "gdn-primary" })).DBClusterId as string;
  await until("DescribeDBClusterAttribute", { DBClusterId: primary }, (a) => a.DBClusterStatus === "Running");
  // Creating for ~1.2 s on this clock: the describe in the same SDK process sees it.
  const [createdNow, listedNow] = await sdk.calls([
    { action: "CreateGlobalDatabaseNetwork", params: { DBClusterId: primary, GDNDescription: "GDN-fortest", EnableGlobalDomainName: false } },
    { action: "DescribeGlobalDatabaseNetworks", params: { DBClusterId: primary } },
  ]);
  const created = body(createdNow);
  expect(Object.keys(created).sort()).toEqual(["GDNId", "RequestId"]);
  const id = created.GDNId as string;
  expect(body(listedNow).Items).toEqual([expect.objectContaining({ GDNId: id, GDNStatus: "creating" })]);
  await until("DescribeGlobalDatabaseNetwork", { GDNId: id }, (g) => g.GDNStatus === "active");

  const secondary = body(await sdk.call("CreateDBCluster", { RegionId: "cn-shanghai", ...mysql80, CreationOption: "CreateGdnStandby", GDNId: id })).DBClusterId as string;
  await until("DescribeDBClusterAttribute", { DBClusterId: secondary }, (a) => a.DBClusterStatus === "Running");
  const gdn = await sameAsRaw("DescribeGlobalDatabaseNetwork", { GDNId: id });
  expect(gdn).toMatchObject({
    GDNId: id, GDNStatus: "active", GDNDescription: "GDN-fortest", DBType: "MySQL", DBVersion: "8.0", DBClusterId: primary, Labels: { GDNVersion: "2.0" },
    DBClusters: [
      expect.objectContaining({ DBClusterId: primary, RegionId: "cn-hangzhou", Role: "primary", DBClusterStatus: "Running" }),
      expect.objectContaining({ DBClusterId: secondary, RegionId: "cn-shanghai", Role: "standby", DBClusterStatus: "Running", ReplicaLag: "1" }),
    ],
  });
  expect(gdn.Connections[0]).toEqual({ ConnectionString: expect.stringMatching(/\.mysql\.polardb\.rds\.aliyuncs\.com$/), NetType: "Private", Port: "3306" });
  expect(gdn.DBClusters[0].DBNodes[0]).toEqual(expect.objectContaining({ DBNodeRole: "Writer", DBNodeStatus: "Running", MaxConnections: 8000 }));
  const list = await sameAsRaw("DescribeGlobalDatabaseNetworks", { DBClusterId: secondary, PageSize: 30, PageNumber: 1 });
  expect(list).toMatchObject({ TotalRecordCount: 1, PageNumber: 1, PageRecordCount: 1, Items: [{ GDNId: id, DBClusters: [{ DBClusterId: primary, Role: "primary" }, { DBClusterId: secondary, Role: "standby" }] }] });

  expect(body(await sdk.call("ModifyGlobalDatabaseNetwork", { GDNId: id, GDNDescription: "GDN-renamed" }))).toEqual({ RequestId: expect.any(String) });
  expect(body(await sdk.call("DescribeGlobalDatabaseNetwork", { GDNId: id })).GDNDescription).toBe("GDN-renamed");

  const [refused, sameRegion, unknownGdn, oldEngine] = await sdk.calls([
    { action: "DeleteGlobalDatabaseNetwork", params: { GDNId: id } },
    { action: "CreateDBCluster", params: { RegionId: "cn-hangzhou", ...mysql80, CreationOption: "CreateGdnStandby", GDNId: id } },
    { action: "CreateDBCluster", params: { RegionId: "cn-beijing", ...mysql80, CreationOption: "CreateGdnStandby", GDNId: "gdn-doesnotexist0" } },
    { action: "CreateGlobalDatabaseNetwork", params: { DBClusterId: primary } },
  ]);
  expect(refused).toMatchObject({ ok: false, code: "MemberNumber.NotSupport", statusCode: 400 });
  expect(sameRegion).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("RegionId") });
  expect(unknownGdn).toMatchObject({ ok: false, code: "GDN.NotFound", statusCode: 404, message: expect.stringContaining("gdn-doesnotexist0") });
  expect(oldEngine).toMatchObject({ ok: false, code: "MemberIns.Exist", statusCode: 400 });

  const [switching, locked] = await sdk.calls([
    { action: "SwitchOverGlobalDatabaseNetwork", params: { GDNId: id, DBClusterId: secondary, RegionId: "cn-shanghai", Forced: false } },
    { action: "DescribeGlobalDatabaseNetwork", params: { GDNId: id } },
  ]);
  expect(body(switching)).toEqual({ RequestId: expect.any(String) });
  expect(body(locked).GDNStatus).toBe("locked");
  const switched = await until("DescribeGlobalDatabaseNetwork", { GDNId: id }, (g) => g.GDNStatus === "active");
  expect(switched.DBClusters.map((c: any) => [c.DBClusterId, c.Role])).toEqual([[secondary, "primary"], [primary, "standby"]]);

  // The secondary (now the primary) goes first: switch back, release it, then delete the GDN.
  body(await sdk.call("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: primary }));
  await until("DescribeGlobalDatabaseNetwork", { GDNId: id }, (g) => g.GDNStatus === "active" && g.DBClusterId === primary);
  body(await sdk.call("DeleteDBCluster", { DBClusterId: secondary }));
  await until("DescribeGlobalDatabaseNetwork", { GDNId: id }, (g) => g.DBClusters.length === 1);
  const [deleted, deleting] = await sdk.calls([
    { action: "DeleteGlobalDatabaseNetwork", params: { GDNId: id } },
    { action: "DescribeGlobalDatabaseNetwork", params: { GDNId: id } },
  ]);
  expect(body(deleted)).toEqual({ RequestId: expect.any(String) });
  expect(body(deleting).GDNStatus).toBe("deleting");
  for (let i = 0; i < 400 && (await emu.client.request("DescribeGlobalDatabaseNetwork", { GDNId: id }).then(() => true, () => false)); i++) await sleep(25);
  expect(await sdk.call("DescribeGlobalDatabaseNetwork", { GDNId: id })).toMatchObject({ ok: false, code: "GDN.NotFound", statusCode: 404 });
});
