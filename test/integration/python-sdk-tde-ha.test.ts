/**
 * The emulator's TDE and high-availability APIs judged by today's official Python SDK (9.2.1): its
 * request models decide which parameters are sent, its response models keep only the fields they
 * name, so "the SDK's body equals what the emulator sent" means each field is one the SDK knows.
 * Every new action: CreateDBCluster's HotStandbyCluster / StandbyAZ / StrictConsistency,
 * DescribeDBClusterAttribute's hot standby fields and HotReplicaMode, DescribeDBClusterTDE,
 * ModifyDBClusterTDE (KMS-checked key, one way), ModifyDBClusterArch, ModifyDBClusterPrimaryZone
 * with ZoneType Standby, ModifyDBNodeHotReplicaMode.
 */
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;

beforeAll(async () => {
  await sdkPython();
  // Slower than the default: a change (minutes in the cloud) outlasts a batch of SDK calls in one Python process.
  emu = await startTestEmulator({ timeScale: 0.005 });
  sdk = pythonSdk(emu);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

const body = okBody;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function running(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const a = body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: id }));
    if (a.DBClusterStatus === "Running") return a;
    await sleep(25);
  }
  throw new Error(`${id} did not become Running`);
}
/** The cluster's status changes so far, as "from>to". */
const statuses = (id: string) => emu.emulator.history({ clusterId: id, object: "cluster" }).map((e) => `${e.from}>${e.to}`);
/** What the emulator itself answers (our client), without the RequestId the SDK also keeps. */
const raw = async (action: string, params: Record<string, unknown>) => emu.client.request<any>(action, params);
const base = { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-i", PayType: "Postpaid" };
const mysql = { ...base, DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium" };

test("the hot standby at creation and in DescribeDBClusterAttribute, through the SDK's models", async () => {
  const [made, equalPg] = await sdk.calls([
    { action: "CreateDBCluster", params: { ...mysql, HotStandbyCluster: "ON", StandbyAZ: "cn-hangzhou-k", StrictConsistency: "ON" } },
    { action: "CreateDBCluster", params: { ...base, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium", HotStandbyCluster: "EQUAL", StandbyAZ: "cn-hangzhou-k" } },
  ]);
  expect(equalPg).toMatchObject({ ok: false, code: "InvalidHotStandbyCluster.ValueNotSupported", statusCode: 400 });
  const id = body(made).DBClusterId;
  const a = await running(id);
  expect(a).toMatchObject({ HotStandbyCluster: "StandbyClusterON", StrictConsistency: "ON", StandbyHAMode: "ON", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k" });
  expect(a.DBNodes.map((n: any) => n.HotReplicaMode)).toEqual(["OFF", "OFF"]);
  const mine = await raw("DescribeDBClusterAttribute", { DBClusterId: id });
  for (const f of ["HotStandbyCluster", "StrictConsistency", "StandbyHAMode", "ZoneIds"]) expect(a[f]).toEqual(mine[f]);
});

test("DescribeDBClusterTDE and ModifyDBClusterTDE: a KMS key checked, TDEModifying, one way", async () => {
  const id = body(await sdk.call("CreateDBCluster", mysql)).DBClusterId;
  await running(id);
  const off = body(await sdk.call("DescribeDBClusterTDE", { DBClusterId: id }));
  const { RequestId: _r, ...mine } = await raw("DescribeDBClusterTDE", { DBClusterId: id });
  expect(off).toEqual({ ...mine, RequestId: expect.any(String) }); // every field is one the SDK's model names
  expect(off).toMatchObject({ TDEStatus: "Disabled", EncryptNewTables: "OFF" });

  const key = (await emu.kms.request<any>("CreateKey", {})).KeyMetadata.KeyId;
  const role = "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole";
  const [unknown, badRole, ok, busy] = await sdk.calls([
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable", EncryptionKey: "0275bd3f-0000-0000-0000-000000000000" } },
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable", EncryptionKey: key, RoleArn: "role/x" } },
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable", EncryptionKey: key, RoleArn: role, EncryptNewTables: "ON" } },
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable" } },
  ]);
  expect(unknown).toMatchObject({ ok: false, code: "Forbidden.KeyNotFound", statusCode: 404 });
  expect(badRole).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400 });
  expect(body(ok)).toEqual({ RequestId: expect.any(String) });
  expect(busy).toMatchObject({ ok: false, code: "OperationDenied.DBClusterStatus" }); // TDEModifying
  await running(id);
  expect(statuses(id)).toContain("TDEModifying>Running");
  expect(body(await sdk.call("DescribeDBClusterTDE", { DBClusterId: id }))).toMatchObject({
    TDEStatus: "Enabled", EncryptionKey: key, EncryptionKeyStatus: "Enabled", EncryptNewTables: "ON", TDERegion: "cn-hangzhou",
  });
  const [again, setting, otherKey] = await sdk.calls([
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable" } },
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable", EncryptNewTables: "OFF" } },
    { action: "ModifyDBClusterTDE", params: { DBClusterId: id, TDEStatus: "Enable", EncryptionKey: "key-other0000" } },
  ]);
  expect(again).toMatchObject({ ok: false, code: "InvalidTDEStatus.AlreadyEnabled", statusCode: 400 });
  expect(setting.ok).toBe(true);
  expect(otherKey).toMatchObject({ ok: false, code: "InvalidTDEStatus.AlreadyEnabled" });
  // A key disabled later shows in EncryptionKeyStatus.
  await emu.kms.request("DisableKey", { KeyId: key });
  expect(body(await sdk.call("DescribeDBClusterTDE", { DBClusterId: id }))).toMatchObject({ EncryptNewTables: "OFF", EncryptionKeyStatus: "Disabled" });

  const pg = body(await sdk.call("CreateDBCluster", { ...base, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium", TDEStatus: true })).DBClusterId;
  await running(pg);
  expect(body(await sdk.call("DescribeDBClusterTDE", { DBClusterId: pg }))).toMatchObject({ TDEStatus: "Enabled", AutomaticRotation: "Disabled", EncryptionKey: "" });
});

test("ModifyDBClusterArch up only, ModifyDBClusterPrimaryZone ZoneType Standby, ModifyDBNodeHotReplicaMode", async () => {
  const id = body(await sdk.call("CreateDBCluster", { ...mysql, HotStandbyCluster: "OFF" })).DBClusterId;
  const before = await running(id);
  expect(before).toMatchObject({ HotStandbyCluster: "StandbyClusterOFF", StandbyHAMode: "OFF", ZoneIds: "cn-hangzhou-i" });

  const [noZoneStandby, on] = await sdk.calls([
    { action: "ModifyDBClusterPrimaryZone", params: { DBClusterId: id, ZoneId: "cn-hangzhou-k", ZoneType: "Standby" } },
    { action: "ModifyDBClusterArch", params: { DBClusterId: id, RegionId: "cn-hangzhou", HotStandbyCluster: "on" } },
  ]);
  expect(noZoneStandby).toMatchObject({ ok: false, code: "InvalidParameter" }); // no standby to move
  expect(body(on)).toEqual({ DBClusterId: id, OrderId: expect.stringMatching(/^\d+$/), RequestId: expect.any(String) });
  expect((await running(id)).HotStandbyCluster).toBe("StandbyClusterON");

  const [down, equalNoZone, equal] = await sdk.calls([
    { action: "ModifyDBClusterArch", params: { DBClusterId: id, HotStandbyCluster: "on" } },
    { action: "ModifyDBClusterArch", params: { DBClusterId: id, HotStandbyCluster: "equal" } },
    { action: "ModifyDBClusterArch", params: { DBClusterId: id, HotStandbyCluster: "equal", StandbyAZ: "cn-hangzhou-k" } },
  ]);
  expect(down).toMatchObject({ ok: false, code: "InvalidParameter" });
  expect(equalNoZone).toMatchObject({ ok: false, code: "MissingParameter" });
  expect(equal.ok).toBe(true);
  expect(await running(id)).toMatchObject({ HotStandbyCluster: "equal", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k" });

  const [primaryAsStandby, moved] = await sdk.calls([
    { action: "ModifyDBClusterPrimaryZone", params: { DBClusterId: id, ZoneId: "cn-hangzhou-i", ZoneType: "Standby" } },
    { action: "ModifyDBClusterPrimaryZone", params: { DBClusterId: id, ZoneId: "cn-hangzhou-j", ZoneType: "Standby", FromTimeService: true } },
  ]);
  expect(primaryAsStandby).toMatchObject({ ok: false, code: "InvalidParameter" });
  expect(body(moved)).toEqual({ RequestId: expect.any(String) });
  expect((await running(id)).ZoneIds).toBe("cn-hangzhou-i,cn-hangzhou-j");
  expect(statuses(id)).toEqual(expect.arrayContaining(["Running>ClassChanging", "ClassChanging>Running", "Running>StandbyTransing", "StandbyTransing>Running"]));

  const node = before.DBNodes[1].DBNodeId;
  const [missing, wrongNode, replica] = await sdk.calls([
    { action: "ModifyDBNodeHotReplicaMode", params: { DBClusterId: id, DBNodeId: node } },
    { action: "ModifyDBNodeHotReplicaMode", params: { DBClusterId: id, DBNodeId: "pi-nosuchnode000000", HotReplicaMode: "ON" } },
    { action: "ModifyDBNodeHotReplicaMode", params: { DBClusterId: id, DBNodeId: node, HotReplicaMode: "ON" } },
  ]);
  expect(missing).toMatchObject({ ok: false, code: "MissingParameter" });
  expect(wrongNode).toMatchObject({ ok: false, code: "InvalidDBNodeId.NotFound", statusCode: 404 });
  expect(body(replica)).toEqual({ DBClusterId: id, OrderId: expect.stringMatching(/^\d+$/), RequestId: expect.any(String) });
  const after = await running(id);
  expect(statuses(id)).toContain("RoleSwitching>Running");
  expect(after.DBNodes.find((n: any) => n.DBNodeId === node).HotReplicaMode).toBe("ON");

  const pg = body(await sdk.call("CreateDBCluster", { ...base, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium" })).DBClusterId;
  const pgNode = (await running(pg)).DBNodes[0].DBNodeId;
  expect(await sdk.call("ModifyDBNodeHotReplicaMode", { DBClusterId: pg, DBNodeId: pgNode, HotReplicaMode: "ON" })).toMatchObject({ ok: false, code: "EngineNotSupported" });
});
