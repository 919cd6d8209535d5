/**
 * A Running cluster on the in-process emulator for the tests of the resources that live on one,
 * created through the Cluster spec (as a program would), and the fast polling those tests use.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import type { TestEmulator } from "./emulator";

/** Polling for an emulator at time scale 0.001 (a 3-minute node create takes ~180 ms). */
export const FAST = { firstDelayMs: 5, minDelayMs: 5, maxDelayMs: 40, lastProbeMarginMs: 5, progressAfterMs: 60, progressEveryMs: 60 };

export const CLASS = { PostgreSQL: "polar.pg.x4.medium", MySQL: "polar.mysql.x4.medium" } as const;
const VERSION = { PostgreSQL: "11", MySQL: "8.0" } as const;

/** Creates a cluster and waits until it is Running; returns its id. */
export async function runningCluster(dbType: "PostgreSQL" | "MySQL" = "PostgreSQL", description = "fixture"): Promise<string> {
  const p = makeProvider(clusterSpec, runtimeDeps({ tuning: FAST, progress: () => undefined }));
  const inputs = (await p.check({}, { dbType, dbVersion: VERSION[dbType], dbNodeClass: CLASS[dbType], zoneId: "cn-hangzhou-h", description })).inputs;
  return (await p.create(inputs)).id;
}

/** The emulator's whole state (clusters with their nodes, accounts, … as the cloud model holds them). */
export function cloud(emu: TestEmulator): any {
  return emu.emulator.backend.save();
}

export const describeCluster = (emu: TestEmulator, id: string) => emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });

/** The provider's check of raw inputs, which must pass: the checked inputs (defaults applied). */
export async function checkedInputs(provider: Provider, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await provider.check({}, raw);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as Record<string, unknown>;
}
