/**
 * A read-only node of a PolarDB cluster, as a resource of its own (neither Terraform nor
 * @pulumi/alicloud has one: they only offer a node count on the cluster, so removing "one node"
 * removes whichever reader the provider finds last).
 *
 * Id: `<dbClusterId>:<dbNodeId>` (`pc-…:pi-…`). Manage an existing reader with `adopt`; read one with
 * `Node.get(name, "pc-…:pi-…")`. Deleting the resource deletes exactly that node
 * (`DeleteDBNodes DBNodeId.1=<its id>`) and waits until it is gone and the cluster is Running.
 * Replacement: dbClusterId, zoneId, regionId, imciSwitch (a column-store node cannot switch; cluster-imci.ts).
 * In place: dbNodeClass — through ModifyDBNodeClass, which changes EVERY node of the cluster (the
 * cloud requires one class per cluster: CreateDBNodes says the class "must match the existing
 * nodes", so replacing one node with another class is not possible). Change the Cluster's
 * dbNodeClass and its Nodes' together; the call is skipped when the cluster already has the class.
 * hotReplicaMode (MySQL): in place, ModifyDBNodeHotReplicaMode (node-hot-replica.ts).
 */
import { z } from "zod";
import { adoptInputs, commonInputs, compositeId, defineResource, listOf, Props } from "../provider/spec";
import { zoneProblem } from "../reference/catalogue";
import { nodeProblems } from "../reference/offer";
import { classRank } from "./cluster";
import { CLUSTER_ID, dbClusterId } from "./common";
import { hotReplicaInputs, hotReplicaOutputs, hotReplicaUpdate } from "./node-hot-replica";
import { nodeImciInputs, nodeImciOutputs, nodeImciParams } from "./cluster-imci";

export const nodeInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  dbClusterId,
  /** The class of the node; it must be the cluster's class (a change goes through ModifyDBNodeClass, which changes every node of the cluster). */
  dbNodeClass: z.string().regex(/^polar\.[a-z0-9]+\.[a-z0-9.]+$/, 'a node class such as "polar.pg.x4.medium" (the cluster\'s class)'),
  /** Default: the cloud's choice (the cluster's zone). */
  zoneId: z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, 'a zone id such as "cn-hangzhou-h"').optional(),
  ...hotReplicaInputs,
  ...nodeImciInputs,
});

export type NodeInputs = z.output<typeof nodeInputs>;

const attribute = z.looseObject({
  DBClusterId: z.string(),
  DBClusterStatus: z.string().nullish(),
  DBNodes: listOf(z.looseObject({
    DBNodeId: z.string(), DBNodeClass: z.string().nullish(), DBNodeRole: z.string().nullish(),
    DBNodeStatus: z.string().nullish(), ZoneId: z.string().nullish(), CreationTime: z.string().nullish(), HotReplicaMode: z.string().nullish(),
  }), "DBNode"),
});
type Attribute = z.output<typeof attribute>;
type NodeRow = Attribute["DBNodes"][number] & { clusterStatus?: string };

export const nodeSpec = defineResource({
  kind: "Node",
  inputs: nodeInputs,
  outputs: {
    dbNodeId: { type: "string", idPart: 1, doc: "The node id, `pi-…` (the resource id is `<dbClusterId>:<dbNodeId>`)." },
    role: { type: "string", doc: "Writer or Reader, as the cloud reports it (a failover can make a reader the writer)." },
    status: { type: "string" },
    clusterStatus: { type: "string", optional: true },
    creationTime: { type: "string", optional: true },
    imciSwitch: { doc: '"ON": a column-store (IMCI) read-only node.' },
    hotReplicaMode: { doc: "MySQL: failover with a hot replica, as DescribeDBClusterAttribute reports it." },
  },
  publicClass: {
    getDoc: 'Reads an existing node without managing it: `Node.get("reader2", "pc-…:pi-…")`. To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbNodeId: "DBNodeId" }, { dbClusterId: CLUSTER_ID, dbNodeId: /^pi-[a-z0-9]+$/ }),
  replaceOn: ["dbClusterId", "zoneId", "imciSwitch"],
  cluster: (key) => key.dbClusterId,
  settleCluster: true,
  tasks: true,
  create: {
    action: "CreateDBNodes",
    clientToken: true,
    // One node per call: PostgreSQL and Oracle clusters take only one, and the id must be this node's.
    params: (i: NodeInputs) => ({ DBNode: [{ TargetClass: i.dbNodeClass, ZoneId: i.zoneId }], ...nodeImciParams(i) }),
    response: z.looseObject({ DBNodeIds: listOf(z.string().regex(/^pi-[a-z0-9]+$/), "DBNodeId").refine((ids) => ids.length === 1, "exactly one new node id") }),
    assigns: (r: { DBNodeIds: string[] }) => ({ dbNodeId: r.DBNodeIds[0] }),
  },
  read: {
    action: "DescribeDBClusterAttribute",
    params: (key) => ({ DBClusterId: key.dbClusterId }),
    response: attribute,
    // Exactly this node; the cluster's status travels with it (ready needs both).
    pick: (a: Attribute, key): NodeRow | undefined => {
      const n = a.DBNodes.find((x) => x.DBNodeId === key.dbNodeId);
      return n && { ...n, clusterStatus: a.DBClusterStatus ?? undefined };
    },
    outputs: (n: NodeRow): Props => ({
      dbNodeId: n.DBNodeId,
      dbNodeClass: n.DBNodeClass ?? undefined,
      zoneId: n.ZoneId ?? undefined,
      role: n.DBNodeRole ?? undefined,
      status: n.DBNodeStatus ?? undefined,
      clusterStatus: n.clusterStatus,
      creationTime: n.CreationTime ?? undefined,
      ...hotReplicaOutputs(n),
      ...nodeImciOutputs(n),
    }),
  },
  status: (o) => (o.status === "Running" && o.clusterStatus !== "Running" ? `Running (cluster ${o.clusterStatus})` : o.status as string | undefined),
  ready: (o) => o.status === "Running" && o.clusterStatus === "Running",
  update: [
    {
      fields: ["dbNodeClass"],
      // `olds` carries the live state: when the cluster already has the class (its Cluster
      // resource changed it first), there is nothing to call.
      calls: (n, o, key) => (o.dbNodeClass === n.dbNodeClass ? [] : [{
        action: "ModifyDBNodeClass",
        params: {
          DBClusterId: key.dbClusterId,
          DBNodeTargetClass: n.dbNodeClass,
          ModifyType: typeof o.dbNodeClass === "string" && classRank(n.dbNodeClass) < classRank(o.dbNodeClass) ? "Downgrade" : "Upgrade",
        },
      }]),
      clientToken: true,
    },
    hotReplicaUpdate,
  ],
  delete: { action: "DeleteDBNodes", params: (key) => ({ DBNodeId: [key.dbNodeId] }) },
  timeouts: { create: "60m", update: "60m", delete: "30m" },
  regional: (i, regionId) => {
    const zone = i.zoneId === undefined ? undefined : zoneProblem(i.zoneId, regionId);
    return zone ? [{ field: "zoneId", problem: zone }] : [];
  },
  // The engine is the cluster's, unknown here: a class some engine sells in the zone passes.
  offerCheck: { fields: ["dbNodeClass", "zoneId"], problems: nodeProblems },
});
