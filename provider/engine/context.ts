/**
 * What every phase of a provider works with: the spec, the host's dependencies with their
 * defaults applied once, the field sets the spec declares, and the small per-spec helpers
 * (comparison, region, deadline, label, client). Built once per spec by makeProvider and passed
 * to each phase explicitly, so a phase's module shows everything it depends on.
 */
import { randomUUID } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import { z } from "zod";
import { ClusterLock } from "../cluster-lock";
import { resourceLabel } from "../messages";
import { ADOPT, Api, COMMON_FIELDS, parseDuration, Props, ResourceSpec, UNKNOWN } from "../spec";
import { DEFAULT_TUNING, systemClock, WaitClock, WaitTuning } from "../waiter";
import { canonical } from "./values";

export interface EngineDeps {
  /** The API client for a region and product (runtime.ts caches one per product, region and endpoint). */
  api: (regionId: string, product?: ApiProduct) => Api;
  /** Where resources without a `regionId` input live. */
  defaultRegion: () => string;
  /** One lock per process, shared by every resource kind. */
  lock?: ClusterLock;
  tuning?: Partial<WaitTuning>;
  clock?: WaitClock;
  random?: () => number;
  /** Progress lines during long waits (default: stderr, which the Pulumi CLI shows). */
  /** A line for the user: ephemeral progress (default) or a note kept in Diagnostics. */
  progress?: (line: string, how?: { severity?: "info" | "warning"; ephemeral?: boolean }) => void;
  newToken?: () => string;
  /** Busy refusals of one call, in all (default 10). */
  maxBusyAttempts?: number;
  /** How long a ready resource may still show the old value after a modify (default 60 s). */
  convergeGraceMs?: number;
  /**
   * How long a wait tolerates an API that does not answer (refused connections, timeouts, 5xx
   * on every probe) before it fails the operation (default POLARDB_OUTAGE_MS, else 5 minutes).
   */
  outageMs?: number;
  /**
   * A different polling schedule per resource kind and operation (the benchmarks' Terraform-like
   * comparison): its tuning replaces `tuning`, and DescribeTasks' remaining-time hints are ignored.
   */
  schedule?: (kind: string, op: "create" | "update" | "delete") => Partial<WaitTuning> | undefined;
}

/** The APIs a provider calls: the resource's own product, and KMS for secrets given encrypted. */
export type ApiProduct = "polardb" | "rds" | "kms";

export type Provider = Required<Pick<dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">>;

/** Process-wide counters (benchmarks, tests, the concurrency note). */
export const engineStats = { busyRetries: 0, probes: 0, waits: 0 };

/** The operations with a deadline (the `timeouts` input). */
export type TimedOperation = "create" | "update" | "delete";

export interface EngineContext {
  spec: ResourceSpec;
  deps: EngineDeps;
  shape: Record<string, z.ZodType>;
  /** Every input the schema names. */
  fields: string[];
  local: Set<string>;
  unread: Set<string>;
  writeOnly: Set<string>;
  replaceOn: Set<string>;
  /** The inputs compared with the cloud: not regionId/timeouts, not local, not adopt. */
  managed: string[];
  lock: ClusterLock;
  clock: WaitClock;
  progress: NonNullable<EngineDeps["progress"]>;
  /** A note kept in Diagnostics (not ephemeral progress). */
  remark: (line: string, severity?: "info" | "warning") => void;
  newToken: () => string;
  maxBusyAttempts: number;
  convergeGraceMs: number;
  outageMs: number;
  /** A status that says the object is being deleted (Deleting, as every kind here names it). */
  isGoing: (live: Props) => boolean;
  /** Equal after the spec's normalisation of the field. */
  same: (f: string, a: unknown, b: unknown) => boolean;
  regionOf: (p: Props) => string;
  /** When an operation must be done: the `timeouts` input, else the spec's default. */
  deadline: (op: TimedOperation, p: Props) => number;
  label: (id: string) => string;
  /** The resource's own product's client in a region. */
  apiIn: (regionId: string) => Api;
}

export function contextOf(spec: ResourceSpec, deps: EngineDeps): EngineContext {
  const shape: Record<string, z.ZodType> = spec.inputs.shape;
  const fields = Object.keys(shape);
  const common = new Set<string>(COMMON_FIELDS);
  const local = new Set<string>(spec.local ?? []);
  const clock = deps.clock ?? systemClock;
  const progress = deps.progress ?? ((line: string) => { process.stderr.write(`polardb: ${line}\n`); });
  const comparable = (f: string, v: unknown) => (spec.normalise?.[f] ? spec.normalise[f]!(v) : v);
  return {
    spec,
    deps,
    shape,
    fields,
    local,
    unread: new Set<string>(spec.unread ?? []),
    writeOnly: new Set<string>(spec.writeOnly ?? []),
    replaceOn: new Set<string>(spec.replaceOn),
    // adopt matters to the first create only: never compared, never recorded.
    managed: fields.filter((f) => !common.has(f) && !local.has(f) && f !== ADOPT),
    lock: deps.lock ?? new ClusterLock(),
    clock,
    progress,
    remark: (line, severity = "info") => progress(line, { severity, ephemeral: false }),
    newToken: deps.newToken ?? randomUUID,
    maxBusyAttempts: deps.maxBusyAttempts ?? 10,
    convergeGraceMs: deps.convergeGraceMs ?? 60_000,
    outageMs: deps.outageMs ?? outageFromEnv(),
    isGoing: (live) => /deleting|releasing/i.test(spec.status(live) ?? ""),
    same: (f, a, b) => canonical(comparable(f, a)) === canonical(comparable(f, b)),
    regionOf: (p) => (typeof p.regionId === "string" && p.regionId !== UNKNOWN ? p.regionId : deps.defaultRegion()),
    deadline: (op, p) => {
      const t = (p.timeouts as Record<string, string> | undefined)?.[op];
      return clock.now() + parseDuration(typeof t === "string" && t !== UNKNOWN ? t : spec.timeouts[op]);
    },
    label: (id) => resourceLabel(spec.kind, id),
    apiIn: (regionId) => deps.api(regionId, spec.product ?? "polardb"),
  };
}

/** The waiter's tuning with the host's overrides (those it sets) applied. */
export function fullTuning(deps: EngineDeps): WaitTuning {
  const given = Object.fromEntries(Object.entries(deps.tuning ?? {}).filter(([, v]) => v !== undefined)) as Partial<WaitTuning>;
  return { ...DEFAULT_TUNING, ...given };
}

function outageFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.POLARDB_OUTAGE_MS;
  if (v === undefined || v === "") return 300_000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`POLARDB_OUTAGE_MS must be a positive number of milliseconds, got "${v}"`);
  return n;
}
