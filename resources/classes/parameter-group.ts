/** The public `ParameterGroup` resource class (its arguments: ParameterGroupArgs in ../args.ts, generated from the schema in ../parameter-group.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { ParameterGroupArgs } from "../args";
import { slots } from "../common";
import { parameterGroupInputs } from "../parameter-group";

export type { ParameterGroupArgs } from "../args";

const SLOTS = slots(parameterGroupInputs, ["createTime", "parameterCount", "forceRestart", "parameterGroupType"]);

export class ParameterGroup extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly parameterGroupName: pulumi.Output<string>;
  declare readonly dbType: pulumi.Output<string>;
  declare readonly dbVersion: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly parameters: pulumi.Output<Record<string, string>>;
  /** When the template was made (UTC, yyyy-MM-ddTHH:mm:ssZ). */
  declare readonly createTime: pulumi.Output<string>;
  declare readonly parameterCount: pulumi.Output<number>;
  /** Whether applying the template restarts a cluster (a ForceRestart parameter among them). */
  declare readonly forceRestart: pulumi.Output<boolean>;
  /** "1": a custom template (yours); "0": a system template. */
  declare readonly parameterGroupType: pulumi.Output<string>;

  constructor(name: string, args: ParameterGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("ParameterGroup"), name, { ...SLOTS, ...args, ...identityInput("ParameterGroup", name, opts) }, opts, "polardb", "ParameterGroup");
  }

  /** Reads an existing template of the provider's region: `ParameterGroup.get("g", "pcpg-…")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): ParameterGroup {
    return new ParameterGroup(name, {} as ParameterGroupArgs, { ...opts, id });
  }
}
