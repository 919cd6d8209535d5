/**
 * A database account of a PolarDB cluster. Inputs are named as in @pulumi/alicloud's
 * polardb.Account (plus dbNames/accountPrivilege, as in its polardb.AccountPrivilege).
 *
 * Id: `<dbClusterId>:<accountName>` (`pc-…:app`). Manage an existing one with `adopt: "pc-…:app"`; `Account.get` only reads.
 * In place: accountPassword or kmsEncryptedPassword (+ kmsEncryptionContext) (ModifyAccountPassword),
 * accountDescription (ModifyAccountDescription), accountLockState + accountPasswordValidTime
 * (ModifyAccountLockState), dbNames + accountPrivilege (GrantAccountPrivilege / RevokeAccountPrivilege).
 * Replacement (the old account is deleted first: names are unique): dbClusterId, accountName,
 * accountType, regionId.
 * The password is a secret: the class wraps it with pulumi.secret, the provider never returns it,
 * logs it or puts it in an error; the state keeps only a salted digest, so a changed password is
 * seen (and applied in place) but a password changed outside Pulumi cannot be. Given encrypted
 * with KMS instead (kmsEncryptedPassword), the provider decrypts it (KMS Decrypt) just before the
 * call that sends it; the plain password exists only in that call, and the state keeps a digest
 * of the ciphertext.
 * accountType defaults to "Normal" and is always sent: the API's own default is Super.
 * dbNames (MySQL, Normal accounts) is the full set of databases the account is granted; a
 * Database whose accountName is this account adds its own grant, so manage a MySQL account's
 * grants in one place (either here, or on the Databases).
 */
import { z } from "zod";
import {
  ApiCall, adoptInputs, commonInputs, compositeId, defineResource, description, listOf, normalise, Props, secretString,
} from "../provider/spec";
import { accountName, CLUSTER_ID, dbClusterId, dbName } from "./common";

const PRIVILEGES = ["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly", "ReadIndex"] as const;
/** CreateAccount's and ModifyAccountPassword's rules; a password decrypted from KMS is held to them too. */
const ACCOUNT_PASSWORD = secretString({ min: 8, max: 32, classes: 3, specials: "!@#$%^&*()_+-=" });

export const accountInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  dbClusterId,
  accountName,
  /** A secret: 8–32 characters, at least 3 of upper case, lower case, digits, !@#$%^&*()_+-= (give this or kmsEncryptedPassword). */
  accountPassword: ACCOUNT_PASSWORD.optional(),
  /**
   * The password encrypted with KMS (the CiphertextBlob of KMS Encrypt), instead of accountPassword:
   * the provider decrypts it with KMS Decrypt when it sets the password. A new ciphertext sets the password again.
   */
  kmsEncryptedPassword: z.string().min(1, "must be the CiphertextBlob KMS Encrypt returned")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be the CiphertextBlob KMS Encrypt returned (base64)")
    .refine((b) => b.length % 4 === 0, "must be the CiphertextBlob KMS Encrypt returned (base64, a multiple of 4 characters)").optional(),
  /** The encryption context kmsEncryptedPassword was encrypted with (KMS checks it on Decrypt). */
  kmsEncryptionContext: z.record(z.string(), z.string()).refine((c) => !Object.keys(c).includes(""), "context keys must not be empty").optional(),
  /** `"Normal"` or `"Super"` (the privileged account; MySQL allows one per cluster). Always sent: the API's own default would be Super. */
  accountType: z.enum(["Normal", "Super"], 'must be "Normal" or "Super" (privileged; MySQL allows one per cluster)').default("Normal"),
  /** The account's description: 2–256 characters, not starting with http:// or https://. */
  accountDescription: description.optional(),
  /** `"Lock"` (nobody can log in with it) or `"UnLock"`. */
  accountLockState: z.enum(["Lock", "UnLock"], 'must be "Lock" or "UnLock"').optional(),
  /** When the password expires, `YYYY-MM-DDThh:mm:ssZ` (UTC), such as "2030-01-01T00:00:00Z". */
  accountPasswordValidTime: z.string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/, 'a UTC time as YYYY-MM-DDThh:mm:ssZ, such as "2030-01-01T00:00:00Z"')
    .refine((t) => !Number.isNaN(Date.parse(t)) && new Date(t).toISOString().slice(0, 19) === t.slice(0, 19), "must be a date that exists").optional(),
  /** MySQL, Normal accounts only: the databases this account is granted (the full set). */
  dbNames: z.array(dbName).optional(),
  /** The privilege on every database in dbNames. Default: ReadWrite. */
  accountPrivilege: z.enum(PRIVILEGES, `must be one of ${PRIVILEGES.map((p) => `"${p}"`).join(", ")}`).optional(),
}).superRefine((a, ctx) => {
  if ((a.accountPassword === undefined) === (a.kmsEncryptedPassword === undefined)) {
    ctx.addIssue({ code: "custom", path: [a.accountPassword === undefined ? "accountPassword" : "kmsEncryptedPassword"],
      message: a.accountPassword === undefined ? "give the password: accountPassword, or kmsEncryptedPassword (encrypted with KMS)" : "give one of accountPassword and kmsEncryptedPassword, not both" });
  }
  if (a.kmsEncryptionContext !== undefined && a.kmsEncryptedPassword === undefined) {
    ctx.addIssue({ code: "custom", path: ["kmsEncryptionContext"], message: "applies together with kmsEncryptedPassword only" });
  }
  if (a.dbNames !== undefined && a.accountType === "Super") {
    ctx.addIssue({ code: "custom", path: ["dbNames"], message: "applies to Normal accounts only (a Super account has every privilege)" });
  }
  if (a.accountPrivilege !== undefined && a.dbNames === undefined) {
    ctx.addIssue({ code: "custom", path: ["accountPrivilege"], message: "applies together with dbNames only" });
  }
});

export type AccountInputs = z.output<typeof accountInputs>;

const accountRow = z.looseObject({
  AccountName: z.string(), AccountType: z.string().nullish(), AccountStatus: z.string().nullish(),
  AccountDescription: z.string().nullish(), AccountLockState: z.string().nullish(), AccountPasswordValidTime: z.string().nullish(),
  DatabasePrivileges: listOf(z.looseObject({ DBName: z.string(), AccountPrivilege: z.string().nullish() }), "DatabasePrivilege"),
});
const accounts = z.looseObject({ Accounts: listOf(accountRow, "DBAccount") });
type Row = z.output<typeof accountRow>;

function liveOutputs(a: Row): Props {
  const grants = [...a.DatabasePrivileges].sort((x, y) => (x.DBName < y.DBName ? -1 : 1));
  const privileges = [...new Set(grants.map((g) => g.AccountPrivilege ?? ""))].sort();
  return {
    accountType: a.AccountType ?? undefined,
    accountDescription: a.AccountDescription || undefined,
    status: a.AccountStatus ?? undefined,
    lockState: a.AccountLockState ?? undefined,
    accountLockState: a.AccountLockState || undefined,
    accountPasswordValidTime: a.AccountPasswordValidTime || undefined,
    dbNames: grants.map((g) => g.DBName),
    // One privilege for every database, or (drift) the mixed set, which differs from any input.
    accountPrivilege: privileges.length ? privileges.join(",") : undefined,
    databasePrivileges: grants.map((g) => ({ dbName: g.DBName, accountPrivilege: g.AccountPrivilege ?? undefined })),
  };
}

/** The privilege wanted on each of dbNames (default ReadWrite). */
const wanted = (n: AccountInputs) => n.accountPrivilege ?? "ReadWrite";

/** Grant what is missing or different, revoke what is no longer listed. */
function grantCalls(n: AccountInputs, o: Props, key: Record<string, string>): ApiCall[] {
  const want = (normalise.unorderedList(n.dbNames ?? []) as string[]);
  const have = new Map(((o.databasePrivileges as Array<{ dbName: string; accountPrivilege?: string }> | undefined) ?? [])
    .map((g) => [g.dbName, g.accountPrivilege]));
  const grant = want.filter((db) => have.get(db) !== wanted(n));
  const revoke = [...have.keys()].filter((db) => !want.includes(db));
  const on = { DBClusterId: key.dbClusterId, AccountName: key.accountName };
  return [
    ...(grant.length ? [{ action: "GrantAccountPrivilege", params: { ...on, DBName: grant.join(","), AccountPrivilege: grant.map(() => wanted(n)).join(",") } }] : []),
    ...(revoke.length ? [{ action: "RevokeAccountPrivilege", params: { ...on, DBName: revoke.join(",") } }] : []),
  ];
}

export const accountSpec = defineResource({
  kind: "Account",
  inputs: accountInputs,
  outputs: {
    accountLockState: { optional: false, doc: "Lock or UnLock, as the cloud reports it." },
    accountPasswordValidTime: { doc: "When the password expires (`YYYY-MM-DDThh:mm:ssZ`), if set." },
    kmsEncryptionContext: { doc: "The encryption context kmsEncryptedPassword was made with (as declared)." },
    dbNames: { optional: false },
    status: { type: "string", doc: "Creating, Available, Deleting." },
    lockState: { type: "string", optional: true },
    databasePrivileges: { type: "Array<{ dbName: string; accountPrivilege?: string }>" },
  },
  publicClass: {
    getDoc: 'Reads an existing account without managing it: `Account.get("app", "pc-…:app")` (its password stays unknown). To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", accountName: "AccountName" }, { dbClusterId: CLUSTER_ID, accountName: /^[a-z][a-z0-9_]*$/ }),
  replaceOn: ["dbClusterId", "accountName", "accountType"],
  deleteBeforeReplace: true,
  writeOnly: ["accountPassword", "kmsEncryptedPassword"],
  // Not secret, and no describe returns it: kept from the inputs.
  unread: ["kmsEncryptionContext"],
  encryptedSecrets: [{ secret: "accountPassword", ciphertext: "kmsEncryptedPassword", context: "kmsEncryptionContext" }],
  normalise: { dbNames: normalise.unorderedList },
  cluster: (key) => key.dbClusterId,
  create: {
    action: "CreateAccount",
    clientToken: true,
    params: (i: AccountInputs) => ({
      AccountPassword: i.accountPassword,
      AccountType: i.accountType, // always sent: the API's default is Super
      AccountDescription: i.accountDescription,
      ...(i.dbNames?.length
        ? { DBName: (normalise.unorderedList(i.dbNames) as string[]).join(","), AccountPrivilege: (normalise.unorderedList(i.dbNames) as string[]).map(() => wanted(i)).join(",") }
        : {}),
    }),
  },
  read: {
    action: "DescribeAccounts",
    response: accounts,
    pick: (r: z.output<typeof accounts>, key) => r.Accounts.find((a) => a.AccountName === key.accountName),
    outputs: (a: Row) => liveOutputs(a),
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "Available",
  update: [
    { fields: ["accountDescription"], action: "ModifyAccountDescription", params: (n) => ({ AccountDescription: n.accountDescription }) },
    { fields: ["accountPassword", "kmsEncryptedPassword", "kmsEncryptionContext"], action: "ModifyAccountPassword", params: (n) => ({ NewAccountPassword: n.accountPassword }) },
    {
      fields: ["accountLockState", "accountPasswordValidTime"], action: "ModifyAccountLockState",
      // AccountLockState is required: a change of the expiry alone sends the current state.
      params: (n, o) => ({ AccountLockState: n.accountLockState ?? o.accountLockState ?? "UnLock", AccountPasswordValidTime: n.accountPasswordValidTime }),
    },
    { fields: ["dbNames", "accountPrivilege"], calls: (n, o, key) => grantCalls(n, o, key) },
  ],
  delete: { action: "DeleteAccount" },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
