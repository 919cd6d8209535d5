/** The public `Whitelist` resource class (its arguments: WhitelistArgs in ../args.ts, generated from the schema in ../whitelist.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { WhitelistArgs } from "../args";
import { slots } from "../common";
import { whitelistInputs } from "../whitelist";

export type { WhitelistArgs } from "../args";

const SLOTS = slots(whitelistInputs, []);

export class Whitelist extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly dbClusterIpArrayName: pulumi.Output<string>;
  /** The group's addresses as the cloud holds them, sorted. */
  declare readonly securityIps: pulumi.Output<string[]>;
  declare readonly dbClusterIpArrayAttribute: pulumi.Output<string | undefined>;

  constructor(name: string, args: WhitelistArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("Whitelist"), name, { ...SLOTS, ...args, ...identityInput("Whitelist", name, opts) }, opts, "polardb", "Whitelist");
  }

  /** Reads an existing group without managing it: `Whitelist.get("app", "pc-…:appservers")`. To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Whitelist {
    return new Whitelist(name, {} as WhitelistArgs, { ...opts, id });
  }
}
