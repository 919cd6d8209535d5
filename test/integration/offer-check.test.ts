/**
 * Preview asks the cloud what it sells (DescribeDBClusterAvailableResources, once per process,
 * region and pay type) and judges Cluster and Node inputs by the answer, naming the field; when the
 * cloud cannot be reached it judges by the built-in table and says so once.
 */
import { createServer } from "node:net";
import { PolarDBClient } from "../../provider/client";
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { nodeSpec } from "../../resources/node";
import { FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TEST_KEY, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let cluster: Provider;
let node: Provider;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const deps = runtimeDeps({ tuning: FAST, progress: (l) => { lines.push(l); } });
  cluster = makeProvider(clusterSpec, deps);
  node = makeProvider(nodeSpec, deps);
});
afterAll(async () => { await emu?.stop(); });

const failures = async (p: Provider, news: Record<string, unknown>) => (await p.check({}, news)).failures ?? [];
const pg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };
const asked = () => emu.emulator.calls().DescribeDBClusterAvailableResources ?? 0;
const fallbackLines = () => lines.filter((l) => /could not ask the cloud/.test(l));

test("today's versions pass: PostgreSQL 14, 15 and 16, Oracle 14, MySQL 8.0 — asked once", async () => {
  emu.emulator.resetCalls();
  for (const inputs of [pg, { ...pg, dbVersion: "16" }, { ...pg, dbVersion: "15", dbNodeClass: "polar.pg.x8.large" },
    { dbType: "Oracle", dbVersion: "14", dbNodeClass: "polar.o.x4.medium", zoneId: "cn-hangzhou-i" },
    { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.mmx4.medium" }]) {
    expect(await failures(cluster, inputs)).toEqual([]);
  }
  expect(await failures(node, { dbClusterId: "pc-abc123", dbNodeClass: "polar.o.x4.medium", zoneId: "cn-hangzhou-h" })).toEqual([]);
  expect(asked()).toBe(1);
  expect(fallbackLines()).toEqual([]);
});

test("what the emulator does not sell is refused on its field, though the built-in families allow it", async () => {
  expect(await failures(cluster, { ...pg, dbVersion: "16", dbNodeClass: "polar.pg.x9.enormous" })).toEqual([
    { property: "dbNodeClass", reason: expect.stringMatching(/"polar\.pg\.x9\.enormous" is not sold for PostgreSQL 16 in zone cn-hangzhou-h in cn-hangzhou \(Postpaid\): one of "polar\.pg\.x4\.medium", .*DescribeDBClusterAvailableResources/) },
  ]);
  expect(await failures(cluster, { ...pg, dbVersion: "12" })).toEqual([
    { property: "dbVersion", reason: expect.stringMatching(/PostgreSQL "12" is not sold in cn-hangzhou \(Postpaid\): one of "11", "14", "15", "16"/) },
  ]);
  expect(await failures(cluster, { ...pg, zoneId: "cn-hangzhou-z" })).toEqual([
    { property: "zoneId", reason: expect.stringMatching(/zone "cn-hangzhou-z" sells no PolarDB cluster in cn-hangzhou/) },
  ]);
  expect(await failures(node, { dbClusterId: "pc-abc123", dbNodeClass: "polar.pg.x9.enormous" })).toEqual([
    { property: "dbNodeClass", reason: expect.stringMatching(/"polar\.pg\.x9\.enormous" is not sold in cn-hangzhou \(Postpaid\): one of "polar\.pg\./) },
  ]);
  expect(asked()).toBe(1);
  // Another pay type is another question: serverless is pay-as-you-go only.
  expect(await failures(cluster, { ...pg, payType: "Prepaid", period: 1, dbNodeClass: "polar.pg.sl.small" })).toEqual([
    { property: "dbNodeClass", reason: expect.stringMatching(/"polar\.pg\.sl\.small" is not sold for PostgreSQL 14 in zone cn-hangzhou-h in cn-hangzhou \(Prepaid\)/) },
  ]);
  expect(await failures(cluster, { ...pg, dbNodeClass: "polar.pg.sl.small" })).toEqual([]);
  expect(asked()).toBe(2);
});

test("a PostgreSQL 16 cluster passes check and is created", async () => {
  const inputs = (await cluster.check({}, { ...pg, dbVersion: "16", description: "pg16" })).inputs;
  const created = await cluster.create(inputs);
  expect(created.outs).toMatchObject({ dbType: "PostgreSQL", dbVersion: "16", dbNodeClass: "polar.pg.x4.medium", status: "Running" });
});

test("the cloud unreachable: the built-in table judges, said once", async () => {
  const port = await closedPort();
  const nowhere = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret } });
  const offline = makeProvider(clusterSpec, runtimeDeps({ api: () => nowhere, progress: (l) => { lines.push(l); } }));
  try {
    // The table knows families, not each class: a class the emulator does not sell passes; an unknown version does not.
    expect(await failures(offline, { ...pg, dbVersion: "16", dbNodeClass: "polar.pg.x9.enormous" })).toEqual([]);
    expect(await failures(offline, { ...pg, dbVersion: "12" })).toEqual([
      { property: "dbVersion", reason: expect.stringMatching(/PostgreSQL has no version "12": one of "11", "14", "15", "16" \(from the provider's built-in table/) },
    ]);
    expect(fallbackLines()).toEqual([expect.stringMatching(/preview could not ask the cloud what it sells \(DescribeDBClusterAvailableResources in cn-hangzhou, Postpaid: no answer within 8 s \(the endpoint is unreachable or slow\)\).*built-in table/)]);
  } finally {
    await nowhere.close();
  }
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
