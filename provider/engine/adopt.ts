/**
 * Taking an existing object under management instead of creating one: `adopt: "<id>"` (the
 * program names it) and spec.create.takes (the object came with its parent). Neither changes
 * anything in the cloud here; what differs converges in place after, as after a create.
 */
import { isTaken } from "../identity";
import { Api, Key, Props } from "../spec";
import { EngineContext } from "./context";
import { CreateOutcome, keyOf } from "./create-once";
import { replacing } from "./diff";
import { readPrimary } from "./read";

/**
 * `adopt: "<id>"`: the object exists; take it under management instead of creating one. What
 * cannot change in place must already be as declared (adopting never replaces or deletes);
 * the rest converges in place, as after a create. Secrets (a password) are set to the declared ones.
 */
export async function adoptExisting(ctx: EngineContext, api: Api, key: Key, inputs: Props, identity: string | undefined, regionId: string): Promise<CreateOutcome> {
  const { spec, label, same } = ctx;
  const id = spec.id.format(key);
  const live = await readPrimary(ctx, api, key, inputs);
  if (!live || spec.gone?.(live) || ctx.isGoing(live)) {
    throw new Error(`${label(id)}: adopt names ${id}, which does not exist in region ${regionId}${live ? ` (it is ${spec.status(live) ?? "being deleted"})` : ""}. `
      + "Check the id and the region (regionId, polardb:region), or remove adopt to create a new one.");
  }
  if (isTaken(spec.kind, identity, id)) throw new Error(`${label(id)}: adopt names ${id}, which another resource of this program already manages; adopt it once.`);
  const changed = ctx.managed.filter((f) => inputs[f] !== undefined && live[f] !== undefined && !same(f, live[f], inputs[f]));
  const differs = replacing(ctx, changed, live, inputs);
  if (differs.length) {
    throw new Error(`${label(id)}: not adopted, because ${differs.map((f) => `${f} is ${JSON.stringify(live[f])} in the cloud but ${JSON.stringify(inputs[f])} in the program`).join("; ")}. `
      + `${differs.length > 1 ? "These cannot" : "This cannot"} change in place, so managing it as declared would replace (delete) it. Declare the cloud's value${differs.length > 1 ? "s" : ""} to adopt it as it is; nothing was changed.`);
  }
  return { assigned: key, adopted: `adopted ${id} (adopt); what differs from the program is changed in place now`, preexisting: true };
}

/**
 * spec.create.takes: the object came with its parent; find it and take it under management,
 * no call that changes anything. One resource of this program per object.
 */
export async function takeExisting(ctx: EngineContext, api: Api, known: Partial<Key>, inputs: Props, identity: string | undefined): Promise<CreateOutcome> {
  const { spec, label } = ctx;
  const takes = spec.create.takes!;
  const r = await api.request(spec.create.action, { ...spec.id.params(known), ...spec.create.params(inputs) }, { schema: spec.create.response, idempotent: true });
  const item = takes.items(r).find((it) => takes.pick(it, inputs));
  if (!item) throw new Error(`${spec.kind}: ${takes.missing(known)}`);
  const assigned = takes.assigns(item);
  const id = spec.id.format(keyOf(ctx, assigned, inputs));
  if (isTaken(spec.kind, identity, id)) throw new Error(`${label(id)}: another ${spec.kind} resource of this program already manages it; declare it once.`);
  return { assigned, adopted: `took ${id} under management (it comes with its cluster); what differs from the program is changed in place now`, preexisting: true };
}
