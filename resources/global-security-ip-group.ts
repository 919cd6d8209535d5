/**
 * A global IP whitelist template of a region: one list of addresses that any number of clusters
 * link to (Cluster's `globalSecurityGroupList`). Inputs are named as in @pulumi/alicloud's
 * polardb.GlobalSecurityIpGroup.
 *
 * Id: the template's id, `g-…`. Manage an existing one with `adopt: "g-…"`; read one with
 * `GlobalSecurityIpGroup.get(name, "g-…")`.
 * Create: CreateGlobalSecurityIPGroup (no ClientToken: the provider lists the region's templates
 * before the call and finds the newcomer, so a lost answer does not make two).
 * In place: globalIpList (ModifyGlobalSecurityIPGroup, with the name), globalIpGroupName alone
 * (ModifyGlobalSecurityIPGroupName). Replacement: regionId.
 * Delete: DeleteGlobalSecurityIPGroup; the cloud refuses while a cluster is linked (unlink it
 * first: a Cluster that references this template is updated or destroyed before it).
 */
import { z } from "zod";
import { adoptInputs, commonInputs, compositeId, defineResource, listOf, normalise, Props } from "../provider/spec";
import { splitList } from "./common";
import { isIpOrCidr } from "./whitelist";

export const GLOBAL_GROUP_ID = /^g-[a-z0-9]+$/;
/** GlobalIgName: lower-case letters, digits and "_", a letter first, a letter or digit last, 2–120 characters. */
export const TEMPLATE_NAME = /^[a-z][a-z0-9_]{0,118}[a-z0-9]$/;
/** "You can add a total of up to 1,000 IP addresses or CIDR blocks to all IP whitelists." */
export const MAX_TEMPLATE_IPS = 1000;

/** Why a comma-separated GIpList is not acceptable, or undefined. */
export function ipListProblem(text: string): string | undefined {
  const ips = splitList(text);
  if (!ips.length) return "must list at least one address";
  const bad = ips.filter((ip) => !isIpOrCidr(ip));
  if (bad.length) return `${bad.map((b) => `"${b}"`).join(", ")} ${bad.length === 1 ? "is not" : "are not"} an IPv4 address ("10.23.12.24") or a CIDR block with a prefix of 1–32 ("10.23.12.0/24")`;
  const seen = new Set<string>();
  const twice = ips.filter((ip) => (seen.has(ip) ? true : (seen.add(ip), false)));
  if (twice.length) return `lists ${twice.map((b) => `"${b}"`).join(", ")} twice (the cloud refuses repeats)`;
  if (ips.length > MAX_TEMPLATE_IPS) return `lists ${ips.length} addresses: at most ${MAX_TEMPLATE_IPS} (the cloud's limit)`;
  return undefined;
}

export const globalSecurityIpGroupInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  /** The template's name: 2–120 lower-case letters, digits and "_", a letter first, a letter or digit last. In place. */
  globalIpGroupName: z.string().regex(TEMPLATE_NAME, '2–120 lower-case letters, digits and "_", starting with a letter and ending with a letter or digit (e.g. "office_ips")'),
  /** The addresses and CIDR blocks, comma-separated (`"10.0.0.1,192.168.0.0/24"`), at most 1000; order does not matter. In place. */
  globalIpList: z.string().superRefine((v, ctx) => {
    const problem = ipListProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

export type GlobalSecurityIpGroupInputs = z.output<typeof globalSecurityIpGroupInputs>;

const template = z.looseObject({
  GlobalSecurityGroupId: z.string(), GlobalIgName: z.string().nullish(), GIpList: z.string().nullish(), RegionId: z.string().nullish(),
  DBInstances: listOf(z.string()),
});
const templates = z.looseObject({ GlobalSecurityIPGroup: listOf(template) });
type Template = z.output<typeof template>;

const ipText = (v: string) => (normalise.unorderedList(v) as string[]).join(",");
const sameAsDeclared = (t: Template, i: GlobalSecurityIpGroupInputs) => t.GlobalIgName === i.globalIpGroupName && ipText(t.GIpList ?? "") === ipText(i.globalIpList);

function liveOutputs(t: Template): Props {
  return {
    globalIpGroupName: t.GlobalIgName ?? undefined,
    globalIpList: t.GIpList ?? undefined,
    /** The clusters linked to the template. */
    dbInstances: [...t.DBInstances].sort(),
  };
}

export const globalSecurityIpGroupSpec = defineResource({
  kind: "GlobalSecurityIpGroup",
  inputs: globalSecurityIpGroupInputs,
  outputs: {
    globalIpList: { doc: "The addresses as the cloud holds them, comma-separated." },
    globalSecurityGroupId: { type: "string", doc: "The template's id, `g-…` (also the resource id): what a Cluster's `globalSecurityGroupList` lists." },
    dbInstances: { type: "string[]", doc: "The clusters linked to the template." },
  },
  publicClass: {
    getDoc: 'Reads an existing template without managing it: `GlobalSecurityIpGroup.get("office", "g-…")`. To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ globalSecurityGroupId: "GlobalSecurityGroupId" }, { globalSecurityGroupId: GLOBAL_GROUP_ID }),
  replaceOn: [],
  normalise: { globalIpList: normalise.unorderedList },
  // A template belongs to no cluster.
  cluster: () => undefined,
  create: {
    action: "CreateGlobalSecurityIPGroup",
    params: (i: GlobalSecurityIpGroupInputs) => ({ GlobalIgName: i.globalIpGroupName, GIpList: ipText(i.globalIpList) }),
    discover: {
      list: { action: "DescribeGlobalSecurityIPGroup", params: () => ({}), response: templates },
      items: (r: z.output<typeof templates>) => r.GlobalSecurityIPGroup,
      idOf: (t: Template) => t.GlobalSecurityGroupId,
      matches: (t: Template, i: GlobalSecurityIpGroupInputs) => sameAsDeclared(t, i),
      // A template named and filled as declared, that no resource of this run holds: an earlier attempt's.
      recognise: (t: Template, i: GlobalSecurityIpGroupInputs) => sameAsDeclared(t, i),
      assigns: (t: Template) => ({ globalSecurityGroupId: t.GlobalSecurityGroupId }),
    },
  },
  read: {
    // The region's templates, picked by id (the cloud's filter by id is not documented to answer NotFound).
    action: "DescribeGlobalSecurityIPGroup",
    params: () => ({}),
    response: templates,
    pick: (r: z.output<typeof templates>, key) => r.GlobalSecurityIPGroup.find((t) => t.GlobalSecurityGroupId === key.globalSecurityGroupId),
    outputs: (t: Template) => liveOutputs(t),
  },
  // A template has no status: a change shows at once.
  status: () => "applied",
  ready: () => true,
  update: [
    {
      // ModifyGlobalSecurityIPGroup requires the name too: a rename with new addresses is one call.
      fields: ["globalIpList"], action: "ModifyGlobalSecurityIPGroup",
      params: (n) => ({ GIpList: ipText(n.globalIpList), GlobalIgName: n.globalIpGroupName }),
    },
    { fields: ["globalIpGroupName"], action: "ModifyGlobalSecurityIPGroupName", params: (n) => ({ GlobalIgName: n.globalIpGroupName }) },
  ],
  delete: { action: "DeleteGlobalSecurityIPGroup" },
  timeouts: { create: "5m", update: "5m", delete: "5m" },
});
