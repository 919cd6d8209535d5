/**
 * A serverless MySQL 8.0 cluster with a column-store (IMCI) reader, as examples/serverless makes
 * it: the read-only range (ScaleRoNumMin/Max) governs the row-store readers only — the column-store
 * nodes are counted by their own range (ScaleApRoNumMin/Max) — so narrowing the read-only range
 * never removes the column-store node.
 */
import { describeCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
beforeAll(async () => { emu = await startTestEmulator({ timeScale: 0.001 }); });
afterAll(async () => { await emu?.stop(); });

async function running(id: string) {
  for (let i = 0; i < 400; i++) {
    const a = await describeCluster(emu, id);
    if (a.DBClusterStatus === "Running" && a.DBNodes.every((n: any) => n.DBNodeStatus === "Running")) return a;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`cluster ${id} did not settle`);
}
const readers = (a: any) => a.DBNodes.filter((n: any) => n.DBNodeRole === "Reader").map((n: any) => ({ id: n.DBNodeId, imci: n.ImciSwitch }));

test("narrowing the read-only range removes row-store readers only; the column-store reader and its range stay", async () => {
  const { DBClusterId: id } = await emu.client.request<any>("CreateDBCluster", {
    DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.sl.small", ServerlessType: "AgileServerless", PayType: "Postpaid",
    ZoneId: "cn-hangzhou-h", ScaleMin: "1", ScaleMax: "8", ScaleRoNumMin: "1", ScaleRoNumMax: "2",
  });
  await running(id);
  const imci = (await emu.client.request<any>("CreateDBNodes", { DBClusterId: id, ImciSwitch: "ON", DBNode: [{ TargetClass: "polar.mysql.sl.small" }] })).DBNodeIds.DBNodeId[0];
  await running(id);
  await emu.client.request("ModifyDBClusterServerlessConf", { DBClusterId: id, ScaleApRoNumMin: "1", ScaleApRoNumMax: "2" });
  const before = readers(await running(id));
  expect(before).toEqual([{ id: expect.any(String), imci: "OFF" }, { id: imci, imci: "ON" }]);

  await emu.client.request("ModifyDBClusterServerlessConf", { DBClusterId: id, ScaleRoNumMin: "0", ScaleRoNumMax: "0" });
  expect(readers(await running(id))).toEqual([{ id: imci, imci: "ON" }]);
  expect(await emu.client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: id }))
    .toMatchObject({ ScaleRoNumMin: "0", ScaleRoNumMax: "0", ScaleApRoNumMin: "1", ScaleApRoNumMax: "2" });

  // And the read-only minimum raised again adds a row-store reader, not counting the column-store one.
  await emu.client.request("ModifyDBClusterServerlessConf", { DBClusterId: id, ScaleRoNumMin: "1", ScaleRoNumMax: "1" });
  const after = readers(await running(id));
  expect(after.filter((r: any) => r.imci !== "ON")).toHaveLength(1);
  expect(after.filter((r: any) => r.imci === "ON").map((r: any) => r.id)).toEqual([imci]);
});
