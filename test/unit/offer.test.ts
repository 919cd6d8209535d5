/**
 * Preview judges engine, version, zone and class by what the cloud sells (an Offer read from
 * DescribeDBClusterAvailableResources), and by the built-in table when the cloud cannot be asked:
 * then it says so once per process, and asks once per client and pay type.
 */
import { clusterProblems, engineOf, nodeProblems, Offer } from "../../reference/offer";
import { clusterSpec } from "../../resources/cluster";
import { nodeSpec } from "../../resources/node";
import { offlineProvider } from "../helpers/offline-provider";

const offer: Offer = {
  regionId: "cn-hangzhou", payType: "Postpaid",
  zones: [
    { zoneId: "cn-hangzhou-h", engines: [{ engine: "PostgreSQL", version: "14", classes: ["polar.pg.x4.medium", "polar.pg.x4.large"] }, { engine: "PostgreSQL", version: "16", classes: ["polar.pg.x4.medium"] }] },
    { zoneId: "cn-hangzhou-i", engines: [{ engine: "PostgreSQL", version: "14", classes: ["polar.pg.x8.large"] }, { engine: "Oracle", version: "14", classes: ["polar.o.x4.medium"] }] },
    { zoneId: "cn-hangzhou-z", engines: [] },
  ],
};
const pg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };

test("Engine names carry type and version: today's spelling and the original reference's", () => {
  expect(engineOf("MySQL8.0")).toEqual({ engine: "MySQL", version: "8.0" });
  expect(engineOf("mysql57")).toEqual({ engine: "MySQL", version: "5.7" });
  expect(engineOf("PostgreSQL16")).toEqual({ engine: "PostgreSQL", version: "16" });
  expect(engineOf("Oracle14")).toEqual({ engine: "Oracle", version: "14" });
  expect(engineOf("Redis7")).toBeUndefined();
  expect(engineOf("MySQL")).toBeUndefined();
});

describe("judged by the cloud's answer, each failure on its field", () => {
  test("what is sold passes, in the zone or anywhere when no zone is given", () => {
    expect(clusterProblems(pg, offer)).toEqual([]);
    expect(clusterProblems({ ...pg, dbVersion: "16" }, offer)).toEqual([]);
    expect(clusterProblems({ dbType: "Oracle", dbVersion: "14", dbNodeClass: "polar.o.x4.medium" }, offer)).toEqual([]);
    expect(clusterProblems({ ...pg, dbNodeClass: "polar.pg.x8.large", zoneId: undefined }, offer)).toEqual([]);
  });
  test("an engine or version not sold", () => {
    expect(clusterProblems({ ...pg, dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large" }, offer)).toEqual([
      { field: "dbType", problem: expect.stringMatching(/the cloud sells no MySQL cluster in cn-hangzhou \(Postpaid\): it sells "PostgreSQL", "Oracle"/) },
    ]);
    expect(clusterProblems({ ...pg, dbVersion: "15" }, offer)).toEqual([
      { field: "dbVersion", problem: expect.stringMatching(/PostgreSQL "15" is not sold in cn-hangzhou \(Postpaid\): one of "14", "16" \(the cloud's answer to DescribeDBClusterAvailableResources/) },
    ]);
  });
  test("a zone that sells nothing, or not this version", () => {
    expect(clusterProblems({ ...pg, zoneId: "cn-hangzhou-z" }, offer)).toEqual([
      { field: "zoneId", problem: expect.stringMatching(/zone "cn-hangzhou-z" sells no PolarDB cluster .*zones that sell PostgreSQL 14 are "cn-hangzhou-h", "cn-hangzhou-i"/) },
    ]);
    expect(clusterProblems({ ...pg, dbVersion: "16", zoneId: "cn-hangzhou-i" }, offer)).toEqual([
      { field: "zoneId", problem: expect.stringMatching(/zone "cn-hangzhou-i" does not sell PostgreSQL 16 .*zones that do are "cn-hangzhou-h"/) },
    ]);
  });
  test("a class not sold for the version in the zone says where it is sold and what is", () => {
    expect(clusterProblems({ ...pg, dbNodeClass: "polar.pg.x8.large" }, offer)).toEqual([
      { field: "dbNodeClass", problem: expect.stringMatching(/"polar\.pg\.x8\.large" is not sold for PostgreSQL 14 in zone cn-hangzhou-h in cn-hangzhou \(Postpaid\) \(it is sold in "cn-hangzhou-i"\): one of "polar\.pg\.x4\.medium", "polar\.pg\.x4\.large"/) },
    ]);
    expect(clusterProblems({ ...pg, dbVersion: "16", dbNodeClass: "polar.pg.x4.large" }, offer)).toEqual([
      { field: "dbNodeClass", problem: expect.stringMatching(/not sold for PostgreSQL 16 .*: one of "polar\.pg\.x4\.medium"/) },
    ]);
  });
  test("a node: a class some engine sells in the zone", () => {
    expect(nodeProblems({ dbNodeClass: "polar.o.x4.medium", zoneId: "cn-hangzhou-i" }, offer)).toEqual([]);
    expect(nodeProblems({ dbNodeClass: "polar.pg.x8.large" }, offer)).toEqual([]);
    expect(nodeProblems({ dbNodeClass: "polar.pg.x8.large", zoneId: "cn-hangzhou-h" }, offer)).toEqual([
      { field: "dbNodeClass", problem: expect.stringMatching(/"polar\.pg\.x8\.large" is not sold in zone cn-hangzhou-h .*: one of "polar\.pg\.x4\.medium", "polar\.pg\.x4\.large"/) },
    ]);
    expect(nodeProblems({ dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-z" }, offer)).toEqual([
      { field: "zoneId", problem: expect.stringMatching(/zone "cn-hangzhou-z" sells no PolarDB node/) },
    ]);
  });
  test("without an answer, the built-in table judges", () => {
    expect(clusterProblems({ ...pg, dbVersion: "15" }, undefined)).toEqual([]);
    expect(clusterProblems({ ...pg, dbVersion: "17" }, undefined)).toEqual([{ field: "dbVersion", problem: expect.stringMatching(/built-in table/) }]);
    expect(nodeProblems({ dbNodeClass: "polar.xx.x4.large" }, undefined)).toEqual([{ field: "dbNodeClass", problem: expect.stringMatching(/class of no engine/) }]);
  });
});

describe("the engine asks once and falls back, saying so once per process", () => {
  const FALLBACK = /preview could not ask the cloud what it sells \(DescribeDBClusterAvailableResources in cn-hangzhou, Postpaid: no API call expected .*built-in table \(Alibaba Cloud SDK 9\.2\.1\)/;
  const clusters = offlineProvider(clusterSpec);
  const nodes = offlineProvider(nodeSpec);
  afterEach(() => { delete process.env.POLARDB_CATALOGUE_CHECKS; });

  test("one question per client and pay type; one line for the whole process", async () => {
    expect(await clusters.failures({ ...pg, dbVersion: "17" })).toEqual([{ property: "dbVersion", reason: expect.stringMatching(/PostgreSQL has no version "17"/) }]);
    expect(await clusters.failures(pg)).toEqual([]);
    expect(clusters.offerQuestions).toHaveLength(1); // the refusal is kept: not asked again
    expect(await clusters.failures({ ...pg, payType: "Prepaid", period: 1 })).toEqual([]);
    expect(clusters.offerQuestions).toHaveLength(2);
    expect(await nodes.failures({ dbClusterId: "pc-abc", dbNodeClass: "polar.xx.x4.large" })).toEqual([{ property: "dbNodeClass", reason: expect.stringMatching(/class of no engine/) }]);
    expect(nodes.offerQuestions).toHaveLength(1);
    expect(clusters.lines.filter((l) => /could not ask the cloud/.test(l))).toEqual([expect.stringMatching(FALLBACK)]);
    expect(nodes.lines.filter((l) => /could not ask the cloud/.test(l))).toEqual([]);
    expect([...clusters.calls, ...nodes.calls]).toEqual([]);
  });

  test("what exists is not judged again: unchanged fields, adoption", async () => {
    const before = clusters.offerQuestions.length;
    const olds = { ...pg, dbVersion: "17", payType: "Postpaid" }; // as the last check left them (defaults applied)
    expect((await clusters.provider.check(olds, { ...olds, description: "renamed" })).failures ?? []).toEqual([]);
    expect(await clusters.failures({ ...pg, dbVersion: "17", adopt: "pc-abc123" })).toEqual([]);
    expect(clusters.offerQuestions).toHaveLength(before);
    expect((await clusters.provider.check(olds, { ...olds, dbNodeClass: "polar.pg.x4.large" })).failures).toEqual([
      { property: "dbVersion", reason: expect.stringMatching(/no version "17"/) },
    ]);
  });

  test("values unknown in preview are not judged; the known ones are", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await clusters.failures({ ...pg, vswitchId: unknown, vpcId: "vpc-abc", dbNodeClass: "polar.mysql.x4.large" })).toEqual([
      { property: "dbNodeClass", reason: expect.stringMatching(/is a MySQL class; a PostgreSQL cluster takes "polar\.pg\.…" classes/) },
    ]);
    expect(await clusters.failures({ ...pg, dbVersion: unknown })).toEqual([]);
  });

  test("POLARDB_CATALOGUE_CHECKS=off: no question, no table", async () => {
    process.env.POLARDB_CATALOGUE_CHECKS = "off";
    const before = clusters.offerQuestions.length;
    expect(await clusters.failures({ ...pg, dbVersion: "17", dbNodeClass: "polar.mysql.x4.large" })).toEqual([]);
    expect(clusters.offerQuestions).toHaveLength(before);
  });
});
