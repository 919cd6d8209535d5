/**
 * The outputs Pulumi stores: the live values, the id's parts, what the program set that the
 * cloud does not report (local and unread inputs, timeouts), the region, and for each secret
 * (write-only input) a digest instead of the value, so a later diff can tell whether it changed.
 */
import { digestMatches, digestOf, DIGESTS } from "../secret-digest";
import { Key, Props, UNKNOWN } from "../spec";
import { EngineContext } from "./context";
import { clean } from "./values";

export function assemble(ctx: EngineContext, live: Props, key: Key, carried: Props, regionId: string, previous: Props = {}): Props {
  const { spec, local, unread, writeOnly } = ctx;
  const outs: Props = { ...live };
  for (const p of spec.id.parts) if (outs[p] === undefined) outs[p] = key[p];
  for (const f of [...local, ...unread, "timeouts"]) if (carried[f] !== undefined) outs[f] = carried[f];
  for (const f of writeOnly) delete outs[f];
  const digests: Props = {};
  for (const f of writeOnly) {
    const before = (previous[DIGESTS] as Props | undefined)?.[f];
    const secret = carried[f];
    if (typeof secret === "string" && secret !== UNKNOWN) digests[f] = digestMatches(before, secret) ? before : digestOf(secret);
    else if (typeof before === "string") digests[f] = before;
  }
  if (Object.keys(digests).length) outs[DIGESTS] = digests;
  outs.regionId = regionId;
  return clean(outs);
}
