/**
 * The SQL collector (audit log / SQL Insight) of a cluster (ModifyDBClusterAuditLogCollector /
 * DescribeDBClusterAuditLogCollector). Declaring the resource turns collection on (or keeps it
 * off with `collectorStatus: "Disabled"`); destroy turns it off, the cluster's default.
 *
 * Id: `<dbClusterId>`. The API spells the values `Enable` and `Disabled` (sic); both are used
 * as the API does.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource } from "../provider/spec";
import { CLUSTER_ID, dbClusterId } from "./common";

export const sqlCollectorInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** Whether the cluster's SQL collector (SQL Explorer / audit) is on: `"Enable"` or `"Disabled"` (the API's own spellings). */
  collectorStatus: z.enum(["Enable", "Disabled"], 'must be "Enable" or "Disabled" (the API\'s spellings)').default("Enable"),
});

export type SqlCollectorInputs = z.output<typeof sqlCollectorInputs>;

const collector = z.looseObject({ CollectorStatus: z.string().nullish() });

export const sqlCollectorSpec = defineResource({
  kind: "SqlCollector",
  inputs: sqlCollectorInputs,
  outputs: {},
  id: compositeId({ dbClusterId: "DBClusterId" }, { dbClusterId: CLUSTER_ID }),
  replaceOn: ["dbClusterId"],
  cluster: (key) => key.dbClusterId,
  create: { action: "ModifyDBClusterAuditLogCollector", params: (i: SqlCollectorInputs) => ({ CollectorStatus: i.collectorStatus }) },
  read: {
    action: "DescribeDBClusterAuditLogCollector",
    response: collector,
    // "Disable" would be the obvious spelling: read it as the API's "Disabled".
    outputs: (r: z.output<typeof collector>) => ({ collectorStatus: r.CollectorStatus === "Enable" ? "Enable" : r.CollectorStatus ? "Disabled" : undefined }),
  },
  status: (o) => o.collectorStatus as string | undefined,
  ready: () => true,
  update: [{ fields: ["collectorStatus"], action: "ModifyDBClusterAuditLogCollector", params: (n) => ({ CollectorStatus: n.collectorStatus }) }],
  delete: { action: "ModifyDBClusterAuditLogCollector", params: () => ({ CollectorStatus: "Disabled" }), restoresDefault: true },
  timeouts: { create: "10m", update: "10m", delete: "10m" },
});
