/**
 * polardb-drift across a fleet, without the CLI: shard selection (stable, complete, disjoint),
 * bounded parallelism, one stack's failure next to another's drift, exit codes, merge
 * validation (other runs, missing or doubled shards, unreadable reports) and the four formats.
 */
import { checkAll, FleetError, fleetReport, mergeShards, parseShard, pickShard, shardOf, Target } from "../../drift/fleet";
import { formatFleet } from "../../drift/fleet-report";
import type { DriftReport } from "../../drift/model";

const target = (project: string, stack: string): Target => ({ project, cwd: `/p/${project}`, stack, key: `${project}/${stack}` });
const fleet = [...Array.from({ length: 30 }, (_, i) => target("payments", `env${i}`)), ...Array.from({ length: 20 }, (_, i) => target("orders", `env${i}`))];

function report(stack: string, drifted: boolean): DriftReport {
  const r = { urn: `urn:${stack}:wl`, kind: "Whitelist", type: "pulumi-nodejs:dynamic/polardb:Whitelist", name: "app", id: "pc-1:app", pulumiUp: drifted ? "update" : "same" };
  const res = drifted
    ? { ...r, status: "drifted" as const, fields: [{ field: "securityIps", old: ["10.0.0.1"], new: ["10.0.0.1", "10.9.9.9"] }] }
    : { ...r, status: "unchanged" as const, fields: [] };
  return {
    schemaVersion: 1, stack, drifted: drifted ? [res] : [], deleted: [], resources: [res],
    summary: { resources: 1, unchanged: drifted ? 0 : 1, drifted: drifted ? 1 : 0, deleted: 0, skipped: 0, exitCode: drifted ? 2 : 0 },
  };
}

describe("shards", () => {
  test("parseShard takes I/N with 1 ≤ I ≤ N", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShard("3/2")).toThrow(FleetError);
    expect(() => parseShard("1/0")).toThrow(/at least 1/);
  });

  test("the shards of a run are disjoint and cover every stack; sizes are balanced", () => {
    const parts = [1, 2, 3].map((index) => pickShard(fleet, { index, count: 3 }));
    const keys = parts.flat().map((t) => t.key).sort();
    expect(keys).toEqual(fleet.map((t) => t.key).sort());
    expect(new Set(keys).size).toBe(fleet.length);
    for (const p of parts) expect(p.length).toBeGreaterThan(8); // 50 stacks over 3: none starved
  });

  test("stable: adding or removing stacks moves no other stack to another shard", () => {
    const before = new Map(fleet.map((t) => [t.key, shardOf(t.key, 4)]));
    const grown = [...fleet, target("payments", "new1"), target("search", "prod")].filter((t) => t.key !== "orders/env3");
    for (const t of grown) if (before.has(t.key)) expect(shardOf(t.key, 4)).toBe(before.get(t.key));
  });
});

describe("checkAll", () => {
  test("at most `parallel` checks at once; results in target order; a failure is that stack's error only", async () => {
    let running = 0, peak = 0;
    const targets = fleet.slice(0, 9);
    const results = await checkAll(targets, 3, async (t) => {
      running++; peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + (t.key.length % 3)));
      running--;
      if (t.stack === "env4") throw new Error("stack \"env4\" does not exist in this project's backend");
      return report(t.stack, t.stack === "env2");
    });
    expect(peak).toBe(3);
    expect(results.map((r) => r.stack)).toEqual(targets.map((t) => t.stack));
    expect(results.find((r) => r.stack === "env4")).toMatchObject({ status: "error", error: expect.stringContaining("does not exist") });
    expect(results.find((r) => r.stack === "env2")?.status).toBe("drifted");
    const fr = fleetReport({ id: "run-1", targets }, results);
    // The failure does not hide the drift: both are in the report; the exit code says the check is incomplete.
    expect(fr.summary).toMatchObject({ stacks: 9, checked: 8, drifted: 1, failed: 1, clean: 7, resourcesDrifted: 1, exitCode: 1 });
  });

  test("exit codes: 0 without drift, 2 with drift, 1 when a stack could not be checked", async () => {
    const t = fleet.slice(0, 2);
    const clean = fleetReport({ id: null, targets: t }, await checkAll(t, 2, async (x) => report(x.stack, false)));
    expect(clean.summary.exitCode).toBe(0);
    const drift = fleetReport({ id: null, targets: t }, await checkAll(t, 2, async (x) => report(x.stack, x.stack === "env1")));
    expect(drift.summary.exitCode).toBe(2);
  });
});

describe("merge", () => {
  const targets = fleet.slice(0, 12);
  const shardReports = async (id: string | null, count = 3) => Promise.all([...Array(count).keys()].map(async (i) => {
    const shard = { index: i + 1, count };
    const mine = pickShard(targets, shard);
    const r = fleetReport({ id, targets, shard }, await checkAll(mine, 2, async (t) => report(t.stack, t.stack === "env5")));
    return { file: `shard-${i + 1}.json`, text: JSON.stringify(r) };
  }));

  test("three shards merge into the report of the whole run", async () => {
    const parts = await shardReports("github:42.1");
    const merged = mergeShards(parts);
    expect(merged.stacks.map((s) => s.stack).sort()).toEqual(targets.map((t) => t.stack).sort());
    expect(merged.run.shards).toEqual([1, 2, 3]);
    expect(merged.summary).toMatchObject({ stacks: 12, drifted: 1, failed: 0, exitCode: 2 });
    const whole = fleetReport({ id: "github:42.1", targets }, await checkAll(targets, 2, async (t) => report(t.stack, t.stack === "env5")));
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.stacks.map((s) => ({ ...s, durationMs: 0 }))).toEqual(whole.stacks.map((s) => ({ ...s, durationMs: 0 })));
  });

  test.each([
    ["a shard missing", async (p: any[]) => p.slice(0, 2), /shard 3 of 3 missing/],
    ["a shard twice", async (p: any[]) => [p[0], p[1], p[1]], /shard 2 is in both shard-2.json and shard-2.json/],
    ["another run's shard", async (p: any[], other: any[]) => [p[0], p[1], other[2]], /from run "github:43.1", shard-1.json from run "github:42.1"/],
    ["not JSON", async (p: any[]) => [p[0], { file: "broken.json", text: "{ not json" }], /broken.json is not JSON/],
    ["a single-stack report", async (p: any[]) => [p[0], { file: "one.json", text: JSON.stringify(report("x", false)) }], /one.json is not a polardb-drift fleet report/],
    ["nothing", async () => [], /at least one shard report/],
  ])("refuses %s, naming what is wrong", async (_name, pick, message) => {
    const parts = await shardReports("github:42.1");
    const other = await shardReports("github:43.1");
    const picked = await pick(parts, other);
    expect(() => mergeShards(picked)).toThrow(message as RegExp);
  });

  test("refuses shards made for different stack lists or shard counts", async () => {
    const three = await shardReports("r");
    const two = await shardReports("r", 2);
    expect(() => mergeShards([three[0], two[1]])).toThrow(/one of 2 shards, shard-1.json one of 3/);
    const fewer = JSON.parse(three[1].text);
    fewer.run.targets = fewer.run.targets.slice(1);
    expect(() => mergeShards([three[0], { file: "b.json", text: JSON.stringify(fewer) }, three[2]])).toThrow(/different lists of stacks/);
  });
});

describe("formats", () => {
  let fr: ReturnType<typeof fleetReport>;
  beforeAll(async () => {
    const targets = [target("orders", "prod"), target("orders", "staging"), target("payments", "prod")];
    fr = fleetReport({ id: "r", targets }, await checkAll(targets, 2, async (t) => {
      if (t.key === "payments/prod") throw new Error("pulumi preview --refresh failed for stack \"prod\": Client.ConnectionRefused");
      return report(t.stack, t.stack === "prod");
    }));
  });

  test("text: a headline, each stack with its drift, its error or no drift", () => {
    const t = formatFleet(fr, "text");
    expect(t.split("\n")[0]).toBe("polardb-drift: 3 stacks, 1 drifted (1 resource drifted, 0 deleted out of band), 1 could not be checked, 1 without drift");
    expect(t).toContain("== orders/prod: drift in 1 of 1 PolarDB resources: 1 drifted");
    expect(t).toContain('securityIps: ["10.0.0.1"] → ["10.0.0.1","10.9.9.9"]');
    expect(t).toContain("== orders/staging: no drift in 1 PolarDB resource");
    expect(t).toContain("== payments/prod: ERROR, not checked: pulumi preview --refresh failed");
  });

  test("json: the fleet report, each error naming its stack", () => {
    const j = JSON.parse(formatFleet(fr, "json"));
    expect(j).toMatchObject({ schemaVersion: 2, kind: "fleet", summary: { exitCode: 1 } });
    expect(j.stacks.find((s: any) => s.status === "error")).toMatchObject({ project: "payments", stack: "prod" });
  });

  test("markdown: a table of stacks, then the drifted stacks' details", () => {
    const m = formatFleet(fr, "markdown");
    expect(m).toContain("| `orders/prod` | :warning: drift | 1 | 1 | 0 |");
    expect(m).toContain("| `payments/prod` | :x: not checked:");
    expect(m).toContain("### `orders` / stack `prod`");
  });

  test("junit: one testsuite per stack; an unchecked stack is an error", () => {
    const x = formatFleet(fr, "junit");
    expect(x.match(/<testsuite /g)).toHaveLength(3);
    expect(x).toContain('<testsuites name="polardb-drift" tests="3" failures="1" errors="1">');
    expect(x).toContain('name="polardb-drift (payments/prod)" tests="1" failures="0" errors="1"');
  });
});

test("a resource that did not drift but that pulumi up would change reads as such, not as 'ok … update it'", () => {
  const r = report("prod", false);
  const affected = { ...r.resources[0], pulumiUp: "update", affected: true };
  const text = require("../../drift/report").format({ ...r, resources: [affected] }, "text") as string;
  expect(text).toContain("AFFECTED Whitelist app (pc-1:app) [not drifted itself; pulumi up would update it: an input changed");
  const md = require("../../drift/report").format({ ...r, resources: [affected] }, "markdown") as string;
  expect(md).toContain("| unchanged itself; an input changed |");
});
