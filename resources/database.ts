/**
 * A database in a PolarDB cluster. Inputs are named as in @pulumi/alicloud's polardb.Database.
 *
 * Id: `<dbClusterId>:<dbName>` (`pc-…:orders`). Manage an existing one with `adopt: "pc-…:orders"`; `Database.get` only reads.
 * Every input replaces the database (the old one is deleted first: names are unique): the API
 * reference has no call that modifies a database — not even its description. A replacement DROPS
 * the data, so protect databases that hold any (`{ protect: true }`) and read previews.
 * PostgreSQL and Oracle clusters require accountName (an existing Normal account, which becomes the
 * database's owner: create the Account first and pass `account.accountName`), dbDescription and
 * collate/ctype (equal; "C" is always valid). Give one of collate/ctype and the other follows it.
 * The provider sends dbDescription = dbName when none is given, so that PostgreSQL works unasked.
 * Never returned by DescribeDatabases, so kept from the inputs (a change made outside Pulumi is not
 * seen): collate, ctype, accountName and accountPrivilege (the cloud lists every grantee of a
 * database, not its owner; the live list is the `accounts` output).
 */
import { z } from "zod";
import { charsetProblem } from "../reference/catalogue";
import {
  adoptInputs, commonInputs, compositeId, containsUnknown, defineResource, description, listOf, normalise, Props,
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
  /** e.g. utf8 (PostgreSQL: UTF8 / utf8, compared without case), utf8mb4 (MySQL). */
  characterSetName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,31}$/, 'a character set such as "utf8" or "utf8mb4"'),
  /** The account granted on (PostgreSQL/Oracle: owning) the database; a Normal account. Required for PostgreSQL and Oracle. */
  accountName: accountName.optional(),
  /** Default ReadWrite; applies with accountName. */
  accountPrivilege: z.enum(["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly"], 'must be "ReadWrite", "ReadOnly", "DMLOnly" or "DDLOnly"').optional(),
  /** Default: the database name (PostgreSQL and Oracle require a description). */
  dbDescription: description.optional(),
  /** PostgreSQL/Oracle: the database's collation locale (`"C"`, `"en_US.utf8"` …); equal to `ctype`. Give one of the two and the other follows it. */
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

function liveOutputs(d: Row): Props {
  const owner = d.Accounts[0];
  return {
    characterSetName: d.CharacterSetName ?? undefined,
    dbDescription: d.DBDescription || undefined,
    status: d.DBStatus ?? undefined,
    engine: d.Engine ?? undefined,
    accounts: d.Accounts.map((a) => ({
      accountName: a.AccountName, accountPrivilege: a.AccountPrivilege ?? undefined, privilegeStatus: a.PrivilegeStatus ?? undefined,
    })),
    // Only where no input is kept (adoption by id): the first grantee stands for the owner.
    accountName: owner?.AccountName,
    accountPrivilege: owner?.AccountPrivilege ?? undefined,
  };
}

/** A description for a one-letter name, which is shorter than the 2 characters descriptions need. */
const defaultDescription = (name: string) => (name.length >= 2 ? name : `database ${name}`);

export const databaseSpec = defineResource({
  kind: "Database",
  inputs: databaseInputs,
  id: compositeId({ dbClusterId: "DBClusterId", dbName: "DBName" }, { dbClusterId: CLUSTER_ID, dbName: /^[a-z][a-z0-9_-]*$/ }),
  replaceOn: ["dbClusterId", "dbName", "characterSetName", "accountName", "accountPrivilege", "dbDescription", "collate", "ctype"],
  deleteBeforeReplace: true,
  unread: ["collate", "ctype", "accountName", "accountPrivilege"],
  normalise: { characterSetName: normalise.caseInsensitive },
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
      Collate: i.collate ?? i.ctype,
      Ctype: i.ctype ?? i.collate,
    }),
  },
  read: {
    action: "DescribeDatabases",
    response: databases,
    pick: (r: z.output<typeof databases>, key) => r.Databases.find((d) => d.DBName === key.dbName),
    outputs: (d: Row) => liveOutputs(d),
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "Running",
  delete: { action: "DeleteDatabase" },
  timeouts: { create: "30m", update: "30m", delete: "30m" },
});
