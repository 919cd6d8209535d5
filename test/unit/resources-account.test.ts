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

describe("lock state, password expiry, a KMS-encrypted password", () => {
  const BLOB = "AQAkMzE5ZWU3ZTAtN2JlOC00ZDk3LWE2ZDQtZDQ3ZGM2NTcxMjc0Y2hhbmdlZA==";
  const { accountPassword: _omit, ...withoutPassword } = valid;
  const kms = { ...withoutPassword, kmsEncryptedPassword: BLOB, kmsEncryptionContext: { purpose: "app" } };

  test("a ciphertext instead of the password is valid, with its context", async () => {
    expect(await off.valid(kms)).toEqual({ ...kms, accountType: "Normal" });
  });

  test.each([
    [withoutPassword, "", /accountPassword: give the password: accountPassword, or kmsEncryptedPassword/],
    [{ ...valid, kmsEncryptedPassword: BLOB }, "", /kmsEncryptedPassword: give one of accountPassword and kmsEncryptedPassword, not both/],
    [{ ...valid, kmsEncryptionContext: { a: "b" } }, "kmsEncryptionContext", /together with kmsEncryptedPassword only/],
    [{ ...kms, kmsEncryptedPassword: "not base64!" }, "", /kmsEncryptedPassword: must be the CiphertextBlob KMS Encrypt returned \(base64\)/],
    [{ ...kms, kmsEncryptedPassword: "abcde" }, "", /kmsEncryptedPassword: .*multiple of 4/],
    [{ ...kms, kmsEncryptionContext: { "": "x" } }, "kmsEncryptionContext", /context keys must not be empty/],
    [{ ...valid, accountLockState: "Locked" }, "accountLockState", /"Lock" or "UnLock"/],
    [{ ...valid, accountPasswordValidTime: "2030-01-01 00:00:00" }, "accountPasswordValidTime", /YYYY-MM-DDThh:mm:ssZ/],
    [{ ...valid, accountPasswordValidTime: "2030-02-31T00:00:00Z" }, "accountPasswordValidTime", /a date that exists|YYYY/],
  ])("%j fails on %s", async (inputs, property, reason) => {
    const failures = await off.failures(inputs);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(JSON.stringify(failures)).not.toContain(BLOB);
  });

  describe("diff", () => {
    let outs: Record<string, unknown>;
    beforeAll(async () => {
      const row = { AccountName: "app_user", AccountType: "Normal", AccountStatus: "Available", AccountDescription: "the app", AccountLockState: "UnLock", AccountPasswordValidTime: "", DatabasePrivileges: [] };
      outs = (await answeringProvider(accountSpec, { Accounts: [row] }).read(id, { ...kms, accountType: "Normal" })).props as Record<string, unknown>;
    });

    test("the outputs keep the lock state read back, the context as declared, no ciphertext", () => {
      expect(outs).toMatchObject({ accountLockState: "UnLock", lockState: "UnLock", kmsEncryptionContext: { purpose: "app" } });
      expect(outs.accountPasswordValidTime).toBeUndefined();
      expect(JSON.stringify(outs)).not.toContain(BLOB);
    });

    test("lock state and expiry change in place (one ModifyAccountLockState)", async () => {
      expect(await off.provider.diff(id, outs, kms)).toMatchObject({ changes: false });
      for (const change of [{ accountLockState: "Lock" }, { accountPasswordValidTime: "2030-01-01T00:00:00Z" }]) {
        expect(await off.provider.diff(id, outs, { ...kms, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      }
      const group = accountSpec.update!.find((g) => g.fields.includes("accountLockState"))!;
      expect(group.action).toBe("ModifyAccountLockState");
      // AccountLockState is required by the API: a change of the expiry alone sends the current state.
      expect(group.params!(accountSpec.inputs.parse({ ...valid, accountPasswordValidTime: "2030-01-01T00:00:00Z" }), { accountLockState: "Lock" }, {}))
        .toEqual({ AccountLockState: "Lock", AccountPasswordValidTime: "2030-01-01T00:00:00Z" });
    });

    test("the unlocked state declared is no change", async () => {
      expect(await off.provider.diff(id, outs, { ...kms, accountLockState: "UnLock" })).toMatchObject({ changes: false });
    });

    test("a new ciphertext or another context sets the password again, in place; the line names no value", async () => {
      off.lines.length = 0;
      expect(await off.provider.diff(id, outs, { ...kms, kmsEncryptedPassword: `${BLOB.slice(0, -4)}AAA=` })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(await off.provider.diff(id, outs, { ...kms, kmsEncryptionContext: { purpose: "other" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(off.lines).toEqual([`Account ${id}: differs in kmsEncryptedPassword`, `Account ${id}: differs in kmsEncryptionContext`]);
    });
  });
});
