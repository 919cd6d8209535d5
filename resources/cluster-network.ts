/**
 * A cluster's PolarProxy, node specification type and network access as Cluster inputs, named as
 * @pulumi/alicloud's polardb.Cluster names them: proxyType and proxyClass (CreateDBCluster),
 * subCategory (ModifyDBNodeClass's SubCategory), securityGroupIds (ModifyDBClusterAccessWhitelist
 * with WhiteListType SecurityGroup) and globalSecurityGroupList (the global IP whitelist templates,
 * polardb.GlobalSecurityIpGroup, linked with ModifyGlobalSecurityIPGroupRelation). Inputs, rules,
 * create parameters, update groups and the reads that return them; cluster.ts wires them in.
 */
import { z } from "zod";
import { NODE_CLASSES } from "../reference/catalogue";
import { editionOf } from "../reference/editions";
import type { ApiCall, Key, Props, ReadCall, UpdateGroup } from "../provider/spec";
import { listOf, looseString, normalise } from "../provider/spec";

export const PROXY_TYPES = ["EXCLUSIVE", "GENERAL"] as const;
/** The Standard Edition's PolarProxy classes and their cores (SDK 9.2.1 CreateDBClusterRequest.ProxyClass). */
export const PROXY_CLASS_CORES: Record<string, number> = {
  "polar.maxscale.g2.medium.c": 2, "polar.maxscale.g2.large.c": 4, "polar.maxscale.g2.xlarge.c": 8, "polar.maxscale.g2.2xlarge.c": 16,
  "polar.maxscale.g2.3xlarge.c": 24, "polar.maxscale.g2.4xlarge.c": 32, "polar.maxscale.g2.8xlarge.c": 64,
};
const PROXY_CLASSES = Object.keys(PROXY_CLASS_CORES) as [string, ...string[]];
export const SUB_CATEGORIES = ["Exclusive", "General"] as const;
/** ModifyDBClusterAccessWhitelist: "A cluster supports up to 3 security groups". */
export const MAX_SECURITY_GROUPS = 3;
const SECURITY_GROUP = /^sg-[a-z0-9]+$/;
const GLOBAL_GROUP = /^g-[a-z0-9]+$/;

const distinct = (xs: string[]) => new Set(xs).size === xs.length;

export const clusterNetworkInputs = {
  /**
   * The PolarProxy edition at creation: `"EXCLUSIVE"` (Dedicated Enterprise) or `"GENERAL"` (Standard Enterprise). It must match the
   * node specification type (subCategory: Exclusive ↔ EXCLUSIVE, General ↔ GENERAL); it changes with it in place (ModifyDBNodeClass with SubCategory).
   */
  proxyType: z.enum(PROXY_TYPES, 'must be "EXCLUSIVE" (Dedicated Enterprise) or "GENERAL" (Standard Enterprise)').optional(),
  /**
   * The Standard Edition's (creationCategory SENormal) PolarProxy class, e.g. `"polar.maxscale.g2.medium.c"` (2 cores) … `"polar.maxscale.g2.8xlarge.c"` (64).
   * Sent at creation; read back from ProxyStandardCpuCores. No API changes it: a change replaces the cluster.
   */
  proxyClass: z.enum(PROXY_CLASSES, `must be one of ${PROXY_CLASSES.map((c) => `"${c}"`).join(", ")}`).optional(),
  /**
   * MySQL Cluster Edition: the node specification type, `"Exclusive"` (Dedicated) or `"General"` (General-purpose). A change runs
   * ModifyDBNodeClass with SubCategory (normal_exclusive / normal_general) and the declared dbNodeClass, in place; the proxy type follows.
   */
  subCategory: z.enum(SUB_CATEGORIES, 'must be "Exclusive" (Dedicated) or "General" (General-purpose)').optional(),
  /** The cluster's ECS security groups (`sg-…`), at most 3; `[]` removes them. In place (ModifyDBClusterAccessWhitelist, WhiteListType SecurityGroup). */
  securityGroupIds: z.array(z.string().regex(SECURITY_GROUP, 'a security group id such as "sg-bp1…"'))
    .max(MAX_SECURITY_GROUPS, `at most ${MAX_SECURITY_GROUPS} security groups (the cloud's limit per cluster)`)
    .refine(distinct, "lists a security group twice").optional(),
  /** Global IP whitelist templates (`g-…`, GlobalSecurityIpGroup ids) linked to the cluster; `[]` unlinks all. In place (ModifyGlobalSecurityIPGroupRelation). */
  globalSecurityGroupList: z.array(z.string().regex(GLOBAL_GROUP, 'a global IP whitelist template id such as "g-zsl…" (pass GlobalSecurityIpGroup.id)'))
    .refine(distinct, "lists a template twice").optional(),
};

type Network = { [K in keyof typeof clusterNetworkInputs]?: z.output<(typeof clusterNetworkInputs)[K]> };
type Issue = { path: string; message: string };

const proxyTypeOf = (sub: string) => (sub === "General" ? "GENERAL" : "EXCLUSIVE");

/** The rules between these inputs, the engine and the edition; each names the field. */
export function networkProblems(c: Network & { dbType: string; creationCategory?: string }): Issue[] {
  const out: Issue[] = [];
  const edition = c.creationCategory ?? "Normal";
  if (c.proxyClass !== undefined && edition !== "SENormal") {
    out.push({ path: "proxyClass", message: 'is the Standard Edition\'s proxy class: it needs creationCategory "SENormal" (Enterprise editions size the proxy with the nodes)' });
  }
  if (c.subCategory !== undefined && !(c.dbType === "MySQL" && edition === "Normal")) {
    out.push({ path: "subCategory", message: `applies to PolarDB for MySQL Cluster Edition (creationCategory "Normal") only, not ${c.dbType} ${edition}` });
  }
  if (c.subCategory !== undefined && c.proxyType !== undefined && proxyTypeOf(c.subCategory) !== c.proxyType) {
    out.push({ path: "proxyType", message: `must match subCategory: ${c.subCategory} nodes take proxyType "${proxyTypeOf(c.subCategory)}"` });
  }
  return out;
}

/**
 * Changes no API makes: the proxy type moves only with the node type, which only MySQL Cluster
 * Edition has (ModifyDBNodeClass's SubCategory); elsewhere it is fixed at creation.
 */
export function networkForbidden(olds: Props, news: Props): Array<{ field: string; problem: string }> {
  const changed = olds.proxyType !== undefined && news.proxyType !== undefined && String(olds.proxyType).toUpperCase() !== news.proxyType;
  const edition = (news.creationCategory as string | undefined) ?? (olds.creationCategory as string | undefined) ?? "Normal";
  if (!changed || (news.dbType === "MySQL" && edition === "Normal")) return [];
  return [{
    field: "proxyType",
    problem: `the proxy type of a ${String(news.dbType)} ${edition} cluster is fixed at creation (it changes only with the node type, which MySQL Cluster Edition has): keep proxyType "${String(olds.proxyType)}". Nothing was changed.`,
  }];
}

/** CreateDBCluster's parameters. */
export function networkParams(i: Network): Record<string, unknown> {
  return { ProxyType: i.proxyType, ProxyClass: i.proxyClass };
}

/** Create-only (no API changes them): replace the cluster. */
export const NETWORK_REPLACE_ON = ["proxyClass"] as const;

/** ModifyDBNodeClass's ModifyType between two classes the catalogue knows (cores, then memory); an unknown one counts as an upgrade. */
function direction(from: unknown, to: string): "Upgrade" | "Downgrade" {
  const size = (code: unknown) => NODE_CLASSES.find((c) => c.code === code);
  const [a, b] = [size(from), size(to)];
  return a && b && (b.cpu < a.cpu || (b.cpu === a.cpu && b.memoryGb < a.memoryGb)) ? "Downgrade" : "Upgrade";
}

/**
 * Update groups. The node type group runs before the class group and sends the declared class with
 * it (the cloud requires SubCategory when the class moves between Dedicated and General-purpose);
 * the class group then finds the class converged. `calls`, not `action`: a type change cannot wait
 * for a plannedWindow (the scheduled task would lose SubCategory).
 */
export const networkUpdates: ReadonlyArray<UpdateGroup<any>> = [
  {
    fields: ["subCategory", "proxyType"],
    apis: ["ModifyDBNodeClass"],
    clientToken: true,
    calls: (n: Props, o: Props, key: Key): ApiCall[] => {
      const sub = (n.subCategory as string | undefined) ?? (n.proxyType === "GENERAL" ? "General" : "Exclusive");
      return [{
        action: "ModifyDBNodeClass",
        params: {
          DBClusterId: key.dbClusterId, DBNodeTargetClass: n.dbNodeClass, ModifyType: direction(o.dbNodeClass, String(n.dbNodeClass)),
          SubCategory: sub === "General" ? "normal_general" : "normal_exclusive",
        },
      }];
    },
  },
  {
    fields: ["securityGroupIds"], action: "ModifyDBClusterAccessWhitelist",
    params: (n: Props) => ({ WhiteListType: "SecurityGroup", SecurityGroupIds: ((n.securityGroupIds as string[] | undefined) ?? []).join(",") }),
  },
  {
    fields: ["globalSecurityGroupList"], action: "ModifyGlobalSecurityIPGroupRelation",
    params: (n: Props) => ({ GlobalSecurityGroupId: ((n.globalSecurityGroupList as string[] | undefined) ?? []).join(",") }),
  },
];

const proxyRow = z.looseObject({
  Category: z.string().nullish(), ProxyType: z.string().nullish(), SubCategory: z.string().nullish(), ProxyStandardCpuCores: looseString.nullish(),
});

/** What DescribeDBClusterAttribute says of the edition, the proxy and the node type. */
export function networkOutputs(row: unknown): Props {
  const r = proxyRow.safeParse(row);
  if (!r.success) return {};
  const a = r.data;
  const edition = editionOf(a.Category);
  const cores = Number(a.ProxyStandardCpuCores);
  const proxyClass = edition === "SENormal" ? Object.entries(PROXY_CLASS_CORES).find(([, n]) => n === cores)?.[0] : undefined;
  return {
    creationCategory: edition,
    proxyType: a.ProxyType ? a.ProxyType.toUpperCase() : undefined,
    subCategory: SUB_CATEGORIES.find((s) => s.toLowerCase() === (a.SubCategory ?? "").toLowerCase()),
    proxyClass,
  };
}

const accessWhitelist = z.looseObject({
  DBClusterSecurityGroups: z.looseObject({ DBClusterSecurityGroup: listOf(z.looseObject({ SecurityGroupId: z.string() })) }).nullish(),
});
const relations = z.looseObject({ GlobalSecurityIPGroupRel: listOf(z.looseObject({ GlobalSecurityGroupId: z.string() })) });

/** Further describes: the security groups and the linked templates (refresh sees changes made elsewhere). */
export const networkEnrichers: Array<ReadCall & { outputs: (response: any, key: Key, primary: Props) => Props }> = [
  {
    action: "DescribeDBClusterAccessWhitelist", response: accessWhitelist,
    outputs: (r: z.output<typeof accessWhitelist>) => ({ securityGroupIds: normalise.unorderedList((r.DBClusterSecurityGroups?.DBClusterSecurityGroup ?? []).map((g) => g.SecurityGroupId)) }),
  },
  {
    action: "DescribeGlobalSecurityIPGroupRelation", response: relations,
    outputs: (r: z.output<typeof relations>) => ({ globalSecurityGroupList: normalise.unorderedList(r.GlobalSecurityIPGroupRel.map((g) => g.GlobalSecurityGroupId)) }),
  },
];

export const networkNormalise = {
  securityGroupIds: normalise.unorderedList,
  globalSecurityGroupList: normalise.unorderedList,
  proxyType: (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v),
  creationCategory: (v: unknown) => (typeof v === "string" ? editionOf(v) : v),
};

export const networkChangeDocs = {
  subCategory: "in place (`ModifyDBNodeClass` with `SubCategory` and the declared dbNodeClass; the proxy type follows)",
  proxyType: "in place with subCategory (`ModifyDBNodeClass` with `SubCategory`): the proxy type follows the node type",
};
