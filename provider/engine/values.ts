/**
 * Small pure helpers every phase uses: the host's reserved keys stripped, JSON-equal comparison,
 * and how values and durations are printed in messages. No state, no spec.
 */
import { Props, UNKNOWN } from "../spec";

/** Inputs and outputs without the host's `__provider` (and other reserved keys) or undefined values. */
export function strip(p: Props | undefined): Props {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([k, v]) => !k.startsWith("__") && v !== undefined));
}

/** One message per field: a value that breaks two rules reads better as the first one. */
export function firstPerPath<T extends { path: readonly PropertyKey[] }>(issues: readonly T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = i.path.map(String).join(".");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function clean(p: Props): Props {
  return JSON.parse(JSON.stringify(p)) as Props;
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === UNKNOWN) return UNKNOWN; // everything below an unknown is unknown
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** JSON with sorted keys: equal data compares equal whatever the key order. */
export function canonical(v: unknown): string {
  if (v === undefined) return "undefined";
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : x));
}

export function show(v: unknown): string {
  return v === undefined ? "nothing" : JSON.stringify(v);
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return [h && `${h}h`, m && `${m}m`, (r || (!h && !m)) && `${r}s`].filter(Boolean).join("");
}
