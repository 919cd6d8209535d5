/**
 * The benchmarks cannot rot: every scenario of `npm run bench` runs here at a tiny scale (the
 * real CLI where the scenario uses it) and produces its figures. No time is asserted: only that
 * each figure exists and is a sane number.
 */
import { convergeScenario } from "../../bench/converge";
import { driftFleetScenario } from "../../bench/drift-fleet";
import { programScenario, providerStartScenario, refreshScenario, scaleScenario } from "../../bench/programs";
import { removeInstalledModules } from "../../bench/harness";

afterAll(removeInstalledModules);

jest.setTimeout(15 * 60_000);

const positive = (x: number) => expect(Number.isFinite(x) && x > 0).toBe(true);

test("converge: engine, Terraform-like and fixed 5 s pollers for a create, a node add and a class change", async () => {
  const rows = await convergeScenario({ scale: 0.002, runs: 1 });
  expect(rows.map((r) => `${r.change}|${r.waiter}`).sort()).toEqual([
    "class change|Terraform-like", "class change|engine", "class change|fixed 5 s",
    "cluster create|Terraform-like", "cluster create|engine", "cluster create|fixed 5 s",
    "node add|Terraform-like", "node add|engine", "node add|fixed 5 s",
  ]);
  for (const r of rows) { positive(r.ratio.median); positive(r.calls.median); }
  // Every waiter returned with the change made (no time asserted: the cloud's state after it returned).
  expect(rows.filter((r) => !r.changeDone).map((r) => `${r.change}|${r.waiter}`)).toEqual([]);
});

test("programs, scale, refresh and provider start with the real CLI", async () => {
  const programs = await programScenario({ scale: 0.002, runs: 1, sizes: [11] });
  expect(programs.map((r) => r.waiter)).toEqual(["engine", "Terraform-like"]);
  for (const r of programs) { positive(r.up.median); positive(r.upCritical.median); positive(r.destroyRatio.median); positive(r.callsPerResource.median); }
  const scale = await scaleScenario({ scale: 0.002, counts: [2], perCluster: 2 });
  expect(scale).toHaveLength(1);
  positive(scale[0].ratio);
  const refresh = await refreshScenario({ scale: 0.002, runs: 1, clusterCounts: [1], perCluster: 3 });
  expect(refresh[0].resources).toBe(3);
  positive(refresh[0].refresh.median); positive(refresh[0].drift.median); positive(refresh[0].emptyRefresh.median);
  const start = await providerStartScenario({ runs: 1 });
  positive(start.startToFirstCallMs.median); positive(start.oursMs.median);
  expect(start.providerBytesPerResource).toBeGreaterThan(100);
  expect(start.providerBytesPerResource).toBeLessThan(10_000);
});

test("drift-fleet: polardb-drift --all over two stacks", async () => {
  const figures = await driftFleetScenario({ stacks: [2], parallel: [2], resourcesPerStack: 1 });
  expect(figures).toHaveLength(1);
  expect(figures[0]).toMatchObject({ stacks: 2, parallel: 2, exitCode: 0 });
  positive(figures[0].wallMs);
});
