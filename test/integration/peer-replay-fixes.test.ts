/**
 * Disagreements the peer replay found (test/e2e/peer-replay-2, TestAccAliCloudPolarDBCluster_SteadyServerless),
 * fixed where the peer's test passing on the real cloud shows we were wrong, through the Cluster spec
 * against the emulator: db_node_count 3 with imci_switch ON in one step is three nodes, the
 * column-store reader among them (not four); and on a steady serverless cluster the nodes report
 * ServerlessType SteadyServerless, so the count of its nodes stays 3 after the switch (the peer
 * counts a steady cluster's SteadyServerless nodes) and the next diff is empty.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { CLASS, checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
});
afterAll(async () => { await emu?.stop(); });

test("dbNodeCount 2 → 3 with imciSwitch ON in one update adds one node, the column-store reader; steady serverless keeps the count at 3", async () => {
  const plain = await checkedInputs(provider, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, description: "steady", dbNodeCount: 2 });
  const { id, outs } = await provider.create(plain);
  expect(outs.dbNodeCount).toBe(2);

  const columns = await checkedInputs(provider, { ...plain, dbNodeCount: 3, imciSwitch: "ON" });
  const withColumns = (await provider.update!(id, outs, columns)).outs!;
  const nodes = cloud(emu).clusters[id].nodes as Array<{ ImciSwitch?: string }>;
  expect({ nodes: nodes.length, columnStore: nodes.filter((n) => n.ImciSwitch === "ON").length }).toEqual({ nodes: 3, columnStore: 1 });
  expect(withColumns).toMatchObject({ dbNodeCount: 3, imciSwitch: "ON" });
  expect((await provider.diff(id, withColumns, columns)).changes).toBe(false);

  const steady = await checkedInputs(provider, {
    ...columns, serverlessType: "SteadyServerless", serverlessSteadySwitch: "ON", scaleMin: 1, scaleMax: 2, scaleRoNumMin: 1, scaleRoNumMax: 2, allowShutDown: "false",
  });
  const on = (await provider.update!(id, withColumns, steady)).outs!;
  expect((await describeCluster(emu, id)).DBNodes.map((n: { ServerlessType?: string }) => n.ServerlessType)).toEqual(["SteadyServerless", "SteadyServerless", "SteadyServerless"]);
  expect(on.dbNodeCount).toBe(3);
  expect((await provider.diff(id, on, steady)).changes).toBe(false);
});
