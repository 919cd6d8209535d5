/**
 * The public address of a cluster endpoint (CreateDBEndpointAddress, ModifyDBEndpointAddress,
 * DeleteDBEndpointAddress; read from DescribeDBClusterEndpoints). Works for the Primary and
 * Cluster endpoints and for custom ones: pass an `Endpoint`'s `dbEndpointId`, or a cluster's
 * `primaryEndpointId` / `clusterEndpointId`.
 *
 * Id: `<dbClusterId>:<dbEndpointId>:Public`.
 * In place: connectionStringPrefix (the address becomes `<prefix>.<region>.<domain>`) and port
 * (PolarDB MySQL only, 3000–5999; the cloud refuses it for PostgreSQL). Replacement: the cluster
 * or endpoint. Every change passes through the cluster statuses NetAddressCreating /
 * NetAddressModifying / NetAddressDeleting; the provider waits until it is Running again.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, listOf, looseString, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId } from "./common";
import { sameSystemEndpoint } from "./system-endpoint";

const ENDPOINT_ID = /^pe-[a-z0-9]+$/;
/** 6–30 characters: lower-case letters, digits and -, a letter first, a letter or digit last. */
export const PREFIX = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const PREFIX_RULE = "6–30 characters: lower-case letters, digits and -, starting with a letter and ending with a letter or digit";

export const endpointAddressInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** The endpoint that gets the public address: `endpoint.dbEndpointId`, or the cluster's `clusterEndpointId` / `primaryEndpointId`. */
  dbEndpointId: z.string().regex(ENDPOINT_ID, 'an endpoint id such as "pe-bp1…" (endpoint.dbEndpointId or cluster.primaryEndpointId)'),
  /** Only public addresses can be created (the private one comes with the endpoint). */
  netType: z.literal("Public", 'must be "Public" (only public addresses can be created)').default("Public"),
  /** Default (cloud): derived from the cluster id. */
  connectionStringPrefix: z.string().regex(PREFIX, PREFIX_RULE).optional(),
  /** PolarDB MySQL only. */
  port: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number)
    .refine((p) => Number.isInteger(p) && p >= 3000 && p <= 5999, "must be a port in 3000–5999 (PolarDB MySQL only)").optional(),
});

export type EndpointAddressInputs = z.output<typeof endpointAddressInputs>;

const address = z.looseObject({
  ConnectionString: z.string().nullish(), Port: looseString.nullish(), NetType: z.string().nullish(), IPAddress: z.string().nullish(),
});
const endpointRow = z.looseObject({ DBEndpointId: z.string(), AddressItems: listOf(address, "Address") });
const endpoints = z.looseObject({ Items: listOf(endpointRow, "DBEndpoint") });
type Address = z.output<typeof address>;

function liveOutputs(a: Address): Props {
  const connectionString = a.ConnectionString ?? undefined;
  return {
    netType: a.NetType ?? undefined,
    connectionString,
    connectionStringPrefix: connectionString?.split(".")[0],
    port: a.Port === undefined || a.Port === null || a.Port === "" ? undefined : Number(a.Port),
    ipAddress: a.IPAddress || undefined,
  };
}

export const endpointAddressSpec = defineResource({
  kind: "EndpointAddress",
  inputs: endpointAddressInputs,
  outputs: {
    connectionStringPrefix: { optional: false },
    port: { type: "number", optional: false },
    connectionString: { type: "string", doc: "The public host name to connect to." },
    ipAddress: { type: "string", optional: true },
  },
  publicClass: {
    getDoc: 'Reads an existing public address without managing it: `EndpointAddress.get("pub", "pc-…:pe-…:Public")`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbEndpointId: "DBEndpointId", netType: "NetType" },
    { dbClusterId: CLUSTER_ID, dbEndpointId: ENDPOINT_ID, netType: /^Public$/ }),
  replaceOn: ["dbClusterId", "dbEndpointId", "netType"],
  sameWhenUnknown: { dbEndpointId: sameSystemEndpoint }, // cluster.primaryEndpointId while the cluster is updated
  aliases: { connectionPrefix: "connectionStringPrefix" }, // @pulumi/alicloud's name
  deleteBeforeReplace: true, // one public address per endpoint: the id cannot exist twice
  cluster: (key) => key.dbClusterId,
  settleCluster: true,
  create: {
    action: "CreateDBEndpointAddress",
    params: (i: EndpointAddressInputs) => ({ ConnectionStringPrefix: i.connectionStringPrefix }),
  },
  read: {
    action: "DescribeDBClusterEndpoints",
    params: (key) => ({ DBClusterId: key.dbClusterId, DBEndpointId: key.dbEndpointId }),
    response: endpoints,
    pick: (r: z.output<typeof endpoints>, key) =>
      r.Items.find((e) => e.DBEndpointId === key.dbEndpointId)?.AddressItems.find((a) => a.NetType === key.netType),
    outputs: (a: Address) => liveOutputs(a),
  },
  status: (o) => (o.connectionString ? "listed" : undefined),
  ready: () => true,
  update: [
    {
      fields: ["connectionStringPrefix", "port"],
      action: "ModifyDBEndpointAddress",
      params: (n, o) => ({
        ConnectionStringPrefix: n.connectionStringPrefix !== o.connectionStringPrefix ? n.connectionStringPrefix : undefined,
        Port: n.port !== undefined && n.port !== o.port ? n.port : undefined,
      }),
    },
  ],
  delete: { action: "DeleteDBEndpointAddress" },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
