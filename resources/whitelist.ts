/**
 * One IP whitelist group of a PolarDB cluster (DBClusterIPArrayName) with its addresses, so that
 * separate teams can own separate groups of one cluster. Inputs are named as in @pulumi/alicloud
 * (its polardb.Cluster's dbClusterIpArrays / securityIps).
 *
 * Id: `<dbClusterId>:<dbClusterIpArrayName>` (`pc-…:appservers`). Manage an existing group with `adopt`; read one with
 * `Whitelist.get(name, "pc-…:appservers")`.
 * Create and every change: ModifyDBClusterAccessWhitelist, ModifyMode=Cover, with the whole list
 * (so the group holds exactly the listed addresses: order and duplicates do not matter).
 * In place: securityIps. Replacement (the old group is emptied first: names are unique):
 * dbClusterId, dbClusterIpArrayName, dbClusterIpArrayAttribute, regionId.
 * Create refuses a group that already holds addresses (someone else's): adopt it instead.
 * Delete empties the group, which removes a named group. The "default" group cannot be removed:
 * deleting its resource puts back the cluster's initial 127.0.0.1 (no address may connect), and a
 * default group holding just 127.0.0.1 counts as not managed (so it cannot be declared either).
 */
import { z } from "zod";
import { adoptInputs, commonInputs, compositeId, defineResource, listOf, normalise, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId, splitList } from "./common";

// The reference says letters and digits; the cloud also takes "_" (Terraform's acceptance tests make test_ips1 there).
const GROUP_NAME = /^[a-z][a-z0-9_]{0,118}[a-z0-9]$/;
const DEFAULT_GROUP = "default";
/** What the default group holds on a new cluster, and after its resource is deleted. */
const INITIAL_DEFAULT_IPS = ["127.0.0.1"];
const MAX_IPS = 1000;

/** An IPv4 address, or a CIDR block with a prefix of 1–32. */
export function isIpOrCidr(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return false;
  if ([m[1], m[2], m[3], m[4]].some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith("0")))) return false;
  return m[5] === undefined || (Number(m[5]) >= 1 && Number(m[5]) <= 32 && !(m[5].length > 1 && m[5].startsWith("0")));
}

const ip = z.string().trim().refine(isIpOrCidr, 'an IPv4 address ("10.23.12.24") or a CIDR block with a prefix of 1–32 ("10.23.12.0/24")');

export const whitelistInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  dbClusterId,
  /** 2–120 lower-case letters, digits and "_", a letter first, not "_" last; "default" is the cluster's own group. */
  dbClusterIpArrayName: z.string().regex(GROUP_NAME, '2–120 lower-case letters, digits and "_", starting with a letter and ending with a letter or digit (e.g. "appservers" or "app_servers"; "default" is the cluster\'s own group)'),
  /** Addresses and CIDR blocks, in any order; duplicates are dropped. */
  securityIps: z.array(ip)
    .min(1, "must list at least one address (delete the resource to remove the group)")
    .refine((ips) => new Set(ips).size <= MAX_IPS, `at most ${MAX_IPS} addresses (the cluster's limit over all groups)`),
  /** "hidden": the console does not show the group. A shown group cannot be hidden later. */
  dbClusterIpArrayAttribute: z.literal("hidden", 'must be "hidden" (or left out)').optional(),
}).superRefine((w, ctx) => {
  const ips = normalise.unorderedList(w.securityIps);
  if (w.dbClusterIpArrayName === DEFAULT_GROUP && JSON.stringify(ips) === JSON.stringify(INITIAL_DEFAULT_IPS)) {
    ctx.addIssue({ code: "custom", path: ["securityIps"], message: 'is the default group\'s initial content (127.0.0.1 alone); leave the default group unmanaged, or list the addresses that may connect' });
  }
});

export type WhitelistInputs = z.output<typeof whitelistInputs>;

const group = z.looseObject({
  DBClusterIPArrayName: z.string(), DBClusterIPArrayAttribute: z.string().nullish(), SecurityIps: z.string().nullish(),
});
const whitelist = z.looseObject({ Items: z.looseObject({ DBClusterIPArray: listOf(group) }).optional() });
type Group = z.output<typeof group>;

const ipText = (ips: string[]) => (normalise.unorderedList(ips) as string[]).join(",");

function liveOutputs(g: Group): Props {
  return {
    dbClusterIpArrayName: g.DBClusterIPArrayName,
    securityIps: normalise.unorderedList(splitList(g.SecurityIps)),
    dbClusterIpArrayAttribute: g.DBClusterIPArrayAttribute || undefined,
  };
}

/** The state a group is in when no resource manages it: absent, empty, or the initial default. */
function isUnmanaged(o: Props): boolean {
  const ips = (o.securityIps as string[] | undefined) ?? [];
  return ips.length === 0 || (o.dbClusterIpArrayName === DEFAULT_GROUP && JSON.stringify(ips) === JSON.stringify(INITIAL_DEFAULT_IPS));
}

export const whitelistSpec = defineResource({
  kind: "Whitelist",
  inputs: whitelistInputs,
  outputs: {
    securityIps: { doc: "The group's addresses as the cloud holds them, sorted." },
  },
  publicClass: {
    getDoc: 'Reads an existing group without managing it: `Whitelist.get("app", "pc-…:appservers")`. To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbClusterIpArrayName: "DBClusterIPArrayName" }, { dbClusterId: CLUSTER_ID, dbClusterIpArrayName: GROUP_NAME }),
  replaceOn: ["dbClusterId", "dbClusterIpArrayName", "dbClusterIpArrayAttribute"],
  deleteBeforeReplace: true,
  normalise: { securityIps: normalise.unorderedList },
  cluster: (key) => key.dbClusterId,
  create: {
    action: "ModifyDBClusterAccessWhitelist",
    // Cover would replace another team's group of the same name without a word.
    refuseExisting: true,
    params: (i: WhitelistInputs) => ({
      WhiteListType: "IP", ModifyMode: "Cover", SecurityIps: ipText(i.securityIps), DBClusterIPArrayAttribute: i.dbClusterIpArrayAttribute,
    }),
  },
  read: {
    action: "DescribeDBClusterAccessWhitelist",
    params: (key) => ({ DBClusterId: key.dbClusterId }),
    response: whitelist,
    pick: (r: z.output<typeof whitelist>, key) => r.Items?.DBClusterIPArray.find((g) => g.DBClusterIPArrayName === key.dbClusterIpArrayName),
    outputs: (g: Group) => liveOutputs(g),
  },
  gone: isUnmanaged,
  // A group has no status: the change shows at once.
  status: () => "applied",
  ready: () => true,
  update: [
    {
      fields: ["securityIps"],
      action: "ModifyDBClusterAccessWhitelist",
      params: (n) => ({ WhiteListType: "IP", ModifyMode: "Cover", SecurityIps: ipText(n.securityIps) }),
    },
  ],
  delete: {
    action: "ModifyDBClusterAccessWhitelist",
    params: (key) => ({
      WhiteListType: "IP", ModifyMode: "Cover",
      SecurityIps: key.dbClusterIpArrayName === DEFAULT_GROUP ? INITIAL_DEFAULT_IPS.join(",") : "",
    }),
  },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
