/**
 * RDS PostgreSQL cloud migration: `CreateCloudMigrationTask` (seed 004) and
 * `DescribeCloudMigrationResult` (seed 001). A task walks the seed's stages
 * precheck → basebackup → startup → increment → switch → success in about ten realistic
 * minutes, computed from its creation time on every read (see timeline.ts), and writes the
 * seed's `Detail` log and `ReplicationInfo` as it goes. A failing task stops in the stage where
 * it fails and logs `failed(error:<reason>)` there (the seed has no failure stage; this is the
 * form of its `warning(…)` lines).
 */
import type { DispatchRequest } from "../backend-api";
import { rdsError } from "./errors";
import { isoSeconds, logTime, pgTime, seedJson, seedLog } from "./format";
import { findInstance, isPostgres } from "./instances";
import { INT32_MAX, pageOf, RDS_RULES, readParams } from "./params";
import {
  FAILABLE_STAGES, FailableStage, MigrateStage, Migration, MigrationFailure, nextId, RdsContext, SOURCE_CATEGORIES,
} from "./state";
import { replay, Step } from "./timeline";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** When each stage starts, in realistic ms after creation. */
export const STAGE_STARTS: Record<MigrateStage, number> = {
  precheck: 0, basebackup: MINUTE, startup: 5 * MINUTE, increment: 6 * MINUTE, switch: 9 * MINUTE, success: 10 * MINUTE,
};
const REPLICATION_STATE: Record<MigrateStage, string> = {
  precheck: "unstarted", basebackup: "unstarted", startup: "catchup", increment: "streaming", switch: "streaming", success: "finish",
};
/** Log lines written on entering a stage (the seed's example shows these two). */
const STAGE_LOG: Partial<Record<MigrateStage, (time: string) => string[]>> = {
  startup: (t) => ["[Start RDS instance]", `${t} --- Start RDS instance as slave for data replication`],
  increment: (t) => ["[Synchronize data]", `${t} --- Synchronize data from source to RDS by streaming replication `],
};
/** A header for a failure in a stage that logs no section of its own. */
const FAILURE_SECTION: Partial<Record<MigrateStage, string>> = { basebackup: "[Full backup]", switch: "[Switch to RDS]" };

/** The seed's precheck sections and checks, in its order; one section every 5 s. */
const PRECHECK = [
  { section: "Check rds empty", checks: ["Check rds databases"] },
  { section: "Check source connectivity", checks: ["Check ip connectable", "Check port connectable", "Check database connectable",
    "Check account replication privilege", "Check account createrole privilege", "Check account monitor privilege"] },
  { section: "Check source version", checks: ["Check major version consistent"] },
  { section: "Check source glibc version", checks: ["Check source glibc version compatible"] },
  { section: "Check disk size", checks: ["Check disk size enough"] },
  { section: "Check wal keep size", checks: ["Check wal keep size large enough"] },
  { section: "Check spec params", checks: ["Check if spec params too large"] },
];
const PRECHECK_SECTION_EVERY = 5 * SECOND;
/** Self-managed IDC hosts run their own OS builds: their glibc check warns, as in the seed (warnings do not stop a task). */
const GLIBC_WARNING = "warning(warning:source glibc version is not compatible with rds pg)";

// ---------------------------------------------------------------------------------------------
// The deterministic failure trigger (documented at the top of index.ts)

const UNREACHABLE_NET = /^192\.0\.2\./; // TEST-NET-1, RFC 5737: never a real host
const STAGE_FAILURE_REASONS: Record<FailableStage, (m: Pick<Migration, "SourceAccount" | "SourceIpAddress">) => Omit<MigrationFailure, "stage">> = {
  precheck: (m) => ({ check: "Check account replication privilege", reason: `account ${m.SourceAccount} does not have the REPLICATION privilege` }),
  basebackup: () => ({ reason: "full backup of the source aborted: could not receive data from WAL stream: server closed the connection unexpectedly" }),
  startup: () => ({ reason: "RDS instance could not start as slave: the source has no free replication slot" }),
  increment: () => ({ reason: "replication link disconnected: requested WAL segment has already been removed on the source" }),
  switch: () => ({ reason: "switchover aborted: write connections to the source did not drain in time" }),
};

export function plannedFailure(m: Pick<Migration, "SourceAccount" | "SourceIpAddress">): MigrationFailure | undefined {
  if (UNREACHABLE_NET.test(m.SourceIpAddress)) {
    return { stage: "precheck", check: "Check ip connectable", reason: `source ip ${m.SourceIpAddress} is not reachable from the rds instance` };
  }
  const named = /^fail_(.*)$/i.exec(m.SourceAccount);
  if (!named) return undefined;
  const stage = (FAILABLE_STAGES as readonly string[]).includes(named[1].toLowerCase()) ? named[1].toLowerCase() as FailableStage : "precheck";
  return { stage, ...STAGE_FAILURE_REASONS[stage](m) };
}

// ---------------------------------------------------------------------------------------------
// Progress

interface Progress {
  MigrateStage: MigrateStage;
  ReplicationState: string;
  switchedAt: number;   // 0 until the switch stage
  startupAt: number;    // 0 until the replication link exists
  streamingAt: number;  // 0 until streaming
  endedAt: number;      // success or failure time; 0 while running
  failed: boolean;
}

const FAILED_LINE = (reason: string) => `failed(error:${reason})`;

function precheckSteps(m: Migration): Step<Progress>[] {
  const failure = m.failure?.stage === "precheck" ? m.failure : undefined;
  const steps: Step<Progress>[] = [];
  for (const [index, { section, checks }] of PRECHECK.entries()) {
    const failing = failure ? checks.indexOf(failure.check ?? "") : -1;
    const at = (index + 1) * PRECHECK_SECTION_EVERY;
    if (failure && failing >= 0) {
      const passed = checks.slice(0, failing).map((c) => `${c}: success`);
      steps.push({
        at,
        log: () => [`[${section}]`, ...passed, `${checks[failing]}: ${FAILED_LINE(failure.reason)}`],
        set: (when) => ({ failed: true, endedAt: when }),
      });
      return steps;
    }
    const result = (check: string) => (check === "Check source glibc version compatible" && m.SourceCategory === "idcOnVpc" ? GLIBC_WARNING : "success");
    steps.push({ at, log: () => [`[${section}]`, ...checks.map((c) => `${c}: ${result(c)}`)] });
  }
  if (failure) {
    // A failing check the table does not know (a hand-written seed): it fails after the last section.
    steps.push({ at: (PRECHECK.length + 1) * PRECHECK_SECTION_EVERY, log: () => [`${failure.check ?? "Check source"}: ${FAILED_LINE(failure.reason)}`], set: (when) => ({ failed: true, endedAt: when }) });
  }
  return steps;
}

/** Every step of a task's life, ending at success or at its failure. */
export function migrationSteps(m: Migration): Step<Progress>[] {
  const steps = precheckSteps(m);
  if (m.failure?.stage === "precheck") return steps;
  const order = Object.keys(STAGE_STARTS) as MigrateStage[];
  for (const [index, stage] of order.entries()) {
    if (stage === "precheck") continue;
    steps.push({
      at: STAGE_STARTS[stage],
      set: (when) => ({
        MigrateStage: stage,
        ReplicationState: REPLICATION_STATE[stage],
        ...(stage === "startup" ? { startupAt: when } : {}),
        ...(stage === "increment" ? { streamingAt: when } : {}),
        ...(stage === "switch" ? { switchedAt: when } : {}),
        ...(stage === "success" ? { endedAt: when } : {}),
      }),
      log: STAGE_LOG[stage] && ((when) => STAGE_LOG[stage]!(logTime(when))),
    });
    if (m.failure?.stage === stage) {
      const failure = m.failure;
      const halfway = (STAGE_STARTS[stage] + STAGE_STARTS[order[index + 1]]) / 2;
      const linkExists = STAGE_STARTS[stage] >= STAGE_STARTS.startup;
      steps.push({
        at: halfway,
        set: (when) => ({ failed: true, endedAt: when, ReplicationState: linkExists ? "disconnect" : "unstarted" }),
        log: (when) => [...(FAILURE_SECTION[stage] ? [FAILURE_SECTION[stage]!] : []), `${logTime(when)} --- ${FAILED_LINE(failure.reason)}`],
      });
      return steps;
    }
  }
  return steps;
}

const INITIAL: Progress = { MigrateStage: "precheck", ReplicationState: "unstarted", switchedAt: 0, startupAt: 0, streamingAt: 0, endedAt: 0, failed: false };

export function migrationProgress(ctx: RdsContext, m: Migration) {
  return replay(migrationSteps(m), INITIAL, m.createdAt, ctx.clock);
}

const lsn = (offset: number) => `0/${(0x3000000 + offset).toString(16).toUpperCase()}`;

/** The seed's `ReplicationInfo` (WAL receiver statistics), "" before the link exists. */
function replicationInfo(m: Migration, p: Progress, now: number): string {
  if (!p.startupAt) return "";
  const last = p.endedAt || now; // a finished or broken link stops moving
  const synced = p.streamingAt > 0 && !p.failed;
  const received = lsn(Math.floor((last - p.startupAt) / SECOND) * 0x148);
  return seedJson({
    Status: p.ReplicationState,
    ReceiveStartLsn: lsn(0),
    ReceivedTli: "1",
    LatestEndTime: pgTime(p.streamingAt || p.startupAt),
    Synced: String(synced),
    IsSlave: String(p.MigrateStage !== "success"),
    ReplayTimestamp: "null",
    LastMsgSendTime: pgTime(last),
    Conninfo: `user=${m.SourceAccount} password=******** channel_binding=prefer dbname=replication host=${m.SourceIpAddress} port=${m.SourcePort} `
      + "application_name=rds_db_instance fallback_application_name=walreceiver sslmode=prefer sslcompression=1 sslsni=1 "
      + "ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres target_session_attrs=any",
    LastMsgReceiptTime: pgTime(last + 1),
    LatestEndLsn: received,
    ReceivedLsn: received,
    ReplayLsn: synced ? received : lsn(0),
    ReceiveStartTli: "1",
    ReplayLag: synced ? "0" : "1",
  });
}

/** Passwords are kept only in memory; after load() the emulator no longer knows them. */
const FORGOTTEN_PASSWORD = "********";

/** One element of `DescribeCloudMigrationResult.Items`, in the seed's field order. */
export function migrationItem(ctx: RdsContext, m: Migration): Record<string, unknown> {
  const { fields: p, lines, changedAt } = migrationProgress(ctx, m);
  return {
    Detail: seedLog(lines),
    GmtCreated: isoSeconds(m.createdAt),
    GmtModified: isoSeconds(changedAt),
    MigrateStage: p.MigrateStage,
    ReplicationInfo: replicationInfo(m, p, ctx.clock.now()),
    ReplicationState: p.ReplicationState,
    SourceAccount: m.SourceAccount,
    SourceCategory: m.SourceCategory.toLowerCase(), // the seed's example prints "ecsonvpc" [O-D2]
    SourceIpAddress: m.SourceIpAddress,
    SourcePassword: ctx.passwords.get(m.TaskId) ?? FORGOTTEN_PASSWORD,
    SourcePort: m.SourcePort,
    SwitchTime: p.switchedAt ? isoSeconds(p.switchedAt) : "",
    TargetEip: "null", // reserved; the seed prints the string "null" [O-D4]
    TargetInstanceName: m.DBInstanceName,
    TaskId: m.TaskId,
    TaskName: m.TaskName,
  };
}

export function isActive(ctx: RdsContext, m: Migration): boolean {
  return !migrationProgress(ctx, m).fields.endedAt;
}

// ---------------------------------------------------------------------------------------------
// Parameters

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** A PostgreSQL role name as written unquoted: letter or _, then letters, digits, _ or $; at most 63 bytes. */
const PG_ROLE = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
/** Free text; the example is a UUID. No control characters, at most 64 characters (inferred). */
const TASK_NAME = /^[^\u0000-\u001f\u007f]{1,64}$/;

function octets(ip: string): number[] {
  return ip.split(".").map(Number);
}

/** RFC 1918: what the seed calls a private IP address. */
export function isPrivateIp(ip: string): boolean {
  const [a, b] = octets(ip);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Routable from the Internet as far as an address can tell: not private, loopback, link-local, CGNAT, "this network" or multicast/reserved. */
export function isPublicIp(ip: string): boolean {
  const [a, b] = octets(ip);
  const special = a === 0 || a === 127 || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  return !isPrivateIp(ip) && !special;
}

/** The seed's rule: ECS and IDC sources by their private address, Internet sources by a public one. */
const ADDRESS_RULE: Record<(typeof SOURCE_CATEGORIES)[number], (ip: string) => boolean> = {
  ecsOnVpc: isPrivateIp, idcOnVpc: isPrivateIp, internet: isPublicIp,
};

function uuid(rng: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(rng() * 4)]}${hex(3)}-${hex(12)}`;
}

// ---------------------------------------------------------------------------------------------
// Actions

export function migrationActions(ctx: RdsContext) {
  return {
    CreateCloudMigrationTask(req: DispatchRequest) {
      const p = readParams(req.params, RDS_RULES);
      const name = p.required("DBInstanceName");
      const ip = p.required("SourceIpAddress", IPV4);
      const port = p.requiredInt("SourcePort", { min: 1, max: 65535 });
      const account = p.required("SourceAccount", PG_ROLE);
      const password = p.required("SourcePassword");
      const taskName = p.optional("TaskName", TASK_NAME);
      const category = p.requiredChoice("SourceCategory", SOURCE_CATEGORIES);
      if (!ADDRESS_RULE[category](ip)) p.reject("SourceIpAddress");

      const instance = findInstance(ctx, name);
      if (!instance) throw rdsError("instanceNameNotFound");
      if (!isPostgres(instance)) throw rdsError("instanceEngine");
      if (instance.DBInstanceType !== "Primary") throw rdsError("instanceUnsupported");
      if (instance.LockMode !== "Unlock") throw rdsError("instanceLocked");
      const busy = ctx.state().migrations.some((m) => m.DBInstanceName === name && isActive(ctx, m));
      if (instance.DBInstanceStatus !== "Running" || busy) throw rdsError("instanceState");

      const task: Migration = {
        TaskId: nextId(ctx, "migration"),
        TaskName: taskName ?? uuid(ctx.rng),
        DBInstanceName: name,
        SourceIpAddress: ip,
        SourcePort: port,
        SourceAccount: account,
        SourceCategory: category,
        createdAt: ctx.clock.now(),
      };
      const failure = plannedFailure(task);
      if (failure) task.failure = failure;
      ctx.state().migrations.push(task);
      ctx.passwords.set(task.TaskId, password);
      return { DBInstanceName: name, TaskId: task.TaskId, TaskName: task.TaskName };
    },

    DescribeCloudMigrationResult(req: DispatchRequest) {
      const p = readParams(req.params, RDS_RULES);
      const name = p.required("DBInstanceName");
      const pageNumber = p.requiredInt("PageNumber", { min: 1, max: INT32_MAX });
      const pageSize = p.requiredInt("PageSize", { min: 1, max: 100 });
      const taskId = p.optionalInt("TaskId", { min: 1, max: Number.MAX_SAFE_INTEGER });
      const taskName = p.optional("TaskName");
      const ip = p.optional("SourceIpAddress");
      const port = p.optionalInt("SourcePort", { min: 1, max: 65535 });

      const instance = findInstance(ctx, name);
      if (!instance) throw rdsError("instanceNameNotFound");
      if (!isPostgres(instance)) throw rdsError("engineTypeUnsupported");

      const rows = ctx.state().migrations
        .filter((m) => m.DBInstanceName === name && (taskId === undefined || m.TaskId === taskId)
          && (taskName === undefined || m.TaskName === taskName) && (ip === undefined || m.SourceIpAddress === ip)
          && (port === undefined || m.SourcePort === port))
        .sort((a, b) => b.TaskId - a.TaskId); // newest first
      return {
        Items: pageOf(rows, pageNumber, pageSize).map((m) => migrationItem(ctx, m)),
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalSize: rows.length,
      };
    },
  };
}
