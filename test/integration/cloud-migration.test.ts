/**
 * The CloudMigrationTask spec (RDS, seeds 004 + 001) through the generic engine against the
 * in-process emulator: a migration walking every stage to success with progress lines, a failing
 * one (unreachable source; a source account without the privilege) as one clear error that
 * names the stage and reason and leaves nothing recorded, check before any call, replacement
 * rules, refresh, and the source password never in outputs, progress, errors or the emulator's
 * saved state.
 */
import { makeProvider, Provider, ResourceFailedError } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { cloudMigrationTaskSpec, detailLines, replicationInfo } from "../../resources/cloud-migration-task";
import { FAST, checkedInputs } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const PASSWORD = "Src-Migr4te!pass";
let emu: TestEmulator;
let provider: Provider;
const progress: string[] = [];
const creates = () => emu.emulator.calls().CreateCloudMigrationTask ?? 0;
const anyCalls = () => Object.values(emu.emulator.calls()).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  // 0.0005: a ten-minute migration takes ~0.3 s.
  emu = await startTestEmulator({ timeScale: 0.0005 });
  provider = makeProvider(cloudMigrationTaskSpec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l) }));
});
afterAll(async () => {
  expect(progress.join("\n")).not.toContain(PASSWORD);
  await emu?.stop();
});

const base = {
  dbInstanceName: DEFAULT_INSTANCES.target, sourceCategory: "ecsOnVpc", sourceIpAddress: "172.16.10.20", sourcePort: 5432,
  sourceAccount: "migratetest", sourcePassword: PASSWORD,
};
const inputs = (raw: Record<string, unknown>) => checkedInputs(provider, raw);

let id: string;
let outs: Record<string, any>;
let desired: Record<string, unknown>;

test("create walks precheck → … → success with progress; outputs carry the stage and log, never the password", async () => {
  desired = await inputs({ ...base, taskName: "pg-to-rds" });
  const created = await provider.create(desired);
  id = created.id;
  outs = created.outs as Record<string, any>;
  expect(id).toMatch(new RegExp(`^${DEFAULT_INSTANCES.target}:\\d+$`));
  expect(outs).toMatchObject({
    dbInstanceName: DEFAULT_INSTANCES.target, taskName: "pg-to-rds", migrateStage: "success", replicationState: "finish",
    sourceIpAddress: "172.16.10.20", sourcePort: 5432, sourceAccount: "migratetest", sourceCategory: expect.stringMatching(/^ecsOnVpc$/i), // the seed echoes it lower-cased
  });
  expect(outs.taskId).toBe(id.split(":")[1]);
  expect(outs.detail.split("\n")).toEqual(expect.arrayContaining(["[Check rds empty]", "Check rds databases: success", "[Synchronize data]"]));
  expect(outs.replication).not.toHaveProperty("Conninfo");
  expect(outs.sourcePassword).toBeUndefined();
  expect(JSON.stringify(outs)).not.toContain(PASSWORD);
  expect(outs.secretDigests.sourcePassword).toMatch(/^scrypt\$/);
  // Several stages were reported while waiting.
  const stages = new Set(progress.flatMap((l) => /stage (\w+)/.exec(l)?.[1] ?? []));
  expect(stages.size).toBeGreaterThanOrEqual(2);
});

test("the cloud echoes SourcePassword in clear text; the provider's read drops it (and the emulator never saves it)", async () => {
  const rds = await emu.rds.request<any>("DescribeCloudMigrationResult", { DBInstanceName: DEFAULT_INSTANCES.target, TaskId: outs.taskId, PageNumber: 1, PageSize: 10 });
  expect(rds.Items[0].SourcePassword).toBe(PASSWORD);
  const r = await provider.read(id, outs);
  expect(JSON.stringify(r.props)).not.toContain(PASSWORD);
  expect(r.props).toEqual(outs);
  expect(JSON.stringify(emu.emulator.backend.save())).not.toContain(PASSWORD);
});

test("diff: same inputs no change; a new source replaces; a new password alone is in place and calls nothing", async () => {
  expect(await provider.diff(id, outs, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect((await provider.diff(id, outs, { ...desired, sourceIpAddress: "172.16.10.21" })).replaces).toEqual(["sourceIpAddress"]);
  expect((await provider.diff(id, outs, { ...desired, sourceCategory: "ECSONVPC" })).changes).toBe(false);
  const pw = { ...desired, sourcePassword: "Another-pass1" };
  expect(await provider.diff(id, outs, pw)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  const before = creates();
  const u = await provider.update(id, outs, pw);
  expect(creates()).toBe(before);
  expect((u.outs as any).secretDigests.sourcePassword).not.toBe(outs.secretDigests.sourcePassword);
  expect(await provider.diff(id, u.outs as any, pw)).toMatchObject({ changes: false });
});

test("an unreachable source (192.0.2.0/24) fails at precheck: one error with the stage and reason; nothing recorded", async () => {
  const bad = await inputs({ ...base, dbInstanceName: DEFAULT_INSTANCES.target2, sourceCategory: "internet", sourceIpAddress: "192.0.2.7" });
  const err: any = await provider.create(bad).catch((e) => e);
  expect(err).toBeInstanceOf(ResourceFailedError); // not a partial create: nothing to record
  expect(err.message).toMatch(/failed in stage precheck/);
  expect(err.message).toMatch(/Check ip connectable: failed\(error:/);
  expect(err.message).toMatch(/run `pulumi up` again/);
  expect(err.message).not.toContain(PASSWORD);
});

test("a source account without REPLICATION fails in its stage, here basebackup via fail_basebackup", async () => {
  const bad = await inputs({ ...base, sourceAccount: "fail_basebackup" });
  const err: any = await provider.create(bad).catch((e) => e);
  expect(err.message).toMatch(/failed in stage basebackup/);
});

test("the answer to CreateCloudMigrationTask is lost after the task was made: it is found and recorded, not made twice", async () => {
  const instance = DEFAULT_INSTANCES.target2;
  const before = (await emu.rds.request<any>("DescribeCloudMigrationResult", { DBInstanceName: instance, PageNumber: 1, PageSize: 100 })).Items.length;
  emu.emulator.setFaults("CreateCloudMigrationTask:drop=#1");
  try {
    const made = await provider.create(await inputs({ ...base, dbInstanceName: instance, sourceIpAddress: "172.16.44.44" }));
    expect(made.outs).toMatchObject({ migrateStage: "success", sourceIpAddress: "172.16.44.44" });
    expect(progress.join("\n")).toMatch(/the answer to CreateCloudMigrationTask was lost .*the new resource is listed/);
  } finally {
    emu.emulator.setFaults(undefined);
  }
  const after = (await emu.rds.request<any>("DescribeCloudMigrationResult", { DBInstanceName: instance, PageNumber: 1, PageSize: 100 })).Items;
  expect(after.length).toBe(before + 1);
});

test("check refuses bad inputs before any call: private/public address vs category, port, instance id, unknown input", async () => {
  const before = anyCalls();
  const r1 = await provider.check({}, { ...base, sourceCategory: "internet" });
  expect(r1.failures).toEqual([expect.objectContaining({ property: "sourceIpAddress", reason: expect.stringMatching(/private address/) })]);
  const r2 = await provider.check({}, { ...base, sourceIpAddress: "8.8.8.8" });
  expect(r2.failures?.[0]).toMatchObject({ property: "sourceIpAddress" });
  const r3 = await provider.check({}, { ...base, sourcePort: 70000, dbInstanceName: "rm-xyz" });
  expect(r3.failures?.map((f) => f.property).sort()).toEqual(["dbInstanceName", "sourcePort"]);
  const r4 = await provider.check({}, { ...base, sourcePassword: "" });
  expect(r4.failures?.[0].reason).toMatch(/sourcePassword/);
  expect(anyCalls()).toBe(before);
});

test("destroy leaves the task (no API can delete it) and says so", async () => {
  progress.length = 0;
  await provider.delete(id, outs);
  expect(progress.join("\n")).toMatch(/removed from the state only; a cloud migration task cannot be deleted/);
  const tasks = await emu.rds.request<any>("DescribeCloudMigrationResult", { DBInstanceName: DEFAULT_INSTANCES.target, TaskId: outs.taskId, PageNumber: 1, PageSize: 10 });
  expect(tasks.Items).toHaveLength(1);
});

test("log and replication parsing accept the seed's escaping and plain text", () => {
  expect(detailLines("[A]\\nx: success\\n")).toEqual(["[A]", "x: success"]);
  expect(detailLines("[A]\nx: success\n")).toEqual(["[A]", "x: success"]);
  expect(replicationInfo('{\\"Status\\":\\"streaming\\",\\"Conninfo\\":\\"user=a password=******** host=h\\"}')).toEqual({ Status: "streaming" });
  expect(replicationInfo("null")).toEqual({});
});
