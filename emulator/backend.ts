/**
 * The PolarDB cloud model behind the emulator's HTTP layer: validation with the seed's rules,
 * state with lazy transitions on a scaled clock, ClientToken idempotency, documented shapes.
 * Actions are a table: name → handler; the HTTP layer answers InvalidAction for the rest.
 */
import { createHash } from "node:crypto";
import type { Backend, BackendOptions, DispatchRequest, Product } from "./backend-api";
import { checkParameterChanges, defaultParameters, eventsForNewCluster, MaintenanceEvent, MAINTENANCE_TYPES, parameterCatalogue } from "./cluster-settings";
import { codes } from "./codes";
import { bool, description, int, iso, list, oneOf, optional, page, paging, Params, required, time } from "./params";
import { isoSeconds } from "./rds/format";
import { createRdsPart, RdsPart } from "./rds/index";
import { Account, Cluster, Endpoint, emptyStore, Node, StoreData, Transition } from "./state";

const MIN = 60_000;
/** Realistic durations (ms); the clock scales them. */
export const DURATIONS = {
  createCluster: 5 * MIN, deleteCluster: 2 * MIN, createNodes: 3 * MIN, deleteNodes: 2 * MIN, classChange: 4 * MIN,
  restartNode: MIN, failover: MIN, primaryZone: 3 * MIN, ssl: MIN, endpoint: MIN, endpointModify: 30_000,
  address: MIN, account: 3_000, database: 10_000, parameterRestart: 3 * MIN, parameterApply: 20_000,
};

export const REGIONS: Record<string, string[]> = {
  "cn-hangzhou": ["cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
  "cn-shanghai": ["cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-g"],
  "cn-qingdao": ["cn-qingdao-c"], "cn-beijing": ["cn-beijing-h", "cn-beijing-i", "cn-beijing-k"],
  "cn-shenzhen": ["cn-shenzhen-d", "cn-shenzhen-e"], "cn-hongkong": ["cn-hongkong-b", "cn-hongkong-c"],
  "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b"], "us-west-1": ["us-west-1a", "us-west-1b"],
  "us-east-1": ["us-east-1a", "us-east-1b"], "cn-huhehaote": ["cn-huhehaote-a"], "cn-zhangjiakou": ["cn-zhangjiakou-a", "cn-zhangjiakou-b"],
  "cn-chengdu": ["cn-chengdu-a", "cn-chengdu-b"], "eu-central-1": ["eu-central-1a", "eu-central-1b"],
  "ap-southeast-3": ["ap-southeast-3a", "ap-southeast-3b"], "ap-south-1": ["ap-south-1a", "ap-south-1b"],
  "ap-southeast-5": ["ap-southeast-5a", "ap-southeast-5b"], "ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1b"],
  "eu-west-1": ["eu-west-1a", "eu-west-1b"], "ap-southeast-2": ["ap-southeast-2a", "ap-southeast-2b"],
};

/** The seed's engine/version table (CreateDBCluster §6.1). */
export const ENGINES: Record<string, string[]> = { MySQL: ["5.6", "5.7", "8.0"], PostgreSQL: ["11"], Oracle: ["11"] };
const CLASS_PREFIX: Record<string, string> = { MySQL: "polar.mysql.", PostgreSQL: "polar.pg.", Oracle: "polar.o." };
const PORT: Record<string, string> = { MySQL: "3306", PostgreSQL: "1921", Oracle: "1521" };
const DOMAIN: Record<string, string> = { MySQL: "mysql.polardb.rds.aliyuncs.com", PostgreSQL: "pg.polardb.rds.aliyuncs.com", Oracle: "o.polardb.rds.aliyuncs.com" };
const PG_CHARSETS = ["sql_ascii", "euc_jp", "euc_cn", "euc_kr", "euc_tw", "euc_jis_2004", "utf8", "mule_internal", "latin1", "latin2", "latin3", "latin4", "latin5", "latin6", "latin7", "latin8", "latin9", "latin10", "koi8r", "koi8u", "iso_8859_5", "iso_8859_6", "iso_8859_7", "iso_8859_8", "win866", "win874", "win1250", "win1251", "win1252", "win1253", "win1254", "win1255", "win1256", "win1257", "win1258"];
const MYSQL_CHARSETS = ["utf8", "gbk", "utf8mb4", "latin1", "euckr", "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "cp932", "dec8", "eucjpms", "gb2312", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32"];
const RESERVED_ACCOUNTS = ["root", "admin", "administrator", "postgres", "polardb", "aurora", "replicator", "sys", "system", "mysql"];
const RESERVED_DBS = ["test", "mysql", "postgres", "template0", "template1", "information_schema", "performance_schema", "sys", "polardb_admin"];
const QUOTA = { readers: 15, accounts: 200, databases: 500, customEndpoints: 7, ips: 1000, securityGroups: 3 };
/** Parameters that the seed's DescribeDBClusterParameters marks as needing a restart. */
const PARAMETERS: Record<string, { value: string; restart: boolean }> = {
  max_connections: { value: "1000", restart: true }, shared_buffers: { value: "262144", restart: true },
  work_mem: { value: "4096", restart: false }, statement_timeout: { value: "0", restart: false },
  log_min_duration_statement: { value: "-1", restart: false }, wal_level: { value: "logical", restart: true },
};

type Handler = (p: Params, req: DispatchRequest) => Record<string, unknown>;

export function createBackend(opts: BackendOptions): Backend & { data(): StoreData; transitionLog(): ReadonlyArray<{ clusterId: string; kind: string; from: number; at: number }> } {
  const clock = opts.clock;
  let store: StoreData = emptyStore();
  let rngState = (opts.seed ?? 20170801) >>> 0;
  const rng = () => { rngState = (rngState * 1664525 + 1013904223) >>> 0; return rngState / 2 ** 32; };
  const alnum = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(rng() * 36)]).join("");
  const rds: RdsPart = createRdsPart({
    clock, rng,
    lookupCluster: (id) => { const c = store.clusters[id]; return c && { DBClusterId: c.DBClusterId, DBType: c.DBType, DBVersion: c.DBVersion, ZoneIds: c.ZoneId }; },
  });

  // Real operations vary in length: ±20 % around the realistic duration, from the seeded generator.
  const after = (realisticMs: number) => clock.now() + clock.scaled(realisticMs * (0.8 + 0.4 * rng()));
  /** Every asynchronous change as scheduled (start, end): what the benchmarks take the cloud's critical path from. Not saved. */
  const transitionLog: Array<{ clusterId: string; kind: string; from: number; at: number }> = [];
  const schedule = (t: Transition) => {
    transitionLog.push({ clusterId: t.clusterId, kind: t.kind, from: clock.now(), at: t.at });
    store.transitions.push(t);
    store.transitions.sort((a, b) => a.at - b.at);
  };

  /** Applies every transition whose time has come, in time order. */
  function settle(): void {
    const now = clock.now();
    while (store.transitions.length && store.transitions[0].at <= now) {
      const t = store.transitions.shift()!;
      const c = store.clusters[t.clusterId];
      if (c) APPLY[t.kind]?.(c, t.args ?? {});
    }
  }

  const APPLY: Record<string, (c: Cluster, a: Record<string, any>) => void> = {
    clusterRunning: (c) => { c.DBClusterStatus = "Running"; for (const n of c.nodes) if (n.DBNodeStatus === "Creating") n.DBNodeStatus = "Running"; },
    clusterGone: (c) => { delete store.clusters[c.DBClusterId]; },
    nodesRunning: (c, a) => {
      for (const n of c.nodes) if (a.ids.includes(n.DBNodeId)) n.DBNodeStatus = "Running";
      for (const ep of c.endpoints) if (ep.AutoAddNewNodes === "Enable" || ep.EndpointType !== "Custom") ep.Nodes = joinIds([...splitIds(ep.Nodes), ...a.ids]);
      c.DBClusterStatus = "Running";
    },
    nodesGone: (c, a) => {
      c.nodes = c.nodes.filter((n) => !a.ids.includes(n.DBNodeId));
      for (const ep of c.endpoints) ep.Nodes = joinIds(splitIds(ep.Nodes).filter((id) => !a.ids.includes(id)));
      c.DBClusterStatus = "Running";
    },
    classChanged: (c, a) => { c.DBNodeClass = a.cls; for (const n of c.nodes) { n.DBNodeClass = a.cls; n.DBNodeStatus = "Running"; } c.DBClusterStatus = "Running"; },
    nodeRunning: (c, a) => { const n = c.nodes.find((x) => x.DBNodeId === a.id); if (n) n.DBNodeStatus = "Running"; c.DBClusterStatus = "Running"; },
    clusterSettled: (c, a) => { if (a.zone) c.ZoneId = a.zone; c.DBClusterStatus = "Running"; },
    accountReady: (c, a) => { const x = c.accounts.find((y) => y.AccountName === a.name); if (x) x.AccountStatus = "Available"; },
    accountGone: (c, a) => { c.accounts = c.accounts.filter((y) => y.AccountName !== a.name); for (const d of c.databases) d.Accounts = d.Accounts.filter((g) => g.AccountName !== a.name); },
    databaseReady: (c, a) => { const d = c.databases.find((y) => y.DBName === a.name); if (d) d.DBStatus = "Running"; },
    databaseGone: (c, a) => { c.databases = c.databases.filter((y) => y.DBName !== a.name); for (const x of c.accounts) x.DatabasePrivileges = x.DatabasePrivileges.filter((g) => g.DBName !== a.name); },
    endpointGone: (c, a) => { c.endpoints = c.endpoints.filter((e) => e.DBEndpointId !== a.id); c.DBClusterStatus = "Running"; },
    parametersApplied: (c, a) => {
      c.parameters = { ...c.parameters, ...a.values };
      c.pendingParameters = {};
      if (a.restart) c.DBClusterStatus = "Running";
    },
    sslApplied: (c, a) => { c.ssl = a.ssl; c.DBClusterStatus = "Running"; },
  };

  const nextId = () => { store.counter += 1; return store.counter; };

  function cluster(p: Params, alt = false): Cluster {
    const id = required(p, "DBClusterId");
    const c = store.clusters[id];
    if (!c) throw alt ? codes.clusterNotFoundAlt() : codes.clusterNotFound();
    return c;
  }
  /** Mutations are refused unless the cluster is Running, as the cloud refuses them. */
  function runningCluster(p: Params, alt = false): Cluster {
    const c = cluster(p, alt);
    if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
    if (c.LockMode !== "Unlock") throw codes.lockMode();
    return c;
  }

  function idempotent(p: Params, action: string, run: () => Record<string, unknown>): Record<string, unknown> {
    const token = optional(p, "ClientToken");
    if (token === undefined) return run();
    if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw codes.invalidParameter("ClientToken");
    const key = `${action}:${token}`;
    const seen = store.clientTokens[key];
    if (seen) return structuredClone(seen.response);
    const response = run();
    store.clientTokens[key] = { action, response: structuredClone(response) };
    return response;
  }

  const clusterEndpoints = (c: Cluster): Endpoint[] => c.endpoints;
  const address = (c: Cluster, prefix: string): Endpoint["AddressItems"][number] => ({
    NetType: "Private", ConnectionString: `${prefix}.${c.RegionId}.${DOMAIN[c.DBType]}`, Port: PORT[c.DBType],
    IPAddress: `172.16.${Math.floor(rng() * 255)}.${1 + Math.floor(rng() * 253)}`, VPCId: c.VPCId, VSwitchId: c.VSwitchId,
  });

  function newNode(c: Cluster, role: Node["DBNodeRole"], status: string, cls = c.DBNodeClass): Node {
    return { DBNodeId: `pi-${alnum(17)}`, DBNodeClass: cls, DBNodeRole: role, DBNodeStatus: status, ZoneId: c.ZoneId, CreationTime: iso(clock.now()), FailoverPriority: 1 };
  }

  const ACTIONS: Record<string, Handler> = {
    DescribeRegions: () => ({
      Regions: { Region: Object.entries(REGIONS).map(([RegionId, zones]) => ({ RegionId, Zones: { Zone: zones.map((ZoneId) => ({ ZoneId, VpcEnabled: true })) } })) },
    }),

    DescribeDBClusterAvailableResources: (p) => {
      oneOf(p, "PayType", ["Postpaid", "Prepaid"]) ?? (() => { throw codes.missingParameter("PayType"); })();
      const region = optional(p, "RegionId") ?? "cn-hangzhou"; // the documented default
      if (!REGIONS[region]) throw codes.regionNotFound();
      const dbType = oneOf(p, "DBType", Object.keys(ENGINES));
      const dbVersion = optional(p, "DBVersion");
      if (dbType && dbVersion === undefined) throw codes.missingParameter("DBVersion"); // required with DBType (§6.10.3)
      if (dbType && dbVersion !== undefined && !ENGINES[dbType].includes(dbVersion)) throw codes.invalidParameter("DBVersion");
      const nodeClass = optional(p, "DBNodeClass");
      const zone = optional(p, "ZoneId");
      const zones = REGIONS[region].filter((z) => !zone || z === zone);
      return {
        AvailableZones: zones.map((ZoneId) => ({
          RegionId: region, ZoneId,
          SupportedEngines: Object.entries(ENGINES).filter(([e]) => !dbType || e === dbType).map(([Engine, versions]) => ({
            Engine,
            AvailableResources: versions.filter((v) => !dbVersion || v === dbVersion)
              .flatMap((v) => ["x4.medium", "x4.large", "x8.large", "x8.xlarge"].map((s) => ({ DBNodeClass: `${CLASS_PREFIX[Engine]}${s}`, Category: "Normal", DBVersion: v })))
              .filter((r) => !nodeClass || r.DBNodeClass === nodeClass),
          })),
        })),
      };
    },

    CreateDBCluster: (p, req) => idempotent(p, "CreateDBCluster", () => {
      const region = required(p, "RegionId");
      if (!REGIONS[region]) throw codes.regionNotFound();
      const dbType = oneOf(p, "DBType", Object.keys(ENGINES)) ?? (() => { throw codes.missingParameter("DBType"); })();
      const version = required(p, "DBVersion");
      if (!ENGINES[dbType].includes(version)) throw codes.engineVersionNotAvailable();
      const cls = required(p, "DBNodeClass");
      if (!cls.startsWith(CLASS_PREFIX[dbType]) || !/^[a-z0-9.]+$/.test(cls)) throw codes.invalidParameter("DBNodeClass");
      const payType = oneOf(p, "PayType", ["Postpaid", "Prepaid"]) ?? (() => { throw codes.missingParameter("PayType"); })();
      const period = oneOf(p, "Period", ["Year", "Month"]);
      if (payType === "Prepaid" && !period) throw codes.missingParameter("Period");
      const usedTime = optional(p, "UsedTime");
      if (usedTime !== undefined && (!/^\d+$/.test(usedTime) || +usedTime < 1 || +usedTime > (period === "Year" ? 3 : 9))) throw codes.invalidParameter("UsedTime");
      const zone = optional(p, "ZoneId") ?? REGIONS[region][0];
      if (!REGIONS[region].includes(zone)) throw codes.zoneMismatch();
      const vpc = optional(p, "VPCId");
      const vsw = optional(p, "VSwitchId");
      if (vpc && !vsw) throw codes.missingParameter("VSwitchId");
      oneOf(p, "ClusterNetworkType", ["VPC"]);
      const creation = oneOf(p, "CreationOption", ["Normal", "CloneFromPolarDB", "CloneFromRDS", "MigrationFromRDS", "CreateGdnStandby"], "Normal")!;
      if (creation !== "Normal" && !optional(p, "SourceResourceId") && creation !== "CreateGdnStandby") throw codes.missingParameter("SourceResourceId");
      if (creation === "CloneFromPolarDB" && !store.clusters[optional(p, "SourceResourceId")!]) throw codes.clusterNotFound();
      const category = oneOf(p, "CreationCategory", ["Normal", "Basic", "ArchiveNormal"], "Normal")!;
      if (category !== "Normal" && dbType !== "MySQL") throw codes.invalidParameter("CreationCategory");
      bool(p, "TDEStatus"); bool(p, "AutoRenew");
      const tz = optional(p, "DefaultTimeZone");
      if (tz !== undefined && tz !== "SYSTEM" && !/^[+-]?(0\d|1[0-3]):00$/.test(tz)) throw codes.malformed("DefaultTimeZone");
      const lctn = optional(p, "LowerCaseTableNames");
      if (lctn !== undefined && !["0", "1"].includes(lctn)) throw codes.malformed("LowerCaseTableNames");
      const brp = optional(p, "BackupRetentionPolicyOnClusterDeletion");
      if (brp !== undefined && !["ALL", "LATEST", "NONE"].includes(brp)) throw codes.malformed("BackupRetentionPolicyOnClusterDeletion");
      const desc = description(p, "DBClusterDescription");
      const id = `pc-${alnum(17)}`;
      const now = clock.now();
      const c: Cluster = {
        DBClusterId: id, RegionId: region, ZoneId: zone, DBType: dbType, DBVersion: version, DBNodeClass: cls,
        DBClusterDescription: desc ?? id, PayType: payType, VPCId: vpc ?? `vpc-${alnum(20)}`, VSwitchId: vsw ?? `vsw-${alnum(20)}`,
        DBClusterStatus: "Creating", CreationTime: iso(now), MaintainTime: "18:00Z-19:00Z", DeletionLock: 0, LockMode: "Unlock",
        ResourceGroupId: optional(p, "ResourceGroupId") ?? "rg-acfmdefault0001", Category: category === "ArchiveNormal" ? "Archive" : category,
        AutoRenew: bool(p, "AutoRenew", false)!, Period: period, UsedTime: usedTime,
        ExpireTime: payType === "Prepaid" ? iso(now + (period === "Year" ? 365 : 30) * 24 * 3600_000 * Number(usedTime ?? 1)) : undefined,
        Tags: [], nodes: [], accounts: [], databases: [], endpoints: [],
        ipGroups: [{ DBClusterIPArrayName: "default", DBClusterIPArrayAttribute: "", SecurityIps: optional(p, "SecurityIPList") ?? "127.0.0.1" }],
        securityGroupIds: [], ssl: { enabled: false, expireTime: "", autoRotate: "Disable", endpoints: [] },
        parameters: defaultParameters(dbType), pendingParameters: {},
        backupPolicy: {
          PreferredBackupPeriod: "Monday,Thursday", PreferredBackupTime: "15:00Z-16:00Z", DataLevel1BackupRetentionPeriod: "7",
          DataLevel2BackupRetentionPeriod: "0", BackupFrequency: "Normal", BackupRetentionPolicyOnClusterDeletion: brp ?? "NONE",
        },
        auditLog: "Disabled", maintenance: eventsForNewCluster(now, () => 111_000 + nextId()), ownerKey: req.accessKeyId,
      };
      c.nodes.push(newNode(c, "Writer", "Creating"), newNode(c, "Reader", "Creating"));
      const all = joinIds(c.nodes.map((n) => n.DBNodeId));
      c.endpoints.push(
        { DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Cluster", Nodes: all, ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Enable", EndpointConfig: "{}", AddressItems: [address(c, id)] },
        { DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Primary", Nodes: c.nodes[0].DBNodeId, ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Disable", EndpointConfig: "{}", AddressItems: [address(c, `${id}o`)] },
      );
      store.clusters[id] = c;
      const done = after(DURATIONS.createCluster);
      store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: id, TaskAction: "CreateDBInstance", BeginTime: now, FinishTime: done });
      schedule({ at: done, kind: "clusterRunning", clusterId: id });
      return { DBClusterId: id, OrderId: String(2000000000000 + nextId()), ResourceGroupId: c.ResourceGroupId };
    }),

    DeleteDBCluster: (p) => {
      const c = runningCluster(p);
      if (c.DeletionLock === 1) throw codes.deletionLocked();
      if (c.PayType === "Prepaid") throw codes.invalidParameter("PayType");
      c.DBClusterStatus = "Deleting";
      for (const n of c.nodes) n.DBNodeStatus = "Deleting";
      schedule({ at: after(DURATIONS.deleteCluster), kind: "clusterGone", clusterId: c.DBClusterId });
      return {};
    },

    DescribeDBClusters: (p, req) => {
      const region = required(p, "RegionId");
      const ids = optional(p, "DBClusterIds")?.split(",");
      const desc = optional(p, "DBClusterDescription");
      const status = optional(p, "DBClusterStatus");
      const dbType = optional(p, "DBType");
      const tags = list(p, "Tag");
      const pg = paging(p);
      const all = Object.values(store.clusters).filter((c) => c.RegionId === region && c.ownerKey === req.accessKeyId
        && (!ids || ids.includes(c.DBClusterId)) && (!desc || c.DBClusterDescription.includes(desc))
        && (!status || c.DBClusterStatus === status) && (!dbType || c.DBType === dbType)
        && tags.every((t) => c.Tags.some((x) => x.Key === t.Key && (t.Value === undefined || x.Value === t.Value))));
      const rows = page(all, pg);
      return {
        PageNumber: pg.pageNumber, PageRecordCount: rows.length, TotalRecordCount: all.length,
        Items: { DBCluster: rows.map((c) => ({
          DBClusterId: c.DBClusterId, DBClusterDescription: c.DBClusterDescription, DBClusterStatus: c.DBClusterStatus,
          DBClusterNetworkType: "VPC", DBType: c.DBType, DBVersion: c.DBVersion, DBNodeClass: c.DBNodeClass, DBNodeNumber: c.nodes.length,
          Engine: "POLARDB", PayType: c.PayType, RegionId: c.RegionId, ZoneId: c.ZoneId, VpcId: c.VPCId, VswitchId: c.VSwitchId,
          CreateTime: c.CreationTime, ExpireTime: c.ExpireTime ?? "", Expired: "false", LockMode: c.LockMode, DeletionLock: c.DeletionLock,
          Category: c.Category, ResourceGroupId: c.ResourceGroupId, StorageUsed: 3012558848,
          DBNodes: { DBNode: c.nodes.map((n) => ({ DBNodeId: n.DBNodeId, DBNodeClass: n.DBNodeClass, DBNodeRole: n.DBNodeRole, ZoneId: n.ZoneId, RegionId: c.RegionId })) },
          Tags: { Tag: c.Tags },
        })) },
      };
    },

    DescribeDBClusterAttribute: (p) => {
      const c = cluster(p);
      return {
        DBClusterId: c.DBClusterId, DBClusterDescription: c.DBClusterDescription, DBClusterStatus: c.DBClusterStatus,
        DBClusterNetworkType: "VPC", DBType: c.DBType, DBVersion: c.DBVersion, Engine: "POLARDB", Category: c.Category,
        PayType: c.PayType, RegionId: c.RegionId, ZoneIds: c.ZoneId, VPCId: c.VPCId, VSwitchId: c.VSwitchId,
        CreationTime: c.CreationTime, ExpireTime: c.ExpireTime ?? "", Expired: "false", LockMode: c.LockMode, DeletionLock: c.DeletionLock,
        MaintainTime: c.MaintainTime, ResourceGroupId: c.ResourceGroupId, DBVersionStatus: "Stable", IsLatestVersion: true,
        StorageUsed: 3012558848, StorageMax: 10995116277760, SQLSize: -1, DataLevel1BackupChainSize: 0,
        DBNodes: c.nodes.map((n) => ({ ...n, MaxConnections: 8000, MaxIOPS: 32000 })),
        Tags: c.Tags,
      };
    },

    DescribeTasks: (p) => {
      const clusterId = optional(p, "DBClusterId");
      const nodeId = optional(p, "DBNodeId");
      if (!clusterId && !nodeId) throw codes.missingParameter("DBClusterId");
      const start = time(p, "StartTime", true)!;
      const end = time(p, "EndTime", true)!;
      if (end <= start) throw codes.invalidParameter("EndTime");
      const statusFilter = oneOf(p, "Status", ["Waiting", "Running", "Finished", "Closed", "Pause", "Stop"]);
      const pg = paging(p);
      const now = clock.now();
      const taskCluster = clusterId ?? Object.values(store.clusters).find((c) => c.nodes.some((n) => n.DBNodeId === nodeId))?.DBClusterId;
      const rows = store.tasks.filter((t) => t.DBClusterId === taskCluster && t.BeginTime >= start - 60_000 && t.BeginTime <= end)
        .map((t) => ({ t, status: t.Status ?? (now >= t.FinishTime ? "Finished" : "Running") }))
        .filter(({ status }) => (statusFilter ? status === statusFilter : status === "Waiting" || status === "Running"));
      const shown = page(rows, pg);
      return {
        TotalRecordCount: rows.length, PageNumber: pg.pageNumber, PageRecordCount: shown.length, StartTime: optional(p, "StartTime"), EndTime: optional(p, "EndTime"),
        DBClusterId: clusterId ?? "",
        Tasks: { Task: shown.map(({ t, status }) => {
          const total = Math.max(1, t.FinishTime - t.BeginTime);
          const progress = Math.min(100, Math.floor(((Math.min(now, t.FinishTime) - t.BeginTime) / total) * 100));
          const step = Math.min(4, 1 + Math.floor(progress / 25));
          return {
            TaskId: t.TaskId, TaskAction: t.TaskAction, Status: status, Progress: progress, BeginTime: iso(t.BeginTime),
            FinishTime: status === "Finished" ? iso(t.FinishTime) : "", ExpectedFinishTime: iso(t.FinishTime),
            Remain: remainSeconds(t.FinishTime - now), CurrentStepName: ["create_instance", "init_storage", "start_nodes", "finish"][step - 1],
            StepProgressInfo: `${step}/4`, StepsInfo: JSON.stringify([{ name: "create_instance" }, { name: "init_storage" }, { name: "start_nodes" }, { name: "finish" }]),
            ProgressInfo: "", DBName: "",
          };
        }) },
      };
    },

    ModifyDBClusterDescription: (p) => {
      const c = runningCluster(p);
      const d = description(p, "DBClusterDescription");
      if (d === undefined) throw codes.missingParameter("DBClusterDescription");
      c.DBClusterDescription = d;
      return {};
    },

    ModifyDBClusterDeletion: (p) => {
      const c = cluster(p);
      const v = required(p, "Protection");
      if (!/^(true|false|1|0)$/i.test(v)) throw codes.invalidParameter("Protection");
      c.DeletionLock = /^(true|1)$/i.test(v) ? 1 : 0;
      return {};
    },

    ModifyDBClusterMaintainTime: (p) => {
      const c = runningCluster(p);
      const w = required(p, "MaintainTime");
      const m = /^([01]\d|2[0-3]):([0-5]\d)Z-([01]\d|2[0-3]):([0-5]\d)Z$/.exec(w);
      if (!m || Number(m[2]) !== 0 || Number(m[4]) !== 0) throw codes.invalidParameter("MaintainTime");
      const span = ((Number(m[3]) - Number(m[1])) + 24) % 24;
      if (span !== 1) throw codes.invalidParameter("MaintainTime");
      c.MaintainTime = w;
      return {};
    },

    ModifyAutoRenewAttribute: (p) => {
      const ids = required(p, "DBClusterIds").split(",");
      const renewal = oneOf(p, "RenewalStatus", ["AutoRenewal", "Normal", "NotRenewal"], "AutoRenewal");
      for (const id of ids) {
        const c = store.clusters[id];
        if (!c) throw codes.clusterNotFound();
        c.AutoRenew = renewal === "AutoRenewal";
        c.Period = oneOf(p, "PeriodUnit", ["Year", "Month"], (c.Period as "Year" | "Month") ?? "Month");
        c.UsedTime = optional(p, "Duration") ?? c.UsedTime ?? "1";
      }
      return {};
    },

    DescribeAutoRenewAttribute: (p) => {
      const region = required(p, "RegionId");
      const ids = optional(p, "DBClusterIds")?.split(",");
      const pg = paging(p);
      const rows = Object.values(store.clusters).filter((c) => c.RegionId === region && c.PayType === "Prepaid" && (!ids || ids.includes(c.DBClusterId)));
      const shown = page(rows, pg);
      return {
        PageNumber: pg.pageNumber, PageRecordCount: shown.length, TotalRecordCount: rows.length,
        Items: { AutoRenewAttribute: shown.map((c) => ({ DBClusterId: c.DBClusterId, RegionId: c.RegionId, AutoRenewEnabled: c.AutoRenew, RenewalStatus: c.AutoRenew ? "AutoRenewal" : "Normal", PeriodUnit: c.Period ?? "Month", Duration: Number(c.UsedTime ?? 1) })) },
      };
    },

    FailoverDBCluster: (p) => {
      const c = runningCluster(p);
      const target = optional(p, "TargetDBNodeId");
      const readers = c.nodes.filter((n) => n.DBNodeRole === "Reader");
      const next = target ? c.nodes.find((n) => n.DBNodeId === target) : readers[0];
      if (!next || next.DBNodeRole !== "Reader") throw target ? codes.nodeNotFound() : codes.minNodes();
      for (const n of c.nodes) n.DBNodeRole = n === next ? "Writer" : "Reader";
      c.DBClusterStatus = "Switching";
      schedule({ at: after(DURATIONS.failover), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    },

    ModifyDBClusterPrimaryZone: (p) => {
      const c = runningCluster(p);
      const zone = required(p, "ZoneId");
      if (!REGIONS[c.RegionId].includes(zone)) throw codes.zoneMismatch();
      c.DBClusterStatus = "TRANSING";
      schedule({ at: after(DURATIONS.primaryZone), kind: "clusterSettled", clusterId: c.DBClusterId, args: { zone } });
      return {};
    },

    CreateDBNodes: (p) => idempotent(p, "CreateDBNodes", () => {
      const c = runningCluster(p);
      const rows = list(p, "DBNode");
      if (rows.length === 0) throw codes.missingParameter("DBNode.1.TargetClass");
      if (rows.length > 15) throw codes.invalidParameter("DBNode");
      const readers = c.nodes.filter((n) => n.DBNodeRole === "Reader").length;
      if (readers + rows.length > QUOTA.readers) throw codes.nodeQuota();
      const added = rows.map((r) => {
        const cls = r.TargetClass;
        if (!cls) throw codes.missingParameter("DBNode.1.TargetClass");
        if (!cls.startsWith(CLASS_PREFIX[c.DBType])) throw codes.invalidParameter("DBNode.1.TargetClass");
        if (r.ZoneId && !REGIONS[c.RegionId].includes(r.ZoneId)) throw codes.zoneMismatch();
        return newNode(c, "Reader", "Creating", cls);
      });
      c.nodes.push(...added);
      c.DBClusterStatus = "DBNodeCreating";
      const nodesDone = after(DURATIONS.createNodes);
      // DescribeTasks lists node and class changes too (TaskAction: the API the task serves).
      store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "CreateDBNodes", BeginTime: clock.now(), FinishTime: nodesDone });
      schedule({ at: nodesDone, kind: "nodesRunning", clusterId: c.DBClusterId, args: { ids: added.map((n) => n.DBNodeId) } });
      return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()), DBNodeIds: { DBNodeId: added.map((n) => n.DBNodeId) } };
    }),

    DeleteDBNodes: (p) => idempotent(p, "DeleteDBNodes", () => {
      const c = runningCluster(p);
      const ids = list(p, "DBNodeId").map((r) => r[""]);
      if (ids.length === 0) throw codes.missingParameter("DBNodeId.1");
      for (const id of ids) {
        const n = c.nodes.find((x) => x.DBNodeId === id);
        if (!n) throw codes.nodeNotFound();
        if (n.DBNodeRole === "Writer") throw codes.cannotDeleteWriter();
      }
      if (c.nodes.length - ids.length < 1) throw codes.minNodes();
      for (const n of c.nodes) if (ids.includes(n.DBNodeId)) n.DBNodeStatus = "Deleting";
      c.DBClusterStatus = "DBNodeDeleting";
      schedule({ at: after(DURATIONS.deleteNodes), kind: "nodesGone", clusterId: c.DBClusterId, args: { ids } });
      return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
    }),

    ModifyDBNodeClass: (p) => idempotent(p, "ModifyDBNodeClass", () => {
      const c = runningCluster(p);
      const type = oneOf(p, "ModifyType", ["Upgrade", "Downgrade"]) ?? (() => { throw codes.missingParameter("ModifyType"); })();
      const cls = required(p, "DBNodeTargetClass");
      if (!cls.startsWith(CLASS_PREFIX[c.DBType])) throw codes.invalidParameter("DBNodeTargetClass");
      void type;
      c.DBClusterStatus = "ClassChanging";
      for (const n of c.nodes) n.DBNodeStatus = "ClassChanging";
      const classDone = after(DURATIONS.classChange);
      store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "ModifyDBNodeClass", BeginTime: clock.now(), FinishTime: classDone });
      schedule({ at: classDone, kind: "classChanged", clusterId: c.DBClusterId, args: { cls } });
      return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
    }),

    RestartDBNode: (p) => {
      const id = required(p, "DBNodeId");
      const c = Object.values(store.clusters).find((x) => x.nodes.some((n) => n.DBNodeId === id));
      if (!c) throw codes.nodeNotFound();
      if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
      c.nodes.find((n) => n.DBNodeId === id)!.DBNodeStatus = "Rebooting";
      c.DBClusterStatus = "Rebooting";
      schedule({ at: after(DURATIONS.restartNode), kind: "nodeRunning", clusterId: c.DBClusterId, args: { id } });
      return {};
    },

    // ---- accounts
    CreateAccount: (p) => idempotent(p, "CreateAccount", () => {
      const c = runningCluster(p, true);
      const name = newAccountName(c, p);
      const password = required(p, "AccountPassword");
      if (!validPassword(password)) throw codes.malformed("AccountPassword");
      const type = oneOf(p, "AccountType", ["Normal", "Super"], "Super")!;
      const desc = description(p, "AccountDescription");
      if (c.accounts.length >= QUOTA.accounts) throw codes.accountQuota();
      if (type === "Super" && c.DBType === "MySQL" && c.accounts.some((a) => a.AccountType === "Super")) throw codes.accountType();
      const privileges: Account["DatabasePrivileges"] = [];
      const dbNames = optional(p, "DBName");
      if (dbNames) {
        if (c.DBType !== "MySQL" || type !== "Normal") throw codes.invalidParameter("DBName");
        const privs = (optional(p, "AccountPrivilege") ?? "ReadWrite").split(",");
        dbNames.split(",").forEach((db, i) => {
          if (!c.databases.some((d) => d.DBName === db)) throw codes.dbNotFound();
          const priv = privs[i] ?? privs[0];
          if (!["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly", "ReadIndex"].includes(priv)) throw codes.invalidParameter("AccountPrivilege");
          privileges.push({ DBName: db, AccountPrivilege: priv });
        });
      }
      c.accounts.push({ AccountName: name, AccountType: type, AccountStatus: "Creating", AccountDescription: desc ?? "", passwordDigest: digest(password), DatabasePrivileges: privileges });
      schedule({ at: after(DURATIONS.account), kind: "accountReady", clusterId: c.DBClusterId, args: { name } });
      return {};
    }),

    DescribeAccounts: (p) => {
      const c = cluster(p);
      const name = optional(p, "AccountName");
      const pg = paging(p);
      const rows = page(c.accounts.filter((a) => !name || a.AccountName === name), pg);
      return {
        PageNumber: pg.pageNumber, PageRecordCount: rows.length,
        Accounts: rows.map((a) => ({
          AccountName: a.AccountName, AccountType: a.AccountType, AccountStatus: a.AccountStatus, AccountDescription: a.AccountDescription,
          AccountLockState: "UnLock", AccountPasswordValidTime: "",
          ...(a.AccountType === "Normal" ? { DatabasePrivileges: a.DatabasePrivileges } : {}),
        })),
      };
    },

    ModifyAccountDescription: (p) => {
      const c = runningCluster(p);
      const a = account(c, p);
      const d = description(p, "AccountDescription");
      if (d === undefined) throw codes.missingParameter("AccountDescription");
      a.AccountDescription = d;
      return {};
    },

    ModifyAccountPassword: (p) => {
      const c = runningCluster(p);
      const a = account(c, p);
      const pw = required(p, "NewAccountPassword");
      if (!validPassword(pw)) throw codes.malformed("NewAccountPassword");
      a.passwordDigest = digest(pw);
      return {};
    },

    DeleteAccount: (p) => {
      const c = runningCluster(p);
      const a = account(c, p);
      a.AccountStatus = "Deleting";
      schedule({ at: after(DURATIONS.account), kind: "accountGone", clusterId: c.DBClusterId, args: { name: a.AccountName } });
      return {};
    },

    CheckAccountName: (p) => {
      newAccountName(cluster(p), p);
      return {};
    },

    GrantAccountPrivilege: (p) => {
      const c = runningCluster(p);
      const a = account(c, p);
      if (a.AccountType !== "Normal") throw codes.accountType();
      const dbs = required(p, "DBName").split(",");
      const privs = required(p, "AccountPrivilege").split(",");
      dbs.forEach((db, i) => {
        const d = c.databases.find((x) => x.DBName === db);
        if (!d) throw codes.dbNotFound();
        const priv = privs[i] ?? privs[0];
        a.DatabasePrivileges = [...a.DatabasePrivileges.filter((g) => g.DBName !== db), { DBName: db, AccountPrivilege: priv }];
        d.Accounts = [...d.Accounts.filter((g) => g.AccountName !== a.AccountName), { AccountName: a.AccountName, AccountPrivilege: priv }];
      });
      return {};
    },

    RevokeAccountPrivilege: (p) => {
      const c = runningCluster(p);
      const a = account(c, p);
      const dbs = required(p, "DBName").split(",");
      a.DatabasePrivileges = a.DatabasePrivileges.filter((g) => !dbs.includes(g.DBName));
      for (const d of c.databases) if (dbs.includes(d.DBName)) d.Accounts = d.Accounts.filter((g) => g.AccountName !== a.AccountName);
      return {};
    },

    // ---- databases
    CreateDatabase: (p) => idempotent(p, "CreateDatabase", () => {
      const c = runningCluster(p);
      const name = newDbName(c, p);
      const charset = required(p, "CharacterSetName");
      const sets = c.DBType === "MySQL" ? MYSQL_CHARSETS : PG_CHARSETS;
      if (!sets.includes(charset.toLowerCase())) throw codes.invalidParameter("CharacterSetName");
      const pgLike = c.DBType !== "MySQL";
      const desc = description(p, "DBDescription");
      const owner = optional(p, "AccountName");
      const priv = oneOf(p, "AccountPrivilege", ["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly"], "ReadWrite")!;
      const collate = optional(p, "Collate");
      const ctype = optional(p, "Ctype");
      if (pgLike) {
        if (desc === undefined) throw codes.missingParameter("DBDescription");
        if (!owner) throw codes.missingParameter("AccountName");
        if (!collate) throw codes.missingParameter("Collate");
        if (!ctype) throw codes.missingParameter("Ctype");
      }
      let grantee: Account | undefined;
      if (owner) {
        grantee = c.accounts.find((a) => a.AccountName === owner);
        if (!grantee) throw codes.accountNotFound();
        if (grantee.AccountStatus !== "Available") throw codes.accountStatus();
        if (grantee.AccountType !== "Normal") throw codes.accountType();
      }
      if (c.databases.length >= QUOTA.databases) throw codes.dbQuota();
      c.databases.push({ DBName: name, DBStatus: "Creating", CharacterSetName: charset, DBDescription: desc ?? "", Collate: collate, Ctype: ctype, Accounts: grantee ? [{ AccountName: grantee.AccountName, AccountPrivilege: priv }] : [] });
      grantee?.DatabasePrivileges.push({ DBName: name, AccountPrivilege: priv });
      schedule({ at: after(DURATIONS.database), kind: "databaseReady", clusterId: c.DBClusterId, args: { name } });
      return {};
    }),

    DescribeDatabases: (p) => {
      const c = cluster(p);
      const name = optional(p, "DBName");
      const pg = paging(p);
      const rows = page(c.databases.filter((d) => !name || d.DBName === name), pg);
      return {
        PageNumber: pg.pageNumber, PageRecordCount: rows.length,
        Databases: { Database: rows.map((d) => ({
          DBName: d.DBName, DBStatus: d.DBStatus, DBDescription: d.DBDescription, CharacterSetName: d.CharacterSetName, Engine: c.DBType,
          Accounts: { Account: d.Accounts.map((a) => ({ AccountName: a.AccountName, AccountPrivilege: a.AccountPrivilege, AccountStatus: c.accounts.find((x) => x.AccountName === a.AccountName)?.AccountStatus ?? "Available", PrivilegeStatus: "Empowered" })) },
        })) },
      };
    },

    DeleteDatabase: (p) => {
      const c = runningCluster(p);
      const name = required(p, "DBName");
      const d = c.databases.find((x) => x.DBName === name);
      if (!d) throw codes.dbNotFound();
      if (d.DBStatus !== "Running") throw codes.dbStatus();
      d.DBStatus = "Deleting";
      schedule({ at: after(DURATIONS.database / 2), kind: "databaseGone", clusterId: c.DBClusterId, args: { name } });
      return {};
    },

    CheckDBName: (p) => {
      return { DBName: newDbName(cluster(p), p) };
    },

    // ---- whitelists
    ModifyDBClusterAccessWhitelist: (p) => {
      const c = runningCluster(p);
      const type = oneOf(p, "WhiteListType", ["IP", "SecurityGroup"], "IP");
      if (type === "SecurityGroup") {
        const ids = (optional(p, "SecurityGroupIds") ?? "").split(",").filter(Boolean);
        if (ids.length > QUOTA.securityGroups || ids.some((s) => !/^sg-[a-z0-9]+$/.test(s))) throw codes.invalidParameter("SecurityGroupIds");
        c.securityGroupIds = ids;
        return {};
      }
      const name = optional(p, "DBClusterIPArrayName") ?? "default";
      if (!/^[a-z][a-z0-9]{0,118}[a-z0-9]$/.test(name) && name !== "default") throw codes.invalidParameter("DBClusterIPArrayName");
      const mode = oneOf(p, "ModifyMode", ["Cover", "Append", "Delete"], "Cover");
      const attr = optional(p, "DBClusterIPArrayAttribute");
      const ips = (p.SecurityIps ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      for (const ip of ips) if (!validIp(ip)) throw codes.invalidParameter("SecurityIps");
      if (new Set(ips).size !== ips.length) throw codes.securityIpsDuplicate();
      let group = c.ipGroups.find((g) => g.DBClusterIPArrayName === name);
      if (!group) { group = { DBClusterIPArrayName: name, DBClusterIPArrayAttribute: attr ?? "", SecurityIps: "" }; c.ipGroups.push(group); }
      const current = group.SecurityIps.split(",").filter(Boolean);
      const next = mode === "Append" ? [...current, ...ips.filter((i) => !current.includes(i))] : mode === "Delete" ? current.filter((i) => !ips.includes(i)) : ips;
      const total = c.ipGroups.reduce((n, g) => n + (g === group ? next.length : g.SecurityIps.split(",").filter(Boolean).length), 0);
      if (total > QUOTA.ips) throw codes.securityIpsLength();
      if (attr !== undefined) group.DBClusterIPArrayAttribute = attr;
      group.SecurityIps = next.join(",");
      // A named group left with no address is removed (the default group always stays).
      if (!group.SecurityIps && name !== "default") c.ipGroups = c.ipGroups.filter((g) => g !== group);
      return {};
    },

    DescribeDBClusterAccessWhitelist: (p) => {
      const c = cluster(p);
      return {
        Items: { DBClusterIPArray: c.ipGroups.map((g) => ({ ...g })) },
        DBClusterSecurityGroups: { DBClusterSecurityGroup: c.securityGroupIds.map((id) => ({ SecurityGroupId: id, SecurityGroupName: c.VPCId })) },
      };
    },

    // ---- endpoints
    CreateDBClusterEndpoint: (p) => idempotent(p, "CreateDBClusterEndpoint", () => {
      const c = runningCluster(p);
      oneOf(p, "EndpointType", ["Custom"]) ?? (() => { throw codes.missingParameter("EndpointType"); })();
      if (c.endpoints.filter((e) => e.EndpointType === "Custom").length >= QUOTA.customEndpoints) throw codes.endpointQuota();
      const nodes = nodeList(c, optional(p, "Nodes"));
      const ep: Endpoint = {
        DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Custom", DBEndpointDescription: optional(p, "DBEndpointDescription") ?? "",
        Nodes: nodes, ReadWriteMode: oneOf(p, "ReadWriteMode", ["ReadWrite", "ReadOnly"], "ReadOnly")!,
        AutoAddNewNodes: oneOf(p, "AutoAddNewNodes", ["Enable", "Disable"], "Disable")!, EndpointConfig: endpointConfig(optional(p, "EndpointConfig")),
        AddressItems: [],
      };
      ep.AddressItems.push(address(c, `${c.DBClusterId}${ep.DBEndpointId.slice(3, 9)}`));
      c.endpoints.push(ep);
      c.DBClusterStatus = "NetAddressCreating";
      schedule({ at: after(DURATIONS.endpoint), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    }),

    DescribeDBClusterEndpoints: (p) => {
      const c = cluster(p);
      const id = optional(p, "DBEndpointId");
      return {
        Items: clusterEndpoints(c).filter((e) => !id || e.DBEndpointId === id).map((e) => ({
          DBEndpointId: e.DBEndpointId, EndpointType: e.EndpointType, ...(e.EndpointType === "Custom" ? { DBEndpointDescription: e.DBEndpointDescription } : {}),
          Nodes: e.Nodes, ReadWriteMode: e.ReadWriteMode, AutoAddNewNodes: e.AutoAddNewNodes, EndpointConfig: e.EndpointConfig,
          NodeWithRoles: splitIds(e.Nodes).map((nid) => { const n = c.nodes.find((x) => x.DBNodeId === nid); return n?.DBNodeRole === "Writer" ? "Writer" : `Reader${c.nodes.filter((x) => x.DBNodeRole === "Reader").indexOf(n!) + 1}`; }).join(","),
          AddressItems: e.AddressItems.map((a) => ({ ...a, PrivateZoneConnectionString: "" })),
        })),
      };
    },

    ModifyDBClusterEndpoint: (p) => {
      const c = runningCluster(p);
      const ep = endpoint(c, p);
      if (p.Nodes !== undefined) { if (ep.EndpointType === "Primary") throw codes.endpointNotCustom(); ep.Nodes = nodeList(c, optional(p, "Nodes")); }
      const rw = oneOf(p, "ReadWriteMode", ["ReadWrite", "ReadOnly"]);
      if (rw) ep.ReadWriteMode = rw;
      const auto = oneOf(p, "AutoAddNewNodes", ["Enable", "Disable"]);
      if (auto) ep.AutoAddNewNodes = auto;
      const cfg = optional(p, "EndpointConfig");
      if (cfg !== undefined) ep.EndpointConfig = endpointConfig(cfg);
      const d = optional(p, "DBEndpointDescription");
      if (d !== undefined && ep.EndpointType === "Custom") ep.DBEndpointDescription = d;
      c.DBClusterStatus = "CONFIG_SWITCHING";
      schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    },

    DeleteDBClusterEndpoint: (p) => {
      const c = runningCluster(p);
      const ep = endpoint(c, p);
      if (ep.EndpointType !== "Custom") throw codes.endpointNotCustom();
      c.DBClusterStatus = "NetAddressDeleting";
      schedule({ at: after(DURATIONS.endpointModify), kind: "endpointGone", clusterId: c.DBClusterId, args: { id: ep.DBEndpointId } });
      return {};
    },

    CreateDBEndpointAddress: (p) => {
      const c = runningCluster(p);
      const ep = endpoint(c, p);
      const net = oneOf(p, "NetType", ["Public"]) ?? (() => { throw codes.missingParameter("NetType"); })();
      if (ep.AddressItems.some((a) => a.NetType === net)) throw codes.addressExists();
      const prefix = optional(p, "ConnectionStringPrefix") ?? `${c.DBClusterId}${ep.DBEndpointId.slice(3, 7)}pub`;
      if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(prefix)) throw codes.invalidParameter("ConnectionStringPrefix");
      ep.AddressItems.push({ NetType: "Public", ConnectionString: `${prefix}.${c.RegionId}.${DOMAIN[c.DBType].replace("polardb", "polardb-public")}`, Port: PORT[c.DBType], IPAddress: `47.${Math.floor(rng() * 255)}.${Math.floor(rng() * 255)}.${1 + Math.floor(rng() * 253)}`, VPCId: "", VSwitchId: "" });
      c.DBClusterStatus = "NetAddressCreating";
      schedule({ at: after(DURATIONS.address), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    },

    ModifyDBEndpointAddress: (p) => {
      const c = runningCluster(p);
      const ep = endpoint(c, p);
      const net = oneOf(p, "NetType", ["Public", "Private"]) ?? (() => { throw codes.missingParameter("NetType"); })();
      const addr = ep.AddressItems.find((a) => a.NetType === net);
      if (!addr) throw codes.addressNotFound();
      const prefix = optional(p, "ConnectionStringPrefix");
      if (prefix !== undefined) {
        if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(prefix)) throw codes.invalidParameter("ConnectionStringPrefix");
        addr.ConnectionString = `${prefix}.${addr.ConnectionString.split(".").slice(1).join(".")}`;
      }
      // Only MySQL addresses take a new port (3000–5999, §10.5).
      const port = int(p, "Port", 3000, 5999);
      if (port !== undefined && c.DBType !== "MySQL") throw codes.invalidParameter("Port");
      if (port !== undefined) addr.Port = String(port);
      c.DBClusterStatus = "NetAddressModifying";
      schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    },

    DeleteDBEndpointAddress: (p) => {
      const c = runningCluster(p);
      const ep = endpoint(c, p);
      const net = oneOf(p, "NetType", ["Public", "Inner"]) ?? (() => { throw codes.missingParameter("NetType"); })();
      if (!ep.AddressItems.some((a) => a.NetType === net)) throw codes.addressNotFound();
      ep.AddressItems = ep.AddressItems.filter((a) => a.NetType !== net);
      c.DBClusterStatus = "NetAddressDeleting";
      schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
      return {};
    },

    // ---- SSL, parameters, backup policy, audit log, tags
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
    TagResources: (p) => {
      required(p, "RegionId");
      if (required(p, "ResourceType") !== "cluster") throw codes.invalidParameter("ResourceType");
      const ids = list(p, "ResourceId").map((r) => r[""]);
      const tags = list(p, "Tag");
      if (!ids.length) throw codes.missingParameter("ResourceId.1");
      if (!tags.length || tags.length > 20 || tags.some((t) => !t.Key)) throw codes.invalidParameter("Tag");
      for (const id of ids) {
        const c = store.clusters[id];
        if (!c) throw codes.clusterNotFound();
        for (const t of tags) c.Tags = [...c.Tags.filter((x) => x.Key !== t.Key), { Key: t.Key, Value: t.Value ?? "" }];
      }
      return {};
    },
    UntagResources: (p) => {
      required(p, "RegionId");
      const ids = list(p, "ResourceId").map((r) => r[""]);
      const keys = list(p, "TagKey").map((r) => r[""]);
      const all = bool(p, "All", false);
      for (const id of ids) {
        const c = store.clusters[id];
        if (!c) throw codes.clusterNotFound();
        c.Tags = all ? [] : c.Tags.filter((t) => !keys.includes(t.Key));
      }
      return {};
    },
    ListTagResources: (p) => {
      required(p, "RegionId");
      const ids = list(p, "ResourceId").map((r) => r[""]);
      const rows = Object.values(store.clusters).filter((c) => !ids.length || ids.includes(c.DBClusterId))
        .flatMap((c) => c.Tags.map((t) => ({ ResourceId: c.DBClusterId, ResourceType: "cluster", TagKey: t.Key, TagValue: t.Value })));
      return { NextToken: "", TagResources: { TagResource: rows } };
    },
    DescribePendingMaintenanceActions: (p, req) => {
      const region = required(p, "RegionId");
      const history = int(p, "IsHistory", 0, 1, 0) === 1;
      const events = maintenanceEvents(req, region, history);
      return { TypeList: MAINTENANCE_TYPES.map((TaskType) => ({ TaskType, Count: events.filter((e) => e.event.TaskType === TaskType).length })).filter((t) => t.Count > 0) };
    },
    DescribePendingMaintenanceAction: (p, req) => {
      const region = required(p, "Region");
      const type = oneOf(p, "TaskType", [...MAINTENANCE_TYPES, "all"]) ?? (() => { throw codes.missingParameter("TaskType"); })();
      if (region === "all" && type !== "all") throw codes.invalidParameter("TaskType");
      if (region !== "all" && !REGIONS[region]) throw codes.invalidParameter("Region");
      const history = int(p, "IsHistory", 0, 1, 0) === 1;
      const pg = paging(p);
      const rows = maintenanceEvents(req, region === "all" ? undefined : region, history)
        .filter((e) => type === "all" || e.event.TaskType === type)
        .map(({ c, event: e }) => ({
          Id: e.Id, DBClusterId: c.DBClusterId, Region: c.RegionId, DBType: c.DBType, DBVersion: c.DBVersion, TaskType: e.TaskType, Status: e.Status,
          PrepareInterval: e.PrepareInterval, StartTime: isoSeconds(e.StartTime), SwitchTime: isoSeconds(e.SwitchTime), Deadline: isoSeconds(e.Deadline),
          CreatedTime: isoSeconds(e.CreatedTime), ModifiedTime: isoSeconds(e.ModifiedTime), ...(e.ResultInfo ? { ResultInfo: e.ResultInfo } : {}),
        }));
      return { PageNumber: pg.pageNumber, PageSize: pg.pageSize, TotalRecordCount: rows.length, Items: page(rows, pg) };
    },
    ModifyPendingMaintenanceAction: (p, req) => {
      const ids = required(p, "Ids").split(",").map((x) => x.trim());
      const when = time(p, "SwitchTime", true)!;
      const all = maintenanceEvents(req, undefined, false);
      const chosen = ids.map((id) => all.find((e) => String(e.event.Id) === id));
      if (chosen.some((e) => !e)) throw codes.invalidParameter("Ids");
      for (const e of chosen as Array<{ event: MaintenanceEvent }>) {
        if (e.event.Status === 4 || when > e.event.Deadline || when < clock.now()) throw codes.invalidParameter("SwitchTime");
      }
      for (const e of chosen as Array<{ event: MaintenanceEvent }>) {
        e.event.SwitchTime = when;
        e.event.StartTime = when - 4 * 3_600_000;
        e.event.Status = 3;
        e.event.ModifiedTime = clock.now();
      }
      return { Ids: ids.length === 1 && /^\d+$/.test(ids[0]) ? Number(ids[0]) : ids.join(",") };
    },
  };

  /** The caller's clusters' maintenance events (current: status 2–4; history: 5–7). */
  function maintenanceEvents(req: DispatchRequest, region: string | undefined, history: boolean): Array<{ c: Cluster; event: MaintenanceEvent }> {
    return Object.values(store.clusters)
      .filter((c) => c.ownerKey === req.accessKeyId && (!region || c.RegionId === region))
      .flatMap((c) => (c.maintenance ?? []).map((event) => ({ c, event })))
      .filter((e) => (e.event.Status >= 5) === history)
      .sort((a, b) => a.event.Id - b.event.Id);
  }

  function account(c: Cluster, p: Params): Account {
    const a = c.accounts.find((x) => x.AccountName === required(p, "AccountName"));
    if (!a) throw codes.accountNotFound();
    if (a.AccountStatus !== "Available") throw codes.accountStatus();
    return a;
  }
  function endpoint(c: Cluster, p: Params): Endpoint {
    const ep = c.endpoints.find((e) => e.DBEndpointId === required(p, "DBEndpointId"));
    if (!ep) throw codes.endpointNotFound();
    return ep;
  }
  /**
   * DescribeTasks' Remain: whole seconds, as the cloud sends. On a sped-up clock a whole second of
   * wall time is minutes of emulated time, so there it keeps millisecond precision (a client
   * reading it as "seconds left on my clock" stays right).
   */
  function remainSeconds(ms: number): number {
    const left = Math.max(0, ms);
    return clock.scaled(1) >= 1 ? Math.ceil(left / 1000) : Math.round(left) / 1000;
  }
  function nodeList(c: Cluster, raw: string | undefined): string {
    if (raw === undefined) return joinIds(c.nodes.map((n) => n.DBNodeId));
    const ids = splitIds(raw);
    for (const id of ids) if (!c.nodes.some((n) => n.DBNodeId === id)) throw codes.invalidParameter("Nodes");
    return joinIds(ids);
  }

  return {
    hasAction: (product: Product, action: string) =>
      product === "polardb" ? Object.hasOwn(ACTIONS, action) || Object.hasOwn(rds.actions.polardb, action) : Object.hasOwn(rds.actions.rds, action),
    dispatch(req: DispatchRequest) {
      settle();
      if (req.product === "polardb" && Object.hasOwn(ACTIONS, req.action)) return ACTIONS[req.action](req.params, req);
      const rdsTable = req.product === "polardb" ? rds.actions.polardb : rds.actions.rds;
      if (!Object.hasOwn(rdsTable, req.action)) throw codes.invalidAction();
      return rdsTable[req.action](req);
    },
    save: () => ({ ...structuredClone(store), rds: rds.save(), rng: rngState }),
    load(state: unknown) {
      const s = state as StoreData & { rng?: number };
      store = { ...emptyStore(), ...structuredClone(s) };
      for (const c of Object.values(store.clusters)) upgradeSavedCluster(c);
      if (typeof s.rng === "number") rngState = s.rng;
      // The first emulator release saved RDS state in another shape (a number of reports, no
      // start times): such a file gets the default RDS world; anything else invalid is an error.
      const legacyRds = typeof (s.rds as { reports?: unknown } | undefined)?.reports === "number";
      rds.load(legacyRds ? undefined : s.rds);
    },
    data: () => { settle(); return store; },
    transitionLog: () => transitionLog,
  };
}

/** A cluster saved by an older emulator: the settings fields it lacked get their defaults. */
function upgradeSavedCluster(c: Cluster): void {
  const ssl = (c.ssl ?? {}) as Partial<Cluster["ssl"]>;
  c.ssl = { enabled: ssl.enabled === true, expireTime: ssl.expireTime ?? "", autoRotate: ssl.autoRotate ?? "Disable", endpoints: ssl.endpoints ?? [] };
  c.parameters = { ...defaultParameters(c.DBType), ...(c.parameters ?? {}) };
  c.pendingParameters ??= {};
  c.maintenance ??= [];
  c.auditLog = c.auditLog === "Enable" ? "Enable" : "Disabled";
  c.backupPolicy = { DataLevel2BackupRetentionPeriod: "0", BackupFrequency: "Normal", ...(c.backupPolicy ?? {}) };
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

/** A name a new account may take on the cluster (CreateAccount and CheckAccountName share the rules). */
function newAccountName(c: Cluster, p: Params): string {
  const name = required(p, "AccountName");
  if (!/^[a-z][a-z0-9_]{0,14}[a-z0-9]$/.test(name)) throw codes.malformed("AccountName");
  if (RESERVED_ACCOUNTS.includes(name)) throw codes.accountKeyword();
  if (c.accounts.some((a) => a.AccountName === name)) throw codes.accountDuplicate();
  return name;
}

/** A name a new database may take on the cluster (CreateDatabase and CheckDBName share the rules). */
function newDbName(c: Cluster, p: Params): string {
  const name = required(p, "DBName");
  if (!/^[a-z]([a-z0-9_-]{0,62}[a-z0-9])?$/.test(name)) throw codes.dbNameMalformed();
  if (RESERVED_DBS.includes(name)) throw codes.dbKeyword();
  if (c.databases.some((d) => d.DBName === name)) throw codes.dbDuplicate();
  return name;
}

function validPassword(pw: string): boolean {
  if (pw.length < 8 || pw.length > 32 || !/^[A-Za-z0-9!@#$%^&*()_+\-=]+$/.test(pw)) return false;
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[!@#$%^&*()_+\-=]/].filter((r) => r.test(pw)).length >= 3;
}

function validIp(ip: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(ip);
  if (!m) return false;
  if ([m[1], m[2], m[3], m[4]].some((o) => Number(o) > 255)) return false;
  return m[5] === undefined || (Number(m[5]) >= 1 && Number(m[5]) <= 32);
}

function endpointConfig(raw: string | undefined): string {
  if (raw === undefined) return "{}";
  let v: unknown;
  try { v = JSON.parse(raw); } catch { throw codes.invalidParameter("EndpointConfig"); }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw codes.invalidParameter("EndpointConfig");
  const allowed: Record<string, string[]> = { ConsistLevel: ["0", "1", "2"], DistributedTransaction: ["on", "off"], MasterAcceptReads: ["on", "off"], ConnectionPersist: ["off", "Session", "Transaction", "on"], LoadBalanceStrategy: ["load"] };
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!allowed[k] || !allowed[k].includes(String(val))) throw codes.invalidParameter("EndpointConfig");
  }
  return JSON.stringify(v);
}

const splitIds = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const joinIds = (ids: string[]) => [...new Set(ids)].join(",");
const digest = (s: string) => createHash("sha256").update(s).digest("hex");
