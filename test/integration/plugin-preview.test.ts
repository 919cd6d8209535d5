/**
 * The provider plugin in preview (Configure answers supportsPreview): Create and Update with
 * `preview: true` return planned outputs — the inputs, the id parts, what the spec declares stable —
 * with the unknown sentinel for the rest, and call nothing in the cloud; Diff names the stable
 * outputs (the id parts, a cluster's primaryEndpointId), none for a replacement.
 */
import { FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TEST_KEY, TestEmulator } from "../helpers/emulator";
import { pb, plainOf, PluginProcess, secret, startPlugin, struct } from "../helpers/plugin-process";
import { UNKNOWN } from "../../provider/spec";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

let emu: TestEmulator;
let plugin: PluginProcess;
const urn = (kind: string, name: string) => `urn:pulumi:test::preview::polardb:index:${kind}::${name}`;
const calls = () => emu.emulator.calls();

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ALIBABA_CLOUD_")));
  plugin = await startPlugin({
    ...env, POLARDB_WAIT_FIRST_MS: String(FAST.firstDelayMs), POLARDB_WAIT_MIN_MS: String(FAST.minDelayMs), POLARDB_WAIT_MAX_MS: String(FAST.maxDelayMs),
    HOME: fs.mkdtempSync(path.join(os.tmpdir(), "plugin-home-")),
  });
  const req = new pb.ConfigureRequest();
  req.setArgs(struct({ region: "cn-hangzhou", endpoint: emu.url, rdsEndpoint: emu.url, accessKeyId: secret(TEST_KEY.id), accessKeySecret: secret(TEST_KEY.secret) }));
  req.setAcceptsecrets(true);
  expect((await plugin.call("configure", req)).getSupportspreview()).toBe(true);
});
afterAll(async () => { await plugin?.stop(); await emu?.stop(); });

async function check(kind: string, name: string, news: Record<string, unknown>) {
  const req = new pb.CheckRequest();
  req.setUrn(urn(kind, name)); req.setOlds(struct({})); req.setNews(struct(news));
  const res = await plugin.call("check", req);
  expect(res.getFailuresList()).toEqual([]);
  return plainOf(res.getInputs());
}
async function create(kind: string, name: string, inputs: Record<string, unknown>, preview: boolean) {
  const req = new pb.CreateRequest();
  req.setUrn(urn(kind, name)); req.setProperties(struct(inputs)); req.setPreview(preview);
  const res = await plugin.call("create", req);
  return { id: res.getId() as string, outs: plainOf(res.getProperties()) };
}
async function update(kind: string, name: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, preview: boolean) {
  const req = new pb.UpdateRequest();
  req.setUrn(urn(kind, name)); req.setId(id); req.setOlds(struct(olds)); req.setNews(struct(news)); req.setPreview(preview);
  return plainOf((await plugin.call("update", req)).getProperties());
}
async function diff(kind: string, name: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const req = new pb.DiffRequest();
  req.setUrn(urn(kind, name)); req.setId(id); req.setOlds(struct(olds)); req.setNews(struct(news));
  const res = await plugin.call("diff", req);
  return { changes: res.getChanges(), replaces: res.getReplacesList() as string[], stables: res.getStablesList() as string[] };
}

const CLUSTER = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: "planned" };
let clusterId: string;
let clusterOuts: Record<string, any>;
let clusterInputs: Record<string, any>;

test("Create in preview: the inputs as outputs, the rest unknown, no id, no cloud call", async () => {
  clusterInputs = await check("Cluster", "orders", CLUSTER);
  const before = calls();
  const planned = await create("Cluster", "orders", { ...clusterInputs, vswitchId: UNKNOWN }, true);
  expect(calls()).toEqual(before);
  expect(planned.id).toBe("");
  expect(planned.outs).toMatchObject({ description: "planned", dbNodeClass: "polar.mysql.x4.medium", payType: "Postpaid", regionId: "cn-hangzhou" });
  for (const f of ["dbClusterId", "primaryEndpointId", "status", "connectionString", "vswitchId", "dbNodes"]) expect([f, planned.outs[f]]).toEqual([f, UNKNOWN]);
  expect(JSON.stringify(await emu.client.request("DescribeDBClusters", {}))).not.toContain("planned");
});

test("Diff names the id parts and the declared stable outputs; a replacement none", async () => {
  const made = await create("Cluster", "orders", clusterInputs, false);
  clusterId = made.id; clusterOuts = made.outs;
  expect(clusterOuts.primaryEndpointId).toMatch(/^pe-/);
  const d = await diff("Cluster", "orders", clusterId, clusterOuts, { ...clusterInputs, description: "renamed" });
  expect(d.changes).toBe(pb.DiffResponse.DiffChanges.DIFF_SOME);
  expect(d.stables).toEqual(expect.arrayContaining(["dbClusterId", "primaryEndpointId"]));
  expect(d.stables).not.toContain("description");
  const r = await diff("Cluster", "orders", clusterId, clusterOuts, { ...clusterInputs, dbVersion: "5.7" });
  expect(r.replaces).toEqual(["dbVersion"]);
  expect(r.stables).toEqual([]);
});

test("Update in preview: old outputs overlaid with the new inputs, what the change may alter unknown, no cloud call", async () => {
  const before = calls();
  const planned = await update("Cluster", "orders", clusterId, clusterOuts, { ...clusterInputs, description: "renamed" }, true);
  expect(calls()).toEqual(before);
  expect(planned).toMatchObject({ description: "renamed", dbClusterId: clusterId, primaryEndpointId: clusterOuts.primaryEndpointId, dbNodeClass: clusterOuts.dbNodeClass, regionId: "cn-hangzhou" });
  expect(planned.status).toBe(UNKNOWN);
  expect(planned.connectionString).toBe(UNKNOWN);
  // A provider setting alone changes nothing in the cloud: every output stays known.
  const local = await update("Cluster", "orders", clusterId, clusterOuts, { ...clusterInputs, timeouts: { update: "2h" } }, true);
  expect(calls()).toEqual(before);
  expect(local).toEqual({ ...clusterOuts, timeouts: { update: "2h" } });
  // The cloud still has the old description; a real update then makes the planned one.
  const live = await update("Cluster", "orders", clusterId, clusterOuts, { ...clusterInputs, description: "renamed" }, false);
  expect(live.description).toBe("renamed");
  expect(live.primaryEndpointId).toBe(clusterOuts.primaryEndpointId);
  clusterOuts = live;
});

test("children: id parts from the inputs are known at create, an id part the cloud assigns is not; a secret's digest is unknown until made", async () => {
  const accountInputs = await check("Account", "app", { dbClusterId: clusterId, accountName: "app", accountPassword: secret("Preview-Passw0rd-1") });
  const before = calls();
  const a = await create("Account", "app", accountInputs, true);
  expect(a.outs).toMatchObject({ dbClusterId: clusterId, accountName: "app", secretDigests: UNKNOWN });
  expect(a.outs.accountPassword).toBeUndefined();
  expect(JSON.stringify(a.outs)).not.toContain("Preview-Passw0rd-1");
  const nodeInputs = await check("Node", "reader", { dbClusterId: clusterId, dbNodeClass: "polar.mysql.x4.medium" });
  const n = await create("Node", "reader", nodeInputs, true);
  expect(n.outs).toMatchObject({ dbClusterId: clusterId, dbNodeId: UNKNOWN });
  expect(calls()).toEqual(before);

  const made = await create("Account", "app", accountInputs, false);
  const planned = await update("Account", "app", made.id, made.outs, { ...accountInputs, accountPassword: secret("Preview-Passw0rd-2") }, true);
  expect(planned).toMatchObject({ dbClusterId: clusterId, accountName: "app", secretDigests: UNKNOWN });
  const same = await update("Account", "app", made.id, made.outs, accountInputs, true);
  expect(same.secretDigests).toEqual(made.outs.secretDigests);
});
