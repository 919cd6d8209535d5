/** Command-line arguments of `polardb-drift` (pure: argv in, options or a usage error out). */
import * as path from "node:path";
import { parseShard, Shard } from "./fleet";
import { Format, FORMATS } from "./report";

export interface DriftArgs {
  help: boolean;
  /** `check` (default) or `merge` (combine shard reports). */
  mode: "check" | "merge";
  /** The first --stack (a single-stack run); default: the project's selected stack. */
  stack?: string;
  /** Every --stack, in order. */
  stacks: string[];
  /** The first --cwd: the Pulumi project directory (holding Pulumi.yaml). */
  cwd: string;
  /** Every --cwd (default: the current directory). */
  cwds: string[];
  /** Every stack of each project's backend. */
  all: boolean;
  /** Stacks checked at once (default 2: each check runs a CLI and a provider process). */
  parallel: number;
  /** This runner's part of the stacks (I of N). */
  shard?: Shard;
  /** The CI run the shards belong to (default: POLARDB_DRIFT_RUN_ID, GITHUB_RUN_ID, CI_PIPELINE_ID). */
  runId?: string;
  format: Format;
  /** merge: the shard reports. */
  files: string[];
}

/** Several stacks, projects or a shard: the fleet report (schemaVersion 2). */
export function isFleet(a: DriftArgs): boolean {
  return a.all || a.stacks.length > 1 || a.cwds.length > 1 || a.shard !== undefined;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const DEFAULT_PARALLEL = 2;

export const USAGE = `Usage: polardb-drift [--stack NAME]... [--all] [--cwd DIR]... [--parallel N] [--shard I/N]
                     [--run-id ID] [--format text|json|markdown|junit]
       polardb-drift merge [--format text|json|markdown|junit] SHARD.json...

Checks Pulumi stacks' PolarDB resources for changes made outside Pulumi: runs
\`pulumi preview --refresh\` through the Pulumi Automation API (the \`pulumi\` CLI on PATH),
which reads every resource from the cloud without writing anything to the state, and
reports per resource which declared fields drifted (old → new, secrets masked) and which
resources were deleted out of band.

Options:
  --stack NAME     a stack to check; repeat for several (default: the project's selected stack)
  --all            every stack of each project's backend
  --cwd DIR        a Pulumi project directory, holding Pulumi.yaml; repeat for several (default: .)
  --parallel N     stacks checked at once (default ${DEFAULT_PARALLEL})
  --shard I/N      check only shard I of N (a stable subset: one CI runner's part); merge the
                   shards' JSON reports with \`polardb-drift merge\`
  --run-id ID      names the run in shard reports so that merge refuses shards of other runs
                   (default: POLARDB_DRIFT_RUN_ID, else GitHub's run id, else GitLab's pipeline id)
  --format FORMAT  text (default), json, markdown or junit; written to stdout
  -h, --help       this help

One stack and one project give the single-stack report; several stacks, --all, several
projects or --shard give the fleet report: per stack its drift, its error or "no drift", and
a summary. Exit codes: 0 no drift; 2 drift found; 1 error — a stack could not be checked (the
others are still reported; the reason is printed on stderr too), bad arguments or bad shard
reports. The stacks' backend, secrets passphrase and cloud credentials come from the
environment, as for any pulumi command (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE,
ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, …).
`;

const VALUED = new Set(["--stack", "--cwd", "--format", "--parallel", "--shard", "--run-id"]);
const REPEATABLE = new Set(["--stack", "--cwd"]);

export function parseArgs(argv: readonly string[], baseDir: string = process.cwd()): DriftArgs {
  const out: DriftArgs = { help: false, mode: "check", stacks: [], cwd: baseDir, cwds: [], all: false, parallel: DEFAULT_PARALLEL, format: "text", files: [] };
  const seen = new Set<string>();
  let i = 0;
  if (argv[0] === "merge") { out.mode = "merge"; i = 1; }
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") { out.help = true; continue; }
    if (arg === "--all") {
      if (out.mode === "merge") throw new UsageError("--all does not apply to merge");
      out.all = true; continue;
    }
    if (out.mode === "merge" && !arg.startsWith("-")) { out.files.push(path.resolve(baseDir, arg)); continue; }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUED.has(name)) {
      throw new UsageError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"${arg.endsWith(".json") ? " (to combine shard reports: polardb-drift merge FILE...)" : ""}`);
    }
    if (out.mode === "merge" && name !== "--format") throw new UsageError(`${name} does not apply to merge (merge takes --format and the shard reports)`);
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith("--") && value.length > 2)) throw new UsageError(`${name} needs a value`);
      i++;
    }
    if (value === "") throw new UsageError(`${name} needs a non-empty value`);
    if (seen.has(name) && !REPEATABLE.has(name)) throw new UsageError(`${name} given twice`);
    seen.add(name);
    if (name === "--stack") {
      if (out.stacks.includes(value)) throw new UsageError(`--stack ${value} given twice`);
      out.stacks.push(value);
    } else if (name === "--cwd") {
      const dir = path.resolve(baseDir, value);
      if (out.cwds.includes(dir)) throw new UsageError(`--cwd ${value} given twice`);
      out.cwds.push(dir);
    } else if (name === "--parallel") {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new UsageError(`--parallel must be a whole number from 1 to 64 (got "${value}")`);
      out.parallel = Number(value);
    } else if (name === "--shard") {
      try { out.shard = parseShard(value); } catch (err) { throw new UsageError((err as Error).message); }
    } else if (name === "--run-id") out.runId = value;
    else {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${value}")`);
      out.format = value as Format;
    }
  }
  if (out.all && out.stacks.length) throw new UsageError("--all and --stack exclude each other (--all checks every stack)");
  if (out.mode === "merge" && !out.help && out.files.length === 0) throw new UsageError("merge needs the shard reports: polardb-drift merge [--format F] SHARD.json...");
  out.stack = out.stacks[0];
  out.cwd = out.cwds[0] ?? baseDir;
  if (!out.cwds.length) out.cwds = [baseDir];
  return out;
}
