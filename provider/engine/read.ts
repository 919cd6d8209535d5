/**
 * Reading the live state: the primary describe call (NotFound, no row or spec.gone → undefined,
 * i.e. gone), the enrichers that add fields other describe calls report, and the read operation
 * (refresh), which also brings registered window changes up to date.
 */
import type { dynamic } from "@pulumi/pulumi";
import { isNotFound } from "../errors";
import { SCHEDULED, scheduledOf } from "../scheduled";
import { Api, Key, Props } from "../spec";
import { EngineContext, engineStats } from "./context";
import { assemble } from "./outputs";
import { refreshScheduled } from "./planned";
import { strip } from "./values";

export async function readPrimary(ctx: EngineContext, api: Api, key: Key, prior: Props): Promise<Props | undefined> {
  const { spec } = ctx;
  engineStats.probes++;
  let response: unknown;
  try {
    response = await api.request(spec.read.action, spec.read.params?.(key) ?? spec.id.params(key), { schema: spec.read.response });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const row = spec.read.pick ? spec.read.pick(response, key) : response;
  if (row === undefined || row === null) return undefined;
  const live = spec.read.outputs(row, key, prior);
  return spec.gone?.(live) ? undefined : live;
}

/** The primary read (or the one given) with every enricher that applies. */
export async function readFull(ctx: EngineContext, api: Api, key: Key, prior: Props, primary?: Props): Promise<Props | undefined> {
  const { spec } = ctx;
  const live = primary ?? (await readPrimary(ctx, api, key, prior));
  if (!live) return undefined;
  let out = { ...live };
  for (const extra of spec.read.enrich ?? []) {
    if (extra.when && !extra.when(live)) continue;
    try {
      const r = await api.request(extra.action, extra.params?.(key) ?? spec.id.params(key), { schema: extra.response });
      out = { ...out, ...extra.outputs(r, key, live, prior) };
    } catch (err) {
      if (!isNotFound(err)) throw err; // a race with deletion: the primary read decides
    }
  }
  return out;
}

export async function read(ctx: EngineContext, id: string, propsRaw: Props | undefined): Promise<dynamic.ReadResult> {
  const { spec, apiIn } = ctx;
  const props = strip(propsRaw ?? {});
  const key = spec.id.parse(id);
  const regionId = ctx.regionOf(props);
  const live = await readFull(ctx, apiIn(regionId), key, props);
  if (!live) return {};
  const outs = assemble(ctx, live, key, props, regionId, props);
  const records = await refreshScheduled(ctx, apiIn(regionId), key, scheduledOf(props), live);
  if (records.length) outs[SCHEDULED] = records;
  return { id, props: outs };
}
