/**
 * A MySQL node's hot replica (failover with hot replica), named as @pulumi/alicloud's
 * polardb.Cluster `hotReplicaMode` — on our Node resource, since it belongs to one node.
 * In place: ModifyDBNodeHotReplicaMode (the cluster passes through a role switch and is Running
 * again); read back from DescribeDBClusterAttribute's DBNodes[].HotReplicaMode.
 */
import { z } from "zod";
import type { Key, Props } from "../provider/spec";

export const hotReplicaInputs = {
  /** MySQL: failover with a hot replica for this node, `"ON"` or `"OFF"`. Changes in place (ModifyDBNodeHotReplicaMode). */
  hotReplicaMode: z.enum(["ON", "OFF"], 'must be "ON" or "OFF"').optional(),
};

export function hotReplicaOutputs(n: { HotReplicaMode?: unknown }): Props {
  return { hotReplicaMode: typeof n.HotReplicaMode === "string" && n.HotReplicaMode !== "" ? n.HotReplicaMode : undefined };
}

export const hotReplicaUpdate = {
  fields: ["hotReplicaMode"],
  action: "ModifyDBNodeHotReplicaMode",
  params: (n: Props, _o: Props, key: Key) => ({ DBClusterId: key.dbClusterId, DBNodeId: key.dbNodeId, HotReplicaMode: n.hotReplicaMode }),
} as const;
