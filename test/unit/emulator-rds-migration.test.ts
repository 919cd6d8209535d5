/**
 * CreateCloudMigrationTask (seed 004) and DescribeCloudMigrationResult (seed 001) on the
 * emulator's RDS part, driven directly with a manual clock.
 */
import {
  DEFAULT_INSTANCES, detailLines, errorOf, harness, MIGRATION, MINUTE, PARAMETERS_INVALID, REQUIRED_PARAM, replicationInfo, START,
} from "./emulator-rds-harness";

const ids = DEFAULT_INSTANCES;
const page = { PageNumber: 1, PageSize: 10 };

/** Seed 001's example `Detail` as it decodes (literal backslash-n between lines). */
const SEED_DETAIL = String.raw`[Check rds empty]\nCheck rds databases: success\n[Check source connectivity]\nCheck ip connectable: success\nCheck port connectable: success\nCheck database connectable: success\nCheck account replication privilege: success\nCheck account createrole privilege: success\nCheck account monitor privilege: success\n[Check source version]\nCheck major version consistent: success\n[Check source glibc version]\nCheck source glibc version compatible: warning(warning:source glibc version is not compatible with rds pg)\n[Check disk size]\nCheck disk size enough: success\n[Check wal keep size]\nCheck wal keep size large enough: success\n[Check spec params]\nCheck if spec params too large: success\n[Start RDS instance]\n2022-02-25 17:00:29 --- Start RDS instance as slave for data replication\n[Synchronize data]\n2022-02-25 17:01:05 --- Synchronize data from source to RDS by streaming replication \n`;
const SEED_CONNINFO = "user=migratetest password=******** channel_binding=prefer dbname=replication host=172.16.254.203 port=5432 application_name=rds_db_instance fallback_application_name=walreceiver sslmode=prefer sslcompression=1 sslsni=1 ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres target_session_attrs=any";
const SEED_ITEM_KEYS = ["Detail", "GmtCreated", "GmtModified", "MigrateStage", "ReplicationInfo", "ReplicationState", "SourceAccount", "SourceCategory",
  "SourceIpAddress", "SourcePassword", "SourcePort", "SwitchTime", "TargetEip", "TargetInstanceName", "TaskId", "TaskName"];
const SEED_REPLICATION_KEYS = ["Status", "ReceiveStartLsn", "ReceivedTli", "LatestEndTime", "Synced", "IsSlave", "ReplayTimestamp", "LastMsgSendTime",
  "Conninfo", "LastMsgReceiptTime", "LatestEndLsn", "ReceivedLsn", "ReplayLsn", "ReceiveStartTli", "ReplayLag"];
const withoutTimes = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, "<time>");

function started(overrides: Record<string, string> = {}, opts?: { timeScale?: number }) {
  const h = harness(opts);
  const created = h.rds("CreateCloudMigrationTask", { ...MIGRATION, ...overrides });
  const item = () => {
    const r = h.rds("DescribeCloudMigrationResult", { DBInstanceName: created.DBInstanceName, TaskId: created.TaskId, ...page });
    expect(r.TotalSize).toBe(1);
    return r.Items[0];
  };
  return { ...h, created, item };
}

describe("CreateCloudMigrationTask", () => {
  test("answers the seed's four fields; a generated TaskName is a UUID, a given one is kept", () => {
    const h = harness();
    const a = h.rds("CreateCloudMigrationTask", MIGRATION);
    expect(Object.keys(a).sort()).toEqual(["DBInstanceName", "TaskId", "TaskName"]);
    expect(a.DBInstanceName).toBe(ids.target);
    expect(Number.isInteger(a.TaskId)).toBe(true);
    expect(a.TaskName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const b = h.rds("CreateCloudMigrationTask", { ...MIGRATION, DBInstanceName: ids.target2, TaskName: "362c6c7a-4d20-4eac-898c-1495ceab374c" });
    expect(b.TaskName).toBe("362c6c7a-4d20-4eac-898c-1495ceab374c");
    expect(b.TaskId).toBeGreaterThan(a.TaskId);
  });

  test.each(["DBInstanceName", "SourceIpAddress", "SourcePort", "SourceAccount", "SourcePassword", "SourceCategory"])(
    "a missing %s is RequiredParam.NotFound", (name) => {
      const h = harness();
      const params: Record<string, string> = { ...MIGRATION };
      delete params[name];
      expect(errorOf(() => h.rds("CreateCloudMigrationTask", params))).toEqual(REQUIRED_PARAM);
      expect(errorOf(() => h.rds("CreateCloudMigrationTask", { ...MIGRATION, [name]: "" }))).toEqual(REQUIRED_PARAM);
    });

  test.each([
    ["SourcePort", "0"], ["SourcePort", "65536"], ["SourcePort", "54x"], ["SourcePort", "-1"],
    ["SourceIpAddress", "300.1.1.1"], ["SourceIpAddress", "172.16.1"], ["SourceIpAddress", "172.016.1.1"], ["SourceIpAddress", "db.example.com"],
    ["SourceCategory", "moon"], ["SourceCategory", "ecsonvpc"],
    ["SourceAccount", "1migrate"], ["SourceAccount", "migrate-test"], ["SourceAccount", "a".repeat(64)],
    ["TaskName", "x".repeat(65)], ["TaskName", "bad\nname"],
  ])("%s=%j is Parameters.Invalid", (name, value) => {
    const h = harness();
    expect(errorOf(() => h.rds("CreateCloudMigrationTask", { ...MIGRATION, [name]: value }))).toEqual(PARAMETERS_INVALID);
  });

  test.each([
    ["ecsOnVpc", "8.8.8.8"], ["idcOnVpc", "47.96.1.2"], ["internet", "10.0.0.5"], ["internet", "192.168.1.1"], ["internet", "127.0.0.1"], ["internet", "100.64.0.1"],
  ])("the seed's address rule: SourceCategory %s refuses %s", (category, ip) => {
    const h = harness();
    expect(errorOf(() => h.rds("CreateCloudMigrationTask", { ...MIGRATION, SourceCategory: category, SourceIpAddress: ip }))).toEqual(PARAMETERS_INVALID);
  });

  test.each([
    ["ecsOnVpc", "172.31.255.1"], ["idcOnVpc", "10.1.2.3"], ["idcOnVpc", "192.168.0.9"], ["internet", "47.96.1.2"],
  ])("SourceCategory %s accepts %s", (category, ip) => {
    const h = harness();
    expect(h.rds("CreateCloudMigrationTask", { ...MIGRATION, SourceCategory: category, SourceIpAddress: ip }).DBInstanceName).toBe(ids.target);
  });

  test.each([
    ["an unknown instance", "pgm-doesnotexist0000", { code: "InvalidDBInstanceName.NotFound", status: 404, message: "The database instance does not exist." }],
    ["a MySQL instance", ids.mysql, { code: "IncorrectDBInstanceType", status: 403, message: "The database instance type does not support the operation." }],
    ["a read-only instance", ids.readOnly, { code: "IncorrectDBInstance", status: 403, message: "The current DB instance does not support this operation." }],
    ["a locked instance", ids.locked, { code: "IncorrectDBInstanceLockMode", status: 404, message: "Current DB instance lock mode does not support this operation." }],
    ["a rebooting instance", ids.rebooting, { code: "IncorrectDBInstanceState", status: 400, message: "The current instance state does not support this operation." }],
  ])("%s is refused with seed 004's error", (_what, instance, expected) => {
    const h = harness();
    expect(errorOf(() => h.rds("CreateCloudMigrationTask", { ...MIGRATION, DBInstanceName: instance }))).toEqual(expected);
    expect(h.part.save()).toMatchObject({ migrations: [] });
  });

  test("one migration at a time per instance: IncorrectDBInstanceState until it has finished", () => {
    const { rds, clock, item } = started();
    const again = () => rds("CreateCloudMigrationTask", { ...MIGRATION, SourceIpAddress: "172.16.10.21" });
    expect(errorOf(again)).toEqual({ code: "IncorrectDBInstanceState", status: 400, message: "The current instance state does not support this operation." });
    clock.advance(10 * MINUTE);
    expect(item().MigrateStage).toBe("success");
    expect(again().DBInstanceName).toBe(ids.target);
  });
});

describe("a migration's progress on the clock", () => {
  test.each([
    [0, "precheck", "unstarted"], [59_999, "precheck", "unstarted"], [MINUTE, "basebackup", "unstarted"], [5 * MINUTE - 1, "basebackup", "unstarted"],
    [5 * MINUTE, "startup", "catchup"], [6 * MINUTE, "increment", "streaming"], [9 * MINUTE, "switch", "streaming"],
    [10 * MINUTE - 1, "switch", "streaming"], [10 * MINUTE, "success", "finish"], [600 * MINUTE, "success", "finish"],
  ])("after %i ms: %s / %s", (elapsed, stage, replication) => {
    const { clock, item } = started();
    clock.advance(elapsed);
    expect(item()).toMatchObject({ MigrateStage: stage, ReplicationState: replication });
  });

  test("the stages follow the seed's order and every read in between is consistent", () => {
    const { clock, item } = started();
    const seen: string[] = [];
    for (let t = 0; t <= 11 * MINUTE; t += 15_000) {
      const stage = item().MigrateStage;
      if (seen[seen.length - 1] !== stage) seen.push(stage);
      clock.advance(15_000);
    }
    expect(seen).toEqual(["precheck", "basebackup", "startup", "increment", "switch", "success"]);
  });

  test("a fresh task has the seed's fields, an empty log and no replication link yet", () => {
    const { item, created } = started();
    const it = item();
    expect(Object.keys(it)).toEqual(SEED_ITEM_KEYS);
    expect(it).toEqual({
      Detail: "", GmtCreated: "2026-01-01T00:00:00Z", GmtModified: "2026-01-01T00:00:00Z", MigrateStage: "precheck", ReplicationInfo: "",
      ReplicationState: "unstarted", SourceAccount: "migratetest", SourceCategory: "ecsonvpc", SourceIpAddress: "172.16.10.20",
      SourcePassword: "Src-Passw0rd!", SourcePort: 5432, SwitchTime: "", TargetEip: "null", TargetInstanceName: ids.target,
      TaskId: created.TaskId, TaskName: created.TaskName,
    });
  });

  test("the precheck log grows section by section, one every 5 s", () => {
    const { clock, item } = started();
    clock.advance(5_000);
    expect(detailLines(item().Detail)).toEqual(["[Check rds empty]", "Check rds databases: success"]);
    clock.advance(5_000);
    expect(detailLines(item().Detail)).toHaveLength(2 + 7);
    expect(item().GmtModified).toBe("2026-01-01T00:00:10Z");
  });

  test("at the increment stage Detail is the seed's log, byte for byte apart from the times", () => {
    const { clock, item } = started({ SourceCategory: "idcOnVpc" }); // IDC sources get the seed's glibc warning
    clock.advance(7 * MINUTE);
    const it = item();
    expect(withoutTimes(it.Detail)).toBe(withoutTimes(SEED_DETAIL));
    // Log times are UTC+8 local times of the stage changes.
    expect(detailLines(it.Detail).filter((l) => l.includes(" --- "))).toEqual([
      "2026-01-01 08:05:00 --- Start RDS instance as slave for data replication",
      "2026-01-01 08:06:00 --- Synchronize data from source to RDS by streaming replication ",
    ]);
    expect(it.GmtModified).toBe("2026-01-01T00:06:00Z");
    expect(it.SourceCategory).toBe("idconvpc");
  });

  test("ReplicationInfo is the seed's double-escaped JSON with its keys, values as strings, password masked", () => {
    const { clock, item } = started({ SourceIpAddress: "172.16.254.203", SourcePort: "5432" });
    clock.advance(5 * MINUTE + 30_000);
    const catchup = item().ReplicationInfo as string;
    expect(catchup.startsWith(String.raw`{\"Status\":\"catchup\"`)).toBe(true);
    expect(() => JSON.parse(catchup)).toThrow(); // as in the seed: one unescape needed [O-D6]
    const info = replicationInfo(catchup);
    expect(Object.keys(info)).toEqual(SEED_REPLICATION_KEYS);
    expect(Object.values(info).every((v) => typeof v === "string")).toBe(true);
    expect(info).toMatchObject({ Status: "catchup", Synced: "false", IsSlave: "true", ReplayTimestamp: "null", ReceiveStartLsn: "0/3000000", Conninfo: SEED_CONNINFO });
    expect(info.LatestEndTime).toBe("2026-01-01 08:05:00+08");
    expect(JSON.stringify(item())).not.toContain("password=Src");

    clock.advance(2 * MINUTE);
    const streaming = replicationInfo(item().ReplicationInfo);
    expect(streaming).toMatchObject({ Status: "streaming", Synced: "true", ReplayLag: "0" });
    expect(streaming.ReplayLsn).toBe(streaming.ReceivedLsn);
    expect(parseInt(streaming.ReceivedLsn.split("/")[1], 16)).toBeGreaterThan(parseInt(info.ReceivedLsn.split("/")[1], 16));

    clock.advance(5 * MINUTE);
    expect(replicationInfo(item().ReplicationInfo)).toMatchObject({ Status: "finish", IsSlave: "false", Synced: "true" });
  });

  test("SwitchTime is set when the switch stage starts; GmtModified stops at success", () => {
    const { clock, item } = started();
    clock.advance(8 * MINUTE);
    expect(item().SwitchTime).toBe("");
    clock.advance(MINUTE);
    expect(item()).toMatchObject({ MigrateStage: "switch", SwitchTime: "2026-01-01T00:09:00Z" });
    clock.advance(60 * MINUTE);
    expect(item()).toMatchObject({ MigrateStage: "success", SwitchTime: "2026-01-01T00:09:00Z", GmtModified: "2026-01-01T00:10:00Z" });
  });

  test("durations follow the time scale: at 0.001 a migration takes 600 ms", () => {
    const { clock, item } = started({}, { timeScale: 0.001 });
    clock.advance(599);
    expect(item().MigrateStage).toBe("switch");
    clock.advance(1);
    expect(item().MigrateStage).toBe("success");
  });
});

describe("the failure trigger", () => {
  const lastLine = (detail: string) => detailLines(detail).at(-1)!;

  test.each([
    ["precheck", "unstarted", 10_000],
    ["basebackup", "unstarted", 3 * MINUTE],
    ["startup", "disconnect", 5.5 * MINUTE],
    ["increment", "disconnect", 7.5 * MINUTE],
    ["switch", "disconnect", 9.5 * MINUTE],
  ])("SourceAccount fail_%s fails in that stage with a reason, and stays failed", (stage, replication, failsAt) => {
    const { clock, item } = started({ SourceAccount: `fail_${stage}` });
    clock.advance(failsAt - 1);
    expect(lastLine(item().Detail) ?? "").not.toMatch(/failed\(error:/);
    clock.advance(1);
    const failed = item();
    expect(failed).toMatchObject({ MigrateStage: stage, ReplicationState: replication, GmtModified: new Date(START + failsAt).toISOString().replace(".000", "") });
    expect(lastLine(failed.Detail)).toMatch(/failed\(error:[^)]+\)$/);
    clock.advance(24 * 60 * MINUTE);
    expect(item()).toEqual(failed); // nothing moves after a failure, the replication link included
  });

  test("a precheck failure names the failing check and stops the precheck there", () => {
    const { clock, item } = started({ SourceAccount: "fail_whatever" });
    clock.advance(MINUTE);
    const lines = detailLines(item().Detail);
    expect(lines.slice(-5)).toEqual([
      "[Check source connectivity]", "Check ip connectable: success", "Check port connectable: success", "Check database connectable: success",
      "Check account replication privilege: failed(error:account fail_whatever does not have the REPLICATION privilege)",
    ]);
    expect(item().MigrateStage).toBe("precheck");
  });

  test("a later-stage failure logs a timed line; stages without a section get a header", () => {
    const { clock, item } = started({ SourceAccount: "FAIL_BASEBACKUP" });
    clock.advance(3 * MINUTE);
    expect(detailLines(item().Detail).slice(-2)).toEqual([
      "[Full backup]",
      "2026-01-01 08:03:00 --- failed(error:full backup of the source aborted: could not receive data from WAL stream: server closed the connection unexpectedly)",
    ]);
  });

  test("a source in 192.0.2.0/24 (TEST-NET-1) is unreachable: fails at Check ip connectable", () => {
    const { clock, item } = started({ SourceCategory: "internet", SourceIpAddress: "192.0.2.7" });
    clock.advance(MINUTE);
    expect(item()).toMatchObject({ MigrateStage: "precheck", ReplicationState: "unstarted" });
    expect(detailLines(item().Detail).at(-1)).toBe("Check ip connectable: failed(error:source ip 192.0.2.7 is not reachable from the rds instance)");
  });

  test("an instance whose migration failed takes a new one", () => {
    const { clock, rds } = started({ SourceAccount: "fail_increment" });
    clock.advance(8 * MINUTE);
    expect(rds("CreateCloudMigrationTask", MIGRATION).DBInstanceName).toBe(ids.target);
  });
});

describe("DescribeCloudMigrationResult", () => {
  /** 23 finished tasks on one instance, 2 on another, loaded as a seed state. */
  function manyTasks() {
    const h = harness();
    const migrations = Array.from({ length: 25 }, (_, i) => ({
      TaskId: 1000 + i, TaskName: `task-${i}`, DBInstanceName: i < 23 ? ids.target : ids.target2,
      SourceIpAddress: `172.16.0.${i % 5}`, SourcePort: i % 2 ? 5432 : 5433, SourceAccount: "migratetest", SourceCategory: "ecsOnVpc",
      createdAt: START - (25 - i) * 60 * MINUTE,
    }));
    h.part.load({ ...(h.part.save() as object), migrations });
    return h;
  }
  const list = (h: ReturnType<typeof harness>, params: Record<string, string | number>) =>
    h.rds("DescribeCloudMigrationResult", { DBInstanceName: ids.target, ...params });

  test("pages newest first; TotalSize counts every match; PageNumber and PageSize are echoed", () => {
    const h = manyTasks();
    const pages = [1, 2, 3, 4].map((n) => list(h, { PageNumber: n, PageSize: 10 }));
    expect(pages.map((p) => p.Items.length)).toEqual([10, 10, 3, 0]);
    expect(pages.map((p) => [p.PageNumber, p.PageSize, p.TotalSize])).toEqual([[1, 10, 23], [2, 10, 23], [3, 10, 23], [4, 10, 23]]);
    const taskIds = pages.flatMap((p) => p.Items.map((i: any) => i.TaskId));
    expect(taskIds).toEqual(Array.from({ length: 23 }, (_, i) => 1022 - i));
    expect(Object.keys(pages[0]).sort()).toEqual(["Items", "PageNumber", "PageSize", "TotalSize"]);
  });

  test("filters combine with AND within the instance", () => {
    const h = manyTasks();
    const ids_ = (params: Record<string, string | number>) => list(h, { ...page, PageSize: 100, ...params }).Items.map((i: any) => i.TaskId);
    expect(ids_({ TaskId: 1005 })).toEqual([1005]);
    expect(ids_({ TaskId: 1024 })).toEqual([]); // another instance's task
    expect(ids_({ TaskName: "task-7" })).toEqual([1007]);
    expect(ids_({ SourceIpAddress: "172.16.0.3" })).toEqual([1018, 1013, 1008, 1003]);
    expect(ids_({ SourceIpAddress: "172.16.0.3", SourcePort: 5432 })).toEqual([1013, 1003]);
    expect(ids_({ SourceIpAddress: "172.16.0.3", SourcePort: 5432, TaskName: "task-13" })).toEqual([1013]);
  });

  test("an instance without tasks answers an empty Items list", () => {
    const h = harness();
    expect(list(h, page)).toEqual({ Items: [], PageNumber: 1, PageSize: 10, TotalSize: 0 });
  });

  test.each(["DBInstanceName", "PageNumber", "PageSize"])("a missing %s is RequiredParam.NotFound", (name) => {
    const h = harness();
    const params: Record<string, string | number> = { DBInstanceName: ids.target, ...page };
    delete params[name];
    expect(errorOf(() => h.rds("DescribeCloudMigrationResult", params))).toEqual(REQUIRED_PARAM);
  });

  test.each([["PageNumber", "0"], ["PageSize", "0"], ["PageSize", "101"], ["PageSize", "ten"], ["TaskId", "abc"], ["SourcePort", "70000"]])(
    "%s=%s is Parameters.Invalid", (name, value) => {
      const h = harness();
      expect(errorOf(() => list(h, { ...page, [name]: value }))).toEqual(PARAMETERS_INVALID);
    });

  test("an unknown instance and a MySQL instance get the RDS list's errors", () => {
    const h = harness();
    expect(errorOf(() => list(h, { ...page, DBInstanceName: "pgm-nope" })))
      .toEqual({ code: "InvalidDBInstanceName.NotFound", status: 404, message: "The database instance does not exist." });
    expect(errorOf(() => list(h, { ...page, DBInstanceName: ids.mysql })))
      .toEqual({ code: "InvalidDBInstanceEngineType.Format", status: 400, message: "the DB instance engine type does not support this operation." });
  });
});

describe("the source password", () => {
  const PASSWORD = "S3cret-Source-Pw";

  test("is echoed by the describe as seed 001 documents, and appears in no error and no saved state", () => {
    const { item, part, rds } = started({ SourcePassword: PASSWORD });
    expect(item().SourcePassword).toBe(PASSWORD);
    const err = errorOf(() => rds("CreateCloudMigrationTask", { ...MIGRATION, SourcePassword: PASSWORD, SourcePort: "x" }));
    expect(JSON.stringify(err)).not.toContain(PASSWORD);
    expect(JSON.stringify(part.save())).not.toContain(PASSWORD);
    expect(item().ReplicationInfo).not.toContain(PASSWORD);
  });

  test("after load() the emulator no longer knows it and answers ********", () => {
    const { item, part } = started({ SourcePassword: PASSWORD });
    part.load(JSON.parse(JSON.stringify(part.save())));
    expect(item().SourcePassword).toBe("********");
  });
});
