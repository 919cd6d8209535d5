/**
 * The provider plugin's RPCs as plain functions over plain values: each one converts, calls the
 * same runtime (`handle(kind, op, args)`) the dynamic face calls, and converts back. The engine
 * works on unwrapped values; secrets are wrapped again on the way out (schema secret fields,
 * and any field that came in secret).
 */
import { configure, handle, providerFor, useHostDeps } from "../runtime";
import { cancellableClock } from "./cancel";
import { resolveSettings } from "../config";
import { ConfigLookup, resolveRegion } from "../credentials";
import { DEFAULT_REGION } from "../config";
import { changedFields, PartialCreateError } from "../engine";
import { IDENTITY_KEY } from "../identity";
import { DIGESTS } from "../secret-digest";
import { PLUGIN_PREFIX } from "../type-tokens";
import { Props, ResourceSpec } from "../spec";
import { specs } from "../../resources";
import { configFailures, configLookup } from "./config";
import { effectiveSettings } from "./stack-config";
import { FUNCTIONS, plain } from "./functions";
import { importInputs } from "./read-inputs";
import { Incoming } from "./values";
import { plannedCreate, plannedUpdate, stableOutputs } from "./preview";

// Every wait of this process sleeps on the clock Cancel stops.
useHostDeps({ clock: cancellableClock });

const TYPE_PREFIX = PLUGIN_PREFIX;

/** The resource kind of a type token (`polardb:index:Cluster` → Cluster), or a clear error. */
export function kindOf(type: string): string {
  const kind = type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : "";
  if (!specs[kind]) throw new Error(`polardb: unknown resource type "${type}"; this provider has ${Object.keys(specs).map((k) => TYPE_PREFIX + k).join(", ")}`);
  return kind;
}

/** The resource type of a URN (`urn:pulumi:stack::project::[parent$]polardb:index:Cluster::name`). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** Fields whose values must go out as secrets: the schema's secrets, and whatever came in secret. */
export function secretFields(kind: string, came: Iterable<string> = []): Set<string> {
  const spec: ResourceSpec = specs[kind];
  return new Set([...(spec.writeOnly ?? []), DIGESTS, ...came]);
}

/** The plugin's reserved keys never reach the state. */
function visible(p: Props | undefined): Props {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([k]) => !k.startsWith("__")));
}

// ----- configuration ------------------------------------------------------------------------------

let lookup: ConfigLookup = () => undefined;

export function checkConfig(news: Incoming): { inputs: Props; failures: Array<{ property: string; reason: string }> } {
  return { inputs: news.props, failures: configFailures(news.props) };
}

/** Configure: the same runtime configuration the dynamic face gets from stack config (the current one for the default provider: stack-config.ts). */
export async function configureProvider(args: Props, urn?: string): Promise<void> {
  lookup = configLookup(effectiveSettings(args, urn));
  await configure({ get: (key) => lookup(key) });
}

/** Settings that change where or as whom the provider calls: a changed region replaces nothing (resources keep their region). */
export function diffConfig(olds: Props, news: Props): string[] {
  return [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__") && k !== "version" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
}

// ----- resources ----------------------------------------------------------------------------------

export async function check(urn: string, olds: Incoming | undefined, news: Incoming): Promise<{ inputs: Props; secrets: Set<string>; failures: Array<{ property: string; reason: string }> }> {
  const kind = kindOf(typeOfUrn(urn));
  const r = await handle(kind, "check", [visible(olds?.props), { ...news.props, [IDENTITY_KEY]: urn }]) as { inputs: Props; failures?: Array<{ property: string; reason: string }> };
  return { inputs: visible(r.inputs), secrets: secretFields(kind, news.secrets), failures: r.failures ?? [] };
}

/** stables: outputs this update leaves as they are (none for a replacement: a new object). */
export interface DiffOutcome { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; diffs: string[]; writeOnly: string[]; stables: string[] }

export async function diff(urn: string, id: string, olds: Incoming, news: Incoming, oldInputs?: Incoming): Promise<DiffOutcome> {
  const kind = kindOf(typeOfUrn(urn));
  const r = await handle(kind, "diff", [id, olds.props, { ...news.props, [IDENTITY_KEY]: urn }, oldInputs?.props]) as { changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };
  const diffs = changedFields.get(r) ?? [], replaces = r.replaces ?? [];
  return {
    changes: r.changes === true, replaces, deleteBeforeReplace: r.deleteBeforeReplace === true,
    diffs, writeOnly: [...(specs[kind].writeOnly ?? [])],
    stables: replaces.length ? [] : stableOutputs(specs[kind]).filter((f) => !diffs.includes(f)),
  };
}

export async function create(urn: string, news: Incoming): Promise<{ id: string; outs: Props; secrets: Set<string> }> {
  const kind = kindOf(typeOfUrn(urn));
  const r = await handle(kind, "create", [{ ...news.props, [IDENTITY_KEY]: urn }]) as { id: string; outs: Props };
  return { id: r.id, outs: visible(r.outs), secrets: secretFields(kind, news.secrets) };
}

/** Create in preview: the planned outputs, no cloud call (preview.ts); the id is not known yet. */
export function previewCreate(urn: string, news: Incoming, outputNames: Iterable<string>): { id: string; outs: Props; secrets: Set<string> } {
  const kind = kindOf(typeOfUrn(urn));
  const outs = plannedCreate(specs[kind], visible(news.props), outputNames, resolveRegion({ config: lookup }) ?? DEFAULT_REGION);
  return { id: "", outs, secrets: secretFields(kind, news.secrets) };
}

/** Update in preview: the planned outputs, no cloud call (preview.ts). */
export function previewUpdate(urn: string, id: string, olds: Incoming, news: Incoming, oldInputs?: Incoming): { outs: Props; secrets: Set<string> } {
  const kind = kindOf(typeOfUrn(urn));
  return { outs: plannedUpdate(specs[kind], id, visible(olds.props), visible(news.props), oldInputs?.props), secrets: secretFields(kind, [...news.secrets, ...olds.secrets]) };
}

export { PartialCreateError };

export interface ReadOutcome { id?: string; outs?: Props; inputs?: Props; secrets: Set<string> }

/**
 * Refresh (outputs and inputs given) or import (the id alone). Gone: no id, no properties.
 * Refresh keeps the program's inputs (drift shows as a difference from them); import derives
 * the inputs from what was read, as Check would make them.
 */
export async function read(urn: string, id: string, props: Incoming | undefined, inputs: Incoming | undefined): Promise<ReadOutcome> {
  const kind = kindOf(typeOfUrn(urn));
  const came = [...(props?.secrets ?? []), ...(inputs?.secrets ?? [])];
  const r = await handle(kind, "read", [id, { ...(props?.props ?? {}), [IDENTITY_KEY]: urn }]) as { id?: string; props?: Props };
  if (!r.props || !r.id) return { secrets: new Set() };
  const outs = visible(r.props);
  const readInputs = inputs && Object.keys(inputs.props).length
    ? visible(inputs.props)
    : await importInputs(specs[kind], outs, (o, n) => handle(kind, "check", [o, n]) as ReturnType<ReturnType<typeof providerFor>["check"]>);
  return { id: r.id, outs, inputs: visible(readInputs), secrets: secretFields(kind, came) };
}

export async function update(urn: string, id: string, olds: Incoming, news: Incoming, oldInputs?: Incoming): Promise<{ outs: Props; secrets: Set<string> }> {
  const kind = kindOf(typeOfUrn(urn));
  const r = await handle(kind, "update", [id, olds.props, { ...news.props, [IDENTITY_KEY]: urn }, oldInputs?.props]) as { outs: Props };
  return { outs: visible(r.outs), secrets: secretFields(kind, [...news.secrets, ...olds.secrets]) };
}

export async function remove(urn: string, id: string, olds: Incoming): Promise<void> {
  const kind = kindOf(typeOfUrn(urn));
  await handle(kind, "delete", [id, { ...olds.props, [IDENTITY_KEY]: urn }]);
}

// ----- functions ----------------------------------------------------------------------------------

export async function invoke(tok: string, args: Props): Promise<{ outputs?: Props; failures: Array<{ property: string; reason: string }> }> {
  const name = tok.startsWith(TYPE_PREFIX) ? tok.slice(TYPE_PREFIX.length) : "";
  const f = FUNCTIONS[name];
  if (!f) throw new Error(`polardb: unknown function "${tok}"; this provider has ${Object.keys(FUNCTIONS).map((k) => TYPE_PREFIX + k).join(", ")}`);
  const parsed = f.args.safeParse(args);
  if (!parsed.success) return { failures: parsed.error.issues.map((i) => ({ property: i.path.map(String).join("."), reason: i.message })) };
  const result = await f.run(parsed.data, (product, regionId) => {
    const s = resolveSettings(lookup);
    return { regionId: regionId ?? s.regionId, endpoint: product === "rds" ? s.rdsEndpoint : s.polardbEndpoint, credentials: s.credentials };
  });
  return { outputs: { [f.output.name]: plain(result) as unknown }, failures: [] };
}
