/**
 * Python and Go programs of the provider plugin, as users run them without a language host:
 * Automation API inline programs (test/e2e/programs/{python,go}) using the SDKs that
 * scripts/generate-sdks.sh writes from schema.json. The real CLI runs them; the plugin is found on
 * PATH (bin/pulumi-resource-polardb). Python runs in a cached virtualenv with pulumi from PyPI
 * (scripts/setup-venv.sh); the Go program is built once per SDK and program digest and cached.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot, toolchainDir } from "./pulumi-cli";

const PROGRAMS = path.join(repoRoot, "test", "e2e", "programs");
const cacheRoot = () => process.env.POLARDB_TOOLCHAIN_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-polardb");

function lastLine(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: repoRoot, timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (err || !last) reject(new Error(`${[cmd, ...args].join(" ")} failed: ${err?.message ?? "nothing printed"}\n${stderr}`));
      else resolve(last);
    });
  });
}

/** sdk/ with nodejs, python and go (and the Go module file), written from schema.json when it changed. */
export const generatedSdks = () => lastLine("bash", [path.join(repoRoot, "scripts", "generate-sdks.sh")]);

/** The python of the virtualenv with pulumi 3.260.0 (PyPI). */
export const programPython = () => lastLine("bash", [path.join(repoRoot, "scripts", "setup-venv.sh"), path.join(repoRoot, "test", "helpers", "python-program", "requirements.txt")]);

function digestOf(dir: string, ignore: (rel: string) => boolean = () => false): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (ignore(rel)) continue;
      if (e.isDirectory()) walk(p);
      else hash.update(rel).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 16);
}

/** The Go program built against the generated SDK (cached by their digests). */
export async function goProgram(sdk: string): Promise<string> {
  const source = path.join(PROGRAMS, "go");
  const digest = createHash("sha256").update(digestOf(source)).update(digestOf(path.join(sdk, "go"))).update(fs.readFileSync(path.join(sdk, "go.mod"))).digest("hex").slice(0, 16);
  const exe = path.join(cacheRoot(), `go-program-${digest}`);
  if (fs.existsSync(exe)) return exe;
  // Built in a copy whose replace points at this sdk/ (the committed go.mod points at the repo's).
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-goprog-"));
  try {
    for (const f of fs.readdirSync(source)) fs.copyFileSync(path.join(source, f), path.join(work, f));
    const mod = fs.readFileSync(path.join(work, "go.mod"), "utf8").replace(/=> \S+$/m, `=> ${sdk}`);
    fs.writeFileSync(path.join(work, "go.mod"), mod);
    const env = { ...process.env, GOFLAGS: "-mod=mod", GOWORK: "off", CGO_ENABLED: "0" };
    execFileSync("go", ["build", "-o", `${exe}.tmp`, "."], { cwd: work, env, stdio: ["ignore", "inherit", "inherit"], timeout: 20 * 60_000 });
    fs.renameSync(`${exe}.tmp`, exe);
    return exe;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The generated Python SDK installed (pip --target, no dependencies: the program's virtualenv has
 * them) into a cached directory for PYTHONPATH: the SDK reads its own version from its metadata.
 */
export async function installedPythonSdk(python: string, sdk: string): Promise<string> {
  const source = path.join(sdk, "python");
  const target = path.join(cacheRoot(), `python-sdk-${digestOf(source)}`);
  if (fs.existsSync(path.join(target, ".complete"))) return target;
  fs.rmSync(target, { recursive: true, force: true });
  execFileSync(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", "--no-deps", "--target", target, source],
    { stdio: ["ignore", "inherit", "inherit"], timeout: 10 * 60_000 });
  fs.writeFileSync(path.join(target, ".complete"), "");
  return target;
}

export interface ProgramRun { summary?: Record<string, number>; outputs?: Record<string, unknown>; changes?: Record<string, number>; log: string }

export interface LanguageWorkspace {
  dir: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

/** A workspace (file backend, PULUMI_HOME) whose runs find the CLI and the plugin on PATH. */
export function languageWorkspace(name: string, providerEnv: Record<string, string>): LanguageWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polardb-${name}-`));
  fs.mkdirSync(path.join(dir, ".pulumi-state"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...providerEnv,
    PATH: `${toolchainDir()}:${path.join(repoRoot, "bin")}:${path.join(repoRoot, "node_modules", ".bin")}:${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".pulumi-state")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
  return { dir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one operation of a program (`exe args…`) with the request on stdin; resolves to its JSON answer. */
export function runProgram(ws: LanguageWorkspace, exe: string, args: string[], request: Record<string, unknown>, extraEnv: NodeJS.ProcessEnv = {}): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd: ws.dir, env: { ...ws.env, ...extraEnv }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "", log = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { log += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(Object.assign(new Error(`${path.basename(exe)} ${String(request.op)} exited ${code}\n${log.slice(-6000)}`), { log }));
      try { resolve({ ...JSON.parse(last), log }); } catch { reject(new Error(`no JSON answer from ${String(request.op)}: ${out}\n${log.slice(-3000)}`)); }
    });
    child.stdin.end(JSON.stringify({ workDir: ws.dir, ...request }));
  });
}

export const PYTHON_PROGRAM = path.join(PROGRAMS, "python", "stack.py");
