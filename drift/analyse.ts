/**
 * From the engine events of `pulumi preview --refresh` to a drift report. Pure: no CLI, no I/O.
 *
 * A preview with refresh emits, per resource in the state, a `refresh` step (its resOutputsEvent
 * carries `old` = the state before the refresh and `new` = what the provider's read returned, or
 * no `new` when the resource is gone), then the program's plan (`same`, `update`, `replace`,
 * `create` …) whose `new.inputs` are the program's checked inputs. The dynamic provider cannot
 * hand the engine a detailed diff (`diffs` and `detailedDiff` are empty), so the fields are found
 * here with the resource's own spec: the managed fields the program declares, compared in the
 * spec's normalised form — exactly what the provider's diff compares, i.e. what `pulumi up`
 * would change back.
 */
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { canonical } from "../provider/engine";
import { coveredFields, scheduledOf } from "../provider/scheduled";
import { ADOPT, COMMON_FIELDS, containsUnknown, ResourceSpec } from "../provider/spec";
import { kindOfToken } from "../provider/type-tokens";
import { specs } from "../resources";
import type { DriftReport, FieldDrift, ResourceDrift } from "./model";

/** What the Pulumi engine puts in place of a secret value (the signature key of a secret object). */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const MASK = "[secret]";

/** Field names that are never printed, whatever their value. */
const SECRET_NAME = /pass(word|wd)?$|password|secret|token|accesskey|privatekey|credential/i;

export function isSecretName(field: string): boolean {
  return SECRET_NAME.test(field);
}

/** A secret as the engine shows it: `{ "4dabf…": "…", ciphertext|value: … }` or the "[secret]" mask. */
export function isSecretValue(v: unknown): boolean {
  return v === MASK || (typeof v === "object" && v !== null && !Array.isArray(v) && SECRET_SIG in v);
}

export function containsSecret(v: unknown): boolean {
  if (isSecretValue(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (v && typeof v === "object") return Object.values(v).some(containsSecret);
  return false;
}

/** The value with every secret part replaced by "[secret]" (for printing). */
export function maskDeep(v: unknown): unknown {
  if (isSecretValue(v)) return MASK;
  if (Array.isArray(v)) return v.map(maskDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isSecretName(k) ? MASK : maskDeep(x)]));
  return v;
}

/** Fields a user declares and the provider keeps in line: no region/timeouts, no local settings, no write-only secrets. */
export function comparedFields(spec: ResourceSpec): string[] {
  const skip = new Set<string>([...COMMON_FIELDS, ADOPT, ...(spec.local ?? []), ...(spec.writeOnly ?? [])]);
  return Object.keys(spec.inputs.shape).filter((f) => !skip.has(f)).sort();
}

/** Equal as the provider's diff sees it: the spec's normalised form, key order ignored. */
export function sameValue(spec: ResourceSpec, field: string, a: unknown, b: unknown): boolean {
  const norm = spec.normalise?.[field as keyof typeof spec.normalise] as ((v: unknown) => unknown) | undefined;
  const form = (v: unknown) => canonical(norm ? norm(v) : v);
  return form(a) === form(b);
}

export interface FieldSources {
  /** The program's (checked) inputs: what `pulumi up` would apply. */
  declared: Record<string, unknown>;
  /** The inputs recorded in the state (the program as last deployed); default: declared. */
  stateInputs?: Record<string, unknown>;
  /** The outputs recorded in the state before the refresh; default: nothing recorded. */
  recorded?: Record<string, unknown>;
  /** The outputs the provider's read returned now. */
  live: Record<string, unknown>;
  /** Fields a change registered for a window will bring to the declared value: waiting, not drift. */
  scheduled?: ReadonlySet<string>;
}

/**
 * The declared fields whose live value differs from the declared one, less those where the
 * difference is only a program edit not yet deployed (the program changed, the cloud did not).
 * Values are masked where secret.
 */
export function driftedFields(spec: ResourceSpec, s: FieldSources): FieldDrift[] {
  const stateInputs = s.stateInputs ?? s.declared;
  const recorded = s.recorded;
  const out: FieldDrift[] = [];
  for (const f of comparedFields(spec)) {
    const want = s.declared[f];
    if (want === undefined || containsUnknown(want)) continue; // not declared (the cloud's value is accepted) or not known yet
    if (s.scheduled?.has(f)) continue;
    const live = s.live[f];
    if (sameValue(spec, f, live, want)) continue;
    const refreshSawChange = recorded === undefined || !sameValue(spec, f, recorded[f], live);
    const programEdited = !sameValue(spec, f, stateInputs[f], want);
    if (programEdited && !refreshSawChange) continue; // a pending program change, not drift
    const secret = isSecretName(f) || [want, stateInputs[f], recorded?.[f], live].some(containsSecret);
    const old = refreshSawChange && recorded !== undefined ? recorded[f] : want;
    out.push(secret ? { field: f, old: MASK, new: MASK } : { field: f, old: maskDeep(old), new: maskDeep(live) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Events → report

type Meta = StepEventMetadata;

const PLAN_RANK: Record<string, number> = {
  replace: 6, "create-replacement": 6, "delete-replaced": 6, create: 5, update: 4, delete: 3, read: 2, same: 1,
};

function planOf(ops: string[]): string {
  const best = [...ops].sort((a, b) => (PLAN_RANK[b] ?? 0) - (PLAN_RANK[a] ?? 0))[0];
  if (best === undefined) return "delete"; // in the state, not in the program
  return best === "create-replacement" || best === "delete-replaced" ? "replace" : best;
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function strip(p: Record<string, unknown> | undefined | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([k]) => !k.startsWith("__")));
}

/** The drift report of one `preview --refresh`, from its engine events (in any order). */
export function analyse(stack: string, events: readonly EngineEvent[]): DriftReport {
  const refreshed = new Map<string, Meta>();
  const plans = new Map<string, string[]>();
  const declared = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const outputs = e.resOutputsEvent?.metadata;
    if (outputs?.op === "refresh") refreshed.set(outputs.urn, outputs);
    const pre = e.resourcePreEvent?.metadata;
    if (pre && pre.op !== "refresh") {
      plans.set(pre.urn, [...(plans.get(pre.urn) ?? []), pre.op]);
      if (pre.new?.inputs && pre.op !== "delete" && pre.op !== "delete-replaced") declared.set(pre.urn, pre.new.inputs);
    }
  }

  const resources: ResourceDrift[] = [];
  let skipped = 0;
  for (const [urn, m] of refreshed) {
    const old = m.old;
    // The stack and provider resources are not custom resources of a program (custom is omitted when false).
    if (!old || old.custom !== true || m.type.startsWith("pulumi:providers:")) continue;
    const kind = kindOfToken(m.type);
    const spec = kind !== undefined ? (specs as Record<string, ResourceSpec>)[kind] : undefined;
    if (!spec || !kind) { skipped++; continue; }
    const pulumiUp = planOf(plans.get(urn) ?? []);
    if (pulumiUp === "read") continue; // adopted by id (`.get`): read, not managed
    const base = { urn, kind, type: m.type, name: nameOf(urn), id: old.id, pulumiUp };
    if (!m.new) { resources.push({ ...base, status: "deleted", fields: [] }); continue; }
    const stateInputs = strip(old.inputs);
    const program = strip(declared.get(urn) ?? old.inputs);
    const records = scheduledOf(m.new.outputs ?? {});
    const waiting = coveredFields(records, program, (f, a, b) => sameValue(spec, f, a, b), Date.now());
    let fields = driftedFields(spec, { declared: program, stateInputs, recorded: strip(old.outputs), live: strip(m.new.outputs), scheduled: waiting });
    // Only when the program is as deployed: otherwise its own edit explains the planned change.
    if (!fields.length && (pulumiUp === "update" || pulumiUp === "replace") && canonical(program) === canonical(stateInputs)) {
      fields = hiddenSecretDrift(spec, program);
    }
    const status = fields.length ? "drifted" : "unchanged";
    const scheduled = records.map((r) => ({ action: r.action, targets: r.targets, plannedStart: r.plannedStart, plannedEnd: r.plannedEnd, taskId: r.taskId, status: r.status }));
    resources.push({
      ...base, status, fields, ...(status === "unchanged" && pulumiUp !== "same" ? { affected: true } : {}), ...(scheduled.length ? { scheduled } : {}),
    });
  }

  resources.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.urn, b.urn));
  const drifted = resources.filter((r) => r.status === "drifted");
  const deleted = resources.filter((r) => r.status === "deleted");
  return {
    schemaVersion: 1,
    stack,
    drifted,
    deleted,
    resources,
    summary: {
      resources: resources.length,
      unchanged: resources.length - drifted.length - deleted.length,
      drifted: drifted.length,
      deleted: deleted.length,
      skipped,
      exitCode: drifted.length + deleted.length > 0 ? 2 : 0,
    },
  };
}

/**
 * The engine shows secret values masked, so a secret the program declares cannot be compared.
 * When the provider's own diff says the resource would change and no visible field explains it,
 * the declared secret fields are what differs: reported, masked.
 */
function hiddenSecretDrift(spec: ResourceSpec, declared: Record<string, unknown>): FieldDrift[] {
  return comparedFields(spec)
    .filter((f) => declared[f] !== undefined && containsSecret(declared[f]))
    .map((f) => ({ field: f, old: MASK, new: MASK }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
