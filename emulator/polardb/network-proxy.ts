/**
 * PolarProxy, the node specification type and global IP whitelist templates (SDK 9.2.1):
 *   - CreateDBCluster's ProxyType (EXCLUSIVE / GENERAL) and ProxyClass (the Standard Edition's
 *     proxy, polar.maxscale.g2.*.c): kept on the cluster, answered by DescribeDBClusterAttribute
 *     (ProxyType, ProxyCpuCores, ProxyStandardCpuCores, ProxyStatus, SubCategory);
 *   - ModifyDBNodeClass's SubCategory (normal_exclusive / normal_general), taken when the class
 *     change ends; the proxy type follows it (the SDK: they must correspond);
 *   - Create/Describe/Modify/ModifyName/DeleteGlobalSecurityIPGroup and
 *     Describe/ModifyGlobalSecurityIPGroupRelation: templates per region and account, linked to
 *     clusters; a template still linked to a cluster cannot be deleted.
 */
import { codes } from "../codes";
import { oneOf, optional, Params, required } from "../params";
import type { Cluster, GlobalIpGroup } from "../state";
import { QUOTA } from "./catalogue";
import { Area, PolarContext, splitIds } from "./context";
import { validIp } from "./whitelists";

export const PROXY_TYPES = ["EXCLUSIVE", "GENERAL"] as const;
/** The Standard Edition's proxy classes and their cores (SDK CreateDBClusterRequest.ProxyClass). */
export const PROXY_CLASS_CORES: Record<string, number> = {
  "polar.maxscale.g2.medium.c": 2, "polar.maxscale.g2.large.c": 4, "polar.maxscale.g2.xlarge.c": 8, "polar.maxscale.g2.2xlarge.c": 16,
  "polar.maxscale.g2.3xlarge.c": 24, "polar.maxscale.g2.4xlarge.c": 32, "polar.maxscale.g2.8xlarge.c": 64,
};
const SUB_CATEGORIES: Record<string, string> = { normal_exclusive: "Exclusive", normal_general: "General" };
/** GlobalIgName: lower-case letters, digits and "_", a letter first, a letter or digit last, 2–120 characters. */
const TEMPLATE_NAME = /^[a-z][a-z0-9_]{0,118}[a-z0-9]$/;
/** Global IP whitelist templates an account may hold per region (the console's limit). */
const MAX_TEMPLATES = 50;

/** The node specification type a class implies: general-purpose classes are polar.mysql.g…, the rest dedicated. */
function subCategoryOfClass(cls: string): string {
  return /^polar\.mysql\.g\d/.test(cls) ? "General" : "Exclusive";
}

/** CreateDBCluster's proxy settings, checked against the edition (ProxyClass belongs to the Standard Edition). */
export function proxyAtCreation(p: Params, dbType: string, category: string): NonNullable<Cluster["network"]> {
  const proxyType = oneOf(p, "ProxyType", PROXY_TYPES);
  const proxyClass = optional(p, "ProxyClass");
  if (proxyClass !== undefined && !(proxyClass in PROXY_CLASS_CORES)) throw codes.invalidParameter("ProxyClass");
  if (proxyClass !== undefined && category !== "SENormal") throw codes.invalidParameter("ProxyClass");
  const cls = required(p, "DBNodeClass");
  const sub = dbType === "MySQL" ? (proxyType ? (proxyType === "GENERAL" ? "General" : "Exclusive") : subCategoryOfClass(cls)) : "";
  return { ProxyType: proxyType ?? (sub === "General" ? "GENERAL" : "EXCLUSIVE"), SubCategory: sub, ...(proxyClass ? { ProxyClass: proxyClass } : {}) };
}

/** ModifyDBNodeClass's SubCategory: the new type, or undefined. MySQL Cluster Edition only. */
export function subCategoryChange(p: Params, c: Cluster): string | undefined {
  const v = oneOf(p, "SubCategory", Object.keys(SUB_CATEGORIES));
  if (v === undefined) return undefined;
  if (c.DBType !== "MySQL" || c.Category !== "Normal") throw codes.invalidParameter("SubCategory");
  return SUB_CATEGORIES[v];
}

/** When a class change with a SubCategory ends: the type changes, and the proxy's with it. */
export function applySubCategory(c: Cluster, sub: string): void {
  c.network = { ...networkOf(c), SubCategory: sub, ProxyType: sub === "General" ? "GENERAL" : "EXCLUSIVE" };
}

/** A cluster's proxy settings (a cluster saved by an older emulator gets those its class implies). */
function networkOf(c: Cluster): NonNullable<Cluster["network"]> {
  if (c.network) return c.network;
  const sub = c.DBType === "MySQL" ? subCategoryOfClass(c.DBNodeClass) : "";
  return { ProxyType: sub === "General" ? "GENERAL" : "EXCLUSIVE", SubCategory: sub };
}

/** DescribeDBClusterAttribute's proxy fields; SubCategory is returned for MySQL Cluster Edition only. */
export function proxyAttribute(c: Cluster): Record<string, unknown> {
  const n = networkOf(c);
  const standard = n.ProxyClass ? PROXY_CLASS_CORES[n.ProxyClass] : 2;
  return {
    ProxyType: n.ProxyType, ProxyCpuCores: String(standard), ProxyStandardCpuCores: String(standard), ProxyStatus: "Running",
    ProxyServerlessType: "SteadyServerless", ...(c.DBType === "MySQL" && c.Category === "Normal" ? { SubCategory: n.SubCategory } : {}),
  };
}

export function networkProxyArea(ctx: PolarContext): Area {
  const { cluster, runningCluster, alnum } = ctx;
  const templates = (): GlobalIpGroup[] => (ctx.store.globalIpGroups ??= []);
  /** The templates the caller holds in the region. */
  const held = (region: string, owner: string) => templates().filter((g) => g.RegionId === region && g.ownerKey === owner);
  const template = (p: Params, owner: string): GlobalIpGroup => {
    const id = required(p, "GlobalSecurityGroupId");
    const g = held(required(p, "RegionId"), owner).find((x) => x.GlobalSecurityGroupId === id);
    if (!g) throw codes.globalIpGroupNotFound();
    return g;
  };
  const name = (p: Params): string => {
    const n = required(p, "GlobalIgName");
    if (!TEMPLATE_NAME.test(n)) throw codes.invalidParameter("GlobalIgName");
    return n;
  };
  /** GIpList: addresses or CIDR blocks, no repeats, at most the whitelist quota. */
  const ipList = (p: Params): string => {
    const ips = splitIds(required(p, "GIpList"));
    if (!ips.length || ips.some((ip) => !validIp(ip))) throw codes.invalidParameter("GIpList");
    if (new Set(ips).size !== ips.length) throw codes.securityIpsDuplicate();
    if (ips.length > QUOTA.ips) throw codes.securityIpsLength();
    return ips.join(",");
  };
  /** The clusters linked to a template that still exist. */
  const linked = (g: GlobalIpGroup) => g.DBInstances.filter((id) => ctx.store.clusters[id] && ctx.store.clusters[id].DBClusterStatus !== "Deleted");
  const row = (g: GlobalIpGroup, withClusters: boolean) => ({
    GIpList: g.GIpList, GlobalIgName: g.GlobalIgName, GlobalSecurityGroupId: g.GlobalSecurityGroupId, RegionId: g.RegionId,
    ...(withClusters ? { DBInstances: linked(g) } : {}),
  });
  const relations = (c: Cluster) => templates().filter((g) => g.RegionId === c.RegionId && g.ownerKey === c.ownerKey && linked(g).includes(c.DBClusterId));

  return {
    actions: {
      CreateGlobalSecurityIPGroup: (p, req) => {
        const region = required(p, "RegionId");
        const g: GlobalIpGroup = {
          GlobalSecurityGroupId: `g-${alnum(20)}`, GlobalIgName: name(p), GIpList: ipList(p), RegionId: region, DBInstances: [], ownerKey: req.accessKeyId,
        };
        if (held(region, req.accessKeyId).length >= MAX_TEMPLATES) throw codes.globalIpGroupQuota();
        templates().push(g);
        return { GlobalSecurityIPGroup: [row(g, false)] };
      },

      DescribeGlobalSecurityIPGroup: (p, req) => {
        const id = optional(p, "GlobalSecurityGroupId");
        const rows = held(required(p, "RegionId"), req.accessKeyId).filter((g) => id === undefined || g.GlobalSecurityGroupId === id);
        return { GlobalSecurityIPGroup: rows.map((g) => row(g, true)) };
      },

      ModifyGlobalSecurityIPGroup: (p, req) => {
        const g = template(p, req.accessKeyId);
        const [n, ips] = [name(p), ipList(p)];
        g.GlobalIgName = n;
        g.GIpList = ips;
        return { GlobalSecurityIPGroup: [row(g, true)] };
      },

      ModifyGlobalSecurityIPGroupName: (p, req) => {
        const g = template(p, req.accessKeyId);
        g.GlobalIgName = name(p);
        return { GlobalSecurityIPGroup: [row(g, false)] };
      },

      DeleteGlobalSecurityIPGroup: (p, req) => {
        const g = template(p, req.accessKeyId);
        if (linked(g).length) throw codes.globalIpGroupInUse();
        ctx.store.globalIpGroups = templates().filter((x) => x !== g);
        return { GlobalSecurityIPGroup: [row(g, true)] };
      },

      // The cluster's whole set of templates: the ones listed are linked, the others unlinked ("" unlinks all).
      ModifyGlobalSecurityIPGroupRelation: (p, req) => {
        const c = runningCluster(p);
        if (required(p, "RegionId") !== c.RegionId) throw codes.clusterNotFound();
        const ids = splitIds(p.GlobalSecurityGroupId ?? "");
        const wanted = ids.map((id) => held(c.RegionId, req.accessKeyId).find((g) => g.GlobalSecurityGroupId === id) ?? (() => { throw codes.globalIpGroupNotFound(); })());
        for (const g of held(c.RegionId, req.accessKeyId)) {
          const on = wanted.includes(g);
          g.DBInstances = on ? [...new Set([...linked(g), c.DBClusterId])] : linked(g).filter((x) => x !== c.DBClusterId);
        }
        return { DBClusterId: c.DBClusterId, GlobalSecurityIPGroupRel: relations(c).map((g) => row(g, false)) };
      },

      DescribeGlobalSecurityIPGroupRelation: (p) => {
        const c = cluster(p);
        if (required(p, "RegionId") !== c.RegionId) throw codes.clusterNotFound();
        return { DBClusterId: c.DBClusterId, GlobalSecurityIPGroupRel: relations(c).map((g) => row(g, false)) };
      },
    },
  };
}
