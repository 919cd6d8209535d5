/**
 * Scenario 7, the two faces side by side: `pulumi refresh` of the same fleet (clusters with
 * whitelist groups and accounts, 23 resources per cluster) through the dynamic classes (a Node.js
 * program) and through the provider plugin (a YAML program), 23 and 92 resources, on one emulator
 * in one run; and each face's start: the plugin process to its port line, the dynamic host's
 * start being part of scenario 5.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { benchProject, KEY, repo, stats, Stats, totalCalls } from "./harness";
import { fleetProgram } from "./programs";

const CLUSTER = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };

/** The same fleet as fleetProgram, as a YAML program's resources section. */
export function fleetYaml(clusters: number, perCluster: number): string {
  const lines = ["resources:"];
  const props = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  for (let k = 0; k < clusters; k++) {
    lines.push(`  c${k}:`, "    type: polardb:index:Cluster", "    properties:", ...props({ ...CLUSTER, description: `bench ${k}` }));
    for (let i = 1; i < perCluster; i++) {
      if (i % 2) lines.push(`  w${k}-${i}:`, "    type: polardb:index:Whitelist", "    properties:", `      dbClusterId: \${c${k}.id}`, ...props({ dbClusterIpArrayName: `g${i}`, securityIps: [`10.0.0.${i}`] }));
      else lines.push(`  a${k}-${i}:`, "    type: polardb:index:Account", "    properties:", `      dbClusterId: \${c${k}.id}`, ...props({ accountName: `u${i}`, accountPassword: "Bench-Passw0rd-1" }));
    }
  }
  return `${lines.join("\n")}\n`;
}

export interface FaceRow { face: "dynamic" | "plugin"; resources: number; refresh: Stats; callsPerResource: number }
export interface FacesResult { rows: FaceRow[]; pluginPortMs: Stats }

export async function facesScenario(opts: { scale: number; runs: number; clusterCounts: number[]; perCluster: number }): Promise<FacesResult> {
  const emu = await startEmulator({ port: 0, timeScale: opts.scale, accessKeys: [KEY] });
  const rows: FaceRow[] = [];
  try {
    for (const n of opts.clusterCounts) {
      for (const face of ["dynamic", "plugin"] as const) {
        const program = face === "plugin" ? fleetYaml(n, opts.perCluster) : fleetProgram(n, opts.perCluster);
        const p = await benchProject(`faces-${face}-${n}`, program, emu, { POLARDB_TIME_SCALE: String(opts.scale) }, face);
        try {
          await p.pulumi(["up", "--yes", "--skip-preview", "--parallel", "64"]);
          const times: number[] = [];
          let calls = 0;
          for (let i = 0; i < opts.runs; i++) {
            emu.resetCalls();
            times.push((await p.pulumi(["refresh", "--yes", "--skip-preview", "--parallel", "64"])).ms);
            calls = totalCalls(emu);
          }
          rows.push({ face, resources: n * opts.perCluster, refresh: stats(times), callsPerResource: calls / (n * opts.perCluster) });
          await p.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "64"]);
        } finally { p.remove(); }
      }
    }
    const port: number[] = [];
    for (let i = 0; i < Math.max(3, opts.runs); i++) port.push(await pluginPortMs());
    return { rows, pluginPortMs: stats(port) };
  } finally { await emu.close(); }
}

/** Milliseconds from spawning bin/pulumi-resource-polardb to its port line (it then waits for the engine). */
function pluginPortMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(path.join(repo, "bin", "pulumi-resource-polardb"), ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.once("data", () => { resolve(Number(process.hrtime.bigint() - t) / 1e6); child.kill(); });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the plugin exited ${code} before printing its port`)));
  });
}
