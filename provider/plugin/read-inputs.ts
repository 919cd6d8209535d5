/**
 * The inputs of a resource read from its id alone (`pulumi import`): the input fields the live
 * outputs carry, as Check normalises them, without what a read cannot know (write-only secrets,
 * provider-local settings, values no describe returns) — so that the program generated from them
 * passes Check and plans no change. A field Check refuses is left out (the program may set it).
 */
import { COMMON_FIELDS, Props, ResourceSpec } from "../spec";
import { ADOPT } from "../spec";
import type { Provider } from "../engine";

type Check = Provider["check"];

export function candidateInputs(spec: ResourceSpec, outputs: Props): Props {
  const skip = new Set<string>([...(spec.writeOnly ?? []), ...(spec.local ?? []), ...(spec.unread ?? []), ADOPT, ...COMMON_FIELDS.filter((f) => f !== "regionId")]);
  const fields = Object.keys(spec.inputs.shape);
  return Object.fromEntries(fields.filter((f) => !skip.has(f) && outputs[f] !== undefined && outputs[f] !== null).map((f) => [f, outputs[f]]));
}

/** Check's inputs for the candidate; fields Check refuses are dropped, one round per refusal (bounded). */
export async function importInputs(spec: ResourceSpec, outputs: Props, check: Check): Promise<Props> {
  let inputs = candidateInputs(spec, outputs);
  for (let round = 0; round < 10; round++) {
    const r = await check({}, inputs);
    const refused = (r.failures ?? []).map((f) => String(f.property).split(".")[0]).filter((f) => f in inputs);
    if (!r.failures?.length) return defaultsDropped(spec, r.inputs as Props, inputs);
    if (!refused.length) return inputs; // a failure about the whole resource: keep what was read
    inputs = Object.fromEntries(Object.entries(inputs).filter(([f]) => !refused.includes(f)));
  }
  return inputs;
}

/** Defaults Check filled in that the cloud did not report stay out (the generated program stays short). */
function defaultsDropped(spec: ResourceSpec, checked: Props, given: Props): Props {
  return Object.fromEntries(Object.entries(checked).filter(([f]) => !f.startsWith("__") && (f in given || !(f in spec.inputs.shape))));
}
