/**
 * What every PolarDB area (clusters.ts, nodes.ts, …) shares: the state (behind a getter, since
 * load() replaces it), the scaled clock, the seeded generator, the transition queue, and the
 * lookups and guards every action starts with. An area is a function of the context that returns
 * its action table and the transitions (named, saved with the state) its actions schedule.
 */
import { createHash } from "node:crypto";
import type { DispatchRequest } from "../backend-api";
import type { Clock } from "../clock";
import { codes } from "../codes";
import { iso, optional, Params, required } from "../params";
import type { RdsPart } from "../rds/index";
import type { Cluster, Endpoint, Node, StoreData, Transition } from "../state";
import { DOMAIN, PORT } from "./catalogue";

export type Handler = (p: Params, req: DispatchRequest) => Record<string, unknown>;
/** A named step of a transition, applied when its time has come (kinds are saved: never rename one). */
/** `at` is when the transition was due (requests settle lazily, so the clock may be later). */
export type Apply = (c: Cluster, args: Record<string, any>, at: number) => void;

export interface Area {
  actions: Record<string, Handler>;
  transitions?: Record<string, Apply>;
  /** Operations a scheduled task can start (see PolarContext.operations). */
  operations?: Record<string, Operation>;
}

export interface TransitionLogEntry { clusterId: string; kind: string; from: number; at: number }

export interface PolarContext {
  readonly clock: Clock;
  /** The whole state; a getter because load() replaces it. */
  readonly store: StoreData;
  readonly rds: RdsPart;
  rng(): number;
  /** `n` seeded lowercase letters and digits (ids). */
  alnum(n: number): string;
  /** When an operation of this realistic length started now ends: ±20 % from the generator, scaled. */
  after(realisticMs: number): number;
  /** Queues a transition (and logs it for the benchmarks). */
  schedule(t: Transition): void;
  nextId(): number;
  /**
   * The cluster named by DBClusterId, or the documented NotFound (`alt`: the InvalidDBCluster spelling).
   * An action changes a cluster's statuses only after looking it up here (the status history sees it so).
   */
  cluster(p: Params, alt?: boolean): Cluster;
  /** The same, refusing unless the cluster is Running and unlocked, as the cloud refuses mutations. */
  runningCluster(p: Params, alt?: boolean): Cluster;
  /** The cluster holding node `nodeId` (looked up as `cluster` does), if any. */
  clusterWithNode(nodeId: string): Cluster | undefined;
  /** Runs `run` once per (action, ClientToken); a repeated token answers the first response. */
  idempotent(p: Params, action: string, run: () => Record<string, unknown>): Record<string, unknown>;
  /** A private address of the cluster's engine and VPC. */
  address(c: Cluster, prefix: string): Endpoint["AddressItems"][number];
  newNode(c: Cluster, role: Node["DBNodeRole"], status: string, cls?: string): Node;
  /**
   * Operations that a scheduled task can start later (CreateDBNodes, ModifyDBNodeClass,
   * ModifyDBClusterPrimaryZone): each starts the change on a Running cluster and returns when it ends.
   * Areas register theirs here.
   */
  operations: Record<string, Operation>;
  /** A KMS key's state for its owner (TDE with a custom key), undefined when unknown. */
  kmsKeyState(keyId: string, ownerKeyId: string): "Enabled" | "Disabled" | undefined;
}

export type Operation = (c: Cluster, args: Record<string, any>) => number;

export interface ContextInternals {
  ctx: PolarContext;
  setStore(s: StoreData): void;
  rngState(): number;
  setRngState(n: number): void;
  transitionLog: TransitionLogEntry[];
}

export function createContext(opts: {
  clock: Clock; seed?: number; initial: StoreData; rds: (rng: () => number, store: () => StoreData) => RdsPart;
  /** Told of every cluster an action looks up, before the action can change it (the status history's "before"). */
  onLookup?: (c: Cluster) => void;
  kmsKeyState?: PolarContext["kmsKeyState"];
}): ContextInternals {
  const clock = opts.clock;
  let store = opts.initial;
  let rngState = (opts.seed ?? 20170801) >>> 0;
  const rng = () => { rngState = (rngState * 1664525 + 1013904223) >>> 0; return rngState / 2 ** 32; };
  const alnum = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(rng() * 36)]).join("");
  const rds = opts.rds(rng, () => store);
  /** Every asynchronous change as scheduled (start, end): what the benchmarks take the cloud's critical path from. Not saved. */
  const transitionLog: TransitionLogEntry[] = [];

  const cluster = (p: Params, alt = false): Cluster => {
    const id = required(p, "DBClusterId");
    const c = store.clusters[id];
    if (!c) throw alt ? codes.clusterNotFoundAlt() : codes.clusterNotFound();
    opts.onLookup?.(c);
    return c;
  };

  const ctx: PolarContext = {
    clock,
    get store() { return store; },
    rds,
    rng,
    alnum,
    // Real operations vary in length: ±20 % around the realistic duration, from the seeded generator.
    after: (realisticMs) => clock.now() + clock.scaled(realisticMs * (0.8 + 0.4 * rng())),
    schedule(t) {
      transitionLog.push({ clusterId: t.clusterId, kind: t.kind, from: clock.now(), at: t.at });
      store.transitions.push(t);
      store.transitions.sort((a, b) => a.at - b.at);
    },
    nextId: () => { store.counter += 1; return store.counter; },
    cluster,
    clusterWithNode(nodeId) {
      const c = Object.values(store.clusters).find((x) => x.nodes.some((n) => n.DBNodeId === nodeId));
      if (c) opts.onLookup?.(c);
      return c;
    },
    runningCluster(p, alt = false) {
      const c = cluster(p, alt);
      if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
      if (c.LockMode !== "Unlock") throw codes.lockMode();
      return c;
    },
    idempotent(p, action, run) {
      const token = optional(p, "ClientToken");
      if (token === undefined) return run();
      if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw codes.invalidParameter("ClientToken");
      const key = `${action}:${token}`;
      const seen = store.clientTokens[key];
      if (seen) return structuredClone(seen.response);
      const response = run();
      store.clientTokens[key] = { action, response: structuredClone(response) };
      return response;
    },
    address: (c, prefix) => ({
      NetType: "Private", ConnectionString: `${prefix}.${c.RegionId}.${DOMAIN[c.DBType]}`, Port: PORT[c.DBType],
      IPAddress: `172.16.${Math.floor(rng() * 255)}.${1 + Math.floor(rng() * 253)}`, VPCId: c.VPCId, VSwitchId: c.VSwitchId,
    }),
    operations: {},
    kmsKeyState: (keyId, owner) => opts.kmsKeyState?.(keyId, owner),
    newNode: (c, role, status, cls = c.DBNodeClass) => ({
      DBNodeId: `pi-${alnum(17)}`, DBNodeClass: cls, DBNodeRole: role, DBNodeStatus: status, ZoneId: c.ZoneId, CreationTime: iso(clock.now()), FailoverPriority: 1,
      ImciSwitch: "OFF", HotReplicaMode: "OFF",
    }),
  };
  return {
    ctx,
    setStore: (s) => { store = s; },
    rngState: () => rngState,
    setRngState: (n) => { rngState = n; },
    transitionLog,
  };
}

export const splitIds = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
export const joinIds = (ids: string[]) => [...new Set(ids)].join(",");
export const digest = (s: string) => createHash("sha256").update(s).digest("hex");
