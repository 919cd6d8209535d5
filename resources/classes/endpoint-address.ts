/** The public `EndpointAddress` resource class (its arguments: EndpointAddressArgs in ../args.ts, generated from the schema in ../endpoint-address.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { EndpointAddressArgs } from "../args";
import { slots } from "../common";
import { endpointAddressInputs } from "../endpoint-address";

export type { EndpointAddressArgs } from "../args";

const SLOTS = slots(endpointAddressInputs, ["connectionString", "ipAddress"]);

export class EndpointAddress extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly dbEndpointId: pulumi.Output<string>;
  declare readonly netType: pulumi.Output<string>;
  declare readonly connectionStringPrefix: pulumi.Output<string>;
  declare readonly port: pulumi.Output<number>;
  /** The public host name to connect to. */
  declare readonly connectionString: pulumi.Output<string>;
  declare readonly ipAddress: pulumi.Output<string | undefined>;

  constructor(name: string, args: EndpointAddressArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("EndpointAddress"), name, { ...SLOTS, ...args, ...identityInput("EndpointAddress", name, opts) }, opts, "polardb", "EndpointAddress");
  }

  /** Reads an existing public address without managing it: `EndpointAddress.get("pub", "pc-…:pe-…:Public")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): EndpointAddress {
    return new EndpointAddress(name, {} as EndpointAddressArgs, { ...opts, id });
  }
}
