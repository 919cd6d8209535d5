/**
 * The RDS part as a whole: its action table, save()/load() as plain JSON (round trip, hand-written
 * seeds, bad files, tasks resuming on the clock), and its response bodies read through the official
 * RDS SDK's models — the deserialiser the SDK itself uses — as an independent check of field
 * names and JSON types.
 */
import * as rdsSdk from "@alicloud/rds20140815";
import * as $dara from "@darabonba/typescript";
import { DEFAULT_INSTANCES, harness, MIGRATION, MINUTE, START } from "./emulator-rds-harness";

const ids = DEFAULT_INSTANCES;
const page = { PageNumber: 1, PageSize: 10 };

test("the action tables: five RDS actions and one PolarDB action", () => {
  const { part } = harness();
  expect(Object.keys(part.actions.rds).sort()).toEqual([
    "CreateCloudMigrationTask", "DescribeCloudMigrationResult", "DescribeDBInstanceAttribute", "DescribeDBInstances", "DescribeUpgradeMajorVersionTasks",
  ]);
  expect(Object.keys(part.actions.polardb)).toEqual(["GenerateUpgradeReportForSyncClone"]);
});

describe("save() and load()", () => {
  /** A part with some of everything: migrations in several stages, a report. */
  function busy() {
    const h = harness({ clusters: [{ DBClusterId: "pc-a", DBType: "MySQL", DBVersion: "5.7" }] });
    h.rds("CreateCloudMigrationTask", MIGRATION);
    h.clock.advance(3 * MINUTE);
    h.rds("CreateCloudMigrationTask", { ...MIGRATION, DBInstanceName: ids.target2, SourceAccount: "fail_increment", TaskName: "will-fail" });
    h.polardb("GenerateUpgradeReportForSyncClone", { SourceDBClusterId: "pc-a", DBVersion: "8.0", CreationOption: "MigrationFromRDS", CreationCategory: "Normal" });
    return h;
  }
  const views = (h: ReturnType<typeof harness>) => ({
    instances: h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou", PageSize: 100 }),
    m1: h.rds("DescribeCloudMigrationResult", { DBInstanceName: ids.target, ...page }),
    m2: h.rds("DescribeCloudMigrationResult", { DBInstanceName: ids.target2, ...page }),
    upgrades: [ids.upgraded, ids.upgrading].map((id) => h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: id })),
  });
  const maskPasswords = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/"SourcePassword":"[^"]*"/g, '"SourcePassword":"********"'));

  test("round-trips through JSON text: same state, same answers (passwords aside), ids keep counting", () => {
    const a = busy();
    const text = JSON.stringify(a.part.save());
    const b = harness({ clusters: [{ DBClusterId: "pc-a", DBType: "MySQL", DBVersion: "5.7" }] });
    b.clock.advance(a.clock.now() - b.clock.now());
    b.part.load(JSON.parse(text));
    expect(b.part.save()).toEqual(JSON.parse(text));
    expect(views(b)).toEqual(maskPasswords(views(a)));
    const before = Math.max(...(JSON.parse(text).migrations as any[]).map((m) => m.TaskId));
    b.clock.advance(20 * MINUTE);
    expect(b.rds("CreateCloudMigrationTask", MIGRATION).TaskId).toBeGreaterThan(before);
  });

  test("loaded tasks resume on the clock: a migration saved mid-way finishes after load", () => {
    const a = busy();
    const saved = JSON.parse(JSON.stringify(a.part.save()));
    const b = harness();
    b.clock.advance(a.clock.now() - b.clock.now());
    b.part.load(saved);
    const stage = (id: string) => b.rds("DescribeCloudMigrationResult", { DBInstanceName: id, ...page }).Items[0];
    expect(stage(ids.target).MigrateStage).toBe("basebackup");
    b.clock.advance(10 * MINUTE);
    expect(stage(ids.target).MigrateStage).toBe("success");
    expect(stage(ids.target2)).toMatchObject({ MigrateStage: "increment", ReplicationState: "disconnect" });
  });

  test("save() hands out a copy", () => {
    const { part } = harness();
    (part.save() as any).instances.length = 0;
    expect((part.save() as any).instances).toHaveLength(11);
  });

  test("a hand-written seed may be short: instance defaults fill in, and ids continue above seeded ones", () => {
    const h = harness();
    h.part.load({
      instances: [{ DBInstanceId: "pgm-seeded0000000001" }, { DBInstanceId: "pgm-seeded0000000002", EngineVersion: "16.0", ZoneId: "cn-hangzhou-k" }],
      migrations: [{ TaskId: 900000000, TaskName: "old", DBInstanceName: "pgm-seeded0000000001", SourceIpAddress: "10.0.0.1", SourcePort: 5432,
        SourceAccount: "m", SourceCategory: "ecsOnVpc", createdAt: START - 60 * MINUTE, failure: { stage: "startup", reason: "seeded failure" } }],
    });
    const list = h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" });
    expect(list.Items.DBInstance.map((i: any) => [i.DBInstanceId, i.Engine, i.EngineVersion, i.DBInstanceStatus, i.ZoneId])).toEqual([
      ["pgm-seeded0000000001", "PostgreSQL", "14.0", "Running", "cn-hangzhou-h"],
      ["pgm-seeded0000000002", "PostgreSQL", "16.0", "Running", "cn-hangzhou-k"],
    ]);
    expect(list.Items.DBInstance[0].CreateTime).toBe("2026-01-01T00:00:00Z");
    const old = h.rds("DescribeCloudMigrationResult", { DBInstanceName: "pgm-seeded0000000001", ...page }).Items[0];
    expect(old).toMatchObject({ MigrateStage: "startup", ReplicationState: "disconnect", SourcePassword: "********" });
    expect(old.Detail).toContain("failed(error:seeded failure)");
    const fresh = h.rds("CreateCloudMigrationTask", { ...MIGRATION, DBInstanceName: "pgm-seeded0000000001" });
    expect(fresh.TaskId).toBeGreaterThan(900000000);
  });

  test("load(undefined) restores the default world", () => {
    const h = harness();
    h.part.load({ instances: [] });
    expect(h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" }).TotalRecordCount).toBe(0);
    h.part.load(undefined);
    expect(h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" }).TotalRecordCount).toBe(11);
  });

  test("a malformed state is refused with the offending path, and the current state stays", () => {
    const h = harness();
    expect(() => h.part.load({ instances: [{ Engine: "PostgreSQL" }] })).toThrow(/instances\[0\]\.DBInstanceId|instances\.0\.DBInstanceId/);
    expect(() => h.part.load({ migrations: [{ TaskId: "x" }] })).toThrow(/invalid RDS emulator state/);
    expect(() => h.part.load("nonsense")).toThrow(/invalid RDS emulator state/);
    expect(h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" }).TotalRecordCount).toBe(11);
  });
});

describe("responses read through the official RDS SDK models (@alicloud/rds20140815)", () => {
  type ModelClass = { names(): Record<string, string>; types(): Record<string, unknown>; new (map: Record<string, unknown>): $dara.Model };
  const isModel = (t: unknown): t is ModelClass => typeof t === "function" && typeof (t as ModelClass).names === "function";

  /** Paths of emitted fields the SDK model does not know (the SDK would silently drop them). */
  function unknownFields(body: Record<string, unknown>, model: ModelClass, path = ""): string[] {
    const names = model.names();
    const types = model.types();
    return Object.entries(body).flatMap(([wire, value]) => {
      const key = Object.keys(names).find((k) => names[k] === wire);
      if (!key) return [`${path}${wire}`];
      const type = types[key] as any;
      if (isModel(type) && value && typeof value === "object") return unknownFields(value as Record<string, unknown>, type, `${path}${wire}.`);
      if (type?.type === "array" && isModel(type.itemType) && Array.isArray(value)) {
        return value.flatMap((v, i) => unknownFields(v as Record<string, unknown>, type.itemType, `${path}${wire}[${i}].`));
      }
      return [];
    });
  }
  /** What the SDK's client does with a response body: `$dara.cast` into the action's model. */
  const read = (body: Record<string, unknown>, Model: ModelClass): unknown => {
    expect(unknownFields(body, Model)).toEqual([]);
    return $dara.cast({ ...body, RequestId: "8B993DA9-5272-5414-94E3-4CA8BA0146C2" }, new Model({}));
  };

  test("every action's body casts into its SDK model without a type error, every field known", () => {
    const h = harness();
    const created = read(h.rds("CreateCloudMigrationTask", MIGRATION), rdsSdk.CreateCloudMigrationTaskResponseBody as unknown as ModelClass) as rdsSdk.CreateCloudMigrationTaskResponseBody;
    expect(created.DBInstanceName).toBe(ids.target);
    expect(typeof created.taskId).toBe("number");

    h.clock.advance(7 * MINUTE);
    const result = read(h.rds("DescribeCloudMigrationResult", { DBInstanceName: ids.target, ...page }),
      rdsSdk.DescribeCloudMigrationResultResponseBody as unknown as ModelClass) as rdsSdk.DescribeCloudMigrationResultResponseBody;
    expect(result.items?.[0]).toMatchObject({ migrateStage: "increment", replicationState: "streaming", sourcePort: 5432, taskId: created.taskId,
      sourcePassword: MIGRATION.SourcePassword });
    expect(result.totalSize).toBe(1);

    const upgrades = read(h.rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: ids.upgraded }),
      rdsSdk.DescribeUpgradeMajorVersionTasksResponseBody as unknown as ModelClass) as rdsSdk.DescribeUpgradeMajorVersionTasksResponseBody;
    // The SDK types these as strings; the seed's example sends numbers, which the SDK converts.
    expect(upgrades.items?.[0]).toMatchObject({ targetMajorVersion: "12", sourceMajorVersion: "11", result: "Success", cutOver: true, zeroDownTimePort: 5432 });
    expect(upgrades.pageRecordCount).toBe(30);

    const instances = read(h.rds("DescribeDBInstances", { RegionId: "cn-hangzhou" }),
      rdsSdk.DescribeDBInstancesResponseBody as unknown as ModelClass) as rdsSdk.DescribeDBInstancesResponseBody;
    expect(instances.items?.DBInstance?.map((i) => i.DBInstanceId)).toContain(ids.target);
    expect(instances.items?.DBInstance?.[0].readOnlyDBInstanceIds?.readOnlyDBInstanceId?.[0].DBInstanceId).toBe(ids.readOnly);

    const attribute = read(h.rds("DescribeDBInstanceAttribute", { DBInstanceId: ids.target }),
      rdsSdk.DescribeDBInstanceAttributeResponseBody as unknown as ModelClass) as rdsSdk.DescribeDBInstanceAttributeResponseBody;
    expect(attribute.items?.DBInstanceAttribute?.[0]).toMatchObject({ DBInstanceId: ids.target, engine: "PostgreSQL", port: "5432", DBInstanceStorage: 100 });
  });
});
