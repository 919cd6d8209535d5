#!/usr/bin/env node
/**
 * `polardb-drift [--stack NAME] [--cwd DIR] [--format text|json|markdown|junit]`: reports the
 * PolarDB resources of a stack that changed outside Pulumi. Exit codes: 0 no drift, 2 drift,
 * 1 error (the reason on stderr). See --help and "Drift detection" in the README.
 */
import { analyse } from "./analyse";
import { parseArgs, USAGE, UsageError } from "./args";
import { collect, DriftError } from "./collect";
import { EXIT } from "./model";
import { format, formatError, Format } from "./report";

export async function main(argv: readonly string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  let fmt: Format = "text";
  let stack: string | undefined;
  try {
    const args = parseArgs(argv);
    if (args.help) { io.stdout(USAGE); return EXIT.ok; }
    fmt = args.format;
    stack = args.stack;
    const collected = await collect({ cwd: args.cwd, stack: args.stack, log: (l) => io.stderr(`polardb-drift: ${l}\n`) });
    stack = collected.stack;
    const report = analyse(collected.stack, collected.events);
    io.stdout(format(report, fmt));
    return report.summary.exitCode;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof UsageError) {
      io.stderr(`polardb-drift: ${reason}\n\n${USAGE}`);
      return EXIT.error;
    }
    io.stderr(`polardb-drift: error: ${reason}\n`);
    if (!(err instanceof DriftError) && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    io.stdout(formatError(stack, reason, fmt));
    return EXIT.error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) })
    .then((code) => { process.exitCode = code; })
    .catch((err) => { process.stderr.write(`polardb-drift: error: ${String(err)}\n`); process.exitCode = EXIT.error; });
}
