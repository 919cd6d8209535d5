/** The public `Endpoint` resource class (its arguments: EndpointArgs in ../args.ts, generated from the schema in ../endpoint.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { EndpointArgs } from "../args";
import { slots } from "../common";
import { idPart } from "./id-part";
import { endpointInputs } from "../endpoint";

export type { EndpointArgs } from "../args";

export interface EndpointAddressItem { connectionString?: string; port?: string; netType?: string; ipAddress?: string; vpcId?: string; vswitchId?: string }

const OUTPUTS = ["dbEndpointId", "addresses", "connectionString", "port"] as const;
const SLOTS = slots(endpointInputs, OUTPUTS);

export class Endpoint extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly endpointType: pulumi.Output<string>;
  declare readonly readWriteMode: pulumi.Output<string>;
  declare readonly nodes: pulumi.Output<string[]>;
  declare readonly autoAddNewNodes: pulumi.Output<string>;
  declare readonly endpointConfig: pulumi.Output<Record<string, string>>;
  declare readonly dbEndpointDescription: pulumi.Output<string | undefined>;
  /** The endpoint id, `pe-…` (the resource id is `<dbClusterId>:<dbEndpointId>`). */
  declare readonly dbEndpointId: pulumi.Output<string>;
  declare readonly addresses: pulumi.Output<EndpointAddressItem[]>;
  /** The private (VPC) address, to connect to. */
  declare readonly connectionString: pulumi.Output<string | undefined>;
  declare readonly port: pulumi.Output<string | undefined>;
  /** The private address's prefix (the first label of connectionString). */
  declare readonly connectionPrefix: pulumi.Output<string | undefined>;

  constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("Endpoint"), name, { ...SLOTS, ...args, ...identityInput("Endpoint", name, opts) }, opts, "polardb", "Endpoint");
    // Known whenever the id is (see id-part.ts).
    this.dbEndpointId = idPart(this.id, 1);
  }

  /** Reads an existing custom endpoint without managing it: `Endpoint.get("reports", "pc-…:pe-…")`. To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Endpoint {
    return new Endpoint(name, {} as EndpointArgs, { ...opts, id });
  }
}
