/**
 * What the benchmarks share: statistics, the emulator's record of the cloud's own work (its
 * critical path), and Pulumi projects that install the packed package once and run the real CLI.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Emulator } from "../emulator";

/** The repository root (the folder with this package's package.json), from dist/bench or bench/. */
export const repo = ((): string => {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    const f = path.join(d, "package.json");
    if (fs.existsSync(f) && JSON.parse(fs.readFileSync(f, "utf8")).name === "pulumi-polardb") return d;
  }
  throw new Error(`no pulumi-polardb package.json above ${__dirname}`);
})();
export const KEY = { id: "bench-ak", secret: "bench-secret" };

export interface Stats { median: number; min: number; max: number; n: number }

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: mid, min: s[0], max: s[s.length - 1], n: s.length };
}

export const totalCalls = (emu: Emulator) => Object.values(emu.calls()).reduce((a, b) => a + b, 0);

type LogEntry = { clusterId: string; kind: string; from: number; at: number };
const logOf = (emu: Emulator) => (emu.backend as unknown as { transitionLog(): ReadonlyArray<LogEntry> }).transitionLog();

/**
 * The cloud's own time for a cluster since `since` (ms on the emulator's clock): the union of its
 * asynchronous changes' intervals. The cloud serialises a cluster's mutations, so no provider can
 * finish sooner: this is the critical path a run is compared with.
 */
export function criticalPathMs(emu: Emulator, clusterId: string, since: number): number {
  const spans = logOf(emu).filter((t) => t.clusterId === clusterId && t.from >= since).map((t) => [t.from, t.at] as const).sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [from, at] of spans) {
    if (from >= end) { total += at - from; end = at; } else if (at > end) { total += at - end; end = at; }
  }
  return total;
}

export function clusterIdsSince(emu: Emulator, since: number): string[] {
  return [...new Set(logOf(emu).filter((t) => t.from >= since && t.kind === "clusterRunning").map((t) => t.clusterId))];
}

/** The last change of `kind` on `clusterId` (a node add, a class change): its duration. */
export function lastTransitionMs(emu: Emulator, clusterId: string, kind: string): number {
  const t = [...logOf(emu)].reverse().find((x) => x.clusterId === clusterId && x.kind === kind);
  if (!t) throw new Error(`no ${kind} transition on ${clusterId}`);
  return t.at - t.from;
}

let toolchain: string | undefined;
export function pulumiBin(): string {
  toolchain ??= execFileSync("bash", [path.join(repo, "scripts", "setup-pulumi.sh")], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!;
  return toolchain;
}

let installed: string | undefined;
/** One directory with the packed package and @pulumi/pulumi installed, shared by every bench project. */
export function installedModules(): string {
  if (installed) return installed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-bench-modules-"));
  process.once("exit", removeInstalledModules); // nothing left in /tmp after a run
  const npmEnv = { ...process.env, PATH: `${path.join(repo, "node_modules", ".bin")}:${process.env.PATH}` };
  const pack = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repo, encoding: "utf8", env: npmEnv }).trim().split("\n").pop()!;
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const pulumiVersion = pkg.devDependencies?.["@pulumi/pulumi"];
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-modules", private: true, dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-polardb": `file:${path.join(dir, pack)}` } }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: npmEnv, stdio: "ignore" });
  installed = path.join(dir, "node_modules");
  return installed;
}

/** Removes the shared install (a jest worker may be ended without its exit handlers: tests call this in afterAll). */
export function removeInstalledModules(): void {
  if (!installed) return;
  fs.rmSync(path.dirname(installed), { recursive: true, force: true });
  installed = undefined;
}

export interface CliRun { code: number; stdout: string; stderr: string; ms: number }

export interface BenchProject {
  dir: string;
  env: NodeJS.ProcessEnv;
  pulumi(args: string[]): Promise<CliRun>;
  writeProgram(js: string): void;
  remove(): void;
}

/** A project with its own file backend, the shared installed modules, stack `bench` selected. */
export async function benchProject(name: string, program: string, emu: Emulator, env: Record<string, string> = {}, face: "dynamic" | "plugin" = "dynamic"): Promise<BenchProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polardb-bench-${name}-`));
  if (face === "plugin") {
    // A YAML program (`program` is its resources section, as YAML) on the provider plugin in bin/.
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: polardb\n      path: ${path.join(repo, "bin")}\n${program}`);
  } else {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
    fs.writeFileSync(path.join(dir, "index.js"), program);
    fs.symlinkSync(installedModules(), path.join(dir, "node_modules"));
  }
  fs.mkdirSync(path.join(dir, ".state"));
  const bin = pulumiBin();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${path.join(repo, "node_modules", ".bin")}:${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`, PULUMI_CONFIG_PASSPHRASE: "bench",
    PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.secret, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_POLARDB_ENDPOINT: emu.url, ALIBABA_CLOUD_RDS_ENDPOINT: emu.url,
    ...env,
  };
  const pulumi = (args: string[]) => new Promise<CliRun>((resolve, reject) => {
    const t = Date.now();
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive"], { cwd: dir, env: baseEnv });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      const r = { code: code ?? -1, stdout, stderr, ms: Date.now() - t };
      if (r.code !== 0) reject(new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${stdout}\n${stderr}`)); else resolve(r);
    });
  });
  const project: BenchProject = {
    dir, env: baseEnv, pulumi,
    writeProgram: (js) => fs.writeFileSync(path.join(dir, "index.js"), js),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  await pulumi(["stack", "init", "bench"]);
  return project;
}
