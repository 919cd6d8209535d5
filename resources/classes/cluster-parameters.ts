/** The public `ClusterParameters` resource class (its arguments: ClusterParametersArgs in ../args.ts, generated from the schema in ../cluster-parameters.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { ClusterParametersArgs } from "../args";
import { slots } from "../common";
import { clusterParametersInputs } from "../cluster-parameters";

export type { ClusterParametersArgs } from "../args";

const SLOTS = slots(clusterParametersInputs, ["defaults", "restartParameters", "modifying", "unknownParameters"]);

export class ClusterParameters extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly parameters: pulumi.Output<Record<string, string>>;
  /** The listed parameters' default values. */
  declare readonly defaults: pulumi.Output<Record<string, string>>;
  /** Listed parameters whose change restarts the cluster. */
  declare readonly restartParameters: pulumi.Output<string[]>;
  declare readonly modifying: pulumi.Output<string[]>;
  declare readonly unknownParameters: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterParametersArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("ClusterParameters"), name, { ...SLOTS, ...args, ...identityInput("ClusterParameters", name, opts) }, opts, "polardb", "ClusterParameters");
  }

  /** Reads a cluster's non-default parameters without managing them: `ClusterParameters.get("params", "pc-…")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): ClusterParameters {
    return new ClusterParameters(name, {} as ClusterParametersArgs, { ...opts, id });
  }
}
