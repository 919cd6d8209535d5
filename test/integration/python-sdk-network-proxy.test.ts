/**
 * The emulator's proxy, node type, security group and global IP whitelist template APIs judged by
 * the official Python SDK 9.2.1: its own signed requests and response models. A field the SDK's
 * models do not name vanishes from its bodies, so "the SDK's body equals the emulator's answer"
 * says every field is one the SDK knows, spelled as it spells it.
 */
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { pythonSdk, sdkPython, SdkOutcome, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;

beforeAll(async () => {
  await sdkPython();
  emu = await startTestEmulator();
  sdk = pythonSdk(emu);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

function body(r: SdkOutcome): any {
  if (!r.ok) throw new Error(`the SDK call failed: ${r.code}: ${r.message}`);
  const { RequestId: _, ...rest } = r.body;
  return rest;
}
/** What the emulator answers our own client, without the RequestId. */
async function raw(action: string, params: Record<string, unknown>): Promise<any> {
  const { RequestId: _, ...rest } = await emu.client.request<any>(action, params);
  return rest;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROXY_FIELDS = ["ProxyType", "ProxyCpuCores", "ProxyStandardCpuCores", "ProxyStatus", "ProxyServerlessType", "SubCategory", "Category"];
const pick = (o: any, keys: string[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));

/** Waits, asking with our own client (each SDK call is a Python process: slow), until the cluster is Running. */
async function waitRunning(id: string): Promise<void> {
  for (let i = 0; i < 200 && (await raw("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus !== "Running"; i++) await sleep(50);
}
const R = { RegionId: "cn-hangzhou" };

test("CreateDBCluster's ProxyType / ProxyClass / CreationCategory; DescribeDBClusterAttribute's proxy fields; ModifyDBNodeClass's SubCategory", async () => {
  const [se, normal] = (await sdk.calls([
    { action: "CreateDBCluster", params: { ...R, DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x2.large.c", PayType: "Postpaid", CreationCategory: "SENormal", ProxyType: "EXCLUSIVE", ProxyClass: "polar.maxscale.g2.xlarge.c" } },
    { action: "CreateDBCluster", params: { ...R, DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", CreationCategory: "Normal" } },
  ])).map((r) => body(r).DBClusterId as string);
  await waitRunning(se);
  await waitRunning(normal);
  const [a, b, change, refused] = await sdk.calls([
    { action: "DescribeDBClusterAttribute", params: { DBClusterId: se } },
    { action: "DescribeDBClusterAttribute", params: { DBClusterId: normal } },
    { action: "ModifyDBNodeClass", params: { DBClusterId: normal, DBNodeTargetClass: "polar.mysql.x4.large", ModifyType: "Upgrade", SubCategory: "normal_general" } },
    { action: "ModifyDBNodeClass", params: { DBClusterId: se, DBNodeTargetClass: "polar.mysql.x2.large.c", ModifyType: "Upgrade", SubCategory: "normal_general" } },
  ]);
  expect(pick(body(a), PROXY_FIELDS)).toEqual({ Category: "SENormal", ProxyType: "EXCLUSIVE", ProxyCpuCores: "8", ProxyStandardCpuCores: "8", ProxyStatus: "Running", ProxyServerlessType: "SteadyServerless" });
  expect(pick(body(a), PROXY_FIELDS)).toEqual(pick(await raw("DescribeDBClusterAttribute", { DBClusterId: se }), PROXY_FIELDS));
  expect(pick(body(b), PROXY_FIELDS)).toMatchObject({ Category: "Normal", ProxyType: "EXCLUSIVE", SubCategory: "Exclusive" });
  expect(body(change)).toEqual({ DBClusterId: normal, OrderId: expect.any(String) });
  // The Standard Edition has no node type to change.
  expect(refused).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400 });
  await sleep(50);
  await waitRunning(normal);
  expect(pick(body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: normal })), PROXY_FIELDS)).toMatchObject({ SubCategory: "General", ProxyType: "GENERAL" });
});

test("ModifyDBClusterAccessWhitelist with WhiteListType SecurityGroup; DescribeDBClusterAccessWhitelist's DBClusterSecurityGroups", async () => {
  const id = (await raw("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" })).DBClusterId;
  await waitRunning(id);
  const [set, described, four] = await sdk.calls([
    { action: "ModifyDBClusterAccessWhitelist", params: { DBClusterId: id, WhiteListType: "SecurityGroup", SecurityGroupIds: "sg-a1,sg-b2" } },
    { action: "DescribeDBClusterAccessWhitelist", params: { DBClusterId: id } },
    { action: "ModifyDBClusterAccessWhitelist", params: { DBClusterId: id, WhiteListType: "SecurityGroup", SecurityGroupIds: "sg-a,sg-b,sg-c,sg-d" } },
  ]);
  expect(set.ok).toBe(true);
  const w = body(described);
  expect(w.DBClusterSecurityGroups.DBClusterSecurityGroup.map((g: any) => g.SecurityGroupId)).toEqual(["sg-a1", "sg-b2"]);
  expect(w).toEqual(await raw("DescribeDBClusterAccessWhitelist", { DBClusterId: id }));
  expect(four).toMatchObject({ ok: false, code: "InvalidParameter" });
});

test("global IP whitelist templates: create, describe, modify, rename, link, describe links, delete (refused while linked)", async () => {
  const cluster = (await raw("CreateDBCluster", { DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" })).DBClusterId;
  const created = body(await sdk.call("CreateGlobalSecurityIPGroup", { ...R, GlobalIgName: "test_template", GIpList: "192.168.0.1,10.0.0.0/24" }));
  const row = created.GlobalSecurityIPGroup[0];
  expect(row).toEqual({ GlobalSecurityGroupId: expect.stringMatching(/^g-[a-z0-9]+$/), GlobalIgName: "test_template", GIpList: "192.168.0.1,10.0.0.0/24", RegionId: "cn-hangzhou" });
  const gid = row.GlobalSecurityGroupId as string;
  await waitRunning(cluster);
  const many = Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.1`).join(",");
  const g = { ...R, GlobalSecurityGroupId: gid };
  const [listed, modified, renamed, linked, rel, withCluster, inUse, unknown, unlinked, deleted, after, tooMany] = await sdk.calls([
    { action: "DescribeGlobalSecurityIPGroup", params: g },
    { action: "ModifyGlobalSecurityIPGroup", params: { ...g, GlobalIgName: "test_template", GIpList: "192.168.2.3" } },
    { action: "ModifyGlobalSecurityIPGroupName", params: { ...g, GlobalIgName: "test_name_new" } },
    { action: "ModifyGlobalSecurityIPGroupRelation", params: { ...g, DBClusterId: cluster } },
    { action: "DescribeGlobalSecurityIPGroupRelation", params: { ...R, DBClusterId: cluster } },
    { action: "DescribeGlobalSecurityIPGroup", params: g },
    { action: "DeleteGlobalSecurityIPGroup", params: { ...g, GlobalIgName: "test_name_new" } },
    { action: "ModifyGlobalSecurityIPGroupRelation", params: { ...R, DBClusterId: cluster, GlobalSecurityGroupId: "g-nosuchtemplate00" } },
    // An empty set unlinks (the Terraform provider sends it so when the list is emptied).
    { action: "ModifyGlobalSecurityIPGroupRelation", params: { ...R, DBClusterId: cluster, GlobalSecurityGroupId: "" } },
    { action: "DeleteGlobalSecurityIPGroup", params: { ...g, GlobalIgName: "test_name_new" } },
    { action: "DescribeGlobalSecurityIPGroup", params: R },
    { action: "CreateGlobalSecurityIPGroup", params: { ...R, GlobalIgName: "many", GIpList: many } },
  ]);
  expect(body(listed).GlobalSecurityIPGroup).toEqual([{ ...row, DBInstances: [] }]);
  expect(body(modified).GlobalSecurityIPGroup[0]).toMatchObject({ GIpList: "192.168.2.3", DBInstances: [] });
  expect(body(renamed).GlobalSecurityIPGroup[0]).toEqual({ GlobalSecurityGroupId: gid, GlobalIgName: "test_name_new", GIpList: "192.168.2.3", RegionId: "cn-hangzhou" });
  const link = { GlobalSecurityGroupId: gid, GlobalIgName: "test_name_new", GIpList: "192.168.2.3", RegionId: "cn-hangzhou" };
  expect(body(linked)).toEqual({ DBClusterId: cluster, GlobalSecurityIPGroupRel: [link] });
  expect(body(rel)).toEqual({ DBClusterId: cluster, GlobalSecurityIPGroupRel: [link] });
  expect(body(withCluster).GlobalSecurityIPGroup[0].DBInstances).toEqual([cluster]);
  expect(inUse).toMatchObject({ ok: false, code: "OperationDenied.GlobalSecurityIPGroupInUse", statusCode: 403, requestId: expect.any(String) });
  expect(unknown).toMatchObject({ ok: false, code: "InvalidGlobalSecurityGroupId.NotFound", statusCode: 404 });
  expect(body(unlinked).GlobalSecurityIPGroupRel).toEqual([]);
  expect(body(deleted).GlobalSecurityIPGroup[0]).toMatchObject({ GlobalSecurityGroupId: gid, DBInstances: [] });
  expect(body(after).GlobalSecurityIPGroup.map((x: any) => x.GlobalSecurityGroupId)).not.toContain(gid);
  expect(tooMany).toMatchObject({ ok: false, code: "InvalidSecurityIPsLength.Malformed" });
  // The SDK's bodies hold every field the emulator sent: each is a name the SDK knows.
  expect(body(after)).toEqual(await raw("DescribeGlobalSecurityIPGroup", {}));
});
