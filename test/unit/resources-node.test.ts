/** check and diff of the Node spec: no API call; what replaces and what changes in place. */
import { UNKNOWN } from "../../provider/spec";
import { nodeSpec } from "../../resources/node";
import { offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(nodeSpec);
afterEach(() => expect(off.calls).toEqual([]));

const valid = { dbClusterId: "pc-abc123", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };
const live = { ...valid, dbNodeId: "pi-n1", role: "Reader", status: "Running", clusterStatus: "Running", regionId: "cn-hangzhou" };

test("valid inputs pass unchanged; the zone is optional", async () => {
  expect(await off.valid(valid)).toEqual(valid);
  expect(await off.valid({ dbClusterId: "pc-abc123", dbNodeClass: "polar.mysql.x8.large" })).toEqual({ dbClusterId: "pc-abc123", dbNodeClass: "polar.mysql.x8.large" });
});

test.each([
  [{ dbClusterId: "cluster-1" }, "dbClusterId", /cluster id such as "pc-/],
  [{ dbNodeClass: "x4.medium" }, "dbNodeClass", /node class such as "polar.pg.x4.medium"/],
  [{ zoneId: "Hangzhou" }, "zoneId", /zone id such as "cn-hangzhou-h"/],
])("%j fails on %s", async (change, property, reason) => {
  expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("a missing cluster id is named; an unknown input is refused", async () => {
  expect(await off.failures({ dbNodeClass: "polar.pg.x4.medium" })).toEqual([{ property: "dbClusterId", reason: "dbClusterId is required" }]);
  expect(await off.failures({ ...valid, count: 2 })).toEqual([{ property: "", reason: expect.stringMatching(/unknown input "count"; Node takes: .*dbNodeClass/) }]);
});

test("the cluster id may be unknown during preview", async () => {
  expect(await off.valid({ ...valid, dbClusterId: UNKNOWN })).toEqual({ ...valid, dbClusterId: UNKNOWN });
});

test("no change when the live node matches; outputs-only fields are ignored", async () => {
  expect(await off.provider.diff("pc-abc123:pi-n1", live, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("the class changes in place; the cluster or the zone replaces the node (new node first)", async () => {
  expect(await off.provider.diff("pc-abc123:pi-n1", live, { ...valid, dbNodeClass: "polar.pg.x4.large" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await off.provider.diff("pc-abc123:pi-n1", live, { ...valid, zoneId: "cn-hangzhou-i" })).toEqual({ changes: true, replaces: ["zoneId"], deleteBeforeReplace: false });
  expect(await off.provider.diff("pc-abc123:pi-n1", live, { ...valid, dbClusterId: "pc-other" })).toMatchObject({ replaces: ["dbClusterId"] });
});

test("the id is <dbClusterId>:<dbNodeId>, mapped to DBClusterId and DBNodeId", () => {
  expect(nodeSpec.id.parse("pc-abc123:pi-n1")).toEqual({ dbClusterId: "pc-abc123", dbNodeId: "pi-n1" });
  expect(() => nodeSpec.id.parse("pc-abc123")).toThrow(/expected <dbClusterId>:<dbNodeId>/);
  expect(() => nodeSpec.id.parse("pc-abc123:pe-x")).toThrow(/dbNodeId matching/);
});

test("create asks for exactly one node; delete names exactly this node", () => {
  expect(nodeSpec.create.params(nodeSpec.inputs.parse(valid))).toEqual({ DBNode: [{ TargetClass: "polar.pg.x4.medium", ZoneId: "cn-hangzhou-h" }] });
  expect(nodeSpec.delete.params!({ dbClusterId: "pc-abc123", dbNodeId: "pi-n1" }, {})).toEqual({ DBNodeId: ["pi-n1"] });
});

test("a class change calls ModifyDBNodeClass with the direction, or nothing when the cluster already has the class", () => {
  const group = nodeSpec.update![0];
  const key = { dbClusterId: "pc-abc123", dbNodeId: "pi-n1" };
  const up = group.calls!({ ...valid, dbNodeClass: "polar.pg.x8.xlarge" } as any, { dbNodeClass: "polar.pg.x4.medium" }, key);
  expect(up).toEqual([{ action: "ModifyDBNodeClass", params: { DBClusterId: "pc-abc123", DBNodeTargetClass: "polar.pg.x8.xlarge", ModifyType: "Upgrade" } }]);
  const down = group.calls!({ ...valid, dbNodeClass: "polar.pg.x4.medium" } as any, { dbNodeClass: "polar.pg.x4.large" }, key);
  expect(down[0].params.ModifyType).toBe("Downgrade");
  expect(group.calls!({ ...valid, dbNodeClass: "polar.pg.x4.large" } as any, { dbNodeClass: "polar.pg.x4.large" }, key)).toEqual([]);
});

test("ready means the node AND its cluster are Running", () => {
  expect(nodeSpec.ready({ status: "Running", clusterStatus: "Running" })).toBe(true);
  expect(nodeSpec.ready({ status: "Running", clusterStatus: "DBNodeCreating" })).toBe(false);
  expect(nodeSpec.ready({ status: "Creating", clusterStatus: "Running" })).toBe(false);
  expect(nodeSpec.status({ status: "Running", clusterStatus: "ClassChanging" })).toBe("Running (cluster ClassChanging)");
});
