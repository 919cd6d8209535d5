/**
 * Cluster settings: SSL (§7.2), parameters (§9), backup policy (§14.8 supplement), audit log collector (§11).
 */
import { int, oneOf, optional, Params } from "../params";
import { codes } from "../codes";
import { parameterGroupValues } from "./parameter-groups";
import { checkParameterChanges, parameterCatalogue } from "../cluster-settings";
import { isoSeconds } from "../rds/format";
import type { Cluster } from "../state";
import { DURATIONS, REGIONS } from "./catalogue";
import { endpoint } from "./endpoints";
import type { Area, PolarContext } from "./context";

export function settingsArea(ctx: PolarContext): Area {
  const { clock, after, schedule, cluster, runningCluster } = ctx;

  return {
    actions: {
      DescribeDBClusterSSL: (p) => {
        const c = cluster(p);
        const perEndpoint = c.DBType === "MySQL";
        // PostgreSQL / Oracle: one setting for every endpoint; MySQL: per endpoint (§7.2.2).
        return {
          Items: c.endpoints.map((ep) => {
            const on = c.ssl.enabled && (!perEndpoint || c.ssl.endpoints.includes(ep.DBEndpointId));
            return {
              DBEndpointId: ep.DBEndpointId, SSLEnabled: on ? "Enabled" : "Disabled",
              SSLConnectionString: on ? (ep.AddressItems.find((a) => a.NetType === "Private") ?? ep.AddressItems[0])?.ConnectionString ?? "" : "",
              SSLExpireTime: on ? c.ssl.expireTime : "",
            };
          }),
        };
      },
      ModifyDBClusterSSL: (p) => {
        const c = runningCluster(p);
        const action = oneOf(p, "SSLEnabled", ["Enable", "Disable", "Update"]);
        const autoRotate = oneOf(p, "SSLAutoRotate", ["Enable", "Disable"]);
        if (action === undefined && autoRotate === undefined) throw codes.missingParameter("SSLEnabled");
        const next = { ...c.ssl, endpoints: [...c.ssl.endpoints], autoRotate: autoRotate ?? c.ssl.autoRotate };
        if (c.DBType === "MySQL" && action !== undefined) {
          const ep = endpoint(c, p);
          const net = oneOf(p, "NetType", ["Public", "Private", "Inner"]) ?? (() => { throw codes.missingParameter("NetType"); })();
          if (!ep.AddressItems.some((a) => a.NetType === net)) throw codes.invalidParameter("NetType");
          next.endpoints = action === "Disable" ? next.endpoints.filter((id) => id !== ep.DBEndpointId) : [...new Set([...next.endpoints, ep.DBEndpointId])];
          next.enabled = next.endpoints.length > 0;
        } else if (action !== undefined) {
          next.enabled = action !== "Disable";
        }
        if (action === "Disable" && !next.enabled) next.expireTime = "";
        else if (action === "Enable" || action === "Update") next.expireTime = isoSeconds(clock.now() + 365 * 24 * 3600_000);
        c.DBClusterStatus = "SSL_MODIFYING";
        schedule({ at: after(DURATIONS.ssl), kind: "sslApplied", clusterId: c.DBClusterId, args: { ssl: next } });
        return {};
      },
      DescribeDBClusterParameters: (p) => {
        const c = cluster(p);
        return {
          DBClusterId: c.DBClusterId, DBType: c.DBType, DBVersion: c.DBVersion, Engine: "POLARDB",
          RunningParameters: {
            Parameter: Object.entries(parameterCatalogue(c.DBType, c.DBVersion)).map(([name, spec]) => ({
              ParameterName: name, ParameterValue: c.parameters[name] ?? spec.value, DefaultParameterValue: spec.value,
              ForceRestart: spec.restart, IsModifiable: spec.modifiable, DataType: spec.type, CheckingCode: spec.check,
              ParameterDescription: spec.description, ParameterStatus: name in (c.pendingParameters ?? {}) ? "Modifying" : "Normal", IsNodeAvailable: "1",
            })),
          },
        };
      },
      ModifyDBClusterParameters: (p) => {
        const c = runningCluster(p);
        const group = optional(p, "ParameterGroupId");
        const json = optional(p, "Parameters");
        // Either a template of the cluster's region and version (MySQL only, §9.2) or the values themselves.
        if (group === undefined && json === undefined) throw codes.missingParameter("Parameters");
        const values = group !== undefined ? parameterGroupValues(ctx, c.RegionId, group, c.DBType, c.DBVersion) : checkParameterChanges(c.DBType, json!, c.DBVersion);
        const catalogue = parameterCatalogue(c.DBType, c.DBVersion);
        const restart = Object.keys(values).some((k) => catalogue[k].restart && values[k] !== c.parameters[k]);
        c.pendingParameters = { ...(c.pendingParameters ?? {}), ...values };
        if (restart) c.DBClusterStatus = "Rebooting";
        schedule({ at: after(restart ? DURATIONS.parameterRestart : DURATIONS.parameterApply), kind: "parametersApplied", clusterId: c.DBClusterId, args: { values, restart } });
        return {};
      },
      DescribeBackupPolicy: (p) => {
        const c = cluster(p);
        return { ...c.backupPolicy, PreferredNextBackupTime: nextBackupTime(c.backupPolicy, clock.now()) };
      },
      ModifyBackupPolicy: (p) => {
        const c = runningCluster(p);
        const period = days(p, "PreferredBackupPeriod");
        const window = backupWindow(p, "PreferredBackupTime");
        const retention = int(p, "DataLevel1BackupRetentionPeriod", 3, 14);
        const level2 = offOrLong(p, "DataLevel2BackupRetentionPeriod");
        const onDel = oneOf(p, "BackupRetentionPolicyOnClusterDeletion", ["ALL", "LATEST", "NONE"]);
        const frequency = oneOf(p, "BackupFrequency", FREQUENCIES);
        // The level-1/level-2 schedule is a MySQL setting (the SDK: not supported by PostgreSQL or Oracle).
        const mysqlOnly = {
          DataLevel1BackupFrequency: oneOf(p, "DataLevel1BackupFrequency", FREQUENCIES), DataLevel1BackupTime: backupWindow(p, "DataLevel1BackupTime"),
          DataLevel1BackupPeriod: days(p, "DataLevel1BackupPeriod"), DataLevel2BackupPeriod: days(p, "DataLevel2BackupPeriod"),
        };
        for (const [name, v] of Object.entries(mysqlOnly)) if (v !== undefined && c.DBType !== "MySQL") throw codes.invalidParameter(name);
        const copyRegion = otherRegion(c, p, "DataLevel2BackupAnotherRegionRegion");
        const copyRetention = offOrLong(p, "DataLevel2BackupAnotherRegionRetentionPeriod");
        // Copies kept somewhere: that somewhere must be named (now or before).
        if (copyRetention !== undefined && copyRetention !== "0" && !(copyRegion ?? c.backupPolicy.DataLevel2BackupAnotherRegionRegion)) throw codes.missingParameter("DataLevel2BackupAnotherRegionRegion");
        const set: Record<string, string | undefined> = {
          PreferredBackupPeriod: period, PreferredBackupTime: window, DataLevel1BackupRetentionPeriod: retention === undefined ? undefined : String(retention),
          DataLevel2BackupRetentionPeriod: level2, BackupRetentionPolicyOnClusterDeletion: onDel, BackupFrequency: frequency, ...mysqlOnly,
          DataLevel2BackupAnotherRegionRegion: copyRegion, DataLevel2BackupAnotherRegionRetentionPeriod: copyRetention,
        };
        for (const [k, v] of Object.entries(set)) if (v !== undefined) c.backupPolicy[k] = v;
        return {};
      },
      DescribeLogBackupPolicy: (p) => {
        const c = cluster(p, true);
        const l = c.logBackupPolicy;
        // The SDK's types: LogBackupRetentionPeriod and EnableBackupLog integers, the cross-region fields strings.
        return {
          LogBackupRetentionPeriod: Number(l.LogBackupRetentionPeriod), EnableBackupLog: 1,
          LogBackupAnotherRegionRegion: l.LogBackupAnotherRegionRegion, LogBackupAnotherRegionRetentionPeriod: l.LogBackupAnotherRegionRetentionPeriod,
        };
      },
      ModifyLogBackupPolicy: (p) => {
        const c = runningCluster(p, true);
        const retention = int(p, "LogBackupRetentionPeriod", -1, 7300);
        if (retention !== undefined && retention < 3 && retention !== -1) throw codes.invalidParameter("LogBackupRetentionPeriod");
        const copyRegion = otherRegion(c, p, "LogBackupAnotherRegionRegion");
        const copyRetention = offOrLong(p, "LogBackupAnotherRegionRetentionPeriod");
        if (copyRetention !== undefined && copyRetention !== "0" && !(copyRegion ?? c.logBackupPolicy.LogBackupAnotherRegionRegion)) throw codes.missingParameter("LogBackupAnotherRegionRegion");
        if (retention !== undefined) c.logBackupPolicy.LogBackupRetentionPeriod = String(retention);
        if (copyRegion !== undefined) c.logBackupPolicy.LogBackupAnotherRegionRegion = copyRegion;
        if (copyRetention !== undefined) c.logBackupPolicy.LogBackupAnotherRegionRetentionPeriod = copyRetention;
        return {};
      },
      DescribeDBClusterAuditLogCollector: (p) => ({ CollectorStatus: cluster(p).auditLog === "Enable" ? "Enable" : "Disabled" }),
      ModifyDBClusterAuditLogCollector: (p) => {
        const c = runningCluster(p);
        // The seed's values are Enable / Disabled (sic); Disable is accepted as the obvious spelling.
        const v = oneOf(p, "CollectorStatus", ["Enable", "Disabled", "Disable"]) ?? (() => { throw codes.missingParameter("CollectorStatus"); })();
        c.auditLog = v === "Enable" ? "Enable" : "Disabled";
        return {};
      },
    },
    transitions: {
      parametersApplied: (c, a) => {
        c.parameters = { ...c.parameters, ...a.values };
        c.pendingParameters = {};
        if (a.restart) c.DBClusterStatus = "Running";
      },
      sslApplied: (c, a) => { c.ssl = a.ssl; c.DBClusterStatus = "Running"; },
    },
  };
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FREQUENCIES = ["Normal", "2/24H", "3/24H", "4/24H"] as const;

/** A new cluster's policy (the console's defaults); the level-2 and cross-region copies are off. */
export const DEFAULT_BACKUP_POLICY: Readonly<Record<string, string>> = {
  PreferredBackupPeriod: "Monday,Thursday", PreferredBackupTime: "15:00Z-16:00Z", DataLevel1BackupRetentionPeriod: "7",
  DataLevel2BackupRetentionPeriod: "0", BackupFrequency: "Normal", BackupPolicyLevel: "Normal",
  DataLevel1BackupFrequency: "Normal", DataLevel1BackupTime: "15:00Z-16:00Z", DataLevel1BackupPeriod: "Monday,Thursday",
  DataLevel2BackupPeriod: "", DataLevel2BackupAnotherRegionRegion: "", DataLevel2BackupAnotherRegionRetentionPeriod: "0",
};

/** Log backups are always on: kept 7 days, no cross-region copy. */
export const DEFAULT_LOG_BACKUP_POLICY: Readonly<Record<string, string>> = {
  LogBackupRetentionPeriod: "7", LogBackupAnotherRegionRegion: "", LogBackupAnotherRegionRetentionPeriod: "0",
};

/** At least two different days of the week, stored in week order. */
function days(p: Params, name: string): string | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  const list = v.split(",");
  if (new Set(list).size < 2 || list.some((d) => !WEEKDAYS.includes(d))) throw codes.invalidParameter(name);
  return [...new Set(list)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)).join(",");
}

/** `hh:00Z-hh+1:00Z`: one hour, on the hour, UTC. */
function backupWindow(p: Params, name: string): string | undefined {
  const v = optional(p, name);
  const m = v === undefined ? undefined : /^([01]\d|2[0-3]):00Z-([01]\d|2[0-3]):00Z$/.exec(v);
  if (v !== undefined && (!m || (Number(m[1]) + 1) % 24 !== Number(m[2]))) throw codes.invalidParameter(name);
  return v;
}

/** 0 (off), 30–7300 days or -1 (forever), as a string. */
function offOrLong(p: Params, name: string): string | undefined {
  const n = int(p, name, -1, 7300);
  if (n !== undefined && n !== 0 && n !== -1 && n < 30) throw codes.invalidParameter(name);
  return n === undefined ? undefined : String(n);
}

/** A region PolarDB serves other than the cluster's own: where a cross-region copy goes. */
function otherRegion(c: Cluster, p: Params, name: string): string | undefined {
  const r = optional(p, name);
  if (r !== undefined && (r === c.RegionId || !(r in REGIONS))) throw codes.invalidParameter(name);
  return r;
}

/** The next start of the backup window on one of the policy's days (`YYYY-MM-DDThh:mmZ`). */
function nextBackupTime(policy: Record<string, string>, now: number): string {
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const hour = Number(/^(\d{2})/.exec(policy.PreferredBackupTime ?? "")?.[1] ?? 0);
  const wanted = new Set((policy.PreferredBackupPeriod ?? "").split(","));
  for (let d = 0; d <= 7; d++) {
    const t = new Date(now);
    t.setUTCDate(t.getUTCDate() + d);
    t.setUTCHours(hour, 0, 0, 0);
    if (t.getTime() > now && wanted.has(days[t.getUTCDay()])) return t.toISOString().slice(0, 16) + "Z";
  }
  return "";
}
