#!/usr/bin/env node
/**
 * `polardb-drift`: reports the PolarDB resources of one stack — or of many stacks in several
 * projects, or of one shard of them — that changed outside Pulumi; `polardb-drift merge`
 * combines shard reports. Exit codes: 0 no drift, 2 drift, 1 error (the reason on stderr).
 * See --help and "Drift detection" in the README.
 */
import "../provider/node-version"; // first: a clear message on a Node.js too old for our dependencies
import * as fs from "node:fs";
import { analyse } from "./analyse";
import { DriftArgs, isFleet, parseArgs, USAGE, UsageError } from "./args";
import { collect, DriftError, projectStacks, reselect, requireProject } from "./collect";
import { checkAll, FleetError, fleetReport, keyOf, mergeShards, pickShard, runIdFromEnv, Target } from "./fleet";
import { formatFleet } from "./fleet-report";
import { EXIT } from "./model";
import { format, formatError, Format } from "./report";

interface Io { stdout: (s: string) => void; stderr: (s: string) => void }

export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let fmt: Format = "text";
  let stack: string | undefined;
  let fleet = false;
  try {
    const args = parseArgs(argv);
    if (args.help) { io.stdout(USAGE); return EXIT.ok; }
    fmt = args.format;
    fleet = args.mode === "merge" || isFleet(args);
    if (args.mode === "merge") return merge(args, io);
    if (fleet) return await checkFleet(args, io, env);
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
    if (err instanceof DriftError && err.stackName) stack = err.stackName;
    io.stderr(`polardb-drift: error: ${reason}\n`);
    // A stack trace only for a bug: the errors we expect carry their whole story in the message.
    if (!(err instanceof DriftError) && !(err instanceof FleetError) && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    io.stdout(fleet && fmt === "json"
      ? `${JSON.stringify({ schemaVersion: 2, kind: "fleet", error: reason, summary: { exitCode: EXIT.error } }, null, 2)}\n`
      : formatError(stack, reason, fmt));
    return EXIT.error;
  }
}

function merge(args: DriftArgs, io: Io): number {
  const inputs = args.files.map((file) => {
    try {
      return { file, text: fs.readFileSync(file, "utf8") };
    } catch (err) {
      throw new FleetError(`cannot read the shard report ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  });
  const merged = mergeShards(inputs);
  for (const s of merged.stacks) if (s.status === "error") io.stderr(`polardb-drift: ${keyOf(s)}: not checked: ${s.error}\n`);
  io.stdout(formatFleet(merged, args.format));
  return merged.summary.exitCode;
}

/** Every target of the run (before sharding): per project, the given stacks, all of them, or the selected one. */
async function targetsOf(args: DriftArgs): Promise<{ targets: Target[]; selected: Map<string, string | undefined> }> {
  for (const cwd of args.cwds) requireProject(cwd); // bad input fails the run before any check
  const targets: Target[] = [];
  const selected = new Map<string, string | undefined>();
  for (const cwd of args.cwds) {
    const p = await projectStacks(cwd);
    selected.set(cwd, p.selected);
    const names = args.all ? p.stacks : args.stacks.length ? args.stacks : p.selected ? [p.selected] : [];
    if (!names.length) {
      throw new DriftError(args.all ? `the project ${p.project} in ${cwd} has no stacks` : `no stack is selected for the project ${p.project} in ${cwd}: pass --stack NAME or --all`);
    }
    for (const stack of names) targets.push({ project: p.project, cwd, stack, key: keyOf({ project: p.project, stack }) });
  }
  const keys = new Set<string>();
  for (const t of targets) {
    if (keys.has(t.key)) throw new DriftError(`two project directories are both project "${t.project}" with stack "${t.stack}"; give each project directory once`);
    keys.add(t.key);
  }
  return { targets: targets.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), selected };
}

async function checkFleet(args: DriftArgs, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { targets, selected } = await targetsOf(args);
  const mine = pickShard(targets, args.shard);
  const shardNote = args.shard ? ` (shard ${args.shard.index} of ${args.shard.count}: ${mine.length} of ${targets.length})` : "";
  io.stderr(`polardb-drift: checking ${mine.length} stack${mine.length === 1 ? "" : "s"}${shardNote}, ${args.parallel} at a time\n`);
  let results;
  try {
    results = await checkAll(mine, args.parallel, async (t) => {
      const c = await collect({ cwd: t.cwd, stack: t.stack, restoreSelection: false });
      return analyse(c.stack, c.events);
    }, (r) => io.stderr(`polardb-drift: ${keyOf(r)}: ${r.status === "error" ? `not checked: ${r.error}` : r.status === "drifted" ? "drift" : "no drift"} (${(r.durationMs / 1000).toFixed(1)} s)\n`));
  } finally {
    // Checking selects stacks; each project's selection is put back once, after all its checks.
    for (const [cwd, name] of selected) if (name) await reselect(cwd, name);
  }
  const report = fleetReport({ id: args.runId ?? runIdFromEnv(env), targets, shard: args.shard }, results);
  io.stdout(formatFleet(report, args.format));
  return report.summary.exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) })
    .then((code) => { process.exitCode = code; })
    .catch((err) => { process.stderr.write(`polardb-drift: error: ${String(err)}\n`); process.exitCode = EXIT.error; });
}
