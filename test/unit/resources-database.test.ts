/**
 * check and diff of the Database spec: name rules, PostgreSQL's collate/ctype; the description and
 * the account change in place (as Terraform changes them), the rest replaces; the account is read back.
 */
import { UNKNOWN } from "../../provider/spec";
import { databaseSpec } from "../../resources/database";
import { answeringProvider, offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(databaseSpec);
afterEach(() => expect(off.calls).toEqual([]));

const valid = { dbClusterId: "pc-abc123", dbName: "orders", characterSetName: "UTF8", accountName: "app", dbDescription: "orders db", collate: "C", ctype: "C" };
const id = "pc-abc123:orders";
/** What DescribeDatabases holds for `valid`: no collate, ctype or owner field; every grantee listed. */
const row = {
  DBName: "orders", DBStatus: "Running", DBDescription: "orders db", CharacterSetName: "utf8", Engine: "PostgreSQL",
  Accounts: { Account: [{ AccountName: "app", AccountPrivilege: "ReadWrite", AccountStatus: "Available", PrivilegeStatus: "Empowered" }] },
};
const reader = (rows: unknown[]) => answeringProvider(databaseSpec, { Databases: { Database: rows } });

test("valid inputs pass unchanged (no default invented for the cloud)", async () => {
  expect(await off.valid(valid)).toEqual(valid);
  expect(await off.valid({ dbClusterId: "pc-abc123", dbName: "a", characterSetName: "utf8mb4" })).toEqual({ dbClusterId: "pc-abc123", dbName: "a", characterSetName: "utf8mb4" });
});

test.each([
  [{ dbName: "Orders" }, "dbName", /lower-case letters, digits, - and _/],
  [{ dbName: "orders_" }, "dbName", /ending with a letter or digit/],
  [{ dbName: `a${"b".repeat(64)}` }, "dbName", /at most 64 characters/],
  [{ dbName: "test" }, "dbName", /reserved keyword/],
  [{ characterSetName: "utf 8" }, "characterSetName", /character set such as "utf8"/],
  [{ accountName: "Admin" }, "accountName", /lower-case letters/],
  [{ accountPrivilege: "ReadIndex" }, "accountPrivilege", /"ReadWrite", "ReadOnly", "DMLOnly" or "DDLOnly"/],
  [{ dbDescription: "x" }, "dbDescription", /2–256 characters/],
  [{ ctype: "POSIX" }, "ctype", /must equal collate \("C"\)/],
  [{ collate: "C; drop", ctype: undefined }, "collate", /locale such as "C"/],
])("%j fails on %s", async (change, property, reason) => {
  expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("a privilege without an account is refused", async () => {
  const { accountName: _a, ...noOwner } = valid;
  expect(await off.failures({ ...noOwner, accountPrivilege: "ReadOnly" })).toEqual([{ property: "accountPrivilege", reason: "applies together with accountName only" }]);
});

test("collate/ctype known on one side only (preview) are not compared", async () => {
  expect(await off.failures({ ...valid, collate: UNKNOWN, ctype: "POSIX" })).toEqual([]);
});

test("create fills in what PostgreSQL requires: a description, ctype from collate, ReadWrite for the owner", () => {
  expect(databaseSpec.create.params(databaseSpec.inputs.parse({ dbClusterId: "pc-abc123", dbName: "orders", characterSetName: "utf8", accountName: "app", collate: "C" }))).toEqual({
    CharacterSetName: "utf8", DBDescription: "orders", AccountName: "app", AccountPrivilege: "ReadWrite", Collate: "C", Ctype: "C",
  });
  expect(databaseSpec.create.params(databaseSpec.inputs.parse({ dbClusterId: "pc-abc123", dbName: "o", characterSetName: "utf8mb4" }))).toEqual({
    CharacterSetName: "utf8mb4", DBDescription: "database o", AccountName: undefined, AccountPrivilege: undefined, Collate: "C", Ctype: "C",
  });
});

test("what Terraform's provider sends unasked is the default here too: character set utf8, collate and ctype C", () => {
  const bare = databaseSpec.inputs.parse({ dbClusterId: "pc-abc123", dbName: "orders", accountName: "app" });
  expect(bare.characterSetName).toBe("utf8");
  expect(databaseSpec.create.params(bare)).toMatchObject({ CharacterSetName: "utf8", Collate: "C", Ctype: "C" });
  expect(databaseSpec.create.params(databaseSpec.inputs.parse({ dbClusterId: "pc-abc123", dbName: "orders", ctype: "POSIX" }))).toMatchObject({ Collate: "POSIX", Ctype: "POSIX" });
});

describe("read and diff", () => {
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    outs = (await reader([row]).read(id, valid)).props as Record<string, unknown>;
  });

  test("read keeps what the cloud never returns (collate, ctype, privilege) and reports the rest live, the owner among them", () => {
    expect(outs).toMatchObject({ ...valid, characterSetName: "utf8", status: "Running", engine: "PostgreSQL", accounts: [{ accountName: "app", accountPrivilege: "ReadWrite", privilegeStatus: "Empowered" }] });
  });

  test("adoption by id: the first grantee stands for the owner; collate and ctype are unknown", async () => {
    const adopted = (await reader([row]).read(id, {})).props as Record<string, unknown>;
    expect(adopted).toMatchObject({ dbClusterId: "pc-abc123", dbName: "orders", accountName: "app", accountPrivilege: "ReadWrite", regionId: "cn-hangzhou" });
    expect(adopted.collate).toBeUndefined();
  });

  test("a database that is not listed reads as gone", async () => {
    expect(await reader([{ ...row, DBName: "orders2" }]).read(id, valid)).toEqual({});
  });

  test("no change for the same inputs (the character set compared without case)", async () => {
    expect(await off.provider.diff(id, outs, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test.each([
    ["dbName", "orders2"], ["characterSetName", "latin1"], ["collate", "POSIX"], ["accountPrivilege", "ReadOnly"],
  ])("%s replaces, the old database going first (names are unique)", async (field, value) => {
    const news = { ...valid, [field]: value, ...(field === "collate" ? { ctype: value } : {}) };
    const d = await off.provider.diff(id, outs, news);
    expect(d.changes).toBe(true);
    expect(d.replaces).toContain(field);
    expect(d.deleteBeforeReplace).toBe(true);
  });

  test.each([["dbDescription", "new words"], ["accountName", "app2"]])("%s changes in place: no replacement, no data lost", async (field, value) => {
    expect(await off.provider.diff(id, outs, { ...valid, [field]: value })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("MySQL: the privilege is granted again in place (PostgreSQL's owner privilege replaces, above)", async () => {
    const mysql = { ...valid, characterSetName: "utf8mb4", collate: undefined, ctype: undefined, accountPrivilege: "ReadWrite" };
    const mysqlOuts = { ...outs, ...mysql, engine: "MySQL" };
    expect(await off.provider.diff(id, mysqlOuts, { ...mysql, accountPrivilege: "ReadOnly" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("a description or an owner changed outside Pulumi shows as drift, repaired in place", async () => {
    expect(await off.provider.diff(id, { ...outs, dbDescription: "edited" }, valid)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const moved = (await reader([{ ...row, Accounts: { Account: [{ ...row.Accounts.Account[0], AccountName: "other", AccountPrivilege: "DBOwner" }] } }]).read(id, outs)).props!;
    expect(moved.accountName).toBe("other");
    expect(await off.provider.diff(id, moved, valid)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("MySQL: the declared account is read while it holds a grant among several; once revoked, another grantee shows", async () => {
    const grantee = (name: string) => ({ AccountName: name, AccountPrivilege: "ReadWrite", AccountStatus: "Available", PrivilegeStatus: "Empowered" });
    const mysqlRow = (names: string[]) => ({ ...row, Engine: "MySQL", CharacterSetName: "utf8mb4", Accounts: { Account: names.map(grantee) } });
    const prior = { dbClusterId: "pc-abc123", dbName: "orders", characterSetName: "utf8mb4", accountName: "app" };
    expect((await reader([mysqlRow(["reporting", "app"])]).read(id, prior)).props).toMatchObject({ accountName: "app" });
    expect((await reader([mysqlRow(["reporting"])]).read(id, prior)).props).toMatchObject({ accountName: "reporting" });
  });
});
