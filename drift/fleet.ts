/**
 * Drift across a fleet: many stacks of one or more Pulumi projects checked in one run with
 * bounded parallelism, or split into shards that a CI system runs on its own parallel runners
 * (`--shard I/N`) and `merge` puts back together. The CI system is the distributed engine; this
 * module only picks a stable subset, runs it, and validates that shard reports belong together.
 *
 * The fleet report (schemaVersion 2) holds one entry per stack: its drift report (the same
 * object a single-stack run prints, schemaVersion 1), or the error that kept it from being
 * checked. One stack's failure never hides another's drift.
 */
import { createHash } from "node:crypto";
import type { DriftReport } from "./model";
import { EXIT } from "./model";

/** One stack of one project. `key` ("<project>/<stack>") orders, shards and names it. */
export interface Target {
  project: string;
  /** The project directory. */
  cwd: string;
  stack: string;
  key: string;
}

export interface StackResult {
  project: string;
  cwd: string;
  stack: string;
  status: "ok" | "drifted" | "error";
  /** Set unless status is "error". */
  report?: DriftReport;
  /** Why the stack could not be checked (status "error"). */
  error?: string;
  durationMs: number;
}

export interface Shard { index: number; count: number }

export interface FleetReport {
  schemaVersion: 2;
  kind: "fleet";
  run: {
    /** The CI run these shards belong to (--run-id, GITHUB_RUN_ID…, CI_PIPELINE_ID), or null. */
    id: string | null;
    /** Every stack of the run before sharding, sorted: shards of one run list the same. */
    targets: string[];
    /** The shards this report covers (all of 1..count once merged). */
    shards: number[];
    shardCount: number;
  };
  /** One entry per stack checked, sorted by key. */
  stacks: StackResult[];
  summary: {
    stacks: number;
    checked: number;
    clean: number;
    drifted: number;
    failed: number;
    resources: number;
    resourcesDrifted: number;
    resourcesDeleted: number;
    /** 1 if any stack could not be checked (the check is incomplete), else 2 if any drifted, else 0. */
    exitCode: 0 | 1 | 2;
  };
}

export class FleetError extends Error {
  override name = "FleetError";
}

/** "I/N" with 1 ≤ I ≤ N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new FleetError(`--shard must look like I/N (e.g. 2/3), got "${text}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1) throw new FleetError(`--shard ${text}: the shard count must be at least 1`);
  if (index < 1 || index > count) throw new FleetError(`--shard ${text}: the shard index must be between 1 and ${count}`);
  return { index, count };
}

/**
 * The stable subset of shard I of N: a target's shard is a hash of its key, so adding or
 * removing a stack moves no other stack to another shard (each runner keeps its stacks).
 */
export function shardOf(key: string, count: number): number {
  const h = createHash("sha256").update(key).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function pickShard(targets: readonly Target[], shard: Shard | undefined): Target[] {
  return shard ? targets.filter((t) => shardOf(t.key, shard.count) === shard.index) : [...targets];
}

/** Runs `check` on every target with at most `parallel` at a time; results in key order. */
export async function checkAll(
  targets: readonly Target[], parallel: number,
  check: (t: Target) => Promise<DriftReport>, onDone?: (r: StackResult) => void,
): Promise<StackResult[]> {
  const results: StackResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= targets.length) return;
      const t = targets[i];
      const started = Date.now();
      let r: StackResult;
      try {
        const report = await check(t);
        r = { project: t.project, cwd: t.cwd, stack: t.stack, status: report.summary.exitCode === EXIT.drift ? "drifted" : "ok", report, durationMs: Date.now() - started };
      } catch (err) {
        r = { project: t.project, cwd: t.cwd, stack: t.stack, status: "error", error: err instanceof Error ? err.message : String(err), durationMs: Date.now() - started };
      }
      results[i] = r;
      onDone?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, targets.length)) }, worker));
  return results;
}

export function fleetReport(run: { id: string | null; targets: readonly Target[]; shard?: Shard }, stacks: StackResult[]): FleetReport {
  const count = run.shard?.count ?? 1;
  return summarise({
    schemaVersion: 2,
    kind: "fleet",
    run: { id: run.id, targets: run.targets.map((t) => t.key).sort(), shards: [run.shard?.index ?? 1], shardCount: count },
    stacks: [...stacks].sort((a, b) => cmp(keyOf(a), keyOf(b))),
    summary: undefined as unknown as FleetReport["summary"],
  });
}

function summarise(r: FleetReport): FleetReport {
  const s = r.stacks;
  const ok = s.filter((x) => x.report);
  const failed = s.filter((x) => x.status === "error").length;
  const drifted = s.filter((x) => x.status === "drifted").length;
  return {
    ...r,
    summary: {
      stacks: s.length,
      checked: ok.length,
      clean: s.filter((x) => x.status === "ok").length,
      drifted,
      failed,
      resources: ok.reduce((n, x) => n + x.report!.summary.resources, 0),
      resourcesDrifted: ok.reduce((n, x) => n + x.report!.summary.drifted, 0),
      resourcesDeleted: ok.reduce((n, x) => n + x.report!.summary.deleted, 0),
      exitCode: failed ? EXIT.error : drifted ? EXIT.drift : EXIT.ok,
    },
  };
}

/**
 * One report from the shard reports of one run. Refuses (naming the file) reports that are not
 * fleet reports, that belong to another run (run id, stack list or shard count differ), a shard
 * given twice, a shard missing, or a stack reported twice: nothing partial passes as complete.
 */
export function mergeShards(inputs: ReadonlyArray<{ file: string; text: string }>): FleetReport {
  if (!inputs.length) throw new FleetError("merge needs at least one shard report (a JSON file written with --format json)");
  const parsed = inputs.map(({ file, text }) => {
    let r: unknown;
    try { r = JSON.parse(text); } catch (err) { throw new FleetError(`${file} is not JSON (${(err as Error).message}); write shard reports with --format json`); }
    const f = r as Partial<FleetReport>;
    if (!f || typeof f !== "object" || f.schemaVersion !== 2 || f.kind !== "fleet" || !f.run || !Array.isArray(f.stacks)) {
      throw new FleetError(`${file} is not a polardb-drift fleet report (schemaVersion 2, kind "fleet"); write shard reports with --shard I/N --format json`);
    }
    return { file, r: f as FleetReport };
  });
  const first = parsed[0];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const p of parsed.slice(1)) {
    if (p.r.run.id !== first.r.run.id) throw new FleetError(`${p.file} is from run ${show(p.r.run.id)}, ${first.file} from run ${show(first.r.run.id)}: shard reports of different runs cannot be merged`);
    if (p.r.run.shardCount !== first.r.run.shardCount) throw new FleetError(`${p.file} is one of ${p.r.run.shardCount} shards, ${first.file} one of ${first.r.run.shardCount}: they are not shards of one run`);
    if (!same(p.r.run.targets, first.r.run.targets)) throw new FleetError(`${p.file} and ${first.file} were made for different lists of stacks: they are not shards of one run`);
  }
  const seenShard = new Map<number, string>();
  for (const p of parsed) for (const i of p.r.run.shards) {
    if (seenShard.has(i)) throw new FleetError(`shard ${i} is in both ${seenShard.get(i)} and ${p.file}`);
    seenShard.set(i, p.file);
  }
  const count = first.r.run.shardCount;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seenShard.has(i));
  if (missing.length) throw new FleetError(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing: the merged report would be incomplete`);
  const stacks = parsed.flatMap((p) => p.r.stacks);
  const byKey = new Map<string, string>();
  for (const p of parsed) for (const s of p.r.stacks) {
    const k = keyOf(s);
    if (byKey.has(k)) throw new FleetError(`stack ${k} is in both ${byKey.get(k)} and ${p.file}`);
    byKey.set(k, p.file);
  }
  const unaccounted = first.r.run.targets.filter((k) => !byKey.has(k));
  if (unaccounted.length) throw new FleetError(`no shard reported ${unaccounted.join(", ")}: the merged report would be incomplete`);
  return summarise({
    ...first.r,
    run: { ...first.r.run, shards: [...seenShard.keys()].sort((a, b) => a - b) },
    stacks: stacks.sort((a, b) => cmp(keyOf(a), keyOf(b))),
  });
}

/** The CI run id from the environment: GitHub Actions, GitLab CI, or none. */
export function runIdFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.POLARDB_DRIFT_RUN_ID) return env.POLARDB_DRIFT_RUN_ID;
  if (env.GITHUB_RUN_ID) return `github:${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  if (env.CI_PIPELINE_ID) return `gitlab:${env.CI_PIPELINE_ID}`;
  return null;
}

export function keyOf(s: { project: string; stack: string }): string {
  return `${s.project}/${s.stack}`;
}

function show(v: unknown): string {
  return v === null ? "(none)" : JSON.stringify(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
