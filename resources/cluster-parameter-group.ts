/**
 * Cluster.parameterGroupId after creation: the cluster applies another parameter template in place
 * (ModifyDBClusterParameters with ParameterGroupId, API reference §9.2 — "pass either Parameters or
 * ParameterGroupId"), so a template that is replaced (every change to a ParameterGroup replaces it)
 * re-applies its values to the clusters that name it instead of replacing them. A template with a
 * ForceRestart parameter restarts the cluster (Rebooting); the update waits until it is Running.
 * No describe names the template a cluster uses: the call's success stands for the change.
 */
import type { UpdateGroup } from "../provider/spec";

export const parameterGroupUpdate: UpdateGroup<{ parameterGroupId?: string }> = {
  fields: ["parameterGroupId"],
  action: "ModifyDBClusterParameters",
  params: (n) => ({ ParameterGroupId: n.parameterGroupId }),
};
