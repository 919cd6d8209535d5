/**
 * Drives createRdsPart directly (no HTTP): a manual clock, a seeded generator, a cluster table for
 * lookupCluster, and helpers that call an action the way the backend does and read errors back.
 */
import type { DispatchRequest, Product } from "../../emulator/backend-api";
import { manualClock } from "../../emulator/clock";
import { isEmulatorError } from "../../emulator/errors";
// "/index": the directory module, not a sibling file of the same name.
import { createRdsPart, DEFAULT_INSTANCES } from "../../emulator/rds/index";

export { DEFAULT_INSTANCES };
export const MINUTE = 60_000;
export const START = Date.UTC(2026, 0, 1);

export interface Cluster { DBClusterId: string; DBType: string; DBVersion: string; ZoneIds?: string }

export function seededRng(seed = 7): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function harness(opts: { timeScale?: number; clusters?: Cluster[] } = {}) {
  const clock = manualClock(START, opts.timeScale ?? 1);
  const clusters = new Map((opts.clusters ?? []).map((c) => [c.DBClusterId, c]));
  const part = createRdsPart({ clock, rng: seededRng(), lookupCluster: (id) => clusters.get(id) });
  const call = (product: Product) => (action: string, params: Record<string, string | number> = {}): any => {
    const table = part.actions[product];
    if (!Object.hasOwn(table, action)) throw new Error(`no ${product} action ${action}`);
    const req: DispatchRequest = {
      product, action, version: product === "rds" ? "2014-08-15" : "2017-08-01",
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      accessKeyId: "test-key", requestId: "00000000-0000-0000-0000-000000000000",
    };
    return table[action](req);
  };
  return { clock, part, clusters, rds: call("rds"), polardb: call("polardb") };
}

/** The error an action throws, as {code, status, message}; fails the test if it does not throw one. */
export function errorOf(run: () => unknown): { code: string; status: number; message: string } {
  try {
    run();
  } catch (e) {
    if (!isEmulatorError(e)) throw e;
    return { code: e.code, status: e.httpStatus, message: e.message };
  }
  throw new Error("expected an EmulatorError, but the action succeeded");
}

/** The documented RDS parameter errors (seeds 001/002). */
export const REQUIRED_PARAM = { code: "RequiredParam.NotFound", status: 400, message: "Required input param is not found." };
export const PARAMETERS_INVALID = { code: "Parameters.Invalid", status: 400, message: "Parameter error, please check the parameters." };

/** A valid CreateCloudMigrationTask request (seed 004's example, with a concrete address). */
export const MIGRATION = {
  DBInstanceName: DEFAULT_INSTANCES.target,
  SourceIpAddress: "172.16.10.20",
  SourcePort: "5432",
  SourceAccount: "migratetest",
  SourcePassword: "Src-Passw0rd!",
  SourceCategory: "ecsOnVpc",
};

/** Decodes the seed's double-escaped texts: `Detail` lines and the `ReplicationInfo` object. */
export const detailLines = (detail: string) => detail.split("\\n").slice(0, -1);
export const replicationInfo = (text: string): Record<string, string> => JSON.parse(text.replace(/\\"/g, '"'));
