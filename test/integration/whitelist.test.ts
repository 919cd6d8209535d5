/**
 * The Whitelist spec through the generic engine against the in-process emulator: one group per
 * resource (separate teams, one cluster), Cover with the whole deduplicated list, drift, the
 * default group, a busy cluster, delete removing only its own group.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps, stats } from "../../provider/runtime";
import { whitelistSpec } from "../../resources/whitelist";
import { describeCluster, FAST, runningCluster, checkedInputs } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let clusterId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(whitelistSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
  clusterId = await runningCluster("PostgreSQL", "whitelists");
});
afterAll(async () => { await emu?.stop(); });

/** The groups as the cloud lists them: name → sorted addresses. */
const groups = async (): Promise<Record<string, string[]>> => {
  const r = await emu.client.request<any>("DescribeDBClusterAccessWhitelist", { DBClusterId: clusterId });
  return Object.fromEntries((r.Items.DBClusterIPArray as any[]).map((g) => [g.DBClusterIPArrayName, String(g.SecurityIps).split(",").filter(Boolean).sort()]));
};
const inputs = (raw: Record<string, unknown>) => checkedInputs(provider, raw);

let app: { id: string; outs: Record<string, any> };
let web: { id: string; outs: Record<string, any> };
let appInputs: Record<string, unknown>;

test("two teams' groups created at once; each holds exactly its (deduplicated) list; default untouched", async () => {
  appInputs = await inputs({ dbClusterId: clusterId, dbClusterIpArrayName: "appservers", securityIps: ["10.0.0.2", "10.0.0.1", "10.0.0.2"] });
  const webInputs = await inputs({ dbClusterId: clusterId, dbClusterIpArrayName: "web", securityIps: ["192.168.1.0/24"], dbClusterIpArrayAttribute: "hidden" });
  [app, web] = (await Promise.all([provider.create(appInputs), provider.create(webInputs)])) as any;
  expect(app.id).toBe(`${clusterId}:appservers`);
  expect(app.outs).toMatchObject({ dbClusterIpArrayName: "appservers", securityIps: ["10.0.0.1", "10.0.0.2"] });
  expect(web.outs).toMatchObject({ securityIps: ["192.168.1.0/24"], dbClusterIpArrayAttribute: "hidden" });
  expect(await groups()).toEqual({ default: ["127.0.0.1"], appservers: ["10.0.0.1", "10.0.0.2"], web: ["192.168.1.0/24"] });
});

test("read equals the outputs; the list in another order is no change", async () => {
  const r = await provider.read(app.id, app.outs);
  expect(r.props).toEqual(app.outs);
  expect(await provider.diff(app.id, r.props, { ...appInputs, securityIps: ["10.0.0.1", "10.0.0.2"].reverse() })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("update Covers the group with the whole new list", async () => {
  const news = { ...appInputs, securityIps: ["10.0.0.1", "10.1.0.0/16"] };
  emu.emulator.resetCalls();
  app.outs = (await provider.update(app.id, app.outs, news)).outs as Record<string, any>;
  appInputs = news;
  expect(emu.emulator.calls().ModifyDBClusterAccessWhitelist).toBe(1);
  expect((await groups()).appservers).toEqual(["10.0.0.1", "10.1.0.0/16"]);
  expect(app.outs.securityIps).toEqual(["10.0.0.1", "10.1.0.0/16"]);
});

test("an address added outside Pulumi shows in refresh; the next update removes it", async () => {
  await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "appservers", ModifyMode: "Append", SecurityIps: "172.16.0.9" });
  const refreshed = (await provider.read(app.id, app.outs)).props as Record<string, any>;
  expect(refreshed.securityIps).toEqual(["10.0.0.1", "10.1.0.0/16", "172.16.0.9"]);
  expect(await provider.diff(app.id, refreshed, appInputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  app.outs = (await provider.update(app.id, refreshed, appInputs)).outs as Record<string, any>;
  expect((await groups()).appservers).toEqual(["10.0.0.1", "10.1.0.0/16"]);
});

test("while the cluster is busy the change is refused, then retried once it is Running", async () => {
  await emu.client.request("ModifyDBNodeClass", { DBClusterId: clusterId, DBNodeTargetClass: "polar.pg.x4.large", ModifyType: "Upgrade" });
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("ClassChanging");
  const before = stats().busyRetries;
  const news = { ...appInputs, securityIps: ["10.0.0.1"] };
  app.outs = (await provider.update(app.id, app.outs, news)).outs as Record<string, any>;
  appInputs = news;
  expect((await groups()).appservers).toEqual(["10.0.0.1"]);
  expect(stats().busyRetries).toBeGreaterThan(before);
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
});

test("adoption by id", async () => {
  expect((await provider.read(web.id, {})).props).toMatchObject({ dbClusterId: clusterId, dbClusterIpArrayName: "web", securityIps: ["192.168.1.0/24"], regionId: "cn-hangzhou" });
});

test("deleting one team's group removes that group only; a second delete is fine", async () => {
  await provider.delete(web.id, web.outs);
  expect(await groups()).toEqual({ default: ["127.0.0.1"], appservers: ["10.0.0.1"] });
  expect(await provider.read(web.id, web.outs)).toEqual({});
  await expect(provider.delete(web.id, web.outs)).resolves.toBeUndefined();
  await provider.delete(app.id, app.outs);
  expect(await groups()).toEqual({ default: ["127.0.0.1"] });
});

test("the default group: managed like any other; its delete puts back 127.0.0.1", async () => {
  const d = await provider.create(await inputs({ dbClusterId: clusterId, dbClusterIpArrayName: "default", securityIps: ["10.9.0.0/16"] }));
  expect(d.id).toBe(`${clusterId}:default`);
  expect((await groups()).default).toEqual(["10.9.0.0/16"]);
  await provider.delete(d.id, d.outs);
  expect(await groups()).toEqual({ default: ["127.0.0.1"] });
  expect(await provider.read(d.id, d.outs)).toEqual({}); // its initial state counts as not managed
});

test("create refuses a group that already exists outside the stack (Cover would overwrite it), naming how to adopt it", async () => {
  await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "otherteam", SecurityIps: "172.16.0.0/16", WhiteListType: "IP", ModifyMode: "Cover" });
  const err: any = await provider.create(await inputs({ dbClusterId: clusterId, dbClusterIpArrayName: "otherteam", securityIps: ["10.9.9.9"] })).catch((e) => e);
  expect(err.message).toMatch(/otherteam already exists with other settings and is not managed by this stack/);
  expect(err.message).not.toContain("pulumi import"); // it does not work for dynamic providers
  expect((await groups()).otherteam).toEqual(["172.16.0.0/16"]);
});

test("a group holding exactly the declared addresses (an earlier attempt's, e.g. a killed run) is taken over, not refused", async () => {
  await emu.client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "killedrun", SecurityIps: "10.7.0.2,10.7.0.1", WhiteListType: "IP", ModifyMode: "Cover" });
  emu.emulator.resetCalls();
  const r = await provider.create(await inputs({ dbClusterId: clusterId, dbClusterIpArrayName: "killedrun", securityIps: ["10.7.0.1", "10.7.0.2"] }));
  expect(r.id).toBe(`${clusterId}:killedrun`);
  expect(emu.emulator.calls().ModifyDBClusterAccessWhitelist ?? 0).toBe(0);
  await provider.delete(r.id, r.outs);
  expect((await groups()).killedrun).toBeUndefined();
});
