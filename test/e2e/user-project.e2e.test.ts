/**
 * As a new user: a TypeScript project laid out as `pulumi new typescript` lays it out (its
 * tsconfig: strict, no skipLibCheck, no esModuleInterop), the PACKED package from npm pack,
 * credentials only in the stack config — once with the @pulumi/pulumi version we pin and once
 * with the newest 3.x recorded in test/sdk-versions.json (by scripts/refresh-sdk-versions.sh).
 * It must type-check with 0 errors, then up (with an adopted cluster), refresh, rotate the access
 * key in the stack config (refresh and polardb-drift follow it), and destroy; every message the
 * CLI prints is read: once, on the resource, no stack trace, no secret.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { packedPackage, repoRoot, toolchainDir } from "../helpers/pulumi-cli";
import { PULUMI_NEW_TSCONFIG } from "../helpers/pulumi-new";

jest.setTimeout(20 * 60_000);

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
/** The versions under test, recorded by scripts/refresh-sdk-versions.sh: no registry lookup when the tests load. */
const SDK_VERSIONS: { pinned: string; newest3: string } = JSON.parse(fs.readFileSync(path.join(repoRoot, "test", "sdk-versions.json"), "utf8"));
const PINNED: string = pkg.devDependencies["@pulumi/pulumi"];
const OLD_KEY = { id: "user-key-1", secret: "ROTATE-ME-secret-9b1c" };
const NEW_KEY = { id: "user-key-2", secret: "FRESH-secret-after-rotation-44d2" };
const DB_PASSWORD = "User-Passw0rd-not-in-state";
const SECRETS = [OLD_KEY.secret, NEW_KEY.secret, DB_PASSWORD];

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as polardb from "pulumi-polardb";

const config = new pulumi.Config();
const orders = new polardb.Cluster("orders", {
  dbType: "PostgreSQL",
  dbVersion: "11",
  dbNodeClass: "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h",
  description: "orders",
  tags: { team: "data" },
});
const reader = new polardb.Node("reader", { dbClusterId: orders.id, dbNodeClass: "polar.pg.x4.medium" });
new polardb.Endpoint("reports", { dbClusterId: orders.id, nodes: [reader.dbNodeId], dbEndpointDescription: "reports" });
const app = new polardb.Account("app", { dbClusterId: orders.id, accountName: "app", accountPassword: config.requireSecret("dbPassword") });
new polardb.Database("orders", { dbClusterId: orders.id, dbName: "orders", characterSetName: config.get("charset") ?? "utf8", collate: "C", accountName: app.accountName });
new polardb.Whitelist("office", { dbClusterId: orders.id, dbClusterIpArrayName: "office", securityIps: ["10.0.0.1", "10.0.0.2"] });

// A cluster made before Pulumi (in the console): taken under management, changed in place.
const legacyId = config.get("legacyId");
const legacy = legacyId ? new polardb.Cluster("legacy", {
  adopt: legacyId, dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: "legacy (managed)",
}) : undefined;

export const ordersId = orders.id;
export const legacyStatus = legacy?.status;
`;

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const duBytes = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
const pulumiCopies = (dir: string) => execFileSync("find", [path.join(dir, "node_modules"), "-path", "*/@pulumi/pulumi/package.json"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);

if (SDK_VERSIONS.pinned !== PINNED) throw new Error(`test/sdk-versions.json records @pulumi/pulumi ${SDK_VERSIONS.pinned}, package.json pins ${PINNED}: run scripts/refresh-sdk-versions.sh`);
const versions = [PINNED, SDK_VERSIONS.newest3].filter((v, i, all) => all.indexOf(v) === i);

describe.each(versions)("a `pulumi new typescript` project with @pulumi/pulumi %s", (version) => {
  let emulator: Emulator;
  let client: PolarDBClient;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = (args: string[]) => run(path.join(toolchainDir(), "pulumi"), [...args, "--non-interactive"], dir, env);
  const ok = async (args: string[]) => {
    const r = await pulumi(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const everything: string[] = [];
  const seen = (r: Run) => { everything.push(r.stdout, r.stderr); return r; };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, timeScale: 0.002, accessKeys: [OLD_KEY] });
    client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: OLD_KEY.id, accessKeySecret: OLD_KEY.secret } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-user-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\ndescription: A new user's project\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n");
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4));
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
      name: "shop", main: "index.ts",
      devDependencies: { "@types/node": pkg.devDependencies["@types/node"], typescript: pkg.devDependencies.typescript },
      dependencies: { "@pulumi/pulumi": version, "pulumi-polardb": `file:${packedPackage()}` },
    }, null, 2));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, PATH: `${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}` },
    });
    // No credential in the environment: the stack config is the only source.
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k)));
    env = {
      ...clean,
      PATH: `${toolchainDir()}:${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`,
      HOME: dir, // no ~/.aliyun profile either
      PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "user-passphrase", PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50", POLARDB_PROGRESS_AFTER_MS: "1", POLARDB_PROGRESS_EVERY_MS: "1",
    };
    fs.mkdirSync(path.join(dir, ".state"));
    await ok(["stack", "init", "dev"]);
    await ok(["config", "set", "polardb:region", "cn-hangzhou"]);
    await ok(["config", "set", "polardb:endpoint", emulator.url]);
    await ok(["config", "set", "polardb:accessKeyId", OLD_KEY.id]);
    await ok(["config", "set", "--secret", "polardb:accessKeySecret", OLD_KEY.secret]);
    await ok(["config", "set", "--secret", "dbPassword", DB_PASSWORD]);
  });

  afterAll(async () => {
    await client?.close();
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("one copy of @pulumi/pulumi (a peer dependency), and the install size", () => {
    const copies = pulumiCopies(dir);
    expect(copies).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(copies[0], "utf8")).version).toBe(version);
    const ours = duBytes(path.join(dir, "node_modules", "pulumi-polardb"));
    const sdk = duBytes(path.join(dir, "node_modules", "@pulumi", "pulumi"));
    console.log(`install with @pulumi/pulumi ${version}: node_modules ${(duBytes(path.join(dir, "node_modules")) / 2 ** 20).toFixed(1)} MiB, `
      + `pulumi-polardb ${(ours / 2 ** 20).toFixed(1)} MiB; a second @pulumi/pulumi copy would add ${(sdk / 2 ** 20).toFixed(1)} MiB`);
    const shipped = fs.readdirSync(path.join(dir, "node_modules", "pulumi-polardb", "dist"));
    expect(shipped).not.toEqual(expect.arrayContaining(["bench"]));
    expect(shipped).not.toEqual(expect.arrayContaining(["demo"]));
    expect(fs.existsSync(path.join(dir, "node_modules", "pulumi-polardb", "LICENSE"))).toBe(true);
  });

  test("the program type-checks with the project's tsconfig: 0 errors", async () => {
    const tsc = await run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", dir], dir, env);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });

  test("preview names a wrong value's field before anything is created, without a stack trace", async () => {
    await ok(["config", "set", "charset", "NOTACHARSET"]);
    const r = seen(await pulumi(["preview"]));
    await ok(["config", "rm", "charset"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/characterSetName.*"NOTACHARSET" is not a character set/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(emulator.calls().CreateDBCluster ?? 0).toBe(0);
  });

  test("up: every resource, an adopted console cluster, progress on the resources' rows, nothing under the Stack", async () => {
    const legacyId = (await client.request<{ DBClusterId: string }>("CreateDBCluster", {
      DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", ZoneId: "cn-hangzhou-h", PayType: "Postpaid", DBClusterDescription: "legacy",
    })).DBClusterId;
    await ok(["config", "set", "legacyId", legacyId]);
    const up = seen(await ok(["up", "--yes"]));
    const out = up.stdout;
    // Progress sits on the resource's row (the engine's log with the resource's URN).
    expect(out).toMatch(/polardb:Cluster\s+orders\s+creating \([\d.]+s\).*Cluster orders \(pc-[a-z0-9]+\): waiting until/);
    expect(out).toMatch(/polardb:Cluster\s+legacy\s+creating.*adopted pc-[a-z0-9]+ \(adopt\)/);
    expect(out).not.toMatch(/pulumi:pulumi:Stack\s+shop-dev\s+\S+(?: \([\d.]+s\))?\s+polardb:/); // no provider lines under the Stack
    const clusters = (await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as Array<{ DBClusterId: string; DBClusterDescription: string }>;
    expect(clusters).toHaveLength(2); // the adopted one was not re-created
    expect(clusters.find((c) => c.DBClusterId === legacyId)?.DBClusterDescription).toBe("legacy (managed)");
    const again = seen(await ok(["preview", "--expect-no-changes"]));
    expect(again.stdout).toMatch(/unchanged/);
  });

  test("a rotated key in the stack config: refresh --run-program and polardb-drift use it; without, the error says what to do, once", async () => {
    emulator.setAccessKeys([NEW_KEY]); // the old key is revoked in the console
    await ok(["config", "set", "polardb:accessKeyId", NEW_KEY.id]);
    await ok(["config", "set", "--secret", "polardb:accessKeySecret", NEW_KEY.secret]);

    const stale = seen(await pulumi(["refresh", "--yes", "--skip-preview"]));
    expect(stale.code).not.toBe(0);
    const message = /InvalidAccessKeyId\.NotFound[^\n]*--run-program[^\n]*PULUMI_RUN_PROGRAM=true/;
    expect(stale.stdout).toMatch(message);
    expect(stale.stdout).not.toMatch(/ApiError: /); // the host's duplicate line under the Stack is gone
    expect(stale.stdout + stale.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

    const fresh = seen(await ok(["refresh", "--yes", "--skip-preview", "--run-program"]));
    expect(fresh.stdout).toMatch(/unchanged/);
    const drift = seen(await run(path.join(dir, "node_modules", ".bin", "polardb-drift"), ["--format", "text"], dir, env));
    expect({ code: drift.code, out: drift.stdout }).toEqual({ code: 0, out: expect.stringMatching(/no drift in \d+ PolarDB resources/) });
  });

  test("destroy --run-program with the new key removes everything, the adopted cluster too; no secret anywhere", async () => {
    seen(await ok(["destroy", "--yes", "--skip-preview", "--run-program"]));
    const rotated = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: NEW_KEY.id, accessKeySecret: NEW_KEY.secret } });
    const left = (await rotated.request<any>("DescribeDBClusters", {})).Items.DBCluster as Array<{ DBClusterStatus: string }>;
    await rotated.close();
    expect(left.filter((c) => c.DBClusterStatus !== "Deleted")).toEqual([]);
    const stateFiles = fs.readdirSync(path.join(dir, ".state"), { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, ".state", f)).filter((f) => fs.statSync(f).isFile());
    const texts = [...everything, ...stateFiles.map((f) => fs.readFileSync(f, "utf8"))].join("\n");
    for (const secret of SECRETS) {
      for (const form of [secret, Buffer.from(secret).toString("base64"), encodeURIComponent(secret)]) expect(texts).not.toContain(form);
    }
  });
});
