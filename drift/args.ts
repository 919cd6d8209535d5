/** Command-line arguments of `polardb-drift` (pure: argv in, options or a usage error out). */
import * as path from "node:path";
import { Format, FORMATS } from "./report";

export interface DriftArgs {
  help: boolean;
  /** The stack to check; default: the project's selected stack. */
  stack?: string;
  /** The Pulumi project directory (holding Pulumi.yaml). */
  cwd: string;
  format: Format;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: polardb-drift [--stack NAME] [--cwd DIR] [--format text|json|markdown|junit]

Checks a Pulumi stack's PolarDB resources for changes made outside Pulumi: runs
\`pulumi preview --refresh\` through the Pulumi Automation API (the \`pulumi\` CLI on PATH),
which reads every resource from the cloud without writing anything to the state, and
reports per resource which declared fields drifted (old → new, secrets masked) and which
resources were deleted out of band.

Options:
  --stack NAME     the stack to check (default: the project's selected stack)
  --cwd DIR        the Pulumi project directory, holding Pulumi.yaml (default: .)
  --format FORMAT  text (default), json, markdown or junit; written to stdout
  -h, --help       this help

Exit codes: 0 no drift, 2 drift found, 1 error (the reason is printed on stderr).
The stack's backend, secrets passphrase and cloud credentials come from the environment,
as for any pulumi command (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE,
ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, …).
`;

const VALUED = new Set(["--stack", "--cwd", "--format"]);

export function parseArgs(argv: readonly string[], baseDir: string = process.cwd()): DriftArgs {
  const out: DriftArgs = { help: false, cwd: baseDir, format: "text" };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") { out.help = true; continue; }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUED.has(name)) {
      throw new UsageError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"`);
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith("--") && value.length > 2)) throw new UsageError(`${name} needs a value`);
      i++;
    }
    if (value === "") throw new UsageError(`${name} needs a non-empty value`);
    if (seen.has(name)) throw new UsageError(`${name} given twice`);
    seen.add(name);
    if (name === "--stack") out.stack = value;
    else if (name === "--cwd") out.cwd = path.resolve(baseDir, value);
    else {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${value}")`);
      out.format = value as Format;
    }
  }
  return out;
}
