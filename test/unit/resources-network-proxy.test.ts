/**
 * Preview's rules for the Cluster's proxy, node type, edition, security groups and global templates
 * (resources/cluster-network.ts, reference/editions.ts) and for the GlobalSecurityIpGroup resource:
 * each failure names its field, and none of it calls the cloud; the reads map the describes' fields.
 */
import { clusterSpec } from "../../resources/cluster";
import { networkOutputs } from "../../resources/cluster-network";
import { globalSecurityIpGroupSpec, ipListProblem } from "../../resources/global-security-ip-group";
import { editionOf, editionProblem, editionSold } from "../../reference/editions";
import { answeringProvider, offlineProvider } from "../helpers/offline-provider";

const cluster = offlineProvider(clusterSpec);
const template = offlineProvider(globalSecurityIpGroupSpec);
afterEach(() => { expect(cluster.calls).toEqual([]); expect(template.calls).toEqual([]); });

const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
const senormal = { ...mysql, dbNodeClass: "polar.mysql.x2.large.c", creationCategory: "SENormal" };

describe("Cluster: proxy, node type, security groups, global templates", () => {
  test("the peer's forms pass", async () => {
    expect(await cluster.valid({ ...senormal, proxyType: "EXCLUSIVE", proxyClass: "polar.maxscale.g2.medium.c" })).toMatchObject({ proxyType: "EXCLUSIVE", proxyClass: "polar.maxscale.g2.medium.c" });
    expect(await cluster.valid({ ...mysql, subCategory: "General", proxyType: "GENERAL", securityGroupIds: ["sg-a1", "sg-b2", "sg-c3"], globalSecurityGroupList: ["g-abc", "g-def"] }))
      .toMatchObject({ subCategory: "General", securityGroupIds: ["sg-a1", "sg-b2", "sg-c3"], globalSecurityGroupList: ["g-abc", "g-def"] });
    // [] means none: it removes the groups / unlinks every template.
    expect(await cluster.valid({ ...mysql, securityGroupIds: [], globalSecurityGroupList: [] })).toMatchObject({ securityGroupIds: [], globalSecurityGroupList: [] });
  });

  test.each([
    [{ proxyType: "exclusive" }, "proxyType", /"EXCLUSIVE" \(Dedicated Enterprise\) or "GENERAL"/],
    [{ ...senormal, proxyClass: "polar.maxscale.g2.large" }, "proxyClass", /one of "polar\.maxscale\.g2\.medium\.c"/],
    [{ proxyClass: "polar.maxscale.g2.large.c" }, "proxyClass", /needs creationCategory "SENormal"/],
    [{ subCategory: "Dedicated" }, "subCategory", /"Exclusive" \(Dedicated\) or "General"/],
    [{ dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium", subCategory: "General" }, "subCategory", /MySQL Cluster Edition .* not PostgreSQL Normal/],
    [{ ...senormal, subCategory: "General" }, "subCategory", /not MySQL SENormal/],
    [{ subCategory: "General", proxyType: "EXCLUSIVE" }, "proxyType", /must match subCategory: General nodes take proxyType "GENERAL"/],
    [{ securityGroupIds: ["sg-a", "sg-b", "sg-c", "sg-d"] }, "securityGroupIds", /at most 3 security groups/],
    [{ securityGroupIds: ["sg-a", "sg-a"] }, "securityGroupIds", /twice/],
    [{ securityGroupIds: ["vpc-a"] }, "securityGroupIds.0", /security group id such as "sg-bp1…"/],
    [{ globalSecurityGroupList: ["gsg-1"] }, "globalSecurityGroupList.0", /template id such as "g-zsl…"/],
    [{ globalSecurityGroupList: ["g-a", "g-a"] }, "globalSecurityGroupList", /twice/],
    [{ creationCategory: "Standard" }, "creationCategory", /one of "Normal", "Basic", "ArchiveNormal", "NormalMultimaster", "SENormal"/],
    [{ dbVersion: "5.7", creationCategory: "NormalMultimaster" }, "creationCategory", /NormalMultimaster \(Multi-master Cluster\) is a MySQL edition: sold for MySQL 8\.0, not MySQL 5\.7/],
    [{ dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", creationCategory: "SENormal" }, "creationCategory", /SENormal \(Standard Edition\) is a MySQL edition \(also PostgreSQL\): sold for MySQL 5\.6\/5\.7\/8\.0, PostgreSQL 14, not PostgreSQL 11/],
    [{ dbType: "Oracle", dbVersion: "11", dbNodeClass: "polar.o.x4.medium", creationCategory: "Basic" }, "creationCategory", /Basic \(Single Node\) is a MySQL edition \(also PostgreSQL, Oracle\).*not Oracle 11/],
  ])("%j fails on %s", async (change, property, reason) => {
    expect(await cluster.failures({ ...mysql, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("editions: where each is sold; the describe's Archive is ArchiveNormal", () => {
    expect(editionSold("Basic", "PostgreSQL", "14")).toBe(true);
    expect(editionSold("Basic", "Oracle", "14")).toBe(true);
    expect(editionSold("SENormal", "PostgreSQL", "14")).toBe(true);
    expect(editionSold("ArchiveNormal", "MySQL", "5.7")).toBe(false);
    expect(editionSold("Normal", "Oracle", "11")).toBe(true);
    expect(editionProblem("ArchiveNormal", "MySQL", "8.0")).toBeUndefined();
    expect(editionOf("Archive")).toBe("ArchiveNormal");
    expect(editionOf("")).toBeUndefined();
  });

  test("a change of proxyClass or creationCategory replaces; subCategory, proxyType, groups and templates change in place", async () => {
    const olds = { ...(await cluster.valid({ ...senormal, proxyClass: "polar.maxscale.g2.medium.c" })), creationCategory: "SENormal" };
    expect((await cluster.provider.diff("pc-x", olds, { ...olds, proxyClass: "polar.maxscale.g2.large.c" })).replaces).toEqual(["proxyClass"]);
    expect((await cluster.provider.diff("pc-x", olds, { ...olds, creationCategory: "Normal" })).replaces).toEqual(["creationCategory"]);
    const m = await cluster.valid({ ...mysql, subCategory: "Exclusive", securityGroupIds: ["sg-a"], globalSecurityGroupList: ["g-a"] });
    const d = await cluster.provider.diff("pc-x", m, { ...m, subCategory: "General", proxyType: "GENERAL", securityGroupIds: ["sg-b"], globalSecurityGroupList: [] });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    // Sets: another order is no change.
    expect((await cluster.provider.diff("pc-x", { ...m, securityGroupIds: ["sg-b", "sg-a"] }, { ...m, securityGroupIds: ["sg-a", "sg-b"] })).changes).toBe(false);
    // The describe's "Archive" is the declared ArchiveNormal.
    expect((await cluster.provider.diff("pc-x", { ...m, creationCategory: "Archive" }, { ...m, creationCategory: "ArchiveNormal" })).changes).toBe(false);
  });

  test("reads: ProxyType upper-cased, SubCategory, the Standard Edition's class from its cores, the edition", () => {
    expect(networkOutputs({ Category: "SENormal", ProxyType: "Exclusive", ProxyStandardCpuCores: "4" }))
      .toEqual({ creationCategory: "SENormal", proxyType: "EXCLUSIVE", subCategory: undefined, proxyClass: "polar.maxscale.g2.large.c" });
    expect(networkOutputs({ Category: "Normal", ProxyType: "GENERAL", SubCategory: "General", ProxyStandardCpuCores: 2 }))
      .toEqual({ creationCategory: "Normal", proxyType: "GENERAL", subCategory: "General", proxyClass: undefined });
    expect(networkOutputs({ Category: "Archive" })).toMatchObject({ creationCategory: "ArchiveNormal" });
  });
});

describe("GlobalSecurityIpGroup", () => {
  const valid = { globalIpGroupName: "test_template", globalIpList: "192.168.0.1,10.0.0.0/24" };

  test("the peer's forms pass", async () => {
    expect(await template.valid(valid)).toEqual(valid);
    expect(await template.valid({ globalIpGroupName: "ab", globalIpList: "192.168.2.3" })).toMatchObject({ globalIpGroupName: "ab" });
  });

  test.each([
    [{ globalIpGroupName: "Test" }, "globalIpGroupName", /lower-case letters, digits and "_"/],
    [{ globalIpGroupName: "a" }, "globalIpGroupName", /2–120/],
    [{ globalIpGroupName: "test_" }, "globalIpGroupName", /ending with a letter or digit/],
    [{ globalIpGroupName: "1test" }, "globalIpGroupName", /starting with a letter/],
    [{ globalIpGroupName: `a${"b".repeat(120)}` }, "globalIpGroupName", /2–120/],
    [{ globalIpList: "" }, "globalIpList", /at least one address/],
    [{ globalIpList: "10.0.0.1,10.0.0.300" }, "globalIpList", /"10\.0\.0\.300" is not an IPv4 address/],
    [{ globalIpList: "10.0.0.1,10.0.0.1" }, "globalIpList", /"10\.0\.0\.1" twice/],
  ])("%j fails on %s", async (change, property, reason) => {
    expect(await template.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("at most 1000 addresses", async () => {
    const ips = Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    expect(await template.failures({ ...valid, globalIpList: ips.join(",") })).toEqual([{ property: "globalIpList", reason: expect.stringMatching(/1001 addresses: at most 1000/) }]);
    expect(await template.valid({ ...valid, globalIpList: ips.slice(1).join(",") })).toMatchObject({ globalIpGroupName: valid.globalIpGroupName });
  });

  test("ipListProblem takes blanks around commas", () => {
    expect(ipListProblem(" 10.0.0.1 , 10.0.0.2")).toBeUndefined();
  });

  test("ips compare as a set; name and ips change in place", async () => {
    const d = await template.provider.diff("g-a", { ...valid, globalIpList: "10.0.0.0/24,192.168.0.1" }, valid);
    expect(d.changes).toBe(false);
    expect(await template.provider.diff("g-a", valid, { globalIpGroupName: "other", globalIpList: "10.0.0.9" })).toMatchObject({ changes: true, replaces: [] });
  });

  test("read picks the template by id from the region's list, with its linked clusters", async () => {
    const p = answeringProvider(globalSecurityIpGroupSpec, { GlobalSecurityIPGroup: [
      { GlobalSecurityGroupId: "g-other", GlobalIgName: "x_1", GIpList: "1.1.1.1", RegionId: "cn-hangzhou", DBInstances: [] },
      { GlobalSecurityGroupId: "g-mine", GlobalIgName: "mine", GIpList: "10.0.0.1", RegionId: "cn-hangzhou", DBInstances: ["pc-b", "pc-a"] },
    ] });
    const r = await p.read("g-mine", {});
    expect(r.props).toMatchObject({ globalIpGroupName: "mine", globalIpList: "10.0.0.1", dbInstances: ["pc-a", "pc-b"], globalSecurityGroupId: "g-mine" });
    expect((await p.read("g-gone", {})).props ?? {}).toEqual({});
  });
});

test("preview refuses a proxy type change where no API makes it (outside MySQL Cluster Edition)", async () => {
  const pg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium", proxyType: "EXCLUSIVE" };
  const r = await cluster.provider.check(pg, { ...pg, proxyType: "GENERAL" });
  expect(r.failures).toEqual([{ property: "proxyType", reason: expect.stringMatching(/PostgreSQL Normal cluster is fixed at creation .* keep proxyType "EXCLUSIVE"/) }]);
  const se = { ...senormal, proxyType: "EXCLUSIVE" };
  expect((await cluster.provider.check(se, { ...se, proxyType: "GENERAL" })).failures).toEqual([{ property: "proxyType", reason: expect.stringMatching(/MySQL SENormal/) }]);
  // MySQL Cluster Edition: in place, with the node type.
  const m = { ...mysql, proxyType: "EXCLUSIVE" };
  expect((await cluster.provider.check(m, { ...m, proxyType: "GENERAL" })).failures ?? []).toEqual([]);
});
