/**
 * Around the cluster, provider ↔ emulator (calls counted):
 * - BackupPolicy: the level-1/level-2 schedule, cross-region copies and the log backup policy —
 *   two APIs, one resource; refresh reads every field back, console changes show as drift, update
 *   puts them back with the one API each group needs; the cloud's refusals name the field.
 * - Account: lock state and password expiry (ModifyAccountLockState), and a password given
 *   encrypted with KMS: decrypted by the emulator's KMS just before CreateAccount /
 *   ModifyAccountPassword, never in outputs, progress or errors in any encoding (the emulator's
 *   digest of the password is the oracle that the right one was set).
 */
import { createHash } from "node:crypto";
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { encodingsOf } from "../../provider/scrub";
import { accountSpec } from "../../resources/account";
import { backupPolicySpec } from "../../resources/backup-policy";
import { checkedInputs, cloud, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const PLAIN = "Kms-Plain#Passw0rd";
const PLAIN_2 = "Kms-Second#Passw0rd";

let emu: TestEmulator;
let mysql: string;
let pg: string;
const progress: string[] = [];
const providerFor = (spec: typeof accountSpec | typeof backupPolicySpec): Provider =>
  makeProvider(spec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l), convergeGraceMs: 300 }));

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  [mysql, pg] = await Promise.all([runningCluster("MySQL", "around"), runningCluster("PostgreSQL", "around-pg")]);
});
afterAll(async () => {
  const shown = progress.join("\n");
  for (const p of [PLAIN, PLAIN_2]) for (const form of [...encodingsOf(p), Buffer.from(p).toString("base64")]) expect(shown).not.toContain(form);
  await emu?.stop();
});

const counted = async <T>(f: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> => {
  emu.emulator.resetCalls();
  const result = await f();
  return { result, calls: emu.emulator.calls() };
};
/** Only the calls that change something. */
const mutations = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([a]) => !/^Describe/.test(a)));

describe("BackupPolicy: the data and the log backup policy", () => {
  const p = providerFor(backupPolicySpec);
  let id: string;
  let outs: Record<string, any>;
  let desired: Record<string, unknown>;

  test("create sets every new field with one ModifyBackupPolicy and one ModifyLogBackupPolicy; refresh reads them all back", async () => {
    desired = await checkedInputs(p, {
      dbClusterId: mysql, dataLevel1BackupRetentionPeriod: 7, dataLevel1BackupFrequency: "2/24H", dataLevel1BackupTime: "10:00Z-11:00Z",
      dataLevel1BackupPeriod: ["Wednesday", "Tuesday"], dataLevel2BackupRetentionPeriod: 30, dataLevel2BackupPeriod: ["Sunday", "Saturday"],
      dataLevel2BackupAnotherRegionRegion: "cn-beijing", dataLevel2BackupAnotherRegionRetentionPeriod: 60,
      logBackupRetentionPeriod: -1, logBackupAnotherRegionRegion: "cn-shanghai", logBackupAnotherRegionRetentionPeriod: 30,
    });
    const { result, calls } = await counted(() => p.create(desired));
    id = result.id;
    outs = result.outs as Record<string, any>;
    expect(mutations(calls)).toEqual({ ModifyBackupPolicy: 1, ModifyLogBackupPolicy: 1 });
    expect(outs).toMatchObject({
      dataLevel1BackupFrequency: "2/24H", dataLevel1BackupTime: "10:00Z-11:00Z", dataLevel1BackupPeriod: ["Tuesday", "Wednesday"],
      dataLevel2BackupPeriod: ["Saturday", "Sunday"], dataLevel2BackupAnotherRegionRegion: "cn-beijing", dataLevel2BackupAnotherRegionRetentionPeriod: 60,
      logBackupRetentionPeriod: -1, logBackupAnotherRegionRegion: "cn-shanghai", logBackupAnotherRegionRetentionPeriod: 30, enableBackupLog: 1,
    });
    const log = await emu.client.request<any>("DescribeLogBackupPolicy", { DBClusterId: mysql });
    expect(log).toMatchObject({ LogBackupRetentionPeriod: -1, LogBackupAnotherRegionRegion: "cn-shanghai", LogBackupAnotherRegionRetentionPeriod: "30" });
    const r = await p.read(id, outs);
    expect(r.props).toEqual(outs);
    expect(await p.diff(id, r.props!, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("console changes to either policy show in refresh (drift); update puts each back with its own API", async () => {
    await emu.client.request("ModifyLogBackupPolicy", { DBClusterId: mysql, LogBackupRetentionPeriod: 30 });
    await emu.client.request("ModifyBackupPolicy", { DBClusterId: mysql, DataLevel1BackupTime: "20:00Z-21:00Z", DataLevel2BackupAnotherRegionRegion: "cn-shenzhen" });
    const refreshed = (await p.read(id, outs)).props as Record<string, any>;
    expect(refreshed).toMatchObject({ logBackupRetentionPeriod: 30, dataLevel1BackupTime: "20:00Z-21:00Z", dataLevel2BackupAnotherRegionRegion: "cn-shenzhen" });
    expect(await p.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(progress.at(-1)).toMatch(/differs in dataLevel1BackupTime, dataLevel2BackupAnotherRegionRegion, logBackupRetentionPeriod$/);

    const { result, calls } = await counted(() => p.update(id, refreshed, desired));
    expect(mutations(calls)).toEqual({ ModifyBackupPolicy: 1, ModifyLogBackupPolicy: 1 });
    outs = result.outs as Record<string, any>;
    expect(outs).toMatchObject({ logBackupRetentionPeriod: -1, dataLevel1BackupTime: "10:00Z-11:00Z", dataLevel2BackupAnotherRegionRegion: "cn-beijing" });
  });

  test("a change of the log policy alone calls ModifyLogBackupPolicy only", async () => {
    const news = { ...desired, logBackupRetentionPeriod: 365 };
    const { result, calls } = await counted(() => p.update(id, outs, news));
    expect(mutations(calls)).toEqual({ ModifyLogBackupPolicy: 1 });
    expect(cloud(emu).clusters[mysql].logBackupPolicy.LogBackupRetentionPeriod).toBe("365");
    outs = result.outs as Record<string, any>;
    desired = news;
  });

  test("a policy of log fields only: no ModifyBackupPolicy at create; destroy leaves both policies", async () => {
    const inputs = await checkedInputs(p, { dbClusterId: pg, logBackupRetentionPeriod: 14 });
    const { result, calls } = await counted(() => p.create(inputs));
    expect(mutations(calls)).toEqual({ ModifyLogBackupPolicy: 1 });
    expect((result.outs as any).logBackupRetentionPeriod).toBe(14);
    await p.delete(result.id, result.outs as any);
    expect(cloud(emu).clusters[pg].logBackupPolicy.LogBackupRetentionPeriod).toBe("14");
  });

  test("the cloud's refusals name the field: level-1 schedule on PostgreSQL, a copy to the cluster's own region", async () => {
    const inputs = await checkedInputs(p, { dbClusterId: pg, dataLevel1BackupPeriod: ["Monday", "Friday"] });
    await expect(p.create(inputs)).rejects.toThrow(/ModifyBackupPolicy failed: InvalidParameter \(HTTP 400\): .*DataLevel1BackupPeriod.*\[RequestId: /);
    // What preview refuses, the cloud refuses too (a program that skipped check).
    await expect(emu.client.request("ModifyBackupPolicy", { DBClusterId: mysql, DataLevel2BackupAnotherRegionRegion: "cn-hangzhou" }))
      .rejects.toMatchObject({ code: "InvalidParameter", cloudMessage: expect.stringContaining("DataLevel2BackupAnotherRegionRegion") });
    await expect(emu.client.request("ModifyLogBackupPolicy", { DBClusterId: mysql, LogBackupRetentionPeriod: 2 }))
      .rejects.toMatchObject({ code: "InvalidParameter", cloudMessage: expect.stringContaining("LogBackupRetentionPeriod") });
    await expect(emu.client.request("ModifyLogBackupPolicy", { DBClusterId: pg, LogBackupAnotherRegionRetentionPeriod: 30 }))
      .rejects.toMatchObject({ code: "MissingParameter", cloudMessage: expect.stringContaining("LogBackupAnotherRegionRegion") });
  });
});

describe("Account: lock state, password expiry, a KMS-encrypted password", () => {
  const p = providerFor(accountSpec);
  let keyId: string;
  const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
  const stored = (name: string) => cloud(emu).clusters[mysql].accounts.find((a: any) => a.AccountName === name);
  const encrypt = async (plain: string, context?: Record<string, string>) =>
    (await emu.kms.request<any>("Encrypt", { KeyId: keyId, Plaintext: plain, ...(context ? { EncryptionContext: JSON.stringify(context) } : {}) })).CiphertextBlob as string;
  const noPlain = (text: string) => {
    for (const p of [PLAIN, PLAIN_2]) for (const form of [...encodingsOf(p), Buffer.from(p).toString("base64")]) expect(text).not.toContain(form);
  };
  let id: string;
  let outs: Record<string, any>;
  let desired: Record<string, unknown>;

  beforeAll(async () => {
    keyId = (await emu.kms.request<any>("CreateKey", { Description: "passwords" })).KeyMetadata.KeyId;
  });

  test("create: KMS Decrypt once, then CreateAccount with the plain password; locked as declared; nothing plain in the outputs", async () => {
    desired = await checkedInputs(p, {
      dbClusterId: mysql, accountName: "kms_app", kmsEncryptedPassword: await encrypt(PLAIN, { app: "orders" }), kmsEncryptionContext: { app: "orders" },
      accountLockState: "Lock", accountPasswordValidTime: "2126-09-17T10:00:00Z",
    });
    const { result, calls } = await counted(() => p.create(desired));
    id = result.id;
    outs = result.outs as Record<string, any>;
    expect(mutations(calls)).toEqual({ Decrypt: 1, CreateAccount: 1, ModifyAccountLockState: 1 });
    expect(stored("kms_app")).toMatchObject({ passwordDigest: sha256(PLAIN), AccountLockState: "Lock", AccountPasswordValidTime: "2126-09-17T10:00:00Z" });
    expect(outs).toMatchObject({ accountLockState: "Lock", lockState: "Lock", accountPasswordValidTime: "2126-09-17T10:00:00Z", kmsEncryptionContext: { app: "orders" } });
    expect(outs.accountPassword).toBeUndefined();
    expect(outs.kmsEncryptedPassword).toBeUndefined();
    expect(outs.secretDigests.kmsEncryptedPassword).toMatch(/^scrypt\$/);
    noPlain(JSON.stringify(outs));
  });

  test("refresh equals the outputs; the same inputs are no change and call nothing but describes", async () => {
    const { result, calls } = await counted(() => p.read(id, outs));
    expect(result.props).toEqual(outs);
    expect(mutations(calls)).toEqual({});
    expect(await p.diff(id, result.props!, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("unlocked in the console: drift in refresh; update locks it again with one ModifyAccountLockState", async () => {
    await emu.client.request("ModifyAccountLockState", { DBClusterId: mysql, AccountName: "kms_app", AccountLockState: "UnLock" });
    const refreshed = (await p.read(id, outs)).props as Record<string, any>;
    expect(refreshed.accountLockState).toBe("UnLock");
    expect(await p.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { result, calls } = await counted(() => p.update(id, refreshed, desired));
    expect(mutations(calls)).toEqual({ ModifyAccountLockState: 1 });
    outs = result.outs as Record<string, any>;
    expect(stored("kms_app").AccountLockState).toBe("Lock");
  });

  test("the expiry alone changes in place, keeping the lock (AccountLockState is required: the current one is sent)", async () => {
    const news = { ...desired, accountLockState: undefined, accountPasswordValidTime: "2127-01-01T00:00:00Z" };
    const { result, calls } = await counted(() => p.update(id, outs, news));
    expect(mutations(calls)).toEqual({ ModifyAccountLockState: 1 });
    expect(stored("kms_app")).toMatchObject({ AccountLockState: "Lock", AccountPasswordValidTime: "2127-01-01T00:00:00Z" });
    outs = result.outs as Record<string, any>;
    desired = { ...desired, accountPasswordValidTime: "2127-01-01T00:00:00Z" };
  });

  test("a new ciphertext: Decrypt + ModifyAccountPassword, the new password really set", async () => {
    const news = { ...desired, kmsEncryptedPassword: await encrypt(PLAIN_2, { app: "orders" }) };
    expect(await p.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { result, calls } = await counted(() => p.update(id, outs, news));
    expect(mutations(calls)).toEqual({ Decrypt: 1, ModifyAccountPassword: 1 });
    expect(stored("kms_app").passwordDigest).toBe(sha256(PLAIN_2));
    outs = result.outs as Record<string, any>;
    desired = news;
    noPlain(JSON.stringify(outs));
  });

  test("a wrong context, a disabled key: the error names Decrypt, its code and RequestId and what to check; nothing changed", async () => {
    const wrong = { ...desired, kmsEncryptedPassword: await encrypt(PLAIN, { app: "orders" }), kmsEncryptionContext: { app: "billing" } };
    const err = await p.update(id, outs, wrong).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^Decrypt failed: InvalidParameter \(HTTP 400\): .*CiphertextBlob.*\[RequestId: [0-9A-F-]{36}\]\. Account .*kms_app: kmsEncryptedPassword could not be decrypted with KMS in cn-hangzhou\. .*kmsEncryptionContext is exactly the EncryptionContext/);
    const blob = await encrypt(PLAIN);
    await emu.kms.request("DisableKey", { KeyId: keyId });
    const disabled = await p.update(id, outs, { ...desired, kmsEncryptedPassword: blob, kmsEncryptionContext: undefined }).then(() => undefined, (e: Error) => e);
    expect(disabled?.message).toMatch(/^Decrypt failed: Rejected\.Disabled \(HTTP 409\)/);
    await emu.kms.request("EnableKey", { KeyId: keyId });
    expect(stored("kms_app").passwordDigest).toBe(sha256(PLAIN_2));
    noPlain(`${err?.message}\n${disabled?.message}`);
  });

  test("a decrypted value that breaks the password rules is refused before any call, without the value", async () => {
    const weak = "weakpassword";
    const blob = await encrypt(weak);
    const inputs = await checkedInputs(p, { dbClusterId: mysql, accountName: "kms_weak", kmsEncryptedPassword: blob });
    const { result, calls } = await counted(() => p.create(inputs).then(() => undefined, (e: Error) => e));
    expect(result?.message).toMatch(/kmsEncryptedPassword is not a valid accountPassword: it must contain at least 3 of/);
    expect(result?.message).not.toContain(weak);
    expect(mutations(calls)).toEqual({ Decrypt: 1 });
    expect(stored("kms_weak")).toBeUndefined();
  });

  test("the emulator's ModifyAccountLockState refusals: a missing or unknown state, a malformed time, an unknown account", async () => {
    const on = { DBClusterId: mysql, AccountName: "kms_app" };
    await expect(emu.client.request("ModifyAccountLockState", on)).rejects.toMatchObject({ code: "MissingParameter", cloudMessage: expect.stringContaining("AccountLockState") });
    await expect(emu.client.request("ModifyAccountLockState", { ...on, AccountLockState: "Locked" })).rejects.toMatchObject({ code: "InvalidParameter" });
    await expect(emu.client.request("ModifyAccountLockState", { ...on, AccountLockState: "Lock", AccountPasswordValidTime: "2030-01-01" })).rejects.toMatchObject({ code: "InvalidParameter", cloudMessage: expect.stringContaining("AccountPasswordValidTime") });
    await expect(emu.client.request("ModifyAccountLockState", { ...on, AccountName: "nobody", AccountLockState: "Lock" })).rejects.toMatchObject({ code: "InvalidAccountName.NotFound", httpStatus: 404 });
  });

  test("destroy deletes the account", async () => {
    await p.delete(id, outs);
    expect(stored("kms_app")).toBeUndefined();
  });
});
