/**
 * CreateDBCluster's MySQL engine switches and node count (SDK 9.2.1 CreateDBClusterRequest):
 *   - LoosePolarLogBin ON/OFF: the binlog, the parameter loose_polar_log_bin (5.6 writes it as
 *     ON_WITH_GTID, as Terraform's parameter wait knows);
 *   - LooseXEngine ON/OFF and LooseXEngineUseMemoryPct 10–90: X-Engine, the parameters loose_xengine
 *     (1/0) and loose_xengine_use_memory_pct. "Takes effect only when" DBType is MySQL, DBVersion 8.0
 *     and CreationOption is not CreateGdnStandby: elsewhere accepted and ignored (as creation.ts treats
 *     such rules); a node with X-Engine "must" have 8 GB of memory or more: a smaller class is refused;
 *   - DBNodeNum: 1–16 nodes at creation (a writer and readers), MySQL only (ignored elsewhere); the
 *     single-node edition (Basic) has one node.
 * Values out of their range are refused whatever the engine.
 */
import { NODE_CLASSES } from "../../reference/catalogue";
import { codes } from "../codes";
import { int, oneOf, Params } from "../params";

export interface MysqlCreateOptions {
  /** Parameters the options set (DescribeDBClusterParameters shows them). */
  parameters: Record<string, string>;
  /** Nodes the cluster starts with, the writer included. */
  nodeCount: number;
}

export function mysqlCreateOptions(p: Params, a: { dbType: string; version: string; nodeClass: string; creation: string; category: string }): MysqlCreateOptions {
  const logBin = oneOf(p, "LoosePolarLogBin", ["ON", "OFF"]);
  const xengine = oneOf(p, "LooseXEngine", ["ON", "OFF"]);
  const pct = int(p, "LooseXEngineUseMemoryPct", 10, 90);
  const nodes = int(p, "DBNodeNum", 1, 16);
  const mysql = a.dbType === "MySQL";
  const parameters: Record<string, string> = {};
  if (mysql && logBin !== undefined) parameters.loose_polar_log_bin = logBin === "ON" && a.version === "5.6" ? "ON_WITH_GTID" : logBin;
  if (mysql && a.version === "8.0" && a.creation !== "CreateGdnStandby" && xengine !== undefined) {
    const memory = NODE_CLASSES.find((c) => c.code === a.nodeClass)?.memoryGb;
    if (xengine === "ON" && memory !== undefined && memory < 8) throw codes.invalidParameter("LooseXEngine");
    parameters.loose_xengine = xengine === "ON" ? "1" : "0";
    if (xengine === "ON" && pct !== undefined) parameters.loose_xengine_use_memory_pct = String(pct);
  }
  const nodeCount = a.category === "Basic" ? 1 : mysql && nodes !== undefined ? nodes : 2;
  return { parameters, nodeCount };
}
