/** The public `BackupPolicy` resource class (its arguments: BackupPolicyArgs in ../args.ts, generated from the schema in ../backup-policy.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { BackupPolicyArgs } from "../args";
import { slots } from "../common";
import { backupPolicyInputs } from "../backup-policy";

export type { BackupPolicyArgs } from "../args";

const SLOTS = slots(backupPolicyInputs, ["preferredNextBackupTime", "enableBackupLog"]);

export class BackupPolicy extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly preferredBackupPeriod: pulumi.Output<string[]>;
  declare readonly preferredBackupTime: pulumi.Output<string>;
  declare readonly dataLevel1BackupRetentionPeriod: pulumi.Output<number>;
  declare readonly dataLevel2BackupRetentionPeriod: pulumi.Output<number>;
  declare readonly backupRetentionPolicyOnClusterDeletion: pulumi.Output<string>;
  declare readonly backupFrequency: pulumi.Output<string>;
  declare readonly dataLevel1BackupFrequency: pulumi.Output<string | undefined>;
  declare readonly dataLevel1BackupTime: pulumi.Output<string | undefined>;
  declare readonly dataLevel1BackupPeriod: pulumi.Output<string[] | undefined>;
  declare readonly dataLevel2BackupPeriod: pulumi.Output<string[] | undefined>;
  declare readonly dataLevel2BackupAnotherRegionRegion: pulumi.Output<string | undefined>;
  declare readonly dataLevel2BackupAnotherRegionRetentionPeriod: pulumi.Output<number | undefined>;
  declare readonly logBackupRetentionPeriod: pulumi.Output<number>;
  declare readonly logBackupAnotherRegionRegion: pulumi.Output<string | undefined>;
  declare readonly logBackupAnotherRegionRetentionPeriod: pulumi.Output<number | undefined>;
  /** 1: log backups are on (they cannot be turned off). */
  declare readonly enableBackupLog: pulumi.Output<number>;
  /** When the next automatic backup starts (`YYYY-MM-DDThh:mmZ`). */
  declare readonly preferredNextBackupTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("BackupPolicy"), name, { ...SLOTS, ...args, ...identityInput("BackupPolicy", name, opts) }, opts, "polardb", "BackupPolicy");
  }

  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): BackupPolicy {
    return new BackupPolicy(name, {} as BackupPolicyArgs, { ...opts, id });
  }
}
