/**
 * Manual backups as a resource (CreateBackup → the set listed → DeleteBackup), the backup list as
 * a function, and the two actions for scripts (restart a node, fail over), which wait.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { failoverCluster, getBackups, restartNode } from "../../provider/cluster-actions";
import { runtimeDeps } from "../../provider/runtime";
import { backupSpec } from "../../resources/backup";
import { checkedInputs, describeCluster, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let clusterId: string;
const opts = () => ({ pollMs: 10 }); // region, endpoint and key from the environment the test emulator sets

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (bounded) until it returns `want`, and asserts that it did. */
async function until<T>(probe: () => Promise<T>, want: T): Promise<void> {
  let last: T | undefined;
  for (let i = 0; i < 500 && (last = await probe()) !== want; i++) await sleep(10);
  expect(last).toBe(want);
}

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(backupSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
  clusterId = await runningCluster("PostgreSQL", "backed-up");
  // A new cluster's first automated backup runs for ~300 ms here, and the cloud runs one backup job
  // at a time: a Backup created meanwhile is refused (BackupJobExists) and retried a bounded number
  // of times, a race with that job's length. Start from a cluster whose job is done.
  await until(async () => (await emu.client.request<any>("DescribeBackupTasks", { DBClusterId: clusterId })).Items.BackupJob.length, 0);
});
afterAll(async () => { await emu?.stop(); });

test("a Backup waits until its set exists, reads back, is listed by getBackups, and delete removes exactly it", async () => {
  const inputs = await checkedInputs(provider, { dbClusterId: clusterId });
  const { id, outs } = await provider.create(inputs);
  expect(id).toMatch(new RegExp(`^${clusterId}:\\d+$`));
  expect(outs).toMatchObject({ dbClusterId: clusterId, status: "Success", backupMethod: "Snapshot" });
  expect(outs.sizeBytes).toBeGreaterThan(0);
  const listed = await getBackups(clusterId, {});
  expect(listed.map((b) => b.backupId)).toContain(outs.backupId);
  expect(listed.find((b) => b.backupId === outs.backupId)).toMatchObject({ mode: "Manual", status: "Success" });
  expect(listed.some((b) => b.mode === "Automated")).toBe(true); // the cluster's own first backup

  const read = await provider.read!(id, outs);
  expect(read.id).toBe(id);
  expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);

  await provider.delete!(id, outs);
  expect((await getBackups(clusterId, { mode: "Manual" })).map((b) => b.backupId)).not.toContain(outs.backupId);
  expect(await provider.read!(id, outs)).toEqual({});
});

test("restartNode and failoverCluster wait until the cluster is Running; failover names the new writer", async () => {
  await emu.client.request("CreateDBNodes", { DBClusterId: clusterId, "DBNode.1.TargetClass": "polar.pg.x4.medium", ClientToken: "reader-for-failover" });
  await until(async () => (await describeCluster(emu, clusterId)).DBClusterStatus, "Running");
  const nodes = () => describeCluster(emu, clusterId).then((d) => (d.DBNodes.DBNode ?? d.DBNodes) as Array<{ DBNodeId: string; DBNodeRole: string }>);
  const before = await nodes();
  const reader = before.find((n) => n.DBNodeRole === "Reader")!.DBNodeId;

  const since = Date.now(); // the emulator runs on this clock
  await restartNode(clusterId, reader, opts());
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");

  const { writer } = await failoverCluster(clusterId, reader, opts());
  expect(writer).toBe(reader);
  expect((await nodes()).find((n) => n.DBNodeRole === "Writer")?.DBNodeId).toBe(reader);
  // Each waited for the change it made: the restart and the switch, in this order, each back to Running before the next call.
  expect(emu.emulator.history({ clusterId, object: "cluster", since }).map((e) => `${e.from}>${e.to}`))
    .toEqual(["Running>Rebooting", "Rebooting>Running", "Running>Switching", "Switching>Running"]);
});
