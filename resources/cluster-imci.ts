/**
 * The column store (In-Memory Column Index, IMCI): read-only nodes that keep a column copy of the
 * data for analytic queries. CreateDBNodes takes `ImciSwitch: ON` for such a node; the SDK (9.2.1)
 * says PolarDB for PostgreSQL and PostgreSQL (Compatible with Oracle) do not support it, and
 * @pulumi/alicloud's docs limit it to PolarDB for MySQL 8.0 Cluster Edition (not the single-node
 * nor the archive editions). DescribeDBClusterAttribute reports each node's ImciSwitch.
 *
 * On the Cluster, `imciSwitch: "ON"` means "the cluster has a column-store reader": one is added in
 * place when it has none (CreateDBNodes ImciSwitch ON, the cluster's class), and `"OFF"` removes the
 * column-store readers (DeleteDBNodes). On a Node, `imciSwitch` makes that node a column-store
 * reader; a node cannot switch, so a change replaces the node. Data and pure functions; cluster.ts
 * and node.ts wire them in.
 */
import { z } from "zod";
import type { ApiCall, Key, Props, UpdateGroup } from "../provider/spec";

const SWITCH = z.enum(["ON", "OFF"], 'must be "ON" or "OFF"');

export const clusterImciInputs = {
  /**
   * PolarDB for MySQL 8.0: `"ON"` gives the cluster a column-store (IMCI) read-only node — one is added in place
   * (CreateDBNodes with ImciSwitch ON) when it has none; `"OFF"` removes its column-store nodes (DeleteDBNodes).
   * Read back from the nodes' ImciSwitch. Use either this or Node resources with imciSwitch, not both.
   */
  imciSwitch: SWITCH.optional(),
};

export const nodeImciInputs = {
  /** `"ON"`: the node is a column-store (IMCI) read-only node (PolarDB for MySQL 8.0 only). A node cannot switch: a change replaces it. */
  imciSwitch: SWITCH.optional(),
};

/** The engines and editions that take column-store nodes (the SDK's and @pulumi/alicloud's notes). */
export function imciProblems(c: { imciSwitch?: string; dbType: string; dbVersion: string; creationCategory?: string }): Array<{ path: string; message: string }> {
  if (c.imciSwitch !== "ON") return [];
  if (c.dbType !== "MySQL" || c.dbVersion !== "8.0") {
    return [{ path: "imciSwitch", message: `column-store (IMCI) nodes are a PolarDB for MySQL 8.0 feature; a ${c.dbType} ${c.dbVersion} cluster does not take them (CreateDBNodes' ImciSwitch: PostgreSQL and Oracle are not supported)` }];
  }
  if (c.creationCategory === "Basic" || c.creationCategory === "ArchiveNormal") {
    return [{ path: "imciSwitch", message: `the ${c.creationCategory === "Basic" ? "single-node (Basic)" : "archive (ArchiveNormal)"} edition does not take column-store nodes; use creationCategory "Normal"` }];
  }
  return [];
}

type NodeRow = { DBNodeId: string; DBNodeRole?: string | null; ImciSwitch?: unknown; HotReplicaMode?: unknown };

const flag = (v: unknown) => (v === "ON" || v === "OFF" ? v : undefined);

/** A node's column-store outputs (DescribeDBClusterAttribute's DBNodes row). */
export function nodeImciOutputs(n: NodeRow): Props {
  return { imciSwitch: flag(n.ImciSwitch) ?? "OFF", hotReplicaMode: flag(n.HotReplicaMode) };
}

/** The cluster's: ON while any node is a column-store node. */
export function clusterImciOutputs(nodes: readonly NodeRow[]): Props {
  return { imciSwitch: nodes.some((n) => n.ImciSwitch === "ON") ? "ON" : "OFF" };
}

/** CreateDBNodes' parameter for a Node. */
export const nodeImciParams = (i: { imciSwitch?: string }) => (i.imciSwitch === "ON" ? { ImciSwitch: "ON" } : {});

/** Cluster: add one column-store reader, or remove them all; `olds` carries the live nodes. */
export const imciUpdateGroup: UpdateGroup<any> = {
  fields: ["imciSwitch"],
  apis: ["CreateDBNodes", "DeleteDBNodes"],
  clientToken: true,
  calls: (n, o, key: Key): ApiCall[] => {
    if (n.imciSwitch === "ON") {
      return [{ action: "CreateDBNodes", params: { DBClusterId: key.dbClusterId, ImciSwitch: "ON", DBNode: [{ TargetClass: n.dbNodeClass }] } }];
    }
    const ids = (Array.isArray(o.dbNodes) ? o.dbNodes as Array<{ dbNodeId: string; imciSwitch?: string }> : []).filter((x) => x.imciSwitch === "ON").map((x) => x.dbNodeId);
    return ids.length ? [{ action: "DeleteDBNodes", params: { DBClusterId: key.dbClusterId, DBNodeId: ids } }] : [];
  },
};
