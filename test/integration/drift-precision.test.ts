/**
 * Drift precision, per resource kind, through the real provider against the emulator — what
 * `pulumi preview --refresh` and polardb-drift see: after a create with typical inputs, `read`
 * then `diff(olds = read outputs, news = inputs)` shows NO change (lists in another order,
 * defaults, server-side fields such as status do not count); then each kind of out-of-band change,
 * made through the API as a console user would, is reported as exactly that field — by the
 * provider's diff (its "differs in …" line) and by polardb-drift's field analysis — and `update`
 * puts it back, after which the resource is clean again.
 */
import { driftedFields } from "../../drift/analyse";
import { makeProvider, Provider } from "../../provider/engine";
import type { ResourceSpec } from "../../provider/spec";
import { runtimeDeps } from "../../provider/runtime";
import { accountSpec } from "../../resources/account";
import { clusterSpec } from "../../resources/cluster";
import { databaseSpec } from "../../resources/database";
import { endpointSpec } from "../../resources/endpoint";
import { nodeSpec } from "../../resources/node";
import { whitelistSpec } from "../../resources/whitelist";
import { endpointAddressSpec } from "../../resources/endpoint-address";
import { clusterParametersSpec } from "../../resources/cluster-parameters";
import { backupPolicySpec } from "../../resources/backup-policy";
import { clusterSslSpec } from "../../resources/cluster-ssl";
import { sqlCollectorSpec } from "../../resources/sql-collector";
import { cloudMigrationTaskSpec } from "../../resources/cloud-migration-task";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

jest.setTimeout(120_000);

let emu: TestEmulator;

interface Subject {
  spec: ResourceSpec;
  provider: Provider;
  lines: string[];
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
}

function providerFor(spec: ResourceSpec): { provider: Provider; lines: string[] } {
  const lines: string[] = [];
  return { provider: makeProvider(spec, runtimeDeps({ tuning: FAST, progress: (l) => { lines.push(l); }, convergeGraceMs: 300 })), lines };
}

async function create(spec: ResourceSpec, raw: Record<string, unknown>): Promise<Subject> {
  const { provider, lines } = providerFor(spec);
  const inputs = await checkedInputs(provider, raw);
  const made = await provider.create(inputs);
  return { spec, provider, lines, id: made.id, inputs, outs: made.outs as Record<string, unknown> };
}

async function running(clusterId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await describeCluster(emu, clusterId)).DBClusterStatus === "Running") return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`cluster ${clusterId} did not return to Running`);
}

/** refresh (read) + preview (diff against the inputs), and polardb-drift's analysis of the same. */
async function refreshAndDiff(s: Subject): Promise<{ live: Record<string, unknown>; diff: Awaited<ReturnType<Provider["diff"]>>; lines: string[]; fields: string[] }> {
  const read = await s.provider.read(s.id, s.outs);
  const live = read.props as Record<string, unknown>;
  expect(live).toBeDefined();
  s.lines.length = 0;
  const diff = await s.provider.diff(s.id, live, s.inputs);
  const fields = driftedFields(s.spec, { declared: s.inputs, recorded: s.outs, live }).map((f) => f.field);
  return { live, diff, lines: [...s.lines], fields };
}

async function expectClean(s: Subject): Promise<void> {
  const r = await refreshAndDiff(s);
  expect(r.lines).toEqual([]);
  expect(r.diff.changes).toBe(false);
  expect(r.fields).toEqual([]);
}

/** Exactly `field` differs; then `pulumi up` (update) puts the program's value back. */
async function expectDriftIn(s: Subject, field: string, opts: { restore?: boolean; replaces?: boolean } = {}): Promise<Record<string, unknown>> {
  const r = await refreshAndDiff(s);
  expect(r.lines).toEqual([expect.stringMatching(new RegExp(`^${s.spec.kind} ${s.id}: differs in ${field}(?: \\(replacement: ${field} cannot change in place\\))?$`))]);
  expect(r.diff).toMatchObject({ changes: true, replaces: opts.replaces ? [field] : [] });
  expect(r.fields).toEqual([field]);
  if (opts.restore !== false) {
    s.outs = (await s.provider.update(s.id, r.live, s.inputs)).outs as Record<string, unknown>;
    await expectClean(s);
  }
  return r.live;
}

let cluster: Subject;
let clusterId: string;
let mysqlId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  cluster = await create(clusterSpec, {
    dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "Postpaid", zoneId: "cn-hangzhou-h",
    vpcId: "vpc-drift000000000000001", vswitchId: "vsw-drift000000000000001", description: "orders",
    maintainTime: "16:00Z-17:00Z", deletionLock: true, tags: { team: "data", env: "prod" }, timeouts: { create: "10m" },
  });
  clusterId = cluster.id;
  const mysql = await create(clusterSpec, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h", description: "grants" });
  mysqlId = mysql.id;
});
afterAll(async () => { await emu?.stop(); });

describe("Cluster", () => {
  test("nothing changed: no drift (tags in another order, server-side status, nodes, endpoints ignored)", async () => {
    await expectClean(cluster);
    // The program's tag order is not the cloud's; the cloud adds status, nodes, endpoints, creation time.
    expect(Object.keys(cluster.inputs.tags as object)).toEqual(["team", "env"]);
    expect(cluster.outs).toMatchObject({ status: "Running", tags: { env: "prod", team: "data" } });
  });

  test("description changed in the console → description", async () => {
    await emu.client.request("ModifyDBClusterDescription", { DBClusterId: clusterId, DBClusterDescription: "renamed by hand" });
    expect((await expectDriftIn(cluster, "description")).description).toBe("renamed by hand");
  });

  test("maintenance window changed → maintainTime", async () => {
    await emu.client.request("ModifyDBClusterMaintainTime", { DBClusterId: clusterId, MaintainTime: "02:00Z-03:00Z" });
    await expectDriftIn(cluster, "maintainTime");
  });

  test("a tag added → tags", async () => {
    await emu.client.request("TagResources", { RegionId: "cn-hangzhou", ResourceType: "cluster", ResourceId: [clusterId], Tag: [{ Key: "owner", Value: "someone" }] });
    expect((await expectDriftIn(cluster, "tags")).tags).toEqual({ env: "prod", owner: "someone", team: "data" });
  });

  test("deletion protection lifted → deletionLock", async () => {
    await emu.client.request("ModifyDBClusterDeletion", { DBClusterId: clusterId, Protection: false });
    expect((await expectDriftIn(cluster, "deletionLock")).deletionLock).toBe(false);
  });
});

describe("Node", () => {
  let node: Subject;

  test("nothing changed: no drift (role, status, creation time ignored)", async () => {
    node = await create(nodeSpec, { dbClusterId: clusterId, dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" });
    await expectClean(node);
    await expectClean(cluster);
  });

  test("class changed in the console (every node) → dbNodeClass, on the node and on the cluster", async () => {
    await emu.client.request("ModifyDBNodeClass", { DBClusterId: clusterId, DBNodeTargetClass: "polar.pg.x4.large", ModifyType: "Upgrade", ClientToken: "drift-class" });
    await running(clusterId);
    await expectDriftIn(node, "dbNodeClass", { restore: false });
    await expectDriftIn(cluster, "dbNodeClass"); // the cluster's update changes every node back
    await running(clusterId);
    await expectClean(node);
  });

  test("node deleted out of band → read reports it gone", async () => {
    const extra = await create(nodeSpec, { dbClusterId: clusterId, dbNodeClass: "polar.pg.x4.medium" });
    await expectClean(extra);
    await emu.client.request("DeleteDBNodes", { DBClusterId: clusterId, DBNodeId: [extra.id.split(":")[1]] });
    await running(clusterId);
    expect(await extra.provider.read(extra.id, extra.outs)).toEqual({});
  });
});

describe("Endpoint", () => {
  let endpoint: Subject;
  let nodes: string[];

  test("nothing changed: no drift (node order, config defaults, addresses ignored)", async () => {
    nodes = ((await describeCluster(emu, clusterId)).DBNodes as Array<{ DBNodeId: string }>).map((n) => n.DBNodeId);
    endpoint = await create(endpointSpec, {
      dbClusterId: clusterId, readWriteMode: "ReadWrite", nodes: [...nodes].reverse(), autoAddNewNodes: "Disable",
      endpointConfig: { ConsistLevel: "1", MasterAcceptReads: "off" }, dbEndpointDescription: "reports",
    });
    await running(clusterId);
    await expectClean(endpoint);
  });

  test("description changed → dbEndpointDescription", async () => {
    await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: clusterId, DBEndpointId: endpoint.id.split(":")[1], DBEndpointDescription: "by hand" });
    await running(clusterId);
    await expectDriftIn(endpoint, "dbEndpointDescription");
  });

  test("a node removed from the endpoint → nodes", async () => {
    await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: clusterId, DBEndpointId: endpoint.id.split(":")[1], Nodes: nodes.slice(0, 2).join(",") });
    await running(clusterId);
    await expectDriftIn(endpoint, "nodes");
  });

  test("automatic joining switched on → autoAddNewNodes", async () => {
    await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: clusterId, DBEndpointId: endpoint.id.split(":")[1], AutoAddNewNodes: "Enable" });
    await running(clusterId);
    await expectDriftIn(endpoint, "autoAddNewNodes");
  });

  test("a setting changed → endpointConfig", async () => {
    await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: clusterId, DBEndpointId: endpoint.id.split(":")[1], EndpointConfig: JSON.stringify({ ConsistLevel: "1", MasterAcceptReads: "on" }) });
    await running(clusterId);
    await expectDriftIn(endpoint, "endpointConfig");
  });
});

describe("Account", () => {
  let account: Subject;
  let grants: Subject;

  test("nothing changed: no drift (the password is a digest; status, lock state ignored)", async () => {
    account = await create(accountSpec, { dbClusterId: clusterId, accountName: "app", accountPassword: "Secr3t-Passw0rd", accountDescription: "application" });
    await expectClean(account);
  });

  test("description changed → accountDescription", async () => {
    await emu.client.request("ModifyAccountDescription", { DBClusterId: clusterId, AccountName: "app", AccountDescription: "changed by hand" });
    expect((await expectDriftIn(account, "accountDescription")).accountDescription).toBe("changed by hand");
  });

  test("a password changed outside Pulumi cannot be seen (never readable): no drift is claimed", async () => {
    await emu.client.request("ModifyAccountPassword", { DBClusterId: clusterId, AccountName: "app", NewAccountPassword: "Other-Passw0rd1" });
    await expectClean(account);
  });

  test("MySQL grants: nothing changed is no drift (databases in another order); a revoked grant → dbNames", async () => {
    for (const db of ["orders", "stock"]) await emu.client.request("CreateDatabase", { DBClusterId: mysqlId, DBName: db, CharacterSetName: "utf8mb4" });
    grants = await create(accountSpec, { dbClusterId: mysqlId, accountName: "reporter", accountPassword: "Secr3t-Passw0rd", dbNames: ["stock", "orders"], accountPrivilege: "ReadOnly" });
    await expectClean(grants);
    await emu.client.request("RevokeAccountPrivilege", { DBClusterId: mysqlId, AccountName: "reporter", DBName: "stock" });
    await expectDriftIn(grants, "dbNames");
  });

  test("a grant's privilege changed → accountPrivilege", async () => {
    await emu.client.request("GrantAccountPrivilege", { DBClusterId: mysqlId, AccountName: "reporter", DBName: "orders", AccountPrivilege: "ReadWrite" });
    await expectDriftIn(grants, "accountPrivilege");
  });
});

describe("Database", () => {
  let database: Subject;

  test("nothing changed: no drift (character set case, collate kept, the owner read among several grantees)", async () => {
    await create(accountSpec, { dbClusterId: clusterId, accountName: "owner", accountPassword: "Owner-Passw0rd" });
    database = await create(databaseSpec, { dbClusterId: clusterId, dbName: "orders", characterSetName: "utf8", accountName: "owner", collate: "C", dbDescription: "orders db" });
    await expectClean(database);
    // The cloud answering in its own case (PostgreSQL reports UTF8) is no drift.
    const state = cloud(emu);
    state.clusters[clusterId].databases.find((d: any) => d.DBName === "orders").CharacterSetName = "UTF8";
    emu.emulator.backend.load(state);
    expect((await database.provider.read(database.id, database.outs)).props).toMatchObject({ characterSetName: "UTF8" });
    await expectClean(database);
    // Another account granted on the database (a server-side list): still no drift.
    await create(accountSpec, { dbClusterId: clusterId, accountName: "other", accountPassword: "Other-Passw0rd1" });
    await emu.client.request("GrantAccountPrivilege", { DBClusterId: clusterId, AccountName: "other", DBName: "orders", AccountPrivilege: "ReadOnly" });
    expect(((await database.provider.read(database.id, database.outs)).props as any).accounts).toHaveLength(2);
    await expectClean(database);
  });

  test("description changed in the console → dbDescription, put back in place (ModifyDBDescription)", async () => {
    await emu.client.request("ModifyDBDescription", { DBClusterId: clusterId, DBName: "orders", DBDescription: "edited in the console" });
    await expectDriftIn(database, "dbDescription");
  });

  test("the ownership handed to another account → accountName, handed back in place (GrantAccountPrivilege DBOwner)", async () => {
    await emu.client.request("GrantAccountPrivilege", { DBClusterId: clusterId, AccountName: "other", DBName: "orders", AccountPrivilege: "DBOwner" });
    expect((await expectDriftIn(database, "accountName")).accountName).toBe("other");
  });
});

describe("Whitelist", () => {
  let whitelist: Subject;

  test("nothing changed: no drift (addresses in another order, duplicates)", async () => {
    whitelist = await create(whitelistSpec, { dbClusterId: clusterId, dbClusterIpArrayName: "app", securityIps: ["10.0.0.2", "10.0.0.1", "10.0.0.2"] });
    await expectClean(whitelist);
  });

  test("an address added in the console → securityIps", async () => {
    await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "app", ModifyMode: "Append", SecurityIps: "172.16.0.9" });
    expect((await expectDriftIn(whitelist, "securityIps")).securityIps).toEqual(["10.0.0.1", "10.0.0.2", "172.16.0.9"]);
  });

  test("the group emptied out of band → read reports it gone", async () => {
    await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "app", ModifyMode: "Cover", SecurityIps: "" });
    expect(await whitelist.provider.read(whitelist.id, whitelist.outs)).toEqual({});
  });
});

describe("EndpointAddress", () => {
  let address: Subject;

  test("nothing changed: no drift (the address, IP and port the cloud fills in ignored)", async () => {
    const primary = ((await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as any[]).find((e) => e.EndpointType === "Primary").DBEndpointId;
    address = await create(endpointAddressSpec, { dbClusterId: clusterId, dbEndpointId: primary, connectionStringPrefix: "orders-pub" });
    await running(clusterId);
    await expectClean(address);
  });

  test("prefix changed in the console → connectionStringPrefix", async () => {
    await emu.client.request("ModifyDBEndpointAddress", { DBClusterId: clusterId, DBEndpointId: address.id.split(":")[1], NetType: "Public", ConnectionStringPrefix: "by-hand-01" });
    await running(clusterId);
    expect((await expectDriftIn(address, "connectionStringPrefix")).connectionStringPrefix).toBe("by-hand-01");
    await running(clusterId);
  });

  test("public address released out of band → read reports it gone", async () => {
    await emu.client.request("DeleteDBEndpointAddress", { DBClusterId: clusterId, DBEndpointId: address.id.split(":")[1], NetType: "Public" });
    await running(clusterId);
    expect(await address.provider.read(address.id, address.outs)).toEqual({});
  });
});

describe("ClusterParameters", () => {
  let params: Subject;

  test("nothing changed: no drift (numbers as strings; unlisted parameters, defaults, restart flags ignored)", async () => {
    params = await create(clusterParametersSpec, { dbClusterId: clusterId, parameters: { work_mem: 8192, statement_timeout: "60000" } });
    await expectClean(params);
    // A parameter the program does not list, changed by hand: not this resource's business.
    await emu.client.request("ModifyDBClusterParameters", { DBClusterId: clusterId, Parameters: JSON.stringify({ log_statement: "all" }) });
    await new Promise((r) => setTimeout(r, 60));
    await expectClean(params);
  });

  test("a listed parameter changed in the console → parameters", async () => {
    await emu.client.request("ModifyDBClusterParameters", { DBClusterId: clusterId, Parameters: JSON.stringify({ work_mem: "16384" }) });
    await new Promise((r) => setTimeout(r, 60));
    expect(((await expectDriftIn(params, "parameters")).parameters as any).work_mem).toBe("16384");
  });
});

describe("BackupPolicy", () => {
  let policy: Subject;

  test("nothing changed: no drift (days in another order; next backup time, unlisted fields ignored)", async () => {
    policy = await create(backupPolicySpec, { dbClusterId: clusterId, preferredBackupPeriod: ["Thursday", "Monday"], preferredBackupTime: "02:00Z-03:00Z", dataLevel1BackupRetentionPeriod: 7 });
    await expectClean(policy);
  });

  test("backup window changed → preferredBackupTime; retention changed → dataLevel1BackupRetentionPeriod", async () => {
    await emu.client.request("ModifyBackupPolicy", { DBClusterId: clusterId, PreferredBackupTime: "05:00Z-06:00Z" });
    await expectDriftIn(policy, "preferredBackupTime");
    await emu.client.request("ModifyBackupPolicy", { DBClusterId: clusterId, DataLevel1BackupRetentionPeriod: 14 });
    await expectDriftIn(policy, "dataLevel1BackupRetentionPeriod");
  });
});

describe("ClusterSsl and SqlCollector", () => {
  test("SSL: nothing changed is no drift (expiry, address ignored); turned off in the console → sslEnabled", async () => {
    const ssl = await create(clusterSslSpec, { dbClusterId: clusterId, sslAutoRotate: "Enable" });
    await running(clusterId);
    await expectClean(ssl);
    await emu.client.request("ModifyDBClusterSSL", { DBClusterId: clusterId, SSLEnabled: "Disable" });
    await running(clusterId);
    expect((await expectDriftIn(ssl, "sslEnabled")).sslEnabled).toBe("Disabled");
    await running(clusterId);
  });

  test("SQL collector: nothing changed is no drift; switched off in the console → collectorStatus", async () => {
    const collector = await create(sqlCollectorSpec, { dbClusterId: clusterId });
    await expectClean(collector);
    await emu.client.request("ModifyDBClusterAuditLogCollector", { DBClusterId: clusterId, CollectorStatus: "Disabled" });
    expect((await expectDriftIn(collector, "collectorStatus")).collectorStatus).toBe("Disabled");
  });
});

describe("CloudMigrationTask", () => {
  test("a finished migration reads back with no drift (category case, log, replication info ignored; password never compared)", async () => {
    const task = await create(cloudMigrationTaskSpec, {
      dbInstanceName: DEFAULT_INSTANCES.target, sourceCategory: "ecsOnVpc", sourceIpAddress: "172.16.9.9", sourcePort: 5432,
      sourceAccount: "migratetest", sourcePassword: "Source-Passw0rd",
    });
    expect(task.outs.migrateStage).toBe("success");
    await expectClean(task);
  });
});
