/**
 * A provider for check/diff tests: its API refuses every call and records it, so a test can
 * assert that validation and previews never reach the cloud. Progress lines are kept.
 */
import { makeProvider, Provider } from "../../provider/engine";
import type { ResourceSpec } from "../../provider/spec";

/** The one call check makes: read-only, once per process and region (provider/offer.ts). */
export const OFFER_QUESTION = "DescribeDBClusterAvailableResources";

export interface OfflineProvider {
  provider: Provider;
  /** Actions the provider tried to call (a check/diff test expects none), besides check's read-only question what the cloud sells. */
  calls: string[];
  /** How often check asked what the cloud sells (DescribeDBClusterAvailableResources; refused here, so the built-in tables judge). */
  offerQuestions: string[];
  lines: string[];
  /** check, expecting no failure; returns the inputs as the engine made them. */
  valid(raw: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** check, returning its failures (or [] when it passed). */
  failures(raw: Record<string, unknown>): Promise<Array<{ property: string; reason: string }>>;
}

export function offlineProvider(spec: ResourceSpec): OfflineProvider {
  const calls: string[] = [];
  const offerQuestions: string[] = [];
  const lines: string[] = [];
  const api = {
    request: async (action: string): Promise<never> => {
      (action === OFFER_QUESTION ? offerQuestions : calls).push(action);
      throw new Error(`no API call expected (${action})`);
    },
  };
  const provider = makeProvider(spec, { api: () => api, defaultRegion: () => "cn-hangzhou", progress: (l) => { lines.push(l); } });
  return {
    provider,
    calls,
    offerQuestions,
    lines,
    async valid(raw) {
      const r = await provider.check({}, raw);
      expect(r.failures ?? []).toEqual([]);
      return r.inputs as Record<string, unknown>;
    },
    async failures(raw) {
      return (await provider.check({}, raw)).failures ?? [];
    },
  };
}

/**
 * A provider whose API answers every call with `body`, parsed by the schema the engine passes,
 * as the real client does: for read tests over a fixed cloud state.
 */
export function answeringProvider(spec: ResourceSpec, body: unknown): Provider {
  const api = {
    request: async (_action: string, _params?: unknown, opts?: { schema?: { parse(v: unknown): unknown } }): Promise<any> =>
      (opts?.schema ? opts.schema.parse(structuredClone(body)) : structuredClone(body)),
  };
  return makeProvider(spec, { api: () => api, defaultRegion: () => "cn-hangzhou", progress: () => undefined });
}
