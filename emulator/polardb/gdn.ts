/**
 * Global Database Networks (SDK 9.2.1 CreateGlobalDatabaseNetwork, DescribeGlobalDatabaseNetwork(s),
 * ModifyGlobalDatabaseNetwork, DeleteGlobalDatabaseNetwork, SwitchOverGlobalDatabaseNetwork) and the
 * secondary clusters that join one (CreateDBCluster CreationOption=CreateGdnStandby, GDNId).
 *
 * The cloud's rules: a GDN is made from a Running PolarDB for MySQL 8.0 cluster (else
 * InvalidEngineVersion.Unsupported), which belongs to one GDN only (MemberIns.Exist); it holds one
 * primary and at most four secondaries, each in another region than the primary; it can be deleted
 * only while it holds its primary alone (MemberNumber.NotSupport); an unknown id is GDN.NotFound.
 * The GDN APIs take no RegionId (a GDN spans regions): any region's endpoint answers for it.
 * Statuses follow the SDK: creating → active; locked while a switch-over runs; deleting → gone.
 */
import { codes } from "../codes";
import { bool, iso, optional, page, paging, Params, required } from "../params";
import type { Cluster, Gdn } from "../state";
import type { Area, PolarContext } from "./context";

const MIN = 60_000;
/** Realistic durations (ms); the clock scales them. */
export const GDN_DURATIONS = { create: 2 * MIN, delete: MIN, switchOver: 3 * MIN };
const MAX_SECONDARIES = 4;
/** The SDK's rule: 2–126 characters, a letter (or a Chinese character) first, then letters, digits, _ and -; not http(s)://. */
const DESCRIPTION = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_-]{1,125}$/;

/** The GDN's status now, its expired phases applied (a finished switch-over, a finished delete). */
function settleGdn(ctx: PolarContext, g: Gdn): string | undefined {
  const now = ctx.clock.now();
  if (g.goneAt !== undefined && now >= g.goneAt) { delete ctx.store.gdns![g.GDNId]; return undefined; }
  if (g.deletingAt !== undefined) return "deleting";
  if (now < g.activeAt) return "creating";
  if (g.switchAt !== undefined && g.switchTo !== undefined) {
    if (now < g.switchAt) return "locked";
    g.primary = g.switchTo;
    g.switchAt = undefined;
    g.switchTo = undefined;
  }
  return "active";
}

/** Every GDN as it is now (finished phases applied, deleted ones dropped). */
function liveGdns(ctx: PolarContext): Array<{ g: Gdn; status: string }> {
  const out: Array<{ g: Gdn; status: string }> = [];
  for (const g of Object.values(ctx.store.gdns ?? {})) {
    const status = settleGdn(ctx, g);
    if (status) out.push({ g, status });
  }
  return out;
}

/** The GDN's clusters that exist, the primary first: the one it was made from and every CreateGdnStandby cluster that joined it. */
function members(ctx: PolarContext, g: Gdn): Cluster[] {
  const joined = Object.values(ctx.store.clusters).filter((c) => c.options?.GDNId === g.GDNId).map((c) => c.DBClusterId);
  const ids = [...new Set([g.primary, ...g.members, ...joined])];
  return ids.map((id) => ctx.store.clusters[id]).filter((c): c is Cluster => c !== undefined)
    .sort((a, b) => (a.DBClusterId === g.primary ? -1 : b.DBClusterId === g.primary ? 1 : 0));
}

function gdnOf(ctx: PolarContext, id: string): { g: Gdn; status: string } {
  const found = liveGdns(ctx).find((x) => x.g.GDNId === id);
  if (!found) throw codes.gdnNotFound(id);
  return found;
}

/**
 * CreateDBCluster's check of a CreateGdnStandby cluster of region `regionId`: the GDN exists and is
 * active, the new cluster is in another region than its primary, and the GDN has room for it.
 */
export function checkGdnStandby(ctx: PolarContext, gdnId: string, regionId: string): void {
  const { g, status } = gdnOf(ctx, gdnId);
  if (status !== "active") throw codes.clusterBusy();
  const clusters = members(ctx, g);
  const primary = clusters.find((c) => c.DBClusterId === g.primary);
  if (primary && primary.RegionId === regionId) throw codes.invalidParameter("RegionId");
  if (clusters.length - 1 >= MAX_SECONDARIES) throw codes.gdnMemberNumber();
}

export function gdnArea(ctx: PolarContext): Area {
  const { clock, after } = ctx;
  const description = (p: Params) => {
    const d = optional(p, "GDNDescription");
    if (d !== undefined && (!DESCRIPTION.test(d) || /^https?:\/\//i.test(d))) throw codes.invalidParameter("GDNDescription");
    return d;
  };
  const role = (g: Gdn, c: Cluster) => (c.DBClusterId === g.primary ? "primary" : "standby");
  /** Seconds behind the primary: a fixed small lag for a Running secondary, as the SDK's string. */
  const lag = (g: Gdn, c: Cluster) => (c.DBClusterId === g.primary ? "" : c.DBClusterStatus === "Running" ? "1" : "");
  const inAnyGdn = (clusterId: string) => liveGdns(ctx).some(({ g }) => members(ctx, g).some((c) => c.DBClusterId === clusterId));

  return {
    actions: {
      CreateGlobalDatabaseNetwork: (p, req) => {
        const c = ctx.cluster(p, true);
        if (inAnyGdn(c.DBClusterId)) throw codes.gdnMemberExists();
        if (c.DBType !== "MySQL" || c.DBVersion !== "8.0") throw codes.gdnEngineVersion();
        if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
        const desc = description(p);
        bool(p, "EnableGlobalDomainName", false);
        const id = `gdn-${ctx.alnum(17)}`;
        const g: Gdn = {
          GDNId: id, GDNDescription: desc ?? id, DBType: c.DBType, DBVersion: c.DBVersion, CreateTime: iso(clock.now()).replace(/\.\d{3}Z$/, "Z"),
          ResourceGroupId: optional(p, "ResourceGroupId") ?? c.ResourceGroupId, primary: c.DBClusterId, members: [c.DBClusterId],
          activeAt: after(GDN_DURATIONS.create), ownerKey: req.accessKeyId,
        };
        (ctx.store.gdns ??= {})[id] = g;
        return { GDNId: id };
      },

      DescribeGlobalDatabaseNetwork: (p) => {
        const { g, status } = gdnOf(ctx, required(p, "GDNId"));
        const clusters = members(ctx, g);
        const primary = clusters[0];
        return {
          GDNId: g.GDNId, GDNDescription: g.GDNDescription, GDNStatus: status, DBType: g.DBType, DBVersion: g.DBVersion,
          CreateTime: g.CreateTime, DBClusterId: g.primary, ResourceGroupId: g.ResourceGroupId, GlobalDomainName: "",
          Labels: { GDNVersion: "2.0" },
          Connections: primary ? primary.endpoints.filter((e) => e.EndpointType === "Cluster").flatMap((e) => e.AddressItems)
            .map((a) => ({ ConnectionString: a.ConnectionString, NetType: a.NetType, Port: a.Port })) : [],
          DBClusters: clusters.map((c) => ({
            DBClusterId: c.DBClusterId, DBClusterDescription: c.DBClusterDescription, DBClusterStatus: c.DBClusterStatus, Category: c.Category,
            DBNodeClass: c.DBNodeClass, DBType: c.DBType, DBVersion: c.DBVersion, ExpireTime: c.ExpireTime ?? "", Expired: c.PayType === "Prepaid" ? "false" : "",
            PayType: c.PayType, RegionId: c.RegionId, ReplicaLag: lag(g, c), Role: role(g, c), StorageUsed: "3012558848",
            DBNodes: c.nodes.map((n) => ({
              CreationTime: n.CreationTime, DBNodeClass: n.DBNodeClass, DBNodeId: n.DBNodeId, DBNodeRole: n.DBNodeRole, DBNodeStatus: n.DBNodeStatus,
              FailoverPriority: n.FailoverPriority, MaxConnections: 8000, MaxIOPS: 32000, ZoneId: n.ZoneId,
            })),
          })),
        };
      },

      DescribeGlobalDatabaseNetworks: (p, req) => {
        const clusterId = optional(p, "DBClusterId");
        const filterRegion = optional(p, "FilterRegion");
        const desc = optional(p, "GDNDescription");
        const id = optional(p, "GDNId");
        const pg = paging(p);
        const all = liveGdns(ctx).filter(({ g }) => (g.ownerKey === undefined || g.ownerKey === req.accessKeyId)
          && (id === undefined || g.GDNId === id) && (desc === undefined || g.GDNDescription.includes(desc))
          && (clusterId === undefined || members(ctx, g).some((c) => c.DBClusterId === clusterId))
          // "GDNs that support creating a secondary cluster in the region": room left, and not the primary's region.
          && (filterRegion === undefined || (members(ctx, g).length - 1 < MAX_SECONDARIES && ctx.store.clusters[g.primary]?.RegionId !== filterRegion)));
        const rows = page(all, pg);
        return {
          PageNumber: pg.pageNumber, PageRecordCount: rows.length, TotalRecordCount: all.length,
          Items: rows.map(({ g, status }) => ({
            GDNId: g.GDNId, GDNDescription: g.GDNDescription, GDNStatus: status, DBType: g.DBType, DBVersion: g.DBVersion, CreateTime: g.CreateTime,
            Labels: { GDNVersion: "2.0" },
            DBClusters: members(ctx, g).map((c) => ({ DBClusterId: c.DBClusterId, RegionId: c.RegionId, Role: role(g, c) })),
          })),
        };
      },

      ModifyGlobalDatabaseNetwork: (p) => {
        const { g, status } = gdnOf(ctx, required(p, "GDNId"));
        if (status !== "active") throw codes.clusterBusy();
        const desc = description(p);
        bool(p, "EnableGlobalDomainName", false);
        if (desc !== undefined) g.GDNDescription = desc;
        return {};
      },

      DeleteGlobalDatabaseNetwork: (p) => {
        const { g, status } = gdnOf(ctx, required(p, "GDNId"));
        if (status === "deleting") return {};
        if (status !== "active") throw codes.clusterBusy();
        // "A GDN can be deleted only if it contains a single primary cluster."
        if (members(ctx, g).length > 1) throw codes.gdnMemberNumber();
        g.deletingAt = clock.now();
        g.goneAt = after(GDN_DURATIONS.delete);
        return {};
      },

      SwitchOverGlobalDatabaseNetwork: (p) => {
        const { g, status } = gdnOf(ctx, required(p, "GDNId"));
        if (status !== "active") throw codes.clusterBusy();
        bool(p, "Forced", false);
        const clusters = members(ctx, g);
        const wanted = optional(p, "DBClusterId");
        const target = wanted === undefined ? clusters.find((c) => c.DBClusterId !== g.primary) : clusters.find((c) => c.DBClusterId === wanted);
        if (!target) {
          if (wanted !== undefined && !ctx.store.clusters[wanted]) throw codes.clusterNotFoundAlt();
          if (wanted === undefined) throw codes.gdnMemberNumber(); // no secondary to switch to
          throw codes.invalidParameter("DBClusterId"); // a cluster of no or another GDN
        }
        if (target.DBClusterId === g.primary) throw codes.invalidParameter("DBClusterId");
        if (target.DBClusterStatus !== "Running" || ctx.store.clusters[g.primary]?.DBClusterStatus !== "Running") throw codes.clusterBusy();
        g.switchTo = target.DBClusterId;
        g.switchAt = after(GDN_DURATIONS.switchOver);
        return {};
      },
    },
  };
}
