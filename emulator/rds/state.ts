/**
 * The RDS part's state: plain JSON, checked with zod on load so a hand-written seed file gets a
 * clear message instead of a crash later. Most instance fields have defaults, so seeding an
 * instance can be as short as `{ "DBInstanceId": "pgm-…" }`.
 *
 * Migration source passwords are NOT part of this state (see index.ts): they live only in memory.
 */
import { z } from "zod";
import type { Clock } from "../clock";

export const MIGRATE_STAGES = ["precheck", "basebackup", "startup", "increment", "switch", "success"] as const;
export type MigrateStage = (typeof MIGRATE_STAGES)[number];
/** The stages a migration can fail in (a finished one cannot). */
export const FAILABLE_STAGES = ["precheck", "basebackup", "startup", "increment", "switch"] as const satisfies readonly MigrateStage[];
export type FailableStage = (typeof FAILABLE_STAGES)[number];
export const SOURCE_CATEGORIES = ["idcOnVpc", "ecsOnVpc", "internet"] as const;

const millis = z.number().int();

const instanceSchema = z.object({
  DBInstanceId: z.string().min(1),
  Engine: z.string().default("PostgreSQL"),
  EngineVersion: z.string().default("14.0"),
  DBInstanceStatus: z.string().default("Running"),
  DBInstanceType: z.string().default("Primary"),
  LockMode: z.string().default("Unlock"),
  LockReason: z.string().default(""),
  RegionId: z.string().default("cn-hangzhou"),
  ZoneId: z.string().default("cn-hangzhou-h"),
  DBInstanceClass: z.string().default("pg.n2.2c.2m"),
  DBInstanceDescription: z.string().default(""),
  DBInstanceStorage: z.number().int().positive().default(100),
  DBInstanceStorageType: z.string().default("cloud_essd"),
  PayType: z.string().default("Postpaid"),
  MasterInstanceId: z.string().default(""),
  VpcId: z.string().default("vpc-bp1emu0000000000000"),
  VSwitchId: z.string().default("vsw-bp1emu0000000000000"),
  /** Epoch ms; filled with the load time when a seed file leaves it out. */
  createdAt: millis.optional(),
});

const migrationSchema = z.object({
  TaskId: z.number().int().positive(),
  TaskName: z.string().min(1),
  DBInstanceName: z.string().min(1),
  SourceIpAddress: z.string(),
  SourcePort: z.number().int(),
  SourceAccount: z.string(),
  SourceCategory: z.enum(SOURCE_CATEGORIES),
  createdAt: millis,
  /** Decided at creation (the failure trigger) or written by hand in a seed file. */
  failure: z.object({
    stage: z.enum(FAILABLE_STAGES),
    /** for a precheck failure: the check line that fails, e.g. "Check ip connectable" */
    check: z.string().optional(),
    reason: z.string().min(1),
  }).optional(),
});

const upgradeSchema = z.object({
  TaskId: z.number().int().positive(),
  SourceInsName: z.string().min(1),
  TargetInsName: z.string().default(""),
  SourceMajorVersion: z.number().int(),
  TargetMajorVersion: z.number().int(),
  UpgradeMode: z.enum(["switch", "clone"]).default("switch"),
  CollectStatMode: z.enum(["After", "Before"]).default("After"),
  startedAt: millis,
  failure: z.object({ reason: z.string().min(1) }).optional(),
});

const reportSchema = z.object({
  TaskId: z.number().int().positive(),
  SourceDBClusterId: z.string(),
  DBVersion: z.string(),
  DBType: z.string().optional(),
  DBName: z.string().optional(),
  CreationOption: z.string(),
  CreationCategory: z.string(),
  createdAt: millis,
});

export const rdsStateSchema = z.object({
  instances: z.array(instanceSchema).default([]),
  migrations: z.array(migrationSchema).default([]),
  upgrades: z.array(upgradeSchema).default([]),
  reports: z.array(reportSchema).default([]),
  /** Last ids handed out, so ids stay unique across save/load. */
  lastIds: z.object({ migration: z.number().int(), upgrade: z.number().int(), report: z.number().int() })
    .default({ migration: 440437220, upgrade: 342900000, report: 2312111 }),
});

export type RdsState = z.infer<typeof rdsStateSchema>;
export type Instance = RdsState["instances"][number];
export type Migration = RdsState["migrations"][number];
export type MigrationFailure = NonNullable<Migration["failure"]>;
export type UpgradeTask = RdsState["upgrades"][number];
export type ReportTask = RdsState["reports"][number];

/** Parses a saved or hand-written state; throws an Error naming the offending path. */
export function parseState(raw: unknown, clock: Clock): RdsState {
  const parsed = rdsStateSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid RDS emulator state: ${z.prettifyError(parsed.error)}`);
  const state = parsed.data;
  for (const i of state.instances) i.createdAt ??= clock.now();
  // Ids handed out later must not collide with seeded ones.
  const max = (ids: number[], floor: number) => Math.max(floor, ...ids);
  state.lastIds = {
    migration: max(state.migrations.map((m) => m.TaskId), state.lastIds.migration),
    upgrade: max(state.upgrades.map((u) => u.TaskId), state.lastIds.upgrade),
    report: max(state.reports.map((r) => r.TaskId), state.lastIds.report),
  };
  return state;
}

/** What every RDS action needs; `state()` because load() replaces the state object. */
export interface RdsContext {
  clock: Clock;
  rng: () => number;
  state(): RdsState;
  /** Source passwords by migration TaskId: in memory only, never saved. */
  passwords: Map<number, string>;
  lookupCluster(id: string): { DBClusterId: string; DBType: string; DBVersion: string; ZoneIds?: string } | undefined;
}

/** A fresh id above the last one, with a seeded gap so ids do not look like a counter. */
export function nextId(ctx: RdsContext, kind: keyof RdsState["lastIds"]): number {
  const ids = ctx.state().lastIds;
  ids[kind] += 1 + Math.floor(ctx.rng() * 97);
  return ids[kind];
}
