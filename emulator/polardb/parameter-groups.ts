/**
 * Parameter templates (SDK 9.2.1 CreateParameterGroup, DescribeParameterGroup(s),
 * DeleteParameterGroup): a region's named sets of MySQL parameter values that a new cluster starts
 * with (CreateDBCluster ParameterGroupId) or an existing one applies (ModifyDBClusterParameters
 * ParameterGroupId). Only MySQL 5.6 / 5.7 / 8.0 has them. Each region also has one system
 * template per version (ParameterGroupType 0: the defaults), as the cloud lists them, which can
 * be used but not deleted. Creation and deletion are immediate (no status).
 *
 * The rules, from the SDK's documentation: the name 8–64 characters, a letter first, letters,
 * digits and _, not ending with _; the description at most 199 characters; Parameters a JSON
 * object of string values, each checked like ModifyDBClusterParameters' (names the engine knows,
 * modifiable, within CheckingCode).
 */
import { codes } from "../codes";
import { checkParameterChanges, defaultParameters, parameterCatalogue } from "../cluster-settings";
import { iso, optional, Params, required } from "../params";
import type { ParameterGroup } from "../state";
import { Area, digest, PolarContext } from "./context";
import { REGIONS } from "./catalogue";

export const PARAMETER_GROUP_VERSIONS = ["5.6", "5.7", "8.0"] as const;
const NAME = /^[A-Za-z][A-Za-z0-9_]{6,62}[A-Za-z0-9]$/;
const ID = /^pcpg-[a-z0-9]+$/;

/** The id of a region's system template of a MySQL version (what DescribeParameterGroups lists first). */
export function systemParameterGroupId(regionId: string, dbVersion: string): string {
  return `pcpg-${digest(`system:${regionId}:MySQL:${dbVersion}`).slice(0, 17)}`;
}

/** A region's system templates: the modifiable defaults of each version. */
function systemGroups(regionId: string): ParameterGroup[] {
  const catalogue = parameterCatalogue("MySQL");
  const values = Object.fromEntries(Object.entries(defaultParameters("MySQL")).filter(([k]) => catalogue[k].modifiable));
  return PARAMETER_GROUP_VERSIONS.map((v) => ({
    ParameterGroupId: systemParameterGroupId(regionId, v), RegionId: regionId, ParameterGroupName: `default_mysql_${v.replace(".", "")}`,
    ParameterGroupDesc: `System default template of PolarDB for MySQL ${v}`, DBType: "MySQL", DBVersion: v,
    CreateTime: "2021-01-01T00:00:00Z", parameters: values,
  }));
}

/** A template of the region (system or custom), or undefined. */
export function findParameterGroup(ctx: PolarContext, regionId: string, id: string): (ParameterGroup & { system: boolean }) | undefined {
  const custom = (ctx.store.parameterGroups ?? []).find((g) => g.ParameterGroupId === id && g.RegionId === regionId);
  if (custom) return { ...custom, system: false };
  const system = REGIONS[regionId] ? systemGroups(regionId).find((g) => g.ParameterGroupId === id) : undefined;
  return system && { ...system, system: true };
}

/**
 * The values a cluster of this engine takes from template `id` of its region: refused as the cloud
 * refuses an unknown template (ParamGroupsNotExist) or one of another engine or version (InvalidParameter).
 */
export function parameterGroupValues(ctx: PolarContext, regionId: string, id: string, dbType: string, dbVersion: string): Record<string, string> {
  if (dbType !== "MySQL" || !ID.test(id)) throw codes.invalidParameter("ParameterGroupId");
  const g = findParameterGroup(ctx, regionId, id);
  if (!g) throw codes.parameterGroupNotFound();
  if (g.DBType !== dbType || g.DBVersion !== dbVersion) throw codes.invalidParameter("ParameterGroupId");
  return { ...g.parameters };
}

/** Whether applying these values restarts the cluster (a ForceRestart parameter among them). */
export const restartsFor = (values: Record<string, string>) => Object.keys(values).some((k) => parameterCatalogue("MySQL")[k]?.restart === true);

export function parameterGroupArea(ctx: PolarContext): Area {
  const row = (g: ParameterGroup & { system: boolean }) => ({
    CreateTime: g.CreateTime, DBType: g.DBType, DBVersion: g.DBVersion, ForceRestart: restartsFor(g.parameters) ? "1" : "0",
    ParameterCounts: Object.keys(g.parameters).length, ParameterGroupDesc: g.ParameterGroupDesc, ParameterGroupId: g.ParameterGroupId,
    ParameterGroupName: g.ParameterGroupName, ParameterGroupType: g.system ? "0" : "1",
  });
  const region = (p: Params) => {
    const r = required(p, "RegionId");
    if (!REGIONS[r]) throw codes.regionNotFound();
    return r;
  };

  return {
    actions: {
      CreateParameterGroup: (p, req) => {
        const regionId = region(p);
        // "Only MySQL is supported", versions 5.6 / 5.7 / 8.0: other values are refused as not supported.
        if (required(p, "DBType") !== "MySQL") throw codes.valueNotSupported("DBType");
        const version = required(p, "DBVersion");
        if (!(PARAMETER_GROUP_VERSIONS as readonly string[]).includes(version)) throw codes.valueNotSupported("DBVersion");
        const name = required(p, "ParameterGroupName");
        if (!NAME.test(name)) throw codes.malformed("ParameterGroupName");
        const desc = optional(p, "ParameterGroupDesc") ?? "";
        if ([...desc].length > 199) throw codes.malformed("ParameterGroupDesc");
        const parameters = checkParameterChanges("MySQL", required(p, "Parameters"));
        const g: ParameterGroup = {
          ParameterGroupId: `pcpg-${ctx.alnum(17)}`, RegionId: regionId, ParameterGroupName: name, ParameterGroupDesc: desc,
          DBType: "MySQL", DBVersion: version, CreateTime: iso(ctx.clock.now()).replace(/\.\d{3}Z$/, "Z"), parameters, ownerKey: req.accessKeyId,
        };
        (ctx.store.parameterGroups ??= []).push(g);
        return { ParameterGroupId: g.ParameterGroupId };
      },

      DescribeParameterGroup: (p) => {
        const regionId = region(p);
        const g = findParameterGroup(ctx, regionId, required(p, "ParameterGroupId"));
        const dbType = optional(p, "DBType");
        if (!g || (dbType !== undefined && dbType !== g.DBType)) throw codes.parameterGroupNotFound();
        return {
          ParameterGroup: [{ ...row(g), ParameterDetail: Object.entries(g.parameters).map(([ParamName, ParamValue]) => ({ ParamName, ParamValue })) }],
        };
      },

      DescribeParameterGroups: (p, req) => {
        const regionId = region(p);
        const dbType = optional(p, "DBType");
        const version = optional(p, "DBVersion");
        const custom = (ctx.store.parameterGroups ?? []).filter((g) => g.RegionId === regionId && (g.ownerKey === undefined || g.ownerKey === req.accessKeyId));
        const all = [...systemGroups(regionId).map((g) => ({ ...g, system: true })), ...custom.map((g) => ({ ...g, system: false }))]
          .filter((g) => (dbType === undefined || g.DBType === dbType) && (version === undefined || g.DBVersion === version));
        return { ParameterGroups: all.map(row) };
      },

      DeleteParameterGroup: (p) => {
        const regionId = region(p);
        const id = required(p, "ParameterGroupId");
        const g = findParameterGroup(ctx, regionId, id);
        if (!g) throw codes.parameterGroupNotFound();
        if (g.system) throw codes.invalidParameter("ParameterGroupId"); // a system template cannot be deleted
        ctx.store.parameterGroups = (ctx.store.parameterGroups ?? []).filter((x) => x.ParameterGroupId !== id);
        return {};
      },
    },
  };
}
