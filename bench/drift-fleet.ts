/**
 * Benchmark: polardb-drift across a fleet. N stacks of one project (10 whitelist groups each, on
 * one emulator cluster), all deployed with the real CLI, then checked with `--all` at several
 * `--parallel` settings, for growing N: wall time, time per stack, API calls per resource.
 * Figures only; nothing is asserted. Knobs: BENCH_FLEET_STACKS ("10,30"), BENCH_FLEET_PARALLEL
 * ("1,2,4"), BENCH_FLEET_RESOURCES (10).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { PolarDBClient } from "../provider/client";
import { repo } from "./harness";

const KEY = { id: "bench-fleet-ak", secret: "bench-fleet-secret" };

export interface FleetFigure { stacks: number; parallel: number; wallMs: number; msPerStack: number; apiCalls: number; callsPerResource: number; exitCode: number }

function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, opts);
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function driftFleetScenario(opts: { stacks: number[]; parallel: number[]; resourcesPerStack: number; log?: (l: string) => void }): Promise<FleetFigure[]> {
  const log = opts.log ?? (() => undefined);
  const bin = execFileSync("bash", [path.join(repo, "scripts", "setup-pulumi.sh")], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!;
  const emu = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [KEY] });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-bench-fleet-"));
  try {
    const made: any = await client.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h" });
    while ((await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: made.DBClusterId })).DBClusterStatus !== "Running") await new Promise((r) => setTimeout(r, 20));

    const pack = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repo, encoding: "utf8" }).trim().split("\n").pop()!;
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fleetbench\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fleetbench", private: true, dependencies: { "@pulumi/pulumi": pkg.devDependencies?.["@pulumi/pulumi"], "pulumi-polardb": `file:${path.join(dir, pack)}` } }));
    fs.writeFileSync(path.join(dir, "index.js"), `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const stack = pulumi.getStack().replace(/[^a-z0-9]/g, "");
for (let i = 0; i < ${opts.resourcesPerStack}; i++) {
  new polardb.Whitelist("wl" + i, { dbClusterId: "${made.DBClusterId}", dbClusterIpArrayName: "s" + stack + "g" + i, securityIps: ["10.0.0." + (i + 1)] });
}
`);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: { ...process.env, PATH: `${path.join(repo, "node_modules", ".bin")}:${process.env.PATH}` }, stdio: "ignore" });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${path.join(repo, "node_modules", ".bin")}:${process.env.PATH}`,
      PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`, PULUMI_CONFIG_PASSPHRASE: "bench",
      PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.secret, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_POLARDB_ENDPOINT: emu.url,
      POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50",
    };
    fs.mkdirSync(path.join(dir, ".state"), { recursive: true });
    const pulumi = (args: string[]) => run(path.join(bin, "pulumi"), [...args, "--non-interactive"], { cwd: dir, env });
    const figures: FleetFigure[] = [];
    let deployed = 0;
    for (const n of [...opts.stacks].sort((a, b) => a - b)) {
      // Deploy stacks up to n, two at a time.
      const todo = Array.from({ length: n - deployed }, (_, i) => `st${String(deployed + i).padStart(3, "0")}`);
      for (let i = 0; i < todo.length; i += 2) {
        await Promise.all(todo.slice(i, i + 2).map(async (s) => {
          await pulumi(["stack", "init", s]);
          const up = await pulumi(["up", "--yes", "--skip-preview", "--stack", s]);
          if (up.code !== 0) throw new Error(`pulumi up of ${s} failed:\n${up.stdout}\n${up.stderr}`);
        }));
      }
      deployed = n;
      log(`${n} stacks deployed`);
      for (const p of opts.parallel) {
        emu.resetCalls();
        const t = Date.now();
        const r = await run(process.execPath, [path.join(repo, "dist", "drift", "cli.js"), "--all", "--parallel", String(p), "--format", "json"], { cwd: dir, env });
        const wallMs = Date.now() - t;
        const apiCalls = Object.values(emu.calls()).reduce((a, b) => a + b, 0);
        figures.push({ stacks: n, parallel: p, wallMs, msPerStack: Math.round(wallMs / n), apiCalls, callsPerResource: +(apiCalls / (n * opts.resourcesPerStack)).toFixed(2), exitCode: r.code });
        log(`${n} stacks, --parallel ${p}: ${(wallMs / 1000).toFixed(1)} s, exit ${r.code}`);
      }
    }
    return figures;
  } finally {
    await client.close();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printFleetFigures(figures: FleetFigure[]): void {
  console.log("polardb-drift across a fleet (one project, whitelist groups on one emulator cluster)");
  console.log("  stacks  parallel  wall      per stack  API calls  calls/resource  exit");
  for (const f of figures) {
    console.log(`  ${String(f.stacks).padStart(6)}  ${String(f.parallel).padStart(8)}  ${(f.wallMs / 1000).toFixed(1).padStart(6)} s  ${String(f.msPerStack).padStart(6)} ms  ${String(f.apiCalls).padStart(9)}  ${String(f.callsPerResource).padStart(14)}  ${f.exitCode}`);
  }
}

if (require.main === module) {
  const list = (v: string | undefined, d: string) => (v ?? d).split(",").map(Number).filter((x) => x > 0);
  driftFleetScenario({
    stacks: list(process.env.BENCH_FLEET_STACKS, "10,30"), parallel: list(process.env.BENCH_FLEET_PARALLEL, "1,2,4"),
    resourcesPerStack: Number(process.env.BENCH_FLEET_RESOURCES ?? 10), log: (l) => process.stderr.write(`bench: ${l}\n`),
  }).then(printFleetFigures).catch((e) => { console.error(e); process.exit(1); });
}
