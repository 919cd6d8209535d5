/**
 * Issue 21's column store and minor version upgrade with the real CLI and the packed package: a
 * MySQL 8.0 cluster with a column-store (IMCI) reader Node; then a revision upgrade that preview
 * shows as an in-place update and `up` carries out with UpgradeDBClusterVersion (waiting through
 * MinorVersionUpgrading); an empty preview after each step; destroy leaves nothing.
 * (Column store is MySQL 8.0 only in today's API: the SDK says PostgreSQL does not take ImciSwitch.)
 */
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { PolarDBClient } from "../../provider/client";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(10 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const cluster = new polardb.Cluster("htap", {
  dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h", description: "htap",
  targetDbRevisionVersionCode: cfg.get("revision"),
});
const columns = new polardb.Node("columns", { dbClusterId: cluster.id, dbNodeClass: "polar.mysql.x4.medium", imciSwitch: "ON" });
exports.clusterId = cluster.id;
exports.columnNodeId = columns.dbNodeId;
exports.revision = cluster.dbRevisionVersion;
`;

let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);

beforeAll(async () => {
  stack = await startE2eStack("imci-e2e", program, {
    key: { id: "imci-key", secret: "imci-SECRET-5d2a" }, timeScale: 0.001,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
});
afterAll(async () => { await stack?.close(); });

test("up: a MySQL 8.0 cluster with a column-store reader node; nothing left to do after", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 3 created/);
  const { clusterId, columnNodeId } = await outputs();
  const attr = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: clusterId });
  const nodes = attr.DBNodes.DBNode ?? attr.DBNodes;
  expect(nodes.find((n: any) => n.DBNodeId === columnNodeId)).toMatchObject({ ImciSwitch: "ON", DBNodeRole: "Reader", DBNodeStatus: "Running" });
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("a minor version upgrade: preview shows an in-place update, up upgrades the cluster, preview is empty", async () => {
  const { clusterId } = await outputs();
  const version = await client.request<any>("DescribeDBClusterVersion", { DBClusterId: clusterId, DescribeType: "AVAILABLE_VERSION" });
  const [next] = version.DBRevisionVersionList;
  await project.pulumi(["config", "set", "revision", next.RevisionVersionCode]);
  const preview = await project.pulumi(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).not.toMatch(/to replace/);

  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const calls = stack.emulator.calls();
  expect(calls.UpgradeDBClusterVersion).toBe(1);
  expect((calls.CreateDBCluster ?? 0) + (calls.DeleteDBCluster ?? 0) + (calls.DeleteDBNodes ?? 0)).toBe(0);
  const after = await client.request<any>("DescribeDBClusterVersion", { DBClusterId: clusterId });
  expect(after.DBRevisionVersion).toBe(next.RevisionVersionName);
  expect((await outputs()).revision).toBe(next.RevisionVersionName);
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("destroy removes the node and the cluster", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const left = ((await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[]).filter((c) => c.DBClusterStatus !== "Deleted");
  expect(left).toEqual([]);
});
