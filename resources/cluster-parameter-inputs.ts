/**
 * Cluster inputs that are cluster parameters underneath (MySQL's defaultTimeZone → default_time_zone,
 * loosePolarLogBin → loose_polar_log_bin …): one table says, per input, which parameter holds it and
 * how its value is spelled there. From the table come the one update group (ModifyDBClusterParameters
 * with only the changed ones, so several changes cost one restart), the one read (DescribeDBClusterParameters),
 * and preview's note that the change restarts the cluster. Terraform's provider handles the same
 * inputs the same way (CreateClusterParamsModifyParameters, RefreshParameters).
 *
 * Other parameters belong to the ClusterParameters resource; listing the same parameter in both
 * makes them fight, so the README says which names the Cluster owns.
 */
import { z } from "zod";
import { listOf, looseString, Props, ReadSpec, UpdateGroup } from "../provider/spec";

export interface ParameterInput {
  parameter: string;
  /** The parameter's value for the input's (the cluster's inputs given: the engine version may matter). */
  send: (value: unknown, cluster: Props) => string;
  /** The input's value for the parameter's, or undefined where the parameter says nothing usable. */
  read: (value: string) => unknown;
}

export type ParameterInputs = Record<string, ParameterInput>;

const parametersResponse = z.looseObject({
  RunningParameters: z.looseObject({ Parameter: listOf(z.looseObject({ ParameterName: z.string(), ParameterValue: looseString.nullish() })) }).nullish(),
});

/** The inputs the program sets whose value is not the one the cluster has (values are canonical on both sides). */
function changed(table: ParameterInputs, news: Props, olds: Props): string[] {
  return Object.keys(table).filter((f) => news[f] !== undefined && String(olds[f]) !== String(news[f]));
}

/** ModifyDBClusterParameters with the changed inputs' parameters, in the parameters' spelling. */
export function parameterInputsGroup(table: ParameterInputs): UpdateGroup<any> {
  return {
    fields: Object.keys(table), action: "ModifyDBClusterParameters",
    params: (n: Props, o: Props) => ({
      Parameters: JSON.stringify(Object.fromEntries(changed(table, n, o).map((f) => [table[f].parameter, table[f].send(n[f], n)]))),
    }),
  };
}

/** The inputs as DescribeDBClusterParameters shows them (those the cluster has). */
export function parameterInputsRead(table: ParameterInputs, when: (live: Props) => boolean): NonNullable<ReadSpec["enrich"]>[number] {
  return {
    action: "DescribeDBClusterParameters", when, response: parametersResponse,
    outputs: (r: z.output<typeof parametersResponse>) => {
      const rows = r.RunningParameters?.Parameter ?? [];
      const out: Props = {};
      for (const [field, spec] of Object.entries(table)) {
        const row = rows.find((x) => x.ParameterName === spec.parameter);
        const value = row?.ParameterValue ? spec.read(row.ParameterValue) : undefined;
        if (value !== undefined) out[field] = value;
      }
      return out;
    },
  };
}

/** Preview's note: which parameters a change sets; they restart the cluster (ForceRestart), and `up` waits. */
export function parameterInputsNote(table: ParameterInputs, changedFields: readonly string[]): string {
  const fields = changedFields.filter((f) => f in table);
  if (!fields.length) return "";
  const parameters = fields.map((f) => table[f].parameter).join(", ");
  return `changing ${fields.join(", ")} sets the parameter${fields.length > 1 ? "s" : ""} ${parameters}${fields.length > 1 ? " in one call" : ""}, which restarts the cluster; \`up\` waits until it is Running again`;
}
