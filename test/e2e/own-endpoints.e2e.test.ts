/**
 * The endpoints a cluster is born with, with the real CLI and the packed package: a MySQL 8.0
 * cluster, its ClusterEndpoint and PrimaryEndpoint taken under management (no endpoint created),
 * and a custom Endpoint with a private prefix and port 3307. Then: a second preview is empty; a
 * change of name, settings, prefix and port together with a cluster update is an in-place update
 * of those resources (no replacement);
 * removing ClusterEndpoint and PrimaryEndpoint from the program lets them go and leaves the
 * cluster's endpoints as they were; destroy removes the rest.
 */
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { CliResult, Project } from "../helpers/pulumi-cli";

jest.setTimeout(10 * 60_000);

const key = { id: "e2e-own-endpoints-key", secret: "e2e-own-endpoints-SECRET-51c2" };

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const step = cfg.get("step") || "first";
const cluster = new polardb.Cluster("sysep", { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large", zoneId: "cn-hangzhou-h",
  description: step === "first" ? "orders" : "orders, changed" });
if (step !== "released") {
  const second = step === "changed";
  new polardb.ClusterEndpoint("default", {
    dbClusterId: cluster.id, dbEndpointDescription: second ? "orders-rw-2" : "orders-rw",
    endpointConfig: { ConsistLevel: second ? "2" : "1" }, connectionPrefix: second ? "orders-rw-two" : "orders-rw",
  });
  new polardb.PrimaryEndpoint("primary", { dbClusterId: cluster.id, dbEndpointDescription: "writer", connectionPrefix: "orders-writer", port: second ? "3308" : "3307" });
}
new polardb.Endpoint("reports", { dbClusterId: cluster.id, readWriteMode: "ReadOnly", dbEndpointDescription: "reports", connectionPrefix: "orders-reports", port: 3307 });
exports.clusterId = cluster.id;
`;

let stack: E2eStack;
let project: Project;
let clusterId: string;
const pulumi = (args: string[], opts?: { allowFailure?: boolean }): Promise<CliResult> => project.pulumi(args, opts);
const endpoints = async () => (await stack.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as any[];
const ofType = async (type: string) => (await endpoints()).find((e) => e.EndpointType === type);
const privateOf = (e: any) => e.AddressItems.find((a: any) => a.NetType === "Private");
const mutations = () => Object.keys(stack.emulator.calls()).filter((a) => !/^Describe/.test(a)).sort();

beforeAll(async () => {
  stack = await startE2eStack("own-endpoints", program, { key, timeScale: 0.001 });
  project = stack.project;
});
afterAll(async () => { await stack?.close(); });

test("up: the cluster's own endpoints taken and set in place, the custom endpoint on port 3307", async () => {
  stack.emulator.resetCalls();
  await pulumi(["up", "--yes", "--skip-preview"]);
  clusterId = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout).clusterId;
  expect(stack.emulator.calls().CreateDBClusterEndpoint).toBe(1); // the custom one only
  expect(await ofType("Cluster")).toMatchObject({ DBEndpointDescription: "orders-rw", EndpointConfig: '{"ConsistLevel":"1"}' });
  expect(privateOf(await ofType("Cluster")).ConnectionString).toMatch(/^orders-rw\./);
  expect(await ofType("Primary")).toMatchObject({ DBEndpointDescription: "writer" });
  expect(privateOf(await ofType("Primary"))).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-writer\./), Port: "3307" });
  expect(privateOf(await ofType("Custom"))).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-reports\./), Port: "3307" });
});

test("a second preview reports no changes", async () => {
  expect((await pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("with a cluster update: name, settings, prefix and port change in place, nothing is replaced", async () => {
  await pulumi(["config", "set", "step", "changed"]);
  const plan = await pulumi(["preview", "--json"]);
  const steps: Array<{ op: string; urn: string }> = JSON.parse(plan.stdout).steps ?? [];
  expect(steps.filter((s) => !s.urn.includes("pulumi:pulumi:Stack")).map((s) => [s.urn.split("::").pop(), s.op]).sort())
    .toEqual([["default", "update"], ["primary", "update"], ["sysep", "update"]]);
  stack.emulator.resetCalls();
  await pulumi(["up", "--yes", "--skip-preview"]);
  // Only these kinds of call (a call refused while the cluster is busy with another resource's change is counted too).
  expect(mutations()).toEqual(["ModifyDBClusterDescription", "ModifyDBClusterEndpoint", "ModifyDBEndpointAddress"]);
  expect(await ofType("Cluster")).toMatchObject({ DBEndpointDescription: "orders-rw-2", EndpointConfig: '{"ConsistLevel":"2"}' });
  expect(privateOf(await ofType("Cluster")).ConnectionString).toMatch(/^orders-rw-two\./);
  expect(privateOf(await ofType("Primary"))).toMatchObject({ Port: "3308" });
  expect((await pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("removed from the program, they are let go: nothing deleted, the endpoints keep their settings", async () => {
  const before = await endpoints();
  await pulumi(["config", "set", "step", "released"]);
  stack.emulator.resetCalls();
  const up = await pulumi(["up", "--yes", "--skip-preview"]);
  expect(mutations()).toEqual([]);
  expect(`${up.stdout}${up.stderr}`).toMatch(/removed from the state only; the cluster's Cluster endpoint comes and goes with the cluster/);
  expect(await endpoints()).toEqual(before);
  const kinds = (await project.exportStack()).deployment.resources.map((r: any) => r.type);
  expect(kinds.filter((t: string) => /ClusterEndpoint|PrimaryEndpoint/.test(t))).toEqual([]);
});

test("destroy removes the rest", async () => {
  await pulumi(["destroy", "--yes", "--skip-preview"]);
  const body: any = await stack.client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(body.Items?.DBCluster ?? []).toEqual([]);
});
