/**
 * A database in a PolarDB cluster. Inputs are named as in @pulumi/alicloud's polardb.Database.
 *
 * Id: `<dbClusterId>:<dbName>` (`pc-…:orders`). Manage an existing one with `adopt: "pc-…:orders"`; `Database.get` only reads.
 * In place: dbDescription (ModifyDBDescription) and accountName: PostgreSQL/Oracle move the
 * ownership (GrantAccountPrivilege DBOwner, as Terraform does), MySQL grants the new account
 * accountPrivilege and revokes the old one (RevokeAccountPrivilege); MySQL's accountPrivilege
 * (GrantAccountPrivilege again). PostgreSQL/Oracle's accountPrivilege replaces (the owner's).
 * The rest replaces the database (the old one is deleted first: names are unique). A replacement
 * DROPS the data, so protect databases that hold any (`{ protect: true }`) and read previews.
 * PostgreSQL and Oracle clusters require accountName (an existing Normal account, which becomes the
 * database's owner: create the Account first and pass `account.accountName`), dbDescription and
 * collate/ctype (equal; "C", sent when neither is given). Give one of collate/ctype and the other follows it.
 * characterSetName defaults to "utf8" (what Terraform's provider sends).
 * The provider sends dbDescription = dbName when none is given, so that PostgreSQL works unasked.
 * Never returned by DescribeDatabases, so kept from the inputs (a change made outside Pulumi is not
 * seen): collate, ctype and accountPrivilege. accountName is read from the grantees (the live list
 * is the `accounts` output): on PostgreSQL/Oracle the owner, on MySQL the declared account while it
 * holds a grant.
 */
import { z } from "zod";
import { charsetProblem } from "../reference/catalogue";
import {
  adoptInputs, ApiCall, commonInputs, compositeId, containsUnknown, defineResource, description, Key, listOf, normalise, Props,
} from "../provider/spec";
import { accountName, CLUSTER_ID, dbClusterId, dbName } from "./common";

/** A locale name such as C, POSIX, en_US.utf8, zh_CN.UTF-8. */
const locale = z.string().regex(/^[A-Za-z][A-Za-z0-9_.@-]{0,63}$/, 'a locale such as "C", "POSIX" or "en_US.utf8"');

export const databaseInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  dbClusterId,
  dbName,
  /** e.g. utf8 (PostgreSQL: UTF8 / utf8, compared without case), utf8mb4 (MySQL). The default is what Terraform's provider sends. */
  characterSetName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,31}$/, 'a character set such as "utf8" or "utf8mb4"').default("utf8"),
  /**
   * The account granted on (PostgreSQL/Oracle: owning) the database; a Normal account. Required for PostgreSQL and Oracle.
   * A change is in place: PostgreSQL/Oracle hand the ownership over (GrantAccountPrivilege with DBOwner); MySQL grants the new
   * account `accountPrivilege` and revokes the old one's grant on this database.
   */
  accountName: accountName.optional(),
  /** Default ReadWrite; applies with accountName. MySQL: a change grants it in place (GrantAccountPrivilege); PostgreSQL/Oracle: the owner's, a change replaces the database. */
  accountPrivilege: z.enum(["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly"], 'must be "ReadWrite", "ReadOnly", "DMLOnly" or "DDLOnly"').optional(),
  /** Default: the database name (PostgreSQL and Oracle require a description). A change is in place (ModifyDBDescription). */
  dbDescription: description.optional(),
  /** PostgreSQL/Oracle: the database's collation locale (`"C"`, `"en_US.utf8"` …); equal to `ctype`. Give one of the two and the other follows it; neither: `"C"` is sent (as Terraform's provider does). */
  collate: locale.optional(),
  /** PostgreSQL/Oracle: the database's character classification locale; equal to `collate`. */
  ctype: locale.optional(),
}).superRefine((d, ctx) => {
  const charset = containsUnknown(d.characterSetName) ? undefined : charsetProblem(d.characterSetName);
  if (charset) ctx.addIssue({ code: "custom", path: ["characterSetName"], message: charset });
  if (d.accountPrivilege !== undefined && d.accountName === undefined) {
    ctx.addIssue({ code: "custom", path: ["accountPrivilege"], message: "applies together with accountName only" });
  }
  // During preview either may be another resource's unknown output: compare known values only.
  if (d.collate !== undefined && d.ctype !== undefined && !containsUnknown([d.collate, d.ctype]) && d.collate !== d.ctype) {
    ctx.addIssue({ code: "custom", path: ["ctype"], message: `must equal collate ("${d.collate}"): the API requires the same value for both` });
  }
});

export type DatabaseInputs = z.output<typeof databaseInputs>;

const databaseRow = z.looseObject({
  DBName: z.string(), DBStatus: z.string().nullish(), DBDescription: z.string().nullish(),
  CharacterSetName: z.string().nullish(), Engine: z.string().nullish(),
  Accounts: listOf(z.looseObject({
    AccountName: z.string(), AccountPrivilege: z.string().nullish(), AccountStatus: z.string().nullish(), PrivilegeStatus: z.string().nullish(),
  }), "Account"),
});
const databases = z.looseObject({ Databases: listOf(databaseRow, "Database") });
type Row = z.output<typeof databaseRow>;

/**
 * The database's account: on PostgreSQL/Oracle its owner (the grantee with DBOwner, else the first,
 * as Terraform reads it); on MySQL the declared account while it holds a grant here, else the first
 * grantee (so a grant revoked outside Pulumi shows as drift).
 */
function ownerOf(d: Row, prior: Props) {
  if (d.Engine && d.Engine !== "MySQL") return d.Accounts.find((a) => a.AccountPrivilege === "DBOwner") ?? d.Accounts[0];
  return d.Accounts.find((a) => a.AccountName === prior.accountName) ?? d.Accounts[0];
}

function liveOutputs(d: Row, prior: Props): Props {
  const owner = ownerOf(d, prior);
  return {
    characterSetName: d.CharacterSetName ?? undefined,
    dbDescription: d.DBDescription || undefined,
    status: d.DBStatus ?? undefined,
    engine: d.Engine ?? undefined,
    accounts: d.Accounts.map((a) => ({
      accountName: a.AccountName, accountPrivilege: a.AccountPrivilege ?? undefined, privilegeStatus: a.PrivilegeStatus ?? undefined,
    })),
    accountName: owner?.AccountName,
    // Only where no input is kept (adoption by id): the owner's privilege.
    accountPrivilege: owner?.AccountPrivilege ?? undefined,
  };
}

/**
 * A new account for the database. PostgreSQL/Oracle: the ownership moves (the cloud's DBOwner grant).
 * MySQL: the new account is granted, then the old one's grant on this database is revoked.
 */
function accountCalls(n: DatabaseInputs, o: Props, key: Key): ApiCall[] {
  if (n.accountName === undefined) return [];
  const on = { DBClusterId: key.dbClusterId, DBName: key.dbName };
  if (o.engine !== "MySQL") return [{ action: "GrantAccountPrivilege", params: { ...on, AccountName: n.accountName, AccountPrivilege: "DBOwner" } }];
  const grantees = ((o.accounts as Array<{ accountName: string }> | undefined) ?? []).map((a) => a.accountName);
  const old = typeof o.accountName === "string" && o.accountName !== n.accountName && grantees.includes(o.accountName) ? o.accountName : undefined;
  return [
    { action: "GrantAccountPrivilege", params: { ...on, AccountName: n.accountName, AccountPrivilege: n.accountPrivilege ?? "ReadWrite" } },
    ...(old ? [{ action: "RevokeAccountPrivilege", params: { ...on, AccountName: old } }] : []),
  ];
}

/** A description for a one-letter name, which is shorter than the 2 characters descriptions need. */
const defaultDescription = (name: string) => (name.length >= 2 ? name : `database ${name}`);

export const databaseSpec = defineResource({
  kind: "Database",
  inputs: databaseInputs,
  outputs: {
    status: { type: "string", doc: "Creating, Running, Deleting." },
    engine: { type: "string", optional: true },
    accounts: { type: "DatabaseGrant[]", doc: "Every account granted on the database, as the cloud lists them." },
  },
  publicClass: {
    getDoc: 'Reads an existing database without managing it: `Database.get("orders", "pc-…:orders")`. To manage one that exists, declare it with `adopt`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", dbName: "DBName" }, { dbClusterId: CLUSTER_ID, dbName: /^[a-z][a-z0-9_-]*$/ }),
  replaceOn: ["dbClusterId", "dbName", "characterSetName", "collate", "ctype"],
  // The owner's privilege on PostgreSQL/Oracle has no call that changes it; MySQL grants it again.
  replaceIf: (field, olds) => field === "accountPrivilege" && olds.engine !== undefined && olds.engine !== "MySQL",
  deleteBeforeReplace: true,
  unread: ["collate", "ctype", "accountPrivilege"],
  normalise: { characterSetName: normalise.caseInsensitive },
  changeDocs: {
    accountName: "in place: PostgreSQL/Oracle `GrantAccountPrivilege` `DBOwner` (the ownership moves); MySQL `GrantAccountPrivilege` to the new account, `RevokeAccountPrivilege` from the old",
    accountPrivilege: "MySQL in place (`GrantAccountPrivilege`); PostgreSQL/Oracle **replace**",
  },
  cluster: (key) => key.dbClusterId,
  create: {
    action: "CreateDatabase",
    // The reference gives CreateDatabase no ClientToken: an earlier attempt's database is
    // recognised by its name and settings (see the engine's createOnce).
    params: (i: DatabaseInputs) => ({
      CharacterSetName: i.characterSetName,
      DBDescription: i.dbDescription ?? defaultDescription(i.dbName),
      AccountName: i.accountName,
      AccountPrivilege: i.accountName ? i.accountPrivilege ?? "ReadWrite" : undefined,
      // "C" when neither is given, as Terraform's provider sends (PostgreSQL/Oracle require both; MySQL ignores them).
      Collate: i.collate ?? i.ctype ?? "C",
      Ctype: i.ctype ?? i.collate ?? "C",
    }),
  },
  read: {
    action: "DescribeDatabases",
    response: databases,
    pick: (r: z.output<typeof databases>, key) => r.Databases.find((d) => d.DBName === key.dbName),
    outputs: (d: Row, _key, prior) => liveOutputs(d, prior),
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "Running",
  update: [
    { fields: ["dbDescription"], action: "ModifyDBDescription", params: (n) => ({ DBDescription: n.dbDescription }) },
    { fields: ["accountName", "accountPrivilege"], calls: (n, o, key) => accountCalls(n, o, key), apis: ["GrantAccountPrivilege", "RevokeAccountPrivilege"] },
  ],
  delete: { action: "DeleteDatabase" },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
