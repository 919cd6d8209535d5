/**
 * SSL encryption of a cluster's connections (ModifyDBClusterSSL / DescribeDBClusterSSL).
 * PostgreSQL and Oracle: one setting for every endpoint — give only `dbClusterId`.
 * MySQL: per endpoint address — give `dbEndpointId` and `netType` too (the cloud requires them).
 *
 * Id: `<dbClusterId>` or `<dbClusterId>:<dbEndpointId>`.
 * Create enables SSL and waits through SSL_MODIFYING until the describe shows it Enabled;
 * destroy disables it again (the cluster's default). `sslEnabled` is always "Enabled": SSL
 * turned off outside Pulumi reads as "Disabled" — drift that `up` repairs in place.
 * `sslAutoRotate` is sent but cannot be read back (the describe does not return it), so it is
 * kept from the program.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId } from "./common";
import { sameSystemEndpoint } from "./system-endpoint";

const ENDPOINT_ID = /^pe-[a-z0-9]+$/;

export const clusterSslInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** MySQL only: the endpoint whose address gets SSL. */
  dbEndpointId: z.string().regex(ENDPOINT_ID, 'an endpoint id such as "pe-bp1…"').optional(),
  /** MySQL only: the address's network type. */
  netType: z.enum(["Public", "Private", "Inner"], 'must be "Public", "Private" or "Inner"').optional(),
  /** The state this resource keeps: SSL on. Only "Enabled" (destroy the resource to turn SSL off); "Enable", Terraform's and the API's spelling, is accepted. */
  sslEnabled: z.literal("Enabled", 'must be "Enabled" (destroy the resource to turn SSL off)').default("Enabled"),
  /** Renew the certificate automatically. */
  sslAutoRotate: z.enum(["Enable", "Disable"], 'must be "Enable" or "Disable"').optional(),
}).superRefine((s, ctx) => {
  if ((s.dbEndpointId === undefined) !== (s.netType === undefined)) {
    ctx.addIssue({ code: "custom", path: [s.dbEndpointId === undefined ? "dbEndpointId" : "netType"], message: "dbEndpointId and netType go together (MySQL clusters need both; PostgreSQL and Oracle need neither)" });
  }
});

export type ClusterSslInputs = z.output<typeof clusterSslInputs>;

const sslItem = z.looseObject({
  DBEndpointId: z.string().nullish(), SSLEnabled: z.string().nullish(), SSLConnectionString: z.string().nullish(), SSLExpireTime: z.string().nullish(),
});
export const sslResponse = z.looseObject({ Items: z.array(sslItem).nullish() });
type Item = z.output<typeof sslItem>;

/** An item of DescribeDBClusterSSL as outputs (ClusterEndpoint and PrimaryEndpoint read it too). */
export function sslOutputs(i: Item): Props {
  return {
    sslEnabled: i.SSLEnabled ?? undefined,
    sslConnectionString: i.SSLConnectionString || undefined,
    sslExpireTime: i.SSLExpireTime || undefined,
  };
}

/**
 * The endpoint's item (MySQL: per endpoint). PostgreSQL/Oracle list every endpoint with one status,
 * or one item without an endpoint: the first stands for all.
 */
export function sslItemOf(r: z.output<typeof sslResponse>, endpointId: string | undefined): Item | undefined {
  if (!endpointId) return r.Items?.[0];
  return r.Items?.find((x) => x.DBEndpointId === endpointId) ?? (r.Items?.length === 1 && !r.Items[0].DBEndpointId ? r.Items[0] : undefined);
}

const target = (p: Props) => ({ DBEndpointId: p.dbEndpointId, NetType: p.netType });

export const clusterSslSpec = defineResource({
  kind: "ClusterSsl",
  inputs: clusterSslInputs,
  outputs: {
    sslEnabled: { doc: "Enabled or Disabled (Disabled only when changed outside Pulumi: refresh shows it)." },
    sslConnectionString: { type: "string", optional: true },
    sslExpireTime: { type: "string", optional: true, doc: "When the certificate expires (UTC)." },
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbEndpointId: "DBEndpointId" }, { dbClusterId: CLUSTER_ID, dbEndpointId: ENDPOINT_ID }, { optionalLast: true }),
  replaceOn: ["dbClusterId", "dbEndpointId", "netType"],
  sameWhenUnknown: { dbEndpointId: sameSystemEndpoint }, // cluster.primaryEndpointId while the cluster is updated
  // No describe returns them: what the program set is what there is.
  unread: ["netType", "sslAutoRotate"],
  valueAliases: { sslEnabled: { Enable: "Enabled" } }, // Terraform's ssl_enabled = "Enable"
  cluster: (key) => key.dbClusterId,
  settleCluster: true,
  create: {
    action: "ModifyDBClusterSSL",
    params: (i: ClusterSslInputs) => ({ SSLEnabled: "Enable", NetType: i.netType, SSLAutoRotate: i.sslAutoRotate }),
  },
  read: {
    action: "DescribeDBClusterSSL",
    params: (key) => ({ DBClusterId: key.dbClusterId }),
    response: sslResponse,
    pick: (r: z.output<typeof sslResponse>, key) => sslItemOf(r, key.dbEndpointId),
    outputs: (i: Item) => sslOutputs(i),
  },
  status: (o) => (o.sslEnabled ? `SSL ${String(o.sslEnabled)}` : undefined),
  // Not "Enabled": SSL turned off outside Pulumi must stay updatable. The wait is the cluster's
  // return to Running (settleCluster), after which the value is checked.
  ready: () => true,
  update: [
    { fields: ["sslEnabled"], action: "ModifyDBClusterSSL", params: (n) => ({ ...target(n), SSLEnabled: "Enable" }) },
    { fields: ["sslAutoRotate"], action: "ModifyDBClusterSSL", params: (n) => ({ ...target(n), SSLAutoRotate: n.sslAutoRotate }) },
  ],
  delete: { action: "ModifyDBClusterSSL", params: (_key, olds) => ({ ...target(olds), SSLEnabled: "Disable" }), restoresDefault: true },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
