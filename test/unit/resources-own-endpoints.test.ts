/**
 * check and diff of ClusterEndpoint, PrimaryEndpoint and the custom Endpoint's private address:
 * each rule names its field, the peer's spellings are accepted, nothing reaches the cloud; the
 * spec option for objects that come with their parent (create.takes) must come with delete.leaves.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource } from "../../provider/spec";
import { endpointSpec } from "../../resources/endpoint";
import { clusterEndpointSpec, primaryEndpointSpec } from "../../resources/own-endpoints";
import { offlineProvider } from "../helpers/offline-provider";

const cluster = offlineProvider(clusterEndpointSpec);
const primary = offlineProvider(primaryEndpointSpec);
const custom = offlineProvider(endpointSpec);
afterEach(() => { for (const o of [cluster, primary, custom]) expect(o.calls).toEqual([]); });

const base = { dbClusterId: "pc-abc123" };

test("valid inputs pass; the peer's spellings (port digits, ssl Enable/Disable) become ours", async () => {
  expect(await cluster.valid({ ...base, port: 3307, connectionPrefix: "orders-rw", sslEnabled: "Enable", netType: "Private", sslAutoRotate: "Enable" }))
    .toEqual({ ...base, port: "3307", connectionPrefix: "orders-rw", sslEnabled: "Enabled", netType: "Private", sslAutoRotate: "Enable" });
  expect(await primary.valid({ ...base, port: "5999", sslEnabled: "Disable" })).toEqual({ ...base, port: "5999", sslEnabled: "Disabled" });
  expect(await cluster.valid({ ...base, readWriteMode: "ReadWrite", nodes: ["pi-b", "pi-a"], endpointConfig: { ConsistLevel: 2 } }))
    .toMatchObject({ nodes: ["pi-b", "pi-a"], endpointConfig: { ConsistLevel: "2" } });
  expect(await custom.valid({ ...base, readWriteMode: "ReadOnly", connectionPrefix: "reports-ro", port: 3000 })).toMatchObject({ connectionPrefix: "reports-ro", port: "3000" });
});

describe.each([["ClusterEndpoint", cluster], ["PrimaryEndpoint", primary], ["Endpoint", custom]] as const)("%s: the private address", (_kind, off) => {
  test.each([
    [{ connectionPrefix: "Orders" }, "connectionPrefix", /6–30 characters: lower-case letters/],
    [{ connectionPrefix: "abc" }, "connectionPrefix", /6–30 characters/],
    [{ connectionPrefix: "1orders" }, "connectionPrefix", /starting with a letter/],
    [{ connectionPrefix: "orders-" }, "connectionPrefix", /ending with a letter or digit/],
    [{ connectionPrefix: "a".repeat(31) }, "connectionPrefix", /6–30 characters/],
    [{ port: 2999 }, "port", /3000–5999 \(PolarDB MySQL only\)/],
    [{ port: "6000" }, "port", /3000–5999/],
    [{ port: 3306.5 }, "port", /3000–5999/],
    [{ port: "33a" }, "port", /a port number such as 3307/],
  ])("%j fails on %s", async (change, property, reason) => {
    expect(await off.failures({ ...base, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
});

test.each([
  [cluster, { sslEnabled: "Update" }, "sslEnabled", /"Enabled" or "Disabled" \(renewing the certificate/],
  [cluster, { netType: "Private" }, "netType", /give sslEnabled too/],
  [primary, { netType: "Inner" }, "netType", /give sslEnabled too/],
  [primary, { sslAutoRotate: "yes" }, "sslAutoRotate", /"Enable" or "Disable"/],
  [cluster, { readWriteMode: "ReadOnly", endpointConfig: { ConsistLevel: "1" } }, "endpointConfig.ConsistLevel", /ReadOnly endpoint supports only ConsistLevel "0"/],
  [cluster, { endpointConfig: { ConsistLevel: "0", DistributedTransaction: "on" } }, "endpointConfig.DistributedTransaction", /cannot be "on"/],
  [cluster, { nodes: ["Writer"] }, "nodes.0", /node id such as "pi-/],
  // The reference (SDK 9.2.1) over the peer, whose acceptance test sends one node to a ReadWrite Cluster endpoint.
  [cluster, { readWriteMode: "ReadWrite", nodes: ["pi-a", "pi-a"] }, "nodes", /ReadWrite endpoint needs at least 2 nodes/],
  [cluster, { dbEndpointDescription: "" }, "dbEndpointDescription", /must not be empty/],
])("%#: %j fails on %s", async (off, change, property, reason) => {
  expect(await off.failures({ ...base, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("the Primary endpoint takes only what the cloud lets change on it", async () => {
  const failures = await primary.failures({ ...base, nodes: ["pi-a"], readWriteMode: "ReadOnly" });
  expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/unknown inputs "nodes", "readWriteMode"; PrimaryEndpoint takes: .*dbEndpointDescription, connectionPrefix, port, sslEnabled/) }]);
});

test("diff: every setting in place, only another cluster replaces; a port as a number equals its digits", async () => {
  const id = "pc-abc123:pe-c1";
  const live = { ...base, dbEndpointId: "pe-c1", endpointType: "Cluster", regionId: "cn-hangzhou", port: "3306", connectionPrefix: "pc-abc123", sslEnabled: "Disabled", nodes: ["pi-a", "pi-b"], endpointConfig: {} };
  expect(await cluster.provider.diff(id, live, { ...base, port: 3306, nodes: ["pi-b", "pi-a"] })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  for (const change of [{ port: 3307 }, { connectionPrefix: "orders-rw" }, { sslEnabled: "Enabled" }, { readWriteMode: "ReadOnly" }, { endpointConfig: { ConsistLevel: "2" } }, { dbEndpointDescription: "x" }]) {
    expect(await cluster.provider.diff(id, live, { ...base, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  }
  expect(await cluster.provider.diff(id, live, { dbClusterId: "pc-other1" })).toMatchObject({ replaces: ["dbClusterId"] });
});

test("the ids read from the id alone are <dbClusterId>:<dbEndpointId>", () => {
  expect(clusterEndpointSpec.id.parse("pc-abc123:pe-c1")).toEqual({ dbClusterId: "pc-abc123", dbEndpointId: "pe-c1" });
  expect(() => primaryEndpointSpec.id.parse("pc-abc123")).toThrow(/expected <dbClusterId>:<dbEndpointId>/);
});

test("create.takes (an object that comes with its parent) needs delete: { leaves }", () => {
  const inputs = z.strictObject({ ...commonInputs, dbClusterId: z.string() });
  const spec = (del: any) => defineResource({
    kind: "Taken", inputs, id: compositeId({ dbClusterId: "DBClusterId" }), replaceOn: ["dbClusterId"], cluster: (k) => k.dbClusterId,
    create: { action: "DescribeX", params: () => ({}), takes: { items: () => [], pick: () => true, assigns: () => ({}), missing: () => "none" } },
    read: { action: "DescribeX", outputs: () => ({}) }, status: () => "ok", ready: () => true, delete: del, timeouts: { create: "1m", update: "1m", delete: "1m" },
  });
  expect(() => spec({ action: "DeleteX" })).toThrow(/create.takes .* needs delete: \{ leaves \}/);
  expect(() => spec({ leaves: "it comes with its parent" })).not.toThrow();
});
