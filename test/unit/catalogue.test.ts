/**
 * Preview catches what the built-in tables decide when the cloud cannot be asked (no credentials
 * here): engine/version pairs, class families, character sets, regions and their zones — each
 * failure naming the Pulumi field. The tables are today's (SDK 9.2.1, the peer's tests).
 */
import {
  categoriesOf, charsetProblem, CLASS_FAMILY, classesFor, classProblem, ENGINE_VERSIONS, MINOR_VERSIONS, NODE_CLASSES, versionProblem, zoneProblem,
} from "../../reference/catalogue";
import { configure, handle } from "../../provider/runtime";

type CheckResult = { failures?: Array<{ property: string; reason: string }> };
const check = async (kind: string, news: Record<string, unknown>) => ((await handle(kind, "check", [{}, news])) as CheckResult).failures ?? [];
const cluster = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };

let region = "cn-hangzhou";
beforeAll(() => configure({ get: (k: string) => (k === "polardb:region" ? region : undefined) }));
afterAll(() => configure(undefined));
afterEach(() => { region = "cn-hangzhou"; delete process.env.POLARDB_CATALOGUE_CHECKS; });

test("a valid cluster passes", async () => {
  expect(await check("Cluster", cluster)).toEqual([]);
});

test("an engine version the table does not list, on dbVersion; today's versions pass", async () => {
  expect(await check("Cluster", { ...cluster, dbVersion: "12" })).toEqual([
    { property: "dbVersion", reason: expect.stringMatching(/PostgreSQL has no version "12": one of "11", "14", "15", "16" \(from the provider's built-in table, current to the Alibaba Cloud SDK 9\.2\.1/) },
  ]);
  expect(await check("Cluster", { ...cluster, dbType: "Oracle", dbVersion: "12", dbNodeClass: "polar.o.x4.medium" })).toEqual([
    { property: "dbVersion", reason: expect.stringMatching(/Oracle has no version "12": one of "11", "14"/) },
  ]);
  for (const [dbType, dbVersion, dbNodeClass] of [["PostgreSQL", "14", "polar.pg.x4.medium"], ["PostgreSQL", "15", "polar.pg.x4.large"], ["PostgreSQL", "16", "polar.pg.x4.medium"],
    ["Oracle", "14", "polar.o.x4.medium"], ["Oracle", "11", "polar.o.x4.large"], ["MySQL", "8.0", "polar.mysql.x4.large"], ["MySQL", "5.6", "polar.mysql.x2.medium"]]) {
    expect(await check("Cluster", { ...cluster, dbType, dbVersion, dbNodeClass })).toEqual([]);
  }
});

test("a class of another engine, or of none, on dbNodeClass", async () => {
  expect(await check("Cluster", { ...cluster, dbNodeClass: "polar.mysql.x4.large" })).toEqual([
    { property: "dbNodeClass", reason: expect.stringMatching(/is a MySQL class; a PostgreSQL cluster takes "polar\.pg\.…" classes/) },
  ]);
  expect(await check("Node", { dbClusterId: "pc-abc", dbNodeClass: "polar.xx.x4.large" })).toEqual([
    { property: "dbNodeClass", reason: expect.stringMatching(/class of no engine/) },
  ]);
});

test("a zone of another region, on zoneId; a region PolarDB does not serve, on regionId", async () => {
  expect(await check("Cluster", { ...cluster, zoneId: "cn-shanghai-e" })).toEqual([
    { property: "zoneId", reason: expect.stringMatching(/zone "cn-shanghai-e" is not in region "cn-hangzhou"/) },
  ]);
  expect(await check("Cluster", { ...cluster, regionId: "cn-shanghai", zoneId: "cn-shanghai-e" })).toEqual([]);
  expect(await check("Node", { dbClusterId: "pc-abc", dbNodeClass: "polar.pg.x4.medium", regionId: "ap-southeast-1", zoneId: "ap-southeast-1a" })).toEqual([]);
  expect(await check("Cluster", { ...cluster, regionId: "mars-1" })).toEqual([
    { property: "regionId", reason: expect.stringMatching(/"mars-1" is not a region PolarDB serves/) },
  ]);
});

test("a configured default region that PolarDB does not serve is named as configuration", async () => {
  region = "mars-1";
  const failures = await check("Database", { dbClusterId: "pc-abc", dbName: "app", characterSetName: "utf8" });
  expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/configured region \(polardb:region or ALIBABA_CLOUD_REGION_ID\): "mars-1"/) }]);
});

test("a character set no engine uses, on characterSetName", async () => {
  expect(await check("Database", { dbClusterId: "pc-abc", dbName: "app", characterSetName: "NOTACHARSET" })).toEqual([
    { property: "characterSetName", reason: expect.stringMatching(/"NOTACHARSET" is not a character set/) },
  ]);
  expect(await check("Database", { dbClusterId: "pc-abc", dbName: "app", characterSetName: "UTF8" })).toEqual([]);
});

test("values still unknown in preview are not judged", async () => {
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  expect(await check("Cluster", { ...cluster, zoneId: unknown })).toEqual([]);
  expect(await check("Database", { dbClusterId: unknown, dbName: "app", characterSetName: unknown })).toEqual([]);
});

test("POLARDB_CATALOGUE_CHECKS=off leaves form checks only", async () => {
  process.env.POLARDB_CATALOGUE_CHECKS = "off";
  expect(versionProblem("PostgreSQL", "17")).toBeUndefined();
  expect(classProblem("polar.mysql.x4.large", "PostgreSQL")).toBeUndefined();
  expect(charsetProblem("koi8-new")).toBeUndefined();
  expect(await check("Cluster", { ...cluster, dbVersion: "17", regionId: "cn-newplace" , zoneId: "cn-newplace-a" })).toEqual([]);
  // A zone of another region is a contradiction, not a catalogue question.
  expect(zoneProblem("cn-shanghai-e", "cn-hangzhou")).toBeDefined();
});

test("the class table: each class is of its engine's family, sold for versions the engine has, with a source", () => {
  for (const c of NODE_CLASSES) {
    expect(c.code.startsWith(CLASS_FAMILY[c.engine])).toBe(true);
    expect(classProblem(c.code, c.engine)).toBeUndefined();
    for (const v of c.versions ?? []) expect(ENGINE_VERSIONS[c.engine]).toContain(v);
    expect(c.source).toMatch(/SDK|peer|seed 003|tests/);
  }
  expect(new Set(NODE_CLASSES.map((c) => c.code)).size).toBe(NODE_CLASSES.length);
  // Every engine version sells something, pay-as-you-go and subscription alike.
  for (const [engine, versions] of Object.entries(ENGINE_VERSIONS)) {
    for (const v of versions) for (const pay of ["Postpaid", "Prepaid"] as const) expect(classesFor(engine, v, pay).length).toBeGreaterThan(0);
  }
  // Serverless is pay-as-you-go, PostgreSQL's on 14 only (SDK CreateDBCluster DBVersion).
  expect(classesFor("PostgreSQL", "14", "Postpaid").map((c) => c.code)).toContain("polar.pg.sl.small");
  expect(classesFor("PostgreSQL", "14", "Prepaid").map((c) => c.code)).not.toContain("polar.pg.sl.small");
  expect(classesFor("PostgreSQL", "16", "Postpaid").map((c) => c.code)).not.toContain("polar.pg.sl.small");
  expect(classesFor("PostgreSQL", "12")).toEqual([]);
  // X-Engine (ArchiveNormal) is MySQL 8.0's; multi-master is 8.0 only.
  const x4 = NODE_CLASSES.find((c) => c.code === "polar.mysql.x4.medium")!;
  expect(categoriesOf(x4, "8.0")).toEqual(["Normal", "Basic", "ArchiveNormal"]);
  expect(categoriesOf(x4, "5.7")).toEqual(["Normal", "Basic"]);
  expect(classesFor("MySQL", "5.7").map((c) => c.code)).not.toContain("polar.mysql.mmx4.medium");
  expect(MINOR_VERSIONS["8.0"]).toEqual(["8.0.1", "8.0.2"]);
});

test("the tables' per-engine answers", () => {
  expect(charsetProblem("utf8mb4", "PostgreSQL")).toMatch(/not a character set PolarDB PostgreSQL/);
  expect(charsetProblem("utf8mb4", "MySQL")).toBeUndefined();
  expect(classProblem("polar.o.x4.medium", "Oracle")).toBeUndefined();
  expect(zoneProblem("ap-southeast-1a", "ap-southeast-1")).toBeUndefined();
  expect(zoneProblem("cn-hangzhou-h", "cn-hangzhou")).toBeUndefined();
  expect(zoneProblem("cn-hangzhouh", "cn-hangzhou")).toBeDefined();
});

describe("@pulumi/alicloud's spellings are accepted and recorded as ours", () => {
  const checked = async (kind: string, news: Record<string, unknown>) => (await handle(kind, "check", [{}, news])) as CheckResult & { inputs: Record<string, unknown> };
  test("payType PostPaid / PrePaid", async () => {
    expect((await checked("Cluster", { ...cluster, payType: "PostPaid" })).inputs.payType).toBe("Postpaid");
    const prepaid = await checked("Cluster", { ...cluster, payType: "PrePaid", period: 1 });
    expect(prepaid.failures).toBeUndefined();
    expect(prepaid.inputs.payType).toBe("Prepaid");
    expect((await checked("Cluster", { ...cluster, payType: "PrePaid" })).failures).toEqual([{ property: "period", reason: expect.stringMatching(/required when payType is Prepaid/) }]);
  });
  test("connectionPrefix for connectionStringPrefix; both with different values is refused", async () => {
    const base = { dbClusterId: "pc-abc", dbEndpointId: "pe-abc" };
    const r = await checked("EndpointAddress", { ...base, connectionPrefix: "orders-pub" });
    expect(r.inputs).toMatchObject({ connectionStringPrefix: "orders-pub" });
    expect(r.inputs.connectionPrefix).toBeUndefined();
    expect((await checked("EndpointAddress", { ...base, connectionPrefix: "orders-pub", connectionStringPrefix: "orders-pub" })).failures).toBeUndefined();
    expect((await checked("EndpointAddress", { ...base, connectionPrefix: "orders-pub", connectionStringPrefix: "other-pub" })).failures)
      .toEqual([{ property: "connectionPrefix", reason: expect.stringMatching(/another name for connectionStringPrefix/) }]);
  });
  test("deletionLock 1 / 0 (numbers, or their digits) for true / false", async () => {
    expect((await checked("Cluster", { ...cluster, deletionLock: 1 })).inputs.deletionLock).toBe(true);
    expect((await checked("Cluster", { ...cluster, deletionLock: 0 })).inputs.deletionLock).toBe(false);
    expect((await checked("Cluster", { ...cluster, deletionLock: "1" })).inputs.deletionLock).toBe(true);
    expect((await checked("Cluster", { ...cluster, deletionLock: true })).inputs.deletionLock).toBe(true);
    expect((await checked("Cluster", { ...cluster, deletionLock: 2 })).failures).toEqual([{ property: "deletionLock", reason: expect.any(String) }]);
  });
  test("ClusterSsl sslEnabled \"Enable\" (Terraform's and the API's spelling) for \"Enabled\"", async () => {
    expect((await checked("ClusterSsl", { dbClusterId: "pc-abc", sslEnabled: "Enable" })).inputs.sslEnabled).toBe("Enabled");
  });
});
