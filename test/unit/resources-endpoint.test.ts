/** check and diff of the Endpoint spec: node lists as sets, config defaults, the discovery match. */
import { UNKNOWN } from "../../provider/spec";
import { endpointSpec, normaliseEndpointConfig } from "../../resources/endpoint";
import { offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(endpointSpec);
afterEach(() => expect(off.calls).toEqual([]));

const valid = {
  dbClusterId: "pc-abc123", readWriteMode: "ReadWrite", nodes: ["pi-b", "pi-a"], autoAddNewNodes: "Disable",
  endpointConfig: { ConsistLevel: "1", MasterAcceptReads: "on" }, dbEndpointDescription: "reports",
};
const live = {
  ...valid, nodes: ["pi-a", "pi-b"], endpointType: "Custom", dbEndpointId: "pe-e1", regionId: "cn-hangzhou",
  // The cloud fills in documented defaults the program did not set.
  endpointConfig: { ConsistLevel: "1", MasterAcceptReads: "on", DistributedTransaction: "on", LoadBalanceStrategy: "load" },
  addresses: [{ connectionString: "x", port: "1921", netType: "Private" }],
};
const id = "pc-abc123:pe-e1";

test("valid inputs pass; endpointType defaults to Custom; a numeric ConsistLevel becomes the API's string", async () => {
  expect(await off.valid(valid)).toEqual({ ...valid, endpointType: "Custom" });
  const r = await off.valid({ ...valid, endpointConfig: { ConsistLevel: 2 } });
  expect(r.endpointConfig).toEqual({ ConsistLevel: "2" });
});

test.each([
  [{ endpointType: "Cluster" }, "endpointType", /must be "Custom"/],
  [{ readWriteMode: "Both" }, "readWriteMode", /"ReadWrite".*"ReadOnly"/],
  [{ nodes: ["Reader1", "pi-a"] }, "nodes.0", /node id such as "pi-/],
  [{ nodes: [] }, "nodes", /at least one node/],
  [{ nodes: ["pi-a", "pi-a"] }, "nodes", /ReadWrite endpoint needs at least 2 nodes/],
  [{ autoAddNewNodes: "yes" }, "autoAddNewNodes", /"Enable" or "Disable"/],
  [{ endpointConfig: { ConsistLevel: "3" } }, "endpointConfig.ConsistLevel", /"0".*"1".*"2"/],
  [{ endpointConfig: { Consistency: "1" } }, "endpointConfig.Consistency", /is not an endpoint setting; allowed: ConsistLevel, DistributedTransaction/],
  [{ endpointConfig: { ConnectionPersist: "on" } }, "endpointConfig.ConnectionPersist", /"off", "Session" or "Transaction"/],
  [{ endpointConfig: { ConsistLevel: "0", DistributedTransaction: "on" } }, "endpointConfig.DistributedTransaction", /cannot be "on" with ConsistLevel "0"/],
  [{ readWriteMode: "ReadOnly", endpointConfig: { ConsistLevel: "1" } }, "endpointConfig.ConsistLevel", /ReadOnly endpoint supports only ConsistLevel "0"/],
  [{ dbEndpointDescription: "" }, "dbEndpointDescription", /must not be empty/],
])("%j fails on %s", async (change, property, reason) => {
  const failures = await off.failures({ ...valid, ...change });
  expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("unknown node ids (other resources' outputs) pass during preview", async () => {
  expect(await off.failures({ ...valid, nodes: [UNKNOWN, "pi-a"] })).toEqual([]);
  expect(await off.failures({ ...valid, nodes: UNKNOWN })).toEqual([]);
});

test("no change: node order, and config keys at their documented defaults, do not matter", async () => {
  expect(await off.provider.diff(id, live, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await off.provider.diff(id, live, { ...valid, endpointConfig: { ...valid.endpointConfig, ConnectionPersist: "off" } })).toMatchObject({ changes: false });
});

test("every setting changes in place; only the cluster (or the type) replaces", async () => {
  for (const change of [
    { readWriteMode: "ReadOnly", endpointConfig: { ConsistLevel: "0" } }, { nodes: ["pi-a", "pi-c"] }, { autoAddNewNodes: "Enable" },
    { endpointConfig: { ConsistLevel: "1", MasterAcceptReads: "off" } }, { dbEndpointDescription: "reports-2" },
  ]) {
    expect(await off.provider.diff(id, live, { ...valid, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  }
  expect(await off.provider.diff(id, live, { ...valid, dbClusterId: "pc-other" })).toEqual({ changes: true, replaces: ["dbClusterId"], deleteBeforeReplace: false });
});

test("a node added by the cloud (autoAddNewNodes) shows as a change when nodes are listed, not when they are left to the cloud", async () => {
  const grown = { ...live, nodes: ["pi-a", "pi-b", "pi-c"] };
  expect(await off.provider.diff(id, grown, valid)).toMatchObject({ changes: true, replaces: [] });
  const { nodes: _n, ...unlisted } = valid;
  expect(await off.provider.diff(id, grown, unlisted)).toMatchObject({ changes: false });
});

test.each([
  [{ ConsistLevel: "1", DistributedTransaction: "on" }, {}],
  [{ MasterAcceptReads: "on", ConsistLevel: 0 }, { ConsistLevel: "0", MasterAcceptReads: "on" }],
  [{ LoadBalanceStrategy: "load", ConnectionPersist: "Session" }, { ConnectionPersist: "Session" }],
  [undefined, undefined],
])("normaliseEndpointConfig(%j) = %j", (input, out) => {
  expect(normaliseEndpointConfig(input)).toEqual(out);
});

test("create and modify send the node set sorted, the config as JSON, and AutoAddNewNodes always on modify", () => {
  const inputs = endpointSpec.inputs.parse(valid);
  expect(endpointSpec.create.params(inputs)).toEqual({
    EndpointType: "Custom", ReadWriteMode: "ReadWrite", Nodes: "pi-a,pi-b", AutoAddNewNodes: "Disable",
    EndpointConfig: '{"ConsistLevel":"1","MasterAcceptReads":"on"}', DBEndpointDescription: "reports",
  });
  const { autoAddNewNodes: _a, ...noAuto } = inputs;
  const params = endpointSpec.update![0].params!(noAuto as any, { autoAddNewNodes: "Enable" }, { dbClusterId: "pc-abc123", dbEndpointId: "pe-e1" });
  expect(params.AutoAddNewNodes).toBe("Enable");
});

test("discovery takes only a Custom newcomer that matches what was asked for", () => {
  const d = endpointSpec.create.discover!;
  const inputs = endpointSpec.inputs.parse(valid);
  const row = { DBEndpointId: "pe-new", EndpointType: "Custom", DBEndpointDescription: "reports", ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Disable", Nodes: "pi-b,pi-a", AddressItems: [] };
  expect(d.matches!(row, inputs)).toBe(true);
  expect(d.matches!({ ...row, DBEndpointDescription: "other" }, inputs)).toBe(false);
  expect(d.matches!({ ...row, Nodes: "pi-a" }, inputs)).toBe(false);
  expect(d.matches!({ ...row, EndpointType: "Cluster" }, inputs)).toBe(false);
  expect(d.assigns(row)).toEqual({ dbEndpointId: "pe-new" });
});
