/**
 * The Cluster's MySQL engine switches, node counts, DynamoDB and modifyType (resources/cluster-mysql-options.ts):
 * preview's rules naming the field, the create parameters, the parameter spellings, the node-count
 * calls, and the read of DescribeDBClusterAttribute. No API call.
 */
import type { Props } from "../../provider/spec";
import { clusterSpec } from "../../resources/cluster";
import { CLUSTER_PARAMETER_INPUTS, mysqlOptionNote, mysqlOptionOutputs, mysqlOptionParams } from "../../resources/cluster-mysql-options";
import { offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(clusterSpec);
afterEach(() => expect(off.calls).toEqual([]));

const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
const pg14 = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium" };

test("every new input passes where the reference allows it", async () => {
  const all = { ...mysql, loosePolarLogBin: "ON", looseXengine: "ON", looseXengineUseMemoryPct: 60, dbNodeNum: 3, dbNodeCount: 4, modifyType: "Upgrade" };
  expect(await off.valid(all)).toMatchObject(all);
  expect(await off.valid({ ...pg14, enableDynamodb: true, dbNodeCount: 3 })).toMatchObject({ enableDynamodb: true, dbNodeCount: 3 });
  expect(await off.valid({ ...mysql, dbVersion: "5.6", dbNodeClass: "polar.mysql.x4.medium", loosePolarLogBin: "OFF" })).toMatchObject({ loosePolarLogBin: "OFF" });
});

test.each([
  [{ ...pg14, loosePolarLogBin: "ON" }, "loosePolarLogBin", /is a MySQL option; a PostgreSQL cluster does not take it/],
  [{ ...pg14, looseXengine: "OFF" }, "looseXengine", /is a MySQL option/],
  [{ ...pg14, dbNodeNum: 2 }, "dbNodeNum", /is a MySQL option/],
  [{ ...mysql, dbVersion: "5.7", looseXengine: "ON" }, "looseXengine", /X-Engine needs dbVersion "8.0"; MySQL 5.7 has none/],
  [{ ...mysql, looseXengine: "ON", creationOption: "CreateGdnStandby", gdnId: "gdn-abc" }, "looseXengine", /GDN secondary/],
  [{ ...mysql, dbNodeClass: "polar.mysql.sl.small", looseXengine: "ON" }, "looseXengine", /8 GB of memory or more; polar.mysql.sl.small has 2 GB/],
  [{ ...mysql, looseXengineUseMemoryPct: 50 }, "looseXengineUseMemoryPct", /applies with looseXengine "ON" only/],
  [{ ...mysql, looseXengine: "ON", looseXengineUseMemoryPct: 95 }, "looseXengineUseMemoryPct", /10–90/],
  [{ ...mysql, looseXengine: "on" }, "looseXengine", /must be "ON" or "OFF"/],
  [{ ...mysql, dbNodeNum: 17 }, "dbNodeNum", /1–16 nodes/],
  [{ ...mysql, dbNodeCount: 0 }, "dbNodeCount", /1–16 nodes/],
  [{ ...mysql, creationCategory: "Basic", dbNodeCount: 2 }, "dbNodeCount", /"Basic" \(Single Node\) has one node/],
  [{ ...mysql, enableDynamodb: true }, "enableDynamodb", /PostgreSQL feature; a MySQL cluster does not take it/],
  [{ ...pg14, dbVersion: "16", dbNodeClass: "polar.pg.x4.large", enableDynamodb: true }, "enableDynamodb", /needs PostgreSQL 14, not 16/],
  [{ ...mysql, modifyType: "Sideways" }, "modifyType", /"Upgrade" or "Downgrade"/],
])("%j fails on %s", async (raw, property, reason) => {
  const failures = (await off.failures(raw)).filter((f) => f.property === property);
  expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("CreateDBCluster's parameters: DBNodeNum from dbNodeNum (else dbNodeCount) on MySQL only; the memory share only with X-Engine on", () => {
  expect(mysqlOptionParams({ ...mysql, loosePolarLogBin: "ON", looseXengine: "ON", looseXengineUseMemoryPct: 60, dbNodeNum: 3, dbNodeCount: 5 }))
    .toEqual({ LoosePolarLogBin: "ON", LooseXEngine: "ON", LooseXEngineUseMemoryPct: "60", DBNodeNum: "3" });
  expect(mysqlOptionParams({ ...mysql, looseXengine: "OFF", looseXengineUseMemoryPct: 60, dbNodeCount: 4 }))
    .toEqual({ LoosePolarLogBin: undefined, LooseXEngine: "OFF", LooseXEngineUseMemoryPct: undefined, DBNodeNum: "4" });
  expect(mysqlOptionParams({ ...pg14, dbNodeCount: 3 }).DBNodeNum).toBeUndefined();
});

test("the parameters' spellings: X-Engine 1/0, MySQL 5.6's ON_WITH_GTID, the time zone's +8:00, both ways", () => {
  const { loosePolarLogBin, looseXengine, looseXengineUseMemoryPct, defaultTimeZone } = CLUSTER_PARAMETER_INPUTS;
  expect(looseXengine.send("ON", mysql)).toBe("1");
  expect(looseXengine.send("OFF", mysql)).toBe("0");
  expect([looseXengine.read("1"), looseXengine.read("0")]).toEqual(["ON", "OFF"]);
  expect(loosePolarLogBin.send("ON", { ...mysql, dbVersion: "5.6" })).toBe("ON_WITH_GTID");
  expect(loosePolarLogBin.send("ON", mysql)).toBe("ON");
  expect([loosePolarLogBin.read("ON_WITH_GTID"), loosePolarLogBin.read("OFF"), loosePolarLogBin.read("weird")]).toEqual(["ON", "OFF", undefined]);
  expect([looseXengineUseMemoryPct.send(60, mysql), looseXengineUseMemoryPct.read("60")]).toEqual(["60", 60]);
  expect([defaultTimeZone.send("+08:00", mysql), defaultTimeZone.read("+8:00")]).toEqual(["+8:00", "+08:00"]);
});

const group = (field: string) => clusterSpec.update!.find((g) => g.fields.includes(field))!;
const readers = (n: number) => [{ dbNodeId: "pi-w", role: "Writer" }, ...Array.from({ length: n }, (_, i) => ({ dbNodeId: `pi-r${i + 1}`, role: "Reader" }))];
const live = (n: number, extra: Props = {}): Props => ({ dbNodeClass: "polar.mysql.x4.large", dbNodes: readers(n), dbNodeCount: n + 1, ...extra });

test("dbNodeCount up: readers of the class the cluster has (several per call on MySQL, one per call elsewhere)", () => {
  const calls = group("dbNodeCount").calls!;
  expect(calls({ ...mysql, dbNodeCount: 4 } as any, live(1), { dbClusterId: "pc-x" })).toEqual([
    { action: "CreateDBNodes", params: { DBClusterId: "pc-x", DBNode: [{ TargetClass: "polar.mysql.x4.large" }, { TargetClass: "polar.mysql.x4.large" }] } },
  ]);
  expect(calls({ ...pg14, dbNodeCount: 4 } as any, live(1, { dbNodeClass: "polar.pg.x4.medium" }), { dbClusterId: "pc-x" })).toEqual([
    { action: "CreateDBNodes", params: { DBClusterId: "pc-x", DBNode: [{ TargetClass: "polar.pg.x4.medium" }] } },
    { action: "CreateDBNodes", params: { DBClusterId: "pc-x", DBNode: [{ TargetClass: "polar.pg.x4.medium" }] } },
  ]);
});

test("dbNodeCount down: the newest readers, never the writer; preview names them", () => {
  const calls = group("dbNodeCount").calls!;
  expect(calls({ ...mysql, dbNodeCount: 2 } as any, live(3), { dbClusterId: "pc-x" })).toEqual([
    { action: "DeleteDBNodes", params: { DBClusterId: "pc-x", DBNodeId: ["pi-r2", "pi-r3"] } },
  ]);
  expect(calls({ ...pg14, dbNodeCount: 1 } as any, live(2), { dbClusterId: "pc-x" })).toEqual([
    { action: "DeleteDBNodes", params: { DBClusterId: "pc-x", DBNodeId: ["pi-r1"] } },
    { action: "DeleteDBNodes", params: { DBClusterId: "pc-x", DBNodeId: ["pi-r2"] } },
  ]);
  expect(mysqlOptionNote(live(3), { ...mysql, dbNodeCount: 2 }, ["dbNodeCount"]))
    .toMatch(/dbNodeCount 4 → 2 removes reader node\(s\) pi-r2, pi-r3 \(DeleteDBNodes\); if polardb.Node resources manage this cluster's readers, leave dbNodeCount unset/);
  expect(mysqlOptionNote(live(1), { ...mysql, dbNodeCount: 3 }, ["dbNodeCount"])).toMatch(/dbNodeCount 2 → 3 adds 1 reader node\(s\) \(CreateDBNodes\)/);
  expect(mysqlOptionNote({}, { ...mysql, looseXengine: "ON" }, ["looseXengine"])).toMatch(/changing looseXengine sets the parameter loose_xengine, which restarts the cluster/);
});

test("an unset dbNodeCount is an output only: Node resources may add readers without a diff; a set one shows the drift", async () => {
  const inputs = await off.valid(mysql);
  const stored = { ...inputs, dbNodeCount: 3, dbNodes: readers(2), status: "Running", regionId: "cn-hangzhou" };
  expect((await off.provider.diff("pc-x", stored, inputs)).changes).toBe(false);
  expect(await off.provider.diff("pc-x", stored, { ...inputs, dbNodeCount: 2 })).toMatchObject({ changes: true, replaces: [] });
  // dbNodeNum and modifyType call nothing after creation: a change is no replacement.
  expect((await off.provider.diff("pc-x", { ...stored, dbNodeNum: 2 }, { ...inputs, dbNodeNum: 3, modifyType: "Downgrade" })).replaces).toEqual([]);
});

test("the attribute's node count (a SteadyServerless cluster counts its steady nodes) and DynamoDB", () => {
  expect(mysqlOptionOutputs({ DBNodes: [{}, {}, {}] })).toEqual({ dbNodeCount: 3 });
  expect(mysqlOptionOutputs({ ServerlessType: "SteadyServerless", DBNodes: [{ ServerlessType: "SteadyServerless" }, { ServerlessType: "" }] })).toEqual({ dbNodeCount: 1 });
  expect(mysqlOptionOutputs({ DBNodes: [{}], DynamoDB: "ON" })).toEqual({ dbNodeCount: 1, enableDynamodb: true });
  expect(mysqlOptionOutputs({ DBNodes: [{}], DynamoDB: "OFF" })).toEqual({ dbNodeCount: 1, enableDynamodb: false });
});
