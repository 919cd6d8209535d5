/**
 * The cluster-settings resources through the generic engine against the in-process emulator:
 * EndpointAddress (public address, prefix, MySQL port), ClusterParameters (only listed
 * parameters, restart semantics, change note), BackupPolicy, ClusterSsl (PostgreSQL for all
 * endpoints, MySQL per endpoint) and SqlCollector — each create, read = outputs, no-change diff,
 * an in-place change, drift seen by read, and destroy.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import type { ResourceSpec } from "../../provider/spec";
import { backupPolicySpec } from "../../resources/backup-policy";
import { clusterParametersSpec } from "../../resources/cluster-parameters";
import { clusterSslSpec } from "../../resources/cluster-ssl";
import { endpointAddressSpec } from "../../resources/endpoint-address";
import { sqlCollectorSpec } from "../../resources/sql-collector";
import { checkedInputs, cloud, describeCluster, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let pg: string;
let mysql: string;
const progress: string[] = [];
const providerFor = (spec: ResourceSpec) => makeProvider(spec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l), convergeGraceMs: 300 }));

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  [pg, mysql] = await Promise.all([runningCluster("PostgreSQL", "settings"), runningCluster("MySQL", "settings-mysql")]);
});
afterAll(async () => { await emu?.stop(); });

/** create → read equals outputs → the same inputs are no change. */
async function createAndCheck(p: Provider, raw: Record<string, unknown>) {
  const inputs = await checkedInputs(p, raw);
  const created = await p.create(inputs);
  const r = await p.read(created.id, created.outs);
  expect(r.props).toEqual(created.outs);
  expect(await p.diff(created.id, created.outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  return { id: created.id, outs: created.outs as Record<string, any>, inputs };
}
const endpointsOf = async (clusterId: string) => (await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as any[];
const primaryOf = async (clusterId: string) => (await endpointsOf(clusterId)).find((e) => e.EndpointType === "Primary").DBEndpointId as string;

describe("EndpointAddress", () => {
  const p = () => providerFor(endpointAddressSpec);

  test("a public address with a prefix; a new prefix in place; delete removes only the public address", async () => {
    const endpointId = await primaryOf(pg);
    const { id, outs, inputs } = await createAndCheck(p(), { dbClusterId: pg, dbEndpointId: endpointId, connectionStringPrefix: "pgpublic01" });
    expect(id).toBe(`${pg}:${endpointId}:Public`);
    expect(outs).toMatchObject({ netType: "Public", connectionStringPrefix: "pgpublic01", port: 1921 });
    expect(outs.connectionString).toMatch(/^pgpublic01\./);
    expect((await describeCluster(emu, pg)).DBClusterStatus).toBe("Running");

    const changed = { ...inputs, connectionStringPrefix: "pgpublic02" };
    expect(await p().diff(id, outs, changed)).toMatchObject({ changes: true, replaces: [] });
    const u = await p().update(id, outs, changed);
    expect((u.outs as any).connectionString).toMatch(/^pgpublic02\./);

    await p().delete(id, u.outs as any);
    const addresses = (await endpointsOf(pg)).find((e) => e.DBEndpointId === endpointId).AddressItems as any[];
    expect(addresses.map((a) => a.NetType)).toEqual(["Private"]);
    expect(await p().read(id, u.outs as any)).toEqual({});
  });

  test("MySQL: the port is set after create (CreateDBEndpointAddress cannot) and changes in place", async () => {
    const endpointId = await primaryOf(mysql);
    const { id, outs, inputs } = await createAndCheck(p(), { dbClusterId: mysql, dbEndpointId: endpointId, port: 3307 });
    expect(outs.port).toBe(3307);
    const u = await p().update(id, outs, { ...inputs, port: 3308 });
    expect((u.outs as any).port).toBe(3308);
    await p().delete(id, u.outs as any);
  });

  test("check: prefix rules and port range before any call; PostgreSQL refuses a port with the cloud's error", async () => {
    const bad = await p().check({}, { dbClusterId: pg, dbEndpointId: "pe-x1", connectionStringPrefix: "Ab", port: 80 });
    expect(bad.failures?.map((f) => f.property).sort()).toEqual(["connectionStringPrefix", "port"]);
    const endpointId = await primaryOf(pg);
    const inputs = await checkedInputs(p(), { dbClusterId: pg, dbEndpointId: endpointId, port: 3306 });
    const err: any = await p().create(inputs).catch((e) => e);
    // The address exists by then: a partial create naming the refused call.
    expect(err.message).toMatch(/ModifyDBEndpointAddress failed: InvalidParameter/);
    await p().delete(err.id, err.properties);
  });
});

describe("ClusterParameters", () => {
  const p = () => providerFor(clusterParametersSpec);
  let id: string;
  let outs: Record<string, any>;
  let inputs: Record<string, unknown>;

  test("sets only the listed parameters (numbers become strings); the others keep their values", async () => {
    ({ id, outs, inputs } = await createAndCheck(p(), { dbClusterId: pg, parameters: { work_mem: 8192, statement_timeout: "60000" } }));
    expect(id).toBe(pg);
    expect(outs.parameters).toEqual({ statement_timeout: "60000", work_mem: "8192" });
    expect(outs.defaults).toEqual({ statement_timeout: "0", work_mem: "4096" });
    expect(outs.restartParameters).toEqual([]);
    expect(cloud(emu).clusters[pg].parameters).toMatchObject({ work_mem: "8192", statement_timeout: "60000", max_connections: "1000" });
  });

  test("a restart parameter: preview warns, up waits for Rebooting → Running; only changed values are sent", async () => {
    const withRestart = { ...inputs, parameters: { work_mem: "8192", statement_timeout: "60000", max_connections: "2000" } };
    // max_connections is not listed yet: added, the read learns its ForceRestart.
    let u = await p().update(id, outs, withRestart);
    expect((u.outs as any).restartParameters).toEqual(["max_connections"]);
    progress.length = 0;
    const again = { ...inputs, parameters: { work_mem: "8192", statement_timeout: "60000", max_connections: "3000" } };
    await p().diff(id, u.outs as any, again);
    expect(progress.join("\n")).toMatch(/changing max_connections restarts the cluster/);
    const before = emu.emulator.calls().DescribeDBClusterAttribute ?? 0;
    u = await p().update(id, u.outs as any, again);
    expect((u.outs as any).parameters.max_connections).toBe("3000");
    expect((emu.emulator.calls().DescribeDBClusterAttribute ?? 0) - before).toBeGreaterThan(0); // waited on the cluster
    expect((await describeCluster(emu, pg)).DBClusterStatus).toBe("Running");
    outs = u.outs as any;
    inputs = again;
  });

  test("drift: a value changed outside Pulumi is read back; unlisted parameters never show", async () => {
    await emu.client.request("ModifyDBClusterParameters", { DBClusterId: pg, Parameters: JSON.stringify({ work_mem: "16384", log_statement: "all" }) });
    await new Promise((r) => setTimeout(r, 80));
    const r = await p().read(id, outs);
    expect((r.props as any).parameters).toEqual({ max_connections: "3000", statement_timeout: "60000", work_mem: "16384" });
    expect(await p().diff(id, r.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
  });

  test("unknown parameters or values out of range: the cloud's InvalidParameter names them; destroy keeps the values", async () => {
    const err: any = await p().create(await checkedInputs(p(), { dbClusterId: mysql, parameters: { no_such_param: "1" } })).catch((e) => e);
    expect(err.message).toMatch(/InvalidParameter.*unknown parameter "no_such_param"/);
    const err2: any = await p().create(await checkedInputs(p(), { dbClusterId: mysql, parameters: { auto_increment_increment: "70000" } })).catch((e) => e);
    expect(err2.message).toMatch(/not allowed for "auto_increment_increment" \(allowed: \[1-65535\]\)/);
    progress.length = 0;
    await p().delete(id, outs);
    expect(progress.join("\n")).toMatch(/keeps the parameter values/);
    expect(cloud(emu).clusters[pg].parameters.max_connections).toBe("3000");
  });
});

describe("BackupPolicy", () => {
  const p = () => providerFor(backupPolicySpec);

  test("sets the listed fields; days compare as a set; drift shows; destroy leaves the policy", async () => {
    const { id, outs, inputs } = await createAndCheck(p(), {
      dbClusterId: pg, preferredBackupPeriod: ["Friday", "Monday", "Wednesday"], preferredBackupTime: "02:00Z-03:00Z",
      dataLevel1BackupRetentionPeriod: 10, backupRetentionPolicyOnClusterDeletion: "LATEST",
    });
    expect(outs).toMatchObject({ preferredBackupPeriod: ["Monday", "Wednesday", "Friday"], dataLevel1BackupRetentionPeriod: 10, dataLevel2BackupRetentionPeriod: 0 });
    expect(outs.preferredNextBackupTime).toMatch(/^\d{4}-\d{2}-\d{2}T02:00Z$/);
    const u = await p().update(id, outs, { ...inputs, dataLevel2BackupRetentionPeriod: 365 });
    expect((u.outs as any).dataLevel2BackupRetentionPeriod).toBe(365);

    await emu.client.request("ModifyBackupPolicy", { DBClusterId: pg, PreferredBackupTime: "05:00Z-06:00Z" });
    const r = await p().read(id, u.outs as any);
    expect((r.props as any).preferredBackupTime).toBe("05:00Z-06:00Z");
    const d = await p().diff(id, r.props!, { ...inputs, dataLevel2BackupRetentionPeriod: 365 });
    expect(d).toMatchObject({ changes: true, replaces: [] });

    await p().delete(id, u.outs as any);
    expect(cloud(emu).clusters[pg].backupPolicy.PreferredBackupTime).toBe("05:00Z-06:00Z");
  });

  test("check: two days, a one-hour window on the hour, retention ranges, at least one field", async () => {
    const r = await p().check({}, { dbClusterId: pg, preferredBackupPeriod: ["Monday"], preferredBackupTime: "02:00Z-04:00Z", dataLevel1BackupRetentionPeriod: 30, dataLevel2BackupRetentionPeriod: 10 });
    expect(r.failures?.map((f) => f.property).sort()).toEqual(["dataLevel1BackupRetentionPeriod", "dataLevel2BackupRetentionPeriod", "preferredBackupPeriod", "preferredBackupTime"]);
    expect((await p().check({}, { dbClusterId: pg })).failures?.[0].reason).toMatch(/at least one policy field/);
  });
});

describe("ClusterSsl", () => {
  const p = () => providerFor(clusterSslSpec);

  test("PostgreSQL: enables SSL for every endpoint, waits through SSL_MODIFYING; destroy disables it", async () => {
    const { id, outs } = await createAndCheck(p(), { dbClusterId: pg, sslAutoRotate: "Enable" });
    expect(id).toBe(pg);
    expect(outs).toMatchObject({ sslEnabled: "Enabled", sslAutoRotate: "Enable" });
    expect(outs.sslExpireTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const items = (await emu.client.request<any>("DescribeDBClusterSSL", { DBClusterId: pg })).Items as any[];
    expect(items.every((i) => i.SSLEnabled === "Enabled")).toBe(true);
    await p().delete(id, outs);
    const after = (await emu.client.request<any>("DescribeDBClusterSSL", { DBClusterId: pg })).Items as any[];
    expect(after.every((i) => i.SSLEnabled === "Disabled")).toBe(true);
    expect((await describeCluster(emu, pg)).DBClusterStatus).toBe("Running");
  });

  test("MySQL: per endpoint (id pc-…:pe-…), the other endpoints untouched; disabled outside Pulumi shows as drift", async () => {
    const endpointId = await primaryOf(mysql);
    const { id, outs, inputs } = await createAndCheck(p(), { dbClusterId: mysql, dbEndpointId: endpointId, netType: "Private" });
    expect(id).toBe(`${mysql}:${endpointId}`);
    const items = (await emu.client.request<any>("DescribeDBClusterSSL", { DBClusterId: mysql })).Items as any[];
    expect(items.filter((i) => i.SSLEnabled === "Enabled").map((i) => i.DBEndpointId)).toEqual([endpointId]);
    await emu.client.request("ModifyDBClusterSSL", { DBClusterId: mysql, DBEndpointId: endpointId, NetType: "Private", SSLEnabled: "Disable" });
    await new Promise((r) => setTimeout(r, 150));
    const r = await p().read(id, outs);
    expect((r.props as any).sslEnabled).toBe("Disabled");
    // Drift in place: up turns it back on.
    expect(await p().diff(id, r.props!, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const u = await p().update(id, r.props!, inputs);
    expect((u.outs as any).sslEnabled).toBe("Enabled");
    expect(await p().check({}, { dbClusterId: mysql, dbEndpointId: endpointId })).toMatchObject({ failures: [expect.objectContaining({ property: "netType" })] });
  });
});

describe("SqlCollector", () => {
  const p = () => providerFor(sqlCollectorSpec);

  test("turns collection on (the API's Enable/Disabled spellings), in place off and on, destroy turns it off", async () => {
    const { id, outs, inputs } = await createAndCheck(p(), { dbClusterId: pg });
    expect(outs.collectorStatus).toBe("Enable");
    expect((await emu.client.request<any>("DescribeDBClusterAuditLogCollector", { DBClusterId: pg })).CollectorStatus).toBe("Enable");
    const u = await p().update(id, outs, { ...inputs, collectorStatus: "Disabled" });
    expect((u.outs as any).collectorStatus).toBe("Disabled");
    await p().delete(id, u.outs as any);
    expect((await emu.client.request<any>("DescribeDBClusterAuditLogCollector", { DBClusterId: pg })).CollectorStatus).toBe("Disabled");
    expect((await p().check({}, { dbClusterId: pg, collectorStatus: "Disable" })).failures?.[0].reason).toMatch(/Enable" or "Disabled/);
  });
});
