/**
 * Cluster endpoints and their addresses (seed 003 §10).
 */
import { oneOf, optional, Params, required } from "../params";
import { codes } from "../codes";
import type { Cluster, Endpoint } from "../state";
import { DOMAIN, DURATIONS, PORT, QUOTA } from "./catalogue";
import { Area, joinIds, splitIds, PolarContext } from "./context";

export function endpointArea(ctx: PolarContext): Area {
  const { rng, alnum, after, schedule, cluster, runningCluster, idempotent, address } = ctx;
  /** Whether any address of any cluster has this connection string (they are unique in the cloud). */
  function addressInUse(connectionString: string): boolean {
    return Object.values(ctx.store.clusters).some((c) => c.endpoints.some((e) => e.AddressItems.some((x) => x.ConnectionString === connectionString)));
  }
  function nodeList(c: Cluster, raw: string | undefined): string {
    if (raw === undefined) return joinIds(c.nodes.map((n) => n.DBNodeId));
    const ids = splitIds(raw);
    for (const id of ids) if (!c.nodes.some((n) => n.DBNodeId === id)) throw codes.invalidParameter("Nodes");
    return joinIds(ids);
  }
  return {
    actions: {
      CreateDBClusterEndpoint: (p) => idempotent(p, "CreateDBClusterEndpoint", () => {
        const c = runningCluster(p);
        oneOf(p, "EndpointType", ["Custom"]) ?? (() => { throw codes.missingParameter("EndpointType"); })();
        if (c.endpoints.filter((e) => e.EndpointType === "Custom").length >= QUOTA.customEndpoints) throw codes.endpointQuota();
        const nodes = nodeList(c, optional(p, "Nodes"));
        const ep: Endpoint = {
          DBEndpointId: `pe-${alnum(17)}`, EndpointType: "Custom", DBEndpointDescription: optional(p, "DBEndpointDescription") ?? "",
          Nodes: nodes, ReadWriteMode: oneOf(p, "ReadWriteMode", ["ReadWrite", "ReadOnly"], "ReadOnly")!,
          AutoAddNewNodes: oneOf(p, "AutoAddNewNodes", ["Enable", "Disable"], "Disable")!, EndpointConfig: endpointConfig(optional(p, "EndpointConfig")),
          AddressItems: [],
        };
        ep.AddressItems.push(address(c, `${c.DBClusterId}${ep.DBEndpointId.slice(3, 9)}`));
        c.endpoints.push(ep);
        c.DBClusterStatus = "NetAddressCreating";
        schedule({ at: after(DURATIONS.endpoint), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      }),

      DescribeDBClusterEndpoints: (p) => {
        const c = cluster(p);
        const id = optional(p, "DBEndpointId");
        return {
          Items: c.endpoints.filter((e) => !id || e.DBEndpointId === id).map((e) => ({
            // Every type has a name today (the SDK's model; the peer's tests name the Primary endpoint).
            DBEndpointId: e.DBEndpointId, EndpointType: e.EndpointType, DBEndpointDescription: e.DBEndpointDescription ?? "",
            Nodes: e.Nodes, ReadWriteMode: e.ReadWriteMode, AutoAddNewNodes: e.AutoAddNewNodes, EndpointConfig: e.EndpointConfig,
            NodeWithRoles: splitIds(e.Nodes).map((nid) => { const n = c.nodes.find((x) => x.DBNodeId === nid); return n?.DBNodeRole === "Writer" ? "Writer" : `Reader${c.nodes.filter((x) => x.DBNodeRole === "Reader").indexOf(n!) + 1}`; }).join(","),
            AddressItems: e.AddressItems.map((a) => ({ ...a, PrivateZoneConnectionString: "" })),
          })),
        };
      },

      ModifyDBClusterEndpoint: (p) => {
        const c = runningCluster(p);
        const ep = endpoint(c, p);
        // The primary endpoint serves the primary node only: its name and addresses are all that change.
        if (ep.EndpointType === "Primary") {
          for (const name of ["Nodes", "ReadWriteMode", "AutoAddNewNodes", "EndpointConfig"]) if (p[name] !== undefined) throw codes.primaryEndpointFixed(name);
        }
        if (p.Nodes !== undefined) ep.Nodes = nodeList(c, optional(p, "Nodes"));
        const rw = oneOf(p, "ReadWriteMode", ["ReadWrite", "ReadOnly"]);
        if (rw) ep.ReadWriteMode = rw;
        const auto = oneOf(p, "AutoAddNewNodes", ["Enable", "Disable"]);
        if (auto) ep.AutoAddNewNodes = auto;
        const cfg = optional(p, "EndpointConfig");
        if (cfg !== undefined) ep.EndpointConfig = endpointConfig(cfg);
        const d = optional(p, "DBEndpointDescription");
        if (d !== undefined) ep.DBEndpointDescription = d;
        c.DBClusterStatus = "CONFIG_SWITCHING";
        schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      },

      DeleteDBClusterEndpoint: (p) => {
        const c = runningCluster(p);
        const ep = endpoint(c, p);
        if (ep.EndpointType !== "Custom") throw codes.endpointNotCustom();
        c.DBClusterStatus = "NetAddressDeleting";
        schedule({ at: after(DURATIONS.endpointModify), kind: "endpointGone", clusterId: c.DBClusterId, args: { id: ep.DBEndpointId } });
        return {};
      },

      CreateDBEndpointAddress: (p) => {
        const c = runningCluster(p);
        const ep = endpoint(c, p);
        const net = oneOf(p, "NetType", ["Public"]) ?? (() => { throw codes.missingParameter("NetType"); })();
        if (ep.AddressItems.some((a) => a.NetType === net)) throw codes.addressExists();
        const prefix = optional(p, "ConnectionStringPrefix") ?? `${c.DBClusterId}${ep.DBEndpointId.slice(3, 7)}pub`;
        if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(prefix)) throw codes.invalidParameter("ConnectionStringPrefix");
        const connectionString = `${prefix}.${c.RegionId}.${DOMAIN[c.DBType].replace("polardb", "polardb-public")}`;
        if (addressInUse(connectionString)) throw codes.connectionStringTaken();
        ep.AddressItems.push({ NetType: "Public", ConnectionString: connectionString, Port: PORT[c.DBType], IPAddress: `47.${Math.floor(rng() * 255)}.${Math.floor(rng() * 255)}.${1 + Math.floor(rng() * 253)}`, VPCId: "", VSwitchId: "" });
        c.DBClusterStatus = "NetAddressCreating";
        schedule({ at: after(DURATIONS.address), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      },

      ModifyDBEndpointAddress: (p) => {
        const c = runningCluster(p);
        const ep = endpoint(c, p);
        const net = oneOf(p, "NetType", ["Public", "Private"]) ?? (() => { throw codes.missingParameter("NetType"); })();
        const addr = ep.AddressItems.find((a) => a.NetType === net);
        if (!addr) throw codes.addressNotFound();
        const prefix = optional(p, "ConnectionStringPrefix");
        if (prefix !== undefined && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(prefix)) throw codes.invalidParameter("ConnectionStringPrefix");
        const connectionString = prefix === undefined ? addr.ConnectionString : `${prefix}.${addr.ConnectionString.split(".").slice(1).join(".")}`;
        // Only MySQL addresses take a new port (3000–5999, §10.5).
        const rawPort = optional(p, "Port");
        if (rawPort !== undefined && c.DBType !== "MySQL") throw codes.invalidParameter("Port");
        if (rawPort !== undefined && (!/^\d+$/.test(rawPort) || Number(rawPort) < 3000 || Number(rawPort) > 5999)) throw codes.portMalformed();
        const port = rawPort === undefined ? addr.Port : String(Number(rawPort));
        // A call that changes nothing is refused; an address in use anywhere in the region is taken.
        if (connectionString === addr.ConnectionString && port === addr.Port) throw codes.addressUnchanged();
        if (connectionString !== addr.ConnectionString && addressInUse(connectionString)) throw codes.connectionStringTaken();
        addr.ConnectionString = connectionString;
        addr.Port = port;
        c.DBClusterStatus = "NetAddressModifying";
        schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      },

      DeleteDBEndpointAddress: (p) => {
        const c = runningCluster(p);
        const ep = endpoint(c, p);
        const net = oneOf(p, "NetType", ["Public", "Inner"]) ?? (() => { throw codes.missingParameter("NetType"); })();
        if (!ep.AddressItems.some((a) => a.NetType === net)) throw codes.addressNotFound();
        ep.AddressItems = ep.AddressItems.filter((a) => a.NetType !== net);
        c.DBClusterStatus = "NetAddressDeleting";
        schedule({ at: after(DURATIONS.endpointModify), kind: "clusterSettled", clusterId: c.DBClusterId });
        return {};
      },
    },
    transitions: {
      endpointGone: (c, a) => { c.endpoints = c.endpoints.filter((e) => e.DBEndpointId !== a.id); c.DBClusterStatus = "Running"; },
    },
  };
}

function endpointConfig(raw: string | undefined): string {
  if (raw === undefined) return "{}";
  let v: unknown;
  try { v = JSON.parse(raw); } catch { throw codes.invalidParameter("EndpointConfig"); }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw codes.invalidParameter("EndpointConfig");
  const allowed: Record<string, string[]> = { ConsistLevel: ["0", "1", "2"], DistributedTransaction: ["on", "off"], MasterAcceptReads: ["on", "off"], ConnectionPersist: ["off", "Session", "Transaction", "on"], LoadBalanceStrategy: ["load"] };
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!allowed[k] || !allowed[k].includes(String(val))) throw codes.invalidParameter("EndpointConfig");
  }
  return JSON.stringify(v);
}

/** The endpoint named by DBEndpointId (ModifyDBClusterSSL names one too). */
export function endpoint(c: Cluster, p: Params): Endpoint {
  const ep = c.endpoints.find((e) => e.DBEndpointId === required(p, "DBEndpointId"));
  if (!ep) throw codes.endpointNotFound();
  return ep;
}
