/**
 * The emulator in-process: `const emu = await startEmulator({ port: 0, timeScale: 0.001 })`,
 * then `emu.url`, `emu.calls()`, `emu.setFaults(spec)`, `emu.faultsServed()`, `await emu.close()`.
 * Default access key pair: emulator-ak / emulator-secret.
 */
import * as fs from "node:fs";
import type { AccessKey } from "./auth";
import { createBackend } from "./backend";
import type { Backend } from "./backend-api";
import { Clock, systemClock } from "./clock";
import { FaultInjector, FaultSpec, FaultsServed } from "./faults";
import { fireScheduleTask, holdScheduleTasks } from "./polardb/schedule-tasks";
import { startServer } from "./server";

export { createBackend } from "./backend";
export { manualClock, systemClock } from "./clock";
export type { Clock } from "./clock";
export { parseFaults } from "./faults";
export type { FaultKind, FaultsServed } from "./faults";

export const DEFAULT_ACCESS_KEY: AccessKey = { id: "emulator-ak", secret: "emulator-secret" };

export interface EmulatorOptions {
  host?: string;
  port?: number;
  accessKeys?: Array<{ id: string; secret: string; securityToken?: string }>;
  timeScale?: number;
  clock?: Clock;
  /** Loaded at start if the file exists; written by close() and save(). */
  stateFile?: string;
  faults?: string | FaultSpec;
  seed?: number;
  log?: (line: string) => void;
}

export interface Emulator {
  url: string;
  port: number;
  backend: Backend;
  calls(): Record<string, number>;
  resetCalls(): void;
  /** Rotates the accepted access keys: only these are accepted from the next request on. */
  setAccessKeys(keys: Array<{ id: string; secret: string; securityToken?: string }>): void;
  setFaults(spec: string | FaultSpec | undefined): void;
  /** The faults served since the start or the last resetFaultsServed(), per action and kind (a drop: applied, answer lost). */
  faultsServed(): FaultsServed;
  resetFaultsServed(): void;
  /** Scheduled tasks registered from now on wait (neither fire nor expire) until fireScheduleTask; `false` ends that for later ones. */
  holdScheduleTasks(hold?: boolean): void;
  /** Opens a pending scheduled task's window now: the change starts at the next request. */
  fireScheduleTask(taskId: string): void;
  save(file?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  const clock = opts.clock ?? systemClock(opts.timeScale ?? 1);
  const backend = createBackend({ clock, seed: opts.seed });
  if (opts.stateFile && fs.existsSync(opts.stateFile)) backend.load(JSON.parse(fs.readFileSync(opts.stateFile, "utf8")));
  const faults = new FaultInjector(opts.faults);
  const server = await startServer({ host, port: opts.port ?? 0, accessKeys: opts.accessKeys ?? [DEFAULT_ACCESS_KEY], backend, faults, log: opts.log });
  const save = async (file = opts.stateFile) => {
    if (!file) return;
    const tmp = `${file}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(backend.save(), null, 1));
    await fs.promises.rename(tmp, file);
  };
  return {
    url: server.url, port: server.port, backend,
    calls: server.calls, resetCalls: server.resetCalls, setAccessKeys: server.setAccessKeys,
    setFaults: (spec) => faults.set(spec),
    faultsServed: () => faults.servedCounts(),
    resetFaultsServed: () => faults.resetServed(),
    holdScheduleTasks: (hold = true) => holdScheduleTasks(clock, hold),
    fireScheduleTask: (taskId) => fireScheduleTask(backend.data(), clock, taskId),
    save,
    close: async () => { await server.close(); await save(); },
  };
}
