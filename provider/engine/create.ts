/**
 * create: the lock, the create call with a ClientToken (stable per resource where the answer
 * names the object, walking token generations past objects that are gone or already managed),
 * the wait until ready, then what the create call cannot set (tags, maintenance window, …)
 * converges through the update groups. After the id exists, a failure is reported as a partial
 * create, so Pulumi records the resource.
 */
import { claim, IDENTITY_KEY, stableToken } from "../identity";
import { SECRET_PARAM } from "../scrub";
import { ADOPT, Key, Props } from "../spec";
import { adoptExisting, takeExisting } from "./adopt";
import { EngineContext } from "./context";
import { createOnce, CreateOutcome, keyOf, replayVerdict } from "./create-once";
import { PartialCreateError, ResourceFailedError } from "./errors";
import { parseInputs } from "./inputs";
import { applyGroup } from "./mutate";
import { assemble } from "./outputs";
import { readFull, readPrimary } from "./read";
import { reveal, sendsEncrypted } from "./reveal";
import { messageOf, strip } from "./values";
import { settle, waitUntil } from "./wait";

/** Token generations a create walks before it gives up (each dead one is a destroyed earlier incarnation). */
const MAX_GENERATIONS = 50;

export async function create(ctx: EngineContext, raw: Props | undefined): Promise<{ id: string; outs: Props }> {
  const { spec, clock, label, remark, writeOnly, unread, same } = ctx;
  const identity = typeof raw?.[IDENTITY_KEY] === "string" ? raw[IDENTITY_KEY] as string : undefined;
  const inputs = parseInputs(ctx, strip(raw));
  const regionId = ctx.regionOf(inputs);
  const api = ctx.apiIn(regionId);
  const deadlineAt = ctx.deadline("create", inputs);
  const startedAt = clock.now();
  const known: Partial<Key> = Object.fromEntries(spec.id.parts.filter((p) => typeof inputs[p] === "string").map((p) => [p, inputs[p] as string]));
  // Stable tokens where the create call answers with the object (its id, or the name the inputs
  // give); an object the answer does not name (a custom endpoint) is recognised by content.
  const stable = spec.create.clientToken === true && identity !== undefined && !spec.create.discover;
  const tokenParams = Object.fromEntries(Object.entries(spec.create.params(inputs)).filter(([k]) => !SECRET_PARAM.test(k)));

  let outcome: CreateOutcome;
  let key: Key;
  /** The inputs with encrypted secrets decrypted: for the calls only, never stored. */
  let sendable: Props | undefined;
  const adoptId = typeof inputs[ADOPT] === "string" ? inputs[ADOPT] as string : undefined;
  if (adoptId) {
    key = spec.id.parse(adoptId);
    outcome = await adoptExisting(ctx, api, key, inputs, identity, regionId);
  } else if (spec.create.takes) {
    outcome = await takeExisting(ctx, api, known, inputs, identity);
    key = keyOf(ctx, outcome.assigned, inputs);
  } else for (let generation = 0; ; generation++) {
    const token = !spec.create.clientToken ? undefined : stable ? stableToken(identity!, spec.kind, tokenParams, generation) : ctx.newToken();
    outcome = await createOnce(ctx, api, known, sendable ??= await reveal(ctx, regionId, () => spec.id.format(known), inputs), identity, token, deadlineAt);
    key = keyOf(ctx, outcome.assigned, inputs);
    if (!stable || outcome.adopted) break;
    // A replayed token answers with what it made then: use it only if it is alive and not the
    // object this resource already has (a replacement), else walk on to the next generation.
    const verdict = await replayVerdict(ctx, api, key, inputs, identity);
    if (verdict === "usable") break;
    if (generation + 1 >= MAX_GENERATIONS) throw new Error(`${spec.kind}: ${MAX_GENERATIONS} ClientToken generations of ${spec.create.action} answered with objects that are gone or already managed; this needs a person: please report it`);
    // A gone one is the usual case after a destroy: not worth a line. A replacement's is.
    if (verdict === "taken") remark(`${label(spec.id.format(key))}: ${spec.create.action} with this resource's ClientToken (generation ${generation}) answered with the object this resource replaces; creating with the next generation`);
  }
  const id = spec.id.format(key);
  claim(spec.kind, id);
  if (outcome.adopted) remark(`${label(id)}: ${outcome.adopted}; continuing with it`);
  else if (stable && outcome.preexisting) remark(`${label(id)}: it already existed and this resource's ClientToken answered with it: an earlier attempt of this resource made it (its answer was lost or its run interrupted); continuing with it`);
  // Taken over from an earlier attempt: secrets (a password changed since) are applied again.
  const recovered = outcome.adopted !== undefined || outcome.preexisting;

  let live: Props = {};
  try {
    live = await waitUntil(ctx, api, id, key, "create", deadlineAt, { tasksSince: spec.tasks ? startedAt : undefined, prior: inputs });
    if (spec.settleCluster) {
      await settle(ctx, api, key, deadlineAt);
      live = (await readPrimary(ctx, api, key, inputs)) ?? live; // what the cluster's change left
    }
    // What the create call cannot set (tags, maintenance window, deletion lock …) converges now.
    // Fields only a further describe reports (a MySQL time zone, a renewal) are read with it
    // first, so what the create call set already is not set twice.
    const convergeable = (spec.update ?? []).flatMap((g) => g.fields).filter((f) => inputs[f] !== undefined && !writeOnly.has(f) && !unread.has(f));
    if (convergeable.some((f) => live[f] === undefined)) live = (await readFull(ctx, api, key, inputs, live)) ?? live;
    for (const group of spec.update ?? []) {
      // Unread fields went with the create call and cannot be compared: not sent twice.
      // A taken object got no create call: its unread fields are sent now.
      const off = group.fields.filter((f) => inputs[f] !== undefined && (writeOnly.has(f)
        ? recovered
        : unread.has(f) ? spec.create.takes !== undefined : !same(f, live[f], inputs[f])));
      if (off.length) live = await applyGroup(ctx, api, id, key, group, off, sendsEncrypted(ctx, group) ? sendable ??= await reveal(ctx, regionId, () => id, inputs) : inputs, live, deadlineAt);
    }
    const full = (await readFull(ctx, api, key, inputs, live)) ?? live;
    return { id, outs: assemble(ctx, full, key, inputs, regionId) };
  } catch (err) {
    if (spec.create.keepOnFailure === false && err instanceof ResourceFailedError) throw err;
    // Record what exists: the last observed state, and the create-only values that were sent
    // (so the next `up` does not mistake the unobserved for a change that needs a replacement).
    const observed = (await readPrimary(ctx, api, key, inputs).catch(() => undefined)) ?? live;
    const sent = Object.fromEntries(spec.replaceOn.filter((f) => inputs[f] !== undefined).map((f) => [f, inputs[f]]));
    throw new PartialCreateError(id, assemble(ctx, { ...sent, ...observed }, key, inputs, regionId), [messageOf(err)]);
  }
}
