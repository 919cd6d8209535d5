/** PolarDB GenerateUpgradeReportForSyncClone (seed 000) on the emulator's RDS part. */
import { errorOf, harness } from "./emulator-rds-harness";

const MYSQL = { DBClusterId: "pc-k2j96w169uhu868l8", DBType: "MySQL", DBVersion: "5.7" };
const ORACLE = { DBClusterId: "pc-oracle00000000001", DBType: "Oracle", DBVersion: "11" };
const PG = { DBClusterId: "pc-postgres000000001", DBType: "PostgreSQL", DBVersion: "11" };
/** Seed 000's parameters (DBVersion from its valid values; its example DBType "PostgreSQL" is outside them [O-G2]). */
const REQUEST = { SourceDBClusterId: MYSQL.DBClusterId, DBVersion: "8.0", CreationOption: "MigrationFromRDS", CreationCategory: "Normal" };

const setup = () => harness({ clusters: [MYSQL, ORACLE, PG] });
const invalid = (code: string, name: string) => ({ code, status: 400, message: `The specified parameter "${name}" is not valid.` });

test("answers SourceDBClusterId and a numeric TaskId, new for every call, and records the task", () => {
  const h = setup();
  const a = h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, DBType: "MySQL", RegionId: "cn-hangzhou", Reserve: '{"targetTableMode":2}' });
  expect(Object.keys(a).sort()).toEqual(["SourceDBClusterId", "TaskId"]);
  expect(a.SourceDBClusterId).toBe(MYSQL.DBClusterId); // without the seed example's stray "\n" [O-G5]
  expect(Number.isInteger(a.TaskId)).toBe(true);
  const b = h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, CreationCategory: "SENormal", DBVersion: "5.6" });
  expect(b.TaskId).toBeGreaterThan(a.TaskId);
  expect((h.part.save() as any).reports).toEqual([
    expect.objectContaining({ TaskId: a.TaskId, SourceDBClusterId: MYSQL.DBClusterId, DBVersion: "8.0", DBType: "MySQL", CreationOption: "MigrationFromRDS" }),
    expect.objectContaining({ TaskId: b.TaskId, DBVersion: "5.6", CreationCategory: "SENormal" }),
  ]);
});

test("an Oracle-compatible cluster: version 14, one DBName; without DBType the version names the engine", () => {
  const h = setup();
  const base = { ...REQUEST, SourceDBClusterId: ORACLE.DBClusterId, DBVersion: "14" };
  expect(h.polardb("GenerateUpgradeReportForSyncClone", { ...base, DBType: "Oracle", DBName: "testDB" }).SourceDBClusterId).toBe(ORACLE.DBClusterId);
  expect(h.polardb("GenerateUpgradeReportForSyncClone", { ...base, DBName: "testDB" }).SourceDBClusterId).toBe(ORACLE.DBClusterId);
  expect(h.polardb("GenerateUpgradeReportForSyncClone", { ...base, CreationOption: "UpgradeFromPolarDB" }).SourceDBClusterId).toBe(ORACLE.DBClusterId);
});

test.each(["SourceDBClusterId", "DBVersion", "CreationOption", "CreationCategory"])("a missing %s is MissingParameter naming it", (name) => {
  const h = setup();
  const params: Record<string, string> = { ...REQUEST };
  delete params[name];
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", params)))
    .toEqual({ code: "MissingParameter", status: 400, message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.` });
});

test.each([
  [{ DBType: "PostgreSQL" }, invalid("InvalidDBType.ValueNotSupported", "DBType")],
  [{ DBVersion: "9.9" }, invalid("InvalidDBVersion.ValueNotSupported", "DBVersion")],
  [{ DBVersion: "14", DBType: "MySQL" }, invalid("InvalidDBVersion.ValueNotSupported", "DBVersion")],
  [{ DBVersion: "8.0", DBType: "Oracle" }, invalid("InvalidDBVersion.ValueNotSupported", "DBVersion")],
  [{ CreationOption: "CloneFromPolarDB" }, invalid("InvalidCreationOption.ValueNotSupported", "CreationOption")],
  [{ CreationCategory: "Basic" }, invalid("InvalidCreationCategory.ValueNotSupported", "CreationCategory")],
  [{ Reserve: "{targetTableMode:2}" }, invalid("InvalidReserve.Malformed", "Reserve")],
  [{ Reserve: "[2]" }, invalid("InvalidReserve.Malformed", "Reserve")],
  [{ DBName: "testDB" }, invalid("InvalidDBName.ValueNotSupported", "DBName")],
  [{ DBName: "a,b", DBType: "Oracle", DBVersion: "14" }, invalid("InvalidDBName.Malformed", "DBName")],
])("%j is refused with %j", (change, expected) => {
  const h = setup();
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, ...change }))).toEqual(expected);
  expect((h.part.save() as any).reports).toEqual([]);
});

test("an unknown cluster is InvalidDBCluster.NotFound; a cluster of another engine is OperationDenied.Engine", () => {
  const h = setup();
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, SourceDBClusterId: "pc-nope" })))
    .toEqual({ code: "InvalidDBCluster.NotFound", status: 404, message: "The DBClusterId provided does not exist in our records." });
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, SourceDBClusterId: PG.DBClusterId })))
    .toEqual({ code: "OperationDenied.Engine", status: 403, message: "The operation is not permitted due to different engine." });
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", { ...REQUEST, SourceDBClusterId: ORACLE.DBClusterId, DBType: "MySQL" })))
    .toEqual({ code: "OperationDenied.Engine", status: 403, message: "The operation is not permitted due to different engine." });
});

test("the cluster is looked up at call time, so clusters created later are found", () => {
  const h = harness();
  expect(errorOf(() => h.polardb("GenerateUpgradeReportForSyncClone", REQUEST)).code).toBe("InvalidDBCluster.NotFound");
  h.clusters.set(MYSQL.DBClusterId, MYSQL);
  expect(h.polardb("GenerateUpgradeReportForSyncClone", REQUEST).SourceDBClusterId).toBe(MYSQL.DBClusterId);
});
