/**
 * A parameter template of a region (CreateParameterGroup / DescribeParameterGroup /
 * DeleteParameterGroup): a named set of PolarDB for MySQL parameter values that a cluster starts
 * with (`Cluster.parameterGroupId`) or applies later. The API has no call that changes a template,
 * so every input replaces it (as @pulumi/alicloud's polardb.ParameterGroup, whose arguments are
 * all ForceNew); the old one is deleted first, as names may be unique.
 *
 * Id: `pcpg-…`, in the resource's region (regionId, else the provider's). CreateParameterGroup
 * takes no ClientToken: the new template is found in DescribeParameterGroups by its name, and one
 * an interrupted run made (same name, engine, version, description and number of parameters) is
 * taken over instead of made twice.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, listOf, looseNumber, looseString } from "../provider/spec";

export const PARAMETER_GROUP_ID = /^pcpg-[a-z0-9]+$/;
const PARAMETER_NAME = /^[a-z_][a-z0-9_.]{0,127}$/i;
const value = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** The peer's `parameters { param_name, param_value }` blocks, or a map; a map either way. */
const parameters = z.union([
  z.record(z.string().regex(PARAMETER_NAME, "parameter names are letters, digits, _ and ."), value),
  z.array(z.strictObject({ paramName: z.string().regex(PARAMETER_NAME, "parameter names are letters, digits, _ and ."), paramValue: value })),
], { error: 'must be a map of name → value, e.g. { wait_timeout: "86400" } (or @pulumi/alicloud\'s [{ paramName, paramValue }])' })
  .transform((p) => (Array.isArray(p) ? Object.fromEntries(p.map((x) => [x.paramName, x.paramValue])) : p))
  .refine((p) => Object.keys(p).length > 0, "must list at least one parameter");

export const parameterGroupInputs = z.strictObject({
  ...commonInputs,
  /** The template's name: 8–64 characters, a letter first, letters, digits and _, not ending with _. */
  parameterGroupName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{6,62}[A-Za-z0-9]$/,
    "8–64 characters: letters, digits and _, starting with a letter and not ending with _"),
  /** The engine: only `"MySQL"` has parameter templates. */
  dbType: z.enum(["MySQL"], 'must be "MySQL" (only PolarDB for MySQL has parameter templates)'),
  /** The MySQL version the template is for: `"5.6"`, `"5.7"` or `"8.0"`; a cluster can use a template of its own version only. */
  dbVersion: z.enum(["5.6", "5.7", "8.0"], 'must be "5.6", "5.7" or "8.0"'),
  /** The template's description, at most 199 characters. */
  description: z.string().max(199, "must be at most 199 characters").optional(),
  /**
   * Parameter name → value (numbers become strings), e.g. `{ wait_timeout: "86400", innodb_old_blocks_time: "1000" }`.
   * @pulumi/alicloud's list `[{ paramName, paramValue }]` is accepted too. DescribeParameterTemplates lists what a version takes.
   */
  parameters,
});

export type ParameterGroupInputs = z.output<typeof parameterGroupInputs>;

const groupRow = z.looseObject({
  ParameterGroupId: z.string(), ParameterGroupName: looseString.nullish(), ParameterGroupDesc: looseString.nullish(),
  DBType: z.string().nullish(), DBVersion: looseString.nullish(), CreateTime: z.string().nullish(), ForceRestart: looseString.nullish(),
  ParameterCounts: looseNumber.nullish(), ParameterGroupType: looseString.nullish(),
  ParameterDetail: listOf(z.looseObject({ ParamName: z.string(), ParamValue: looseString.nullish() })).optional(),
});
type Row = z.output<typeof groupRow>;
const describeResponse = z.looseObject({ ParameterGroup: listOf(groupRow) });
const listResponse = z.looseObject({ ParameterGroups: listOf(groupRow) });

/** The normalised comparison form: values as strings, names sorted. */
function sortedValues(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A listed template this create would have made (the list shows no values: their number stands for them). */
const sameListed = (r: Row, i: ParameterGroupInputs) => r.ParameterGroupName === i.parameterGroupName && r.DBType === i.dbType
  && r.DBVersion === i.dbVersion && (r.ParameterGroupDesc ?? "") === (i.description ?? "") && r.ParameterCounts === Object.keys(i.parameters).length
  && r.ParameterGroupType !== "0";

export const parameterGroupSpec = defineResource({
  kind: "ParameterGroup",
  inputs: parameterGroupInputs,
  outputs: {
    parameters: { type: "Record<string, string>" },
    createTime: { type: "string", doc: "When the template was made (UTC, yyyy-MM-ddTHH:mm:ssZ)." },
    parameterCount: { type: "number" },
    forceRestart: { type: "boolean", doc: "Whether applying the template restarts a cluster (a ForceRestart parameter among them)." },
    parameterGroupType: { type: "string", doc: '"1": a custom template (yours); "0": a system template.' },
  },
  publicClass: {
    getDoc: "Reads an existing template of the provider's region: `ParameterGroup.get(\"g\", \"pcpg-…\")`.",
  },
  id: compositeId({ parameterGroupId: "ParameterGroupId" }, { parameterGroupId: PARAMETER_GROUP_ID }),
  replaceOn: ["parameterGroupName", "dbType", "dbVersion", "description", "parameters"],
  deleteBeforeReplace: true,
  aliases: { name: "parameterGroupName" }, // @pulumi/alicloud's deprecated name
  normalise: { parameters: sortedValues },
  cluster: () => undefined,
  create: {
    action: "CreateParameterGroup",
    params: (i: ParameterGroupInputs) => ({
      ParameterGroupName: i.parameterGroupName, DBType: i.dbType, DBVersion: i.dbVersion, ParameterGroupDesc: i.description,
      Parameters: JSON.stringify(i.parameters),
    }),
    discover: {
      list: { action: "DescribeParameterGroups", params: () => ({ DBType: "MySQL" }), response: listResponse },
      items: (r: z.output<typeof listResponse>) => r.ParameterGroups,
      idOf: (r: Row) => r.ParameterGroupId,
      matches: (r: Row, i: ParameterGroupInputs) => r.ParameterGroupName === i.parameterGroupName,
      recognise: sameListed,
      assigns: (r: Row) => ({ parameterGroupId: r.ParameterGroupId }),
    },
  },
  read: {
    action: "DescribeParameterGroup",
    response: describeResponse,
    pick: (r: z.output<typeof describeResponse>, key) => r.ParameterGroup.find((g) => g.ParameterGroupId === key.parameterGroupId),
    outputs: (g: Row) => ({
      parameterGroupName: g.ParameterGroupName ?? undefined, dbType: g.DBType ?? undefined, dbVersion: g.DBVersion ?? undefined,
      description: g.ParameterGroupDesc ?? undefined,
      parameters: Object.fromEntries((g.ParameterDetail ?? []).map((x) => [x.ParamName, x.ParamValue ?? ""])),
      createTime: g.CreateTime ?? undefined, parameterCount: g.ParameterCounts ?? undefined,
      forceRestart: g.ForceRestart === undefined || g.ForceRestart === null ? undefined : g.ForceRestart === "1" || g.ForceRestart === "true",
      parameterGroupType: g.ParameterGroupType ?? undefined,
    }),
  },
  status: () => "Available",
  ready: () => true,
  delete: { action: "DeleteParameterGroup" },
  timeouts: { create: "5m", update: "5m", delete: "5m" },
});
