/** The public `Backup` resource class (its arguments: BackupArgs in ../args.ts, generated from the schema in ../backup.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { BackupArgs } from "../args";
import { backupInputs } from "../backup";
import { slots } from "../common";
import { idPart } from "./id-part";

export type { BackupArgs } from "../args";

const SLOTS = slots(backupInputs, ["backupId", "status", "backupMethod", "backupType", "startTime", "endTime", "sizeBytes", "consistentTime"]);

export class Backup extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  /** The backup set's id: what a clone's `cloneDataPoint` takes. */
  declare readonly backupId: pulumi.Output<string>;
  /** Success once the set exists (create waits for it). */
  declare readonly status: pulumi.Output<string>;
  declare readonly backupMethod: pulumi.Output<string | undefined>;
  declare readonly backupType: pulumi.Output<string | undefined>;
  declare readonly startTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  declare readonly sizeBytes: pulumi.Output<number | undefined>;
  /** The point in time the set is consistent at (ISO 8601). */
  declare readonly consistentTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("Backup"), name, { ...SLOTS, ...args, ...identityInput("Backup", name, opts) }, opts, "polardb", "Backup");
    // Known whenever the id is (see id-part.ts).
    this.backupId = idPart(this.id, 1);
  }

  /** Reads an existing backup set: `Backup.get("b", "pc-…:1000012345")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Backup {
    return new Backup(name, {} as BackupArgs, { ...opts, id });
  }
}
