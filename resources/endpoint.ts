/**
 * A custom cluster endpoint (an address that spreads connections over chosen nodes). Inputs are
 * named as in @pulumi/alicloud's polardb.Endpoint.
 *
 * Id: `<dbClusterId>:<dbEndpointId>` (`pc-…:pe-…`). CreateDBClusterEndpoint does not return the
 * new id, so the provider lists the endpoints before the call (inside the per-cluster lock) and
 * finds the newcomer: a Custom endpoint with this description, mode and node list.
 * In place (ModifyDBClusterEndpoint, the cluster passes through CONFIG_SWITCHING): readWriteMode,
 * nodes, autoAddNewNodes, endpointConfig, dbEndpointDescription; the private address's
 * connectionPrefix and port (ModifyDBEndpointAddress, NetType Private; see private-address.ts).
 * Replacement: dbClusterId, endpointType, regionId.
 * Nodes are node ids (`pi-…`), compared as a set. With autoAddNewNodes "Enable" the cloud adds
 * every new node to the endpoint, so leave `nodes` unset (or list every node), or the next
 * preview shows the difference.
 * endpointConfig is an object ({ ConsistLevel: "1", … }); keys left at their documented default
 * compare equal to absent keys, so the cloud filling in defaults is not a change.
 */
import { z } from "zod";
import { adoptInputs, commonInputs, compositeId, defineResource, listOf, looseString, normalise, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId, splitList } from "./common";
import { normalisePort, privateAddressInputs, privateAddressOutputs, privateAddressUpdate } from "./private-address";

export const NODE_ID = /^pi-[a-z0-9]+$/;
const onOff = z.enum(["on", "off"], 'must be "on" or "off"');

const CONFIG_KEYS = ["ConsistLevel", "DistributedTransaction", "MasterAcceptReads", "ConnectionPersist", "LoadBalanceStrategy"];

/** EndpointConfig keys and values (CreateDBClusterEndpoint); values are strings on the wire. */
export const endpointConfig = z.looseObject({
  ConsistLevel: z.union([z.enum(["0", "1", "2"]), z.literal(0), z.literal(1), z.literal(2)], {
    error: 'must be "0" (eventual), "1" (session) or "2" (global, MySQL only)',
  }).transform(String).optional(),
  DistributedTransaction: onOff.optional(),
  MasterAcceptReads: onOff.optional(),
  ConnectionPersist: z.enum(["off", "Session", "Transaction"], 'must be "off", "Session" or "Transaction"').optional(),
  LoadBalanceStrategy: z.literal("load", 'must be "load"').optional(),
}).superRefine((c, ctx) => {
  // A loose object checked here, so the message can list the allowed keys.
  for (const k of Object.keys(c)) {
    if (!CONFIG_KEYS.includes(k)) ctx.addIssue({ code: "custom", path: [k], message: `is not an endpoint setting; allowed: ${CONFIG_KEYS.join(", ")}` });
  }
});

/** Documented defaults: a key at its default compares equal to the key left out. */
const CONFIG_DEFAULTS: Record<string, string> = {
  ConsistLevel: "1", DistributedTransaction: "on", MasterAcceptReads: "off", ConnectionPersist: "off", LoadBalanceStrategy: "load",
};

export function normaliseEndpointConfig(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  const kept = Object.entries(v as Record<string, unknown>)
    .map(([k, x]): [string, string] => [k, String(x)])
    .filter(([k, x]) => CONFIG_DEFAULTS[k] !== x);
  return Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** An endpoint's name (DBEndpointDescription). */
export const endpointDescription = z.string().min(1, "must not be empty").max(256, "at most 256 characters");

export const endpointInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  dbClusterId,
  /** Only custom endpoints can be created (the cluster's own endpoints come with the cluster). */
  endpointType: z.literal("Custom", 'must be "Custom" (the cluster\'s own endpoints cannot be created or deleted)').default("Custom"),
  /** Default (cloud): ReadOnly. */
  readWriteMode: z.enum(["ReadWrite", "ReadOnly"], 'must be "ReadWrite" (read/write splitting) or "ReadOnly"').optional(),
  /** Node ids (`pi-…`) that serve this endpoint, in any order. Default (cloud): all nodes. */
  nodes: z.array(z.string().regex(NODE_ID, 'a node id such as "pi-bp1…" (node.dbNodeId)')).min(1, "must list at least one node").optional(),
  /** Whether new nodes join this endpoint automatically. Default (cloud): Disable. */
  autoAddNewNodes: z.enum(["Enable", "Disable"], 'must be "Enable" or "Disable"').optional(),
  /** Endpoint settings as the API names them, e.g. `{ ConsistLevel: "1", ConnectionPersist: "Session" }` (consistency level, transaction splitting, primary accepts reads, connection pooling, load balancing). Only the keys given are managed. */
  endpointConfig: endpointConfig.optional(),
  /** The endpoint's name. Give one: it also tells this endpoint apart when it is created. */
  dbEndpointDescription: endpointDescription.optional(),
  ...privateAddressInputs,
}).superRefine((e, ctx) => {
  nodeRules(e.readWriteMode, e.nodes, ctx);
  configRules(e.readWriteMode ?? "ReadOnly", e.endpointConfig, ctx);
});

/** ModifyDBClusterEndpoint / CreateDBClusterEndpoint (SDK 9.2.1): a ReadWrite endpoint takes at least 2 nodes. */
export function nodeRules(mode: string | undefined, list: string[] | undefined, ctx: z.RefinementCtx): void {
  const nodes = list ? normalise.unorderedList(list) as string[] : undefined;
  if (mode === "ReadWrite" && nodes && nodes.length < 2) {
    ctx.addIssue({ code: "custom", path: ["nodes"], message: "a ReadWrite endpoint needs at least 2 nodes" });
  }
}

/** The EndpointConfig rules that depend on the mode (the mode the endpoint will have; undefined: not known). */
export function configRules(mode: string | undefined, config: z.output<typeof endpointConfig> | undefined, ctx: z.RefinementCtx): void {
  const consist = config?.ConsistLevel;
  if (mode === "ReadOnly" && consist !== undefined && consist !== "0") {
    ctx.addIssue({ code: "custom", path: ["endpointConfig", "ConsistLevel"], message: 'a ReadOnly endpoint supports only ConsistLevel "0"' });
  }
  if (consist === "0" && config?.DistributedTransaction === "on") {
    ctx.addIssue({ code: "custom", path: ["endpointConfig", "DistributedTransaction"], message: 'cannot be "on" with ConsistLevel "0"' });
  }
}

export type EndpointInputs = z.output<typeof endpointInputs>;

const address = z.looseObject({
  ConnectionString: z.string().nullish(), Port: looseString.nullish(), NetType: z.string().nullish(), IPAddress: z.string().nullish(),
  VPCId: z.string().nullish(), VSwitchId: z.string().nullish(),
});
export const endpointRow = z.looseObject({
  DBEndpointId: z.string(), EndpointType: z.string().nullish(), DBEndpointDescription: z.string().nullish(),
  Nodes: z.string().nullish(), ReadWriteMode: z.string().nullish(), AutoAddNewNodes: z.string().nullish(),
  EndpointConfig: z.string().nullish(), AddressItems: listOf(address, "Address"),
});
export const endpoints = z.looseObject({ Items: listOf(endpointRow, "DBEndpoint") });
export type Row = z.output<typeof endpointRow>;

export function parseConfig(text: string | null | undefined): Record<string, string> {
  try {
    const v: unknown = JSON.parse(text || "{}");
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch { /* a config the cloud cannot express as JSON reads as none */ }
  return {};
}

/** A DescribeDBClusterEndpoints row as outputs (ClusterEndpoint and PrimaryEndpoint read theirs so too). */
export function endpointOutputs(e: Row): Props {
  const addresses = e.AddressItems.map((a) => ({
    connectionString: a.ConnectionString ?? undefined, port: a.Port ?? undefined, netType: a.NetType ?? undefined,
    ipAddress: a.IPAddress ?? undefined, vpcId: a.VPCId ?? undefined, vswitchId: a.VSwitchId ?? undefined,
  }));
  const main = addresses.find((a) => a.netType === "Private") ?? addresses[0];
  return {
    dbEndpointId: e.DBEndpointId,
    endpointType: e.EndpointType ?? undefined,
    readWriteMode: e.ReadWriteMode ?? undefined,
    nodes: [...splitList(e.Nodes)].sort(),
    autoAddNewNodes: e.AutoAddNewNodes ?? undefined,
    endpointConfig: parseConfig(e.EndpointConfig),
    dbEndpointDescription: e.DBEndpointDescription || undefined,
    addresses,
    connectionString: main?.connectionString,
    port: main?.port,
    ...privateAddressOutputs(e.AddressItems),
  };
}

export const configText = (c: EndpointInputs["endpointConfig"]) => (c === undefined ? undefined : JSON.stringify(c));
export const nodeText = (n: string[] | undefined) => (n === undefined ? undefined : (normalise.unorderedList(n) as string[]).join(","));

/** Everything the create call set and the list shows: a newcomer that differs is someone else's. */
function sameAsDeclared(e: Row, i: EndpointInputs): boolean {
  return e.EndpointType === "Custom"
    && (i.dbEndpointDescription === undefined || e.DBEndpointDescription === i.dbEndpointDescription)
    && (i.readWriteMode === undefined || e.ReadWriteMode === i.readWriteMode)
    && (i.autoAddNewNodes === undefined || e.AutoAddNewNodes === i.autoAddNewNodes)
    && (i.nodes === undefined || splitList(e.Nodes).sort().join(",") === nodeText(i.nodes));
}

export const endpointSpec = defineResource({
  kind: "Endpoint",
  inputs: endpointInputs,
  outputs: {
    readWriteMode: { optional: false },
    nodes: { optional: false },
    autoAddNewNodes: { optional: false },
    endpointConfig: { type: "Record<string, string>", optional: false },
    port: { type: "string" },
    dbEndpointId: { type: "string", idPart: 1, doc: "The endpoint id, `pe-…` (the resource id is `<dbClusterId>:<dbEndpointId>`)." },
    addresses: { type: "EndpointAddressItem[]" },
    connectionString: { type: "string", optional: true, doc: "The private (VPC) address, to connect to." },
    connectionPrefix: { doc: "The private address's prefix (the first label of connectionString)." },
  },
  publicClass: {
    getDoc: 'Reads an existing custom endpoint without managing it: `Endpoint.get("reports", "pc-…:pe-…")`. To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbEndpointId: "DBEndpointId" }, { dbClusterId: CLUSTER_ID, dbEndpointId: /^pe-[a-z0-9]+$/ }),
  replaceOn: ["dbClusterId", "endpointType"],
  normalise: { nodes: normalise.unorderedList, endpointConfig: normaliseEndpointConfig, port: normalisePort },
  cluster: (key) => key.dbClusterId,
  settleCluster: true,
  create: {
    action: "CreateDBClusterEndpoint",
    clientToken: true,
    params: (i: EndpointInputs) => ({
      EndpointType: i.endpointType, ReadWriteMode: i.readWriteMode, Nodes: nodeText(i.nodes),
      AutoAddNewNodes: i.autoAddNewNodes, EndpointConfig: configText(i.endpointConfig), DBEndpointDescription: i.dbEndpointDescription,
    }),
    discover: {
      list: { action: "DescribeDBClusterEndpoints", params: (key) => ({ DBClusterId: key.dbClusterId }), response: endpoints },
      items: (r: z.output<typeof endpoints>) => r.Items,
      idOf: (e: Row) => e.DBEndpointId,
      matches: (e: Row, i: EndpointInputs) => sameAsDeclared(e, i),
      // Taken over after a killed run only when a description sets it apart from others.
      recognise: (e: Row, i: EndpointInputs) => i.dbEndpointDescription !== undefined && sameAsDeclared(e, i),
      assigns: (e: Row) => ({ dbEndpointId: e.DBEndpointId }),
    },
  },
  read: {
    action: "DescribeDBClusterEndpoints",
    response: endpoints,
    pick: (r: z.output<typeof endpoints>, key) => r.Items.find((e) => e.DBEndpointId === key.dbEndpointId),
    outputs: (e: Row) => endpointOutputs(e),
  },
  // An endpoint has no status of its own: it is ready once listed; the cluster's return to
  // Running (settleCluster) is what the wait is about.
  status: (o) => (o.dbEndpointId ? "listed" : undefined),
  ready: () => true,
  update: [
    {
      fields: ["readWriteMode", "nodes", "autoAddNewNodes", "endpointConfig", "dbEndpointDescription"],
      action: "ModifyDBClusterEndpoint",
      params: (n, o) => ({
        ReadWriteMode: n.readWriteMode,
        Nodes: nodeText(n.nodes),
        // Always explicit: the reference reads as if an omitted value resets it to Disable.
        AutoAddNewNodes: n.autoAddNewNodes ?? o.autoAddNewNodes,
        EndpointConfig: configText(n.endpointConfig),
        DBEndpointDescription: n.dbEndpointDescription,
      }),
    },
    privateAddressUpdate,
  ],
  delete: { action: "DeleteDBClusterEndpoint" },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
