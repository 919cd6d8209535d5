/**
 * Issue 21's cluster with the real CLI and the packed package, one stack: a MySQL 8.0 cluster with
 * a hot standby in a named zone and TDE with a key made in the emulator's KMS, and a reader with a
 * hot replica. Then in place: fewer tables encrypted, the standby moved, the replica switched —
 * no replacement; an empty preview; TDE turned off is refused by preview, naming the field, with
 * nothing called; destroy leaves nothing. The same scenario runs on both faces: the dynamic
 * classes (a Node.js program) and the provider plugin (the same program in YAML).
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Face, Project } from "../helpers/pulumi-cli";

jest.setTimeout(6 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const cluster = new polardb.Cluster("orders", {
  dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-i", description: "orders",
  hotStandbyCluster: "ON", standbyAz: cfg.get("standbyAz") || "cn-hangzhou-k",
  tdeStatus: cfg.get("tde") || "Enabled", encryptionKey: cfg.require("key"),
  roleArn: "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole", encryptNewTables: cfg.get("newTables") || "ON",
});
const reader = new polardb.Node("reader", { dbClusterId: cluster.id, dbNodeClass: "polar.mysql.x4.medium", hotReplicaMode: cfg.get("replica") || "OFF" });
exports.clusterId = cluster.id;
exports.readerId = reader.id;
exports.standbyAz = cluster.standbyAz;
`;

const yamlProgram = `
config:
  key: { type: string }
  standbyAz: { type: string, default: cn-hangzhou-k }
  tde: { type: boolean, default: true }
  newTables: { type: string, default: "ON" }
  replica: { type: string, default: "OFF" }
resources:
  orders:
    type: polardb:index:Cluster
    properties:
      dbType: MySQL
      dbVersion: "8.0"
      dbNodeClass: polar.mysql.x4.medium
      zoneId: cn-hangzhou-i
      description: orders
      hotStandbyCluster: "ON"
      standbyAz: \${standbyAz}
      tdeStatus: \${tde}
      encryptionKey: \${key}
      roleArn: acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole
      encryptNewTables: \${newTables}
  reader:
    type: polardb:index:Node
    properties:
      dbClusterId: \${orders.id}
      dbNodeClass: polar.mysql.x4.medium
      hotReplicaMode: \${replica}
outputs:
  clusterId: \${orders.id}
  readerId: \${reader.id}
  standbyAz: \${orders.standbyAz}
`;

describe.each<Face>(["dynamic", "plugin"])("%s face", (face) => {
let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);

beforeAll(async () => {
  stack = await startE2eStack("tde-ha-e2e", face === "plugin" ? yamlProgram : program, {
    key: { id: "tde-key", secret: "tde-SECRET-51f0" }, timeScale: 0.001, face,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
  const key = (await stack.kms.request<any>("CreateKey", { Description: "orders TDE" })).KeyMetadata.KeyId;
  await project.pulumi(["config", "set", "key", key]);
});
afterAll(async () => { await stack?.close(); });

test("up: hot standby in cn-hangzhou-k, TDE on with the KMS key (MySQL: ModifyDBClusterTDE after the create), a reader", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 3 created/);
  const { clusterId, standbyAz } = await outputs();
  expect(standbyAz).toBe("cn-hangzhou-k");
  const key = (await project.pulumi(["config", "get", "key"])).stdout.trim();
  expect(await client.request<any>("DescribeDBClusterTDE", { DBClusterId: clusterId }))
    .toMatchObject({ TDEStatus: "Enabled", EncryptionKey: key, EncryptNewTables: "ON" });
  expect(await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: clusterId }))
    .toMatchObject({ HotStandbyCluster: "StandbyClusterON", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k", DBClusterStatus: "Running" });
});

test("in place: new tables unencrypted, the standby moved, the hot replica on; then an empty preview", async () => {
  await project.pulumi(["config", "set-all", "--plaintext", "newTables=OFF", "--plaintext", "standbyAz=cn-hangzhou-j", "--plaintext", "replica=ON"]);
  stack.emulator.resetCalls();
  // up's own preview: two updates, no replacement.
  const up = await project.pulumi(["up", "--yes"]);
  expect(up.stdout).toMatch(/~ 2 updated/);
  expect(up.stdout).not.toMatch(/replace|replacing deletes/);
  const calls = stack.emulator.calls();
  expect(calls).toMatchObject({ ModifyDBClusterTDE: 1, ModifyDBClusterPrimaryZone: 1, ModifyDBNodeHotReplicaMode: 1 });
  for (const a of ["CreateDBCluster", "DeleteDBCluster", "CreateDBNodes", "DeleteDBNodes"]) expect(calls[a] ?? 0).toBe(0);
  const { clusterId, readerId } = await outputs();
  expect(await client.request<any>("DescribeDBClusterTDE", { DBClusterId: clusterId })).toMatchObject({ TDEStatus: "Enabled", EncryptNewTables: "OFF" });
  const a = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: clusterId });
  expect(a.ZoneIds).toBe("cn-hangzhou-i,cn-hangzhou-j");
  expect(a.DBNodes.find((n: any) => n.DBNodeId === readerId.split(":")[1]).HotReplicaMode).toBe("ON");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("TDE off: preview refuses it, naming tdeStatus, and calls nothing that changes the cluster", async () => {
  // The schema types tdeStatus as a boolean (typed SDKs); @pulumi/alicloud's "Disabled" is the TypeScript classes' extra spelling.
  await project.pulumi(["config", "set", "tde", face === "plugin" ? "false" : "Disabled"]);
  stack.emulator.resetCalls();
  const preview = await project.pulumi(["preview"], { allowFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.stdout + preview.stderr).toMatch(/tdeStatus.*cannot be turned off once it is on/);
  expect(Object.keys(stack.emulator.calls()).filter((a) => /^(Modify|Create|Delete)/.test(a))).toEqual([]);
  await project.pulumi(["config", "rm", "tde"]);
});

test("destroy leaves nothing", async () => {
  const { clusterId } = await outputs();
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const list = await client.request<any>("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(list.Items.DBCluster.map((c: any) => c.DBClusterId)).not.toContain(clusterId);
});
});
