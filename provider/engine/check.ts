/**
 * check: the inputs as the schema makes them, or the failures Pulumi shows by field. Unknown
 * values (preview) pass; @pulumi/alicloud's spellings become ours; the region, region-bound
 * values, what the cloud sells (spec.offerCheck, read-only, once per process and region),
 * changes the spec forbids, and adopt are checked on known values only.
 */
import type { dynamic } from "@pulumi/pulumi";
import { catalogueChecksOn } from "../../reference/catalogue";
import { knownRegions } from "../endpoints";
import { IDENTITY_KEY } from "../identity";
import { offerIn } from "../offer";
import { ADOPT, containsUnknown, Key, Props, UNKNOWN } from "../spec";
import { EngineContext } from "./context";
import { failureOf, fieldByField, keepsSecret } from "./inputs";
import { canonical, clean, firstPerPath, messageOf, strip, valueAt } from "./values";

type Failure = { property: string; reason: string };

export async function check(ctx: EngineContext, oldsRaw: Props | undefined, newsRaw: Props | undefined): Promise<dynamic.CheckResult> {
  const { spec, fields, shape } = ctx;
  const spelled = canonicalSpelling(ctx, strip(newsRaw));
  if ("failure" in spelled) return { inputs: newsRaw ?? {}, failures: [spelled.failure] };
  const news = spelled.inputs;
  const parsed = spec.inputs.safeParse(news);
  // The resource's identity (a hidden input) travels on to create, which derives its tokens from it.
  const identity = newsRaw?.[IDENTITY_KEY] !== undefined ? { [IDENTITY_KEY]: newsRaw[IDENTITY_KEY] } : {};
  if (parsed.success) {
    const forbidden = (spec.forbiddenChanges?.(strip(oldsRaw), parsed.data as Props) ?? []).map((f) => ({ property: f.field, reason: f.problem }));
    const regional = regionalFailures(ctx, parsed.data as Props);
    const sold = regional.length ? [] : await offerFailures(ctx, strip(oldsRaw), parsed.data as Props);
    const failures = [...adoptFailures(ctx, parsed.data as Props), ...regional, ...sold, ...forbidden];
    return failures.length ? { inputs: news, failures } : { inputs: { ...clean(parsed.data), ...identity } };
  }
  const exists = Object.keys(strip(oldsRaw)).length > 0;
  const failures = firstPerPath(parsed.error.issues)
    .filter((issue) => issue.code === "unrecognized_keys" || !containsUnknown(valueAt(news, issue.path)))
    .filter((issue) => !(exists && keepsSecret(ctx, issue, news)))
    .map((issue) => failureOf(ctx, issue, news));
  if (failures.length) return { inputs: news, failures };
  if (parsed.error.issues.every((issue) => exists && keepsSecret(ctx, issue, news))) {
    const kept = fieldByField(ctx, news);
    const refused = [...regionalFailures(ctx, kept), ...(spec.forbiddenChanges?.(strip(oldsRaw), kept) ?? []).map((f) => ({ property: f.field, reason: f.problem }))];
    return refused.length ? { inputs: news, failures: refused } : { inputs: { ...kept, ...identity } };
  }
  // Only unknown values failed: accept them, and apply defaults to what is missing.
  const inputs: Props = { ...news };
  for (const f of fields) {
    if (inputs[f] !== undefined) continue;
    const d = shape[f].safeParse(undefined);
    if (d.success && d.data !== undefined) inputs[f] = d.data;
  }
  const sold = await offerFailures(ctx, strip(oldsRaw), inputs);
  if (sold.length) return { inputs: news, failures: sold };
  return { inputs: { ...clean(inputs), ...identity } };
}

/** @pulumi/alicloud's spellings (connectionPrefix, PostPaid …) become ours; both names at once must agree. */
function canonicalSpelling(ctx: EngineContext, news: Props): { inputs: Props } | { failure: Failure } {
  const { spec } = ctx;
  const out: Props = { ...news };
  for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
    if (out[alias] === undefined) continue;
    if (out[name] !== undefined && canonical(out[name]) !== canonical(out[alias])) {
      return { failure: { property: alias, reason: `is another name for ${name}, which is also given with another value: give one of them` } };
    }
    out[name] = out[alias];
    delete out[alias];
  }
  for (const [field, values] of Object.entries(spec.valueAliases ?? {})) {
    // Numbers too: @pulumi/alicloud's deletionLock is 0/1 where ours is a boolean.
    const v = out[field];
    if ((typeof v === "string" || typeof v === "number") && Object.hasOwn(values, String(v))) out[field] = values[String(v)];
  }
  return { inputs: out };
}

/** The region must be one PolarDB serves, and region-bound values must belong to it (known values only). */
function regionalFailures(ctx: EngineContext, inputs: Props): Failure[] {
  let regionId: string;
  try {
    regionId = typeof inputs.regionId === "string" ? inputs.regionId : ctx.deps.defaultRegion();
  } catch {
    return []; // no region resolvable yet (no credentials at preview): create will say what is missing
  }
  if (regionId === UNKNOWN) return [];
  const field = typeof inputs.regionId === "string" ? "regionId" : "";
  const out: Failure[] = [];
  if (catalogueChecksOn() && !knownRegions().includes(regionId)) {
    out.push({ property: field, reason: `${field ? "" : "the configured region (polardb:region or ALIBABA_CLOUD_REGION_ID): "}"${regionId}" is not a region PolarDB serves: one of ${knownRegions().join(", ")} (set POLARDB_CATALOGUE_CHECKS=off if the cloud has added it since)` });
    return out;
  }
  for (const f of ctx.spec.regional?.(inputs as never, regionId) ?? []) if (!containsUnknown(inputs[f.field])) out.push({ property: f.field, reason: f.problem });
  return out;
}

/** What the cloud sells (spec.offerCheck), known values only; the built-in tables when it cannot be asked. */
async function offerFailures(ctx: EngineContext, olds: Props, inputs: Props): Promise<Failure[]> {
  const check = ctx.spec.offerCheck;
  if (!check || !catalogueChecksOn()) return [];
  const created = Object.keys(olds).length === 0;
  if (created ? inputs[ADOPT] !== undefined : check.fields.every((f) => ctx.same(f, olds[f], inputs[f]))) return [];
  const known = Object.fromEntries(Object.entries(inputs).filter(([, v]) => !containsUnknown(v)));
  let regionId: string | undefined;
  try {
    regionId = containsUnknown(inputs.regionId) ? undefined : ctx.regionOf(known);
  } catch {
    regionId = undefined; // no region resolvable yet (no credentials at preview)
  }
  if (regionId === undefined) return check.problems(known, undefined).map((f) => ({ property: f.field, reason: f.problem }));
  const offer = await offerIn(() => ctx.apiIn(regionId!), regionId, check.payType?.(known) ?? "Postpaid", (line) => ctx.remark(line));
  return check.problems(known, offer).map((f) => ({ property: f.field, reason: f.problem }));
}

/** adopt must be an id of this kind, and agree with the inputs that are parts of the id. */
function adoptFailures(ctx: EngineContext, inputs: Props): Failure[] {
  const { spec } = ctx;
  const adoptId = inputs[ADOPT];
  if (typeof adoptId !== "string" || containsUnknown(adoptId)) return [];
  let key: Key;
  try {
    key = spec.id.parse(adoptId);
  } catch (err) {
    return [{ property: ADOPT, reason: `${messageOf(err)} (the id ${spec.kind}.get takes)` }];
  }
  return spec.id.parts
    .filter((p) => typeof inputs[p] === "string" && !containsUnknown(inputs[p]) && inputs[p] !== key[p])
    .map((p) => ({ property: ADOPT, reason: `names ${p} "${key[p]}", but ${p} is "${inputs[p]}"` }));
}
