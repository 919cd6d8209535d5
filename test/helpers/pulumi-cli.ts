/**
 * End-to-end harness: the real `pulumi` CLI (built by scripts/setup-pulumi.sh), a temporary
 * project that installs the PACKED package (`npm pack`) the way users install it, a local file
 * backend and a passphrase secrets provider. Nothing here imitates the engine.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");

let toolchain: string | undefined;
/** The directory holding pulumi, pulumi-language-nodejs and the dynamic-provider shim. */
export function toolchainDir(): string {
  if (!toolchain) {
    const out = execFileSync("bash", [path.join(repoRoot, "scripts", "setup-pulumi.sh")], {
      cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
    });
    toolchain = out.trim().split("\n").pop()!;
  }
  return toolchain;
}

let tarball: string | undefined;
/** `npm pack` of the repo (dist/ must be built: `npm test` builds it first). Once per process. */
export function packedPackage(): string {
  if (!tarball) {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-pack-"));
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], {
      cwd: repoRoot, encoding: "utf8", env: npmEnv(),
    }).trim().split("\n").pop()!;
    tarball = path.join(dest, name);
  }
  return tarball;
}

function npmEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`, npm_config_audit: "false", npm_config_fund: "false" };
}

export interface Project {
  dir: string;
  /** The environment every CLI run gets (backend, passphrase, PATH with the toolchain, the caller's env). */
  env: NodeJS.ProcessEnv;
  /** Replaces the program (index.js) — the next `pulumi up` runs the new one. */
  writeProgram(js: string): void;
  pulumi(args: string[], opts?: { allowFailure?: boolean; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  /** `pulumi stack export` parsed. */
  exportStack(): Promise<any>;
  remove(): void;
}

export interface CliResult { code: number; stdout: string; stderr: string }

/**
 * A temporary Pulumi project with its own backend and PULUMI_HOME, the packed package installed
 * by npm, and a stack `e2e` selected. `env` is added to every CLI run (endpoint, credentials).
 */
export async function createProject(name: string, program: string, env: NodeJS.ProcessEnv): Promise<Project> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polardb-e2e-${name}-`));
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name, private: true, main: "index.js",
    dependencies: { "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"], "pulumi-polardb": `file:${packedPackage()}` },
  }, null, 2));
  fs.writeFileSync(path.join(dir, "index.js"), program);
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: npmEnv(), stdio: ["ignore", "ignore", "inherit"] });
  // `file:` tarballs are extracted (copied) into node_modules, never symlinked: the serializer
  // then sees the package under node_modules and captures it by reference, as for real users.
  if (fs.lstatSync(path.join(dir, "node_modules", "pulumi-polardb")).isSymbolicLink()) throw new Error("pulumi-polardb was linked, not installed");

  const bin = toolchainDir();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PATH: `${bin}:${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".pulumi-state")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
  fs.mkdirSync(path.join(dir, ".pulumi-state"), { recursive: true });

  const run = (args: string[], opts: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}) =>
    new Promise<CliResult>((resolve, reject) => {
      const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive"], { cwd: dir, env: { ...baseEnv, ...opts.env } });
      let stdout = "", stderr = "";
      child.stdout.on("data", (d) => { stdout += d; });
      child.stderr.on("data", (d) => { stderr += d; });
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code: code ?? -1, stdout, stderr };
        if (result.code !== 0 && !opts.allowFailure) {
          reject(new Error(`pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        } else resolve(result);
      });
    });

  const project: Project = {
    dir,
    env: baseEnv,
    writeProgram: (js) => fs.writeFileSync(path.join(dir, "index.js"), js),
    pulumi: run,
    exportStack: async () => JSON.parse((await run(["stack", "export", "--show-secrets=false"])).stdout),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  await run(["stack", "init", "e2e"]);
  return project;
}
