/** The public `ClusterSsl` resource class (its arguments: ClusterSslArgs in ../args.ts, generated from the schema in ../cluster-ssl.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { ClusterSslArgs } from "../args";
import { slots } from "../common";
import { clusterSslInputs } from "../cluster-ssl";

export type { ClusterSslArgs } from "../args";

const SLOTS = slots(clusterSslInputs, ["sslConnectionString", "sslExpireTime"]);

export class ClusterSsl extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly dbEndpointId: pulumi.Output<string | undefined>;
  declare readonly netType: pulumi.Output<string | undefined>;
  declare readonly sslAutoRotate: pulumi.Output<string | undefined>;
  /** Enabled or Disabled (Disabled only when changed outside Pulumi: refresh shows it). */
  declare readonly sslEnabled: pulumi.Output<string>;
  declare readonly sslConnectionString: pulumi.Output<string | undefined>;
  /** When the certificate expires (UTC). */
  declare readonly sslExpireTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterSslArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("ClusterSsl"), name, { ...SLOTS, ...args, ...identityInput("ClusterSsl", name, opts) }, opts, "polardb", "ClusterSsl");
  }

  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): ClusterSsl {
    return new ClusterSsl(name, {} as ClusterSslArgs, { ...opts, id });
  }
}
