/**
 * Column store and minor versions (SDK 9.2.1): CreateDBNodes' ImciSwitch (the rule lives here,
 * nodes.ts asks it), DescribeDBClusterVersion and UpgradeDBClusterVersion.
 *
 * REVISIONS. Each engine version (MySQL 8.0 per minor version 8.0.1 / 8.0.2) has an ordered list
 * of kernel revisions, each a code (what UpgradeDBClusterVersion takes) and a name (what
 * DBRevisionVersion reports). A new cluster runs the list's default revision, which is not the
 * newest (the cloud's default lags its newest release), so there is something to upgrade to.
 * The list is the emulator's own; the shapes and rules are the SDK's.
 *
 * RULES. DescribeDBClusterVersion lists (DBRevisionVersionList) only revisions newer than the
 * running one. UpgradeDBClusterVersion refuses a code the engine does not have (InvalidParameter),
 * one not newer than the running revision (no downgrade), PROXY with a kernel code; without a
 * code it upgrades to the newest. With PlannedStartTime (and FromTimeService not true) it
 * registers a scheduled task (schedule-tasks.ts) that runs at its time; else the cluster is
 * MinorVersionUpgrading for about ten minutes, listed by DescribeTasks, then runs the revision.
 * ImciSwitch ON: PolarDB for MySQL 8.0 Normal edition only (the SDK: PostgreSQL and Oracle do
 * not support it; @pulumi/alicloud: not the single-node nor the archive edition).
 */
import { codes } from "../codes";
import { bool, oneOf, optional, Params } from "../params";
import type { Cluster } from "../state";
import type { Area, PolarContext } from "./context";
import { plannedWindow, registerScheduleTask } from "./schedule-tasks";

const MIN = 60_000;
/** A minor version upgrade's realistic length (the clock scales it). */
export const UPGRADE_MS = 10 * MIN;

interface Revision { code: string; name: string; type: "LTS" | "Stable" | "Beta" }
interface Line { revisions: Revision[]; default: number }

const line = (names: string[], codes: string[], def: number): Line => ({
  revisions: names.map((name, i) => ({ name, code: codes[i], type: i === names.length - 1 ? "Beta" : i === def ? "LTS" : "Stable" })),
  default: def,
});

/** By `<DBType> <DBVersion>` (MySQL 8.0: by minor version). */
export const REVISIONS: Record<string, Line> = {
  "MySQL 8.0.1": line(["8.0.1.1.42", "8.0.1.1.44", "8.0.1.1.46", "8.0.1.1.47"], ["20240605", "20241012", "20250318", "20250911"], 1),
  "MySQL 8.0.2": line(["8.0.2.2.25", "8.0.2.2.27", "8.0.2.2.29", "8.0.2.2.30"], ["20240729", "20241125", "20250422", "20251015"], 1),
  "MySQL 5.7": line(["5.7.1.0.35", "5.7.1.0.36", "5.7.1.0.37"], ["20240318", "20240920", "20250514"], 0),
  "MySQL 5.6": line(["5.6.1.0.40", "5.6.1.0.41", "5.6.1.0.42"], ["20240125", "20240830", "20250226"], 0),
  "PostgreSQL 11": line(["1.1.36", "1.1.38", "1.1.40"], ["20240410", "20241030", "20250521"], 0),
  "PostgreSQL 14": line(["14.10.17.0", "14.11.19.0", "14.13.24.0"], ["20240415", "20241105", "20250610"], 1),
  "PostgreSQL 15": line(["15.6.2.0", "15.8.3.0", "15.10.4.0"], ["20240520", "20241118", "20250618"], 1),
  "PostgreSQL 16": line(["16.4.1.0", "16.6.2.0", "16.8.3.0"], ["20241020", "20250310", "20250820"], 0),
  "Oracle 11": line(["2.0.11.9.39.0", "2.0.11.9.41.0", "2.0.11.9.43.0"], ["20240312", "20240918", "20250416"], 0),
  "Oracle 14": line(["2.0.14.12.23.0", "2.0.14.13.25.0", "2.0.14.15.28.0"], ["20240612", "20241210", "20250701"], 1),
};

/** The cluster's revision line: MySQL 8.0 by its minor version (8.0.1 unless created with 8.0.2). */
function lineOf(c: Cluster): Line {
  const version = c.DBType === "MySQL" && c.DBVersion === "8.0" ? c.options?.DBMinorVersion ?? "8.0.1" : c.DBVersion;
  return REVISIONS[`${c.DBType} ${version}`] ?? line([`${c.DBVersion}.0`], ["20240101"], 0);
}

/** The index of the running revision (the default for a cluster that was never upgraded). */
function runningIndex(c: Cluster): number {
  const l = lineOf(c);
  const i = l.revisions.findIndex((r) => r.code === c.revision);
  return i >= 0 ? i : l.default;
}

/** DescribeDBClusterAttribute's word on the running revision (it agrees with DescribeDBClusterVersion). */
export function revisionStatus(c: Cluster): { DBVersionStatus: string; IsLatestVersion: boolean } {
  const l = lineOf(c);
  const at = runningIndex(c);
  return { DBVersionStatus: at < l.default ? "Old" : "Stable", IsLatestVersion: at === l.revisions.length - 1 };
}

/** CreateDBNodes' ImciSwitch: "ON" or "OFF" (default), refused where the engine or edition lacks it. */
export function imciSwitchOf(p: Params, c: Cluster): "ON" | "OFF" {
  const v = oneOf(p, "ImciSwitch", ["ON", "OFF"] as const, "OFF")!;
  if (v === "ON" && (c.DBType !== "MySQL" || c.DBVersion !== "8.0" || c.Category === "Basic" || c.Category === "Archive")) throw codes.valueNotSupported("ImciSwitch");
  return v;
}

export function imciVersionArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, cluster, runningCluster } = ctx;

  /** Starts the upgrade to revision `code`; returns when it ends. */
  function upgrade(c: Cluster, a: { code: string }): number {
    c.DBClusterStatus = "MinorVersionUpgrading";
    for (const n of c.nodes) n.DBNodeStatus = "MinorVersionUpgrading";
    const done = after(UPGRADE_MS);
    ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "UpgradeDBClusterVersion", BeginTime: clock.now(), FinishTime: done });
    schedule({ at: done, kind: "revisionUpgraded", clusterId: c.DBClusterId, args: { code: a.code } });
    return done;
  }

  return {
    actions: {
      DescribeDBClusterVersion: (p) => {
        const c = cluster(p);
        const type = oneOf(p, "DescribeType", ["LATEST_VERSION", "AVAILABLE_VERSION"] as const, "LATEST_VERSION");
        const l = lineOf(c);
        const at = runningIndex(c);
        const running = l.revisions[at];
        const newest = l.revisions[l.revisions.length - 1];
        const newer = l.revisions.slice(at + 1);
        const listed = type === "AVAILABLE_VERSION" ? newer : newer.slice(-1);
        const latest = at === l.revisions.length - 1;
        const stable = [...l.revisions].reverse().find((r) => r.type !== "Beta") ?? newest;
        return {
          DBClusterId: c.DBClusterId, DBVersion: c.DBVersion,
          DBMinorVersion: c.DBType === "MySQL" && c.DBVersion === "8.0" ? c.options?.DBMinorVersion ?? "8.0.1" : c.DBType === "MySQL" ? `${c.DBVersion}.${c.DBVersion === "5.7" ? "28" : "16"}` : c.DBVersion,
          DBRevisionVersion: running.name, DBVersionStatus: revisionStatus(c).DBVersionStatus,
          DBLatestVersion: newest.name, IsLatestVersion: String(latest),
          DBLatestStableVersion: stable.name, IsLatestStableVersion: String(running.code === stable.code),
          DBRevisionVersionList: listed.map((r) => ({ RevisionVersionCode: r.code, RevisionVersionName: r.name, ReleaseType: r.type, ReleaseNote: `Kernel ${r.name}: fixes and improvements.` })),
          ProxyRevisionVersion: "2.8.26", ProxyLatestVersion: "2.8.26", IsProxyLatestVersion: "true", ProxyVersionStatus: "Stable",
          ProxyRevisionVersionList: [],
        };
      },

      UpgradeDBClusterVersion: (p) => {
        const c = runningCluster(p);
        const type = oneOf(p, "UpgradeType", ["PROXY", "DB", "ALL"] as const, "ALL")!;
        const code = optional(p, "TargetDBRevisionVersionCode");
        const policy = oneOf(p, "UpgradePolicy", ["HOT", "COLD"] as const);
        const label = oneOf(p, "UpgradeLabel", ["INNOVATE"] as const);
        // COLD is PolarDB for MySQL 8.0 Cluster Edition's; INNOVATE (8.0.1 → 8.0.2) needs COLD.
        if (policy === "COLD" && !(c.DBType === "MySQL" && c.DBVersion === "8.0")) throw codes.invalidParameter("UpgradePolicy");
        if (label && policy !== "COLD") throw codes.invalidParameter("UpgradeLabel");
        if (code !== undefined && type === "PROXY") throw codes.invalidParameter("TargetDBRevisionVersionCode");
        const l = lineOf(c);
        const at = runningIndex(c);
        const target = code === undefined ? l.revisions.length - 1 : l.revisions.findIndex((r) => r.code === code);
        if (target < 0) throw codes.invalidParameter("TargetDBRevisionVersionCode");
        if (type !== "PROXY" && target <= at) throw codes.revisionNotNewer();
        const plan = bool(p, "FromTimeService", false) ? undefined : plannedWindow(p, clock.now());
        const args = { code: l.revisions[type === "PROXY" ? at : target].code };
        if (plan) registerScheduleTask(ctx, c, "UpgradeDBClusterVersion", plan, args, String(2000000000000 + nextId()));
        else upgrade(c, args);
        return {};
      },
    },
    operations: { UpgradeDBClusterVersion: (c, a) => upgrade(c, a as { code: string }) },
    transitions: {
      revisionUpgraded: (c, a) => {
        // Never backwards: a later upgrade that ended first keeps its revision.
        if (lineOf(c).revisions.findIndex((r) => r.code === a.code) > runningIndex(c)) c.revision = a.code;
        for (const n of c.nodes) if (n.DBNodeStatus === "MinorVersionUpgrading") n.DBNodeStatus = "Running";
        c.DBClusterStatus = "Running";
      },
    },
  };
}
