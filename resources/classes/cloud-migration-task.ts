/** The public `CloudMigrationTask` resource class (its arguments: CloudMigrationTaskArgs in ../args.ts, generated from the schema in ../cloud-migration-task.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { CloudMigrationTaskArgs } from "../args";
import { slots } from "../common";
import { cloudMigrationTaskInputs } from "../cloud-migration-task";
import { withSecretInputs } from "../secret-inputs";

export type { CloudMigrationTaskArgs } from "../args";

const OUTPUTS = ["taskId", "migrateStage", "replicationState", "detail", "gmtCreated", "gmtModified", "switchTime", "replication"] as const;
const SLOTS = slots(cloudMigrationTaskInputs, OUTPUTS);

export class CloudMigrationTask extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbInstanceName: pulumi.Output<string>;
  declare readonly sourceCategory: pulumi.Output<string>;
  declare readonly sourceIpAddress: pulumi.Output<string>;
  declare readonly sourcePort: pulumi.Output<number>;
  declare readonly sourceAccount: pulumi.Output<string>;
  declare readonly taskName: pulumi.Output<string>;
  /** The task id (the resource id is `<dbInstanceName>:<taskId>`). */
  declare readonly taskId: pulumi.Output<string>;
  /** precheck, basebackup, startup, increment, switch, success. */
  declare readonly migrateStage: pulumi.Output<string>;
  /** unstarted, catchup, streaming, disconnect, finish. */
  declare readonly replicationState: pulumi.Output<string>;
  /** The task's log, one line per step. */
  declare readonly detail: pulumi.Output<string>;
  declare readonly gmtCreated: pulumi.Output<string | undefined>;
  declare readonly gmtModified: pulumi.Output<string | undefined>;
  declare readonly switchTime: pulumi.Output<string | undefined>;
  /** ReplicationInfo fields (Status, ReplayLag, …) without the connection string. */
  declare readonly replication: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: CloudMigrationTaskArgs, opts?: pulumi.CustomResourceOptions) {
    const secret = withSecretInputs({ ...SLOTS, ...args, ...identityInput("CloudMigrationTask", name, opts) }, args, opts, ["sourcePassword"]);
    super(shimProvider("CloudMigrationTask"), name, secret.props, secret.opts, "polardb", "CloudMigrationTask");
  }

  /** Reads an existing task without managing it: `CloudMigrationTask.get("m", "pgm-…:440437220")`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): CloudMigrationTask {
    return new CloudMigrationTask(name, {} as CloudMigrationTaskArgs, { ...opts, id });
  }
}
