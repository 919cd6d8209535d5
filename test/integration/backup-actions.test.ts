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

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(backupSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
  clusterId = await runningCluster("PostgreSQL", "backed-up");
});
afterAll(async () => { await emu?.stop(); });

test("a Backup waits until its set exists, reads back, is listed by getBackups, and delete removes exactly it", async () => {
  const inputs = await checkedInputs(provider, { dbClusterId: clusterId });
  const { id, outs } = await provider.create(inputs);
  expect(id).toMatch(new RegExp(`^${clusterId}:\\d+$`));
  expect(outs).toMatchObject({ dbClusterId: clusterId, status: "Success", backupMethod: "Snapshot" });
  expect(outs.sizeBytes).toBeGreaterThan(0);
  const listed = await getBackups(clusterId, {}, opts());
  expect(listed.map((b) => b.backupId)).toContain(outs.backupId);
  expect(listed.find((b) => b.backupId === outs.backupId)).toMatchObject({ mode: "Manual", status: "Success" });
  expect(listed.some((b) => b.mode === "Automated")).toBe(true); // the cluster's own first backup

  const read = await provider.read!(id, outs);
  expect(read.id).toBe(id);
  expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);

  await provider.delete!(id, outs);
  expect((await getBackups(clusterId, { mode: "Manual" }, opts())).map((b) => b.backupId)).not.toContain(outs.backupId);
  expect(await provider.read!(id, outs)).toEqual({});
});

test("restartNode and failoverCluster wait until the cluster is Running; failover names the new writer", async () => {
  await emu.client.request("CreateDBNodes", { DBClusterId: clusterId, "DBNode.1.TargetClass": "polar.pg.x4.medium", ClientToken: "reader-for-failover" });
  for (let i = 0; i < 500 && (await describeCluster(emu, clusterId)).DBClusterStatus !== "Running"; i++) await new Promise((r) => setTimeout(r, 10));
  const nodes = () => describeCluster(emu, clusterId).then((d) => (d.DBNodes.DBNode ?? d.DBNodes) as Array<{ DBNodeId: string; DBNodeRole: string }>);
  const before = await nodes();
  const reader = before.find((n) => n.DBNodeRole === "Reader")!.DBNodeId;

  await restartNode(clusterId, reader, opts());
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");

  const { writer } = await failoverCluster(clusterId, reader, opts());
  expect(writer).toBe(reader);
  expect((await nodes()).find((n) => n.DBNodeRole === "Writer")?.DBNodeId).toBe(reader);
});
