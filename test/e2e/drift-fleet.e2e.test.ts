/**
 * polardb-drift across a fleet with the real CLI: five stacks in two projects sharing one
 * backend, resources on one cluster of the emulator, some changed out of band and one stack that
 * cannot be checked; the merged report in one run and as three shards merged, in every format,
 * with the exit-code rules; the projects' selected stacks are left as they were.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { createProject, Project, repoRoot } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const key = { id: "fleet-access-key", secret: "fleet-SECRET-never-printed-3a" };
const cli = path.join(repoRoot, "dist", "drift", "cli.js");

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
new polardb.Whitelist("wl", { dbClusterId: cfg.require("clusterId"), dbClusterIpArrayName: cfg.require("group"), securityIps: ["10.0.0.1", "10.0.0.2"] });
`;

let emulator: Emulator;
let client: PolarDBClient;
let a: Project, b: Project;
let shared: NodeJS.ProcessEnv;
let clusterId: string;
const out = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-fleet-"));

/** Both projects use project A's backend and PULUMI_HOME: one fleet. */
const onShared = (p: Project) => (args: string[], opts: { allowFailure?: boolean } = {}) =>
  p.pulumi(args, { ...opts, env: { PULUMI_BACKEND_URL: shared.PULUMI_BACKEND_URL, PULUMI_HOME: shared.PULUMI_HOME } });

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [key] });
  client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: key.id, accessKeySecret: key.secret } });
  const made: any = await client.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h" });
  clusterId = made.DBClusterId;
  const status = async () => (await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: clusterId })).DBClusterStatus;
  for (let i = 0; i < 400 && (await status()) !== "Running"; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await status()).toBe("Running");
  const providerEnv = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_POLARDB_ENDPOINT: emulator.url, POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50",
  };
  [a, b] = await Promise.all([createProject("fleeta", program, providerEnv), createProject("fleetb", program, providerEnv)]);
  shared = a.env;
  // Project A: stacks e2e (made by createProject), s2, s3. Project B (on A's backend): t1, t2.
  const stacks: Array<[Project, string, boolean]> = [[a, "e2e", false], [a, "s2", true], [a, "s3", true], [b, "t1", true], [b, "t2", true]];
  for (const [p, name, init] of stacks) {
    const run = onShared(p);
    if (init) await run(["stack", "init", name]);
    await run(["config", "set", "--stack", name, "clusterId", clusterId]);
    await run(["config", "set", "--stack", name, "group", `${p === a ? "a" : "b"}${name}`]);
  }
  // Each stack deployed (sequentially: the machine has 2 cores).
  for (const [p, name] of stacks) await onShared(p)(["up", "--yes", "--skip-preview", "--stack", name]);
  // The selections the check must leave alone.
  await onShared(a)(["stack", "select", "s2"]);
  await onShared(b)(["stack", "select", "t1"]);
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
  a?.remove(); b?.remove();
  fs.rmSync(out, { recursive: true, force: true });
});

interface Run { code: number; stdout: string; stderr: string }

function drift(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: a.dir, env: { ...shared, GITHUB_RUN_ID: "", CI_PIPELINE_ID: "", POLARDB_DRIFT_RUN_ID: "" } });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const both = ["--cwd", "", "--cwd", ""]; // filled in below
const projects = () => { both[1] = a.dir; both[3] = b.dir; return both; };

test("no drift anywhere: exit 0; every stack of both projects checked; selections unchanged", async () => {
  const r = await drift([...projects(), "--all", "--format", "json"]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.stacks.map((s: any) => `${s.project}/${s.stack}:${s.status}`)).toEqual(["fleeta/e2e:ok", "fleeta/s2:ok", "fleeta/s3:ok", "fleetb/t1:ok", "fleetb/t2:ok"]);
  expect(report.summary).toMatchObject({ stacks: 5, checked: 5, drifted: 0, failed: 0, exitCode: 0 });
  expect((await onShared(a)(["stack", "--show-name"])).stdout.trim()).toBe("s2");
  expect((await onShared(b)(["stack", "--show-name"])).stdout.trim()).toBe("t1");
});

test("drift in two stacks, one stack that cannot be checked: one report names all three; exit 1; in one run and as three shards merged", async () => {
  // Out of band: two groups changed.
  await client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "as3", SecurityIps: "10.0.0.1,10.0.0.2,172.16.0.9", ModifyMode: "Cover", WhiteListType: "IP" });
  await client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "bt2", SecurityIps: "10.0.0.1", ModifyMode: "Cover", WhiteListType: "IP" });
  // A stack that cannot be checked: its program fails (its config lost a required key).
  await onShared(b)(["config", "rm", "--stack", "t1", "clusterId"]);

  const whole = await drift([...projects(), "--all", "--format", "json", "--parallel", "3"]);
  expect(whole.code).toBe(1);
  const report = JSON.parse(whole.stdout);
  const byKey = Object.fromEntries(report.stacks.map((s: any) => [`${s.project}/${s.stack}`, s]));
  expect(byKey["fleeta/s3"].status).toBe("drifted");
  expect(byKey["fleeta/s3"].report.drifted[0].fields).toEqual([{ field: "securityIps", old: ["10.0.0.1", "10.0.0.2"], new: ["10.0.0.1", "10.0.0.2", "172.16.0.9"] }]);
  expect(byKey["fleetb/t2"].status).toBe("drifted");
  expect(byKey["fleetb/t1"]).toMatchObject({ status: "error", error: expect.stringMatching(/stack "t1".*clusterId/s) });
  expect(report.summary).toMatchObject({ stacks: 5, checked: 4, drifted: 2, failed: 1, resourcesDrifted: 2, exitCode: 1 });
  expect(whole.stderr).toContain("fleetb/t1: not checked");

  // The same run as three shards, each as a CI runner would run it, then merged.
  const files: string[] = [];
  for (const i of [1, 2, 3]) {
    const shard = await drift([...projects(), "--all", "--shard", `${i}/3`, "--run-id", "ci-77", "--format", "json"]);
    expect([0, 1, 2]).toContain(shard.code);
    const file = path.join(out, `shard-${i}.json`);
    fs.writeFileSync(file, shard.stdout);
    files.push(file);
  }
  const merged = await drift(["merge", "--format", "json", ...files]);
  expect(merged.code).toBe(whole.code);
  const m = JSON.parse(merged.stdout);
  expect(m.run).toMatchObject({ id: "ci-77", shards: [1, 2, 3], shardCount: 3 });
  expect(m.stacks.map((s: any) => `${s.project}/${s.stack}:${s.status}`)).toEqual(report.stacks.map((s: any) => `${s.project}/${s.stack}:${s.status}`));
  expect(m.summary).toEqual(report.summary);

  // Every format of the merged report.
  const md = await drift(["merge", "--format", "markdown", ...files]);
  expect(md.stdout).toContain("## PolarDB drift across stacks");
  expect(md.stdout).toContain("| `fleeta/s3` | :warning: drift |");
  const junit = await drift(["merge", "--format", "junit", ...files]);
  expect(junit.stdout.match(/<testsuite /g)).toHaveLength(5);
  const text = await drift(["merge", ...files]);
  expect(text.stdout).toMatch(/^polardb-drift: 5 stacks, 2 drifted/);

  // Bad input: a shard missing, a shard of another run, an unreadable file.
  const missing = await drift(["merge", files[0], files[1]]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("shard 3 of 3 missing");
  // Shard 3 of another run (yesterday's, say): same stacks, another run id.
  const otherFile = path.join(out, "other-3.json");
  fs.writeFileSync(otherFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(files[2], "utf8")), run: { ...JSON.parse(fs.readFileSync(files[2], "utf8")).run, id: "ci-78" } }));
  const mixed = await drift(["merge", files[0], files[1], otherFile]);
  expect(mixed.code).toBe(1);
  expect(mixed.stderr).toMatch(/from run "ci-78".*from run "ci-77".*different runs/);
  const unreadable = await drift(["merge", files[0], path.join(out, "nope.json")]);
  expect(unreadable.code).toBe(1);
  expect(unreadable.stderr).toContain("cannot read the shard report");
});

test("bad input: a missing stack is that stack's error (exit 1); a directory without Pulumi.yaml and --shard 3/2 fail the run", async () => {
  const r = await drift(["--cwd", a.dir, "--stack", "e2e", "--stack", "nosuchstack", "--format", "json"]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.stacks.find((s: any) => s.stack === "nosuchstack")).toMatchObject({ status: "error", error: expect.stringContaining('stack "nosuchstack" does not exist') });
  expect(report.stacks.find((s: any) => s.stack === "e2e").status).not.toBe("error");

  const noProject = await drift(["--cwd", a.dir, "--cwd", out, "--all"]);
  expect(noProject.code).toBe(1);
  expect(noProject.stderr).toContain(`no Pulumi project in ${out}`);
  const badShard = await drift(["--all", "--shard", "3/2"]);
  expect(badShard.code).toBe(1);
  expect(badShard.stderr).toContain("--shard 3/2: the shard index must be between 1 and 2");
});

test("an endpoint that is down: the single-stack JSON error names its stack", async () => {
  const r = await new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "--stack", "s3", "--format", "json"], { cwd: a.dir, env: { ...shared, ALIBABA_CLOUD_POLARDB_ENDPOINT: "http://127.0.0.1:9", POLARDB_OUTAGE_MS: "2000" } });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, stack: "s3", summary: { exitCode: 1 } });
});
