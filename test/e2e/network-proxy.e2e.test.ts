/**
 * Issue 21's network part end to end, with the real CLI and the packed package: two global IP
 * whitelist templates (GlobalSecurityIpGroup), a MySQL cluster with security groups linked to one
 * of them; the template's addresses and the cluster's links and groups change in place (no
 * replacement, no CreateDBCluster); a refresh finds no drift, the next preview no change; destroy
 * deletes the cluster before the templates it links and leaves nothing.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(10 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const office = new polardb.GlobalSecurityIpGroup("office", { globalIpGroupName: "office", globalIpList: cfg.get("officeIps") || "10.0.0.1,10.0.0.2" });
const vpn = new polardb.GlobalSecurityIpGroup("vpn", { globalIpGroupName: "vpn", globalIpList: "192.168.0.0/24" });
const linked = (cfg.get("links") || "office").split(",").map((n) => ({ office, vpn })[n].id);
const db = new polardb.Cluster("db", {
  dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h",
  securityGroupIds: (cfg.get("sgs") || "sg-a1,sg-b2").split(","), globalSecurityGroupList: linked,
});
exports.clusterId = db.id;
exports.officeId = office.id;
exports.vpnId = vpn.id;
exports.links = db.globalSecurityGroupList;
exports.sgs = db.securityGroupIds;
`;

let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
const templates = async () => ((await client.request<any>("DescribeGlobalSecurityIPGroup", {})).GlobalSecurityIPGroup as any[]);

beforeAll(async () => {
  stack = await startE2eStack("netproxy-e2e", program, {
    key: { id: "net-key", secret: "net-SECRET-51d0" }, timeScale: 0.001,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
});
afterAll(async () => { await stack?.close(); });

test("up: two templates, a cluster with security groups linked to one; the next preview is empty", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 4 created/);
  const out = await outputs();
  expect(out.links).toEqual([out.officeId]);
  expect(out.sgs).toEqual(["sg-a1", "sg-b2"]);
  const rel = await client.request<any>("DescribeGlobalSecurityIPGroupRelation", { DBClusterId: out.clusterId });
  expect(rel.GlobalSecurityIPGroupRel.map((g: any) => g.GlobalSecurityGroupId)).toEqual([out.officeId]);
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("the template's addresses, the links and the groups change in place; refresh finds no drift; preview is empty", async () => {
  const { clusterId, officeId, vpnId } = await outputs();
  await project.pulumi(["config", "set", "officeIps", "10.0.0.9"]);
  await project.pulumi(["config", "set", "links", "vpn,office"]);
  await project.pulumi(["config", "set", "sgs", "sg-c3"]);
  const preview = await project.pulumi(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ 2 to update/);
  expect(preview.stdout).not.toMatch(/to replace/);

  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const calls = stack.emulator.calls();
  expect(calls).toMatchObject({ ModifyGlobalSecurityIPGroup: 1, ModifyGlobalSecurityIPGroupRelation: 1, ModifyDBClusterAccessWhitelist: 1 });
  expect(calls.CreateDBCluster ?? 0).toBe(0);
  expect(calls.DeleteDBCluster ?? 0).toBe(0);
  expect(calls.CreateGlobalSecurityIPGroup ?? 0).toBe(0);
  expect((await templates()).find((g) => g.GlobalSecurityGroupId === officeId)).toMatchObject({ GIpList: "10.0.0.9", DBInstances: [clusterId] });
  const rel = await client.request<any>("DescribeGlobalSecurityIPGroupRelation", { DBClusterId: clusterId });
  expect(rel.GlobalSecurityIPGroupRel.map((g: any) => g.GlobalSecurityGroupId).sort()).toEqual([officeId, vpnId].sort());

  const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview"]);
  expect(refresh.stdout).not.toMatch(/~ \d+ updated/);
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("destroy deletes the cluster before the templates it links (the cloud refuses a linked one); nothing is left", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  expect(await templates()).toEqual([]);
  const clusters = (await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[];
  expect(clusters.filter((c) => c.DBClusterStatus !== "Deleted")).toEqual([]);
});
