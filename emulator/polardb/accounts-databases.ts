/**
 * Accounts and databases (seed 003 §12, §13).
 */
import { description, oneOf, optional, page, paging, Params, required } from "../params";
import { codes } from "../codes";
import type { Account, Cluster } from "../state";
import { DURATIONS, MYSQL_CHARSETS, PG_CHARSETS, QUOTA, RESERVED_ACCOUNTS, RESERVED_DBS } from "./catalogue";
import { Area, digest, PolarContext } from "./context";

/** What GrantAccountPrivilege grants on every engine (the SDK's list). */
const GRANTABLE = ["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly", "ReadIndex"];

export function accountDatabaseArea(ctx: PolarContext): Area {
  const { after, schedule, cluster, runningCluster, idempotent } = ctx;
  function account(c: Cluster, p: Params): Account {
    const a = c.accounts.find((x) => x.AccountName === required(p, "AccountName"));
    if (!a) throw codes.accountNotFound();
    if (a.AccountStatus !== "Available") throw codes.accountStatus();
    return a;
  }
  return {
    actions: {
      CreateAccount: (p) => idempotent(p, "CreateAccount", () => {
        const c = runningCluster(p, true);
        const name = newAccountName(c, p);
        const password = required(p, "AccountPassword");
        if (!validPassword(password)) throw codes.malformed("AccountPassword");
        const type = oneOf(p, "AccountType", ["Normal", "Super"], "Super")!;
        const desc = description(p, "AccountDescription");
        if (c.accounts.length >= QUOTA.accounts) throw codes.accountQuota();
        if (type === "Super" && c.DBType === "MySQL" && c.accounts.some((a) => a.AccountType === "Super")) throw codes.accountType();
        const privileges: Account["DatabasePrivileges"] = [];
        const dbNames = optional(p, "DBName");
        if (dbNames) {
          if (c.DBType !== "MySQL" || type !== "Normal") throw codes.invalidParameter("DBName");
          const privs = (optional(p, "AccountPrivilege") ?? "ReadWrite").split(",");
          dbNames.split(",").forEach((db, i) => {
            if (!c.databases.some((d) => d.DBName === db)) throw codes.dbNotFound();
            const priv = privs[i] ?? privs[0];
            if (!["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly", "ReadIndex"].includes(priv)) throw codes.invalidParameter("AccountPrivilege");
            privileges.push({ DBName: db, AccountPrivilege: priv });
          });
        }
        c.accounts.push({ AccountName: name, AccountType: type, AccountStatus: "Creating", AccountDescription: desc ?? "", passwordDigest: digest(password), DatabasePrivileges: privileges });
        schedule({ at: after(DURATIONS.account), kind: "accountReady", clusterId: c.DBClusterId, args: { name } });
        return {};
      }),

      DescribeAccounts: (p) => {
        const c = cluster(p);
        const name = optional(p, "AccountName");
        const pg = paging(p);
        const rows = page(c.accounts.filter((a) => !name || a.AccountName === name), pg);
        return {
          PageNumber: pg.pageNumber, PageRecordCount: rows.length,
          Accounts: rows.map((a) => ({
            AccountName: a.AccountName, AccountType: a.AccountType, AccountStatus: a.AccountStatus, AccountDescription: a.AccountDescription,
            AccountLockState: a.AccountLockState ?? "UnLock", AccountPasswordValidTime: a.AccountPasswordValidTime ?? "",
            ...(a.AccountType === "Normal" ? { DatabasePrivileges: a.DatabasePrivileges } : {}),
          })),
        };
      },

      ModifyAccountDescription: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        const d = description(p, "AccountDescription");
        if (d === undefined) throw codes.missingParameter("AccountDescription");
        a.AccountDescription = d;
        return {};
      },

      ModifyAccountPassword: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        const pw = required(p, "NewAccountPassword");
        if (!validPassword(pw)) throw codes.malformed("NewAccountPassword");
        a.passwordDigest = digest(pw);
        return {};
      },

      // Lock or unlock an account (a locked one cannot log in), and set when its password expires.
      ModifyAccountLockState: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        const state = oneOf(p, "AccountLockState", ["Lock", "UnLock"]) ?? (() => { throw codes.missingParameter("AccountLockState"); })();
        const validTime = optional(p, "AccountPasswordValidTime");
        if (validTime !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(validTime) || Number.isNaN(Date.parse(validTime)))) {
          throw codes.invalidParameter("AccountPasswordValidTime");
        }
        a.AccountLockState = state;
        if (validTime !== undefined) a.AccountPasswordValidTime = validTime;
        return {};
      },

      DeleteAccount: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        a.AccountStatus = "Deleting";
        schedule({ at: after(DURATIONS.account), kind: "accountGone", clusterId: c.DBClusterId, args: { name: a.AccountName } });
        return {};
      },

      CheckAccountName: (p) => {
        newAccountName(cluster(p), p);
        return {};
      },

      // PostgreSQL / Oracle also take DBOwner (Terraform changes a database's owner with it): the
      // database has one owner, so ownership moves to this account and the old owner loses it.
      GrantAccountPrivilege: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        if (a.AccountType !== "Normal") throw codes.accountType();
        const dbs = required(p, "DBName").split(",");
        const privs = required(p, "AccountPrivilege").split(",");
        const allowed = [...GRANTABLE, ...(c.DBType === "MySQL" ? [] : ["DBOwner"])];
        if (privs.some((x) => !allowed.includes(x))) throw codes.invalidParameter("AccountPrivilege");
        dbs.forEach((db, i) => {
          const d = c.databases.find((x) => x.DBName === db);
          if (!d) throw codes.dbNotFound();
          const priv = privs[i] ?? privs[0];
          if (priv === "DBOwner") {
            for (const old of d.Accounts) {
              const x = c.accounts.find((y) => y.AccountName === old.AccountName);
              if (x) x.DatabasePrivileges = x.DatabasePrivileges.filter((g) => g.DBName !== db);
            }
            d.Accounts = [];
          }
          a.DatabasePrivileges = [...a.DatabasePrivileges.filter((g) => g.DBName !== db), { DBName: db, AccountPrivilege: priv }];
          d.Accounts = [...d.Accounts.filter((g) => g.AccountName !== a.AccountName), { AccountName: a.AccountName, AccountPrivilege: priv }];
        });
        return {};
      },

      RevokeAccountPrivilege: (p) => {
        const c = runningCluster(p);
        const a = account(c, p);
        const dbs = required(p, "DBName").split(",");
        a.DatabasePrivileges = a.DatabasePrivileges.filter((g) => !dbs.includes(g.DBName));
        for (const d of c.databases) if (dbs.includes(d.DBName)) d.Accounts = d.Accounts.filter((g) => g.AccountName !== a.AccountName);
        return {};
      },

      CreateDatabase: (p) => idempotent(p, "CreateDatabase", () => {
        const c = runningCluster(p);
        const name = newDbName(c, p);
        const charset = required(p, "CharacterSetName");
        const sets = c.DBType === "MySQL" ? MYSQL_CHARSETS : PG_CHARSETS;
        if (!sets.includes(charset.toLowerCase())) throw codes.invalidParameter("CharacterSetName");
        const pgLike = c.DBType !== "MySQL";
        const desc = description(p, "DBDescription");
        const owner = optional(p, "AccountName");
        const priv = oneOf(p, "AccountPrivilege", ["ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly"], "ReadWrite")!;
        const collate = optional(p, "Collate");
        const ctype = optional(p, "Ctype");
        if (pgLike) {
          if (desc === undefined) throw codes.missingParameter("DBDescription");
          if (!owner) throw codes.missingParameter("AccountName");
          if (!collate) throw codes.missingParameter("Collate");
          if (!ctype) throw codes.missingParameter("Ctype");
        }
        let grantee: Account | undefined;
        if (owner) {
          grantee = c.accounts.find((a) => a.AccountName === owner);
          if (!grantee) throw codes.accountNotFound();
          if (grantee.AccountStatus !== "Available") throw codes.accountStatus();
          if (grantee.AccountType !== "Normal") throw codes.accountType();
        }
        if (c.databases.length >= QUOTA.databases) throw codes.dbQuota();
        c.databases.push({ DBName: name, DBStatus: "Creating", CharacterSetName: charset, DBDescription: desc ?? "", Collate: collate, Ctype: ctype, Accounts: grantee ? [{ AccountName: grantee.AccountName, AccountPrivilege: priv }] : [] });
        grantee?.DatabasePrivileges.push({ DBName: name, AccountPrivilege: priv });
        schedule({ at: after(DURATIONS.database), kind: "databaseReady", clusterId: c.DBClusterId, args: { name } });
        return {};
      }),

      DescribeDatabases: (p) => {
        const c = cluster(p);
        const name = optional(p, "DBName");
        const pg = paging(p);
        const rows = page(c.databases.filter((d) => !name || d.DBName === name), pg);
        return {
          PageNumber: pg.pageNumber, PageRecordCount: rows.length,
          Databases: { Database: rows.map((d) => ({
            DBName: d.DBName, DBStatus: d.DBStatus, DBDescription: d.DBDescription, CharacterSetName: d.CharacterSetName, Engine: c.DBType,
            Accounts: { Account: d.Accounts.map((a) => ({ AccountName: a.AccountName, AccountPrivilege: a.AccountPrivilege, AccountStatus: c.accounts.find((x) => x.AccountName === a.AccountName)?.AccountStatus ?? "Available", PrivilegeStatus: "Empowered" })) },
          })) },
        };
      },

      ModifyDBDescription: (p) => {
        const c = runningCluster(p);
        const d = c.databases.find((x) => x.DBName === required(p, "DBName"));
        if (!d) throw codes.dbNotFound();
        if (d.DBStatus !== "Running") throw codes.dbStatus();
        const desc = description(p, "DBDescription");
        if (desc === undefined) throw codes.missingParameter("DBDescription");
        d.DBDescription = desc;
        return {};
      },

      DeleteDatabase: (p) => {
        const c = runningCluster(p);
        const name = required(p, "DBName");
        const d = c.databases.find((x) => x.DBName === name);
        if (!d) throw codes.dbNotFound();
        if (d.DBStatus !== "Running") throw codes.dbStatus();
        d.DBStatus = "Deleting";
        schedule({ at: after(DURATIONS.database / 2), kind: "databaseGone", clusterId: c.DBClusterId, args: { name } });
        return {};
      },

      CheckDBName: (p) => {
        return { DBName: newDbName(cluster(p), p) };
      },
    },
    transitions: {
      accountReady: (c, a) => { const x = c.accounts.find((y) => y.AccountName === a.name); if (x) x.AccountStatus = "Available"; },
      accountGone: (c, a) => { c.accounts = c.accounts.filter((y) => y.AccountName !== a.name); for (const d of c.databases) d.Accounts = d.Accounts.filter((g) => g.AccountName !== a.name); },
      databaseReady: (c, a) => { const d = c.databases.find((y) => y.DBName === a.name); if (d) d.DBStatus = "Running"; },
      databaseGone: (c, a) => { c.databases = c.databases.filter((y) => y.DBName !== a.name); for (const x of c.accounts) x.DatabasePrivileges = x.DatabasePrivileges.filter((g) => g.DBName !== a.name); },
    },
  };
}
/** A name a new account may take on the cluster (CreateAccount and CheckAccountName share the rules). */
function newAccountName(c: Cluster, p: Params): string {
  const name = required(p, "AccountName");
  if (!/^[a-z][a-z0-9_]{0,14}[a-z0-9]$/.test(name)) throw codes.malformed("AccountName");
  if (RESERVED_ACCOUNTS.includes(name)) throw codes.accountKeyword();
  if (c.accounts.some((a) => a.AccountName === name)) throw codes.accountDuplicate();
  return name;
}

/** A name a new database may take on the cluster (CreateDatabase and CheckDBName share the rules). */
function newDbName(c: Cluster, p: Params): string {
  const name = required(p, "DBName");
  if (!/^[a-z]([a-z0-9_-]{0,62}[a-z0-9])?$/.test(name)) throw codes.dbNameMalformed();
  if (RESERVED_DBS.includes(name)) throw codes.dbKeyword();
  if (c.databases.some((d) => d.DBName === name)) throw codes.dbDuplicate();
  return name;
}

function validPassword(pw: string): boolean {
  if (pw.length < 8 || pw.length > 32 || !/^[A-Za-z0-9!@#$%^&*()_+\-=]+$/.test(pw)) return false;
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[!@#$%^&*()_+\-=]/].filter((r) => r.test(pw)).length >= 3;
}
