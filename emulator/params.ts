/** Reading wire parameters with the seed's rules; every failure is the documented error. */
import { codes } from "./codes";

export type Params = Record<string, string>;

export function required(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === "") throw codes.missingParameter(name);
  return v;
}

export function optional(p: Params, name: string): string | undefined {
  const v = p[name];
  return v === undefined || v === "" ? undefined : v;
}

export function oneOf<T extends string>(p: Params, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const v = optional(p, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw codes.invalidParameter(name);
  return v as T;
}

export function int(p: Params, name: string, min: number, max: number, fallback?: number): number | undefined {
  const v = optional(p, name);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw codes.invalidParameter(name);
  const n = Number(v);
  if (n < min || n > max) throw codes.invalidParameter(name);
  return n;
}

export function bool(p: Params, name: string, fallback?: boolean): boolean | undefined {
  const v = optional(p, name);
  if (v === undefined) return fallback;
  if (/^(true|1)$/i.test(v)) return true;
  if (/^(false|0)$/i.test(v)) return false;
  throw codes.invalidParameter(name);
}

/** `Name.1.Field`, `Name.2.Field`… back into an array of objects (1-based, in index order). */
export function list(p: Params, prefix: string): Array<Record<string, string>> {
  const rows = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(p)) {
    const m = k.startsWith(prefix + ".") ? /^(\d+)(?:\.(.+))?$/.exec(k.slice(prefix.length + 1)) : null;
    if (!m) continue;
    const i = Number(m[1]);
    if (i < 1) throw codes.invalidParameter(k);
    const row = rows.get(i) ?? {};
    row[m[2] ?? ""] = v;
    rows.set(i, row);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/** A description: 2–256 characters, not starting with http:// or https://. */
export function description(p: Params, name: string): string | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if ([...v].length < 2 || [...v].length > 256 || /^https?:\/\//i.test(v)) throw codes.invalidParameter(name);
  return v;
}

export function paging(p: Params): { pageNumber: number; pageSize: number } {
  const pageNumber = int(p, "PageNumber", 1, 2 ** 31 - 1, 1)!;
  const size = optional(p, "PageSize");
  const pageSize = size === undefined ? 30 : Number(size);
  if (![30, 50, 100].includes(pageSize)) throw codes.invalidParameter("PageSize");
  return { pageNumber, pageSize };
}

export function page<T>(items: T[], pg: { pageNumber: number; pageSize: number }): T[] {
  return items.slice((pg.pageNumber - 1) * pg.pageSize, pg.pageNumber * pg.pageSize);
}

/** `YYYY-MM-DDThh:mm[:ss]Z` (the seed prints both forms) → epoch ms. */
export function time(p: Params, name: string, isRequired: boolean): number | undefined {
  const v = isRequired ? required(p, name) : optional(p, name);
  if (v === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(v);
  if (!m) throw codes.invalidParameter(name);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
