/**
 * Cluster settings: SSL (§7.2), parameters (§9), backup policy (§14.8 supplement), audit log collector (§11).
 */
import { int, oneOf, optional } from "../params";
import { codes } from "../codes";
import { checkParameterChanges, parameterCatalogue } from "../cluster-settings";
import { isoSeconds } from "../rds/format";
import { DURATIONS } from "./catalogue";
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
            Parameter: Object.entries(parameterCatalogue(c.DBType)).map(([name, spec]) => ({
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
        if (group !== undefined) {
          // Templates exist for MySQL only (§9.2); the emulator models none, so every id is unknown.
          throw codes.invalidParameter("ParameterGroupId");
        }
        if (json === undefined) throw codes.missingParameter("Parameters");
        const values = checkParameterChanges(c.DBType, json);
        const catalogue = parameterCatalogue(c.DBType);
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
        const period = optional(p, "PreferredBackupPeriod");
        const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        if (period !== undefined && (new Set(period.split(",")).size < 2 || period.split(",").some((d) => !days.includes(d)))) throw codes.invalidParameter("PreferredBackupPeriod");
        const window = optional(p, "PreferredBackupTime");
        const m = window === undefined ? undefined : /^([01]\d|2[0-3]):00Z-([01]\d|2[0-3]):00Z$/.exec(window);
        if (window !== undefined && (!m || (Number(m[1]) + 1) % 24 !== Number(m[2]))) throw codes.invalidParameter("PreferredBackupTime");
        const retention = int(p, "DataLevel1BackupRetentionPeriod", 3, 14);
        const level2 = int(p, "DataLevel2BackupRetentionPeriod", -1, 7300);
        if (level2 !== undefined && level2 > 0 && level2 < 30) throw codes.invalidParameter("DataLevel2BackupRetentionPeriod");
        if (level2 !== undefined && level2 < 0 && level2 !== -1) throw codes.invalidParameter("DataLevel2BackupRetentionPeriod");
        const onDel = oneOf(p, "BackupRetentionPolicyOnClusterDeletion", ["ALL", "LATEST", "NONE"]);
        const frequency = oneOf(p, "BackupFrequency", ["Normal", "2/24H", "3/24H", "4/24H"]);
        const sorted = period?.split(",").sort((a, b) => days.indexOf(a) - days.indexOf(b));
        if (sorted) c.backupPolicy.PreferredBackupPeriod = [...new Set(sorted)].join(",");
        if (window) c.backupPolicy.PreferredBackupTime = window;
        if (retention !== undefined) c.backupPolicy.DataLevel1BackupRetentionPeriod = String(retention);
        if (level2 !== undefined) c.backupPolicy.DataLevel2BackupRetentionPeriod = String(level2);
        if (onDel) c.backupPolicy.BackupRetentionPolicyOnClusterDeletion = onDel;
        if (frequency) c.backupPolicy.BackupFrequency = frequency;
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
