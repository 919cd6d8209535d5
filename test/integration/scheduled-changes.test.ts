/**
 * Changes on the cloud's schedule: with `plannedWindow`, a class upgrade is registered
 * (PlannedStartTime/PlannedEndTime) and `up` returns; diff sees nothing left to do while it is
 * pending; refresh shows its status; a new window cancels and re-registers it; once the task has
 * run the live class matches and no diff remains. Removing the window runs it now; a downgrade
 * cannot wait. The emulator fires tasks on its scaled clock (a start 30 minutes away ≈ 1.8 s).
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { windowProblem } from "../../resources/cluster-schedule";
import { checkedInputs, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
const lines: string[] = [];
const MEDIUM = "polar.pg.x4.medium", LARGE = "polar.pg.x4.large", XLARGE = "polar.pg.x8.xlarge";
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";
const windowIn = (minutes: number) => `${iso(Date.now() + minutes * 60_000)}/${iso(Date.now() + (minutes + 30) * 60_000)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

const base = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: MEDIUM, zoneId: "cn-hangzhou-h" };

test("registered, shown, re-registered with a new window, run by the cloud, converged", async () => {
  const created = await provider.create(await checkedInputs(provider, base));
  const id = created.id;
  let outs = created.outs;

  // Registered: up returns at once, the class is still the old one, the state records the task.
  let news = await checkedInputs(provider, { ...base, dbNodeClass: LARGE, plannedWindow: windowIn(60) });
  expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const t0 = Date.now(); // the emulator runs on this clock
  outs = (await provider.update!(id, outs, news)).outs;
  // It did not wait for the window: the cloud has not started the change (no status of the cluster
  // moved; waiting would have seen ClassChanging → Running), and its task is still pending.
  expect(emu.emulator.history({ clusterId: id, since: t0 })).toEqual([]);
  expect((await emu.client.request<any>("DescribeScheduleTasks", { DBClusterId: id })).Data.TimerInfos).toEqual([expect.objectContaining({ Action: "ModifyDBNodeClass", Status: "pending" })]);
  expect(outs.dbNodeClass).toBe(MEDIUM);
  expect(outs.scheduledChanges).toEqual([expect.objectContaining({ action: "ModifyDBNodeClass", targets: { dbNodeClass: LARGE }, status: "pending", taskId: expect.any(String) })]);
  expect(lines.join("\n")).toMatch(/dbNodeClass will change in the window .* \(ModifyDBNodeClass, task [\w-]+\); `pulumi up` does not wait for it/);
  const first = outs.scheduledChanges[0].taskId;
  // Nothing left to do while it is pending: the next preview is quiet.
  expect((await provider.diff(id, outs, news)).changes).toBe(false);
  // Refresh shows it.
  const read = await provider.read!(id, outs);
  expect(read.props!.scheduledChanges).toEqual([expect.objectContaining({ taskId: first, status: "pending" })]);

  // A new window: cancelled and registered again.
  news = await checkedInputs(provider, { ...base, dbNodeClass: LARGE, plannedWindow: windowIn(20) });
  expect((await provider.diff(id, outs, news)).changes).toBe(true);
  emu.emulator.resetCalls();
  outs = (await provider.update!(id, outs, news)).outs;
  expect(emu.emulator.calls().CancelScheduleTasks).toBe(1);
  expect(outs.scheduledChanges[0].taskId).not.toBe(first);
  const tasks = (await emu.client.request<any>("DescribeScheduleTasks", { DBClusterId: id })).Data.TimerInfos;
  expect(tasks.find((t: any) => t.TaskId === first)?.Status).toBe("cancel");

  // The cloud runs it in its window (20 minutes ≈ 1.2 s here): refresh converges, no diff remains.
  let props = outs;
  for (let i = 0; i < 100 && (props.dbNodeClass !== LARGE || props.scheduledChanges); i++) {
    await sleep(100);
    props = (await provider.read!(id, props)).props!;
  }
  expect(props.dbNodeClass).toBe(LARGE);
  expect(props.scheduledChanges).toBeUndefined();
  expect((await provider.diff(id, props, news)).changes).toBe(false);
  expect((await describeCluster(emu, id)).DBClusterStatus).toBe("Running");

  // Removing the window while a change waits runs it now (the waiting task is cancelled).
  news = await checkedInputs(provider, { ...base, dbNodeClass: XLARGE, plannedWindow: windowIn(60) });
  props = (await provider.update!(id, props, news)).outs;
  expect(props.scheduledChanges).toHaveLength(1);
  const now = await checkedInputs(provider, { ...base, dbNodeClass: XLARGE });
  emu.emulator.resetCalls();
  props = (await provider.update!(id, props, now)).outs;
  expect(emu.emulator.calls().CancelScheduleTasks).toBe(1);
  expect(props.dbNodeClass).toBe(XLARGE);
  expect(props.scheduledChanges).toBeUndefined();

  // A downgrade cannot wait for a window (the reference plans upgrades): it runs now, and says so.
  lines.length = 0;
  props = (await provider.update!(id, props, await checkedInputs(provider, { ...base, dbNodeClass: MEDIUM, plannedWindow: windowIn(60) }))).outs;
  expect(props.dbNodeClass).toBe(MEDIUM);
  expect(lines.join("\n")).toMatch(/dbNodeClass cannot wait for a window .*changing now/);
});

test("a window that expired is reported, and the next up registers it again", async () => {
  const { id, outs } = await provider.create(await checkedInputs(provider, { ...base, description: "expiring" }));
  const news = await checkedInputs(provider, { ...base, description: "expiring", dbNodeClass: LARGE, plannedWindow: windowIn(60) });
  const registered = (await provider.update!(id, outs, news)).outs;
  // The record says the window is over (as it would be the day after, had the task not run).
  const stale = { ...registered, scheduledChanges: registered.scheduledChanges.map((r: any) => ({ ...r, status: "expired" })) };
  lines.length = 0;
  expect(await provider.diff(id, stale, news)).toMatchObject({ changes: true, replaces: [] });
  expect(lines.join("\n")).toMatch(/the ModifyDBNodeClass registered for .* did not happen: its task [\w-]+ ended expired; `pulumi up` registers it again/);
});

test("preview checks the window: form, length, the next 24 hours", async () => {
  expect(windowProblem("18:00Z-19:00Z")).toBeUndefined();
  expect(windowProblem("23:45Z-00:30Z")).toBeUndefined();
  expect(windowProblem("10:00Z-10:20Z")).toMatch(/lasts 20 minutes; the cloud needs at least 30/);
  expect(windowProblem("tonight")).toMatch(/daily UTC window such as/);
  expect(windowProblem(`${iso(Date.now() - 3_600_000)}/${iso(Date.now() + 3_600_000)}`)).toMatch(/starts in the past/);
  expect(windowProblem(`${iso(Date.now() + 30 * 3_600_000)}/${iso(Date.now() + 31 * 3_600_000)}`)).toMatch(/more than 24 hours from now/);
  const r = await provider.check({}, { ...base, plannedWindow: "10:00Z-10:20Z" });
  expect(r.failures).toEqual([{ property: "plannedWindow", reason: expect.stringMatching(/at least 30/) }]);
});
