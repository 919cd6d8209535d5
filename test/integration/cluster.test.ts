/**
 * The Cluster through the generic engine against the in-process emulator (time scale 0.001:
 * a five-minute create takes 300 ms): create → read → update in place → drift made out of band
 * → replace decision → deletion lock → delete → gone; adoption by id; busy refusals; a partial
 * create. Every assertion is about what the emulator (the cloud) holds or what Pulumi would see.
 */
import { makeProvider, PartialCreateError, Provider } from "../../provider/engine";
import { runtimeDeps, stats } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const FAST = { firstDelayMs: 5, minDelayMs: 5, maxDelayMs: 40, lastProbeMarginMs: 5, progressAfterMs: 60, progressEveryMs: 60 };

const desired = {
  dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h", vpcId: "vpc-it00000000000001", vswitchId: "vsw-it00000000000001",
  description: "orders", maintainTime: "16:00Z-17:00Z", tags: { team: "payments", env: "test" },
};

let emu: TestEmulator;
let provider: Provider;
const progress: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l), convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

const attribute = (id: string) => emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
const checked = async (raw: Record<string, unknown>) => {
  const r = await provider.check!({}, raw);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as Record<string, unknown>;
};

let id: string;
let inputs: Record<string, unknown>;
let outs: Record<string, any>;

test("create: one CreateDBCluster with a ClientToken, waits until Running, converges what create cannot set", async () => {
  inputs = await checked(desired);
  expect(inputs.payType).toBe("Postpaid"); // the default is applied in check
  emu.emulator.resetCalls();
  // The cluster stays Creating until the provider has said it waits (a loaded machine could
  // otherwise see it Running at the first poll, and no progress line would be due).
  const held = emu.emulator.hold({ kind: "clusterRunning" });
  const creating = provider.create(inputs);
  for (let i = 0; i < 3000 && !progress.some((l) => / waiting until ready — Creating/.test(l)); i++) await new Promise((r) => setTimeout(r, 10));
  held.release();
  const created = await creating;
  id = created.id;
  outs = created.outs as Record<string, any>;
  const calls = emu.emulator.calls();
  console.log(`API calls for one cluster create: ${JSON.stringify(calls)}`);

  expect(id).toMatch(/^pc-[a-z0-9]+$/);
  expect(calls.CreateDBCluster).toBe(1);
  const tokens = Object.keys((emu.emulator.backend.save() as { clientTokens: Record<string, unknown> }).clientTokens);
  expect(tokens.filter((t) => t.startsWith("CreateDBCluster:"))).toEqual([expect.stringMatching(/^CreateDBCluster:[0-9a-f-]{36}$/)]);
  expect(outs).toMatchObject({
    status: "Running", dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "Postpaid",
    zoneId: "cn-hangzhou-h", vpcId: desired.vpcId, vswitchId: desired.vswitchId, description: "orders",
    maintainTime: "16:00Z-17:00Z", tags: { env: "test", team: "payments" }, regionId: "cn-hangzhou",
  });
  expect(outs.connectionString).toMatch(/\.pg\.polardb\.rds\.aliyuncs\.com$/);
  expect(outs.dbNodes.map((n: any) => n.role).sort()).toEqual(["Reader", "Writer"]);

  const live = await attribute(id);
  expect(live.DBClusterStatus).toBe("Running");
  expect(live.MaintainTime).toBe("16:00Z-17:00Z"); // the emulator's default is 18:00Z-19:00Z: set after create
  expect(live.Tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "payments" }, { Key: "env", Value: "test" }]));
});

test("progress lines during the wait name the kind, the id, the status and the elapsed time, with the task", () => {
  const line = progress.find((l) => l.startsWith(`Cluster ${id}: waiting until ready`));
  expect(line).toMatch(new RegExp(`^Cluster ${id}: waiting until ready — Creating, \\d+ms elapsed; task CreateDBInstance`));
});

test("read returns the live state, and the same diff finds no change", async () => {
  const r = await provider.read!(id, outs);
  expect(r.id).toBe(id);
  expect(r.props).toEqual(outs);
  expect(await provider.diff!(id, r.props, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("update in place: description, node class and tags, each read back", async () => {
  const news = await checked({ ...desired, description: "orders-v2", dbNodeClass: "polar.pg.x4.large", tags: { team: "payments", tier: "gold" } });
  expect(await provider.diff!(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  const r = await provider.update!(id, outs, news);
  outs = r.outs as Record<string, any>;
  inputs = news;
  expect(outs).toMatchObject({ description: "orders-v2", dbNodeClass: "polar.pg.x4.large", tags: { team: "payments", tier: "gold" }, status: "Running" });
  const calls = emu.emulator.calls();
  expect(calls).toMatchObject({ ModifyDBClusterDescription: 1, ModifyDBNodeClass: 1, TagResources: 1, UntagResources: 1 });
  const live = await attribute(id);
  expect(live.DBNodes.every((n: any) => n.DBNodeClass === "polar.pg.x4.large")).toBe(true);
  expect(live.Tags).toHaveLength(2);
});

test("drift made outside Pulumi shows in refresh: read, then diff(live, last inputs) reports it", async () => {
  await emu.client.request("ModifyDBClusterDescription", { DBClusterId: id, DBClusterDescription: "changed-out-of-band" });
  const refreshed = await provider.read!(id, outs);
  expect(refreshed.props).toMatchObject({ description: "changed-out-of-band" });
  expect(await provider.diff!(id, refreshed.props, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  // `pulumi up` puts the program's value back, in place.
  const r = await provider.update!(id, refreshed.props, inputs);
  outs = r.outs as Record<string, any>;
  expect((await attribute(id)).DBClusterDescription).toBe("orders-v2");
});

test("a zone move is in place (see cluster-options.test.ts); the network or the region is a replacement", async () => {
  expect(await provider.diff!(id, outs, { ...inputs, zoneId: "cn-hangzhou-i" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await provider.diff!(id, outs, { ...inputs, vswitchId: "vsw-other0001" })).toMatchObject({ replaces: ["vswitchId"] });
  expect(await provider.diff!(id, outs, { ...inputs, regionId: "cn-shanghai" })).toMatchObject({ replaces: ["regionId"] });
});

test("a busy cluster: the update first waits until it is Running again", async () => {
  await emu.client.request("ModifyDBNodeClass", { DBClusterId: id, DBNodeTargetClass: "polar.pg.x4.large", ModifyType: "Upgrade" });
  expect((await attribute(id)).DBClusterStatus).toBe("ClassChanging");
  const news = { ...inputs, description: "orders-v3" };
  const r = await provider.update!(id, outs, news);
  outs = r.outs as Record<string, any>;
  inputs = news;
  expect((await attribute(id)).DBClusterDescription).toBe("orders-v3");
});

test("deletion lock: destroy refuses and says how to proceed; with the opt-in it lifts the lock and deletes", async () => {
  const locked = await provider.update!(id, outs, { ...inputs, deletionLock: true });
  outs = locked.outs as Record<string, any>;
  expect((await attribute(id)).DeletionLock).toBe(1);

  await expect(provider.delete!(id, outs)).rejects.toThrow(/deletion protection.*deletionLock: false.*liftDeletionLockOnDestroy: true/s);
  expect((await attribute(id)).DBClusterStatus).toBe("Running");

  const optIn = { ...inputs, deletionLock: true, liftDeletionLockOnDestroy: true };
  expect(await provider.diff!(id, outs, optIn)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update!(id, outs, optIn)).outs as Record<string, any>;
  expect(Object.keys(emu.emulator.calls()).filter((a) => !a.startsWith("Describe"))).toEqual([]); // a provider setting: no API change

  await provider.delete!(id, outs);
  const calls = emu.emulator.calls();
  expect(calls.ModifyDBClusterDeletion).toBe(1);
  expect(calls.DeleteDBCluster).toBe(1);
  await expect(attribute(id)).rejects.toMatchObject({ code: "InvalidDBClusterId.NotFound" });
  expect(await provider.read!(id, outs)).toEqual({});
});

test("delete of a cluster that is already gone succeeds", async () => {
  await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
});

test("adoption by id, then a delete refused while the cluster is still creating: wait, retry, gone", async () => {
  const made = await emu.client.request<any>("CreateDBCluster", {
    DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid",
    ZoneId: "cn-hangzhou-h", DBClusterDescription: "made-elsewhere", ClientToken: `it-adopt-${Date.now()}`,
  });
  const adopted = await provider.read!(made.DBClusterId, {});
  expect(adopted.id).toBe(made.DBClusterId);
  expect(adopted.props).toMatchObject({ description: "made-elsewhere", dbType: "PostgreSQL", regionId: "cn-hangzhou", status: "Creating" });
  await expect(provider.read!("not-a-cluster-id", {})).rejects.toThrow(/expected <dbClusterId>/);

  const before = stats().busyRetries;
  await provider.delete!(made.DBClusterId, adopted.props!);
  expect(stats().busyRetries).toBeGreaterThan(before);
  expect(progress.some((l) => /DeleteDBCluster refused while the cluster is busy \(OperationDenied\.DBClusterStatus\)/.test(l))).toBe(true);
  await expect(attribute(made.DBClusterId)).rejects.toMatchObject({ code: "InvalidDBClusterId.NotFound" });
});

test("a create whose wait runs out is a partial create: the id and outputs reach Pulumi", async () => {
  const slow = await startTestEmulator({ timeScale: 1 }); // a real five-minute create
  try {
    const p = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: () => undefined }));
    const err = await p.create({ ...(await p.check!({}, desired)).inputs, timeouts: { create: "1s" } }).catch((e) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.id).toMatch(/^pc-/);
    expect(err.properties).toMatchObject({ status: "Creating", dbType: "PostgreSQL", regionId: "cn-hangzhou", timeouts: { create: "1s" } });
    expect(err.reasons[0]).toMatch(/not ready after .*timeouts: \{ create/);
    expect((await slow.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: err.id })).DBClusterStatus).toBe("Creating");
  } finally {
    await slow.stop();
  }
});
