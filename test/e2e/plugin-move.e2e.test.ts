/**
 * A TypeScript stack moved from the dynamic classes to the provider plugin in place, with the real
 * CLI and the packed package (issue 22):
 *   1. The program makes a cluster, an account (secret password) and a database with the dynamic
 *      classes (`pulumi-nodejs:dynamic/polardb:*`). Credentials are secret stack config.
 *   2. A rotated key with the dynamic face: plain `pulumi refresh` still configures the dynamic
 *      provider from the state and fails naming the action and code; `--run-program` succeeds.
 *   3. The program is rewritten to the generated Node SDK (`polardb:index:*`, which alias the
 *      dynamic types), same names: the preview plans no create, delete or replace; `up` converges
 *      with no create or delete call in the cloud and the same ids; the next preview is empty.
 *   4. A rotated key with the plugin: plain `pulumi refresh` with the old key in config fails
 *      naming the action and code; with the new key set, plain refresh succeeds.
 *   5. destroy leaves nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { Emulator, startEmulator } from "../../emulator";
import { createProject, Project, repoRoot } from "../helpers/pulumi-cli";
import { generatedSdks } from "../helpers/plugin-languages";
import { nodeSdkTarball } from "../helpers/node-sdk";

jest.setTimeout(4 * 60_000);

const KEYS = [
  { id: "move-ak-1", secret: "move-SECRET-one-3b7e" },
  { id: "move-ak-2", secret: "move-SECRET-two-8c1d" },
  { id: "move-ak-3", secret: "move-SECRET-three-0a4f" },
];
const PASSWORD = "Move-Passw0rd-never-stored";

const body = (lib: string) => `
const pulumi = require("@pulumi/pulumi");
const polardb = require("${lib}");
const orders = new polardb.Cluster("orders", { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: "orders" });
new polardb.Account("app", { dbClusterId: orders.id, accountName: "app", accountPassword: pulumi.secret("${PASSWORD}") });
new polardb.Database("appdb", { dbClusterId: orders.id, dbName: "appdb" });
exports.clusterId = orders.id;
`;

let emulator: Emulator;
let project: Project;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [KEYS[0]] });
  // Only stack config: no credential or endpoint from the environment.
  const none = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith("ALIBABA_CLOUD_")).map((k) => [k, ""]));
  project = await createProject("plugin-move", body("pulumi-polardb"), { ...none, POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "40" }, { ownInstall: true });
  for (const [k, v] of [["polardb:region", "cn-hangzhou"], ["polardb:endpoint", emulator.url]]) await project.pulumi(["config", "set", k, v]);
  await useKey(KEYS[0]);
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

async function useKey(key: { id: string; secret: string }) {
  await project.pulumi(["config", "set", "--secret", "polardb:accessKeyId", key.id]);
  await project.pulumi(["config", "set", "--secret", "polardb:accessKeySecret", key.secret]);
}

/** The ids by resource name, and the type of each. */
async function resources(): Promise<Record<string, { type: string; id: string }>> {
  const state = await project.exportStack();
  return Object.fromEntries((state.deployment.resources as any[]).filter((r) => r.id && !r.type.startsWith("pulumi:")).map((r) => [r.urn.split("::").pop(), { type: r.type, id: r.id }]));
}

/** The preview's plan: the step count per operation. */
const planned = (previewJson: string): Record<string, number> => JSON.parse(previewJson).changeSummary;

test("dynamic classes → plugin in place; a rotated secret in plain refresh, per face", async () => {
  const up = await project.pulumi(["up", "--yes"]);
  expect(up.stdout).toMatch(/4 created/);
  const before = await resources();
  expect(Object.values(before).map((r) => r.type).sort()).toEqual(["pulumi-nodejs:dynamic/polardb:Account", "pulumi-nodejs:dynamic/polardb:Cluster", "pulumi-nodejs:dynamic/polardb:Database"]);

  // The dynamic face after a rotation: plain refresh uses the key recorded in the state.
  emulator.setAccessKeys([KEYS[1]]);
  await useKey(KEYS[1]);
  const stale = await project.pulumi(["refresh", "--yes"], { allowFailure: true });
  expect(stale.code).not.toBe(0);
  expect(stale.stdout + stale.stderr).toMatch(/Describe\w+.*InvalidAccessKeyId/s);
  await project.pulumi(["refresh", "--yes", "--run-program", "--expect-no-changes"]);

  // The move: the generated SDK, the plugin from bin/, the same names.
  const sdk = await generatedSdks();
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", nodeSdkTarball(sdk)], { cwd: project.dir, stdio: ["ignore", "ignore", "inherit"] });
  const pulumiYaml = path.join(project.dir, "Pulumi.yaml");
  fs.appendFileSync(pulumiYaml, `plugins:\n  providers:\n    - name: polardb\n      path: ${path.join(repoRoot, "bin")}\n`);
  project.writeProgram(body("@pulumi-polardb/polardb"));
  emulator.resetCalls();

  const preview = await project.pulumi(["preview", "--json"]);
  const plan = planned(preview.stdout);
  expect(Object.keys(plan).filter((op) => !["same", "update"].includes(op))).toEqual([]);
  expect(plan.same ?? 0).toBeGreaterThanOrEqual(3);

  const moved = await project.pulumi(["up", "--yes"]);
  expect(moved.stdout).not.toMatch(/created|deleted|replaced/);
  const after = await resources();
  for (const name of ["orders", "app", "appdb"]) {
    expect(after[name].id).toBe(before[name].id);
    expect(after[name].type).toMatch(/^polardb:index:/);
  }
  const calls = Object.keys(emulator.calls());
  expect(calls.filter((a) => /^(Create|Delete)/.test(a))).toEqual([]);
  await project.pulumi(["preview", "--expect-no-changes"]);
  expect(JSON.stringify(await project.exportStack())).not.toContain(PASSWORD);

  // The plugin after a rotation: plain refresh configures the default provider from the stack config as it is now.
  emulator.setAccessKeys([KEYS[2]]);
  const old = await project.pulumi(["refresh", "--yes"], { allowFailure: true });
  expect(old.code).not.toBe(0);
  expect(old.stdout + old.stderr).toMatch(/Describe\w+.*InvalidAccessKeyId/s);
  expect(old.stdout + old.stderr).not.toContain(KEYS[1].secret);
  await useKey(KEYS[2]);
  await project.pulumi(["refresh", "--yes", "--expect-no-changes"]);
  // That refresh also dropped what the dynamic face kept in the outputs (`same` steps keep them).
  const state = JSON.stringify(await project.exportStack());
  expect(state).not.toContain("__provider");
  expect(state).not.toContain(PASSWORD);

  const destroy = await project.pulumi(["destroy", "--yes"]);
  expect(destroy.stdout).toMatch(/4 deleted/);
});
