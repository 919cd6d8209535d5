/**
 * polardb-drift end to end: the built command (dist/drift/cli.js, and the `polardb-drift` bin of
 * the packed package), the real `pulumi` CLI through the Automation API, the emulator in this
 * process. A stack with two clusters, a whitelist and an account: no drift after `up` (exit 0);
 * then out of band a cluster deleted (its deletion protection lifted first), a whitelist address
 * added and the account's description changed → exit 2 naming exactly those; the state is
 * untouched by every check; a stack that does not exist → exit 1 with the reason. The same
 * checks run on both faces: the dynamic classes (a Node.js program) and the provider plugin (the
 * same program in YAML, type tokens `polardb:index:*`).
 *
 * Needs dist/drift/, which `npm test` builds (tsconfig.json) before jest runs.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import { Face, Project, repoRoot } from "../helpers/pulumi-cli";

jest.setTimeout(5 * 60_000);

const accessKeyId = "drift-access-key";
const accessKeySecret = "drift-SECRET-do-not-leak-91c2";
const password = "Db-Passw0rd-never-printed";
const cli = path.join(repoRoot, "dist", "drift", "cli.js");

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const common = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };
const orders = new polardb.Cluster("orders", { ...common, description: "orders", maintainTime: "16:00Z-17:00Z", tags: { team: "data", env: "e2e" } });
const scratch = new polardb.Cluster("scratch", { ...common, description: "scratch", deletionLock: true });
new polardb.Whitelist("app", { dbClusterId: orders.id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.2", "10.0.0.1"] });
new polardb.Account("app", { dbClusterId: orders.id, accountName: "app", accountPassword: cfg.requireSecret("dbPassword"), accountDescription: "application" });
exports.ordersId = orders.id;
exports.scratchId = scratch.id;
`;

const yamlProgram = `
config:
  dbPassword: { type: string, secret: true }
resources:
  orders:
    type: polardb:index:Cluster
    properties: { dbType: PostgreSQL, dbVersion: "11", dbNodeClass: polar.pg.x4.medium, zoneId: cn-hangzhou-h, description: orders, maintainTime: "16:00Z-17:00Z", tags: { team: data, env: e2e } }
  scratch:
    type: polardb:index:Cluster
    properties: { dbType: PostgreSQL, dbVersion: "11", dbNodeClass: polar.pg.x4.medium, zoneId: cn-hangzhou-h, description: scratch, deletionLock: true }
  app-whitelist:
    type: polardb:index:Whitelist
    name: app
    properties: { dbClusterId: "\${orders.id}", dbClusterIpArrayName: app, securityIps: [10.0.0.2, 10.0.0.1] }
  app-account:
    type: polardb:index:Account
    name: app
    properties: { dbClusterId: "\${orders.id}", accountName: app, accountPassword: "\${dbPassword}", accountDescription: application }
outputs:
  ordersId: \${orders.id}
  scratchId: \${scratch.id}
`;

describe.each<Face>(["dynamic", "plugin"])("%s face", (face) => {
let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stack = await startE2eStack("drift-e2e", face === "plugin" ? yamlProgram : program, {
    face,
    key: { id: accessKeyId, secret: accessKeySecret },
    timeScale: 0.001,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
  // What a CI job sets for the check: the same backend, passphrase, CLI and credentials as the project's pulumi runs.
  env = { ...project.env };
  await project.pulumi(["config", "set", "--secret", "dbPassword", password]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
});

afterAll(async () => { await stack?.close(); });

interface Run { code: number; stdout: string; stderr: string }

/** The command as a pipeline runs it. Asynchronous: the emulator answers from this process. */
function drift(args: string[], command: string[] = [process.execPath, cli]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), ...args], { cwd: project.dir, env });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The stack's checkpoint file as bytes, and how many updates its history holds. */
async function stateFingerprint(): Promise<{ bytes: string; updates: number }> {
  const stacks = path.join(project.dir, ".pulumi-state", ".pulumi", "stacks");
  const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("e2e.json"));
  expect(files).toHaveLength(1);
  const history = JSON.parse((await project.pulumi(["stack", "history", "--json"])).stdout);
  return { bytes: fs.readFileSync(path.join(stacks, files[0]), "utf8"), updates: history.length };
}

const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);

test("right after `pulumi up`: no drift, exit 0 — also through the installed `polardb-drift` bin", async () => {
  const before = await stateFingerprint();
  const r = await drift(["--stack", "e2e", "--format", "json"]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.summary).toEqual({ resources: 4, unchanged: 4, drifted: 0, deleted: 0, skipped: 0, exitCode: 0 });
  expect(report.resources.map((x: any) => `${x.kind}/${x.name}`)).toEqual(["Account/app", "Cluster/orders", "Cluster/scratch", "Whitelist/app"]);

  // The package's bin, as `npx polardb-drift` runs it in a project (shebang, npm's shim).
  const bin = await drift(["--format", "text"], [path.join(project.dir, "node_modules", ".bin", "polardb-drift")]);
  expect(bin.code).toBe(0);
  expect(bin.stdout).toMatch(/^polardb-drift: stack e2e: no drift in 4 PolarDB resources\n/);
  expect(await stateFingerprint()).toEqual(before);
});

test("out-of-band changes: exit 2 naming the deleted cluster, the whitelist and the account description; the state is untouched", async () => {
  const { ordersId, scratchId } = await outputs();
  // A cluster deleted in the console (its deletion protection lifted first), an address added to the
  // whitelist, the account's description edited.
  await client.request("ModifyDBClusterDeletion", { DBClusterId: scratchId, Protection: false });
  await client.request("DeleteDBCluster", { DBClusterId: scratchId });
  await client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: ordersId, DBClusterIPArrayName: "app", ModifyMode: "Append", SecurityIps: "172.16.0.9" });
  await client.request("ModifyAccountDescription", { DBClusterId: ordersId, AccountName: "app", AccountDescription: "changed by hand" });

  const before = await stateFingerprint();
  const r = await drift(["--stack", "e2e", "--cwd", project.dir, "--format", "json"]);
  expect(r.code).toBe(2);
  const report = JSON.parse(r.stdout);
  expect(report.summary).toEqual({ resources: 4, unchanged: 1, drifted: 2, deleted: 1, skipped: 0, exitCode: 2 });
  expect(report.deleted.map((x: any) => [x.kind, x.name, x.id])).toEqual([["Cluster", "scratch", scratchId]]);
  expect(report.drifted.map((x: any) => [x.kind, x.name, x.fields])).toEqual([
    ["Account", "app", [{ field: "accountDescription", old: "application", new: "changed by hand" }]],
    ["Whitelist", "app", [{ field: "securityIps", old: ["10.0.0.1", "10.0.0.2"], new: ["10.0.0.1", "10.0.0.2", "172.16.0.9"] }]],
  ]);
  expect(report.resources.find((x: any) => x.name === "orders")).toMatchObject({ status: "unchanged", fields: [] });

  const junit = await drift(["--stack", "e2e", "--format", "junit"]);
  expect(junit.code).toBe(2);
  expect(junit.stdout.match(/<testcase /g)).toHaveLength(4);
  expect(junit.stdout.match(/<failure /g)).toHaveLength(3);
  expect(junit.stdout).toContain(`<failure type="deleted" message="Cluster scratch (${scratchId}) no longer exists in the cloud">`);

  // Nothing was written: the checkpoint is byte-identical and no update was recorded.
  expect(await stateFingerprint()).toEqual(before);
  const state = await project.exportStack();
  expect(state.deployment.resources.map((x: any) => x.id)).toContain(scratchId);

  // No secret reaches the output: not the password, not the access key secret.
  for (const out of [r.stdout, r.stderr, junit.stdout, junit.stderr]) {
    expect(out).not.toContain(password);
    expect(out).not.toContain(accessKeySecret);
  }
});

test("a stack that does not exist: exit 1 with the reason", async () => {
  const r = await drift(["--stack", "nope", "--format", "json"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('polardb-drift: error: stack "nope" does not exist');
  expect(JSON.parse(r.stdout)).toMatchObject({ stack: "nope", error: expect.stringContaining('stack "nope" does not exist'), summary: { exitCode: 1 } });
});

test("a cloud that refuses the credentials: exit 1 naming the cause", async () => {
  const saved = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "wrong-secret";
  try {
    const r = await drift(["--stack", "e2e"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/polardb-drift: error: pulumi preview --refresh failed for stack "e2e": .*(Signature|AccessKey|credential)/i);
    expect(r.stderr).not.toContain("wrong-secret");
  } finally {
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved;
  }
});
});
