/**
 * The Cluster's proxy, node type, security groups and global IP whitelist templates, and the
 * GlobalSecurityIpGroup resource, through the engine against the emulator: each input in place
 * (the named call, never a replacement), read back on refresh (drift), the template's create,
 * update, delete and import, a template linked to a cluster — and the cloud's refusals.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { globalSecurityIpGroupSpec } from "../../resources/global-security-ip-group";
import { checkedInputs, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let cluster: Provider;
let template: Provider;
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h" };
const calls = () => emu.emulator.calls();
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: any) => e.code as string);

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const deps = runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 });
  cluster = makeProvider(clusterSpec, deps);
  template = makeProvider(globalSecurityIpGroupSpec, deps);
});
afterAll(async () => { await emu?.stop(); });

const linksOf = async (id: string) => ((await emu.client.request<any>("DescribeGlobalSecurityIPGroupRelation", { DBClusterId: id })).GlobalSecurityIPGroupRel as any[]).map((g) => g.GlobalSecurityGroupId).sort();
const groupsOf = async (id: string) => ((await emu.client.request<any>("DescribeDBClusterAccessWhitelist", { DBClusterId: id })).DBClusterSecurityGroups.DBClusterSecurityGroup as any[]).map((g) => g.SecurityGroupId).sort();

describe("GlobalSecurityIpGroup", () => {
  test("create, ips and name in place, import, delete", async () => {
    const inputs = await checkedInputs(template, { globalIpGroupName: "test_template", globalIpList: "192.168.0.1,10.0.0.0/24" });
    emu.emulator.resetCalls();
    const made = await template.create(inputs);
    expect(made.id).toMatch(/^g-[a-z0-9]+$/);
    expect(calls().CreateGlobalSecurityIPGroup).toBe(1);
    expect(made.outs).toMatchObject({ globalSecurityGroupId: made.id, globalIpGroupName: "test_template", dbInstances: [] });
    expect((await template.diff(made.id, made.outs, inputs)).changes).toBe(false);

    // The ips: one ModifyGlobalSecurityIPGroup (it carries the name too).
    emu.emulator.resetCalls();
    const ips = { ...inputs, globalIpList: "192.168.2.3" };
    const a = await template.update!(made.id, made.outs, ips);
    expect(calls()).toMatchObject({ ModifyGlobalSecurityIPGroup: 1 });
    expect(calls().ModifyGlobalSecurityIPGroupName ?? 0).toBe(0);
    expect(a.outs).toMatchObject({ globalIpList: "192.168.2.3" });

    // The name alone: ModifyGlobalSecurityIPGroupName.
    emu.emulator.resetCalls();
    const named = { ...ips, globalIpGroupName: "test_name_new" };
    const b = await template.update!(made.id, a.outs!, named);
    expect(calls()).toMatchObject({ ModifyGlobalSecurityIPGroupName: 1 });
    expect(calls().ModifyGlobalSecurityIPGroup ?? 0).toBe(0);
    expect(b.outs).toMatchObject({ globalIpGroupName: "test_name_new" });

    // Both at once: one call.
    emu.emulator.resetCalls();
    const both = { ...named, globalIpGroupName: "both_changed", globalIpList: "10.1.1.1,10.1.1.2" };
    const c = await template.update!(made.id, b.outs!, both);
    expect(calls()).toMatchObject({ ModifyGlobalSecurityIPGroup: 1 });
    expect(calls().ModifyGlobalSecurityIPGroupName ?? 0).toBe(0);

    // Import (Pulumi's read by id) sees what the cloud holds; a change made elsewhere is drift.
    await emu.client.request("ModifyGlobalSecurityIPGroup", { GlobalSecurityGroupId: made.id, GlobalIgName: "both_changed", GIpList: "10.9.9.9" });
    const read = await template.read(made.id, {});
    expect(read.props).toMatchObject({ globalIpGroupName: "both_changed", globalIpList: "10.9.9.9" });
    expect((await template.diff(made.id, read.props!, both)).changes).toBe(true);

    emu.emulator.resetCalls();
    await template.delete(made.id, c.outs!);
    expect(calls().DeleteGlobalSecurityIPGroup).toBe(1);
    expect((await template.read(made.id, c.outs!)).props ?? {}).toEqual({});
    // Deleted elsewhere already (or a destroy repeated after a lost answer): destroy succeeds.
    await template.delete(made.id, c.outs!);
  });

  test("a create whose answer was lost makes one template, not two", async () => {
    const inputs = await checkedInputs(template, { globalIpGroupName: "lost_answer", globalIpList: "10.7.7.7" });
    emu.emulator.setFaults("CreateGlobalSecurityIPGroup:drop=#1");
    let made: { id: string };
    try { made = await template.create(inputs); } finally { emu.emulator.setFaults(undefined); }
    const all = (await emu.client.request<any>("DescribeGlobalSecurityIPGroup", {})).GlobalSecurityIPGroup as any[];
    expect(all.filter((g) => g.GlobalIgName === "lost_answer").map((g) => g.GlobalSecurityGroupId)).toEqual([made.id]);
  });
});

describe("Cluster", () => {
  let id: string;
  let outs: Record<string, unknown>;
  let inputs: Record<string, unknown>;
  let g1: string;
  let g2: string;

  beforeAll(async () => {
    g1 = (await template.create(await checkedInputs(template, { globalIpGroupName: "office", globalIpList: "10.0.0.1" }))).id;
    g2 = (await template.create(await checkedInputs(template, { globalIpGroupName: "vpn", globalIpList: "10.0.0.2" }))).id;
  });

  test("created with security groups, a linked template and its node type; no diff after", async () => {
    inputs = await checkedInputs(cluster, { ...mysql, subCategory: "Exclusive", proxyType: "EXCLUSIVE", securityGroupIds: ["sg-b2", "sg-a1"], globalSecurityGroupList: [g1] });
    emu.emulator.resetCalls();
    ({ id, outs } = await cluster.create(inputs));
    expect(calls()).toMatchObject({ CreateDBCluster: 1, ModifyDBClusterAccessWhitelist: 1, ModifyGlobalSecurityIPGroupRelation: 1 });
    // The type the class implies already: no class change.
    expect(calls().ModifyDBNodeClass ?? 0).toBe(0);
    expect(outs).toMatchObject({ subCategory: "Exclusive", proxyType: "EXCLUSIVE", securityGroupIds: ["sg-a1", "sg-b2"], globalSecurityGroupList: [g1], creationCategory: "Normal" });
    expect(await groupsOf(id)).toEqual(["sg-a1", "sg-b2"]);
    expect(await linksOf(id)).toEqual([g1]);
    expect((await cluster.diff(id, outs, inputs)).changes).toBe(false);
    // The template lists the cluster.
    expect((await template.read(g1, {})).props).toMatchObject({ dbInstances: [id] });
  });

  test("security groups and templates change in place; [] removes them", async () => {
    const next = { ...inputs, securityGroupIds: ["sg-c3"], globalSecurityGroupList: [g2, g1] };
    emu.emulator.resetCalls();
    const a = await cluster.update!(id, outs, next);
    expect(calls()).toMatchObject({ ModifyDBClusterAccessWhitelist: 1, ModifyGlobalSecurityIPGroupRelation: 1 });
    expect(calls().CreateDBCluster ?? 0).toBe(0);
    expect(a.outs).toMatchObject({ securityGroupIds: ["sg-c3"], globalSecurityGroupList: [g1, g2].sort() });
    expect(await linksOf(id)).toEqual([g1, g2].sort());

    const none = { ...next, securityGroupIds: [], globalSecurityGroupList: [] };
    const b = await cluster.update!(id, a.outs!, none);
    expect(b.outs).toMatchObject({ securityGroupIds: [], globalSecurityGroupList: [] });
    expect(await groupsOf(id)).toEqual([]);
    expect(await linksOf(id)).toEqual([]);
    const back = { ...none, securityGroupIds: ["sg-a1"], globalSecurityGroupList: [g1] };
    ({ outs } = (await cluster.update!(id, b.outs!, back)) as { outs: Record<string, unknown> });
    inputs = back;
  });

  test("refresh reads security groups, links and the node type changed elsewhere (drift)", async () => {
    await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: id, WhiteListType: "SecurityGroup", SecurityGroupIds: "sg-zz9" });
    await emu.client.request("ModifyGlobalSecurityIPGroupRelation", { DBClusterId: id, GlobalSecurityGroupId: g2 });
    const read = await cluster.read(id, outs);
    expect(read.props).toMatchObject({ securityGroupIds: ["sg-zz9"], globalSecurityGroupList: [g2] });
    const diff = await cluster.diff(id, read.props!, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    // The next up puts back what the program declares.
    const fixed = await cluster.update!(id, read.props!, inputs);
    expect(fixed.outs).toMatchObject({ securityGroupIds: ["sg-a1"], globalSecurityGroupList: [g1] });
    outs = fixed.outs!;
  });

  test("a template still linked cannot be deleted (the cloud's refusal, named); once unlinked it can", async () => {
    const linked = await template.read(g1, {});
    const err = await template.delete(g1, linked.props!).catch((e) => e);
    expect(err).toMatchObject({ action: "DeleteGlobalSecurityIPGroup", code: "OperationDenied.GlobalSecurityIPGroupInUse" });
    expect(String(err.message)).toMatch(/RequestId/);
    expect(String(err.message)).toMatch(/remove the template from every Cluster's globalSecurityGroupList/);
    ({ outs } = (await cluster.update!(id, outs, { ...inputs, globalSecurityGroupList: [] })) as { outs: Record<string, unknown> });
    inputs = { ...inputs, globalSecurityGroupList: [] };
    await template.delete(g1, linked.props!);
    expect((await template.read(g1, {})).props ?? {}).toEqual({});
  });

  test("subCategory General in place with a new class: one ModifyDBNodeClass carrying SubCategory; the proxy type follows", async () => {
    const general = { ...inputs, subCategory: "General", proxyType: "GENERAL", dbNodeClass: "polar.mysql.x4.large" };
    expect((await cluster.diff(id, outs, general)).replaces).toEqual([]);
    emu.emulator.resetCalls();
    const a = await cluster.update!(id, outs, general);
    expect(calls().ModifyDBNodeClass).toBe(1);
    expect(calls().CreateDBCluster ?? 0).toBe(0);
    expect(a.outs).toMatchObject({ subCategory: "General", proxyType: "GENERAL", dbNodeClass: "polar.mysql.x4.large", status: "Running" });
    const live = await describeCluster(emu, id);
    expect(live).toMatchObject({ SubCategory: "General", ProxyType: "GENERAL" });
    expect((await cluster.diff(id, a.outs!, general)).changes).toBe(false);

    // The type alone (same class): still one ModifyDBNodeClass.
    emu.emulator.resetCalls();
    const back = { ...general, subCategory: "Exclusive", proxyType: "EXCLUSIVE" };
    const b = await cluster.update!(id, a.outs!, back);
    expect(calls().ModifyDBNodeClass).toBe(1);
    expect(b.outs).toMatchObject({ subCategory: "Exclusive", proxyType: "EXCLUSIVE", dbNodeClass: "polar.mysql.x4.large" });
  });

  test("the Standard Edition with its proxy class: read back, no diff; a new class would replace", async () => {
    const se = await checkedInputs(cluster, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x2.large.c", creationCategory: "SENormal", proxyType: "EXCLUSIVE", proxyClass: "polar.maxscale.g2.large.c" });
    const made = await cluster.create(se);
    expect(made.outs).toMatchObject({ creationCategory: "SENormal", proxyType: "EXCLUSIVE", proxyClass: "polar.maxscale.g2.large.c" });
    expect(made.outs.subCategory).toBeUndefined();
    expect((await cluster.diff(made.id, made.outs, se)).changes).toBe(false);
    expect((await cluster.diff(made.id, made.outs, { ...se, proxyClass: "polar.maxscale.g2.xlarge.c" })).replaces).toEqual(["proxyClass"]);
    const multi = await cluster.create(await checkedInputs(cluster, { ...mysql, dbNodeClass: "polar.mysql.mmx4.medium", creationCategory: "NormalMultimaster" }));
    expect(multi.outs).toMatchObject({ creationCategory: "NormalMultimaster" });
  });
});

describe("the emulator refuses as the cloud does", () => {
  test("unknown template, too many IPs, bad name, a fourth security group, SubCategory off Cluster Edition", async () => {
    const c = await cluster.create(await checkedInputs(cluster, { ...mysql, creationCategory: "Basic" }));
    expect(await codeOf(emu.client.request("ModifyGlobalSecurityIPGroupRelation", { DBClusterId: c.id, GlobalSecurityGroupId: "g-nosuchtemplate" }))).toBe("InvalidGlobalSecurityGroupId.NotFound");
    expect(await codeOf(emu.client.request("DeleteGlobalSecurityIPGroup", { GlobalSecurityGroupId: "g-nosuchtemplate" }))).toBe("InvalidGlobalSecurityGroupId.NotFound");
    const ips = Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.1`).join(",");
    expect(await codeOf(emu.client.request("CreateGlobalSecurityIPGroup", { GlobalIgName: "many", GIpList: ips }))).toBe("InvalidSecurityIPsLength.Malformed");
    expect(await codeOf(emu.client.request("CreateGlobalSecurityIPGroup", { GlobalIgName: "Bad-Name", GIpList: "10.0.0.1" }))).toBe("InvalidParameter");
    expect(await codeOf(emu.client.request("CreateGlobalSecurityIPGroup", { GlobalIgName: "dup", GIpList: "10.0.0.1,10.0.0.1" }))).toBe("InvalidSecurityIPs.Duplicate");
    expect(await codeOf(emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: c.id, WhiteListType: "SecurityGroup", SecurityGroupIds: "sg-a,sg-b,sg-c,sg-d" }))).toBe("InvalidParameter");
    expect(await codeOf(emu.client.request("ModifyDBNodeClass", { DBClusterId: c.id, DBNodeTargetClass: "polar.mysql.x4.medium", ModifyType: "Upgrade", SubCategory: "normal_general" }))).toBe("InvalidParameter");
    expect(await codeOf(emu.client.request("CreateDBCluster", { DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ProxyClass: "polar.maxscale.g2.medium.c" }))).toBe("InvalidParameter");
    expect(await codeOf(emu.client.request("CreateDBCluster", { DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", CreationCategory: "NormalMultimaster" }))).toBe("InvalidParameter");
  });

  test("templates are per region", async () => {
    const inputs = await checkedInputs(template, { globalIpGroupName: "hz_only", globalIpList: "10.3.3.3", regionId: "cn-hangzhou" });
    const made = await template.create(inputs);
    const sh = (await emu.client.request<any>("DescribeGlobalSecurityIPGroup", { RegionId: "cn-shanghai" })).GlobalSecurityIPGroup as any[];
    expect(sh.map((g) => g.GlobalSecurityGroupId)).not.toContain(made.id);
    expect(await codeOf(emu.client.request("DeleteGlobalSecurityIPGroup", { RegionId: "cn-shanghai", GlobalSecurityGroupId: made.id }))).toBe("InvalidGlobalSecurityGroupId.NotFound");
    await template.delete(made.id, made.outs);
  });
});
