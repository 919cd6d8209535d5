/**
 * Where the provider's lines go. In a provider process the dynamic-provider host is started with
 * the Pulumi engine's address as its first argument: the channel native providers log through.
 * Lines are sent there with the URN of the resource they concern, so the CLI prints them on that
 * resource's row (progress as ephemeral status, notes once under the resource in Diagnostics)
 * instead of under the Stack. Without an engine (tests, tools) or when it cannot be reached,
 * lines go to stderr, prefixed with the resource's kind and name.
 *
 * Errors: the host prints `${e}: ${e.stack}` to stderr for check/diff/read/delete failures, on top
 * of the message the CLI already shows on the resource. For errors we expect (the cloud's refusals,
 * bad input) that is the same message twice plus a stack trace into files that do not ship, so
 * that exact line is dropped; a bug keeps its stack trace.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

export type Severity = "debug" | "info" | "warning" | "error";
/** progress: ephemeral status on the resource's row; note/warning: kept, shown once in Diagnostics. */
export type Say = (text: string, how?: { severity?: Severity; ephemeral?: boolean }) => void;

export interface ResourceScope { kind: string; name?: string; urn?: string }
const scope = new AsyncLocalStorage<ResourceScope>();

/** Runs fn with lines and errors attributed to one resource. */
export function withResource<T>(s: ResourceScope, fn: () => Promise<T>): Promise<T> {
  return scope.run(s, fn);
}

export function currentResource(): ResourceScope | undefined {
  return scope.getStore();
}

const DYNAMIC_TYPE = (kind: string) => `pulumi-nodejs:dynamic/polardb:${kind}`;
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The resource's URN from its identity input (`project/stack/polardb:Kind/name[@parentUrn]`, see
 * identity.ts), built as the engine builds URNs: a parent's qualified type prefixes the type,
 * except the root stack's.
 */
export function scopeOf(kind: string, identity: unknown): ResourceScope {
  if (typeof identity !== "string") return { kind };
  // The provider plugin's identity is the resource's real URN (urn:pulumi:stack::project::type::name).
  if (identity.startsWith("urn:pulumi:")) return { kind, name: identity.split("::").pop(), urn: identity };
  const at = identity.indexOf("@urn:pulumi:");
  const own = at >= 0 ? identity.slice(0, at) : identity;
  const parentUrn = at >= 0 ? identity.slice(at + 1) : undefined;
  const m = /^([^/]+)\/([^/]+)\/polardb:([A-Za-z]+)\/(.+)$/s.exec(own);
  if (!m) return { kind };
  const [, project, stack, type, name] = m;
  let qualified = DYNAMIC_TYPE(type);
  if (parentUrn) {
    const parentType = parentUrn.split("::")[2];
    if (parentType && parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${qualified}`;
  }
  return { kind, name, urn: `urn:pulumi:${stack}::${project}::${qualified}::${name}` };
}

/** "Cluster orders (pc-…)": what a line or an error names when it cannot sit on the resource's row. */
export function resourceLabel(kind: string, id?: string): string {
  const name = currentResource()?.kind === kind ? currentResource()?.name : undefined;
  if (name && id) return `${kind} ${name} (${id})`;
  return name ? `${kind} ${name}` : id ? `${kind} ${id}` : kind;
}

// ----- the engine's Log service --------------------------------------------------------------

interface EngineLog { send(severity: Severity, text: string, urn: string, ephemeral: boolean): Promise<void> }
let engineLog: EngineLog | null | undefined;
let pluginEngine: string | undefined;

/** The provider plugin was started with the engine's address (its last argument): lines go there too. */
export function useEngineAddress(address: string): void {
  pluginEngine = address;
  engineLog = undefined;
}

/** The engine address the dynamic-provider host was started with, if this is that process. */
export function engineAddress(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POLARDB_ENGINE_LOG === "0") return undefined;
  if (pluginEngine) return pluginEngine;
  const script = argv[1] ?? "";
  const addr = argv[2] ?? "";
  return /dynamic-provider/.test(script) && /^[\w.\-[\]]+:\d+$/.test(addr) ? addr : undefined;
}

function connect(): EngineLog | null {
  const address = engineAddress();
  if (!address) return null;
  try {
    // The host's own copies of grpc-js and the generated stubs (the engine client must use the
    // same grpc-js instance as the stubs it is given).
    const req = createRequire(require.resolve("@pulumi/pulumi"));
    const grpc = req("@grpc/grpc-js");
    const stubs = req("./proto/engine_grpc_pb");
    const proto = req("./proto/engine_pb");
    const client = new stubs.EngineClient(address, grpc.credentials.createInsecure());
    const levels: Record<Severity, number> = {
      debug: proto.LogSeverity.DEBUG, info: proto.LogSeverity.INFO, warning: proto.LogSeverity.WARNING, error: proto.LogSeverity.ERROR,
    };
    return {
      send: (severity, text, urn, ephemeral) => new Promise((resolve, reject) => {
        const r = new proto.LogRequest();
        r.setSeverity(levels[severity]);
        r.setMessage(text);
        r.setUrn(urn);
        r.setEphemeral(ephemeral);
        client.log(r, (err: Error | null) => (err ? reject(err) : resolve()));
      }),
    };
  } catch {
    return null;
  }
}

function toStderr(text: string, s: ResourceScope | undefined): void {
  const who = s?.name ? `${s.kind} ${s.name}: ` : "";
  process.stderr.write(`polardb: ${who}${text}\n`);
}

/** The provider process's Say: on the current resource's row when possible, else stderr. */
export const say: Say = (text, how = {}) => {
  const s = currentResource();
  if (engineLog === undefined) engineLog = connect();
  if (!engineLog || !s?.urn) return toStderr(text, s);
  const log = engineLog;
  const sent = log.send(how.severity ?? "info", text, s.urn, how.ephemeral ?? false).catch(() => {
    engineLog = null; // unreachable: every later line goes to stderr
    toStderr(text, s);
  });
  inFlight.add(sent);
  void sent.finally(() => inFlight.delete(sent));
};

const inFlight = new Set<Promise<void>>();

/**
 * Waits until the lines sent so far have reached the engine. An operation answers only after
 * this: otherwise a preview can end (and the engine stop listening) before its last line arrives.
 */
export async function flushLines(): Promise<void> {
  await Promise.all([...inFlight]);
}

// ----- the host's duplicate error lines ------------------------------------------------------

const quietLines = new Set<string>();
let filterInstalled = false;

/**
 * Marks an error we expect (the cloud's answer, bad input) so the host's `${e}: ${e.stack}` line
 * for it is not printed: the CLI shows the message on the resource already. Exact-line matching:
 * nothing else is ever dropped.
 */
export function quietError(e: Error): Error {
  installFilter();
  e.stack = `${e.name}: ${e.message}`;
  quietLines.add(`${e}: ${e.stack}`);
  return e;
}

/** True (once) for the host's line about an error marked by quietError. */
export function isQuieted(line: string): boolean {
  return quietLines.delete(line);
}

function installFilter(): void {
  if (filterInstalled) return;
  filterInstalled = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && isQuieted(args[0])) return;
    original(...args);
  };
}
