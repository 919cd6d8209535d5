/**
 * The Cluster slice end to end: the real `pulumi` CLI, the packed package installed into a
 * temporary project, the emulator in this process. up → preview (no changes) → out-of-band change
 * → preview --refresh --expect-no-changes fails and refresh records it → in-place update vs
 * replacement in preview → adoption by id → destroy leaves nothing → no secret in the state.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const accessKeyId = "e2e-access-key";
const accessKeySecret = "e2e-SECRET-do-not-leak-7f3a";

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const cluster = new polardb.Cluster("orders", {
  dbType: "PostgreSQL",
  dbVersion: "11",
  dbNodeClass: "polar.pg.x4.medium",
  payType: "Postpaid",
  zoneId: cfg.get("zoneId") || "cn-hangzhou-h",
  vpcId: cfg.get("vpcId") || "vpc-e2e0000000000000001",
  vswitchId: "vsw-e2e0000000000000001",
  description: cfg.get("description") || "orders",
  maintainTime: "16:00Z-17:00Z",
});
exports.clusterId = cluster.id;
exports.status = cluster.status;
const adoptId = cfg.get("adoptId");
if (adoptId) {
  const adopted = new polardb.Cluster("adopted", {}, { id: adoptId });
  exports.adoptedDescription = adopted.description;
}
`;

let stack: E2eStack;
let emulator: E2eStack["emulator"];
let client: PolarDBClient;
let project: Project;

beforeAll(async () => {
  stack = await startE2eStack("cluster-e2e", program, { key: { id: accessKeyId, secret: accessKeySecret }, timeScale: 0.001 });
  ({ emulator, client, project } = stack);
});

afterAll(async () => { await stack?.close(); });

async function liveClusters(): Promise<any[]> {
  const body: any = await client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  return body.Items?.DBCluster ?? [];
}

async function outputs(): Promise<Record<string, any>> {
  return JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
}

let clusterId: string;

test("pulumi up creates the cluster and waits until it is Running", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const out = await outputs();
  clusterId = out.clusterId;
  expect(clusterId).toMatch(/^pc-[a-z0-9]+$/);
  expect(out.status).toBe("Running");
  const live = await liveClusters();
  expect(live.map((c) => c.DBClusterId)).toEqual([clusterId]);
  expect(live[0].DBClusterStatus).toBe("Running");
});

test("a second preview reports no changes", async () => {
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview.code).toBe(0);
});

test("an out-of-band change is drift: preview --refresh fails, refresh records it", async () => {
  await client.request("ModifyDBClusterDescription", { DBClusterId: clusterId, DBClusterDescription: "changed-out-of-band" });
  const drift = await project.pulumi(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
  expect(drift.code).not.toBe(0);
  expect(drift.stdout + drift.stderr).toMatch(/description/);

  await project.pulumi(["refresh", "--yes"]);
  const state = await project.exportStack();
  const res = state.deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:Cluster");
  expect(res.outputs.description).toBe("changed-out-of-band");

  // up puts the program's value back, in place.
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: clusterId });
  expect(attr.DBClusterDescription).toBe("orders");
});

test("preview tells an in-place update from a replacement", async () => {
  await project.pulumi(["config", "set", "description", "orders-v2"]);
  const update = await project.pulumi(["preview", "--diff"]);
  expect(update.stdout).toMatch(/~ 1 to update/);
  expect(update.stdout).not.toMatch(/to replace/);

  await project.pulumi(["config", "set", "vpcId", "vpc-e2e0000000000000002"]);
  const replace = await project.pulumi(["preview", "--diff"]);
  expect(replace.stdout).toMatch(/\+-\s*1 to replace/);
  // …and says what a replacement destroys.
  expect(replace.stdout + replace.stderr).toMatch(/replacing deletes cluster pc-[a-z0-9]+ — its databases, accounts and data/); // --diff prints diagnostics on stderr

  await project.pulumi(["config", "rm", "vpcId"]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: clusterId });
  expect(attr.DBClusterDescription).toBe("orders-v2");
  expect((await liveClusters()).length).toBe(1);
});

test("an existing cluster is adopted by id", async () => {
  const created: any = await client.request("CreateDBCluster", {
    RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium",
    PayType: "Postpaid", ZoneId: "cn-hangzhou-h", DBClusterDescription: "made-elsewhere", ClientToken: `e2e-adopt-${Date.now()}`,
  });
  await project.pulumi(["config", "set", "adoptId", created.DBClusterId]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect((await outputs()).adoptedDescription).toBe("made-elsewhere");
  await project.pulumi(["config", "rm", "adoptId"]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  // Adopted by id means read, not owned: it survives the program forgetting it.
  expect((await liveClusters()).map((c) => c.DBClusterId)).toContain(created.DBClusterId);
  await client.request("DeleteDBCluster", { DBClusterId: created.DBClusterId });
});

test("invalid inputs fail in preview, naming the field and what is allowed, before any API call (but the read-only question what is sold)", async () => {
  await project.pulumi(["config", "set", "zoneId", "Hangzhou Zone H"]);
  emulator.resetCalls();
  const preview = await project.pulumi(["preview"], { allowFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.stdout + preview.stderr).toMatch(/zoneId/);
  expect(preview.stdout + preview.stderr).toMatch(/a zone id such as "cn-hangzhou-h"/);
  expect(Object.keys(emulator.calls()).filter((a) => a !== "DescribeDBClusterAvailableResources")).toEqual([]);
  await project.pulumi(["config", "rm", "zoneId"]);
});

test("the state holds no access-key secret and a tiny provider", async () => {
  const text = JSON.stringify(await project.exportStack());
  expect(text).not.toContain(accessKeySecret);
  const state = JSON.parse(text);
  const res = state.deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:Cluster");
  expect(res.inputs.__provider.length).toBeLessThan(4096);
  expect(res.inputs.__provider).toContain("pulumi-polardb/runtime");
});

test("destroy removes the cluster and leaves nothing in the emulator", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  // Delete waits until the cloud reports the cluster gone, so it is gone the moment destroy returns.
  expect((await liveClusters()).map((c) => c.DBClusterId)).not.toContain(clusterId);
});
