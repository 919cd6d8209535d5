/**
 * A parameter template and a Global Database Network with the real CLI and the packed package, in
 * one stack: a MySQL 8.0 primary that starts with a ParameterGroup, a GDN made from it, and a
 * secondary cluster in another region joining it (CreateGdnStandby). Then: a second preview is
 * empty; the GDN's description changes in place (ModifyGlobalDatabaseNetwork and nothing else);
 * destroy removes the secondary before the GDN (which the cloud requires), then the rest.
 */
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(10 * 60_000);

const key = { id: "e2e-gdn-key", secret: "e2e-gdn-SECRET-5c11" };

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const template = new polardb.ParameterGroup("template", {
  parameterGroupName: "app_template", dbType: "MySQL", dbVersion: "8.0", description: "e2e", parameters: { wait_timeout: "1800", innodb_old_blocks_time: 500 },
});
const primary = new polardb.Cluster("primary", {
  dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h", parameterGroupId: template.id,
});
const gdn = new polardb.GlobalDatabaseNetwork("gdn", { dbClusterId: primary.id, description: cfg.get("gdnDescription") || "GDN-e2e" });
const secondary = new polardb.Cluster("secondary", {
  regionId: "cn-shanghai", dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", creationOption: "CreateGdnStandby", gdnId: gdn.id,
});
exports.templateId = template.id;
exports.primaryId = primary.id;
exports.gdnId = gdn.id;
exports.secondaryId = secondary.id;
exports.members = gdn.memberClusterIds;
`;

let stack: E2eStack;
let project: Project;
let outputs: Record<string, any>;

beforeAll(async () => {
  stack = await startE2eStack("gdn-parameter-groups", program, { key, timeScale: 0.001 });
  project = stack.project;
});
afterAll(async () => { await stack?.close(); });

const nonDescribe = () => Object.keys(stack.emulator.calls()).filter((a) => !/^Describe/.test(a)).sort();

test("up: the template, a primary starting with it, the GDN, and a secondary in cn-shanghai joining it", async () => {
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
  expect(outputs.templateId).toMatch(/^pcpg-/);
  const parameters = (await stack.client.request<any>("DescribeDBClusterParameters", { DBClusterId: outputs.primaryId })).RunningParameters.Parameter;
  expect(Object.fromEntries(parameters.filter((p: any) => ["wait_timeout", "innodb_old_blocks_time"].includes(p.ParameterName)).map((p: any) => [p.ParameterName, p.ParameterValue])))
    .toEqual({ wait_timeout: "1800", innodb_old_blocks_time: "500" });
  const gdn = await stack.client.request<any>("DescribeGlobalDatabaseNetwork", { GDNId: outputs.gdnId });
  expect(gdn).toMatchObject({ GDNStatus: "active", GDNDescription: "GDN-e2e" });
  expect(gdn.DBClusters.map((c: any) => [c.DBClusterId, c.RegionId, c.Role])).toEqual([[outputs.primaryId, "cn-hangzhou", "primary"], [outputs.secondaryId, "cn-shanghai", "standby"]]);
  // The GDN's outputs are as read when it was made, before the secondary joined it (refresh reads the member list anew).
  expect(outputs.members).toEqual([outputs.primaryId]);
});

test("a second preview reports no changes", async () => {
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("the GDN's description changes in place, with ModifyGlobalDatabaseNetwork only", async () => {
  await project.pulumi(["config", "set", "gdnDescription", "GDN-renamed"]);
  const steps: Array<{ op: string; urn: string }> = JSON.parse((await project.pulumi(["preview", "--json"])).stdout).steps ?? [];
  expect(steps.filter((s) => !s.urn.includes("pulumi:pulumi:Stack")).map((s) => [s.urn.split("::").pop(), s.op])).toEqual([["gdn", "update"]]);
  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(nonDescribe()).toEqual(["ModifyGlobalDatabaseNetwork"]);
  expect((await stack.client.request<any>("DescribeGlobalDatabaseNetwork", { GDNId: outputs.gdnId })).GDNDescription).toBe("GDN-renamed");
  // refresh sees the secondary as a member; still nothing to change.
  expect((await project.pulumi(["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
});

test("destroy: the secondary before the GDN, then the GDN, the primary and the template; nothing is left", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  for (const region of ["cn-hangzhou", "cn-shanghai"]) {
    const body: any = await stack.client.request("DescribeDBClusters", { RegionId: region });
    expect(body.Items?.DBCluster ?? []).toEqual([]);
  }
  expect((await stack.client.request<any>("DescribeGlobalDatabaseNetworks", {})).Items).toEqual([]);
  expect((await stack.client.request<any>("DescribeParameterGroups", { RegionId: "cn-hangzhou" })).ParameterGroups.map((g: any) => g.ParameterGroupType)).toEqual(["0", "0", "0"]);
});
