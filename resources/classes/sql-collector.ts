/** The public `SqlCollector` resource class (its arguments: SqlCollectorArgs in ../args.ts, generated from the schema in ../sql-collector.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { SqlCollectorArgs } from "../args";
import { slots } from "../common";
import { sqlCollectorInputs } from "../sql-collector";

export type { SqlCollectorArgs } from "../args";

const SLOTS = slots(sqlCollectorInputs, []);

export class SqlCollector extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly collectorStatus: pulumi.Output<string>;

  constructor(name: string, args: SqlCollectorArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("SqlCollector"), name, { ...SLOTS, ...args, ...identityInput("SqlCollector", name, opts) }, opts, "polardb", "SqlCollector");
  }

  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): SqlCollector {
    return new SqlCollector(name, {} as SqlCollectorArgs, { ...opts, id });
  }
}
