/**
 * Replays of the peer's (Terraform alicloud's) acceptance tests as one Pulumi program per step.
 * A replay is a list of configurations of named resources, built the way the peer's testAccConfig
 * builds its steps: each step merges its changes into the previous one. All replays run in one
 * stack: global step k applies step k of every replay (a shorter replay keeps its last step).
 * What each resource's plan must be follows from the peer alone: a resource that appears is
 * created, one that goes is deleted, changed arguments update it in place unless the peer's
 * schema marks one of them ForceNew (`forceNew`), and anything else is the same.
 */

import * as yaml from "js-yaml";

/** Program code standing for a value (another resource's output); `yaml`: the same in a YAML program (for the plugin face). */
export interface Ref { readonly code: string; readonly yaml?: unknown }
const isRef = (v: unknown): v is Ref => typeof v === "object" && v !== null && typeof (v as Ref).code === "string" && Object.keys(v).every((k) => k === "code" || k === "yaml");

/**
 * `r["name"].prop` (or any expression on it: `out("c", "dbNodes.apply((n) => [n[0].dbNodeId])")`,
 * then with its YAML form given: `["${c.dbNodes[0].dbNodeId}"]`). A property path is `${name.prop}` in YAML.
 */
export const out = (name: string, expr: string, yaml?: unknown): Ref =>
  ({ code: `r[${JSON.stringify(name)}].${expr}`, yaml: yaml ?? (/^[\w.]+$/.test(expr) ? `\${${name}.${expr}}` : undefined) });

/** One resource of the program: `new polardb.<type>(name, args)`. */
export interface Decl {
  type: string;
  args: Record<string, unknown>;
  /** Arguments whose change the peer's schema marks ForceNew (our input names). */
  forceNew?: readonly string[];
  /**
   * Arguments a step sets to what the cloud holds already (the peer's Optional+Computed attributes:
   * its state has the value, so it plans nothing): their change alone plans no change.
   */
  sameAsCloud?: readonly string[];
}
/** The resources of one step, in dependency order. */
export type Config = Record<string, Decl>;

/** Removes an argument in a step (the peer's REMOVEKEY). */
export const REMOVE = Symbol("remove");
/** A step's changes: per resource, a new declaration, `null` (it goes) or arguments to merge in. */
export type Change = Record<string, Decl | null | Record<string, unknown>>;

export interface Replay {
  /** The peer's test function. */
  peer: string;
  steps: Config[];
}

const isDecl = (v: unknown): v is Decl => typeof v === "object" && v !== null && typeof (v as Decl).type === "string" && "args" in v;

/** The peer's step building: the first configuration, then each step's changes merged into the one before. */
export function replay(peer: string, first: Config, ...changes: Change[]): Replay {
  const steps: Config[] = [first];
  for (const change of changes) {
    const next: Config = { ...steps[steps.length - 1] };
    for (const [name, c] of Object.entries(change)) {
      if (c === null) delete next[name];
      else if (isDecl(c)) next[name] = c;
      else {
        if (!next[name]) throw new Error(`${peer}: step changes ${name}, which does not exist`);
        const args = { ...next[name].args };
        for (const [k, v] of Object.entries(c)) {
          if (v === REMOVE) delete args[k];
          else args[k] = v;
        }
        next[name] = { ...next[name], args };
      }
    }
    steps.push(next);
  }
  // A step whose translation changes nothing (only attributes we do not have) is no step here.
  const distinct = steps.filter((s, i) => i === 0 || render(s) !== render(steps[i - 1]));
  return { peer, steps: distinct };
}

/** The value as JavaScript source (refs as their code). */
export function js(v: unknown): string {
  if (isRef(v)) return v.code;
  if (Array.isArray(v)) return `[${v.map(js).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${js(x)}`).join(", ")} }`;
  return JSON.stringify(v);
}

const declare = (name: string, d: Decl) => `r[${JSON.stringify(name)}] = new polardb.${d.type}(${JSON.stringify(name)}, ${js(d.args)});`;
const render = (c: Config) => Object.entries(c).map(([n, d]) => declare(n, d)).join("\n");

/** Step k of every replay together (a replay with fewer steps keeps its last); names must not clash. */
export function globalSteps(replays: readonly Replay[]): Config[] {
  const owner = new Map<string, string>();
  for (const r of replays) {
    for (const s of r.steps) for (const name of Object.keys(s)) {
      if (owner.get(name) !== undefined && owner.get(name) !== r.peer) throw new Error(`${name} is used by ${owner.get(name)} and ${r.peer}`);
      owner.set(name, r.peer);
    }
  }
  const count = Math.max(...replays.map((r) => r.steps.length));
  return Array.from({ length: count }, (_, k) => Object.assign({}, ...replays.map((r) => r.steps[Math.min(k, r.steps.length - 1)])));
}

/** The whole program of a step. */
export function program(config: Config): string {
  return [
    'const polardb = require("pulumi-polardb");',
    "const r = {};",
    render(config),
    "",
  ].join("\n");
}

/**
 * The same step as a YAML program's body (the provider plugin's face): refs as their YAML form;
 * `canonical(type, field, value)` turns a spelling only the TypeScript classes take (a boolean's
 * alicloud spelling, `"Enabled"`) into the schema's.
 */
export function yamlProgram(config: Config, canonical: (type: string, field: string, value: unknown) => unknown, configKeys: readonly string[] = []): string {
  const value = (v: unknown): unknown => {
    if (isRef(v)) { if (v.yaml === undefined) throw new Error(`no YAML form for ${v.code}`); return v.yaml; }
    if (Array.isArray(v)) return v.map(value);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
    return v;
  };
  const resources = Object.fromEntries(Object.entries(config).map(([name, d]) => [name, {
    type: `polardb:index:${d.type}`,
    properties: Object.fromEntries(Object.entries(d.args).map(([k, v]) => [k, value(canonical(d.type, k, v))])),
  }]));
  return yaml.dump({ ...(configKeys.length ? { config: Object.fromEntries(configKeys.map((k) => [k, { type: "string" }])) } : {}), resources }, { lineWidth: -1, noRefs: true });
}

export type Op = "create" | "update" | "replace" | "delete" | "same";

/** What the peer plans for each resource going from `prev` (undefined: nothing yet) to `next`. */
export function expectedOps(prev: Config | undefined, next: Config): Record<string, Op> {
  const ops: Record<string, Op> = {};
  for (const [name, d] of Object.entries(next)) {
    const before = prev?.[name];
    if (!before) { ops[name] = "create"; continue; }
    const keys = new Set([...Object.keys(before.args), ...Object.keys(d.args)]);
    const changed = [...keys].filter((k) => js(before.args[k]) !== js(d.args[k]) && !(d.sameAsCloud ?? []).includes(k));
    ops[name] = changed.length === 0 ? "same" : changed.some((k) => (d.forceNew ?? []).includes(k)) ? "replace" : "update";
  }
  for (const name of Object.keys(prev ?? {})) if (!next[name]) ops[name] = "delete";
  return ops;
}

/**
 * `pulumi preview --json` (or `up --json`) as { resource name → op }. The JSON lists changed
 * resources only, so every name of `all` missing from it is "same"; a replacement's several
 * steps (create-replacement, replace, delete-replaced) count as one "replace".
 */
export function plannedOps(stdout: string, all: readonly string[]): Record<string, string> {
  const steps: Array<{ op: string; urn: string }> = parsed(stdout).steps ?? [];
  const ops: Record<string, string> = Object.fromEntries(all.map((n) => [n, "same"]));
  for (const s of steps) {
    if (s.urn.includes("pulumi:pulumi:Stack")) continue;
    const name = s.urn.split("::").pop()!;
    ops[name] = /replace/.test(s.op) || ops[name] === "replace" ? "replace" : s.op;
  }
  return ops;
}

function parsed(stdout: string): any {
  try { return JSON.parse(stdout); } catch { return {}; }
}

/** What went wrong in a CLI run, short: the error diagnostics of a `--json` run, else the error lines of its output. */
export function failureText(result: { code: number; stdout: string; stderr: string }): string | undefined {
  if (result.code === 0) return undefined;
  const diagnostics: Array<{ message?: string; severity?: string }> = parsed(result.stdout).diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === "error").map((d) => String(d.message).trim());
  const lines = errors.length ? errors : `${result.stdout}\n${result.stderr}`.split("\n").filter((l) => /error/i.test(l));
  return lines.slice(0, 20).join("\n") || `exit ${result.code}`;
}
