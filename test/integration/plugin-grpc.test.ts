/**
 * The provider plugin `pulumi-resource-polardb`, spawned as the engine spawns it and driven over
 * its gRPC service against the emulator: configuration from Configure alone (no credentials in
 * its environment), check failures, create/read/update/delete, secrets as envelopes in and out,
 * import (Read from an id alone) giving inputs that Check accepts and Diff finds unchanged, the
 * detailed diff, functions, and a resource that is gone.
 */
import { FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TEST_KEY, TestEmulator } from "../helpers/emulator";
import { pb, plainOf, PluginProcess, secret, SECRET_SIG, startPlugin, struct } from "../helpers/plugin-process";
import { statusMessages } from "../../provider/plugin/proto";
import { startEmulator } from "../../emulator";
import * as fs from "node:fs";
import * as path from "node:path";

let emu: TestEmulator;
let plugin: PluginProcess;
const urn = (kind: string, name: string) => `urn:pulumi:test::plugin::polardb:index:${kind}::${name}`;
const isSecret = (v: unknown) => !!v && typeof v === "object" && (v as any)["4dabf18193072939515e22adb298388d"] === SECRET_SIG["4dabf18193072939515e22adb298388d"];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  // Nothing of the cloud in the plugin's environment: everything comes through Configure.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ALIBABA_CLOUD_")));
  plugin = await startPlugin({
    ...env, POLARDB_WAIT_FIRST_MS: String(FAST.firstDelayMs), POLARDB_WAIT_MIN_MS: String(FAST.minDelayMs), POLARDB_WAIT_MAX_MS: String(FAST.maxDelayMs),
    HOME: fs.mkdtempSync(path.join(require("node:os").tmpdir(), "plugin-home-")),
  });
});
afterAll(async () => { await plugin?.stop(); await emu?.stop(); });

async function check(kind: string, name: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const req = new pb.CheckRequest();
  req.setUrn(urn(kind, name)); req.setOlds(struct(olds)); req.setNews(struct(news));
  const res = await plugin.call("check", req);
  return { inputs: plainOf(res.getInputs()), failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) };
}
async function create(kind: string, name: string, inputs: Record<string, unknown>) {
  const req = new pb.CreateRequest();
  req.setUrn(urn(kind, name)); req.setProperties(struct(inputs));
  const res = await plugin.call("create", req);
  return { id: res.getId() as string, outs: plainOf(res.getProperties()) };
}
async function diff(kind: string, name: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, oldInputs?: Record<string, unknown>) {
  const req = new pb.DiffRequest();
  req.setUrn(urn(kind, name)); req.setId(id); req.setOlds(struct(olds)); req.setNews(struct(news));
  if (oldInputs) req.setOldInputs(struct(oldInputs));
  const res = await plugin.call("diff", req);
  const detailed: Record<string, number> = {};
  res.getDetaileddiffMap().forEach((v: any, k: string) => { detailed[k] = v.getKind(); });
  return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace(), detailed };
}
async function read(kind: string, name: string, id: string, props?: Record<string, unknown>, inputs?: Record<string, unknown>) {
  const req = new pb.ReadRequest();
  req.setUrn(urn(kind, name)); req.setId(id);
  if (props) req.setProperties(struct(props));
  if (inputs) req.setInputs(struct(inputs));
  const res = await plugin.call("read", req);
  return { id: res.getId() as string, outs: plainOf(res.getProperties()), inputs: plainOf(res.getInputs()) };
}

const CLUSTER = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: "via the plugin" };
let clusterId: string;
let clusterOuts: Record<string, any>;

test("plugin info and schema: the committed schema.json, served as is", async () => {
  const info = await plugin.call("getPluginInfo", new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
  expect(info.getVersion()).toBe(require("../../package.json").version);
  const res = await plugin.call("getSchema", new pb.GetSchemaRequest());
  const schema = JSON.parse(res.getSchema());
  expect(schema.name).toBe("polardb");
  expect(schema.resources["polardb:index:Account"].inputProperties.accountPassword.secret).toBe(true);
  expect(schema.config.variables.accessKeySecret.secret).toBe(true);
});

test("CheckConfig names a setting that does not exist; Configure takes credentials as secrets", async () => {
  const bad = new pb.CheckRequest();
  bad.setUrn("urn:pulumi:test::plugin::pulumi:providers:polardb::default"); bad.setOlds(struct({})); bad.setNews(struct({ regoin: "cn-hangzhou" }));
  const failures = (await plugin.call("checkConfig", bad)).getFailuresList().map((f: any) => f.getProperty());
  expect(failures).toEqual(["regoin"]);

  const req = new pb.ConfigureRequest();
  req.setArgs(struct({ region: "cn-hangzhou", endpoint: emu.url, rdsEndpoint: emu.url, accessKeyId: secret(TEST_KEY.id), accessKeySecret: secret(TEST_KEY.secret) }));
  req.setAcceptsecrets(true);
  const res = await plugin.call("configure", req);
  expect(res.getAcceptsecrets()).toBe(true);
  expect(res.getSupportspreview()).toBe(true);
});

test("Check: failures name the field; defaults are applied", async () => {
  const { dbNodeClass: _missing, ...withoutClass } = CLUSTER;
  const r = await check("Cluster", "bad", { ...withoutClass, dbType: "Postgres" });
  const props = r.failures.map((f: any) => f.property);
  expect(props).toEqual(expect.arrayContaining(["dbType", "dbNodeClass"]));
  const ok = await check("Cluster", "orders", CLUSTER);
  expect(ok.failures).toEqual([]);
  expect(ok.inputs.payType).toBe("Postpaid");
  expect(Object.keys(ok.inputs).some((k) => k.startsWith("__"))).toBe(false);
});

test("Create a cluster; Diff in detail; Update in place", async () => {
  const checked = await check("Cluster", "orders", CLUSTER);
  const c = await create("Cluster", "orders", checked.inputs);
  clusterId = c.id;
  expect(clusterId).toMatch(/^pc-/);
  expect(c.outs.status).toBe("Running");
  expect(c.outs.description).toBe("via the plugin");

  const K = pb.PropertyDiff.Kind;
  const none = await diff("Cluster", "orders", clusterId, c.outs, checked.inputs);
  expect(none.changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  const some = await diff("Cluster", "orders", clusterId, c.outs, { ...checked.inputs, description: "renamed", dbVersion: "5.7" });
  expect(some.changes).toBe(pb.DiffResponse.DiffChanges.DIFF_SOME);
  expect(some.detailed).toEqual({ description: K.UPDATE, dbVersion: K.UPDATE_REPLACE });
  expect(some.replaces).toEqual(["dbVersion"]);

  const req = new pb.UpdateRequest();
  req.setUrn(urn("Cluster", "orders")); req.setId(clusterId); req.setOlds(struct(c.outs)); req.setNews(struct({ ...checked.inputs, description: "renamed" }));
  const updated = plainOf((await plugin.call("update", req)).getProperties());
  expect(updated.description).toBe("renamed");
  clusterOuts = updated;
});

test("secrets: a password goes in and out as an envelope, never as an output", async () => {
  const news = { dbClusterId: clusterId, accountName: "app", accountPassword: secret("Plugin-Passw0rd-1") };
  const checked = await check("Account", "app", news);
  expect(checked.failures).toEqual([]);
  expect(isSecret(checked.inputs.accountPassword)).toBe(true);
  const a = await create("Account", "app", checked.inputs);
  expect(a.id).toBe(`${clusterId}:app`);
  expect(a.outs.accountPassword).toBeUndefined();
  expect(isSecret(a.outs.secretDigests)).toBe(true);
  expect(JSON.stringify(a.outs)).not.toContain("Plugin-Passw0rd-1");
  // The same password again: no change; another: an in-place change of the account.
  expect((await diff("Account", "app", a.id, a.outs, checked.inputs)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  const changed = await diff("Account", "app", a.id, a.outs, { ...checked.inputs, accountPassword: secret("Other-Passw0rd-2") });
  expect(changed.detailed).toEqual({ accountPassword: pb.PropertyDiff.Kind.UPDATE });
  // The engine's old inputs decide first (no scrypt): the same password there is no change even
  // without a digest; another one there falls back to the digest, which still tells the truth.
  const { secretDigests: _d, ...undigested } = a.outs;
  expect((await diff("Account", "app", a.id, undigested, checked.inputs, checked.inputs)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  expect((await diff("Account", "app", a.id, undigested, checked.inputs)).detailed).toEqual({ accountPassword: pb.PropertyDiff.Kind.UPDATE });
  const staleInputs = { ...checked.inputs, accountPassword: secret("Older-Passw0rd-0") };
  expect((await diff("Account", "app", a.id, a.outs, checked.inputs, staleInputs)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  expect((await diff("Account", "app", a.id, a.outs, { ...checked.inputs, accountPassword: secret("Other-Passw0rd-2") }, staleInputs)).detailed).toEqual({ accountPassword: pb.PropertyDiff.Kind.UPDATE });
  // Refresh keeps the program's inputs, the password still an envelope.
  const refreshed = await read("Account", "app", a.id, a.outs, checked.inputs);
  expect(isSecret(refreshed.inputs.accountPassword)).toBe(true);
  expect(isSecret(refreshed.outs.secretDigests)).toBe(true);
});

test("import: Read from the id alone gives inputs Check accepts and Diff finds unchanged (an account: all but its password, which it keeps)", async () => {
  const imported = await read("Cluster", "imported", clusterId);
  expect(imported.id).toBe(clusterId);
  expect(imported.inputs).toMatchObject({ dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: "renamed" });
  for (const local of ["timeouts", "adopt", "liftDeletionLockOnDestroy", "period"]) expect(imported.inputs).not.toHaveProperty(local);
  const checked = await check("Cluster", "imported", imported.inputs, imported.inputs);
  expect(checked.failures).toEqual([]);
  expect((await diff("Cluster", "imported", clusterId, imported.outs, checked.inputs)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  expect(imported.outs.status).toBe(clusterOuts.status);

  const account = await read("Account", "imported-app", `${clusterId}:app`);
  expect(account.inputs).toMatchObject({ dbClusterId: clusterId, accountName: "app" });
  expect(account.inputs).not.toHaveProperty("accountPassword");
  // A password cannot be read back: the account keeps its own until the program gives one.
  const accountChecked = await check("Account", "imported-app", account.inputs, account.inputs);
  expect(accountChecked.failures).toEqual([]);
  expect(accountChecked.inputs).not.toHaveProperty("accountPassword");
  expect((await diff("Account", "imported-app", `${clusterId}:app`, account.outs, accountChecked.inputs)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  // … and changes in place without one; a new account still needs one.
  const described = await check("Account", "imported-app", { ...account.inputs, accountDescription: "imported" }, account.inputs);
  expect(described.failures).toEqual([]);
  const req = new pb.UpdateRequest();
  req.setUrn(urn("Account", "imported-app")); req.setId(`${clusterId}:app`); req.setOlds(struct(account.outs)); req.setNews(struct(described.inputs));
  expect(plainOf((await plugin.call("update", req)).getProperties()).accountDescription).toBe("imported");
  const fresh = await check("Account", "new-app", { dbClusterId: clusterId, accountName: "other" });
  expect(fresh.failures.map((f: any) => f.reason).join()).toMatch(/give the password/);
  const withPassword = await check("Account", "imported-app", { ...account.inputs, accountPassword: secret("Plugin-Passw0rd-1") }, account.inputs);
  expect(Object.keys((await diff("Account", "imported-app", `${clusterId}:app`, account.outs, withPassword.inputs)).detailed)).toEqual(["accountPassword"]); // then set once
});

test("Invoke: a function with the configured provider", async () => {
  const req = new pb.InvokeRequest();
  req.setTok("polardb:index:getClusters"); req.setArgs(struct({ dbType: "MySQL" }));
  const res = await plugin.call("invoke", req);
  expect(res.getFailuresList()).toEqual([]);
  expect(plainOf(res.getReturn()).items.map((c: any) => c.dbClusterId)).toContain(clusterId);
  const bad = new pb.InvokeRequest();
  bad.setTok("polardb:index:getTasks"); bad.setArgs(struct({}));
  expect((await plugin.call("invoke", bad)).getFailuresList().map((f: any) => f.getProperty())).toEqual(["dbClusterId"]);
});

test("Delete; a resource that is gone reads as no properties", async () => {
  const del = new pb.DeleteRequest();
  del.setUrn(urn("Account", "app")); del.setId(`${clusterId}:app`); del.setProperties(struct({ dbClusterId: clusterId, accountName: "app" }));
  await plugin.call("delete", del);
  const gone = await read("Account", "app", `${clusterId}:app`, { dbClusterId: clusterId, accountName: "app" });
  expect(gone.id).toBe("");
  expect(gone.outs).toBeUndefined();

  const delCluster = new pb.DeleteRequest();
  delCluster.setUrn(urn("Cluster", "orders")); delCluster.setId(clusterId); delCluster.setProperties(struct(clusterOuts));
  await plugin.call("delete", delCluster);
  expect((await read("Cluster", "orders", clusterId)).outs).toBeUndefined();
  // The plugin's stderr never held the credentials or the password.
  expect(plugin.stderr()).not.toContain(TEST_KEY.secret);
  expect(plugin.stderr()).not.toContain("Plugin-Passw0rd-1");
});

// Last: Cancel stops every wait of the process for good (the engine ends the plugin after it).
test("Cancel stops a create's wait; the cluster that exists is reported as a partial create", async () => {
  const slow = await startEmulator({ port: 0, timeScale: 1, accessKeys: [TEST_KEY] }); // a create takes minutes here
  try {
    const req = new pb.ConfigureRequest();
    req.setArgs(struct({ region: "cn-hangzhou", endpoint: slow.url, accessKeyId: secret(TEST_KEY.id), accessKeySecret: secret(TEST_KEY.secret) }));
    await plugin.call("configure", req);
    const checked = await check("Cluster", "slow", CLUSTER);
    const creating = create("Cluster", "slow", checked.inputs).then(() => undefined, (e) => e);
    await new Promise((r) => setTimeout(r, 1500));
    await plugin.call("cancel", new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
    const err = await creating;
    expect(err?.message).toMatch(/cancelled/);
    const status = statusMessages.Status.deserializeBinary(err.metadata.get("grpc-status-details-bin")[0]);
    const detail = status.getDetailsList()[0].unpack(pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
    expect(detail.getId()).toMatch(/^pc-/);
    expect(plainOf(detail.getProperties()).dbType).toBe("MySQL");
  } finally {
    await slow.close();
  }
});
