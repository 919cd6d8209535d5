/**
 * Reading wire parameters (strings) with an API's rules. One reader, two error policies:
 * the RDS seeds (001/002) list `RequiredParam.NotFound` and `Parameters.Invalid` for every
 * parameter problem (004 points to the same RDS error centre); PolarDB documents
 * `MissingParameter`, `Invalid<Name>.ValueNotSupported` and `Invalid<Name>.Malformed`.
 */
import type { EmulatorError } from "../errors";
import { polardbErrors, rdsError } from "./errors";

export interface ParamErrorPolicy {
  missing(name: string): EmulatorError;
  /** a value outside an enumeration or a range */
  unsupported(name: string): EmulatorError;
  /** a value of the wrong shape (not an integer, not JSON, bad pattern) */
  malformed(name: string): EmulatorError;
}

export const RDS_RULES: ParamErrorPolicy = {
  missing: () => rdsError("requiredParam"),
  unsupported: () => rdsError("parametersInvalid"),
  malformed: () => rdsError("parametersInvalid"),
};

export const POLARDB_RULES: ParamErrorPolicy = {
  missing: polardbErrors.missingParameter,
  unsupported: polardbErrors.valueNotSupported,
  malformed: polardbErrors.malformed,
};

export const INT32_MAX = 2 ** 31 - 1;

export interface IntRange { min: number; max: number }

export type ParamReader = ReturnType<typeof readParams>;

export function readParams(raw: Record<string, string>, rules: ParamErrorPolicy) {
  /** An empty value counts as absent, as the gateway treats `Name=`. */
  const optional = (name: string, pattern?: RegExp): string | undefined => {
    const v = raw[name];
    if (v === undefined || v === "") return undefined;
    if (pattern && !pattern.test(v)) throw rules.malformed(name);
    return v;
  };
  const required = (name: string, pattern?: RegExp): string => {
    const v = optional(name, pattern);
    if (v === undefined) throw rules.missing(name);
    return v;
  };
  const toInt = (name: string, v: string, range: IntRange): number => {
    if (!/^\d{1,16}$/.test(v)) throw rules.malformed(name);
    const n = Number(v);
    if (n < range.min || n > range.max) throw rules.unsupported(name);
    return n;
  };
  const optionalChoice = <T extends string>(name: string, values: readonly T[]): T | undefined => {
    const v = optional(name);
    if (v !== undefined && !(values as readonly string[]).includes(v)) throw rules.unsupported(name);
    return v as T | undefined;
  };
  return {
    optional,
    required,
    optionalInt(name: string, range: IntRange, fallback?: number): number | undefined {
      const v = optional(name);
      return v === undefined ? fallback : toInt(name, v, range);
    },
    requiredInt(name: string, range: IntRange): number {
      return toInt(name, required(name), range);
    },
    optionalChoice,
    requiredChoice<T extends string>(name: string, values: readonly T[]): T {
      const v = optionalChoice(name, values);
      if (v === undefined) throw rules.missing(name);
      return v;
    },
    /** For checks that need more than one parameter or a computed rule. */
    reject(name: string, kind: "unsupported" | "malformed" = "unsupported"): never {
      throw rules[kind](name);
    },
  };
}

/** The page of `items` that `pageNumber`/`pageSize` select (1-based; past the end is empty). */
export function pageOf<T>(items: readonly T[], pageNumber: number, pageSize: number): T[] {
  return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}
