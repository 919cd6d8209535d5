/** The public `Database` resource class (its arguments: DatabaseArgs in ../args.ts, generated from the schema in ../database.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { DatabaseArgs } from "../args";
import { slots } from "../common";
import { databaseInputs } from "../database";

export type { DatabaseArgs } from "../args";

export interface DatabaseGrant { accountName: string; accountPrivilege?: string; privilegeStatus?: string }

const OUTPUTS = ["status", "engine", "accounts"] as const;
const SLOTS = slots(databaseInputs, OUTPUTS);

export class Database extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly dbName: pulumi.Output<string>;
  declare readonly characterSetName: pulumi.Output<string>;
  declare readonly accountName: pulumi.Output<string | undefined>;
  declare readonly accountPrivilege: pulumi.Output<string | undefined>;
  declare readonly dbDescription: pulumi.Output<string | undefined>;
  declare readonly collate: pulumi.Output<string | undefined>;
  declare readonly ctype: pulumi.Output<string | undefined>;
  /** Creating, Running, Deleting. */
  declare readonly status: pulumi.Output<string>;
  declare readonly engine: pulumi.Output<string | undefined>;
  /** Every account granted on the database, as the cloud lists them. */
  declare readonly accounts: pulumi.Output<DatabaseGrant[]>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("Database"), name, { ...SLOTS, ...args, ...identityInput("Database", name, opts) }, opts, "polardb", "Database");
  }

  /** Reads an existing database without managing it: `Database.get("orders", "pc-…:orders")`. To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Database {
    return new Database(name, {} as DatabaseArgs, { ...opts, id });
  }
}
