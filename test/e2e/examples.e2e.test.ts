/**
 * The example projects in examples/ (serverless, mysql-ha-tde, production-mysql) run as users run
 * them: each example's own index.js, the packed package, the real CLI, one stack per example, all
 * against one emulator. Per example: `up` converges in one run, a second preview has nothing to do,
 * `destroy` leaves nothing. production-mysql: a console change of the backup policy is drift.
 * mysql-ha-tde and production-mysql: the KMS plaintext of the account password is in no CLI output
 * and nowhere in the exported state (plain, base64, URI-encoded).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { KMS, PolarDBClient, RpcClient } from "../../provider/client";
import { encodingsOf } from "../../provider/scrub";
import { CliResult, createProject, Project, repoRoot } from "../helpers/pulumi-cli";

jest.setTimeout(10 * 60_000);

const key = { id: "e2e-examples-key", secret: "e2e-examples-SECRET-0c4e" };
const PLAIN = { "mysql-ha-tde": "Ledger-Kms#Passw0rd", "production-mysql": "Orders-Kms#Passw0rd" } as const;
const NAMES = ["serverless", "mysql-ha-tde", "production-mysql"] as const;
type Name = (typeof NAMES)[number];

let emulator: Emulator;
let client: PolarDBClient;
let kms: RpcClient;
const projects = {} as Record<Name, Project>;
/** Everything the CLI printed, per example. */
const printed: Record<Name, string[]> = { serverless: [], "mysql-ha-tde": [], "production-mysql": [] };

const pulumi = async (name: Name, args: string[], opts?: { allowFailure?: boolean }): Promise<CliResult> => {
  const r = await projects[name].pulumi(args, opts);
  printed[name].push(r.stdout, r.stderr);
  return r;
};
const outputs = async (name: Name) => JSON.parse((await pulumi(name, ["stack", "output", "--json"])).stdout);
const attribute = (id: string) => client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
/** The clusters left in a region (a deleted one may linger as Deleted). */
const clustersIn = async (region: string) => ((await client.request<any>("DescribeDBClusters", { RegionId: region })).Items?.DBCluster ?? [])
  .filter((c: any) => c.DBClusterStatus !== "Deleted").map((c: any) => c.DBClusterId);

/** A temporary project running the example's own program, named as its Pulumi.yaml names it. */
async function exampleProject(name: Name, env: Record<string, string>): Promise<Project> {
  const dir = path.join(repoRoot, "examples", name);
  const projectName = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))![1];
  return createProject(projectName, fs.readFileSync(path.join(dir, "index.js"), "utf8"), env);
}

/** The plain password in no CLI output and in neither export of the state. */
async function expectNoPlainPassword(name: "mysql-ha-tde" | "production-mysql") {
  const plain = PLAIN[name];
  const forms = [...encodingsOf(plain), Buffer.from(plain).toString("base64"), Buffer.from(plain).toString("base64url")];
  const exported = [(await pulumi(name, ["stack", "export"])).stdout, (await pulumi(name, ["stack", "export", "--show-secrets"])).stdout];
  for (const text of [...printed[name], ...exported]) for (const f of forms) expect(text.includes(f)).toBe(false);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [key] });
  const credentials = { accessKeyId: key.id, accessKeySecret: key.secret };
  client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials });
  kms = new RpcClient(KMS, { regionId: "cn-hangzhou", endpoint: emulator.url, credentials });
  const env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_POLARDB_ENDPOINT: emulator.url, ALIBABA_CLOUD_RDS_ENDPOINT: emulator.url, ALIBABA_CLOUD_KMS_ENDPOINT: emulator.url,
    POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50",
  };
  // One packed package (made once), three projects.
  const made = await Promise.all(NAMES.map((name) => exampleProject(name, env)));
  NAMES.forEach((name, i) => { projects[name] = made[i]; });

  // The user's KMS key (TDE and the account passwords) and the ciphertexts, made before the runs
  // as a user would (aliyun kms Encrypt); a ciphertext may sit in the stack config in the open.
  const keyId = (await kms.request<any>("CreateKey", { Description: "examples" })).KeyMetadata.KeyId;
  await pulumi("mysql-ha-tde", ["config", "set", "tdeKeyId", keyId]);
  for (const name of ["mysql-ha-tde", "production-mysql"] as const) {
    const context = { app: name };
    const blob = (await kms.request<any>("Encrypt", { KeyId: keyId, Plaintext: PLAIN[name], EncryptionContext: JSON.stringify(context) })).CiphertextBlob;
    await pulumi(name, ["config", "set", "--plaintext", "appPasswordCiphertext", blob]);
    await pulumi(name, ["config", "set", "--plaintext", "--path", "appPasswordContext.app", name]);
  }
});

afterAll(async () => {
  await client?.close();
  await kms?.close();
  await emulator?.close();
  for (const p of Object.values(projects)) p.remove();
});

describe("examples/serverless", () => {
  test("up converges in one run: a serverless PostgreSQL 14 cluster, a serverless MySQL 8.0 cluster with a column-store reader", async () => {
    const up = await pulumi("serverless", ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/\+ 4 created/);
    const out = await outputs("serverless");
    const pg = await attribute(out.pgClusterId);
    expect({ type: pg.ServerlessType, storage: pg.StorageType, gb: pg.StorageSpace / 1024 ** 3, status: pg.DBClusterStatus })
      .toEqual({ type: "AgileServerless", storage: "essdautopl", gb: 40, status: "Running" });
    const pgConf = await client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: out.pgClusterId });
    expect(pgConf).toMatchObject({ ScaleMin: "1", ScaleMax: "8", ScaleRoNumMin: "0", ScaleRoNumMax: "2" });
    const mysql = await attribute(out.mysqlClusterId);
    expect(mysql.ServerlessType).toBe("AgileServerless");
    expect(mysql.DBNodes.filter((n: any) => n.ImciSwitch === "ON").map((n: any) => n.DBNodeId)).toEqual([out.columnStoreNodeId]);
    expect(await client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: out.mysqlClusterId }))
      .toMatchObject({ ScaleMin: "1", ScaleMax: "8", ScaleApRoNumMin: "1", ScaleApRoNumMax: "2" });
  });

  test("a second preview, refreshing first, reports no changes", async () => {
    expect((await pulumi("serverless", ["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
  });

  test("no row-store readers any more: ModifyDBClusterServerlessConf in place, the column-store reader stays; preview --refresh is empty", async () => {
    await pulumi("serverless", ["config", "set", "mysqlReadOnlyNodesMax", "0"]);
    emulator.resetCalls();
    await pulumi("serverless", ["up", "--yes", "--skip-preview"]);
    expect(Object.keys(emulator.calls()).filter((a) => !/^Describe/.test(a))).toEqual(["ModifyDBClusterServerlessConf"]);
    const out = await outputs("serverless");
    const nodes = (await attribute(out.mysqlClusterId)).DBNodes;
    expect(nodes.filter((n: any) => n.DBNodeRole === "Reader").map((n: any) => [n.DBNodeId, n.ImciSwitch])).toEqual([[out.columnStoreNodeId, "ON"]]);
    expect((await pulumi("serverless", ["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
  });

  test("destroy leaves nothing", async () => {
    const out = await outputs("serverless");
    await pulumi("serverless", ["destroy", "--yes", "--skip-preview"]);
    const left = await clustersIn("cn-hangzhou");
    expect(left).not.toContain(out.pgClusterId);
    expect(left).not.toContain(out.mysqlClusterId);
  });
});

describe("examples/mysql-ha-tde", () => {
  test("up converges in one run: hot standby in a second zone, TDE with the KMS key, 100 GB of PSL5 by subscription, the KMS-encrypted account", async () => {
    const up = await pulumi("mysql-ha-tde", ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/\+ 3 created/);
    const { clusterId, storageGb, expireTime } = await outputs("mysql-ha-tde");
    expect(storageGb).toBe(100);
    // The subscription's end, an output of the Cluster class.
    expect(expireTime).toMatch(/^20\d\d-\d\d-\d\dT/);
    const keyId = (await pulumi("mysql-ha-tde", ["config", "get", "tdeKeyId"])).stdout.trim();
    expect(await client.request<any>("DescribeDBClusterTDE", { DBClusterId: clusterId })).toMatchObject({ TDEStatus: "Enabled", EncryptionKey: keyId, EncryptNewTables: "ON" });
    const a = await attribute(clusterId);
    expect(a).toMatchObject({ HotStandbyCluster: "StandbyClusterON", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k", PayType: "Prepaid", StorageType: "HighPerformance", StoragePayType: "Prepaid", DBClusterStatus: "Running" });
    expect(a.StorageSpace / 1024 ** 3).toBe(100);
    const [row] = (await client.request<any>("DescribeAccounts", { DBClusterId: clusterId, AccountName: "ledger_app" })).Accounts;
    expect(row).toMatchObject({ AccountName: "ledger_app", AccountStatus: "Available" });
  });

  test("a second preview, refreshing first, reports no changes", async () => {
    expect((await pulumi("mysql-ha-tde", ["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
  });

  test("destroy ends the subscription and deletes the cluster; no plain password anywhere", async () => {
    const { clusterId } = await outputs("mysql-ha-tde");
    emulator.resetCalls();
    await pulumi("mysql-ha-tde", ["destroy", "--yes", "--skip-preview"]);
    expect(emulator.calls()).toMatchObject({ TransformDBClusterPayType: 1, DeleteDBCluster: 1 });
    expect(await clustersIn("cn-hangzhou")).not.toContain(clusterId);
    await expectNoPlainPassword("mysql-ha-tde");
  });
});

describe("examples/production-mysql", () => {
  test("up converges in one run: template, cluster, reporting endpoint on 3307, backups to a second region, GDN with a secondary, KMS-encrypted account", async () => {
    const up = await pulumi("production-mysql", ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/\+ 9 created/);
    const out = await outputs("production-mysql");
    expect(out).toMatchObject({ parameterGroupId: expect.stringMatching(/^pcpg-/), gdnId: expect.stringMatching(/^gdn-/) });
    expect(String(out.reportingPort)).toBe("3307");
    expect(out.reportingHost).toMatch(/^orders-reporting\./);
    const endpoints = (await client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: out.clusterId })).Items;
    const reporting = endpoints.find((e: any) => e.DBEndpointDescription === "reporting");
    expect(reporting).toMatchObject({ EndpointType: "Custom", ReadWriteMode: "ReadOnly" });
    expect(reporting.AddressItems.find((x: any) => x.NetType === "Private")).toMatchObject({ Port: "3307", ConnectionString: expect.stringMatching(/^orders-reporting\./) });
    expect(await client.request<any>("DescribeBackupPolicy", { DBClusterId: out.clusterId }))
      .toMatchObject({ DataLevel2BackupRetentionPeriod: "365", DataLevel2BackupAnotherRegionRegion: "cn-beijing", DataLevel2BackupAnotherRegionRetentionPeriod: "365" });
    expect(await client.request<any>("DescribeLogBackupPolicy", { DBClusterId: out.clusterId })).toMatchObject({ LogBackupRetentionPeriod: 30 });
    const gdn = await client.request<any>("DescribeGlobalDatabaseNetwork", { GDNId: out.gdnId });
    expect(gdn.DBClusters.map((c: any) => [c.DBClusterId, c.RegionId, c.Role])).toEqual([[out.clusterId, "cn-hangzhou", "primary"], [out.secondaryClusterId, "cn-shanghai", "standby"]]);
    const parameters = (await client.request<any>("DescribeDBClusterParameters", { DBClusterId: out.clusterId })).RunningParameters.Parameter;
    expect(parameters.find((p: any) => p.ParameterName === "wait_timeout").ParameterValue).toBe("1800");
    const [row] = (await client.request<any>("DescribeAccounts", { DBClusterId: out.clusterId, AccountName: "orders_app" })).Accounts;
    expect(row).toMatchObject({ AccountName: "orders_app", AccountStatus: "Available" });
  });

  test("a second preview, refreshing first, reports no changes", async () => {
    expect((await pulumi("production-mysql", ["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
  });

  test("the backup policy changed in the console is drift on preview --refresh and refresh; up puts it back", async () => {
    const { clusterId } = await outputs("production-mysql");
    await client.request("ModifyLogBackupPolicy", { DBClusterId: clusterId, LogBackupRetentionPeriod: 7 });
    const drift = await pulumi("production-mysql", ["preview", "--refresh", "--expect-no-changes", "--diff"], { allowFailure: true });
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toMatch(/~ 1 to update/);
    expect(drift.stdout).toMatch(/orders-backups/);
    const refresh = await pulumi("production-mysql", ["refresh", "--yes", "--skip-preview", "--diff"]);
    expect(refresh.stdout).toMatch(/logBackupRetentionPeriod\s*:\s*30\s*=>\s*7/);
    emulator.resetCalls();
    await pulumi("production-mysql", ["up", "--yes", "--skip-preview"]);
    expect(Object.keys(emulator.calls()).filter((a) => !/^Describe/.test(a))).toEqual(["ModifyLogBackupPolicy"]);
    expect(await client.request<any>("DescribeLogBackupPolicy", { DBClusterId: clusterId })).toMatchObject({ LogBackupRetentionPeriod: 30 });
  });

  test("destroy leaves nothing in either region; no plain password anywhere", async () => {
    await pulumi("production-mysql", ["destroy", "--yes", "--skip-preview"]);
    await expectNoPlainPassword("production-mysql");
  });
});

describe("afterwards", () => test("nothing is left in the emulator", async () => {
  for (const region of ["cn-hangzhou", "cn-shanghai"]) expect(await clustersIn(region)).toEqual([]);
  expect((await client.request<any>("DescribeGlobalDatabaseNetworks", {})).Items).toEqual([]);
  const groups = (await client.request<any>("DescribeParameterGroups", { RegionId: "cn-hangzhou" })).ParameterGroups;
  expect(groups.filter((g: any) => g.ParameterGroupType !== "0")).toEqual([]);
}));
