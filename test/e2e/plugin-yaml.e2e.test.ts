/**
 * The provider plugin from a YAML program with the real CLI: Pulumi.yaml `runtime: yaml` with
 * `plugins.providers` pointing at bin/ (the plugin's directory form), credentials in stack config
 * as secrets, against the emulator in this process. One stack through: up (cluster, account with
 * a secret password, database) → nothing in the state in clear → refresh → a change made in the
 * console shows as drift, whose preview (the plugin's, supportsPreview) plans no change for the account
 * that references the cluster's id and primaryEndpointId → `pulumi import` of a cluster, an account and a database made outside
 * Pulumi, one by one (composite ids for the children) and three more in bulk (`--file`), their
 * generated YAML added to the program → `preview --expect-no-changes` → destroy.
 *
 * Needs dist/ (the plugin runs dist/provider/plugin/main.js) and pulumi-language-yaml next to the
 * CLI (scripts/setup-pulumi.sh builds both).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { CliResult, repoRoot, toolchainDir } from "../helpers/pulumi-cli";

jest.setTimeout(4 * 60_000);

const key = { id: "yaml-access-key", secret: "yaml-SECRET-do-not-leak-5e1d" };
const password = "Yaml-Passw0rd-never-stored";

const program = (endpointDescription: string) => ({
  name: "plugin-yaml",
  runtime: "yaml",
  plugins: { providers: [{ name: "polardb", path: path.join(repoRoot, "bin") }] },
  resources: {
    orders: { type: "polardb:index:Cluster", properties: { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", description: endpointDescription } },
    // A reference to a stable output: a preview of the cluster's update keeps it known (no change planned here).
    app: { type: "polardb:index:Account", properties: { dbClusterId: "${orders.id}", accountName: "app", accountPassword: { "fn::secret": password }, accountDescription: "via ${orders.primaryEndpointId}" } },
    appdb: { type: "polardb:index:Database", properties: { dbClusterId: "${orders.id}", dbName: "appdb" } },
  },
  outputs: { clusterId: "${orders.id}" },
});

let emulator: Emulator;
let client: PolarDBClient;
let dir: string;

function pulumi(args: string[], allowFailure = false): Promise<CliResult> {
  const bin = toolchainDir();
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ALIBABA_CLOUD_"))), // config only
    PATH: `${bin}:${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".pulumi-state")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "40",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive"], { cwd: dir, env });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      const r = { code: code ?? -1, stdout, stderr };
      if (r.code !== 0 && !allowFailure) reject(new Error(`pulumi ${args.join(" ")} exited ${r.code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      else resolve(r);
    });
  });
}

/** A MySQL cluster with an account (password never given to Pulumi) and a database, made with the API alone. */
async function outside(tag: string): Promise<{ cluster: string; account: string; database: string }> {
  const { DBClusterId: id } = await client.request<{ DBClusterId: string }>("CreateDBCluster", {
    DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h", DBClusterDescription: `made outside: ${tag}`, ClientToken: `yaml-e2e-${tag}`,
  });
  for (let i = 0; i < 200; i++) {
    const a = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
    if (a.DBClusterStatus === "Running") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await client.request("CreateAccount", { DBClusterId: id, AccountName: "ops", AccountPassword: "Outside-Passw0rd-1", AccountType: "Normal" });
  await client.request("CreateDatabase", { DBClusterId: id, DBName: "opsdb", CharacterSetName: "utf8mb4" });
  return { cluster: id, account: `${id}:ops`, database: `${id}:opsdb` };
}

const writeProgram = (p: object) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(p, { lineWidth: -1 }));

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [key] });
  client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: key.id, accessKeySecret: key.secret } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-e2e-plugin-yaml-"));
  fs.mkdirSync(path.join(dir, ".pulumi-state"));
  writeProgram(program("orders"));
  await pulumi(["stack", "init", "e2e"]);
  await pulumi(["config", "set", "polardb:region", "cn-hangzhou"]);
  await pulumi(["config", "set", "polardb:endpoint", emulator.url]);
  await pulumi(["config", "set", "--secret", "polardb:accessKeyId", key.id]);
  await pulumi(["config", "set", "--secret", "polardb:accessKeySecret", key.secret]);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("up, refresh, drift, import, no changes, destroy", async () => {
  const up = await pulumi(["up", "--yes"]);
  expect(up.stdout).toMatch(/4 created/);
  const clusterId = (await pulumi(["stack", "output", "clusterId"])).stdout.trim();
  expect(clusterId).toMatch(/^pc-/);

  // Secrets stay secrets: the password is an encrypted input, never an output; no credential in clear.
  const state = (await pulumi(["stack", "export"])).stdout;
  expect(state).not.toContain(password);
  expect(state).not.toContain(key.secret);
  const account = JSON.parse(state).deployment.resources.find((r: any) => r.type === "polardb:index:Account");
  expect(account.inputs.accountPassword.ciphertext).toBeDefined();
  expect(account.outputs.accountPassword).toBeUndefined();
  expect(account.outputs.secretDigests.ciphertext).toBeDefined();
  expect(account.outputs.accountDescription).toMatch(/^via pe-/);

  await pulumi(["refresh", "--yes", "--expect-no-changes"]);

  // A change in the console: refresh records it, and the next preview plans to undo it.
  await client.request("ModifyDBClusterDescription", { DBClusterId: clusterId, DBClusterDescription: "changed in the console" });
  const refresh = await pulumi(["refresh", "--yes"]);
  expect(refresh.stdout).toMatch(/\[diff: ~description\]/);
  const drift = await pulumi(["preview", "--diff"]);
  expect(drift.stdout).toMatch(/description: "changed in the console" => "orders"/);
  expect(drift.stdout).toMatch(/1 to update/);
  // The plugin previews the cluster's update (supportsPreview): its id and primaryEndpointId stay known, so the account plans nothing.
  expect(drift.stdout).not.toMatch(/polardb:index:Account/);
  expect(drift.stdout).toMatch(/3 unchanged/);

  // A cluster, an account and a database made outside Pulumi, imported one by one by their ids
  // (the children's are composite: pc-…:app); then three more in bulk from a file. The generated
  // YAML joins the program, and nothing is planned: no password is read back or invented.
  const solo = await outside("solo");
  const generated: Record<string, any> = {};
  for (const [type, name, id] of [["Cluster", "solo", solo.cluster], ["Account", "soloOps", solo.account], ["Database", "soloDb", solo.database]]) {
    const out = path.join(dir, `${name}.yaml`);
    const one = await pulumi(["import", `polardb:index:${type}`, name, id, "--yes", "--out", out]);
    expect(one.stdout).toMatch(/1 imported/);
    Object.assign(generated, (yaml.load(fs.readFileSync(out, "utf8")) as { resources: Record<string, any> }).resources);
  }
  expect(generated.solo.properties).toMatchObject({ dbType: "MySQL", dbVersion: "8.0", description: "made outside: solo" });
  expect(generated.soloOps.properties).toMatchObject({ accountName: "ops" });
  expect(generated.soloDb.properties).toMatchObject({ dbName: "opsdb", characterSetName: "utf8mb4" });

  const bulk = await outside("bulk");
  fs.writeFileSync(path.join(dir, "import.json"), JSON.stringify({ resources: [
    { type: "polardb:index:Cluster", name: "bulk", id: bulk.cluster },
    { type: "polardb:index:Account", name: "bulkOps", id: bulk.account },
    { type: "polardb:index:Database", name: "bulkDb", id: bulk.database },
  ] }));
  const out = path.join(dir, "bulk.yaml");
  const many = await pulumi(["import", "--file", "import.json", "--yes", "--out", out]);
  expect(many.stdout).toMatch(/3 imported/);
  Object.assign(generated, (yaml.load(fs.readFileSync(out, "utf8")) as { resources: Record<string, any> }).resources);
  expect(Object.keys(generated).sort()).toEqual(["bulk", "bulkDb", "bulkOps", "solo", "soloDb", "soloOps"]);
  for (const account of [generated.soloOps, generated.bulkOps]) expect(account.properties.accountPassword).toBeUndefined();

  const merged = program("changed in the console") as any; // and the drift accepted as the new declaration
  Object.assign(merged.resources, generated);
  writeProgram(merged);
  await pulumi(["preview", "--expect-no-changes"]);

  await pulumi(["state", "unprotect", "--all", "--yes"]); // import protects what it adopts
  const destroy = await pulumi(["destroy", "--yes"]);
  expect(destroy.stdout).toMatch(/10 deleted/);
  const left = await client.request<any>("DescribeDBClusters", { PageSize: 100 });
  expect((left.Items?.DBCluster ?? []).filter((c: any) => c.DBClusterStatus !== "Deleted")).toEqual([]);
});
