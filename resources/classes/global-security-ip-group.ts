/** The public `GlobalSecurityIpGroup` resource class (its arguments: GlobalSecurityIpGroupArgs in ../args.ts, generated from the schema in ../global-security-ip-group.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { GlobalSecurityIpGroupArgs } from "../args";
import { slots } from "../common";
import { globalSecurityIpGroupInputs } from "../global-security-ip-group";

export type { GlobalSecurityIpGroupArgs } from "../args";

const SLOTS = slots(globalSecurityIpGroupInputs, ["globalSecurityGroupId", "dbInstances"]);

export class GlobalSecurityIpGroup extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly globalIpGroupName: pulumi.Output<string>;
  /** The addresses as the cloud holds them, comma-separated. */
  declare readonly globalIpList: pulumi.Output<string>;
  /** The template's id, `g-…` (also the resource id): what a Cluster's `globalSecurityGroupList` lists. */
  declare readonly globalSecurityGroupId: pulumi.Output<string>;
  /** The clusters linked to the template. */
  declare readonly dbInstances: pulumi.Output<string[]>;

  constructor(name: string, args: GlobalSecurityIpGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("GlobalSecurityIpGroup"), name, { ...SLOTS, ...args, ...identityInput("GlobalSecurityIpGroup", name, opts) }, opts, "polardb", "GlobalSecurityIpGroup");
  }

  /** Reads an existing template without managing it: `GlobalSecurityIpGroup.get("office", "g-…")`. To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): GlobalSecurityIpGroup {
    return new GlobalSecurityIpGroup(name, {} as GlobalSecurityIpGroupArgs, { ...opts, id });
  }
}
