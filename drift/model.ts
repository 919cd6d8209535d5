/**
 * The drift report: what `polardb-drift` found, independent of how it is printed. Its JSON form
 * (`--format json`) is this object as is; `schemaVersion` changes only with an incompatible change.
 */

/** One declared field whose live value differs from what Pulumi manages. Secrets are "[secret]". */
export interface FieldDrift {
  field: string;
  /** What Pulumi last recorded (or, if the state already holds the drifted value, what the program declares). */
  old: unknown;
  /** What the cloud holds now. */
  new: unknown;
}

export type ResourceStatus = "unchanged" | "drifted" | "deleted";

export interface ResourceDrift {
  urn: string;
  /** The resource kind: "Cluster", "Node", "Endpoint", "Account", "Database", "Whitelist". */
  kind: string;
  /** The Pulumi type token, e.g. "pulumi-nodejs:dynamic/polardb:Cluster" (dynamic classes) or "polardb:index:Cluster" (the plugin). */
  type: string;
  /** The resource's name in the program. */
  name: string;
  /** The cloud id recorded in the state. */
  id: string;
  status: ResourceStatus;
  /** Drifted fields, sorted by name (empty unless status is "drifted"). */
  fields: FieldDrift[];
  /** What `pulumi up` would do to the resource now, as the engine previewed it. */
  pulumiUp: string;
  /**
   * Not drifted itself, yet `pulumi up` would change it: one of its inputs changed (another
   * resource's output that drifted feeds it, or the program was edited and not deployed).
   */
  affected?: boolean;
  /** Changes registered to run in a window (Cluster `plannedWindow`), with the cloud's task status. */
  scheduled?: ScheduledChangeReport[];
}

export interface ScheduledChangeReport {
  action: string;
  targets: Record<string, unknown>;
  plannedStart: string;
  plannedEnd: string;
  taskId?: string;
  /** The cloud's status: pending, executing, finish, failure, cancel, expired, rollback. */
  status: string;
}

export interface DriftReport {
  schemaVersion: 1;
  stack: string;
  /** Resources with drifted fields (status "drifted"), in report order. */
  drifted: ResourceDrift[];
  /** Resources in the state that no longer exist in the cloud. */
  deleted: ResourceDrift[];
  /** Every PolarDB resource of the stack that was checked, sorted by kind, then name. */
  resources: ResourceDrift[];
  summary: {
    resources: number;
    unchanged: number;
    drifted: number;
    deleted: number;
    /** Resources of other providers in the stack, which this command does not check. */
    skipped: number;
    /** 0: no drift, 2: drift. */
    exitCode: 0 | 2;
  };
}

export const EXIT = { ok: 0, error: 1, drift: 2 } as const;
