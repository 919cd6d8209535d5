/**
 * Issue 15's cluster reference end to end, with the real CLI and the packed package: a manual
 * Backup, a clone born from that backup set, and a zone move that preview shows as an in-place
 * update (never a replacement) and `up` carries out with ModifyDBClusterPrimaryZone; destroy
 * leaves nothing.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const common = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", vpcId: "vpc-opts000000000000001" };
const source = new polardb.Cluster("source", { ...common, zoneId: cfg.get("zone") || "cn-hangzhou-h", vswitchId: cfg.get("vswitch") || "vsw-zoneh0000000000001", description: "source" });
const owner = new polardb.Account("owner", { dbClusterId: source.id, accountName: "owner", accountPassword: cfg.requireSecret("password") });
const db = new polardb.Database("orders", { dbClusterId: source.id, dbName: "orders", characterSetName: "utf8", collate: "C", accountName: owner.accountName });
const backup = new polardb.Backup("nightly", { dbClusterId: source.id }, { dependsOn: [db] });
const clone = new polardb.Cluster("clone", {
  ...common, zoneId: "cn-hangzhou-h", vswitchId: "vsw-zoneh0000000000001", description: "clone",
  creationOption: "CloneFromPolarDB", sourceResourceId: source.id, cloneDataPoint: backup.backupId,
});
exports.sourceId = source.id;
exports.cloneId = clone.id;
exports.backupId = backup.backupId;
exports.sourceZone = source.zoneId;
`;

let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);

beforeAll(async () => {
  stack = await startE2eStack("options-e2e", program, {
    key: { id: "opts-key", secret: "opts-SECRET-8c1e" }, timeScale: 0.001,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
  await project.pulumi(["config", "set", "--secret", "password", "Owner-Passw0rd-e2e"]);
});
afterAll(async () => { await stack?.close(); });

test("up: a backup of the source, and a clone born from that backup set, carrying its database", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 6 created/);
  const out = await outputs();
  expect(out.backupId).toMatch(/^\d+$/);
  const dbs = (await client.request<any>("DescribeDatabases", { DBClusterId: out.cloneId })).Databases.Database.map((d: any) => d.DBName);
  expect(dbs).toContain("orders");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("a zone move: preview shows an update, not a replacement; up moves the cluster in place", async () => {
  const { sourceId } = await outputs();
  await project.pulumi(["config", "set", "zone", "cn-hangzhou-i"]);
  await project.pulumi(["config", "set", "vswitch", "vsw-zonei0000000000001"]);
  const preview = await project.pulumi(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).not.toMatch(/to replace|replacing deletes/);

  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const calls = stack.emulator.calls();
  expect(calls.ModifyDBClusterPrimaryZone).toBe(1);
  expect(calls.DeleteDBCluster ?? 0).toBe(0);
  expect(calls.CreateDBCluster ?? 0).toBe(0);
  const attr = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: sourceId });
  expect({ zone: attr.ZoneIds, status: attr.DBClusterStatus, id: attr.DBClusterId }).toEqual({ zone: "cn-hangzhou-i", status: "Running", id: sourceId });
  expect((await outputs()).sourceZone).toBe("cn-hangzhou-i");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("destroy removes the clone, the backup and the source", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const left = ((await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[]).filter((c) => c.DBClusterStatus !== "Deleted");
  expect(left).toEqual([]);
});
