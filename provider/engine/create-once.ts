/**
 * One create call that knows what an earlier attempt made: an object that already exists as
 * declared is taken over, an answer lost after the call is looked for in the cloud, a call the
 * answer does not name is found among the newcomers (discover), and a replayed stable
 * ClientToken's object is judged alive and nobody else's (replayVerdict).
 */
import { classify } from "../errors";
import { isTaken } from "../identity";
import { mayBeApplied } from "../retry";
import { Api, Key, Props } from "../spec";
import { waitFor } from "../waiter";
import { EngineContext, fullTuning } from "./context";
import { mutate } from "./mutate";
import { readPrimary } from "./read";
import { outageGuard, TRANSIENT } from "./wait";
import { messageOf } from "./values";

export interface CreateOutcome {
  /** Id parts from the answer or the listing. */
  assigned: Record<string, string>;
  /** Why an existing object was taken over instead of made (a progress line). */
  adopted?: string;
  /** The named object existed before the call (a replayed token, or a lost answer earlier). */
  preexisting: boolean;
}

/** The id's parts: those assigned by the cloud over those the inputs give. */
export function keyOf(ctx: EngineContext, assigned: Record<string, string>, inputs: Props): Key {
  return Object.fromEntries(ctx.spec.id.parts.flatMap((p) => {
    const v = { ...inputs, ...assigned }[p];
    return v === undefined ? [] : [[p, String(v)]];
  }));
}

/** Every readable field the program sets has the live value: what this create would have made. */
function matchesInputs(ctx: EngineContext, live: Props, inputs: Props): boolean {
  const { spec, writeOnly, unread, same } = ctx;
  // The id's parts named the object that was read; the rest must be as declared.
  return ctx.managed.every((f) => inputs[f] === undefined || spec.id.parts.includes(f) || writeOnly.has(f) || unread.has(f) || same(f, live[f], inputs[f]));
}

/**
 * One create call under the cluster's lock, with what comes before and after it:
 *   - a resource named by its inputs that already exists exactly as declared was made by an
 *     earlier attempt (a lost answer, a killed run) and is taken over without a call; one that
 *     differs is someone else's: refused where the call would overwrite it (refuseExisting),
 *     else the cloud answers (…Duplicate). With a stable ClientToken the call itself decides
 *     (a replay answers OK, someone else's object a Duplicate), so it is made anyway;
 *   - a resource the answer does not name (discover) is listed first: a listed object that
 *     matches the inputs in full (spec.create.discover.recognise) and is nobody's is taken over;
 *   - an answer lost after the call may have been applied: a named resource is looked up (it did
 *     not exist before the call, so finding it means the call was applied) and the call is made
 *     again if it is absent; a discovered one is searched for among the newcomers.
 */
export async function createOnce(ctx: EngineContext, api: Api, known: Partial<Key>, inputs: Props, identity: string | undefined, token: string | undefined, deadlineAt: number): Promise<CreateOutcome> {
  const { spec, clock, label } = ctx;
  const discover = spec.create.discover;
  const named = spec.id.parts.every((p) => known[p] !== undefined);
  return mutate(ctx, api, known, deadlineAt, spec.create.action, async () => {
    let preexisting = false;
    let before = new Set<string>();
    if (named) {
      const existing = await readPrimary(ctx, api, known as Key, inputs);
      if (existing) {
        preexisting = true;
        const id = spec.id.format(known);
        if (!token || !spec.create.clientToken || !identity) {
          if (matchesInputs(ctx, existing, inputs) && !isTaken(spec.kind, identity, id)) {
            // A setting every cluster has (a backup policy) was not made by anyone: say what is true.
            const setting = "leaves" in spec.delete || spec.delete.restoresDefault === true;
            return { assigned: {}, adopted: setting ? "the cloud already holds these settings exactly as declared; nothing was changed" : "found it already exactly as declared (made by an earlier attempt of this resource whose answer was lost or whose run was interrupted)", preexisting };
          }
          if (spec.create.refuseExisting) {
            throw new Error(`${label(id)} already exists with other settings and is not managed by this stack; creating it would overwrite it. `
              + `Choose another name, remove it first, or take it under management with \`adopt: "${id}"\` (then what differs is changed in place). `
              + "An object holding exactly the declared settings is taken over as this resource's own without asking.");
          }
        }
      }
    } else if (discover) {
      const items = discover.items(await api.request(discover.list.action, discover.list.params?.(known as Key) ?? spec.id.params(known), { schema: discover.list.response }));
      before = new Set(items.map(discover.idOf));
      const own = items.find((it) => discover.recognise?.(it, inputs) && !isTaken(spec.kind, identity, spec.id.format(keyOf(ctx, discover.assigns(it), inputs))));
      if (own) return { assigned: discover.assigns(own), adopted: "found it already listed exactly as declared (made by an earlier attempt of this resource whose answer was lost or whose run was interrupted)", preexisting: true };
    }
    // A setting that exists already, with nothing declared for this call: the update groups converge the rest.
    if (named && preexisting && spec.create.when && !spec.create.when(inputs as never)) return { assigned: {}, preexisting };
    const params = { ...spec.id.params(known), ...spec.create.params(inputs), ...(token ? { ClientToken: token } : {}) };
    for (let tries = 1; ; tries++) {
      try {
        const answer = await api.request(spec.create.action, params, { schema: spec.create.response });
        const assigned = { ...spec.create.assigns?.(answer, inputs), ...(discover ? await discoverNew(ctx, api, known as Key, inputs, before, deadlineAt) : {}) };
        return { assigned, preexisting };
      } catch (err) {
        // Only a failure after which the call may have been carried out is looked into; and a
        // call with a ClientToken was already repeated by the client, safely.
        if (!mayBeApplied(err) || (token && !discover)) throw err;
        if (discover) {
          const found = await discoverNew(ctx, api, known as Key, inputs, before, Math.min(deadlineAt, clock.now() + ctx.convergeGraceMs)).catch(() => undefined);
          if (!found) throw err;
          return { assigned: found, adopted: `the answer to ${spec.create.action} was lost (${messageOf(err)}), but the new resource is listed`, preexisting: false };
        }
        if (!named || preexisting) throw err;
        const now = await readPrimary(ctx, api, known as Key, inputs).catch(() => undefined);
        if (now) return { assigned: {}, adopted: `the answer to ${spec.create.action} was lost (${messageOf(err)}), but the call was carried out`, preexisting: false };
        if (tries >= 4) throw err;
        ctx.remark(`${label(spec.id.format(known))}: the answer to ${spec.create.action} was lost (${messageOf(err)}) and it does not exist: the call was not carried out; sending it again (attempt ${tries + 1} of 4)`);
      }
    }
  });
}

/** After a create with a stable token: is what the answer names alive, and nobody else's here? */
export async function replayVerdict(ctx: EngineContext, api: Api, key: Key, inputs: Props, identity: string | undefined): Promise<"usable" | "gone" | "taken"> {
  const { spec } = ctx;
  if (isTaken(spec.kind, identity, spec.id.format(key))) return "taken";
  const t = fullTuning(ctx.deps);
  // A fresh object is listed at once; give a slow listing a few looks before calling it gone.
  let absent = 0;
  for (let look = 1; absent < 3; look++) {
    const live = await readPrimary(ctx, api, key, inputs).catch((err) => {
      if (TRANSIENT.has(classify(err)) && look < 10) return "unknown" as const;
      throw err;
    });
    if (live && live !== "unknown") return spec.failed?.(live) ? "gone" : "usable";
    if (live === undefined) absent++;
    if (absent < 3) await ctx.clock.sleep(t.minDelayMs);
  }
  return "gone";
}

/** The object a create call made without naming it: the newcomer in the listing (spec.create.discover). */
async function discoverNew(ctx: EngineContext, api: Api, key: Key, inputs: Props, before: Set<string>, deadlineAt: number): Promise<Record<string, string>> {
  const { spec, deps, clock } = ctx;
  const d = spec.create.discover!;
  let found: any;
  const outage = outageGuard(ctx, api, `${spec.kind} on ${spec.cluster(key) ?? "its cluster"}`);
  const r = await waitFor<any[]>({
    probe: async () => {
      const items = d.items(await api.request(d.list.action, d.list.params?.(key) ?? spec.id.params(key), { schema: d.list.response }));
      outage.answered();
      return items;
    },
    judge: (items) => {
      found = items.find((it) => !before.has(d.idOf(it)) && (d.matches?.(it, inputs) ?? true));
      return found ? { done: true } : { pending: "the new resource is not listed yet" };
    },
    timeoutMs: deadlineAt - clock.now(),
    tuning: deps.tuning,
    clock,
    random: deps.random,
    isTransient: outage.isTransient,
  });
  if (r.state !== "done") throw new Error(`${spec.kind}: ${spec.create.action} answered OK, but the new resource never appeared in ${d.list.action}`);
  return d.assigns(found);
}
