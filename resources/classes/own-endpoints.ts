/**
 * The public `ClusterEndpoint` and `PrimaryEndpoint` resource classes (their arguments: ClusterEndpointArgs and
 * PrimaryEndpointArgs in ../args.ts, generated from the schemas in ../own-endpoints.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { ClusterEndpointArgs, PrimaryEndpointArgs } from "../args";
import { slots } from "../common";
import { clusterEndpointInputs, primaryEndpointInputs } from "../own-endpoints";
import type { EndpointAddressItem } from "./endpoint";
import { idPart } from "./id-part";

export type { ClusterEndpointArgs, PrimaryEndpointArgs } from "../args";

const OUTPUTS = ["dbEndpointId", "endpointType", "addresses", "connectionString", "sslConnectionString", "sslExpireTime"] as const;
const CLUSTER_SLOTS = slots(clusterEndpointInputs, OUTPUTS);
const PRIMARY_SLOTS = slots(primaryEndpointInputs, OUTPUTS);

/** The cluster's default (Cluster) endpoint, taken under management; destroy lets it go and deletes nothing. */
export class ClusterEndpoint extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  /** "Cluster". */
  declare readonly endpointType: pulumi.Output<string>;
  declare readonly readWriteMode: pulumi.Output<string>;
  declare readonly nodes: pulumi.Output<string[]>;
  declare readonly autoAddNewNodes: pulumi.Output<string>;
  declare readonly endpointConfig: pulumi.Output<Record<string, string>>;
  declare readonly dbEndpointDescription: pulumi.Output<string | undefined>;
  /** The endpoint id, `pe-…` (the resource id is `<dbClusterId>:<dbEndpointId>`). */
  declare readonly dbEndpointId: pulumi.Output<string>;
  declare readonly addresses: pulumi.Output<EndpointAddressItem[]>;
  /** The private (VPC) address, to connect to, and its parts. */
  declare readonly connectionString: pulumi.Output<string | undefined>;
  declare readonly connectionPrefix: pulumi.Output<string | undefined>;
  declare readonly port: pulumi.Output<string | undefined>;
  /** Enabled or Disabled: SSL of this endpoint (DescribeDBClusterSSL). */
  declare readonly sslEnabled: pulumi.Output<string | undefined>;
  declare readonly netType: pulumi.Output<string | undefined>;
  declare readonly sslAutoRotate: pulumi.Output<string | undefined>;
  declare readonly sslConnectionString: pulumi.Output<string | undefined>;
  declare readonly sslExpireTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("ClusterEndpoint"), name, { ...CLUSTER_SLOTS, ...args, ...identityInput("ClusterEndpoint", name, opts) }, opts, "polardb", "ClusterEndpoint");
    // Known whenever the id is (see id-part.ts).
    this.dbEndpointId = idPart(this.id, 1);
  }

  /** Reads a cluster's Cluster endpoint without managing it: `ClusterEndpoint.get("default", "pc-…:pe-…")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): ClusterEndpoint {
    return new ClusterEndpoint(name, {} as ClusterEndpointArgs, { ...opts, id });
  }
}

/** The cluster's Primary endpoint, taken under management; destroy lets it go and deletes nothing. */
export class PrimaryEndpoint extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  /** "Primary". */
  declare readonly endpointType: pulumi.Output<string>;
  declare readonly dbEndpointDescription: pulumi.Output<string | undefined>;
  /** The endpoint id, `pe-…` (the resource id is `<dbClusterId>:<dbEndpointId>`). */
  declare readonly dbEndpointId: pulumi.Output<string>;
  declare readonly addresses: pulumi.Output<EndpointAddressItem[]>;
  /** The private (VPC) address, to connect to, and its parts. */
  declare readonly connectionString: pulumi.Output<string | undefined>;
  declare readonly connectionPrefix: pulumi.Output<string | undefined>;
  declare readonly port: pulumi.Output<string | undefined>;
  /** Enabled or Disabled: SSL of this endpoint (DescribeDBClusterSSL). */
  declare readonly sslEnabled: pulumi.Output<string | undefined>;
  declare readonly netType: pulumi.Output<string | undefined>;
  declare readonly sslAutoRotate: pulumi.Output<string | undefined>;
  declare readonly sslConnectionString: pulumi.Output<string | undefined>;
  declare readonly sslExpireTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: PrimaryEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("PrimaryEndpoint"), name, { ...PRIMARY_SLOTS, ...args, ...identityInput("PrimaryEndpoint", name, opts) }, opts, "polardb", "PrimaryEndpoint");
    this.dbEndpointId = idPart(this.id, 1);
  }

  /** Reads a cluster's Primary endpoint without managing it: `PrimaryEndpoint.get("primary", "pc-…:pe-…")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): PrimaryEndpoint {
    return new PrimaryEndpoint(name, {} as PrimaryEndpointArgs, { ...opts, id });
  }
}
