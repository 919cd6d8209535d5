/**
 * The catalogues behind a cluster's settings APIs, kept out of backend.ts: the parameters per
 * engine with their CheckingCode rules (DescribeDBClusterParameters / ModifyDBClusterParameters,
 * seed 003 §9), and the pending maintenance events a new cluster receives (§16).
 *
 * The seed prints MySQL parameters only; the PostgreSQL / Oracle list uses real PostgreSQL
 * names with the same fields. `ForceRestart: true` means changing it restarts the cluster
 * (status Rebooting) — the seed says a restart is "needed to take effect".
 */
import { EmulatorError } from "./errors";

export interface ParameterSpec {
  value: string;
  restart: boolean;
  type: "INT" | "STRING";
  /** `[min-max]` or `[a|b|c]`, as the seed prints CheckingCode. */
  check: string;
  modifiable: boolean;
  description: string;
}

const p = (value: string, type: ParameterSpec["type"], check: string, restart: boolean, description: string, modifiable = true): ParameterSpec =>
  ({ value, type, check, restart, description, modifiable });

const POSTGRES: Record<string, ParameterSpec> = {
  max_connections: p("1000", "INT", "[10-262143]", true, "Maximum number of concurrent connections."),
  shared_buffers: p("262144", "INT", "[16-1073741823]", true, "Memory for shared buffers, in 8 KB pages."),
  work_mem: p("4096", "INT", "[64-2097151]", false, "Memory for internal sort operations and hash tables, in KB."),
  statement_timeout: p("0", "INT", "[0-2147483647]", false, "Maximum duration of any statement, in ms (0 = none)."),
  log_min_duration_statement: p("-1", "INT", "[-1-2147483647]", false, "Log statements running at least this long, in ms (-1 = off)."),
  idle_in_transaction_session_timeout: p("3600000", "INT", "[0-2147483647]", false, "Ends sessions idle in a transaction longer than this, in ms."),
  log_statement: p("ddl", "STRING", "[none|ddl|mod|all]", false, "Which SQL statements are logged."),
  timezone: p("PRC", "STRING", "[PRC|UTC|Asia/Shanghai|Asia/Singapore|Europe/London|America/New_York]", false, "Time zone for timestamps."),
  wal_level: p("logical", "STRING", "[replica|logical]", true, "How much information is written to the WAL.", false),
};

/** default_time_zone's values: SYSTEM and the whole hours -12:00 … +13:00, written +8:00. */
export const MYSQL_TIME_ZONES = ["SYSTEM", ...Array.from({ length: 26 }, (_, i) => i - 12).map((h) => `${h < 0 ? "-" : "+"}${Math.abs(h)}:00`)];

const MYSQL: Record<string, ParameterSpec> = {
  auto_increment_increment: p("1", "INT", "[1-65535]", false, "Auto-increment columns are incremented by this"),
  character_set_server: p("utf8", "STRING", "[utf8|latin1|gbk|utf8mb4]", true, "The server's default character set."),
  wait_timeout: p("86400", "INT", "[1-31536000]", false, "Seconds the server waits for activity on a connection before closing it."),
  innodb_old_blocks_time: p("1000", "INT", "[0-1024]", false, "Milliseconds a block stays in the old sublist before it can move to the new one."),
  max_connections: p("5000", "INT", "[1-100000]", true, "Maximum number of concurrent connections."),
  long_query_time: p("1", "INT", "[0-31536000]", false, "Queries longer than this many seconds are logged as slow."),
  innodb_buffer_pool_size: p("6442450944", "INT", "[134217728-274877906944]", true, "Buffer pool size in bytes.", false),
  // Set by CreateDBCluster's DefaultTimeZone / LowerCaseTableNames. The time zone in the cloud's
  // parameter form (+8:00, as Terraform's acceptance tests set and read it); a change restarts.
  default_time_zone: p("SYSTEM", "STRING", `[${MYSQL_TIME_ZONES.join("|")}]`, true, "The server's time zone."),
  lower_case_table_names: p("1", "INT", "[0|1]", true, "Whether table names are stored in lower case (fixed at creation).", false),
  // Set by CreateDBCluster's LoosePolarLogBin / LooseXEngine / LooseXEngineUseMemoryPct, changed in place
  // as Terraform's acceptance tests do (X-Engine as 1/0, read back as such).
  loose_polar_log_bin: p("OFF", "STRING", "[ON|OFF]", true, "Whether the binary log (binlog) is written."),
  loose_xengine: p("0", "STRING", "[0|1]", true, "Whether the X-Engine storage engine is enabled (MySQL 8.0)."),
  loose_xengine_use_memory_pct: p("50", "INT", "[10-90]", true, "Percent of memory given to X-Engine while it is enabled (MySQL 8.0)."),
};

/** MySQL 5.6 writes binlog with GTID (ON_WITH_GTID); X-Engine exists on 8.0 only. */
function mysqlOf(version: string | undefined): Record<string, ParameterSpec> {
  const out = { ...MYSQL };
  if (version === "5.6") out.loose_polar_log_bin = { ...MYSQL.loose_polar_log_bin, check: "[ON_WITH_GTID|OFF]" };
  if (version !== undefined && version !== "8.0") { delete out.loose_xengine; delete out.loose_xengine_use_memory_pct; }
  return out;
}

export function parameterCatalogue(dbType: string, version?: string): Record<string, ParameterSpec> {
  return dbType === "MySQL" ? mysqlOf(version) : POSTGRES;
}

export function defaultParameters(dbType: string, version?: string): Record<string, string> {
  return Object.fromEntries(Object.entries(parameterCatalogue(dbType, version)).map(([k, v]) => [k, v.value]));
}

const invalid = (detail: string) => new EmulatorError("InvalidParameter", `The specified parameter "Parameters" is not valid: ${detail}.`, 400);

/**
 * Parses ModifyDBClusterParameters' `Parameters` JSON and checks each value against the
 * parameter's CheckingCode; returns the new values as strings (the seed: "all values are strings").
 */
export function checkParameterChanges(dbType: string, json: string, version?: string): Record<string, string> {
  let values: unknown;
  try { values = JSON.parse(json); } catch { throw invalid("not a JSON object"); }
  if (typeof values !== "object" || values === null || Array.isArray(values)) throw invalid("not a JSON object");
  const entries = Object.entries(values as Record<string, unknown>);
  if (!entries.length) throw invalid("no parameter given");
  const catalogue = parameterCatalogue(dbType, version);
  const out: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const spec = catalogue[name];
    if (!spec) throw invalid(`unknown parameter "${name}" for ${dbType}`);
    if (!spec.modifiable) throw invalid(`parameter "${name}" cannot be modified`);
    if (typeof raw !== "string" && typeof raw !== "number") throw invalid(`the value of "${name}" must be a string`);
    const value = String(raw);
    if (!fitsCheck(spec, value)) throw invalid(`"${value}" is not allowed for "${name}" (allowed: ${spec.check})`);
    out[name] = value;
  }
  return out;
}

function fitsCheck(spec: ParameterSpec, value: string): boolean {
  const range = /^\[(-?\d+)-(-?\d+)\]$/.exec(spec.check);
  if (range) return /^-?\d+$/.test(value) && Number(value) >= Number(range[1]) && Number(value) <= Number(range[2]);
  const choices = /^\[(.+)\]$/.exec(spec.check);
  return choices ? choices[1].split("|").includes(value) : true;
}

// ---------------------------------------------------------------------------------------------
// Pending maintenance events (DescribePendingMaintenanceAction[s], ModifyPendingMaintenanceAction)

export const MAINTENANCE_TYPES = ["DatabaseSoftwareUpgrading", "DatabaseHardwareMaintenance", "DatabaseStorageUpgrading", "DatabaseProxyUpgrading"] as const;

export interface MaintenanceEvent {
  Id: number;
  TaskType: (typeof MAINTENANCE_TYPES)[number];
  /** 2 waiting for a start time, 3 waiting, 4 running; history: 5 done, 6 failed, 7 cancelled. */
  Status: number;
  PrepareInterval: string;
  StartTime: number;
  SwitchTime: number;
  Deadline: number;
  CreatedTime: number;
  ModifiedTime: number;
  ResultInfo?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A new cluster is told of one pending proxy minor-version upgrade, scheduled two days out with
 * a four-day deadline (so programs and tests always have an event to read and reschedule).
 */
export function eventsForNewCluster(now: number, nextId: () => number): MaintenanceEvent[] {
  const start = Math.ceil((now + 2 * DAY) / HOUR) * HOUR;
  return [{
    Id: nextId(), TaskType: "DatabaseProxyUpgrading", Status: 3, PrepareInterval: "04:00:00",
    StartTime: start, SwitchTime: start + 4 * HOUR, Deadline: start + 4 * DAY, CreatedTime: now, ModifiedTime: now,
  }];
}
