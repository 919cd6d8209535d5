/**
 * The RDS side of the emulator (Version 2014-08-15) for the seeds' migration and upgrade APIs,
 * plus PolarDB's GenerateUpgradeReportForSyncClone (seed 000). The PolarDB backend composes it:
 * `actions.rds` answers RDS requests, `actions.polardb` joins the PolarDB action table, and
 * `save()`/`load()` nest inside the backend's state file.
 *
 * Actions
 *   RDS:     DescribeDBInstances, DescribeDBInstanceAttribute, CreateCloudMigrationTask (seed 004),
 *            DescribeCloudMigrationResult (seed 001), DescribeUpgradeMajorVersionTasks (seed 002)
 *   PolarDB: GenerateUpgradeReportForSyncClone (seed 000)
 *
 * MAKING A MIGRATION FAIL (deterministic, for tests and demos). CreateCloudMigrationTask succeeds,
 * then the task stops in a stage with `failed(error:<reason>)` as the last line of `Detail`
 * (GmtModified = the failure time; ReplicationState `disconnect` once a link existed, else
 * `unstarted`) when
 *   - SourceAccount is `fail_<stage>`, stage one of precheck | basebackup | startup | increment | switch
 *     (case-insensitive): it fails in that stage; any other `fail_…` account fails in precheck
 *     ("Check account replication privilege: failed(error:…)");
 *   - or SourceIpAddress is in 192.0.2.0/24 (TEST-NET-1, RFC 5737; accepted only with
 *     SourceCategory=internet, since the other categories need a private address): it fails in
 *     precheck at "Check ip connectable".
 * A healthy migration reaches `success` / `finish` after ~10 realistic minutes × the time scale.
 *
 * SECRETS. DescribeCloudMigrationResult returns `SourcePassword` in clear text, as seed 001
 * documents. The emulator keeps those passwords in memory only: save() never writes them, and
 * after load() the field reads `********` for the loaded tasks.
 *
 * ERRORS. RDS parameter problems answer `RequiredParam.NotFound` / `Parameters.Invalid` (the
 * codes the RDS seeds list); the PolarDB action answers PolarDB's `MissingParameter` /
 * `Invalid<Name>.ValueNotSupported|Malformed`. All codes are in errors.ts.
 */
import type { DispatchRequest } from "../backend-api";
import type { Clock } from "../clock";
import { defaultState } from "./fixtures";
import { findInstance, instanceActions } from "./instances";
import { migrationActions } from "./migration";
import { reportActions } from "./report";
import { Instance, parseState, RdsContext, RdsState } from "./state";
import { upgradeActions } from "./upgrade";

export { DEFAULT_INSTANCES } from "./fixtures";

export type RdsHandler = (req: DispatchRequest) => Record<string, unknown>;

export interface RdsPart {
  actions: {
    rds: Record<string, RdsHandler>;     // Version 2014-08-15
    polardb: Record<string, RdsHandler>; // Version 2017-08-01
  };
  save(): unknown;
  load(state: unknown): void;
  /** An RDS instance by id (CreateDBCluster's CloneFromRDS / MigrationFromRDS source). */
  findInstance(id: string): Instance | undefined;
}

export function createRdsPart(opts: {
  clock: Clock;
  rng: () => number;
  lookupCluster(id: string): { DBClusterId: string; DBType: string; DBVersion: string; ZoneIds?: string } | undefined;
}): RdsPart {
  let state: RdsState = defaultState(opts.clock);
  const ctx: RdsContext = {
    clock: opts.clock,
    rng: opts.rng,
    state: () => state,
    passwords: new Map(),
    lookupCluster: (id) => opts.lookupCluster(id),
  };
  return {
    actions: {
      rds: { ...instanceActions(ctx), ...migrationActions(ctx), ...upgradeActions(ctx) },
      polardb: { ...reportActions(ctx) },
    },
    save: () => structuredClone(state),
    findInstance: (id) => findInstance(ctx, id),
    load(raw) {
      state = raw === undefined || raw === null ? defaultState(opts.clock) : parseState(raw, opts.clock);
      ctx.passwords.clear();
    },
  };
}
