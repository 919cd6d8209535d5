/**
 * Preview catches what the reference's tables decide: engine/version pairs, class families,
 * character sets, regions and their zones — each failure naming the Pulumi field, before any call.
 */
import { charsetProblem, classProblem, versionProblem, zoneProblem } from "../../reference/catalogue";
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

test("an engine version the reference does not list, on dbVersion", async () => {
  expect(await check("Cluster", { ...cluster, dbVersion: "12" })).toEqual([
    { property: "dbVersion", reason: expect.stringMatching(/PostgreSQL has no version "12": one of "11"/) },
  ]);
  expect(await check("Cluster", { ...cluster, dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large" })).toEqual([]);
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
  expect(versionProblem("PostgreSQL", "14")).toBeUndefined();
  expect(classProblem("polar.mysql.x4.large", "PostgreSQL")).toBeUndefined();
  expect(charsetProblem("koi8-new")).toBeUndefined();
  expect(await check("Cluster", { ...cluster, dbVersion: "14", regionId: "cn-newplace" , zoneId: "cn-newplace-a" })).toEqual([]);
  // A zone of another region is a contradiction, not a catalogue question.
  expect(zoneProblem("cn-shanghai-e", "cn-hangzhou")).toBeDefined();
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
});
