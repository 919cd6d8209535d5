/**
 * The entry the serialized shim loads at run time (`pulumi-polardb/runtime`): it lives in the
 * provider process, where credentials and endpoints are resolved — from the stack config that
 * `configure` hands over, then the environment — at call time, never captured into the state.
 * One engine instance per resource kind, one cluster lock and one client per region+endpoint
 * for the whole process (Pulumi runs every dynamic resource of an operation in one process).
 */
import "./node-version"; // first: a clear message on a Node.js too old for our dependencies
import { KMS, PolarDBClient, RdsClient, RpcClient } from "./client";
import { ClusterLock } from "./cluster-lock";
import { DEFAULT_REGION, resolveSettings } from "./config";
import { resolveRegion } from "./credentials";
import type { ConfigLookup } from "./credentials";
import { ApiProduct, EngineDeps, engineStats, makeProvider, Provider } from "./engine";
import type { Api, ResourceSpec } from "./spec";
import { DEFAULT_TUNING, WaitTuning } from "./waiter";
import { specs } from "../resources";
import { isApiError, withHint } from "./errors";
import { IDENTITY_KEY } from "./identity";
import { flushLines, quietError, say, scopeOf, withResource } from "./messages";

export type Operation = keyof Provider;
const OPERATIONS: readonly Operation[] = ["check", "diff", "create", "read", "update", "delete"];

let config: ConfigLookup = () => undefined;
const clients = new Map<string, RpcClient>();
const providers = new Map<string, Provider>();
const lock = new ClusterLock();
/** What a host process sets for every engine it makes (the plugin: a clock that Cancel stops). */
let hostDeps: Partial<EngineDeps> = {};

export function useHostDeps(deps: Partial<EngineDeps>): void {
  hostDeps = deps;
  providers.clear();
}

/** Stack config from the dynamic-provider host (keys such as "polardb:accessKeyId", secrets decrypted). */
export async function configure(stackConfig?: { get(key: string): string | undefined }): Promise<void> {
  config = stackConfig ? (key) => stackConfig.get(key) : () => undefined;
}

/** Runs one provider operation for a resource kind: what every shim method calls. */
export async function handle(kind: string, op: string, args: unknown[]): Promise<unknown> {
  if (!OPERATIONS.includes(op as Operation)) throw new Error(`pulumi-polardb: unknown provider operation "${op}"`);
  const provider = providerFor(kind);
  const identity = identityIn(op as Operation, args);
  return withResource(scopeOf(kind, identity), async () => {
    try {
      const result = await (provider[op as Operation] as (...a: unknown[]) => Promise<unknown>)(...args);
      return keepIdentity(op as Operation, result, identity);
    } catch (err) {
      throw shownOnce(err, op as Operation);
    } finally {
      await flushLines();
    }
  });
}

/** The resource's identity input: in the new inputs (check, diff, update), the inputs (create), the stored outputs (read, delete). */
function identityIn(op: Operation, args: unknown[]): unknown {
  const props = (op === "check" || op === "diff" || op === "update" ? args[2] ?? args[1] : op === "create" ? args[0] : args[1]) as Record<string, unknown> | undefined;
  return props?.[IDENTITY_KEY];
}

/** Outputs keep the identity, so refresh and destroy can name the resource too. */
function keepIdentity(op: Operation, result: unknown, identity: unknown): unknown {
  if (typeof identity !== "string" || !result || typeof result !== "object") return result;
  const r = result as { outs?: Record<string, unknown>; props?: Record<string, unknown> };
  if ((op === "create" || op === "update") && r.outs) return { ...r, outs: { ...r.outs, [IDENTITY_KEY]: identity } };
  if (op === "read" && r.props) return { ...r, props: { ...r.props, [IDENTITY_KEY]: identity } };
  return result;
}

const BUGS = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];

/**
 * An error we expect (the cloud's answer, input the cloud or we refuse, a deletion refused) is
 * shown once, on the resource, without a stack trace; a bug keeps its stack trace (the host
 * prints none for create and update, so it is written here).
 */
function shownOnce(err: unknown, op: Operation): unknown {
  if (!(err instanceof Error)) return err;
  if (BUGS.some((b) => err instanceof b)) {
    if (op === "create" || op === "update") process.stderr.write(`pulumi-polardb: unexpected error (please report it): ${err.stack ?? err}\n`);
    return err;
  }
  return quietError(recordedConfigHint(err, op));
}

/**
 * Refresh and destroy without `--run-program` configure the provider with the stack config
 * recorded at the last `pulumi up`, not the current one. When such a call is refused for its
 * credentials and they came from the stack config, say so and what to run.
 */
function recordedConfigHint(err: Error, op: Operation): Error {
  if (!isApiError(err) || err.kind !== "auth" || (op !== "read" && op !== "delete")) return err;
  if (!config("polardb:accessKeyId") && !config("polardb:profile")) return err;
  return withHint(err, `${err.hint} These credentials came from the stack config as recorded by the last \`pulumi up\`: refresh and destroy use that copy `
    + "unless the program runs. If polardb:accessKeyId, polardb:accessKeySecret or polardb:profile changed since, run the command with "
    + "`--run-program` (or set PULUMI_RUN_PROGRAM=true) so the current stack config is used.");
}

export function providerFor(kind: string): Provider {
  let p = providers.get(kind);
  if (!p) {
    const spec = (specs as Record<string, ResourceSpec>)[kind];
    if (!spec) {
      throw new Error(`pulumi-polardb: this installed version has no resource kind "${kind}" (it has: ${Object.keys(specs).join(", ")}). `
        + "Install the pulumi-polardb version the stack was created with, or a newer one.");
    }
    p = makeProvider(spec, runtimeDeps(hostDeps));
    providers.set(kind, p);
  }
  return p;
}

/** The engine's dependencies in a provider process (tests pass overrides, e.g. fast polling). */
export function runtimeDeps(overrides: Partial<EngineDeps> = {}): EngineDeps {
  return {
    api: apiFor,
    defaultRegion: () => resolveRegion({ config }) ?? DEFAULT_REGION, // no credentials needed to know it
    lock,
    tuning: tuningFromEnv(),
    schedule: scheduleFromEnv(),
    progress: (line, how) => say(line, { ephemeral: true, ...how }),
    ...overrides,
  };
}

/** A client for the product and region, resolved now from stack config and the environment, then cached. */
export function apiFor(regionId?: string, product: ApiProduct = "polardb"): Api {
  const settings = resolveSettings(config);
  const region = regionId ?? settings.regionId;
  const endpoint = product === "rds" ? settings.rdsEndpoint : product === "kms" ? settings.kmsEndpoint : settings.polardbEndpoint;
  const cacheKey = `${product}|${region}|${endpoint ?? ""}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const opts = { regionId: region, endpoint, credentials: settings.credentials };
    client = product === "rds" ? new RdsClient(opts) : product === "kms" ? new RpcClient(KMS, opts) : new PolarDBClient(opts);
    clients.set(cacheKey, client);
  }
  return client;
}

/** Closes the cached clients' connections (tests; a provider process simply exits). */
export async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  providers.clear();
  await Promise.all(all.map((c) => c.close()));
}

/** Counters since the process started: busy refusals retried, probes, waits. */
export function stats(): typeof engineStats {
  return { ...engineStats };
}

/**
 * Polling can be tuned per process through the environment (the emulator at a small time scale
 * wants faster polls): POLARDB_WAIT_FIRST_MS, POLARDB_WAIT_MIN_MS, POLARDB_WAIT_MAX_MS,
 * POLARDB_PROGRESS_AFTER_MS, POLARDB_PROGRESS_EVERY_MS.
 */
/**
 * POLARDB_TIME_SCALE (benchmarks and tests against a sped-up emulator): every default interval of
 * the waiter is multiplied by it, as the emulator multiplies the cloud's durations.
 */
function timeScale(env: NodeJS.ProcessEnv): number {
  const v = env.POLARDB_TIME_SCALE;
  if (v === undefined || v === "") return 1;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`POLARDB_TIME_SCALE must be a positive number, got "${v}"`);
  return n;
}

/**
 * POLARDB_WAIT_SCHEDULE=terraform polls as the Terraform alicloud provider does, for comparison
 * in the benchmarks: a fixed first delay (10 s after a cluster create, 5 minutes after adding a
 * node or changing a class, 5 s otherwise), then every 5 s; scaled by POLARDB_TIME_SCALE.
 */
export function scheduleFromEnv(env: NodeJS.ProcessEnv = process.env): EngineDeps["schedule"] {
  if (!env.POLARDB_WAIT_SCHEDULE || env.POLARDB_WAIT_SCHEDULE === "adaptive") return undefined;
  if (env.POLARDB_WAIT_SCHEDULE !== "terraform") throw new Error(`POLARDB_WAIT_SCHEDULE must be "adaptive" or "terraform", got "${env.POLARDB_WAIT_SCHEDULE}"`);
  const k = timeScale(env);
  return (kind, op) => {
    const first = kind === "Cluster" && op === "create" ? 10_000 : (kind === "Node" && op === "create") || ((kind === "Cluster" || kind === "Node") && op === "update") ? 300_000 : 5_000;
    return { firstDelayMs: first * k, minDelayMs: 5_000 * k, maxDelayMs: 5_000 * k, lastProbeMarginMs: Math.min(1_000, 5_000 * k) };
  };
}

export function tuningFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<WaitTuning> {
  const num = (name: string) => {
    const v = env[name];
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number of milliseconds, got "${v}"`);
    return n;
  };
  const k = timeScale(env);
  const scaled: Partial<WaitTuning> = k === 1 ? {} : Object.fromEntries(Object.entries(DEFAULT_TUNING).map(([name, v]) => [name, v * k]));
  const explicit: Partial<WaitTuning> = {
    firstDelayMs: num("POLARDB_WAIT_FIRST_MS"),
    minDelayMs: num("POLARDB_WAIT_MIN_MS"),
    maxDelayMs: num("POLARDB_WAIT_MAX_MS"),
    progressAfterMs: num("POLARDB_PROGRESS_AFTER_MS"),
    progressEveryMs: num("POLARDB_PROGRESS_EVERY_MS"),
  };
  const t: Partial<WaitTuning> = { ...scaled, ...Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)) };
  if (explicit.minDelayMs !== undefined && explicit.lastProbeMarginMs === undefined) t.lastProbeMarginMs = Math.min(t.lastProbeMarginMs ?? 1_000, explicit.minDelayMs);
  return t;
}
