/**
 * Destroy when nothing links a child to its cluster (after `pulumi import`, both are deleted at
 * once): the child's delete meets a cluster that is being released, and what lives in the cluster
 * goes with it. The delete succeeds and says so; it does not fail on the cluster's status.
 */
import { makeProvider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { databaseSpec } from "../../resources/database";
import { FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
beforeAll(async () => { emu = await startTestEmulator({ timeScale: 0.01 }); });
afterAll(async () => { await emu?.stop(); });

test("a database whose cluster is being deleted is deleted with it: success, one line, no error", async () => {
  const lines: string[] = [];
  const databases = makeProvider(databaseSpec, runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 }));
  const clusterId = await runningCluster("MySQL", "goes together");
  const checked = await databases.check({}, { dbClusterId: clusterId, dbName: "appdb" });
  expect(checked.failures ?? []).toEqual([]);
  const { id, outs } = await databases.create(checked.inputs);
  // The cluster's delete starts first (the engine's order when nothing links the two).
  await emu.client.request("DeleteDBCluster", { DBClusterId: clusterId });
  await expect(databases.delete(id, outs)).resolves.toBeUndefined();
  expect(lines.join("\n")).toMatch(new RegExp(`its cluster ${clusterId} is being deleted, and it goes with it`));
});
