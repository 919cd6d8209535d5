/**
 * IP whitelist groups and security groups (seed 003 §7.1).
 */
import { oneOf, optional } from "../params";
import { codes } from "../codes";
import { QUOTA } from "./catalogue";
import type { Area, PolarContext } from "./context";

export function whitelistArea(ctx: PolarContext): Area {
  const { cluster, runningCluster } = ctx;

  return {
    actions: {
      ModifyDBClusterAccessWhitelist: (p) => {
        const c = runningCluster(p);
        const type = oneOf(p, "WhiteListType", ["IP", "SecurityGroup"], "IP");
        if (type === "SecurityGroup") {
          const ids = (optional(p, "SecurityGroupIds") ?? "").split(",").filter(Boolean);
          if (ids.length > QUOTA.securityGroups || ids.some((s) => !/^sg-[a-z0-9]+$/.test(s))) throw codes.invalidParameter("SecurityGroupIds");
          c.securityGroupIds = ids;
          return {};
        }
        const name = optional(p, "DBClusterIPArrayName") ?? "default";
        // Letters and digits per the reference, and "_" as the cloud takes it (Terraform's test_ips1).
        if (!/^[a-z][a-z0-9_]{0,118}[a-z0-9]$/.test(name) && name !== "default") throw codes.invalidParameter("DBClusterIPArrayName");
        const mode = oneOf(p, "ModifyMode", ["Cover", "Append", "Delete"], "Cover");
        const attr = optional(p, "DBClusterIPArrayAttribute");
        const ips = (p.SecurityIps ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        for (const ip of ips) if (!validIp(ip)) throw codes.invalidParameter("SecurityIps");
        if (new Set(ips).size !== ips.length) throw codes.securityIpsDuplicate();
        let group = c.ipGroups.find((g) => g.DBClusterIPArrayName === name);
        if (!group) { group = { DBClusterIPArrayName: name, DBClusterIPArrayAttribute: attr ?? "", SecurityIps: "" }; c.ipGroups.push(group); }
        const current = group.SecurityIps.split(",").filter(Boolean);
        const next = mode === "Append" ? [...current, ...ips.filter((i) => !current.includes(i))] : mode === "Delete" ? current.filter((i) => !ips.includes(i)) : ips;
        const total = c.ipGroups.reduce((n, g) => n + (g === group ? next.length : g.SecurityIps.split(",").filter(Boolean).length), 0);
        if (total > QUOTA.ips) throw codes.securityIpsLength();
        if (attr !== undefined) group.DBClusterIPArrayAttribute = attr;
        group.SecurityIps = next.join(",");
        // A named group left with no address is removed (the default group always stays).
        if (!group.SecurityIps && name !== "default") c.ipGroups = c.ipGroups.filter((g) => g !== group);
        return {};
      },

      DescribeDBClusterAccessWhitelist: (p) => {
        const c = cluster(p);
        return {
          Items: { DBClusterIPArray: c.ipGroups.map((g) => ({ ...g })) },
          DBClusterSecurityGroups: { DBClusterSecurityGroup: c.securityGroupIds.map((id) => ({ SecurityGroupId: id, SecurityGroupName: c.VPCId })) },
        };
      },
    },
  };
}

export function validIp(ip: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(ip);
  if (!m) return false;
  if ([m[1], m[2], m[3], m[4]].some((o) => Number(o) > 255)) return false;
  return m[5] === undefined || (Number(m[5]) >= 1 && Number(m[5]) <= 32);
}
