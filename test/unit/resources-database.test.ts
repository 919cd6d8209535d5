/** check and diff of the Database spec: name rules, PostgreSQL's collate/ctype, everything replaces. */
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
    CharacterSetName: "utf8mb4", DBDescription: "database o", AccountName: undefined, AccountPrivilege: undefined, Collate: undefined, Ctype: undefined,
  });
});

describe("read and diff", () => {
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    outs = (await reader([row]).read(id, valid)).props as Record<string, unknown>;
  });

  test("read keeps what the cloud never returns (collate, ctype, owner) and reports the rest live", () => {
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
    ["dbName", "orders2"], ["characterSetName", "latin1"], ["accountName", "app2"], ["accountPrivilege", "ReadOnly"],
    ["dbDescription", "new words"], ["collate", "POSIX"],
  ])("%s replaces, the old database going first (names are unique)", async (field, value) => {
    const news = { ...valid, [field]: value, ...(field === "collate" ? { ctype: value } : {}) };
    const d = await off.provider.diff(id, outs, news);
    expect(d.changes).toBe(true);
    expect(d.replaces).toContain(field);
    expect(d.deleteBeforeReplace).toBe(true);
  });

  test("a description changed outside Pulumi shows as drift (a replacement)", async () => {
    expect(await off.provider.diff(id, { ...outs, dbDescription: "edited" }, valid)).toMatchObject({ changes: true, replaces: ["dbDescription"] });
  });
});
