/**
 * Preview's planned outputs (Configure answers supportsPreview: true): what Create and Update
 * would return, computed without the cloud. Known: the checked inputs (the engine converges the
 * cloud to them), the id parts, the region, provider settings and, for an update, the old outputs
 * this change cannot alter. Everything else is the unknown sentinel: a reference to it is then
 * unknown in preview rather than wrong. Conservative: an update that changes anything in the cloud
 * makes every output that is no input, no id part and not declared stable (spec.stableOutputs) unknown.
 */
import { canonical } from "../engine";
import { DIGESTS, secretUnchanged } from "../secret-digest";
import { ADOPT, containsUnknown, Props, ResourceSpec, UNKNOWN } from "../spec";

/** Outputs the engine carries over from the inputs (provider settings, values no describe returns). */
const carried = (spec: ResourceSpec) => new Set<string>([...(spec.local ?? []), ...(spec.unread ?? []), "timeouts"]);
/** Provider settings: a change of these alone calls nothing in the cloud. */
const settings = (spec: ResourceSpec) => new Set<string>([...(spec.local ?? []), "timeouts"]);

/** Outputs an in-place update never changes: the id parts and what the spec declares stable. */
export function stableOutputs(spec: ResourceSpec): string[] {
  return [...new Set([...spec.id.parts, ...(spec.stableOutputs ?? [])])];
}

/** Create in preview: the inputs as outputs, the id parts the inputs give; the rest unknown. */
export function plannedCreate(spec: ResourceSpec, inputs: Props, outputNames: Iterable<string>, defaultRegion: string): Props {
  const writeOnly = new Set<string>(spec.writeOnly ?? []);
  const keep = carried(spec);
  const adoptId = typeof inputs[ADOPT] === "string" && inputs[ADOPT] !== UNKNOWN ? inputs[ADOPT] as string : undefined;
  const outs: Props = {};
  for (const n of outputNames) outs[n] = UNKNOWN;
  for (const [k, v] of Object.entries(inputs)) {
    if (k === ADOPT || k === "regionId" || writeOnly.has(k) || v === undefined) continue;
    // An adopted object is reported as it is, and converged afterwards by calls preview does not predict.
    if (adoptId !== undefined && !keep.has(k)) continue;
    outs[k] = v;
  }
  let key: Record<string, string> = {};
  if (adoptId !== undefined) { try { key = spec.id.parse(adoptId); } catch { /* check reports a bad id */ } }
  for (const p of spec.id.parts) outs[p] = key[p] ?? (typeof inputs[p] === "string" ? inputs[p] : UNKNOWN);
  outs.regionId = inputs.regionId ?? defaultRegion;
  if ((spec.writeOnly ?? []).some((f) => inputs[f] !== undefined)) outs[DIGESTS] = UNKNOWN;
  return outs;
}

/** Inputs this update changes (as the engine's diff judges them, unknown counting as changed), and whether any reaches the cloud. */
export function changedInputs(spec: ResourceSpec, olds: Props, news: Props, oldInputs?: Props): { fields: string[]; cloud: boolean } {
  const keep = settings(spec);
  const writeOnly = new Set<string>(spec.writeOnly ?? []);
  const norm = (f: string, v: unknown) => canonical(spec.normalise?.[f] ? spec.normalise[f]!(v) : v);
  const fields: string[] = [];
  for (const f of Object.keys(spec.inputs.shape)) {
    if (f === ADOPT) continue;
    const want = news[f];
    if (keep.has(f)) { if (canonical(olds[f]) !== canonical(want)) fields.push(f); continue; }
    if (want === undefined) continue; // not set: the cloud's value is accepted
    if (containsUnknown(want)) fields.push(f);
    else if (writeOnly.has(f)) { if (!secretUnchanged(f, olds, want, oldInputs)) fields.push(f); }
    else if (norm(f, olds[f]) !== norm(f, want)) fields.push(f);
  }
  return { fields, cloud: fields.some((f) => !keep.has(f)) };
}

/** Update in preview: the old outputs overlaid with the changed inputs; what the change may alter and no input says, unknown. */
export function plannedUpdate(spec: ResourceSpec, id: string, olds: Props, news: Props, oldInputs?: Props): Props {
  const { fields, cloud } = changedInputs(spec, olds, news, oldInputs);
  const inputs = new Set(Object.keys(spec.inputs.shape));
  const stable = new Set(stableOutputs(spec));
  const writeOnly = new Set<string>(spec.writeOnly ?? []);
  const outs: Props = {};
  for (const [k, v] of Object.entries(olds)) {
    const derived = !inputs.has(k) && !stable.has(k) && k !== "regionId" && k !== DIGESTS;
    outs[k] = cloud && derived ? UNKNOWN : v;
  }
  for (const f of fields) {
    if (writeOnly.has(f)) outs[DIGESTS] = UNKNOWN; // a new salted digest
    else if (news[f] !== undefined) outs[f] = news[f];
  }
  // As the engine assembles them: carried from the new inputs, absent when no longer given.
  for (const f of carried(spec)) { if (writeOnly.has(f)) continue; if (news[f] === undefined) delete outs[f]; else outs[f] = news[f]; }
  let key: Record<string, string> = {};
  try { key = spec.id.parse(id); } catch { /* an id of another shape: the parts stay as stored */ }
  for (const p of spec.id.parts) if (key[p] !== undefined) outs[p] = key[p];
  return outs;
}
