/**
 * The seam between the HTTP layer (server, auth, faults: emulator/server.ts …) and the
 * cloud model (emulator/backend.ts composing emulator/polardb/* and emulator/rds/*).
 * The server parses and authenticates a request, then calls `backend.dispatch`. The backend
 * validates the action's parameters with the seed's rules and returns the documented
 * response body (without RequestId: the server adds it) or throws an EmulatorError.
 */
import type { Clock } from "./clock";
import type { Hold, HistoryFilter, StatusChange, TransitionMatch } from "./history";

export type Product = "polardb" | "rds";

export interface DispatchRequest {
  product: Product;            // "polardb" for Version 2017-08-01, "rds" for 2014-08-15
  action: string;              // exactly as sent, e.g. "CreateDBCluster"
  version: string;             // "2017-08-01" | "2014-08-15"
  /** Decoded, flattened request parameters (query ∪ form body), minus the signature-only
   *  common ones (Signature, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
   *  AccessKeyId, SecurityToken, Format, Action, Version). Values are strings as on the wire,
   *  list parameters keep their wire names: "DBNode.1.TargetClass", "Tag.2.Key". */
  params: Record<string, string>;
  /** The caller's AccessKeyId (accounts are separated per key only if the backend wants to). */
  accessKeyId: string;
  requestId: string;
}

export interface Backend {
  /** Which actions exist for a product; the server answers InvalidAction for the rest. */
  hasAction(product: Product, action: string): boolean;
  /** Runs an action. Returns the response body *without* RequestId, or throws EmulatorError. */
  dispatch(req: DispatchRequest): Record<string, unknown>;
  /** Whole state as plain JSON (clusters, nodes, accounts, …, tasks, ClientToken records, RDS instances), as of now: what is due is applied first. */
  save(): unknown;
  /** Replaces the whole state with a value produced by save() (or a hand-written seed file). */
  load(state: unknown): void;
  /** The PolarDB status changes applied so far, oldest first (bounded, not saved; see history.ts). */
  history(filter?: HistoryFilter): StatusChange[];
  /** Keeps the matching transitions (and the later ones of their cluster) queued until released. */
  hold(match: TransitionMatch): Hold;
  /** Releases every hold; what is due applies at once. */
  release(): void;
}

export interface BackendOptions {
  clock: Clock;
  /** Seeded randomness for ids and addresses, so runs repeat. */
  seed?: number;
  /** Region ids the emulator serves (default: the seed's region table). */
  regions?: string[];
  /** The emulator's KMS, which TDE with a custom key consults: a key's state for its owner, undefined when unknown. */
  kmsKeyState?: (keyId: string, ownerKeyId: string) => "Enabled" | "Disabled" | undefined;
}
