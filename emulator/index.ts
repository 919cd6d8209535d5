/**
 * The emulator in-process: `const emu = await startEmulator({ port: 0, timeScale: 0.001 })`,
 * then `emu.url`, `emu.calls()`, `emu.setFaults(spec)`, `emu.faultsServed()`, `await emu.close()`.
 * Tests observe transitions instead of racing them: `emu.history({ clusterId })` lists the status
 * changes applied, `const h = emu.hold({ clusterId, kind })` keeps a transition (a cluster stays
 * Switching) until `h.release()` (see history.ts); a `clock: manualClock(...)` steps the clock.
 * Default access key pair: emulator-ak / emulator-secret.
 * STS: `roles`, `oidcProviders`, `stsTtlSeconds`, `instanceRole` (see emulator/sts.ts for how the
 * official @alicloud/credentials reaches it); `emu.stsEndpoint` is the host:port to give it and
 * `emu.tlsCertificate` the certificate to trust.
 * KMS (2016-01-20, emulator/kms.ts): CreateKey, Encrypt, Decrypt, DisableKey, EnableKey, on the same
 * port (ALIBABA_CLOUD_KMS_ENDPOINT=emu.url); keys live as long as the process.
 */
import * as fs from "node:fs";
import type { AccessKey } from "./auth";
import { createBackend } from "./backend";
import type { Backend } from "./backend-api";
import { Clock, systemClock } from "./clock";
import { createMetadataService } from "./metadata";
import type { Hold, HistoryFilter, StatusChange, TransitionMatch } from "./history";
import { FaultInjector, FaultSpec, FaultsServed } from "./faults";
import { fireScheduleTask, holdScheduleTasks } from "./polardb/schedule-tasks";
import { KmsService } from "./kms";
import { startServer } from "./server";
import { OidcProvider, parseRoleSpec, RoleSpec, StsService } from "./sts";
import { selfSignedIdentity, TlsIdentity } from "./tls";

export { createBackend } from "./backend";
export { manualClock, systemClock } from "./clock";
export type { Clock } from "./clock";
export { parseFaults } from "./faults";
export { parseOidcProviderSpec, parseRoleSpec } from "./sts";
export type { OidcProvider, RoleSpec } from "./sts";
export type { Hold, HistoryFilter, StatusChange, StatusObject, TransitionMatch } from "./history";
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
  /** Roles STS can issue sessions for: ARNs, `--role` specs, or RoleSpec objects. */
  roles?: Array<string | RoleSpec>;
  /** OIDC providers AssumeRoleWithOIDC trusts. */
  oidcProviders?: OidcProvider[];
  /** Caps every STS lifetime, in seconds of real time (default: the DurationSeconds asked). */
  stsTtlSeconds?: number;
  /** The role name the emulated ECS instance has (a registered role), served by the metadata paths. */
  instanceRole?: string;
  /** Hardened metadata mode: IMDSv1 off, every metadata GET needs a token. */
  metadataTokenRequired?: boolean;
  /** The TLS key and certificate of the port (default: a fresh self-signed one). */
  tls?: TlsIdentity;
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
  /** host:port, what @alicloud/credentials' `stsEndpoint` takes (it always speaks https). */
  stsEndpoint: string;
  /** The temporary credentials STS issued and still remembers (tests check that none leaks). */
  stsSessions(): Array<{ accessKeyId: string; accessKeySecret: string; securityToken: string; expiresAt: number }>;
  /** PEM certificate of the port's TLS side: trust it to reach STS over https. */
  tlsCertificate: string;
  /** The PolarDB status changes applied so far (cluster, node, account, database, endpoint), oldest first; bounded, not saved. */
  history(filter?: HistoryFilter): StatusChange[];
  /** Keeps the matching transitions, and the later ones of their cluster, queued until `release()`d. */
  hold(match: TransitionMatch): Hold;
  /** Releases every hold. */
  release(): void;
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
  const kms = new KmsService(clock);
  const backend = createBackend({ clock, seed: opts.seed, kmsKeyState: (id, owner) => kms.keyState(id, owner) });
  if (opts.stateFile && fs.existsSync(opts.stateFile)) backend.load(JSON.parse(fs.readFileSync(opts.stateFile, "utf8")));
  const faults = new FaultInjector(opts.faults);
  let keys = opts.accessKeys ?? [DEFAULT_ACCESS_KEY];
  const sts = new StsService({
    clock, ttlSeconds: opts.stsTtlSeconds, oidcProviders: opts.oidcProviders,
    roles: (opts.roles ?? []).map((r) => (typeof r === "string" ? parseRoleSpec(r) : r)),
    ownerKeyId: () => keys[0]?.id ?? DEFAULT_ACCESS_KEY.id,
  });
  if (opts.instanceRole && !sts.roleNames().some((n) => n.toLowerCase() === opts.instanceRole!.toLowerCase())) {
    throw new Error(`instance role "${opts.instanceRole}" is none of the registered roles (${sts.roleNames().join(", ") || "none"}); register it as a role too`);
  }
  const metadata = createMetadataService({ sts, clock, instanceRole: opts.instanceRole, tokenRequired: opts.metadataTokenRequired });
  const tls = opts.tls ?? selfSignedIdentity();
  const server = await startServer({ host, port: opts.port ?? 0, accessKeys: keys, backend, faults, sts, kms, metadata, tls, log: opts.log });
  const save = async (file = opts.stateFile) => {
    if (!file) return;
    const tmp = `${file}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(backend.save(), null, 1));
    await fs.promises.rename(tmp, file);
  };
  return {
    url: server.url, port: server.port, backend,
    calls: server.calls, resetCalls: server.resetCalls,
    setAccessKeys: (k) => { keys = k; server.setAccessKeys(k); },
    stsEndpoint: `${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    tlsCertificate: tls.cert,
    setFaults: (spec) => faults.set(spec),
    stsSessions: () => sts.issued().map((x) => ({ accessKeyId: x.accessKeyId, accessKeySecret: x.accessKeySecret, securityToken: x.securityToken, expiresAt: x.expiresAt })),
    history: (filter) => backend.history(filter),
    hold: (match) => backend.hold(match),
    release: () => backend.release(),
    faultsServed: () => faults.servedCounts(),
    resetFaultsServed: () => faults.resetServed(),
    holdScheduleTasks: (hold = true) => holdScheduleTasks(clock, hold),
    fireScheduleTask: (taskId) => fireScheduleTask(backend.data(), clock, taskId),
    save,
    close: async () => { await server.close(); await save(); },
  };
}
