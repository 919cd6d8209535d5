/**
 * What a test observes instead of racing a short status: the status changes the backend applied,
 * and holds that keep chosen transitions from being applied until a test releases them.
 *
 * - History: every change of a cluster's, node's, account's or database's status (an endpoint has
 *   no status in the API: its appearance and removal show as null → "present" → null), with the
 *   object, from → to (null: absent), the emulator time and the cause (the action or the
 *   transition kind). In memory, bounded (the oldest entries go first), never saved with the state.
 * - Holds: a held transition, and every later one of the same cluster (a cluster's steps keep
 *   their order), stays queued until released. On release, what the hold kept (an operation
 *   started while it lasted, or already due) applies at once, dated at the release, as an
 *   operation that took longer; a test reads the end state without waiting. Statuses read from the clock (DescribeTasks, backup jobs,
 *   scheduled tasks' windows) follow the clock, not holds: inject a manual clock to step those.
 */
import type { Cluster, Transition } from "./state";

export type StatusObject = "cluster" | "node" | "account" | "database" | "endpoint";

export interface StatusChange {
  /** Emulator time (ms) the change took effect. */
  at: number;
  clusterId: string;
  object: StatusObject;
  /** DBClusterId, DBNodeId, AccountName, DBName or DBEndpointId. */
  id: string;
  from: string | null;
  to: string | null;
  /** The action that made it, or the transition kind that applied it. */
  cause: string;
}

export interface HistoryFilter { clusterId?: string; object?: StatusObject; id?: string; since?: number }

/** Which queued transitions to hold: by cluster and/or kind, or any predicate. */
export type TransitionMatch = { clusterId?: string; kind?: string } | ((t: Transition) => boolean);

export interface Hold {
  /** Ends the operations this hold kept: they apply at once. */
  release(): void;
}

/** A cluster's statuses, keyed by object and id. */
export type StatusSnapshot = Map<string, { object: StatusObject; id: string; status: string }>;

const ENDPOINT_PRESENT = "present";

export function statusesOf(c: Cluster | undefined): StatusSnapshot {
  const s: StatusSnapshot = new Map();
  if (!c) return s;
  const put = (object: StatusObject, id: string, status: string) => s.set(`${object}\u0000${id}`, { object, id, status });
  put("cluster", c.DBClusterId, c.DBClusterStatus);
  for (const n of c.nodes) put("node", n.DBNodeId, n.DBNodeStatus);
  for (const a of c.accounts) put("account", a.AccountName, a.AccountStatus);
  for (const d of c.databases) put("database", d.DBName, d.DBStatus);
  for (const e of c.endpoints) put("endpoint", e.DBEndpointId, ENDPOINT_PRESENT);
  return s;
}

export class StatusHistory {
  private entries: StatusChange[] = [];

  constructor(private readonly max = 10_000) {}

  /** Logs what differs between two snapshots of one cluster. */
  record(clusterId: string, before: StatusSnapshot, after: StatusSnapshot, at: number, cause: string): void {
    for (const [k, now] of after) {
      const was = before.get(k)?.status ?? null;
      if (was !== now.status) this.push({ at, clusterId, object: now.object, id: now.id, from: was, to: now.status, cause });
    }
    for (const [k, was] of before) {
      if (!after.has(k)) this.push({ at, clusterId, object: was.object, id: was.id, from: was.status, to: null, cause });
    }
  }

  /** Oldest first (in the order applied), at most `max` entries. */
  list(f: HistoryFilter = {}): StatusChange[] {
    return this.entries.slice(-this.max).filter((e) => (f.clusterId === undefined || e.clusterId === f.clusterId)
      && (f.object === undefined || e.object === f.object) && (f.id === undefined || e.id === f.id) && (f.since === undefined || e.at >= f.since))
      .map((e) => ({ ...e }));
  }

  private push(e: StatusChange): void {
    this.entries.push(e);
    // Trimmed in batches: bounded at twice `max`, constant time per entry on average.
    if (this.entries.length >= 2 * this.max) this.entries.splice(0, this.entries.length - this.max);
  }
}

interface ActiveHold { test: (t: Transition) => boolean; earlier: WeakSet<Transition> }

export class TransitionHolds {
  private readonly active = new Set<ActiveHold>();

  /** Holds what `match` names from now on; `queue` is the queue as it is now. */
  add(match: TransitionMatch, queue: Transition[]): ActiveHold {
    const test = typeof match === "function" ? match
      : (t: Transition) => (match.clusterId === undefined || t.clusterId === match.clusterId) && (match.kind === undefined || t.kind === match.kind);
    const h = { test, earlier: new WeakSet(queue) };
    this.active.add(h);
    return h;
  }

  /**
   * Ends holds (all without `h`). What one held and was scheduled while it lasted (the held
   * operation) becomes due now, so a test reads the end state at once; the rest keep their time.
   */
  release(queue: Transition[], now: number, h?: ActiveHold): void {
    const ending = h ? [h] : [...this.active];
    for (const x of ending) this.active.delete(x);
    let moved = false;
    for (const t of queue) {
      if (t.at > now && ending.some((x) => x.test(t) && !x.earlier.has(t)) && !this.matches(t)) { t.at = now; moved = true; }
    }
    if (moved) queue.sort((a, b) => a.at - b.at);
  }

  matches(t: Transition): boolean {
    for (const h of this.active) if (h.test(t)) return true;
    return false;
  }

  /**
   * The index of the first transition due by `now` that may apply: not held, and no earlier due
   * transition of its cluster held. Held ones are added to `late`. -1 when none.
   */
  nextDue(queue: Transition[], now: number, late: WeakSet<Transition>): number {
    const blocked = new Set<string>();
    for (let i = 0; i < queue.length && queue[i].at <= now; i++) {
      const t = queue[i];
      if (blocked.has(t.clusterId) || (this.active.size && this.matches(t))) { blocked.add(t.clusterId); late.add(t); continue; }
      return i;
    }
    return -1;
  }
}
