/**
 * `npm run bench [-- SCENARIO...] [-- --json FILE]`: figures, never assertions. Scenarios:
 *   converge     one cluster create, node add and class change: engine vs Terraform-like vs fixed 5 s
 *   programs     11- and 23-resource programs on one cluster: up/destroy over the critical path
 *   scale        1, 5, 20 clusters in one up: over one cluster's critical path
 *   refresh      pulumi refresh and polardb-drift of 20 and 100 resources
 *   start        provider start to first API call; __provider bytes per resource
 *   drift-fleet  polardb-drift --all over growing numbers of stacks and --parallel
 *   faces        refresh of 23 and 92 resources through the dynamic classes and the provider plugin
 * Everything at one time scale: the emulator's durations AND every poller's intervals are
 * multiplied by it, so the ratios are those of real time. Medians, minimum and maximum over
 * repeats are printed as one table and written as JSON (bench/results.json, or --json FILE).
 * Knobs: BENCH_TIME_SCALE (0.01), BENCH_PROGRAM_SCALE (0.03), BENCH_RUNS (3), and the
 * drift-fleet ones (BENCH_FLEET_STACKS, BENCH_FLEET_PARALLEL, BENCH_FLEET_RESOURCES).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { convergeScenario } from "./converge";
import { driftFleetScenario, printFleetFigures } from "./drift-fleet";
import { repo, Stats } from "./harness";
import { facesScenario } from "./faces";
import { programScenario, providerStartScenario, refreshScenario, scaleScenario } from "./programs";

export const SCENARIOS = ["converge", "programs", "scale", "refresh", "start", "drift-fleet", "faces"] as const;

const num = (name: string, d: number) => Number(process.env[name] ?? d);
const list = (name: string, d: string) => (process.env[name] ?? d).split(",").map(Number).filter((x) => x > 0);
const f2 = (s: Stats) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runBench(wanted: string[], log: (l: string) => void = (l) => process.stderr.write(`bench: ${l}\n`)): Promise<Record<string, unknown>> {
  const want = (s: string) => wanted.length === 0 || wanted.includes(s);
  const scale = num("BENCH_TIME_SCALE", 0.01);
  const programScale = num("BENCH_PROGRAM_SCALE", 0.03);
  const runs = num("BENCH_RUNS", 3);
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), scale, programScale, runs, node: process.version };
  const out: string[] = [];

  if (want("converge")) {
    log("converge: cluster create, node add, class change");
    const rows = await convergeScenario({ scale, runs });
    results.converge = rows;
    out.push(`1. One change, time scale ${scale}, ${runs} runs: wall / the emulator's transition time (median (min–max)), API calls, real seconds past the transition`);
    out.push("   change          waiter           ratio                 API calls   past (s)");
    for (const r of rows) out.push(`   ${r.change.padEnd(15)} ${r.waiter.padEnd(16)} ${f2(r.ratio).padEnd(21)} ${String(r.calls.median).padStart(9)}   ${r.pastSeconds.median.toFixed(1).padStart(7)}`);
  }
  if (want("programs")) {
    log("programs: 11 and 23 resources on one cluster, engine and Terraform-like");
    const rows = await programScenario({ scale: programScale, runs: Math.min(runs, num("BENCH_PROGRAM_RUNS", 1)), sizes: [11, 23] });
    results.programs = rows;
    out.push(`2. Whole programs, real pulumi up/destroy, time scale ${programScale}: wall / the cluster's critical path (the sum of its serialised changes)`);
    out.push("   program                   waiter           up       critical  up ratio  up − critical  destroy  destroy ratio  calls/resource");
    for (const r of rows) out.push(`   ${r.program.padEnd(25)} ${r.waiter.padEnd(16)} ${sec(r.up.median).padStart(7)}  ${sec(r.upCritical.median).padStart(7)}  ${r.upRatio.median.toFixed(2).padStart(8)}  ${sec(r.up.median - r.upCritical.median).padStart(13)}  ${sec(r.destroy.median).padStart(7)}  ${r.destroyRatio.median.toFixed(2).padStart(13)}  ${r.callsPerResource.median.toFixed(1).padStart(14)}`);
  }
  if (want("scale")) {
    log("scale: 1, 5, 20 clusters in one up");
    const rows = await scaleScenario({ scale, counts: list("BENCH_SCALE_CLUSTERS", "1,5,20"), perCluster: 3 });
    results.scale = rows;
    out.push(`3. Scale, one pulumi up, time scale ${scale}, 3 resources per cluster: wall / one cluster's critical path`);
    out.push("   clusters  resources  up        one cluster  ratio  calls/resource");
    for (const r of rows) out.push(`   ${String(r.clusters).padStart(8)}  ${String(r.resources).padStart(9)}  ${sec(r.up).padStart(7)}  ${sec(r.oneCritical).padStart(11)}  ${r.ratio.toFixed(2).padStart(5)}  ${r.callsPerResource.toFixed(1).padStart(14)}`);
  }
  if (want("refresh")) {
    log("refresh: 20 and 100 resources");
    const rows = await refreshScenario({ scale, runs, clusterCounts: list("BENCH_REFRESH_CLUSTERS", "1,5"), perCluster: 20 });
    results.refresh = rows;
    out.push(`4. Refresh, ${runs} runs: pulumi refresh and polardb-drift wall time (median (min–max)); an empty stack's refresh is the CLI's own start`);
    out.push("   resources  clusters  refresh                 polardb-drift           empty refresh       calls/resource");
    for (const r of rows) {
      const s = (x: Stats) => `${sec(x.median)} (${(x.min / 1000).toFixed(1)}–${(x.max / 1000).toFixed(1)})`;
      out.push(`   ${String(r.resources).padStart(9)}  ${String(r.clusters).padStart(8)}  ${s(r.refresh).padEnd(22)}  ${s(r.drift).padEnd(22)}  ${s(r.emptyRefresh).padEnd(18)}  ${r.callsPerResource.toFixed(2).padStart(14)}`);
    }
  }
  if (want("start")) {
    log("start: provider start and __provider size");
    const r = await providerStartScenario({ runs: Math.max(3, runs) });
    results.start = r;
    out.push(`5. Provider start: process start to first API call ${r.startToFirstCallMs.median} ms (min ${r.startToFirstCallMs.min}, max ${r.startToFirstCallMs.max}), of which ours `
      + `(runtime load, credentials, endpoint) ${r.oursMs.median} ms (min ${r.oursMs.min}, max ${r.oursMs.max}); serialized __provider ${r.providerBytesPerResource} bytes per resource`);
  }
  if (want("drift-fleet")) {
    log("drift-fleet: polardb-drift --all over many stacks");
    const figures = await driftFleetScenario({
      stacks: list("BENCH_FLEET_STACKS", "4,8"), parallel: list("BENCH_FLEET_PARALLEL", "1,4"),
      resourcesPerStack: num("BENCH_FLEET_RESOURCES", 10), log,
    });
    results.driftFleet = figures;
    printFleetFigures(figures);
  }
  if (want("faces")) {
    log("faces: refresh of 23 and 92 resources, dynamic classes and provider plugin");
    const r = await facesScenario({ scale, runs, clusterCounts: list("BENCH_FACES_CLUSTERS", "1,4"), perCluster: 23 });
    results.faces = r;
    out.push(`7. The two faces, ${runs} runs: pulumi refresh wall time (median (min–max)), and its growth from the smallest fleet`);
    out.push("   face      resources  refresh                 × smallest  calls/resource");
    for (const row of r.rows) {
      const base = r.rows.find((x) => x.face === row.face)!;
      const s = (x: Stats) => `${sec(x.median)} (${(x.min / 1000).toFixed(1)}–${(x.max / 1000).toFixed(1)})`;
      out.push(`   ${row.face.padEnd(8)}  ${String(row.resources).padStart(9)}  ${s(row.refresh).padEnd(22)}  ${(row.refresh.median / base.refresh.median).toFixed(2).padStart(10)}  ${row.callsPerResource.toFixed(2).padStart(14)}`);
    }
    out.push(`   plugin start (process to port line): ${r.pluginPortMs.median.toFixed(0)} ms (min ${r.pluginPortMs.min.toFixed(0)}, max ${r.pluginPortMs.max.toFixed(0)})`);
  }
  if (out.length) console.log(out.join("\n"));
  return results;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const j = argv.indexOf("--json");
  const file = j >= 0 ? path.resolve(argv[j + 1] ?? "") : path.join(repo, "bench", "results.json");
  const wanted = argv.filter((_a, i) => j < 0 || (i !== j && i !== j + 1));
  for (const w of wanted) if (!(SCENARIOS as readonly string[]).includes(w)) { console.error(`unknown scenario "${w}" (one of ${SCENARIOS.join(", ")})`); process.exit(1); }
  runBench(wanted)
    .then((results) => { fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`); console.log(`figures written to ${file}`); })
    .catch((e) => { console.error(e); process.exit(1); });
}
