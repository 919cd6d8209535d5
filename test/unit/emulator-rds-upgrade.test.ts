/**
 * DescribeUpgradeMajorVersionTasks (seed 002) and the RDS instance describes
 * (DescribeDBInstances, DescribeDBInstanceAttribute) on the emulator's RDS part.
 */
import { DEFAULT_INSTANCES, detailLines, errorOf, harness, MINUTE, PARAMETERS_INVALID, REQUIRED_PARAM, START } from "./emulator-rds-harness";

const ids = DEFAULT_INSTANCES;
/** Seed 002's example item, keys in its order. */
const SEED_KEYS = ["TargetMajorVersion", "Result", "EndTime", "StartTime", "SourceMajorVersion", "UpgradeMode", "CollectStatMode", "SourceInsName",
  "TaskId", "TargetInsName", "SwitchTime", "Detail", "SwitchEndTime", "totalLogicRepLatencyMB", "totalLogicRepDelayTime",
  "zeroDownTimeConnectionString", "zeroDownTimePort", "cutOver"];
const SEED_TYPES = { TargetMajorVersion: "number", Result: "string", EndTime: "number", StartTime: "number", SourceMajorVersion: "number",
  UpgradeMode: "string", CollectStatMode: "string", SourceInsName: "string", TaskId: "number", TargetInsName: "string", SwitchTime: "number",
  Detail: "string", SwitchEndTime: "number", totalLogicRepLatencyMB: "number", totalLogicRepDelayTime: "number",
  zeroDownTimeConnectionString: "string", zeroDownTimePort: "number", cutOver: "boolean" };
const withoutTimes = (lines: string[]) => lines.map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d --- /, ""));

describe("DescribeUpgradeMajorVersionTasks", () => {
  test("the default history: one success and one failure, newest first, with the seed's keys and JSON types", () => {
    const h = harness();
    const r = h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgraded });
    expect(Object.keys(r)).toEqual(["PageNumber", "PageRecordCount", "TotalRecordCount", "Items"]);
    expect(r).toMatchObject({ PageNumber: 1, PageRecordCount: 30, TotalRecordCount: 2 });
    for (const item of r.Items) {
      expect(Object.keys(item)).toEqual(SEED_KEYS);
      expect(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v]))).toEqual(SEED_TYPES);
    }
    const [success, failure] = r.Items;
    expect(success).toMatchObject({ Result: "Success", SourceMajorVersion: 11, TargetMajorVersion: 12, UpgradeMode: "switch", CollectStatMode: "After",
      SourceInsName: ids.upgraded, TargetInsName: ids.upgradeResult, cutOver: true, zeroDownTimePort: 5432 });
    expect(success.StartTime < success.SwitchTime && success.SwitchTime < success.SwitchEndTime && success.SwitchEndTime < success.EndTime).toBe(true);
    expect(success.EndTime).toBeLessThan(START);
    expect(withoutTimes(detailLines(success.Detail))).toEqual([
      "do upgrade precheck on slave succcess.",
      "begin to upgrade major version, source instance will locked in readonly mode.",
      "upgrade master success.",
      "exchange source and target instance dns success.",
    ]);
    expect(failure).toMatchObject({ Result: "Failed", TargetMajorVersion: 13, cutOver: false, SwitchTime: 0, SwitchEndTime: 0 });
    expect(failure.EndTime).toBeGreaterThan(failure.StartTime);
    expect(detailLines(failure.Detail)).toHaveLength(1);
    expect(detailLines(failure.Detail)[0]).toMatch(/--- do upgrade precheck on slave failed: .+\.$/);
  });

  test("the instance an upgrade created lists that task too", () => {
    const h = harness();
    const r = h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgradeResult });
    expect(r.Items.map((i: any) => [i.TargetInsName, i.Result])).toEqual([[ids.upgradeResult, "Success"]]);
  });

  test("a running upgrade advances on the clock: Running → cut-over at 25 min → Success at 30 min", () => {
    const h = harness();
    const task = () => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgrading }).Items[0];
    expect(task()).toMatchObject({ Result: "Running", Detail: "", StartTime: START, EndTime: 0, SwitchTime: 0, cutOver: false });
    h.clock.advance(2 * MINUTE);
    expect(detailLines(task().Detail)).toEqual(["2026-01-01 08:02:00 --- do upgrade precheck on slave succcess."]);
    h.clock.advance(23 * MINUTE);
    expect(task()).toMatchObject({ Result: "Running", SwitchTime: START + 25 * MINUTE, cutOver: true, EndTime: 0 });
    expect(detailLines(task().Detail)).toHaveLength(4);
    h.clock.advance(5 * MINUTE);
    expect(task()).toMatchObject({ Result: "Success", SwitchEndTime: START + 26 * MINUTE, EndTime: START + 30 * MINUTE });
  });

  test("TargetMajorVersion filters by the target version, written 12 or 12.0", () => {
    const h = harness();
    const versions = (v: string) => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgraded, TargetMajorVersion: v })
      .Items.map((i: any) => i.TargetMajorVersion);
    expect(versions("12.0")).toEqual([12]);
    expect(versions("12")).toEqual([12]);
    expect(versions("13.0")).toEqual([13]);
    expect(versions("15.0")).toEqual([]);
  });

  test("pages of PageSize (30 to 100, default 30); PageRecordCount echoes the page size as in the seed", () => {
    const h = harness();
    const upgrades = Array.from({ length: 70 }, (_, i) => ({
      TaskId: 5000 + i, SourceInsName: ids.target, SourceMajorVersion: 13, TargetMajorVersion: 14, startedAt: START - (70 - i) * 86_400_000,
    }));
    h.part.load({ ...(h.part.save() as object), upgrades });
    const list = (params: Record<string, number>) => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.target, ...params });
    const pages = [1, 2, 3].map((n) => list({ PageNumber: n }));
    expect(pages.map((p) => [p.Items.length, p.PageRecordCount, p.TotalRecordCount, p.PageNumber])).toEqual([[30, 30, 70, 1], [30, 30, 70, 2], [10, 30, 70, 3]]);
    expect(pages.flatMap((p) => p.Items.map((i: any) => i.TaskId))).toEqual(Array.from({ length: 70 }, (_, i) => 5069 - i));
    expect(list({ PageSize: 100 }).Items).toHaveLength(70);
    expect(list({ PageSize: 50, PageNumber: 2 }).Items.map((i: any) => i.TaskId)[0]).toBe(5019);
    expect(list({ PageNumber: 9 }).Items).toEqual([]);
    expect(list({ TaskId: 1 }).TotalRecordCount).toBe(70); // reserved parameter: ignored
  });

  test.each([["PageSize", "29"], ["PageSize", "101"], ["PageNumber", "0"], ["PageNumber", "2147483648"], ["TargetMajorVersion", "twelve"],
    ["TargetMajorVersion", "12.5"], ["TaskId", "x"]])("%s=%s is Parameters.Invalid", (name, value) => {
    const h = harness();
    expect(errorOf(() => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgraded, [name]: value }))).toEqual(PARAMETERS_INVALID);
  });

  test("missing, unknown and non-PostgreSQL instances get the seed's errors", () => {
    const h = harness();
    expect(errorOf(() => h.rds("DescribeUpgradeMajorVersionTasks", {}))).toEqual(REQUIRED_PARAM);
    expect(errorOf(() => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: "pgm-nope" })))
      .toEqual({ code: "InvalidDBInstanceId.NotFound", status: 400, message: "The DBInstanceId provided does not exist in records." });
    expect(errorOf(() => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.mysql })))
      .toEqual({ code: "InvalidDBInstanceEngineType.Format", status: 400, message: "the DB instance engine type does not support this operation." });
  });

  test("an instance without upgrades lists nothing", () => {
    const h = harness();
    expect(h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.target2 })).toEqual({ PageNumber: 1, PageRecordCount: 30, TotalRecordCount: 0, Items: [] });
  });
});

describe("DescribeDBInstances and DescribeDBInstanceAttribute", () => {
  test("the default instances are listed in Items.DBInstance[] with their engine, version and status", () => {
    const h = harness();
    const r = h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" });
    expect(r).toMatchObject({ PageNumber: 1, PageRecordCount: 11, TotalRecordCount: 11 });
    const byId = Object.fromEntries(r.Items.DBInstance.map((i: any) => [i.DBInstanceId, i]));
    expect(Object.keys(byId).sort()).toEqual(Object.values(ids).sort());
    expect(byId[ids.target]).toMatchObject({ Engine: "PostgreSQL", EngineVersion: "14.0", DBInstanceStatus: "Running", RegionId: "cn-hangzhou",
      ZoneId: "cn-hangzhou-h", DBInstanceType: "Primary", LockMode: "Unlock", ConnectionString: `${ids.target}.pg.rds.aliyuncs.com` });
    expect(byId[ids.target].CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(byId[ids.mysql]).toMatchObject({ Engine: "MySQL", EngineVersion: "8.0" });
    expect(byId[ids.target].ReadOnlyDBInstanceIds).toEqual({ ReadOnlyDBInstanceId: [{ DBInstanceId: ids.readOnly }] });
  });

  test("filters by Engine, DBInstanceId (comma list), status and type; pages; other regions are empty", () => {
    const h = harness();
    const list = (params: Record<string, string | number>) => h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou", ...params });
    const idsOf = (r: any) => r.Items.DBInstance.map((i: any) => i.DBInstanceId);
    expect(list({ Engine: "PostgreSQL" }).TotalRecordCount).toBe(8);
    expect(idsOf(list({ DBInstanceId: `${ids.target},${ids.mysql}` }))).toEqual([ids.target, ids.mysql]);
    expect(idsOf(list({ DBInstanceStatus: "Rebooting" }))).toEqual([ids.rebooting]);
    expect(idsOf(list({ DBInstanceType: "Readonly" }))).toEqual([ids.readOnly]);
    const second = list({ PageSize: 4, PageNumber: 2 });
    expect([second.PageRecordCount, second.TotalRecordCount, second.PageNumber]).toEqual([4, 11, 2]);
    expect(list({ PageSize: 4, PageNumber: 3 }).PageRecordCount).toBe(3);
    expect(h.rds("DescribeDBInstances", { RegionId: "cn-shanghai" })).toEqual({ Items: { DBInstance: [] }, PageNumber: 1, PageRecordCount: 0, TotalRecordCount: 0 });
  });

  test("DescribeDBInstances parameter errors", () => {
    const h = harness();
    expect(errorOf(() => h.rds("DescribeDBInstances", {}))).toEqual(REQUIRED_PARAM);
    expect(errorOf(() => h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou", Engine: "Oracle" }))).toEqual(PARAMETERS_INVALID);
    expect(errorOf(() => h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou", PageSize: 101 }))).toEqual(PARAMETERS_INVALID);
  });

  test("DescribeDBInstanceAttribute answers Items.DBInstanceAttribute[] or InvalidDBInstanceId.NotFound", () => {
    const h = harness();
    const r = h.rds("DescribeDBInstanceAttribute", { DBInstanceId: ids.upgraded });
    expect(r.Items.DBInstanceAttribute).toHaveLength(1);
    expect(r.Items.DBInstanceAttribute[0]).toMatchObject({ DBInstanceId: ids.upgraded, Engine: "PostgreSQL", EngineVersion: "11.0", Port: "5432", DBInstanceStorage: 100 });
    expect(errorOf(() => h.rds("DescribeDBInstanceAttribute", { DBInstanceId: "pgm-nope" })))
      .toEqual({ code: "InvalidDBInstanceId.NotFound", status: 400, message: "The DBInstanceId provided does not exist in records." });
    expect(errorOf(() => h.rds("DescribeDBInstanceAttribute", {}))).toEqual(REQUIRED_PARAM);
  });
});
