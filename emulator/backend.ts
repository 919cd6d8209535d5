/**
 * The PolarDB cloud model behind the emulator's HTTP layer: validation with the seed's rules,
 * state with lazy transitions on a scaled clock, ClientToken idempotency, documented shapes.
 *
 * This file only composes: each area of the reference is a module of emulator/polardb/ that
 * returns its action table and its named transitions (see polardb/context.ts); the RDS part
 * (emulator/rds/) adds the RDS actions and one PolarDB action. The HTTP layer answers
 * InvalidAction for every action no table has.
 */
import type { Backend, BackendOptions, DispatchRequest, Product } from "./backend-api";
import { defaultParameters } from "./cluster-settings";
import { codes } from "./codes";
import { Hold, HistoryFilter, StatusHistory, StatusSnapshot, statusesOf, TransitionHolds, TransitionMatch } from "./history";
import { accountDatabaseArea } from "./polardb/accounts-databases";
import { backupArea } from "./polardb/backups";
import { clusterArea } from "./polardb/clusters";
import { dynamoDbArea } from "./polardb/dynamodb";
import { encryptionAvailabilityArea } from "./polardb/encryption-availability";
import { Apply, Area, createContext, Handler, PolarContext, TransitionLogEntry } from "./polardb/context";
import { endpointArea } from "./polardb/endpoints";
import { imciVersionArea } from "./polardb/imci-version";
import { maintenanceArea } from "./polardb/maintenance";
import { networkProxyArea } from "./polardb/network-proxy";
import { nodeArea } from "./polardb/nodes";
import { offerArea } from "./polardb/offer";
import { renewalArea } from "./polardb/renewal";
import { scheduleTaskArea } from "./polardb/schedule-tasks";
import { serverlessStorageArea } from "./polardb/serverless-storage";
import { DEFAULT_BACKUP_POLICY, DEFAULT_LOG_BACKUP_POLICY, settingsArea } from "./polardb/settings";
import { tagArea } from "./polardb/tags";
import { whitelistArea } from "./polardb/whitelists";
import { parameterGroupArea } from "./polardb/parameter-groups";
import { gdnArea } from "./polardb/gdn";
import { createRdsPart } from "./rds/index";
import { Cluster, emptyStore, StoreData, Transition } from "./state";

export { DURATIONS, ENGINES, REGIONS } from "./polardb/catalogue";

/** The areas in reference order; an action or transition name may appear in one area only. */
const AREAS: Array<(ctx: PolarContext) => Area> = [
  clusterArea, offerArea, renewalArea, nodeArea, accountDatabaseArea, whitelistArea, endpointArea, settingsArea, backupArea, tagArea,
  maintenanceArea, scheduleTaskArea, encryptionAvailabilityArea,
  networkProxyArea,
  dynamoDbArea,
  serverlessStorageArea,
  parameterGroupArea,
  gdnArea,
  imciVersionArea,
];

export function createBackend(opts: BackendOptions): Backend & { data(): StoreData; transitionLog(): ReadonlyArray<TransitionLogEntry> } {
  const clock = opts.clock;
  const history = new StatusHistory();
  const holds = new TransitionHolds();
  /** Transitions that were due while held: applied at the time of their release. */
  const late = new WeakSet<Transition>();
  /** The statuses of the clusters the running action looked up, as they were before it. */
  let looked: Map<string, StatusSnapshot> | undefined;
  const internals = createContext({
    clock, seed: opts.seed, initial: emptyStore(), kmsKeyState: opts.kmsKeyState,
    onLookup: (c) => { if (looked && !looked.has(c.DBClusterId)) looked.set(c.DBClusterId, statusesOf(c)); },
    rds: (rng, store) => createRdsPart({
      clock, rng,
      lookupCluster: (id) => { const c = store().clusters[id]; return c && { DBClusterId: c.DBClusterId, DBType: c.DBType, DBVersion: c.DBVersion, ZoneIds: c.ZoneId }; },
    }),
  });
  const { ctx } = internals;
  const rds = ctx.rds;

  const ACTIONS: Record<string, Handler> = {};
  const APPLY: Record<string, Apply> = {};
  for (const area of AREAS.map((make) => make(ctx))) {
    for (const [name, h] of Object.entries(area.actions)) {
      if (Object.hasOwn(ACTIONS, name)) throw new Error(`emulator: action ${name} is defined twice`);
      ACTIONS[name] = h;
    }
    Object.assign(ctx.operations, area.operations ?? {});
    for (const [kind, f] of Object.entries(area.transitions ?? {})) {
      if (Object.hasOwn(APPLY, kind)) throw new Error(`emulator: transition ${kind} is defined twice`);
      APPLY[kind] = f;
    }
  }

  /** Applies every transition whose time has come, in time order, except the held ones. */
  function settle(): void {
    const now = clock.now();
    for (;;) {
      const store = ctx.store;
      const i = holds.nextDue(store.transitions, now, late);
      if (i < 0) return;
      const [t] = store.transitions.splice(i, 1);
      const c = store.clusters[t.clusterId];
      if (!c) continue;
      const at = late.has(t) ? now : t.at;
      const before = statusesOf(c);
      APPLY[t.kind]?.(c, t.args ?? {}, at);
      history.record(t.clusterId, before, statusesOf(store.clusters[t.clusterId]), at, t.kind);
    }
  }

  /** Runs a PolarDB action, logging the status changes it makes to the clusters it looks up or creates. */
  function observed(action: string, run: () => Record<string, unknown>): Record<string, unknown> {
    const clusters = ctx.store.clusters;
    const known = Object.keys(clusters).length;
    looked = new Map();
    const seen = looked;
    try {
      return run();
    } finally {
      looked = undefined;
      const now = clock.now();
      // Clusters are removed by transitions only: new keys are the last ones.
      for (const id of Object.keys(clusters).slice(known)) if (!seen.has(id)) seen.set(id, new Map());
      for (const [id, before] of seen) history.record(id, before, statusesOf(clusters[id]), now, action);
    }
  }

  return {
    hasAction: (product: Product, action: string) =>
      product === "polardb" ? Object.hasOwn(ACTIONS, action) || Object.hasOwn(rds.actions.polardb, action) : Object.hasOwn(rds.actions.rds, action),
    dispatch(req: DispatchRequest) {
      settle();
      if (req.product === "polardb" && Object.hasOwn(ACTIONS, req.action)) return observed(req.action, () => ACTIONS[req.action](req.params, req));
      const rdsTable = req.product === "polardb" ? rds.actions.polardb : rds.actions.rds;
      if (!Object.hasOwn(rdsTable, req.action)) throw codes.invalidAction();
      return rdsTable[req.action](req);
    },
    // What the cloud holds now: transitions already due are applied first, as a request would.
    save: () => { settle(); return { ...structuredClone(ctx.store), rds: rds.save(), rng: internals.rngState() }; },
    load(state: unknown) {
      const s = state as StoreData & { rng?: number };
      const store: StoreData = { ...emptyStore(), ...structuredClone(s) };
      delete (store as { rng?: number }).rng;
      for (const c of Object.values(store.clusters)) upgradeSavedCluster(c);
      internals.setStore(store);
      if (typeof s.rng === "number") internals.setRngState(s.rng);
      // The first emulator release saved RDS state in another shape (a number of reports, no
      // start times): such a file gets the default RDS world; anything else invalid is an error.
      const legacyRds = typeof (s.rds as { reports?: unknown } | undefined)?.reports === "number";
      rds.load(legacyRds ? undefined : s.rds);
    },
    data: () => { settle(); return ctx.store; },
    transitionLog: () => internals.transitionLog,
    history: (filter?: HistoryFilter) => { settle(); return history.list(filter); },
    hold(match: TransitionMatch): Hold {
      settle(); // what is already due applies first: a hold affects what comes due after it
      const h = holds.add(match, ctx.store.transitions);
      return { release: () => { holds.release(ctx.store.transitions, clock.now(), h); settle(); } };
    },
    release: () => { holds.release(ctx.store.transitions, clock.now()); settle(); },
  };
}


/** A cluster saved by an older emulator: the settings fields it lacked get their defaults. */
function upgradeSavedCluster(c: Cluster): void {
  const ssl = (c.ssl ?? {}) as Partial<Cluster["ssl"]>;
  c.ssl = { enabled: ssl.enabled === true, expireTime: ssl.expireTime ?? "", autoRotate: ssl.autoRotate ?? "Disable", endpoints: ssl.endpoints ?? [] };
  c.parameters = { ...defaultParameters(c.DBType, c.DBVersion), ...(c.parameters ?? {}) };
  c.pendingParameters ??= {};
  c.maintenance ??= [];
  c.auditLog = c.auditLog === "Enable" ? "Enable" : "Disabled";
  c.backupPolicy = { ...DEFAULT_BACKUP_POLICY, ...(c.backupPolicy ?? {}) };
  c.logBackupPolicy = { ...DEFAULT_LOG_BACKUP_POLICY, ...(c.logBackupPolicy ?? {}) };
}
