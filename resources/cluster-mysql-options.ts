/**
 * The rest of @pulumi/alicloud's polardb.Cluster arguments, as Cluster inputs: MySQL's binlog and
 * X-Engine switches (cluster parameters underneath, changed in place like defaultTimeZone), the node
 * count at creation (dbNodeNum) and as a managed count (dbNodeCount), PostgreSQL's DynamoDB
 * compatibility (enableDynamodb), and modifyType (accepted, never sent). Data and pure functions;
 * cluster.ts wires them into the spec.
 *
 * Nodes: dbNodeNum is sent at creation only (CreateDBCluster DBNodeNum). dbNodeCount, when set, makes
 * the Cluster own the number of nodes: a change adds readers (CreateDBNodes) or removes the newest
 * readers (DeleteDBNodes), and refresh reads the count back, so a node added or removed in the console
 * is drift. Unset, it is only an output (the live count). A program whose readers are polardb.Node
 * resources leaves dbNodeCount unset: both would count the same readers and undo each other's work.
 */
import { z } from "zod";
import { NODE_CLASSES } from "../reference/catalogue";
import type { ApiCall, Props, UpdateGroup } from "../provider/spec";
import { ParameterInputs, parameterInputsNote } from "./cluster-parameter-inputs";
import { canonicalTimeZone, parameterTimeZone } from "./time-zone";

const ON_OFF = z.enum(["ON", "OFF"], 'must be "ON" or "OFF"');
const nodeCount = z.number().int("a whole number of nodes").min(1, "1–16 nodes").max(16, "1–16 nodes");

export const mysqlOptionInputs = {
  /** MySQL: the binary log (binlog), `"ON"` or `"OFF"` (default). Set at creation (LoosePolarLogBin); a change sets the parameter `loose_polar_log_bin` in place (the cluster restarts). */
  loosePolarLogBin: ON_OFF.optional(),
  /** MySQL 8.0: the X-Engine storage engine, `"ON"` or `"OFF"`; needs a node class with 8 GB of memory or more. Set at creation (LooseXEngine); a change sets the parameter `loose_xengine` in place (the cluster restarts). */
  looseXengine: ON_OFF.optional(),
  /** MySQL 8.0 with looseXengine `"ON"`: percent of memory X-Engine uses, 10–90. A change sets `loose_xengine_use_memory_pct` in place (the cluster restarts). */
  looseXengineUseMemoryPct: z.number().int("a whole percent").min(10, "10–90 (percent)").max(90, "10–90 (percent)").optional(),
  /** MySQL: how many nodes (writer included, 1–16) the cluster is created with (CreateDBCluster DBNodeNum; default 2). Used at creation only: a later change calls nothing. */
  dbNodeNum: nodeCount.optional(),
  /**
   * The number of nodes, writer included (1–16), managed in place: more adds readers of the cluster's class (CreateDBNodes),
   * fewer removes the newest readers (DeleteDBNodes; preview names them). Refresh reads it back. Unset: an output only.
   * Do not set it when the cluster's readers are polardb.Node resources (both would manage the same readers).
   */
  dbNodeCount: nodeCount.optional(),
  /** PostgreSQL 14: DynamoDB compatibility, switched in place (EnableDBClusterDynamoDB / DisableDBClusterDynamoDB). Read back from DescribeDBClusterAttribute. */
  enableDynamodb: z.boolean().optional(),
  /** @pulumi/alicloud's direction of a class change, accepted for compatibility and never sent: the direction is inferred from the classes. */
  modifyType: z.enum(["Upgrade", "Downgrade"], 'must be "Upgrade" or "Downgrade"').optional(),
};

type Options = { [K in keyof typeof mysqlOptionInputs]?: z.output<(typeof mysqlOptionInputs)[K]> };
type Cluster = Options & { dbType: string; dbVersion: string; dbNodeClass?: string; creationOption?: string; creationCategory?: string };
type Issue = { path: string; message: string };

/** Inputs sent at creation only, or never: kept from the program. */
export const MYSQL_OPTION_LOCAL = ["dbNodeNum", "modifyType"] as const;

/** Inputs that are cluster parameters underneath, in the parameters' spelling (Terraform's RefreshParameters reads them so). */
export const CLUSTER_PARAMETER_INPUTS: ParameterInputs = {
  defaultTimeZone: { parameter: "default_time_zone", send: (v) => parameterTimeZone(String(v)), read: canonicalTimeZone },
  // MySQL 5.6 writes its binlog with GTIDs: ON_WITH_GTID there.
  loosePolarLogBin: {
    parameter: "loose_polar_log_bin",
    send: (v, c) => (v === "ON" && c.dbVersion === "5.6" ? "ON_WITH_GTID" : String(v)),
    read: (v) => (v === "ON_WITH_GTID" ? "ON" : v === "ON" || v === "OFF" ? v : undefined),
  },
  looseXengine: { parameter: "loose_xengine", send: (v) => (v === "ON" ? "1" : "0"), read: (v) => (v === "1" || v === "ON" ? "ON" : "OFF") },
  looseXengineUseMemoryPct: { parameter: "loose_xengine_use_memory_pct", send: (v) => String(v), read: (v) => (/^\d+$/.test(v) ? Number(v) : undefined) },
};

/** The reference's rules (SDK CreateDBClusterRequest, the X-Engine and DynamoDB prerequisites): each names the field. */
export function mysqlOptionProblems(c: Cluster): Issue[] {
  const out: Issue[] = [];
  const mysql = c.dbType === "MySQL";
  if (!mysql) {
    for (const f of ["loosePolarLogBin", "looseXengine", "looseXengineUseMemoryPct", "dbNodeNum"] as const) {
      if (c[f] !== undefined) out.push({ path: f, message: `is a MySQL option; a ${c.dbType} cluster does not take it` });
    }
  }
  if (mysql && c.looseXengine !== undefined && c.dbVersion !== "8.0") out.push({ path: "looseXengine", message: `X-Engine needs dbVersion "8.0"; MySQL ${c.dbVersion} has none` });
  if (mysql && c.looseXengine !== undefined && c.creationOption === "CreateGdnStandby") out.push({ path: "looseXengine", message: "has no effect on a GDN secondary (creationOption CreateGdnStandby): leave it unset" });
  const memory = NODE_CLASSES.find((x) => x.code === c.dbNodeClass)?.memoryGb;
  if (mysql && c.looseXengine === "ON" && memory !== undefined && memory < 8) out.push({ path: "looseXengine", message: `X-Engine needs a node class with 8 GB of memory or more; ${c.dbNodeClass} has ${memory} GB` });
  if (mysql && c.looseXengineUseMemoryPct !== undefined && c.looseXengine !== "ON") out.push({ path: "looseXengineUseMemoryPct", message: 'applies with looseXengine "ON" only' });
  if (c.creationCategory === "Basic") {
    for (const f of ["dbNodeNum", "dbNodeCount"] as const) if ((c[f] ?? 1) > 1) out.push({ path: f, message: 'creationCategory "Basic" (Single Node) has one node' });
  }
  if (c.enableDynamodb !== undefined && c.dbType !== "PostgreSQL") out.push({ path: "enableDynamodb", message: `DynamoDB compatibility is a PostgreSQL feature; a ${c.dbType} cluster does not take it` });
  if (c.enableDynamodb === true && c.dbType === "PostgreSQL" && c.dbVersion !== "14") out.push({ path: "enableDynamodb", message: `DynamoDB compatibility needs PostgreSQL 14, not ${c.dbVersion}` });
  if (c.enableDynamodb === true && c.dbNodeClass?.includes(".sl.")) out.push({ path: "enableDynamodb", message: "DynamoDB compatibility is not offered on serverless clusters" });
  return out;
}

/** CreateDBCluster's parameters for the options (DBNodeNum: dbNodeNum, else dbNodeCount; MySQL only — other engines reach dbNodeCount after creation). */
export function mysqlOptionParams(i: Cluster): Record<string, unknown> {
  const mysql = i.dbType === "MySQL";
  const nodes = mysql ? i.dbNodeNum ?? i.dbNodeCount : undefined;
  return {
    LoosePolarLogBin: i.loosePolarLogBin, LooseXEngine: i.looseXengine,
    LooseXEngineUseMemoryPct: i.looseXengine === "ON" && i.looseXengineUseMemoryPct !== undefined ? String(i.looseXengineUseMemoryPct) : undefined,
    DBNodeNum: nodes === undefined ? undefined : String(nodes),
  };
}

type AttributeNode = Record<string, unknown>;

/**
 * From DescribeDBClusterAttribute: the node count (a SteadyServerless cluster counts its steady nodes
 * only, as Terraform does) and DynamoDB (PostgreSQL clusters answer "ON"/"OFF").
 */
export function mysqlOptionOutputs(a: { DBNodes: AttributeNode[]; ServerlessType?: unknown; DynamoDB?: unknown }): Props {
  const steady = a.ServerlessType === "SteadyServerless";
  const nodes = steady ? a.DBNodes.filter((n) => n.ServerlessType === "SteadyServerless") : a.DBNodes;
  return {
    dbNodeCount: nodes.length,
    ...(a.DynamoDB === "ON" || a.DynamoDB === "OFF" ? { enableDynamodb: a.DynamoDB === "ON" } : {}),
  };
}

type LiveNode = { dbNodeId?: string; role?: string };

/** The readers a lower dbNodeCount removes: the newest (last listed), never the writer. */
export function readersToRemove(live: Props, count: number): string[] {
  const readers = ((live.dbNodes as LiveNode[] | undefined) ?? []).filter((n) => n.role === "Reader" && n.dbNodeId).map((n) => n.dbNodeId!);
  return count > 0 ? readers.slice(-count) : [];
}

const liveCount = (live: Props) => (typeof live.dbNodeCount === "number" ? live.dbNodeCount : ((live.dbNodes as unknown[] | undefined) ?? []).length);

/** CreateDBNodes / DeleteDBNodes towards dbNodeCount. MySQL takes several nodes per call; PostgreSQL and Oracle one. */
function nodeCountCalls(n: Props, live: Props, clusterId: string): ApiCall[] {
  const want = Number(n.dbNodeCount);
  // A column-store reader that imciSwitch "ON" adds in the same update is one of the nodes counted (as the peer counts it).
  const have = liveCount(live) + (n.imciSwitch === "ON" && live.imciSwitch !== "ON" ? 1 : 0);
  const several = n.dbType === "MySQL";
  if (want > have) {
    // The class the nodes have now (the cloud requires it), which a class change earlier in this update has set.
    const row = { TargetClass: String(live.dbNodeClass ?? n.dbNodeClass) };
    const rows = Array.from({ length: want - have }, () => row);
    const batches = several ? [rows] : rows.map((r) => [r]);
    return batches.map((DBNode) => ({ action: "CreateDBNodes", params: { DBClusterId: clusterId, DBNode } }));
  }
  const ids = readersToRemove(live, have - want);
  const batches = several ? [ids] : ids.map((id) => [id]);
  return batches.filter((b) => b.length).map((DBNodeId) => ({ action: "DeleteDBNodes", params: { DBClusterId: clusterId, DBNodeId } }));
}

/** After the class change in cluster.ts (new readers take the class the cluster has then). */
export const mysqlOptionUpdates: UpdateGroup<any>[] = [
  {
    fields: ["dbNodeCount"], apis: ["CreateDBNodes", "DeleteDBNodes"], clientToken: true,
    calls: (n, o, key) => nodeCountCalls(n, o, key.dbClusterId),
  },
  {
    fields: ["enableDynamodb"], apis: ["EnableDBClusterDynamoDB", "DisableDBClusterDynamoDB"],
    calls: (n, _o, key) => [{ action: n.enableDynamodb ? "EnableDBClusterDynamoDB" : "DisableDBClusterDynamoDB", params: { DBClusterId: key.dbClusterId } }],
  },
];

/** Preview's notes: parameters that restart the cluster, and the readers a node count change adds or removes. */
export function mysqlOptionNote(olds: Props, news: Props, changed: readonly string[]): string {
  const notes = [parameterInputsNote(CLUSTER_PARAMETER_INPUTS, changed)];
  if (changed.includes("dbNodeCount") && typeof news.dbNodeCount === "number") {
    const have = liveCount(olds);
    const want = news.dbNodeCount;
    if (want > have) notes.push(`dbNodeCount ${have} → ${want} adds ${want - have} reader node(s) (CreateDBNodes)`);
    if (want < have) {
      notes.push(`dbNodeCount ${have} → ${want} removes reader node(s) ${readersToRemove(olds, have - want).join(", ")} (DeleteDBNodes); `
        + "if polardb.Node resources manage this cluster's readers, leave dbNodeCount unset instead");
    }
  }
  return notes.filter(Boolean).join("; ");
}

/** How each input changes, for the generated docs. */
export const mysqlOptionDocs = {
  defaultTimeZone: "in place (`ModifyDBClusterParameters` `default_time_zone`; the cluster restarts)",
  loosePolarLogBin: "in place (`ModifyDBClusterParameters` `loose_polar_log_bin`; the cluster restarts)",
  looseXengine: "in place (`ModifyDBClusterParameters` `loose_xengine`, 1/0; the cluster restarts)",
  looseXengineUseMemoryPct: "in place (`ModifyDBClusterParameters` `loose_xengine_use_memory_pct`; the cluster restarts)",
  dbNodeNum: "no API call of its own: sent at creation only (`CreateDBCluster` `DBNodeNum`)",
  modifyType: "no API call: accepted for @pulumi/alicloud programs; `ModifyDBNodeClass`'s direction comes from the classes",
} as const;
