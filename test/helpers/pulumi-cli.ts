/**
 * End-to-end harness: the real `pulumi` CLI (built by scripts/setup-pulumi.sh), a temporary
 * project that installs the PACKED package (`npm pack`) the way users install it, a local file
 * backend and a passphrase secrets provider. Nothing here imitates the engine.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
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

/**
 * What `npm pack` would put in the package, as one digest: the files package.json's "files" names
 * (dist/ without bench, demo and scripts; bin/; schema.json; examples/; README; LICENSE) and
 * package.json itself. Equal digests mean the same packed package.
 */
function packageDigest(): string {
  const hash = createHash("sha256");
  const skip = new Set(["dist/bench", "dist/demo", "dist/scripts", "dist/test"]);
  const walk = (rel: string) => {
    const abs = path.join(repoRoot, rel);
    if (!fs.existsSync(abs) || skip.has(rel)) return;
    if (fs.statSync(abs).isDirectory()) for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    else hash.update(rel).update(fs.readFileSync(abs));
  };
  for (const top of ["package.json", "dist", "bin", "schema.json", "examples", "README.md", "LICENSE"]) walk(top);
  return hash.digest("hex").slice(0, 16);
}

/** Runs `make` once per machine for `dir` (a directory lock; others wait), unless `dir/.complete` exists. */
function once(dir: string, make: () => void): void {
  const done = path.join(dir, ".complete");
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (let i = 0; !fs.existsSync(done); i++) {
    try { fs.mkdirSync(lock); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (i > 1800) throw new Error(`waited 15 minutes for ${lock}; remove it if no test run is preparing it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      continue;
    }
    try {
      if (!fs.existsSync(done)) { fs.rmSync(dir, { recursive: true, force: true }); fs.mkdirSync(dir, { recursive: true }); make(); fs.writeFileSync(done, ""); }
    } finally { fs.rmSync(lock, { recursive: true, force: true }); }
  }
}

const cacheDir = () => path.join(os.tmpdir(), "polardb-e2e-packages", packageDigest());

/** `npm pack` of the repo (dist/ must be built: `npm test` builds it first), made once per content. */
export function packedPackage(): string {
  const dir = path.join(cacheDir(), "pack");
  once(dir, () => { execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repoRoot, encoding: "utf8", env: npmEnv() }); });
  return path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))!);
}

/**
 * node_modules with the packed package and @pulumi/pulumi installed by npm as users install them,
 * once per package content; projects link it instead of installing again.
 */
function installedModules(): string {
  const dir = path.join(cacheDir(), "install");
  once(dir, () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
      name: "e2e-modules", private: true, dependencies: { "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"], "pulumi-polardb": `file:${packedPackage()}` },
    }));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: npmEnv(), stdio: ["ignore", "ignore", "inherit"] });
  });
  return path.join(dir, "node_modules");
}

function npmEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`, npm_config_audit: "false", npm_config_fund: "false" };
}

export interface Project {
  dir: string;
  /** The face the program uses: the dynamic classes (index.js) or the provider plugin (a YAML program). */
  face: Face;
  /** The environment every CLI run gets (backend, passphrase, PATH with the toolchain, the caller's env). */
  env: NodeJS.ProcessEnv;
  /** Replaces the program (index.js, or Pulumi.yaml's body for the plugin) — the next `pulumi up` runs the new one. */
  writeProgram(program: string): void;
  pulumi(args: string[], opts?: { allowFailure?: boolean; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  /** `pulumi stack export` parsed. */
  exportStack(): Promise<any>;
  remove(): void;
}

export interface CliResult { code: number; stdout: string; stderr: string }

export type Face = "dynamic" | "plugin";

/**
 * Pulumi.yaml of a YAML program on the installed package's plugin (node_modules/pulumi-polardb/bin,
 * as a user of the npm package would point at it); `body` is its config/resources/outputs sections.
 */
function yamlProject(dir: string, name: string, body: string): string {
  const bin = path.join(dir, "node_modules", "pulumi-polardb", "bin");
  return `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: polardb\n      path: ${bin}\n${body}`;
}

/**
 * A temporary Pulumi project with its own backend and PULUMI_HOME, the packed package installed
 * by npm, and a stack `e2e` selected. `env` is added to every CLI run (endpoint, credentials).
 * With `face: "plugin"` the program is a YAML program's body on the package's provider plugin.
 */
export async function createProject(name: string, program: string, env: NodeJS.ProcessEnv, opts: { ownInstall?: boolean; face?: Face } = {}): Promise<Project> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polardb-e2e-${name}-`));
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  const face = opts.face ?? "dynamic";
  const writeProgram = (text: string) => face === "plugin" ? fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlProject(dir, name, text)) : fs.writeFileSync(path.join(dir, "index.js"), text);
  if (face === "dynamic") fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
  writeProgram(program);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name, private: true, main: "index.js",
    dependencies: { "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"], "pulumi-polardb": `file:${packedPackage()}` },
  }, null, 2));
  // One npm install per package content, linked into each project; a test that installs more
  // into its project (ownInstall) gets an install of its own.
  if (opts.ownInstall) execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: npmEnv(), stdio: ["ignore", "ignore", "inherit"] });
  else fs.symlinkSync(installedModules(), path.join(dir, "node_modules"));
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
    face,
    env: baseEnv,
    writeProgram,
    pulumi: run,
    exportStack: async () => JSON.parse((await run(["stack", "export", "--show-secrets=false"])).stdout),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  await run(["stack", "init", "e2e"]);
  return project;
}
