/**
 * diff: which managed inputs differ (normalised; unknown counts as changed; a secret by the
 * last inputs or its digest), which of them force a replacement, minus those the spec judges
 * the same object while unknown (sameWhenUnknown) and those a change registered for a window
 * covers. In-place changes are checked with the cloud (spec.cloudCheck). Serves `up` (stored
 * outputs vs inputs) and refresh (live outputs vs last inputs) alike.
 */
import type { dynamic } from "@pulumi/pulumi";
import { catalogueChecksOn } from "../../reference/catalogue";
import { IDENTITY_KEY, noteHeld } from "../identity";
import { coveredFields, lapsed, scheduledOf } from "../scheduled";
import { primeSecretChecks, secretUnchanged } from "../secret-digest";
import { Api, containsUnknown, Props } from "../spec";
import { EngineContext } from "./context";
import { canonical, messageOf, strip } from "./values";

/**
 * The changed inputs of a diff result, by name: the provider plugin's detailed diff. Kept beside
 * the result, whose shape is the dynamic host's DiffResult (it has no place for them).
 */
export const changedFields = new WeakMap<object, string[]>();

/** oldInputs: the inputs of the last change, where the face has them (the plugin). */
export async function diff(ctx: EngineContext, id: string, oldsRaw: Props | undefined, newsRaw: Props | undefined, oldInputs?: Props): Promise<dynamic.DiffResult> {
  const { spec, clock, same, label, progress, remark } = ctx;
  noteHeld(newsRaw?.[IDENTITY_KEY], id); // a replacement's create must not take this object over
  await primeSecretChecks(ctx.writeOnly, strip(oldsRaw), strip(newsRaw), oldInputs);
  const c = changes(ctx, strip(oldsRaw), strip(newsRaw), oldInputs);
  c.managed = await withoutSameUnknowns(ctx, c.managed, strip(oldsRaw), strip(newsRaw));
  // A change registered for a window brings these to the declared value: nothing to do now.
  const records = scheduledOf(strip(oldsRaw));
  const covered = coveredFields(records, strip(newsRaw), same, clock.now());
  c.managed = c.managed.filter((f) => !covered.has(f));
  for (const r of records) {
    const why = lapsed(r, clock.now());
    if (why && Object.keys(r.targets).some((f) => c.managed.includes(f))) remark(`${label(id)}: the ${r.action} registered for ${r.plannedStart}–${r.plannedEnd} did not happen: ${why}; \`pulumi up\` registers it again`, "warning");
  }
  const replaces = replacing(ctx, c.managed, strip(oldsRaw), strip(newsRaw));
  if (!replaces.length) await cloudCheckFailures(ctx, id, c.managed, strip(oldsRaw), strip(newsRaw));
  // The dynamic-provider host cannot pass a detailed diff to the CLI, so name the fields here.
  // Names only: values may be secrets the program marked (the provider sees them unwrapped).
  if (c.managed.length) {
    progress(`${label(id)}: differs in ${c.managed.join(", ")}${replaces.length ? ` (replacement: ${replaces.join(", ")} cannot change in place)` : ""}`);
    const note = spec.changeNote?.(strip(oldsRaw), strip(newsRaw), c.managed);
    if (note) progress(`${label(id)}: ${note}`);
    const loss = replaces.length ? spec.replacementWarning?.(id, replaces, strip(oldsRaw)) : undefined;
    if (loss) remark(`${label(id)}: ${loss}`, "warning");
  }
  const result: dynamic.DiffResult = {
    changes: c.managed.length + c.local.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
  };
  changedFields.set(result, [...c.managed, ...c.local]);
  return result;
}

/**
 * Fields whose desired value differs from the stored/live one (unknown counts as changed). A
 * secret is compared with the inputs the last change applied when the caller has them (the
 * plugin does), else with its stored digest.
 */
export function changes(ctx: EngineContext, olds: Props, news: Props, oldInputs?: Props): { managed: string[]; local: string[] } {
  const { managed, writeOnly, local, same } = ctx;
  const changed: string[] = [];
  for (const f of managed) {
    const want = news[f];
    if (want === undefined) continue; // not set: the cloud's value is accepted
    if (containsUnknown(want)) changed.push(f);
    else if (writeOnly.has(f)) { if (!secretUnchanged(f, olds, want, oldInputs)) changed.push(f); }
    else if (!same(f, olds[f], want)) changed.push(f);
  }
  if (news.regionId !== undefined && news.regionId !== olds.regionId) changed.push("regionId");
  const localChanged = [...local, "timeouts"].filter((f) => canonical(olds[f]) !== canonical(news[f]));
  return { managed: changed, local: localChanged };
}

/** The changed fields that force a replacement. */
export function replacing(ctx: EngineContext, changed: readonly string[], olds: Props, news: Props): string[] {
  return changed.filter((f) => ctx.replaceOn.has(f) || f === "regionId" || ctx.spec.replaceIf?.(f, olds, news, changed) === true);
}

/** Drops changed fields whose unknown new value the spec judges to be the same object (sameWhenUnknown). */
async function withoutSameUnknowns(ctx: EngineContext, changed: string[], olds: Props, news: Props): Promise<string[]> {
  const judges = ctx.spec.sameWhenUnknown as Record<string, ((o: Props, n: Props, api: Api) => Promise<boolean>) | undefined> | undefined;
  if (!judges) return changed;
  const out: string[] = [];
  for (const f of changed) {
    const judge = judges[f];
    // Conservative: a judge that cannot tell (no credentials in preview, a refusal) keeps the change.
    const same = judge && containsUnknown(news[f]) && await Promise.resolve().then(() => judge(olds, news, ctx.apiIn(ctx.regionOf(olds)))).catch(() => false);
    if (!same) out.push(f);
  }
  return out;
}

/** spec.cloudCheck on the changed known fields: problems fail the preview; a cloud that cannot be asked is noted and passes. */
async function cloudCheckFailures(ctx: EngineContext, id: string, changed: readonly string[], olds: Props, news: Props): Promise<void> {
  const { spec, remark, label } = ctx;
  const check = spec.cloudCheck;
  if (!check || !catalogueChecksOn() || !check.fields.some((f) => changed.includes(f) && !containsUnknown(news[f]))) return;
  let problems: Array<{ field: string; problem: string; warning?: boolean }>;
  try {
    problems = await check.problems(spec.id.parse(id), olds, news, ctx.apiIn(ctx.regionOf(olds)));
  } catch (err) {
    remark(`${label(id)}: could not ask the cloud to check ${check.fields.join(", ")} (${messageOf(err)}); checked the form only`);
    return;
  }
  for (const p of problems.filter((x) => x.warning)) remark(`${label(id)}: ${p.field}: ${p.problem}`, "warning");
  const failures = problems.filter((x) => !x.warning);
  if (failures.length) throw new Error(`${label(id)}: ${failures.map((p) => `${p.field}: ${p.problem}`).join("; ")}`);
}
