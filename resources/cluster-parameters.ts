/**
 * Some of a cluster's parameters (ModifyDBClusterParameters, read from
 * DescribeDBClusterParameters). The resource manages exactly the parameters it lists: others
 * keep whatever value they have, and refresh reads back only the listed ones.
 *
 * Id: `<dbClusterId>`. Values are strings on the wire (numbers are accepted and converted).
 * Restart semantics: a parameter whose ForceRestart is true takes effect only after a restart,
 * so changing it makes the cloud restart the cluster (status Rebooting). Preview names those
 * parameters ("changing max_connections restarts the cluster"), and `up` waits until the
 * cluster is Running and every listed parameter shows its new value (ParameterStatus Normal).
 * Only the parameters that changed are sent, so an unrelated change never causes a restart.
 * Unknown names or values outside a parameter's CheckingCode are refused by the cloud with
 * InvalidParameter before anything changes.
 *
 * Destroy removes the resource from the state only: the cluster keeps the values (putting back
 * defaults would mean a second restart, often just before the cluster itself is deleted). To
 * restore defaults, set them in the program (`restartParameters`/`defaults` outputs help) first.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, listOf, looseBool, looseString, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId } from "./common";

const PARAMETER_NAME = /^[a-z_][a-z0-9_.]{0,127}$/i;

const parameterValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const clusterParametersInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** Name → value, e.g. `{ work_mem: "8192", statement_timeout: "60000" }`. */
  parameters: z.record(z.string().regex(PARAMETER_NAME, "parameter names are letters, digits, _ and ."), parameterValue)
    .refine((p) => Object.keys(p).length > 0, "must list at least one parameter"),
});

export type ClusterParametersInputs = z.output<typeof clusterParametersInputs>;

const parameterRow = z.looseObject({
  ParameterName: z.string(), ParameterValue: looseString.nullish(), DefaultParameterValue: looseString.nullish(),
  ForceRestart: looseBool.nullish(), ParameterStatus: z.string().nullish(), IsModifiable: looseBool.nullish(),
});
const parametersResponse = z.looseObject({ RunningParameters: z.looseObject({ Parameter: listOf(parameterRow) }).nullish() });
type Response = z.output<typeof parametersResponse>;

export function normaliseParameters(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The managed names: those the program lists; on import, every parameter not at its default. */
function liveOutputs(r: Response, prior: Props): Props {
  const rows = r.RunningParameters?.Parameter ?? [];
  const listed = prior.parameters && typeof prior.parameters === "object" ? Object.keys(prior.parameters as object) : undefined;
  const managed = rows.filter((x) => (listed ? listed.includes(x.ParameterName) : x.ParameterValue !== x.DefaultParameterValue));
  return {
    parameters: Object.fromEntries(managed.map((x) => [x.ParameterName, x.ParameterValue ?? ""])),
    defaults: Object.fromEntries(managed.map((x) => [x.ParameterName, x.DefaultParameterValue ?? ""])),
    restartParameters: managed.filter((x) => x.ForceRestart === true).map((x) => x.ParameterName).sort(),
    modifying: managed.filter((x) => x.ParameterStatus === "Modifying").map((x) => x.ParameterName).sort(),
    // Listed names the cluster does not have: shown in outputs so the mistake is visible.
    unknownParameters: (listed ?? []).filter((n) => !rows.some((x) => x.ParameterName === n)).sort(),
  };
}

/** Only what changed: sending an unchanged restart parameter could restart the cluster for nothing. */
function changedValues(news: Props, olds: Props): Record<string, string> {
  const want = (normaliseParameters(news.parameters) ?? {}) as Record<string, string>;
  const have = (normaliseParameters(olds.parameters) ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
}

export const clusterParametersSpec = defineResource({
  kind: "ClusterParameters",
  inputs: clusterParametersInputs,
  outputs: {
    parameters: { type: "Record<string, string>" },
    defaults: { type: "Record<string, string>", doc: "The listed parameters' default values." },
    restartParameters: { type: "string[]", doc: "Listed parameters whose change restarts the cluster." },
    modifying: { type: "string[]" },
    unknownParameters: { type: "string[]" },
  },
  publicClass: {
    getDoc: "Reads a cluster's non-default parameters without managing them: `ClusterParameters.get(\"params\", \"pc-…\")`.",
  },
  id: compositeId({ dbClusterId: "DBClusterId" }, { dbClusterId: CLUSTER_ID }),
  replaceOn: ["dbClusterId"],
  normalise: { parameters: normaliseParameters },
  cluster: (key) => key.dbClusterId,
  settleCluster: true,
  create: {
    action: "ModifyDBClusterParameters",
    params: (i: ClusterParametersInputs) => ({ Parameters: JSON.stringify(i.parameters) }),
  },
  read: {
    action: "DescribeDBClusterParameters",
    response: parametersResponse,
    outputs: (r: Response, _key, prior) => liveOutputs(r, prior),
  },
  status: (o) => ((o.modifying as string[] | undefined)?.length ? `modifying ${(o.modifying as string[]).join(", ")}` : "applied"),
  ready: (o) => !(o.modifying as string[] | undefined)?.length,
  update: [
    { fields: ["parameters"], action: "ModifyDBClusterParameters", params: (n, o) => ({ Parameters: JSON.stringify(changedValues(n, o)) }) },
  ],
  changeNote: (olds, news) => {
    const restart = new Set((olds.restartParameters as string[] | undefined) ?? []);
    const changed = Object.keys(changedValues(news, olds)).filter((k) => restart.has(k));
    return changed.length ? `changing ${changed.join(", ")} restarts the cluster (ForceRestart); \`up\` waits until it is Running again` : undefined;
  },
  delete: { leaves: "the cluster keeps the parameter values it has (set defaults in the program first to restore them)" },
  timeouts: { create: "30m", update: "30m", delete: "1m" },
});
