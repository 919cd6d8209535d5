/**
 * The default RDS world: fixed instance ids, so tests, the demo and the docs can name them, and
 * one instance per documented refusal of CreateCloudMigrationTask. Times are relative to the
 * clock when the state is created, so the history is always in the past and the running upgrade
 * always fresh.
 */
import type { Clock } from "../clock";
import type { RdsState } from "./state";
import { rdsStateSchema } from "./state";
import { UPGRADE_TIMES } from "./upgrade";

export const DEFAULT_INSTANCES = {
  /** PostgreSQL 14, Running: a migration target. */
  target: "pgm-bp1mig0dst0000001",
  /** PostgreSQL 13, Running: a second migration target. */
  target2: "pgm-bp1mig0dst0000002",
  /** PostgreSQL 11: upgrade history with one failed (→13) and one successful (→12) task. */
  upgraded: "pgm-bp1upg0src0000003",
  /** PostgreSQL 12: the instance the successful upgrade created. */
  upgradeResult: "pgm-bp1upg0dst0000004",
  /** PostgreSQL 13 with an upgrade to 14 running from the moment the state was created. */
  upgrading: "pgm-bp1upg0run0000005",
  /** A read-only instance: CreateCloudMigrationTask → IncorrectDBInstance. */
  readOnly: "pgm-bp1ro00000000006",
  /** Locked (disk quota): CreateCloudMigrationTask → IncorrectDBInstanceLockMode. */
  locked: "pgm-bp1lck0000000007",
  /** Rebooting: CreateCloudMigrationTask → IncorrectDBInstanceState. */
  rebooting: "pgm-bp1rbt0000000008",
  /** MySQL: CreateCloudMigrationTask → IncorrectDBInstanceType; the describe actions → InvalidDBInstanceEngineType.Format. */
  mysql: "rm-bp1mysql000000009",
  /** RDS MySQL 5.7 high-availability, local SSD: a PolarDB CloneFromRDS / MigrationFromRDS source. */
  mysql57: "rm-bp1mysql57src00010",
  /** RDS MySQL 8.0 high-availability, local SSD: a CloneFromRDS / MigrationFromRDS source (Terraform's acceptance tests use one). */
  mysql80: "rm-bp1mysql80src00011",
} as const;

const DAY = 86_400_000;

export function defaultState(clock: Clock): RdsState {
  const now = clock.now();
  const ids = DEFAULT_INSTANCES;
  const created = now - 90 * DAY;
  return rdsStateSchema.parse({
    instances: [
      { DBInstanceId: ids.target, EngineVersion: "14.0", DBInstanceDescription: "migration target", createdAt: created },
      { DBInstanceId: ids.target2, EngineVersion: "13.0", DBInstanceDescription: "second migration target", ZoneId: "cn-hangzhou-i", createdAt: created },
      { DBInstanceId: ids.upgraded, EngineVersion: "11.0", DBInstanceDescription: "upgraded to 12", createdAt: created },
      { DBInstanceId: ids.upgradeResult, EngineVersion: "12.0", DBInstanceDescription: "created by the upgrade of " + ids.upgraded, createdAt: now - 7 * DAY },
      { DBInstanceId: ids.upgrading, EngineVersion: "13.0", DBInstanceDescription: "upgrading to 14", createdAt: created },
      { DBInstanceId: ids.readOnly, EngineVersion: "14.0", DBInstanceType: "Readonly", MasterInstanceId: ids.target, DBInstanceDescription: "read-only", createdAt: created },
      { DBInstanceId: ids.locked, EngineVersion: "14.0", LockMode: "LockByDiskQuota", LockReason: "instance_locked_by_disk_quota", DBInstanceDescription: "locked", createdAt: created },
      { DBInstanceId: ids.rebooting, EngineVersion: "14.0", DBInstanceStatus: "Rebooting", DBInstanceDescription: "rebooting", createdAt: created },
      { DBInstanceId: ids.mysql, Engine: "MySQL", EngineVersion: "8.0", DBInstanceClass: "mysql.n2.medium.2c", DBInstanceDescription: "mysql", createdAt: created },
      { DBInstanceId: ids.mysql57, Engine: "MySQL", EngineVersion: "5.7", DBInstanceClass: "rds.mysql.s2.large", DBInstanceStorageType: "local_ssd", DBInstanceDescription: "mysql 5.7 source", createdAt: created },
      { DBInstanceId: ids.mysql80, Engine: "MySQL", EngineVersion: "8.0", DBInstanceClass: "mysql.x8.medium.2", DBInstanceStorageType: "local_ssd", DBInstanceDescription: "mysql 8.0 source", createdAt: created },
    ],
    upgrades: [
      { TaskId: 342900000, SourceInsName: ids.upgraded, TargetInsName: "", SourceMajorVersion: 11, TargetMajorVersion: 13, UpgradeMode: "switch",
        startedAt: now - 30 * DAY, failure: { reason: "extension postgis 2.5 is not supported by major version 13" } },
      { TaskId: 342900017, SourceInsName: ids.upgraded, TargetInsName: ids.upgradeResult, SourceMajorVersion: 11, TargetMajorVersion: 12,
        UpgradeMode: "switch", startedAt: now - 7 * DAY - UPGRADE_TIMES.end },
      { TaskId: 342900042, SourceInsName: ids.upgrading, TargetInsName: "pgm-bp1upg0new0000010", SourceMajorVersion: 13, TargetMajorVersion: 14,
        UpgradeMode: "switch", startedAt: now },
    ],
    lastIds: { migration: 440437220, upgrade: 342900042, report: 2312111 },
  });
}
