/**
 * DescribeTasks' Remain: whole seconds at real speed (as the cloud sends it); millisecond
 * precision on a sped-up clock, where one wall second is minutes of emulated time and a whole
 * number would make every client land late (the benchmark's engine lag came from exactly that).
 */
import { createBackend } from "../../emulator/backend";
import type { DispatchRequest } from "../../emulator/backend-api";
import { manualClock } from "../../emulator/clock";

function remainAfter(timeScale: number, elapsedRealisticMs: number): number {
  const clock = manualClock(Date.UTC(2026, 0, 1), timeScale);
  const backend = createBackend({ clock, seed: 7 });
  const call = (action: string, params: Record<string, string>) => backend.dispatch({
    product: "polardb", action, version: "2017-08-01", params, accessKeyId: "k", requestId: "r",
  } as DispatchRequest) as any;
  const { DBClusterId } = call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h" });
  clock.advance(clock.scaled(elapsedRealisticMs));
  const tasks = call("DescribeTasks", { DBClusterId, StartTime: "2025-12-31T00:00Z", EndTime: "2026-01-02T00:00Z" }).Tasks.Task;
  return tasks[0].Remain;
}

test("real speed: whole seconds", () => {
  const r = remainAfter(1, 60_000);
  expect(Number.isInteger(r)).toBe(true);
  expect(r).toBeGreaterThan(100); // a ~5-minute create, one minute in
});

test("sped up: seconds of the wall clock with millisecond precision", () => {
  const r = remainAfter(0.01, 60_000); // the whole create takes ~3 s of wall time
  expect(Number.isInteger(r)).toBe(false);
  expect(r).toBeGreaterThan(1);
  expect(r).toBeLessThan(3);
});
