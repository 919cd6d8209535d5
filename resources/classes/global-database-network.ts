/** The public `GlobalDatabaseNetwork` resource class (its arguments: GlobalDatabaseNetworkArgs in ../args.ts, generated from the schema in ../global-database-network.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { GlobalDatabaseNetworkArgs } from "../args";
import { slots } from "../common";
import { globalDatabaseNetworkInputs } from "../global-database-network";

export type { GlobalDatabaseNetworkArgs } from "../args";

const SLOTS = slots(globalDatabaseNetworkInputs, ["status", "primaryClusterId", "memberClusterIds", "clusters", "dbType", "dbVersion", "createTime", "globalDomainName"]);

/** One cluster of the GDN, as DescribeGlobalDatabaseNetwork lists it. */
export interface GdnCluster { dbClusterId: string; regionId?: string; role?: "primary" | "standby" | string; status?: string; replicaLagSeconds?: number }

export class GlobalDatabaseNetwork extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  /** The cluster the GDN was made from (or another member the program names after a switch-over). */
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** GDNStatus: creating, active, locked (a switch-over runs), removing_member, deleting. */
  declare readonly status: pulumi.Output<string>;
  /** The current primary cluster. */
  declare readonly primaryClusterId: pulumi.Output<string>;
  declare readonly memberClusterIds: pulumi.Output<string[]>;
  declare readonly clusters: pulumi.Output<GdnCluster[]>;
  declare readonly dbType: pulumi.Output<string>;
  declare readonly dbVersion: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly globalDomainName: pulumi.Output<string | undefined>;

  constructor(name: string, args: GlobalDatabaseNetworkArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("GlobalDatabaseNetwork"), name, { ...SLOTS, ...args, ...identityInput("GlobalDatabaseNetwork", name, opts) }, opts, "polardb", "GlobalDatabaseNetwork");
  }

  /** Reads an existing GDN from its id alone (the GDN APIs are global): `GlobalDatabaseNetwork.get("gdn", "gdn-…")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): GlobalDatabaseNetwork {
    return new GlobalDatabaseNetwork(name, {} as GlobalDatabaseNetworkArgs, { ...opts, id });
  }
}
