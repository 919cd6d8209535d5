/**
 * The fault suite's steps, for either face (faults.e2e runs them on the dynamic classes,
 * plugin-faults.e2e on the provider plugin): what the emulator holds, the seeded fates of the
 * calls made, one up/preview/destroy cycle under a fault spec, and `pulumi up` killed and resumed
 * as the README tells a user.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FaultKind, FaultsServed } from "../../emulator";
import { FaultInjector } from "../../emulator/faults";
import { dynamicToken, pluginToken } from "../../provider/type-tokens";
import type { E2eStack } from "./e2e-stack";
import type { CliResult, Project } from "./pulumi-cli";
import { toolchainDir } from "./pulumi-cli";

export interface Inventory {
  clusters: number; readers: number; accounts: number; databases: number; groups: number; endpoints: number; publics: number;
  parameterGroups: number; globalIpGroups: number;
}
export const EMPTY: Inventory = { clusters: 0, readers: 0, accounts: 0, databases: 0, groups: 0, endpoints: 0, publics: 0, parameterGroups: 0, globalIpGroups: 0 };

/** What the emulator holds: clusters (not being released), per cluster its resources, and the region's templates. */
export function inventory(stack: E2eStack): Inventory {
  const state: any = stack.emulator.backend.save();
  const clusters = Object.values<any>(state.clusters).filter((c) => c.DBClusterStatus !== "Deleting");
  const sum = (f: (c: any) => number) => clusters.reduce((n, c) => n + f(c), 0);
  return {
    clusters: clusters.length,
    readers: sum((c) => c.nodes.filter((n: any) => n.DBNodeRole === "Reader").length),
    accounts: sum((c) => c.accounts.length),
    databases: sum((c) => c.databases.length),
    groups: sum((c) => c.ipGroups.filter((g: any) => g.DBClusterIPArrayName !== "default" && g.SecurityIps !== "").length),
    endpoints: sum((c) => c.endpoints.filter((e: any) => e.EndpointType === "Custom").length),
    publics: sum((c) => c.endpoints.reduce((n: number, e: any) => n + e.AddressItems.filter((a: any) => a.NetType === "Public").length, 0)),
    parameterGroups: (state.parameterGroups ?? []).length,
    globalIpGroups: (state.globalIpGroups ?? []).length,
  };
}

/** faults.e2e's program: 2 clusters, 11 resources each (its own reader per cluster, one of everything else). */
export const EXPECTED_22: Inventory = { ...EMPTY, clusters: 2, readers: 4, accounts: 2, databases: 2, groups: 4, endpoints: 2, publics: 2 };
/** The call that creates each of the 22 resources, per action (a whitelist group and the settings resources create with a setter). */
export const CREATE_CALLS_22: Record<string, number> = {
  CreateDBCluster: 2, CreateDBNodes: 2, CreateAccount: 2, CreateDatabase: 2, CreateDBClusterEndpoint: 2, CreateDBEndpointAddress: 2,
  ModifyDBClusterAccessWhitelist: 4, ModifyDBClusterParameters: 2, ModifyDBClusterAuditLogCollector: 2, ModifyBackupPolicy: 2,
};
/** The call that deletes each of them: 18 (ClusterParameters and BackupPolicy leave their settings, with no call). */
export const DELETE_CALLS_22: Record<string, number> = {
  DeleteDBCluster: 2, DeleteDBNodes: 2, DeleteAccount: 2, DeleteDatabase: 2, DeleteDBClusterEndpoint: 2, DeleteDBEndpointAddress: 2,
  ModifyDBClusterAccessWhitelist: 4, ModifyDBClusterAuditLogCollector: 2,
};
/** The creates with a ClientToken: after k destroyed cycles on one emulator, each walks k dead generations first. */
const TOKEN_CREATES = ["CreateDBCluster", "CreateDBNodes", "CreateAccount"];

/** The fault spec that loses the first answer of each distinct create and delete request. */
export const firstAnswersLost = (creates: Record<string, number>, deletes: Record<string, number>) =>
  [...new Set([...Object.keys(creates), ...Object.keys(deletes)])].map((a) => `${a}:drop=#1/request`).join(";");

/**
 * The answers such a cycle's up loses: each create call's once; a ClientToken of an earlier
 * (destroyed) cycle answers with its dead object and the provider moves on to the next
 * generation, so each of those requests loses its answer once too.
 */
export function createAnswersLost(creates: Record<string, number>, earlierCycles: number): FaultsServed {
  return dropsOf({ ...creates, ...Object.fromEntries(TOKEN_CREATES.map((a) => [a, creates[a] * (earlierCycles + 1)])) });
}

export const sum = (xs: Record<string, number | undefined>) => Object.values(xs).reduce<number>((a, b) => a + (b ?? 0), 0);
/** The faults of one kind served over all actions. */
export const served = (s: FaultsServed, kind: FaultKind) => sum(Object.fromEntries(Object.entries(s).map(([a, k]) => [a, k[kind]])));
export const dropsOf = (calls: Record<string, number>): FaultsServed => Object.fromEntries(Object.entries(calls).map(([a, n]) => [a, { drop: n }]));

/**
 * What the spec's seeded fates are for calls 1..n of each action, given how many calls each
 * action had: the n-th call of an action meets the same fate on every run (whatever the order of
 * the parallel calls), so for faults served at once (throttle, 5xx, reset) this is exactly what
 * the emulator served.
 */
export function fatesOf(spec: string, calls: Record<string, number>): FaultsServed {
  const f = new FaultInjector(spec);
  const out: FaultsServed = {};
  for (const [action, n] of Object.entries(calls)) {
    for (let i = 0; i < n; i++) {
      const d = f.decide(action);
      if (d) { const k = (out[action] ??= {}); k[d.kind] = (k[d.kind] ?? 0) + 1; }
    }
  }
  return out;
}

export interface Phase { calls: Record<string, number>; served: FaultsServed; stdout: string }

/**
 * One up (then a preview that must show no changes) and one destroy; each starts the fault spec,
 * the call counts and the tally afresh. `expected`: the resources the up creates and what the
 * emulator then holds; `secret` must be in neither state export.
 */
export async function cycle(stack: E2eStack, opts: { faults?: string; created: number; expected: Inventory; secret: string }): Promise<{ up: Phase; destroy: Phase; figures: Record<string, unknown> }> {
  const { project } = stack;
  const begin = () => { stack.emulator.setFaults(opts.faults); stack.emulator.resetCalls(); stack.emulator.resetFaultsServed(); };
  const phase = (stdout: string): Phase => ({ calls: stack.emulator.calls(), served: stack.emulator.faultsServed(), stdout });
  try {
    begin();
    const upRun = await project.pulumi(["up", "--yes", "--skip-preview", "--parallel", "16"]);
    const up = phase(upRun.stdout);
    expect(upRun.stdout).toMatch(new RegExp(`\\+ ${opts.created + 1} created`)); // and the stack
    expect(inventory(stack)).toEqual(opts.expected);
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect(JSON.stringify(await project.exportStack())).not.toContain(opts.secret);
    begin();
    const destroyRun = await project.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
    const destroy = phase(destroyRun.stdout);
    expect(inventory(stack)).toEqual(EMPTY);
    expect(JSON.stringify(await project.exportStack())).not.toContain(opts.secret);
    const tally = (p: Phase) => Object.fromEntries((["throttle", "5xx", "reset", "drop"] as const).map((k) => [k, served(p.served, k)]));
    const figures = { upRuns: 1, destroyRuns: 1, upCalls: sum(up.calls), destroyCalls: sum(destroy.calls), upServed: tally(up), destroyServed: tally(destroy) };
    return { up, destroy, figures };
  } finally {
    stack.emulator.setFaults(undefined);
  }
}

/** Process groups of processes started for project `dir` (named in their command line, or running in it): its plugins. */
export function pluginGroupsOf(dir: string): number[] {
  const groups = new Set<number>();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const named = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir) || fs.readlinkSync(`/proc/${pid}/cwd`) === dir;
      if (!named) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgid > 1 && pgid !== process.pid) groups.add(pgid);
    } catch { /* gone meanwhile */ }
  }
  const self = fs.readFileSync("/proc/self/stat", "utf8");
  groups.delete(Number(self.slice(self.lastIndexOf(")") + 2).split(" ")[2])); // never this test's own group
  return [...groups];
}

/** `pulumi up` as its own process group, killed with `signal` (the whole group) once `when` holds. */
export async function upKilledWhen(project: Project, when: () => boolean, signal: NodeJS.Signals = "SIGKILL", group = true): Promise<CliResult> {
  const child = spawn(path.join(toolchainDir(), "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => { stdout += d; });
  child.stderr.on("data", (d) => { stderr += d; });
  const closed = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  const deadline = Date.now() + 120_000;
  while (!when() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(when()).toBe(true);
  if (group) process.kill(-child.pid!, signal); else child.kill(signal);
  const code = await closed;
  // The CLI starts each plugin in a process group of its own, so a group kill leaves the
  // provider process running (as a user's kill -9 would); end the ones this run started.
  if (signal === "SIGKILL") for (const pgid of pluginGroupsOf(project.dir)) { try { process.kill(-pgid, "SIGKILL"); } catch { /* gone */ } }
  return { code, stdout, stderr };
}

/** The type token of a kind on a face, as the CLI prints it in a URN. */
export const typeToken = (project: Project, kind: string) => project.face === "plugin" ? pluginToken(kind) : dynamicToken(kind);

/**
 * `pulumi up` after a run killed while creating `killed` (kind and name), as the README tells a
 * user: the stack is locked and the CLI says so; `pulumi cancel` removes the lock; the next up
 * warns of the operation the killed run left pending and finishes it. Pulumi keeps the pending
 * create in the state (later runs repeat the warning) until `pulumi refresh
 * --clear-pending-creates` drops it. After a SIGINT (`killed` undefined) Pulumi finished cleanly: no lock.
 */
export async function upAfterKill(project: Project, projectName: string, killed?: { kind: string; name: string }): Promise<CliResult> {
  let up = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
  const pendingWarning = "warning: Attempting to deploy or update resources with 1 pending operations from previous deployment.";
  if (killed) {
    expect({ failed: up.code !== 0, said: up.stdout + up.stderr }).toEqual({ failed: true, said: expect.stringContaining("the stack is currently locked") });
    await project.pulumi(["cancel", "--yes"]);
    up = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(up.stdout).toContain(pendingWarning);
    expect(up.stdout).toContain(`* urn:pulumi:e2e::${projectName}::${typeToken(project, killed.kind)}::${killed.name}, interrupted while creating`);
  }
  if (up.code !== 0) throw new Error(`up after the kill failed:\n${up.stdout}\n${up.stderr}`);
  expect(up.stdout).not.toMatch(/error:/);
  if (killed) {
    expect((await project.pulumi(["up", "--yes", "--skip-preview"])).stdout).toContain(pendingWarning); // still in the state
    await project.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    expect((await project.pulumi(["up", "--yes", "--skip-preview"])).stdout).not.toContain("pending operations");
  }
  return up;
}
