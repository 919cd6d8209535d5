/**
 * Asks the cloud what a region sells (DescribeDBClusterAvailableResources, read-only) for preview's
 * checks: once per client (one per region and endpoint) and pay type for the life of the provider
 * process, the answer or the failure kept. When the cloud cannot be asked (no credentials yet, no
 * network, a refusal), preview judges by the built-in tables instead and says so once per process.
 */
import { z } from "zod";
import { engineOf, Offer } from "../reference/offer";
import { isApiError } from "./errors";
import { availableZones } from "./available-shapes";
import type { Api } from "./spec";

/** A preview waits this long at most for the answer (retries of throttling included), once per process. */
const BUDGET_MS = 8_000;

const asked = new WeakMap<Api, Map<string, Promise<Offer | Error>>>();
let fallbackSaid = false;

function offerOf(r: z.output<typeof availableZones>, regionId: string, payType: string): Offer {
  return {
    regionId, payType,
    zones: r.AvailableZones.map((zone) => ({
      zoneId: zone.ZoneId,
      engines: zone.SupportedEngines.flatMap((e) => {
        const named = engineOf(e.Engine);
        return named ? [{ ...named, classes: e.AvailableResources.map((x) => x.DBNodeClass) }] : [];
      }),
    })),
  };
}

async function ask(api: Api, regionId: string, payType: string): Promise<Offer | Error> {
  try {
    const r = await api.request("DescribeDBClusterAvailableResources", { PayType: payType, RegionId: regionId },
      { schema: availableZones, timeoutMs: BUDGET_MS / 2, signal: AbortSignal.timeout(BUDGET_MS) });
    const offer = offerOf(r, regionId, payType);
    // An empty answer says nothing reliable about the catalogue (an account without access sees none).
    return offer.zones.some((z) => z.engines.length) ? offer : new Error("the answer lists no engine in any zone");
  } catch (e) {
    return asError(e);
  }
}

/** An abort's DOMException keeps its name (TimeoutError), which says what happened. */
function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  const named = e as { name?: unknown; message?: unknown } | undefined;
  return Object.assign(new Error(String(named?.message ?? e)), { name: typeof named?.name === "string" ? named.name : "Error" });
}

function why(err: Error): string {
  const aborted = [err.name, isApiError(err) ? err.code : ""].some((n) => n === "TimeoutError" || n === "AbortError");
  if (aborted) return `no answer within ${BUDGET_MS / 1000} s (the endpoint is unreachable or slow)`;
  if (!isApiError(err)) return err.message;
  return `${err.code}: ${err.cloudMessage}${err.requestId ? ` [RequestId: ${err.requestId}]` : ""}`;
}

/**
 * What the region sells for the pay type, or undefined when the cloud could not be asked (then
 * `say` hears why, once per process). `api` may throw (no credentials resolvable yet).
 */
export async function offerIn(api: () => Api, regionId: string, payType: string, say: (line: string) => void): Promise<Offer | undefined> {
  let answer: Offer | Error;
  try {
    const client = api();
    let perClient = asked.get(client);
    if (!perClient) asked.set(client, (perClient = new Map()));
    let pending = perClient.get(payType);
    if (!pending) perClient.set(payType, (pending = ask(client, regionId, payType)));
    answer = await pending;
  } catch (e) {
    answer = asError(e);
  }
  if (!(answer instanceof Error)) return answer;
  if (!fallbackSaid) {
    fallbackSaid = true;
    say(`preview could not ask the cloud what it sells (DescribeDBClusterAvailableResources in ${regionId}, ${payType}: ${why(answer)}); `
      + "engine versions and node classes were checked against the provider's built-in table (Alibaba Cloud SDK 9.2.1) instead. "
      + "Said once per run; set POLARDB_CATALOGUE_CHECKS=off to skip these checks.");
  }
  return undefined;
}
