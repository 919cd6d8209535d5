/**
 * The plugin's planned outputs (provider/plugin/preview.ts) with the real specs: what a preview of
 * Create and Update knows without the cloud, and what it must leave unknown.
 */
import { changedInputs, plannedCreate, plannedUpdate, stableOutputs } from "../../provider/plugin/preview";
import { UNKNOWN } from "../../provider/spec";
import { specs } from "../../resources";

const cluster = specs.Cluster, node = specs.Node;
const OLDS = {
  dbClusterId: "pc-abc", dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: "orders",
  securityIps: ["10.0.0.1", "10.0.0.2"], status: "Running", primaryEndpointId: "pe-p", connectionString: "pc-abc.example", regionId: "cn-hangzhou",
};

test("stable outputs: the id parts and the spec's declared ones", () => {
  expect(stableOutputs(cluster)).toEqual(["dbClusterId", "primaryEndpointId", "creationTime"]);
  expect(stableOutputs(node)).toEqual(["dbClusterId", "dbNodeId"]);
});

test("changes are judged in the comparison form; unknown counts as changed; a removed input is no change", () => {
  const tagged = { ...OLDS, tags: [{ Key: "b", Value: "2" }, { Key: "a", Value: "1" }] };
  expect(changedInputs(cluster, tagged, { ...tagged, tags: { a: "1", b: "2" } }).fields).toEqual([]);
  expect(changedInputs(cluster, tagged, { ...tagged, tags: { a: "1" } }).fields).toEqual(["tags"]);
  expect(changedInputs(cluster, OLDS, { dbType: "MySQL", dbNodeClass: UNKNOWN })).toEqual({ fields: ["dbNodeClass"], cloud: true });
  expect(changedInputs(cluster, OLDS, { ...OLDS, timeouts: { update: "2h" } })).toEqual({ fields: ["timeouts"], cloud: false });
});

test("an update: changed inputs planned, derived outputs unknown, id parts from the id", () => {
  const planned = plannedUpdate(cluster, "pc-abc", OLDS, { ...OLDS, description: "renamed", dbClusterId: undefined });
  expect(planned).toEqual({ ...OLDS, description: "renamed", status: UNKNOWN, connectionString: UNKNOWN });
  const n = plannedUpdate(node, "pc-abc:pi-1", { dbClusterId: "pc-abc", dbNodeId: "pi-1", dbNodeClass: "a", dbNodeRole: "Reader" }, { dbClusterId: "pc-abc", dbNodeClass: "polar.mysql.x8.large" });
  expect(n).toEqual({ dbClusterId: "pc-abc", dbNodeId: "pi-1", dbNodeClass: "polar.mysql.x8.large", dbNodeRole: UNKNOWN });
});

test("a create: inputs and known id parts; an adoption knows its id parts but not the object's values", () => {
  const n = plannedCreate(node, { dbClusterId: "pc-abc", dbNodeClass: "polar.mysql.x4.medium" }, ["dbNodeId", "dbNodeRole", "dbNodeClass"], "cn-beijing");
  expect(n).toEqual({ dbClusterId: "pc-abc", dbNodeId: UNKNOWN, dbNodeRole: UNKNOWN, dbNodeClass: "polar.mysql.x4.medium", regionId: "cn-beijing" });
  const adopted = plannedCreate(node, { adopt: "pc-abc:pi-9", dbClusterId: "pc-abc", dbNodeClass: "polar.mysql.x4.medium", timeouts: { create: "1h" } }, ["dbNodeClass"], "cn-beijing");
  expect(adopted).toEqual({ dbClusterId: "pc-abc", dbNodeId: "pi-9", dbNodeClass: UNKNOWN, timeouts: { create: "1h" }, regionId: "cn-beijing" });
});
