/**
 * Serverless and storage (SDK 9.2.1: CreateDBCluster's Serverless* / Scale* / Storage* parameters,
 * DescribeDBClusterServerlessConf, ModifyDBClusterServerlessConf, Enable/DisableDBClusterServerless,
 * ModifyDBClusterStorageSpace, ModifyDBClusterStoragePerformance, ModifyDBCluster CompressStorage).
 *   - An agile serverless cluster is born with a `polar.<engine>.sl.small[.c]` class and
 *     ServerlessType AgileServerless (pay-as-you-go); it runs as many read-only nodes as its
 *     range's minimum and, after a range change, is brought within the new range.
 *   - Steady serverless is switched on a provisioned cluster and off again (status
 *     ConfigSwitching, as the peer waits for it).
 *   - Storage: PSL5 / PSL4 (Enterprise) or ESSD disks (Standard Edition, SENormal). Space grows
 *     only (StorageExpanding); the type changes within its family with the matching ModifyType.
 * Long changes are DescribeTasks tasks with their realistic durations (the clock scales them).
 */
import { codes } from "../codes";
import { bool, int, oneOf, optional, Params, required } from "../params";
import type { Cluster } from "../state";
import type { Area, PolarContext } from "./context";

const MIN = 60_000;
/** Realistic durations (ms): the peer waits up to 2 min for a serverless change, 4 min for storage. */
const DURATIONS = { serverlessConf: 30_000, steadySwitch: 2 * MIN, storageSpace: 2 * MIN, storagePerformance: 3 * MIN, compress: MIN };

const ENTERPRISE = ["PSL5", "PSL4"] as const;
const ESSD = ["ESSDPL0", "ESSDPL1", "ESSDPL2", "ESSDPL3", "ESSDAUTOPL"] as const;
const RANK: Record<string, number> = { PSL4: 1, PSL5: 2, ESSDPL0: 1, ESSDPL1: 2, ESSDAUTOPL: 2.5, ESSDPL2: 3, ESSDPL3: 4 };
/** How DescribeDBClusterAttribute spells a storage type (the peer reads HighPerformance as PSL5, Standard as PSL4, essdpl1 …). */
const ATTRIBUTE_SPELLING: Record<string, string> = { PSL5: "HighPerformance", PSL4: "Standard" };
const GB = 1024 ** 3;

type Conf = Record<string, string>;
export type ServerlessState = NonNullable<Cluster["serverless"]>;
export type StorageState = NonNullable<Cluster["storage"]>;

const CONF_KEYS = ["ScaleMin", "ScaleMax", "ScaleRoNumMin", "ScaleRoNumMax", "ScaleApRoNumMin", "ScaleApRoNumMax", "AllowShutDown",
  "SecondsUntilAutoPause", "ServerlessRuleMode", "ServerlessRuleCpuEnlargeThreshold", "ServerlessRuleCpuShrinkThreshold"] as const;

export const isServerlessClass = (cls: string) => /^polar\.[a-z]+\.sl\./.test(cls);
const maxIops = (gb: number) => Math.max(0, Math.min(50000, 1000 * gb - Math.min(1800 + 50 * gb, 50000)));

/**
 * A range from the request, checked against the current one: `agile` 1–32 PCU (min ≤ 31), steady
 * 0–16 PCU; read-only nodes 0–15 (steady 0–7), column-store 0–7; each minimum at most its maximum.
 */
function confFrom(p: Params, agile: boolean, current: Conf): Conf {
  const next: Conf = { ...current };
  const pcu = agile ? [1, 32] : [0, 16];
  const ro = agile ? 15 : 7;
  const set = (k: string, v: number | boolean | string | undefined) => { if (v !== undefined) next[k] = String(v); };
  set("ScaleMin", int(p, "ScaleMin", pcu[0], agile ? 31 : 16));
  set("ScaleMax", int(p, "ScaleMax", pcu[0], pcu[1]));
  set("ScaleRoNumMin", int(p, "ScaleRoNumMin", 0, ro));
  set("ScaleRoNumMax", int(p, "ScaleRoNumMax", 0, ro));
  set("ScaleApRoNumMin", int(p, "ScaleApRoNumMin", 0, 7));
  set("ScaleApRoNumMax", int(p, "ScaleApRoNumMax", 0, 7));
  const shutDown = bool(p, "AllowShutDown");
  if (shutDown === true && !agile) throw codes.invalidParameter("AllowShutDown");
  set("AllowShutDown", shutDown);
  // Seconds, as the peer sends them (its acceptance test sets 3660, which the cloud took).
  set("SecondsUntilAutoPause", int(p, "SecondsUntilAutoPause", 300, 86400));
  set("ServerlessRuleMode", oneOf(p, "ServerlessRuleMode", ["normal", "flexible"]));
  set("ServerlessRuleCpuEnlargeThreshold", int(p, "ServerlessRuleCpuEnlargeThreshold", 40, 100));
  set("ServerlessRuleCpuShrinkThreshold", int(p, "ServerlessRuleCpuShrinkThreshold", 10, 100));
  for (const [lo, hi] of [["ScaleMin", "ScaleMax"], ["ScaleRoNumMin", "ScaleRoNumMax"], ["ScaleApRoNumMin", "ScaleApRoNumMax"]]) {
    if (Number(next[lo]) > Number(next[hi])) throw codes.invalidParameter(hi);
  }
  if (Number(next.ServerlessRuleCpuEnlargeThreshold) - Number(next.ServerlessRuleCpuShrinkThreshold) < 30) throw codes.invalidParameter("ServerlessRuleCpuEnlargeThreshold");
  return next;
}

const DEFAULT_CONF: Conf = {
  ScaleMin: "1", ScaleMax: "8", ScaleRoNumMin: "0", ScaleRoNumMax: "0", ScaleApRoNumMin: "0", ScaleApRoNumMax: "0", AllowShutDown: "false",
  SecondsUntilAutoPause: "3600", ServerlessRuleMode: "normal", ServerlessRuleCpuEnlargeThreshold: "70", ServerlessRuleCpuShrinkThreshold: "40",
};

/** CreateDBCluster's serverless and storage parameters: what the new cluster holds. */
export function sizedAtCreation(p: Params, c: { dbType: string; version: string; cls: string; category: string; payType: string }): Pick<Cluster, "serverless" | "storage"> {
  // ServerlessType needs a serverless class (SDK DBNodeClass notes), which makes a serverless cluster by itself.
  const type = oneOf(p, "ServerlessType", ["AgileServerless"]) ?? (isServerlessClass(c.cls) ? "AgileServerless" : undefined);
  if (type !== undefined && !isServerlessClass(c.cls)) throw codes.invalidParameter("DBNodeClass");
  if (type && c.dbType === "PostgreSQL" && c.version !== "14") throw codes.engineVersionNotAvailable();
  const serverless = type ? { type, conf: confFrom(p, true, DEFAULT_CONF) } : undefined;
  if (!type) for (const k of ["ScaleMin", "ScaleMax", "ScaleRoNumMin", "ScaleRoNumMax", "AllowShutDown"]) if (optional(p, k) !== undefined) throw codes.invalidParameter(k);

  const standard = c.category === "SENormal";
  const storageType = oneOf(p, "StorageType", standard ? ESSD : ENTERPRISE, standard ? "ESSDPL1" : "PSL5")!;
  const payType = oneOf(p, "StoragePayType", ["Postpaid", "Prepaid"], "Postpaid")!;
  if (payType === "Prepaid" && c.payType !== "Prepaid") throw codes.invalidParameter("StoragePayType");
  const space = spaceIn(p, storageType, standard);
  if (payType === "Prepaid" && space === undefined) throw codes.missingParameter("StorageSpace");
  const autopl = storageType === "ESSDAUTOPL";
  const gb = space ?? (standard ? (autopl ? 40 : 20) : 0);
  const iops = int(p, "ProvisionedIops", 0, 50000);
  const bursting = bool(p, "BurstingEnabled");
  if (!autopl && iops !== undefined) throw codes.invalidParameter("ProvisionedIops");
  if (!autopl && bursting !== undefined) throw codes.invalidParameter("BurstingEnabled");
  if (iops !== undefined && iops > maxIops(gb)) throw codes.invalidParameter("ProvisionedIops");
  return {
    serverless,
    // Enterprise storage billed by use has no bought space: its StorageSpace is 0.
    storage: { type: storageType, spaceGb: standard || payType === "Prepaid" ? gb : 0, payType, iops: iops ?? 0, bursting: bursting ?? false, compress: "OFF" },
  };
}

/** StorageSpace (GB) with the SDK's bounds: Standard 20–64000 (ESSDAUTOPL 40–64000 in steps of 10), Enterprise 10–50000. */
function spaceIn(p: Params, storageType: string, standard: boolean): number | undefined {
  const gb = int(p, "StorageSpace", standard ? 20 : 10, standard ? 64000 : 50000);
  if (gb !== undefined && storageType === "ESSDAUTOPL" && (gb < 40 || gb % 10 !== 0)) throw codes.invalidParameter("StorageSpace");
  return gb;
}

/** DescribeDBClusterAttribute's serverless and storage fields. */
export function sizedAttribute(c: Cluster): Record<string, unknown> {
  const s = c.storage ?? { type: "PSL5", spaceGb: 0, payType: "Postpaid", iops: 0, bursting: false, compress: "OFF" };
  return {
    ServerlessType: c.serverless?.type ?? "",
    StorageType: ATTRIBUTE_SPELLING[s.type] ?? s.type.toLowerCase(),
    StorageSpace: s.spaceGb * GB, StoragePayType: s.payType,
    ProvisionedIops: String(s.iops), BurstingEnabled: String(s.bursting), CompressStorageMode: s.compress,
  };
}

/**
 * A node's ServerlessType in DescribeDBClusterAttribute (SDK 9.2.1 DBNodes.ServerlessType): on a serverless
 * cluster its nodes are serverless nodes (AgileServerless), on a steady one nodes of defined
 * specifications with serverless on (SteadyServerless); the peer counts a steady cluster's nodes by it.
 */
export const serverlessNodeOf = (c: Cluster): Record<string, string> => (c.serverless ? { ServerlessType: c.serverless.type } : {});

/**
 * An agile cluster runs as many read-only nodes as its range allows: at least the minimum, at most
 * the maximum. Column-store (IMCI) readers have their own range (ScaleApRoNum*) and are not counted.
 */
export function fitReaders(ctx: PolarContext, c: Cluster, status: string): void {
  if (c.serverless?.type !== "AgileServerless") return;
  const lo = Number(c.serverless.conf.ScaleRoNumMin), hi = Number(c.serverless.conf.ScaleRoNumMax);
  const readers = () => c.nodes.filter((n) => n.DBNodeRole === "Reader" && n.ImciSwitch !== "ON");
  while (readers().length < lo) c.nodes.push(ctx.newNode(c, "Reader", status));
  while (readers().length > hi) {
    const gone = readers().at(-1)!.DBNodeId;
    c.nodes = c.nodes.filter((n) => n.DBNodeId !== gone);
    for (const ep of c.endpoints) ep.Nodes = ep.Nodes.split(",").filter((id) => id && id !== gone).join(",");
  }
}

export function serverlessStorageArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, runningCluster, idempotent } = ctx;

  /** Starts a long change: the cluster shows `status` and DescribeTasks the task until it ends. */
  function start(c: Cluster, status: string, action: string, ms: number, kind: string, args: Record<string, unknown>): void {
    c.DBClusterStatus = status;
    const done = after(ms);
    ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: action, BeginTime: clock.now(), FinishTime: done });
    schedule({ at: done, kind, clusterId: c.DBClusterId, args });
  }
  const steadyOn = (c: Cluster) => c.serverless?.type === "SteadyServerless";
  const storageOf = (c: Cluster): StorageState => (c.storage ??= { type: "PSL5", spaceGb: 0, payType: "Postpaid", iops: 0, bursting: false, compress: "OFF" });

  return {
    actions: {
      DescribeDBClusterServerlessConf: (p) => {
        const c = ctx.cluster(p);
        const conf = c.serverless?.conf ?? {};
        return {
          DBClusterId: c.DBClusterId, ...Object.fromEntries(CONF_KEYS.map((k) => [k, conf[k] ?? ""])),
          Switchs: steadyOn(c) ? "1" : "0",
          AgileScaleMax: c.serverless?.type === "AgileServerless" ? conf.ScaleMax : "",
          TraditionalScaleMaxThreshold: steadyOn(c) ? conf.ScaleMax : "",
        };
      },

      ModifyDBClusterServerlessConf: (p) => {
        const c = runningCluster(p);
        if (!c.serverless) throw codes.invalidParameter("DBClusterId"); // not a serverless cluster
        const conf = confFrom(p, c.serverless.type === "AgileServerless", c.serverless.conf);
        start(c, "ConfigSwitching", "ModifyDBClusterServerlessConf", DURATIONS.serverlessConf, "serverlessConfApplied", { conf });
        return { DBClusterId: c.DBClusterId };
      },

      EnableDBClusterServerless: (p) => {
        const c = runningCluster(p);
        // Steady serverless is for clusters of defined specifications, once.
        if (c.serverless) throw codes.invalidParameter("DBClusterId");
        const conf = confFrom(p, false, { ...DEFAULT_CONF, ScaleMin: "0", ScaleMax: "0", AllowShutDown: "false" });
        start(c, "ConfigSwitching", "EnableDBClusterServerless", DURATIONS.steadySwitch, "steadyServerlessSwitched", { on: true, conf });
        return { DBClusterId: c.DBClusterId };
      },

      DisableDBClusterServerless: (p) => {
        const c = runningCluster(p);
        if (!steadyOn(c)) throw codes.invalidParameter("DBClusterId");
        start(c, "ConfigSwitching", "DisableDBClusterServerless", DURATIONS.steadySwitch, "steadyServerlessSwitched", { on: false });
        return { DBClusterId: c.DBClusterId };
      },

      ModifyDBClusterStorageSpace: (p) => idempotent(p, "ModifyDBClusterStorageSpace", () => {
        const c = runningCluster(p);
        const s = storageOf(c);
        const standard = c.Category === "SENormal";
        // Enterprise storage billed by use has no space to buy.
        if (!standard && s.payType !== "Prepaid") throw codes.payTypeDenied();
        required(p, "StorageSpace");
        const gb = spaceIn(p, s.type, standard)!;
        if (gb <= s.spaceGb) throw codes.invalidParameter("StorageSpace"); // it grows only
        oneOf(p, "SubCategory", ["normal_exclusive", "normal_general"]);
        start(c, "StorageExpanding", "ModifyDBClusterStorageSpace", DURATIONS.storageSpace, "storageResized", { gb });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
      }),

      ModifyDBClusterStoragePerformance: (p) => idempotent(p, "ModifyDBClusterStoragePerformance", () => {
        const c = runningCluster(p);
        const s = storageOf(c);
        const standard = c.Category === "SENormal";
        const type = oneOf(p, "StorageType", standard ? ESSD : ENTERPRISE, s.type as never)!;
        const modify = oneOf(p, "ModifyType", ["Upgrade", "Downgrade"]);
        if (type !== s.type) {
          if (!modify) throw codes.missingParameter("ModifyType");
          if ((modify === "Upgrade") !== (RANK[type] > RANK[s.type])) throw codes.invalidParameter("ModifyType");
        }
        const autopl = type === "ESSDAUTOPL";
        const iops = int(p, "ProvisionedIops", 0, 50000);
        const bursting = bool(p, "BurstingEnabled");
        if (!autopl && (iops !== undefined || bursting !== undefined)) throw codes.invalidParameter(iops !== undefined ? "ProvisionedIops" : "BurstingEnabled");
        if (iops !== undefined && iops > maxIops(s.spaceGb)) throw codes.invalidParameter("ProvisionedIops");
        start(c, "ConfigSwitching", "ModifyDBClusterStoragePerformance", DURATIONS.storagePerformance, "storagePerformanceChanged",
          { type, iops: autopl ? iops ?? s.iops : 0, bursting: autopl ? bursting ?? s.bursting : false });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
      }),

      // Only CompressStorage is modelled (storage compression: MySQL on PSL4, turned ON only).
      ModifyDBCluster: (p) => {
        const c = runningCluster(p);
        const on = oneOf(p, "CompressStorage", ["ON"]);
        if (on === undefined) throw codes.missingParameter("CompressStorage");
        if (c.DBType !== "MySQL" || storageOf(c).type !== "PSL4") throw codes.invalidParameter("CompressStorage");
        start(c, "ConfigSwitching", "ModifyDBCluster", DURATIONS.compress, "storageCompressed", {});
        return { DBClusterId: c.DBClusterId };
      },
    },
    transitions: {
      serverlessConfApplied: (c, a) => {
        if (c.serverless) c.serverless.conf = a.conf;
        fitReaders(ctx, c, "Running");
        c.DBClusterStatus = "Running";
      },
      steadyServerlessSwitched: (c, a) => {
        c.serverless = a.on ? { type: "SteadyServerless", conf: a.conf } : undefined;
        c.DBClusterStatus = "Running";
      },
      storageResized: (c, a) => { storageOf(c).spaceGb = a.gb; c.DBClusterStatus = "Running"; },
      storagePerformanceChanged: (c, a) => { Object.assign(storageOf(c), { type: a.type, iops: a.iops, bursting: a.bursting }); c.DBClusterStatus = "Running"; },
      storageCompressed: (c) => { storageOf(c).compress = "ON"; c.DBClusterStatus = "Running"; },
    },
  };
}
