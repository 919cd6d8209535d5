/**
 * The one implementation of the provider's check/diff/create/read/update/delete, driven by a
 * ResourceSpec: resource files describe, the engine does. The only caller of the waiter and the
 * cluster lock. makeProvider builds the per-spec context (context.ts) once and hands it to the
 * module of each operation:
 *
 *   check.ts   zod → CheckFailure[] (field path + what is allowed); unknowns pass. The one API
 *              call: what the cloud sells (spec.offerCheck, read-only, once per process and region).
 *   diff.ts    managed fields only, normalised; create-only → replaces; unknown → changed. Serves
 *              `up` (stored outputs vs inputs) and refresh (live outputs vs last inputs) alike.
 *   create.ts  lock → create call with a ClientToken (create-once.ts, adopt.ts) → wait ready →
 *              converge what the create call cannot set (tags, maintenance window, …). After the
 *              id exists, failures are reported as a partial create, so Pulumi records the resource.
 *   read.ts    the live state; gone → {} (Pulumi drops the resource).
 *   update.ts  one group of fields at a time, in spec order: call, wait, verify the live value
 *              (mutate.ts); or registered for a maintenance window (planned.ts).
 *   delete.ts  deletion protection; a state the cloud will not delete (a subscription): changed
 *              first with the opt-in, else left in the cloud with a warning → call (NotFound =
 *              done) → wait until gone (wait.ts).
 *
 * Shared by them: inputs.ts (parsing), outputs.ts (what is stored, secret digests), reveal.ts
 * (KMS-encrypted secrets), mutate.ts (lock + busy retry), wait.ts (ready, gone, converge, task
 * hints), cluster-probes.ts, values.ts, errors.ts.
 */
import { Props, ResourceSpec } from "../spec";
import { check } from "./check";
import { contextOf, EngineDeps, Provider } from "./context";
import { create } from "./create";
import { deleteResource } from "./delete";
import { diff } from "./diff";
import { read } from "./read";
import { update } from "./update";

export type { ApiProduct, EngineDeps, Provider } from "./context";
export { engineStats } from "./context";
export { changedFields } from "./diff";
export { PartialCreateError, ResourceFailedError } from "./errors";
export { canonical, formatMs } from "./values";

export function makeProvider(spec: ResourceSpec, deps: EngineDeps): Provider {
  const ctx = contextOf(spec, deps);
  return {
    check: (olds, news) => check(ctx, olds, news),
    /** oldInputs: the inputs of the last change, where the face has them (the plugin). */
    diff: (id, olds, news, oldInputs?: Props) => diff(ctx, id, olds, news, oldInputs),
    create: (inputs) => create(ctx, inputs),
    read: (id, props) => read(ctx, id, props),
    update: (id, olds, news, oldInputs?: Props) => update(ctx, id, olds, news, oldInputs),
    delete: (id, olds) => deleteResource(ctx, id, olds),
  };
}
