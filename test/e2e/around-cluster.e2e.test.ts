/**
 * Around the cluster with the real CLI and the packed package: a MySQL 8.0 cluster, a BackupPolicy
 * using the level-1/level-2 schedule, cross-region copies and the log backup policy, and an Account
 * whose password is given encrypted with KMS (a ciphertext made by the emulator's KMS before the
 * run). Then: a second preview is empty; a console change of the backup policy is drift (preview
 * --refresh --expect-no-changes fails, refresh records it, up puts it back); the account is locked
 * in place; destroy. The plain password is in no CLI output and nowhere in the exported state —
 * plain, base64 or URI-encoded.
 */
import { createHash } from "node:crypto";
import { encodingsOf } from "../../provider/scrub";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { CliResult, Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const key = { id: "e2e-around-key", secret: "e2e-around-SECRET-7d31" };
const PLAIN = "Around-Kms#Passw0rd";

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const cluster = new polardb.Cluster("around", { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large", zoneId: "cn-hangzhou-h" });
new polardb.BackupPolicy("backups", {
  dbClusterId: cluster.id, backupRetentionPeriod: "7", dataLevel1BackupFrequency: "Normal", dataLevel1BackupTime: "10:00Z-11:00Z",
  dataLevel1BackupPeriod: ["Wednesday", "Tuesday"], dataLevel2BackupRetentionPeriod: 30, dataLevel2BackupPeriod: ["Saturday", "Sunday"],
  dataLevel2BackupAnotherRegionRegion: "cn-beijing", dataLevel2BackupAnotherRegionRetentionPeriod: 30,
  logBackupRetentionPeriod: 30, logBackupAnotherRegionRegion: "cn-shanghai", logBackupAnotherRegionRetentionPeriod: 60,
});
new polardb.Account("app", { dbClusterId: cluster.id, accountName: "app", kmsEncryptedPassword: cfg.require("passwordBlob"),
  kmsEncryptionContext: { app: "around" }, accountLockState: cfg.get("lock") || "UnLock" });
exports.clusterId = cluster.id;
`;

let stack: E2eStack;
let project: Project;
let clusterId: string;
/** Everything the CLI printed in this file's runs. */
const printed: string[] = [];
const pulumi = async (args: string[], opts?: { allowFailure?: boolean }): Promise<CliResult> => {
  const r = await project.pulumi(args, opts);
  printed.push(r.stdout, r.stderr);
  return r;
};
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const account = () => stack.emulator.backend.save().clusters[clusterId].accounts.find((a: any) => a.AccountName === "app");

beforeAll(async () => {
  stack = await startE2eStack("around-cluster", program, { key, timeScale: 0.001 });
  project = stack.project;
  // The ciphertext, made before the run as a user would (aliyun kms Encrypt, or alicloud_kms_ciphertext).
  const keyId = (await stack.kms.request<any>("CreateKey", { Description: "e2e passwords" })).KeyMetadata.KeyId;
  const blob = (await stack.kms.request<any>("Encrypt", { KeyId: keyId, Plaintext: PLAIN, EncryptionContext: JSON.stringify({ app: "around" }) })).CiphertextBlob;
  // A ciphertext is safe to keep in the stack settings: that is what encrypting it with KMS is for.
  await pulumi(["config", "set", "--plaintext", "passwordBlob", blob]);
});
afterAll(async () => { await stack?.close(); });

test("up: the cluster, the backup and log backup policies as declared, the account with the decrypted password", async () => {
  stack.emulator.resetCalls();
  await pulumi(["up", "--yes", "--skip-preview"]);
  clusterId = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout).clusterId;
  const policy = await stack.client.request<any>("DescribeBackupPolicy", { DBClusterId: clusterId });
  expect(policy).toMatchObject({
    DataLevel1BackupRetentionPeriod: "7", DataLevel1BackupFrequency: "Normal", DataLevel1BackupTime: "10:00Z-11:00Z", DataLevel1BackupPeriod: "Tuesday,Wednesday",
    DataLevel2BackupRetentionPeriod: "30", DataLevel2BackupPeriod: "Saturday,Sunday", DataLevel2BackupAnotherRegionRegion: "cn-beijing", DataLevel2BackupAnotherRegionRetentionPeriod: "30",
  });
  expect(await stack.client.request<any>("DescribeLogBackupPolicy", { DBClusterId: clusterId }))
    .toMatchObject({ LogBackupRetentionPeriod: 30, LogBackupAnotherRegionRegion: "cn-shanghai", LogBackupAnotherRegionRetentionPeriod: "60" });
  expect(account()).toMatchObject({ AccountStatus: "Available", passwordDigest: sha256(PLAIN) });
  const [row] = (await stack.client.request<any>("DescribeAccounts", { DBClusterId: clusterId, AccountName: "app" })).Accounts;
  expect(row).toMatchObject({ AccountLockState: "UnLock" });
  expect(stack.emulator.calls()).toMatchObject({ Decrypt: 1, CreateAccount: 1, ModifyBackupPolicy: 1, ModifyLogBackupPolicy: 1 });
});

test("a second preview reports no changes", async () => {
  expect((await pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("a console change of the backup policy is drift: preview --refresh fails, refresh records it, up puts it back", async () => {
  await stack.client.request("ModifyLogBackupPolicy", { DBClusterId: clusterId, LogBackupRetentionPeriod: 90 });
  await stack.client.request("ModifyBackupPolicy", { DBClusterId: clusterId, DataLevel2BackupAnotherRegionRegion: "cn-shenzhen" });
  const drift = await pulumi(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
  expect(drift.code).not.toBe(0);
  expect(drift.stdout).toMatch(/~ 1 to update/);
  expect(drift.stdout).toMatch(/backups/);

  await pulumi(["refresh", "--yes"]);
  const res = (await project.exportStack()).deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:BackupPolicy");
  expect(res.outputs).toMatchObject({ logBackupRetentionPeriod: 90, dataLevel2BackupAnotherRegionRegion: "cn-shenzhen", enableBackupLog: 1 });

  stack.emulator.resetCalls();
  await pulumi(["up", "--yes", "--skip-preview"]);
  expect(Object.keys(stack.emulator.calls()).filter((a) => !/^Describe/.test(a)).sort()).toEqual(["ModifyBackupPolicy", "ModifyLogBackupPolicy"]);
  expect(await stack.client.request<any>("DescribeLogBackupPolicy", { DBClusterId: clusterId })).toMatchObject({ LogBackupRetentionPeriod: 30 });
  expect((await pulumi(["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
});

test("locking the account is an in-place update of that account only (no Decrypt, no new account)", async () => {
  await pulumi(["config", "set", "lock", "Lock"]);
  const plan = await pulumi(["preview", "--json"]);
  const steps: Array<{ op: string; urn: string }> = JSON.parse(plan.stdout).steps ?? [];
  expect(steps.filter((s) => !s.urn.includes("pulumi:pulumi:Stack")).map((s) => [s.urn.split("::").pop(), s.op])).toEqual([["app", "update"]]);
  stack.emulator.resetCalls();
  await pulumi(["up", "--yes", "--skip-preview"]);
  expect(Object.keys(stack.emulator.calls()).filter((a) => !/^Describe/.test(a))).toEqual(["ModifyAccountLockState"]);
  expect(account()).toMatchObject({ AccountLockState: "Lock", passwordDigest: sha256(PLAIN) });
  expect((await pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("the plain password is in no CLI output and nowhere in the exported state (plain, base64, URI-encoded)", async () => {
  const forms = [...encodingsOf(PLAIN), Buffer.from(PLAIN).toString("base64"), Buffer.from(PLAIN).toString("base64url")];
  const exported = [(await pulumi(["stack", "export"])).stdout, (await pulumi(["stack", "export", "--show-secrets"])).stdout];
  for (const text of [...printed, ...exported]) for (const f of forms) expect(text.includes(f)).toBe(false);
  // What the state keeps instead: digests, the ciphertext only as the (secret) input.
  const res = JSON.parse(exported[1]).deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:Account");
  expect(JSON.stringify(res.outputs.secretDigests)).toMatch(/scrypt\$/);
  expect(res.outputs.kmsEncryptedPassword).toBeUndefined();
  expect(res.outputs.accountLockState).toBe("Lock");
});

test("destroy leaves nothing", async () => {
  await pulumi(["destroy", "--yes", "--skip-preview"]);
  const body: any = await stack.client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(body.Items?.DBCluster ?? []).toEqual([]);
});
