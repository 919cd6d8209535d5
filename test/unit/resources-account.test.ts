/** check and diff of the Account spec: name and password rules (never echoing the password), types, grants. */
import { UNKNOWN } from "../../provider/spec";
import { accountSpec } from "../../resources/account";
import { answeringProvider, offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(accountSpec);
afterEach(() => expect(off.calls).toEqual([]));

const PASSWORD = "Str0ng-Passw0rd";
const valid = { dbClusterId: "pc-abc123", accountName: "app_user", accountPassword: PASSWORD, accountDescription: "the app" };
const id = "pc-abc123:app_user";

test("valid inputs pass; accountType defaults to Normal (the API's default is Super)", async () => {
  expect(await off.valid(valid)).toEqual({ ...valid, accountType: "Normal" });
});

test.each([
  [{ accountName: "App" }, "accountName", /lower-case letters, digits and _/],
  [{ accountName: "a" }, "accountName", /2–16 characters/],
  [{ accountName: "app_" }, "accountName", /ending with a letter or digit/],
  [{ accountName: "a234567890123456x" }, "accountName", /2–16 characters/],
  [{ accountName: "root" }, "accountName", /reserved name/],
  [{ accountType: "Admin" }, "accountType", /"Normal" or "Super"/],
  [{ accountDescription: "http://x" }, "accountDescription", /must not start with http/],
  [{ accountPrivilege: "ReadOnly" }, "accountPrivilege", /together with dbNames/],
  [{ dbNames: ["orders"], accountType: "Super" }, "dbNames", /Normal accounts only/],
  [{ dbNames: ["Orders"] }, "dbNames.0", /lower-case letters, digits, - and _/],
  [{ dbNames: ["orders"], accountPrivilege: "Owner" }, "accountPrivilege", /"ReadWrite", "ReadOnly", "DMLOnly", "DDLOnly", "ReadIndex"/],
])("%j fails on %s", async (change, property, reason) => {
  expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test.each([
  ["Short1!", /at least 8 characters/],
  ["a".repeat(33), /at most 32 characters/],
  ["alllowercase1", /at least 3 of/],
  ["Has space 1a", /may contain only letters, digits and/],
])("a bad password fails without its value in the message (%#)", async (password, reason) => {
  const failures = await off.failures({ ...valid, accountPassword: password });
  expect(failures).toEqual([{ property: "", reason: expect.stringMatching(reason) }]);
  expect(failures[0].reason).toMatch(/^accountPassword: /);
  expect(JSON.stringify(failures)).not.toContain(password);
});

test("unknown values pass during preview", async () => {
  expect(await off.failures({ ...valid, dbClusterId: UNKNOWN, accountPassword: UNKNOWN })).toEqual([]);
});

describe("diff", () => {
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    // The stored outputs as the engine makes them: read through a cloud that holds the account.
    const row = { AccountName: "app_user", AccountType: "Normal", AccountStatus: "Available", AccountDescription: "the app", DatabasePrivileges: [] };
    const reader = answeringProvider(accountSpec, { Accounts: [row] });
    outs = (await reader.read(id, { ...valid, accountType: "Normal" })).props as Record<string, unknown>;
    expect(JSON.stringify(outs)).not.toContain(PASSWORD);
  });

  test("no change for the same inputs, password included", async () => {
    expect(await off.provider.diff(id, outs, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("password and description change in place", async () => {
    expect(await off.provider.diff(id, outs, { ...valid, accountPassword: "An0ther-Passw0rd" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await off.provider.diff(id, outs, { ...valid, accountDescription: "renamed" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("the name and the type replace, the old account going first (names are unique)", async () => {
    expect(await off.provider.diff(id, outs, { ...valid, accountName: "app2" })).toEqual({ changes: true, replaces: ["accountName"], deleteBeforeReplace: true });
    expect(await off.provider.diff(id, outs, { ...valid, accountType: "Super" })).toEqual({ changes: true, replaces: ["accountType"], deleteBeforeReplace: true });
  });

  test("grants: the database set is order-insensitive; a different set or privilege is an in-place change", async () => {
    const granted = { ...outs, dbNames: ["a", "b"], accountPrivilege: "ReadOnly" };
    expect(await off.provider.diff(id, granted, { ...valid, dbNames: ["b", "a", "a"], accountPrivilege: "ReadOnly" })).toMatchObject({ changes: false });
    expect(await off.provider.diff(id, granted, { ...valid, dbNames: ["a"], accountPrivilege: "ReadOnly" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await off.provider.diff(id, granted, { ...valid, dbNames: ["a", "b"], accountPrivilege: "ReadWrite" })).toMatchObject({ changes: true, replaces: [] });
  });

  test("the progress line names the changed fields, never the password", async () => {
    off.lines.length = 0;
    await off.provider.diff(id, outs, { ...valid, accountPassword: "An0ther-Passw0rd" });
    expect(off.lines).toEqual([`Account ${id}: differs in accountPassword`]);
  });
});

test("create always sends AccountType; grants go with DBName/AccountPrivilege lists of equal length", () => {
  const plain = accountSpec.create.params(accountSpec.inputs.parse(valid));
  expect(plain).toEqual({ AccountPassword: PASSWORD, AccountType: "Normal", AccountDescription: "the app" });
  const granted = accountSpec.create.params(accountSpec.inputs.parse({ ...valid, dbNames: ["b", "a"], accountPrivilege: "DMLOnly" }));
  expect(granted).toMatchObject({ DBName: "a,b", AccountPrivilege: "DMLOnly,DMLOnly" });
});

test("grant changes: grant what is missing or different, revoke what is no longer listed", () => {
  const group = accountSpec.update!.find((g) => g.fields.includes("dbNames"))!;
  const key = { dbClusterId: "pc-abc123", accountName: "app_user" };
  const have = { databasePrivileges: [{ dbName: "a", accountPrivilege: "ReadWrite" }, { dbName: "b", accountPrivilege: "ReadOnly" }, { dbName: "c", accountPrivilege: "ReadWrite" }] };
  const calls = group.calls!(accountSpec.inputs.parse({ ...valid, dbNames: ["a", "b", "d"] }), have, key);
  expect(calls).toEqual([
    { action: "GrantAccountPrivilege", params: { ...{ DBClusterId: "pc-abc123", AccountName: "app_user" }, DBName: "b,d", AccountPrivilege: "ReadWrite,ReadWrite" } },
    { action: "RevokeAccountPrivilege", params: { DBClusterId: "pc-abc123", AccountName: "app_user", DBName: "c" } },
  ]);
  expect(group.calls!(accountSpec.inputs.parse({ ...valid, dbNames: ["a", "c"] }), { databasePrivileges: [{ dbName: "a", accountPrivilege: "ReadWrite" }, { dbName: "c", accountPrivilege: "ReadWrite" }] }, key)).toEqual([]);
});
