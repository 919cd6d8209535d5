/**
 * Cluster lifecycle and deployment (seed 003 §5, §6.1–§6.9): regions, create, delete,
 * describe, tasks, description, deletion protection, maintenance window, failover, primary zone.
 */
import { bool, description, iso, list, oneOf, optional, page, paging, required, time } from "../params";
import { codes } from "../codes";
import type { Cluster } from "../state";
import { defaultParameters, eventsForNewCluster } from "../cluster-settings";
import { DURATIONS, ENGINES, REGIONS } from "./catalogue";
import { sells } from "./offer";
import { Area, joinIds, PolarContext } from "./context";
import { retainBackups, startBackup } from "./backups";
import { creationPlan } from "./creation";
import { proxyAttribute } from "./network-proxy";
import { fitReaders, serverlessNodeOf, sizedAttribute } from "./serverless-storage";
import { availabilityAttributes, availabilityPlan, hotReplicaOf, moveStandbyZone, zoneIdsOf } from "./encryption-availability";
import { DEFAULT_BACKUP_POLICY, DEFAULT_LOG_BACKUP_POLICY } from "./settings";
import { plannedWindow, registerScheduleTask } from "./schedule-tasks";
import { revisionStatus } from "./imci-version";

export function clusterArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, alnum, cluster, runningCluster, idempotent, address, newNode } = ctx;
  /**
   * DescribeTasks' Remain: whole seconds, as the cloud sends. On a sped-up clock a whole second of
   * wall time is minutes of emulated time, so there it keeps millisecond precision (a client
   * reading it as "seconds left on my clock" stays right).
   */
  function remainSeconds(ms: number): number {
    const left = Math.max(0, ms);
    return clock.scaled(1) >= 1 ? Math.ceil(left / 1000) : Math.round(left) / 1000;
  }
  /** Starts moving the cluster to another zone (status TRANSING, §19.2); returns when it is done. */
  function moveZone(c: Cluster, a: { zone: string; vsw?: string }): number {
    c.DBClusterStatus = "TRANSING";
    for (const n of c.nodes) n.DBNodeStatus = "Maintaining";
    const done = after(DURATIONS.primaryZone);
    schedule({ at: done, kind: "primaryZoneMoved", clusterId: c.DBClusterId, args: { zone: a.zone, ...(a.vsw ? { vsw: a.vsw } : {}) } });
    return done;
  }

  return {
    actions: {
      DescribeRegions: () => ({
        Regions: { Region: Object.entries(REGIONS).map(([RegionId, zones]) => ({ RegionId, Zones: { Zone: zones.map((ZoneId) => ({ ZoneId, VpcEnabled: true })) } })) },
      }),

      CreateDBCluster: (p, req) => idempotent(p, "CreateDBCluster", () => {
        const region = required(p, "RegionId");
        if (!REGIONS[region]) throw codes.regionNotFound();
        const dbType = oneOf(p, "DBType", Object.keys(ENGINES)) ?? (() => { throw codes.missingParameter("DBType"); })();
        const version = required(p, "DBVersion");
        if (!ENGINES[dbType].includes(version)) throw codes.engineVersionNotAvailable();
        const cls = required(p, "DBNodeClass");
        const payType = oneOf(p, "PayType", ["Postpaid", "Prepaid"] as const) ?? (() => { throw codes.missingParameter("PayType"); })();
        if (!sells(dbType, version, cls, payType)) throw codes.invalidParameter("DBNodeClass"); // what DescribeDBClusterAvailableResources lists
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
        const autoRenew = bool(p, "AutoRenew", false)! && payType === "Prepaid"; // "only takes effect when PayType=Prepaid"
        const plan = creationPlan(ctx, p, dbType, version, { cls, payType });
        const hotStandby = availabilityPlan(p, region, zone, dbType);
        const desc = description(p, "DBClusterDescription");
        const id = `pc-${alnum(17)}`;
        const now = clock.now();
        const c: Cluster = {
          DBClusterId: id, RegionId: region, ZoneId: zone, DBType: dbType, DBVersion: version, DBNodeClass: cls,
          DBClusterDescription: desc ?? id, PayType: payType, VPCId: vpc ?? `vpc-${alnum(20)}`, VSwitchId: vsw ?? `vsw-${alnum(20)}`,
          DBClusterStatus: "Creating", CreationTime: iso(now), MaintainTime: "18:00Z-19:00Z", DeletionLock: 0, LockMode: "Unlock",
          ResourceGroupId: optional(p, "ResourceGroupId") ?? "rg-acfmdefault0001", Category: plan.category === "ArchiveNormal" ? "Archive" : plan.category,
          AutoRenew: autoRenew, Period: period, UsedTime: payType === "Prepaid" ? usedTime ?? "1" : usedTime,
          ExpireTime: payType === "Prepaid" ? iso(now + (period === "Year" ? 365 : 30) * 24 * 3600_000 * Number(usedTime ?? 1)) : undefined,
          Tags: [], nodes: [], accounts: [], databases: [], endpoints: [],
          ipGroups: [{ DBClusterIPArrayName: "default", DBClusterIPArrayAttribute: "", SecurityIps: plan.securityIps }],
          securityGroupIds: [], ssl: { enabled: false, expireTime: "", autoRotate: "Disable", endpoints: [] },
          parameters: { ...defaultParameters(dbType, version), ...plan.parameters }, pendingParameters: {},
          backupPolicy: { ...DEFAULT_BACKUP_POLICY, BackupRetentionPolicyOnClusterDeletion: plan.backupRetention },
          logBackupPolicy: { ...DEFAULT_LOG_BACKUP_POLICY },
          auditLog: "Disabled", maintenance: eventsForNewCluster(now, () => 111_000 + nextId()), ownerKey: req.accessKeyId,
          options: plan.options, readOnly: plan.readOnly || undefined, network: plan.network, hotStandby,
          renewal: payType === "Prepaid" ? { RenewalStatus: autoRenew ? "AutoRenewal" : "Normal", Duration: 1, PeriodUnit: period ?? "Month" } : undefined,
          ...plan.sized,
        };
        if (plan.copy) { c.accounts = plan.copy.accounts; c.databases = plan.copy.databases; }
        // Basic is the single-node edition (§6.1): a writer only; otherwise DBNodeNum (default 2).
        c.nodes.push(newNode(c, "Writer", "Creating"));
        for (let i = 1; i < plan.nodeCount; i++) c.nodes.push(newNode(c, "Reader", "Creating"));
        fitReaders(ctx, c, "Creating"); // a serverless cluster: as many readers as its range's minimum
        const all = joinIds(c.nodes.map((n) => n.DBNodeId));
        c.endpoints.push(
          { DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Cluster", Nodes: all, ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Enable", EndpointConfig: "{}", AddressItems: [address(c, id)] },
          { DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Primary", Nodes: c.nodes[0].DBNodeId, ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Disable", EndpointConfig: "{}", AddressItems: [address(c, `${id}o`)] },
        );
        ctx.store.clusters[id] = c;
        const done = after(DURATIONS.createCluster);
        // DescribeTasks shows the creation, except for a GDN secondary cluster (§6.5).
        if (plan.options.CreationOption !== "CreateGdnStandby") ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: id, TaskAction: "CreateDBInstance", BeginTime: now, FinishTime: done });
        schedule({ at: done, kind: "clusterRunning", clusterId: id });
        return { DBClusterId: id, OrderId: String(2000000000000 + nextId()), ResourceGroupId: c.ResourceGroupId };
      }),

      DeleteDBCluster: (p) => {
        const c = runningCluster(p);
        if (c.DeletionLock === 1) throw codes.deletionLocked();
        // "Releases a pay-as-you-go cluster": a subscription is released when it expires.
        if (c.PayType === "Prepaid") throw codes.payTypeDenied();
        const policy = optional(p, "BackupRetentionPolicyOnClusterDeletion");
        if (policy !== undefined && !["ALL", "LATEST", "NONE"].includes(policy)) throw codes.malformed("BackupRetentionPolicyOnClusterDeletion");
        c.DBClusterStatus = "Deleting";
        for (const n of c.nodes) n.DBNodeStatus = "Deleting";
        schedule({ at: after(DURATIONS.deleteCluster), kind: "clusterGone", clusterId: c.DBClusterId, ...(policy ? { args: { policy } } : {}) });
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
        const all = Object.values(ctx.store.clusters).filter((c) => c.RegionId === region && c.ownerKey === req.accessKeyId
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
          PayType: c.PayType, RegionId: c.RegionId, ZoneIds: zoneIdsOf(c), VPCId: c.VPCId, VSwitchId: c.VSwitchId,
          CreationTime: c.CreationTime, ExpireTime: c.ExpireTime ?? "", Expired: "false", LockMode: c.LockMode, DeletionLock: c.DeletionLock,
          MaintainTime: c.MaintainTime, ResourceGroupId: c.ResourceGroupId, ...revisionStatus(c),
          StorageUsed: 3012558848, StorageMax: 10995116277760, SQLSize: -1, DataLevel1BackupChainSize: 0,
          DBNodes: c.nodes.map((n) => ({ ...n, ...hotReplicaOf(c, n), ...serverlessNodeOf(c), MaxConnections: 8000, MaxIOPS: 32000 })),
          Tags: c.Tags,
          ...availabilityAttributes(c),
          ...proxyAttribute(c),
          ...(c.DBType === "PostgreSQL" ? { DynamoDB: c.dynamoDB ?? "OFF" } : {}),
          ...sizedAttribute(c),
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
        const taskCluster = clusterId ?? ctx.clusterWithNode(nodeId!)?.DBClusterId;
        const rows = ctx.store.tasks.filter((t) => t.DBClusterId === taskCluster && t.BeginTime >= start - 60_000 && t.BeginTime <= end)
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

      // Billing both ways (SDK TransformDBClusterPayType): to Prepaid needs Period and UsedTime
      // (Month 1–9, Year 1–3) and sets ExpireTime; to Postpaid ends the subscription (refunded).
      // The order is paid first: DescribeDBClusterAttribute shows the new PayType a little later.
      TransformDBClusterPayType: (p) => idempotent(p, "TransformDBClusterPayType", () => {
        required(p, "RegionId");
        const c = runningCluster(p);
        const payType = oneOf(p, "PayType", ["Postpaid", "Prepaid"]) ?? (() => { throw codes.missingParameter("PayType"); })();
        if (payType === c.PayType || ctx.store.transitions.some((t) => t.kind === "payTypeChanged" && t.clusterId === c.DBClusterId)) throw codes.payTypeDenied();
        let term: { period: string; usedTime: string } | undefined;
        if (payType === "Prepaid") {
          const period = oneOf(p, "Period", ["Year", "Month"]) ?? (() => { throw codes.missingParameter("Period"); })();
          const usedTime = required(p, "UsedTime");
          if (!/^\d+$/.test(usedTime) || +usedTime < 1 || +usedTime > (period === "Year" ? 3 : 9)) throw codes.invalidParameter("UsedTime");
          term = { period, usedTime };
        }
        const expires = term ? iso(clock.now() + (term.period === "Year" ? 365 : 30) * 24 * 3600_000 * Number(term.usedTime)) : undefined;
        schedule({ at: after(DURATIONS.payType), kind: "payTypeChanged", clusterId: c.DBClusterId, args: { payType, ...(term ?? {}), ...(expires ? { expires } : {}) } });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()), ChargeType: payType, ...(expires ? { ExpiredTime: expires } : {}) };
      }),

      ModifyDBClusterResourceGroup: (p) => {
        const c = cluster(p);
        const next = required(p, "NewResourceGroupId");
        if (!/^rg-[a-z0-9]+$/.test(next)) throw codes.invalidParameter("NewResourceGroupId");
        const from = optional(p, "ResourceGroupId");
        if (from !== undefined && from !== c.ResourceGroupId) throw codes.invalidParameter("ResourceGroupId");
        c.ResourceGroupId = next;
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

      FailoverDBCluster: (p) => idempotent(p, "FailoverDBCluster", () => {
        const c = runningCluster(p);
        const target = optional(p, "TargetDBNodeId");
        // Required for PolarDB O and PostgreSQL; MySQL elects one when it is left out (§6.9.1).
        if (target === undefined && c.DBType !== "MySQL") throw codes.missingParameter("TargetDBNodeId");
        const readers = c.nodes.filter((n) => n.DBNodeRole === "Reader").sort((x, y) => y.FailoverPriority - x.FailoverPriority);
        const next = target ? c.nodes.find((n) => n.DBNodeId === target) : readers[0];
        if (!next || next.DBNodeRole !== "Reader") throw target ? codes.nodeNotFound() : codes.minNodes();
        const writer = c.nodes.find((n) => n.DBNodeRole === "Writer");
        for (const n of c.nodes) n.DBNodeRole = n === next ? "Writer" : "Reader";
        for (const n of [next, writer]) if (n) n.DBNodeStatus = "Switching";
        c.DBClusterStatus = "Switching";
        schedule({ at: after(DURATIONS.failover), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      }),

      ModifyDBClusterPrimaryZone: (p) => {
        const c = runningCluster(p, true);
        if (oneOf(p, "ZoneType", ["Primary", "Standby"]) === "Standby") { moveStandbyZone(ctx, c, p); return {}; }
        const zone = required(p, "ZoneId");
        if (!REGIONS[c.RegionId].includes(zone)) throw codes.zoneMismatch();
        if (zone === c.ZoneId) throw codes.invalidParameter("ZoneId");
        const vsw = optional(p, "VSwitchId");
        if (vsw === undefined && c.DBType !== "MySQL") throw codes.missingParameter("VSwitchId");
        if (vsw !== undefined && !/^vsw-[a-z0-9]+$/.test(vsw)) throw codes.invalidParameter("VSwitchId");
        // FromTimeService=true: now, whatever the planned times say; otherwise the planned window (none = now).
        const immediate = bool(p, "FromTimeService", false)!;
        const plan = immediate ? undefined : plannedWindow(p, clock.now());
        if (plan) registerScheduleTask(ctx, c, "ModifyDBClusterPrimaryZone", plan, { zone, vsw });
        else moveZone(c, { zone, vsw });
        return {};
      },
    },
    operations: { ModifyDBClusterPrimaryZone: (c, a) => moveZone(c, a as { zone: string; vsw?: string }) },
    transitions: {
      clusterRunning: (c, _a, at) => {
        c.DBClusterStatus = "Running";
        for (const n of c.nodes) if (n.DBNodeStatus === "Creating") n.DBNodeStatus = "Running";
        // The first automated backup, so a new cluster has a backup set (CloneDataPoint, DescribeBackups).
        if (!ctx.store.backups.some((b) => b.DBClusterId === c.DBClusterId)) startBackup(ctx, c, "Automated", at);
      },
      clusterGone: (c, a) => {
        const policy = a.policy ?? c.backupPolicy.BackupRetentionPolicyOnClusterDeletion ?? "NONE";
        // LATEST: "an automatic backup is taken before deletion" (§6.1), kept with the others' fate.
        if (policy === "LATEST") { const b = startBackup(ctx, c, "Automated"); b.endsAt = b.startedAt; }
        retainBackups(ctx, c, policy);
        for (const t of ctx.store.scheduleTasks) if (t.DBClusterId === c.DBClusterId && t.Status === "pending") t.Status = "cancel";
        delete ctx.store.clusters[c.DBClusterId];
      },
      payTypeChanged: (c, a) => {
        c.PayType = String(a.payType);
        c.AutoRenew = false;
        if (a.payType === "Prepaid") {
          c.Period = String(a.period);
          c.UsedTime = String(a.usedTime);
          c.ExpireTime = String(a.expires);
          c.renewal = { RenewalStatus: "Normal", Duration: 1, PeriodUnit: String(a.period) };
        } else {
          c.Period = undefined;
          c.UsedTime = undefined;
          c.ExpireTime = undefined;
          c.renewal = undefined;
        }
      },
      clusterSettled: (c, a) => {
        if (a.zone) c.ZoneId = a.zone;
        for (const n of c.nodes) if (n.DBNodeStatus === "Switching") n.DBNodeStatus = "Running";
        c.DBClusterStatus = "Running";
      },
      primaryZoneMoved: (c, a) => {
        c.ZoneId = a.zone;
        if (a.vsw) c.VSwitchId = a.vsw;
        for (const n of c.nodes) { n.ZoneId = a.zone; n.DBNodeStatus = "Running"; }
        for (const ep of c.endpoints) for (const addr of ep.AddressItems) if (addr.NetType === "Private") addr.VSwitchId = c.VSwitchId;
        c.DBClusterStatus = "Running";
      },
    },
  };
}
