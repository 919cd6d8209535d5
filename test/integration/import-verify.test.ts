/**
 * Import verify (the peer's ImportStateVerify): for every resource kind, a read from the id alone
 * gives back exactly what the state holds after create — except what no describe returns, which
 * each spec declares (unread, provider-local settings, write-only secrets and their digests).
 * `adopt`, `refresh` and (with the plugin) `pulumi import` all rest on this.
 */
import { makeProvider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import type { ResourceSpec } from "../../provider/spec";
import { specs } from "../../resources";
import { FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let clusterId: string;
let primaryEndpointId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  clusterId = await runningCluster("MySQL", "import-verify");
  const items = (await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as Array<{ DBEndpointId: string; EndpointType: string }>;
  primaryEndpointId = items.find((e) => e.EndpointType === "Primary")!.DBEndpointId;
});
afterAll(async () => { await emu?.stop(); });

const provider = (kind: string) => makeProvider(specs[kind], runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));

/** What the state holds that a read from the id alone cannot know, by the spec's own declarations. */
function notReadable(spec: ResourceSpec): string[] {
  return [...(spec.unread ?? []), ...(spec.local ?? []), ...(spec.writeOnly ?? []), "secretDigests", "timeouts"].map(String);
}
const without = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

const cases: Array<[string, () => Record<string, unknown>]> = [
  ["Cluster", () => ({ dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h", description: "verify me", maintainTime: "16:00Z-17:00Z", tags: { team: "db" } })],
  ["Node", () => ({ dbClusterId: clusterId, dbNodeClass: "polar.mysql.x4.medium" })],
  ["Endpoint", () => ({ dbClusterId: clusterId, readWriteMode: "ReadOnly", autoAddNewNodes: "Enable", dbEndpointDescription: "verify" })],
  ["Account", () => ({ dbClusterId: clusterId, accountName: "verifier", accountPassword: "Verify-Passw0rd-1", accountDescription: "verify" })],
  ["Database", () => ({ dbClusterId: clusterId, dbName: "verified", characterSetName: "utf8mb4", dbDescription: "verify" })],
  ["Whitelist", () => ({ dbClusterId: clusterId, dbClusterIpArrayName: "verify", securityIps: ["10.2.0.0/16", "10.3.0.1"] })],
  ["ClusterParameters", () => ({ dbClusterId: clusterId, parameters: { wait_timeout: "1800" } })],
  ["BackupPolicy", () => ({ dbClusterId: clusterId, preferredBackupPeriod: ["Monday", "Friday"] })],
  ["SqlCollector", () => ({ dbClusterId: clusterId })],
  ["EndpointAddress", () => ({ dbClusterId: clusterId, dbEndpointId: primaryEndpointId, connectionStringPrefix: "verify-public" })],
  ["ClusterSsl", () => ({ dbClusterId: clusterId, dbEndpointId: primaryEndpointId, netType: "Private" })],
  ["Backup", () => ({ dbClusterId: clusterId })],
];

test.each(cases)("%s: read by id alone equals the state after create", async (kind, raw) => {
  const p = provider(kind);
  const checked = await p.check({}, raw());
  expect(checked.failures ?? []).toEqual([]);
  const created = await p.create(checked.inputs);
  const imported = await p.read(created.id, {});
  expect(imported.id).toBe(created.id);
  const skip = notReadable(specs[kind]);
  expect(without(imported.props as Record<string, unknown>, skip)).toEqual(without(created.outs as Record<string, unknown>, skip));
});
