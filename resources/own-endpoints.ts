/**
 * The two endpoints every cluster is born with, as @pulumi/alicloud's polardb.ClusterEndpoint and
 * polardb.PrimaryEndpoint: the default cluster endpoint (read/write splitting over the nodes) and
 * the primary endpoint (the primary node only).
 *
 * They cannot be created or deleted. "Create" takes the cluster's endpoint of that type under
 * management (found with DescribeDBClusterEndpoints) and changes in place what the program
 * declares; "delete" only lets it go: the endpoint keeps the settings it has then.
 *
 * Id: `<dbClusterId>:<dbEndpointId>`, readable from the id alone (`ClusterEndpoint.get`).
 * In place: the name, the private address (connectionPrefix, port: private-address.ts), SSL of an
 * address (sslEnabled, netType, sslAutoRotate: ModifyDBClusterSSL, as ClusterSsl sends it) and, on
 * the Cluster endpoint only, nodes, readWriteMode, autoAddNewNodes and endpointConfig
 * (ModifyDBClusterEndpoint: the cloud refuses them on the Primary endpoint).
 * Replacement: dbClusterId (the old endpoint is let go, the new cluster's taken).
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, normalise, Props, UpdateGroup } from "../provider/spec";
import { sslItemOf, sslOutputs, sslResponse } from "./cluster-ssl";
import { CLUSTER_ID, dbClusterId } from "./common";
import {
  configRules, configText, endpointConfig, endpointDescription, endpointOutputs, endpoints, NODE_ID, nodeRules, nodeText, normaliseEndpointConfig, Row,
} from "./endpoint";
import { normalisePort, privateAddressInputs, privateAddressUpdate } from "./private-address";

const ENDPOINT_ID = /^pe-[a-z0-9]+$/;

export const endpointSslInputs = {
  /** SSL of this endpoint's address `netType`: "Enabled" or "Disabled" (@pulumi/alicloud's "Enable" / "Disable" are accepted). Unset: left as it is. PostgreSQL and Oracle have one SSL setting for every endpoint. Set SSL of an endpoint here or with a ClusterSsl resource, not both. */
  sslEnabled: z.enum(["Enabled", "Disabled"], 'must be "Enabled" or "Disabled" (renewing the certificate, @pulumi/alicloud\'s "Update", is not a state to keep)').optional(),
  /** MySQL: the address whose SSL `sslEnabled` sets: "Private" (default), "Public" or "Inner". Not read back (no describe returns it). */
  netType: z.enum(["Public", "Private", "Inner"], 'must be "Public", "Private" or "Inner"').optional(),
  /** Renew the SSL certificate automatically: "Enable" or "Disable". Not read back (kept from the program). */
  sslAutoRotate: z.enum(["Enable", "Disable"], 'must be "Enable" or "Disable"').optional(),
};

function sslRules(e: { sslEnabled?: string; netType?: string }, ctx: z.RefinementCtx): void {
  if (e.netType !== undefined && e.sslEnabled === undefined) {
    ctx.addIssue({ code: "custom", path: ["netType"], message: "names the address whose SSL sslEnabled sets: give sslEnabled too" });
  }
}

export const clusterEndpointInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** Default (cloud): ReadWrite (read/write splitting). */
  readWriteMode: z.enum(["ReadWrite", "ReadOnly"], 'must be "ReadWrite" (read/write splitting) or "ReadOnly"').optional(),
  /** Node ids (`pi-…`) that serve this endpoint, in any order. Default (cloud): all nodes. */
  nodes: z.array(z.string().regex(NODE_ID, 'a node id such as "pi-bp1…" (node.dbNodeId)')).min(1, "must list at least one node").optional(),
  /** Whether new nodes join this endpoint automatically. Default (cloud): Enable on the cluster endpoint; with Enable, leave `nodes` unset or list every node. */
  autoAddNewNodes: z.enum(["Enable", "Disable"], 'must be "Enable" or "Disable"').optional(),
  /** Endpoint settings as the API names them, e.g. `{ ConsistLevel: "1", ConnectionPersist: "Session" }`. Only the keys given are managed (compared and read back). */
  endpointConfig: endpointConfig.optional(),
  /** The endpoint's name. */
  dbEndpointDescription: endpointDescription.optional(),
  ...privateAddressInputs,
  ...endpointSslInputs,
}).superRefine((e, ctx) => {
  nodeRules(e.readWriteMode, e.nodes, ctx);
  configRules(e.readWriteMode, e.endpointConfig, ctx);
  sslRules(e, ctx);
});

export const primaryEndpointInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** The endpoint's name. */
  dbEndpointDescription: endpointDescription.optional(),
  ...privateAddressInputs,
  ...endpointSslInputs,
}).superRefine((e, ctx) => sslRules(e, ctx));

export type ClusterEndpointInputs = z.output<typeof clusterEndpointInputs>;
export type PrimaryEndpointInputs = z.output<typeof primaryEndpointInputs>;

/** Only the endpointConfig keys the program manages are read back (the cloud lists more). */
function managedConfig(live: unknown, prior: Props): unknown {
  const declared = prior.endpointConfig;
  if (!declared || typeof declared !== "object" || !live || typeof live !== "object") return live;
  const keys = Object.keys(declared);
  return Object.fromEntries(Object.entries(live as Record<string, string>).filter(([k]) => keys.includes(k)));
}

const sslUpdate: UpdateGroup<any> = {
  fields: ["sslEnabled", "netType", "sslAutoRotate"],
  action: "ModifyDBClusterSSL",
  // Both in one call, as the peer sends them; the endpoint's id parameters are added.
  params: (n) => ({
    SSLEnabled: n.sslEnabled === "Enabled" ? "Enable" : n.sslEnabled === "Disabled" ? "Disable" : undefined,
    NetType: n.sslEnabled !== undefined ? n.netType ?? "Private" : undefined,
    SSLAutoRotate: n.sslAutoRotate,
  }),
};

const PRIMARY_OUTPUTS = ["dbEndpointId", "endpointType", "dbEndpointDescription", "addresses", "connectionString", "connectionPrefix", "port"];

function ownEndpointSpec<S extends z.ZodObject<any, any>>(kind: "ClusterEndpoint" | "PrimaryEndpoint", type: "Cluster" | "Primary", inputs: S, endpointGroup: UpdateGroup<any>) {
  const outputs = (e: Row, prior: Props): Props => {
    const all = endpointOutputs(e);
    if (type === "Primary") return Object.fromEntries(PRIMARY_OUTPUTS.map((k) => [k, all[k]]));
    return { ...all, endpointConfig: managedConfig(all.endpointConfig, prior) };
  };
  return defineResource({
    kind,
    inputs,
    outputs: {
      endpointType: { type: "string", doc: `"${type}".` },
      ...(type === "Cluster" ? { readWriteMode: { optional: false }, nodes: { optional: false }, autoAddNewNodes: { optional: false }, endpointConfig: { type: "Record<string, string>", optional: false } } : {}),
      port: { type: "string" },
      dbEndpointId: { type: "string", idPart: 1, doc: "The endpoint id, `pe-…` (the resource id is `<dbClusterId>:<dbEndpointId>`)." },
      addresses: { type: "EndpointAddressItem[]" },
      connectionString: { type: "string", optional: true, doc: "The private (VPC) address, to connect to, and its parts." },
      sslEnabled: { doc: "Enabled or Disabled: SSL of this endpoint (DescribeDBClusterSSL)." },
      sslConnectionString: { type: "string", optional: true },
      sslExpireTime: { type: "string", optional: true },
    },
    publicClass: {
      doc: type === "Cluster" ? "The cluster's default (Cluster) endpoint, taken under management; destroy lets it go and deletes nothing."
        : "The cluster's Primary endpoint, taken under management; destroy lets it go and deletes nothing.",
      getDoc: `Reads a cluster's ${type} endpoint without managing it: \`${kind}.get("${type === "Cluster" ? "default" : "primary"}", "pc-…:pe-…")\`.`,
    },
    id: compositeId({ dbClusterId: "DBClusterId", dbEndpointId: "DBEndpointId" }, { dbClusterId: CLUSTER_ID, dbEndpointId: ENDPOINT_ID }),
    replaceOn: ["dbClusterId"] as never,
    normalise: (type === "Cluster" ? { nodes: normalise.unorderedList, endpointConfig: normaliseEndpointConfig, port: normalisePort } : { port: normalisePort }) as never,
    // Sent with ModifyDBClusterSSL, returned by no describe: kept from the program.
    unread: ["netType", "sslAutoRotate"] as never,
    valueAliases: { sslEnabled: { Enable: "Enabled", Disable: "Disabled" } }, // @pulumi/alicloud's ssl_enabled
    cluster: (key) => key.dbClusterId,
    settleCluster: true,
    create: {
      action: "DescribeDBClusterEndpoints",
      params: () => ({}),
      response: endpoints,
      takes: {
        items: (r: z.output<typeof endpoints>) => r.Items,
        pick: (e: Row) => e.EndpointType === type,
        assigns: (e: Row) => ({ dbEndpointId: e.DBEndpointId }),
        missing: (known) => `cluster ${known.dbClusterId ?? "?"} lists no ${type} endpoint (DescribeDBClusterEndpoints); check dbClusterId (pass cluster.id) and the region`,
      },
    },
    read: {
      action: "DescribeDBClusterEndpoints",
      response: endpoints,
      // Another type's id (a custom endpoint) is not this resource's: it reads as absent.
      pick: (r: z.output<typeof endpoints>, key) => r.Items.find((e) => e.DBEndpointId === key.dbEndpointId && e.EndpointType === type),
      outputs: (e: Row, _key, prior) => outputs(e, prior),
      enrich: [{
        action: "DescribeDBClusterSSL",
        params: (key) => ({ DBClusterId: key.dbClusterId }),
        response: sslResponse,
        outputs: (r: z.output<typeof sslResponse>, key) => {
          const item = sslItemOf(r, key.dbEndpointId);
          return item ? sslOutputs(item) : {};
        },
      }],
    },
    // Listed is ready: the wait that matters is the cluster's return to Running (settleCluster).
    status: (o) => (o.dbEndpointId ? "listed" : undefined),
    ready: () => true,
    update: [endpointGroup, privateAddressUpdate, sslUpdate],
    delete: { leaves: `the cluster's ${type} endpoint comes and goes with the cluster: it stays, with the settings it has now` },
    timeouts: { create: "30m", update: "30m", delete: "1m" },
  });
}

export const clusterEndpointSpec = ownEndpointSpec("ClusterEndpoint", "Cluster", clusterEndpointInputs, {
  fields: ["readWriteMode", "nodes", "autoAddNewNodes", "endpointConfig", "dbEndpointDescription"],
  action: "ModifyDBClusterEndpoint",
  params: (n: ClusterEndpointInputs, o: Props) => ({
    ReadWriteMode: n.readWriteMode,
    Nodes: nodeText(n.nodes),
    // Always explicit: the reference reads as if an omitted value resets it to Disable.
    AutoAddNewNodes: n.autoAddNewNodes ?? o.autoAddNewNodes,
    EndpointConfig: configText(n.endpointConfig),
    DBEndpointDescription: n.dbEndpointDescription,
  }),
});

export const primaryEndpointSpec = ownEndpointSpec("PrimaryEndpoint", "Primary", primaryEndpointInputs, {
  fields: ["dbEndpointDescription"],
  action: "ModifyDBClusterEndpoint",
  // The name only: the cloud refuses nodes, mode and settings on the primary endpoint.
  params: (n: PrimaryEndpointInputs) => ({ DBEndpointDescription: n.dbEndpointDescription }),
});

