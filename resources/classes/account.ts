/** The public `Account` resource class (its arguments: AccountArgs in ../args.ts, generated from the schema in ../account.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { AccountArgs } from "../args";
import { slots } from "../common";
import { accountInputs } from "../account";
import { withSecretInputs } from "../secret-inputs";

export type { AccountArgs } from "../args";

const OUTPUTS = ["status", "lockState", "databasePrivileges"] as const;
const SLOTS = slots(accountInputs, OUTPUTS);

export class Account extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly accountName: pulumi.Output<string>;
  declare readonly accountType: pulumi.Output<string>;
  declare readonly accountDescription: pulumi.Output<string | undefined>;
  /** Lock or UnLock, as the cloud reports it. */
  declare readonly accountLockState: pulumi.Output<string>;
  /** When the password expires (`YYYY-MM-DDThh:mm:ssZ`), if set. */
  declare readonly accountPasswordValidTime: pulumi.Output<string | undefined>;
  /** The encryption context kmsEncryptedPassword was made with (as declared). */
  declare readonly kmsEncryptionContext: pulumi.Output<Record<string, string> | undefined>;
  declare readonly dbNames: pulumi.Output<string[]>;
  declare readonly accountPrivilege: pulumi.Output<string | undefined>;
  /** Creating, Available, Deleting. */
  declare readonly status: pulumi.Output<string>;
  declare readonly lockState: pulumi.Output<string | undefined>;
  declare readonly databasePrivileges: pulumi.Output<Array<{ dbName: string; accountPrivilege?: string }>>;

  constructor(name: string, args: AccountArgs, opts?: pulumi.CustomResourceOptions) {
    const secret = withSecretInputs({ ...SLOTS, ...args, ...identityInput("Account", name, opts) }, args, opts, ["accountPassword", "kmsEncryptedPassword"]);
    super(shimProvider("Account"), name, secret.props, secret.opts, "polardb", "Account");
  }

  /** Reads an existing account without managing it: `Account.get("app", "pc-…:app")` (its password stays unknown). To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Account {
    return new Account(name, {} as AccountArgs, { ...opts, id });
  }
}
