/**
 * The one implementation of the dynamic provider's check/diff/create/read/update/delete, driven
 * by a ResourceSpec. The only caller of the waiter and the cluster lock: resource files describe,
 * this file does.
 *
 *   check   zod → CheckFailure[] (field path + what is allowed); unknowns pass. The one API call:
 *           what the cloud sells (spec.offerCheck, read-only, once per process and region).
 *   diff    managed fields only, normalised; create-only → replaces; unknown → changed. Serves
 *           `up` (stored outputs vs inputs) and refresh (live outputs vs last inputs) alike.
 *   create  lock → create call with a ClientToken → wait ready → converge what the create call
 *           cannot set (tags, maintenance window, …). After the id exists, failures are reported
 *           as a partial create, so Pulumi records the resource.
 *   read    the live state; gone → {} (Pulumi drops the resource).
 *   update  one group of fields at a time, in spec order: call, wait, verify the live value.
 *   delete  deletion protection; a state the cloud will not delete (a subscription): changed
 *           first with the opt-in, else left in the cloud with a warning → call (NotFound =
 *           done) → wait until gone.
 */
import { randomUUID } from "node:crypto";
import { digestMatches, digestOf, verifyDigests } from "./secret-digest";
import type { dynamic } from "@pulumi/pulumi";
import { z } from "zod";
import { ClusterLock, retryWhileBusy } from "./cluster-lock";
import { ApiError, classify, isApiError, isBusy, isNotFound, withHint } from "./errors";
import { claim, IDENTITY_KEY, isTaken, noteHeld, stableToken } from "./identity";
import { ADOPT } from "./spec";
import { coveredFields, isActive, lapsed, ScheduledChange, SCHEDULED, scheduledOf } from "./scheduled";
import { resourceLabel } from "./messages";
import { knownRegions } from "./endpoints";
import { catalogueChecksOn } from "../reference/catalogue";
import { offerIn } from "./offer";
import { mayBeApplied } from "./retry";
import { SECRET_PARAM } from "./scrub";
import {
  Api, ApiCall, containsUnknown, COMMON_FIELDS, Key, listOf, looseNumber, looseString, parseDuration, Props,
  ResourceSpec, UNKNOWN, UpdateGroup,
} from "./spec";
import { backoffDelay, DEFAULT_TUNING, systemClock, Verdict, waitFor, WaitClock, WaitTuning } from "./waiter";

export interface EngineDeps {
  /** The API client for a region and product (runtime.ts caches one per product, region and endpoint). */
  api: (regionId: string, product?: ApiProduct) => Api;
  /** Where resources without a `regionId` input live. */
  defaultRegion: () => string;
  /** One lock per process, shared by every resource kind. */
  lock?: ClusterLock;
  tuning?: Partial<WaitTuning>;
  clock?: WaitClock;
  random?: () => number;
  /** Progress lines during long waits (default: stderr, which the Pulumi CLI shows). */
  /** A line for the user: ephemeral progress (default) or a note kept in Diagnostics. */
  progress?: (line: string, how?: { severity?: "info" | "warning"; ephemeral?: boolean }) => void;
  newToken?: () => string;
  /** Busy refusals of one call, in all (default 10). */
  maxBusyAttempts?: number;
  /** How long a ready resource may still show the old value after a modify (default 60 s). */
  convergeGraceMs?: number;
  /**
   * How long a wait tolerates an API that does not answer (refused connections, timeouts, 5xx
   * on every probe) before it fails the operation (default POLARDB_OUTAGE_MS, else 5 minutes).
   */
  outageMs?: number;
  /**
   * A different polling schedule per resource kind and operation (the benchmarks' Terraform-like
   * comparison): its tuning replaces `tuning`, and DescribeTasks' remaining-time hints are ignored.
   */
  schedule?: (kind: string, op: "create" | "update" | "delete") => Partial<WaitTuning> | undefined;
}

/** Token generations a create walks before it gives up (each dead one is a destroyed earlier incarnation). */
const MAX_GENERATIONS = 50;

interface CreateOutcome {
  /** Id parts from the answer or the listing. */
  assigned: Record<string, string>;
  /** Why an existing object was taken over instead of made (a progress line). */
  adopted?: string;
  /** The named object existed before the call (a replayed token, or a lost answer earlier). */
  preexisting: boolean;
}

/** The APIs a provider calls: the resource's own product, and KMS for secrets given encrypted. */
export type ApiProduct = "polardb" | "rds" | "kms";

export type Provider = Required<Pick<dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">>;

/**
 * The changed inputs of a diff result, by name: the provider plugin's detailed diff. Kept beside
 * the result, whose shape is the dynamic host's DiffResult (it has no place for them).
 */
export const changedFields = new WeakMap<object, string[]>();

/** Process-wide counters (benchmarks, tests, the concurrency note). */
export const engineStats = { busyRetries: 0, probes: 0, waits: 0 };

const TRANSIENT = new Set(["throttling", "unavailable", "network", "timeout"]);
/** Busy refusals about the cluster's own status: they clear once the cluster is Running again. */
const CLUSTER_BUSY = new Set(["OperationDenied.DBClusterStatus", "IncorrectDBClusterState"]);

function definedTuning(t: Partial<WaitTuning> | undefined): Partial<WaitTuning> {
  return Object.fromEntries(Object.entries(t ?? {}).filter(([, v]) => v !== undefined)) as Partial<WaitTuning>;
}
const DIGESTS = "secretDigests";
/** KMS Decrypt's answer: the plain value (never logged: the client logs no answer). */
const DECRYPTED = z.looseObject({ Plaintext: z.string() });

/** The error shape the dynamic-provider host turns into "created, but failed to initialise". */
export class PartialCreateError extends Error {
  constructor(readonly id: string, readonly properties: Props, readonly reasons: string[]) {
    super(`${reasons.join("; ")} (the resource exists as ${id} and is recorded in the state; the next \`pulumi up\` continues from it)`);
    this.name = "PartialCreateError";
  }
}

/** The cloud reports the resource itself failed (spec.failed, a failed task): waiting longer cannot help. */
export class ResourceFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResourceFailedError";
  }
}

export function makeProvider(spec: ResourceSpec, deps: EngineDeps): Provider {
  const shape: Record<string, z.ZodType> = spec.inputs.shape;
  const fields = Object.keys(shape);
  const common = new Set<string>(COMMON_FIELDS);
  const local = new Set<string>(spec.local ?? []);
  const unread = new Set<string>(spec.unread ?? []);
  const writeOnly = new Set<string>(spec.writeOnly ?? []);
  const replaceOn = new Set<string>(spec.replaceOn);
  // adopt matters to the first create only: never compared, never recorded.
  const managed = fields.filter((f) => !common.has(f) && !local.has(f) && f !== ADOPT);
  const lock = deps.lock ?? new ClusterLock();
  const clock = deps.clock ?? systemClock;
  const progress = deps.progress ?? ((line: string) => { process.stderr.write(`polardb: ${line}\n`); });
  const remark = (line: string, severity: "info" | "warning" = "info") => progress(line, { severity, ephemeral: false });
  const newToken = deps.newToken ?? randomUUID;
  const maxBusyAttempts = deps.maxBusyAttempts ?? 10;
  const convergeGraceMs = deps.convergeGraceMs ?? 60_000;
  const outageMs = deps.outageMs ?? outageFromEnv();
  /** A status that says the object is being deleted (Deleting, as every kind here names it). */
  const isGoing = (live: Props) => /deleting|releasing/i.test(spec.status(live) ?? "");

  // ----- values -----------------------------------------------------------------------------

  const comparable = (f: string, v: unknown) => (spec.normalise?.[f] ? spec.normalise[f]!(v) : v);
  const same = (f: string, a: unknown, b: unknown) => canonical(comparable(f, a)) === canonical(comparable(f, b));
  const regionOf = (p: Props) => (typeof p.regionId === "string" && p.regionId !== UNKNOWN ? p.regionId : deps.defaultRegion());
  const deadline = (op: "create" | "update" | "delete", p: Props) => {
    const t = (p.timeouts as Record<string, string> | undefined)?.[op];
    return clock.now() + parseDuration(typeof t === "string" && t !== UNKNOWN ? t : spec.timeouts[op]);
  };
  const label = (id: string) => resourceLabel(spec.kind, id);
  const apiIn = (regionId: string) => deps.api(regionId, spec.product ?? "polardb");
  const encrypted = spec.encryptedSecrets ?? [];
  /** An update group that sends a secret which may be given encrypted. */
  const sendsEncrypted = (g: UpdateGroup<Props>) => encrypted.some((e) => g.fields.includes(e.ciphertext) || g.fields.includes(e.secret));

  /**
   * The inputs with each secret given encrypted (spec.encryptedSecrets) decrypted by KMS, for the
   * calls that send it only: callers keep using the inputs without it for everything stored.
   */
  async function reveal(regionId: string, idOf: () => string, inputs: Props): Promise<Props> {
    let out = inputs;
    for (const e of encrypted) {
      const blob = inputs[e.ciphertext];
      if (typeof blob !== "string" || inputs[e.secret] !== undefined) continue;
      const context = e.context ? inputs[e.context] as Record<string, string> | undefined : undefined;
      let plain: string;
      try {
        const r = await deps.api(regionId, "kms").request("Decrypt", {
          CiphertextBlob: blob, ...(context && Object.keys(context).length ? { EncryptionContext: JSON.stringify(context) } : {}),
        }, { schema: DECRYPTED, idempotent: true });
        plain = r.Plaintext;
      } catch (err) {
        if (!isApiError(err)) throw err;
        throw withHint(err, `${label(idOf())}: ${e.ciphertext} could not be decrypted with KMS in ${regionId}. Check that it is the CiphertextBlob that KMS Encrypt returned `
          + `in this region${e.context ? `, that ${e.context} is exactly the EncryptionContext it was encrypted with` : ""}, that its key is enabled, and that these credentials may use it (kms:Decrypt).`);
      }
      // The plain value obeys the secret's own rules; the message never contains it.
      const checked = (shape[e.secret] as z.ZodType).safeParse(plain);
      if (!checked.success) throw new Error(`${label(idOf())}: the value decrypted from ${e.ciphertext} is not a valid ${e.secret}: it ${checked.error.issues[0]?.message ?? "is not valid"}. Encrypt a valid one and set ${e.ciphertext} to the new CiphertextBlob.`);
      out = { ...out, [e.secret]: plain };
    }
    return out;
  }

  /** The inputs as the schema makes them (defaults applied); invalid inputs are a clear error. */
  function parseInputs(news: Props, exists = false): Props {
    const r = spec.inputs.safeParse(news);
    if (!r.success && exists && r.error.issues.every((i) => keepsSecret(i, news))) return fieldByField(news);
    if (!r.success) throw new Error(`${spec.kind}: invalid inputs: ${firstPerPath(r.error.issues).map((i) => failureOf(i, news)).map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ")}`);
    return clean(r.data);
  }

  /**
   * A write-only secret (a password) is needed to create; a resource that exists keeps the one it
   * has when the program gives none — as after `pulumi import`, which cannot read it back.
   */
  function keepsSecret(issue: z.core.$ZodIssue, news: Props): boolean {
    const f = String(issue.path[0]);
    return issue.code === "custom" && issue.path.length === 1 && writeOnly.has(f) && [...writeOnly].every((w) => news[w] === undefined);
  }

  /** The inputs parsed field by field (defaults applied), for when only a whole-object rule about a kept secret failed. */
  function fieldByField(news: Props): Props {
    const out: Props = {};
    for (const f of fields) {
      const r = shape[f].safeParse(news[f]);
      if (r.success && r.data !== undefined) out[f] = r.data;
    }
    return clean(out);
  }

  /** The changed fields that force a replacement. */
  function replacing(changed: readonly string[], olds: Props, news: Props): string[] {
    return changed.filter((f) => replaceOn.has(f) || f === "regionId" || spec.replaceIf?.(f, olds, news, changed) === true);
  }

  /** @pulumi/alicloud's spellings (connectionPrefix, PostPaid …) become ours; both names at once must agree. */
  function canonicalSpelling(news: Props): { inputs: Props } | { failure: { property: string; reason: string } } {
    const out: Props = { ...news };
    for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
      if (out[alias] === undefined) continue;
      if (out[name] !== undefined && canonical(out[name]) !== canonical(out[alias])) {
        return { failure: { property: alias, reason: `is another name for ${name}, which is also given with another value: give one of them` } };
      }
      out[name] = out[alias];
      delete out[alias];
    }
    for (const [field, values] of Object.entries(spec.valueAliases ?? {})) {
      // Numbers too: @pulumi/alicloud's deletionLock is 0/1 where ours is a boolean.
      const v = out[field];
      if ((typeof v === "string" || typeof v === "number") && Object.hasOwn(values, String(v))) out[field] = values[String(v)];
    }
    return { inputs: out };
  }

  /** The region must be one PolarDB serves, and region-bound values must belong to it (known values only). */
  function regionalFailures(inputs: Props): Array<{ property: string; reason: string }> {
    let regionId: string;
    try {
      regionId = typeof inputs.regionId === "string" ? inputs.regionId : deps.defaultRegion();
    } catch {
      return []; // no region resolvable yet (no credentials at preview): create will say what is missing
    }
    if (regionId === UNKNOWN) return [];
    const field = typeof inputs.regionId === "string" ? "regionId" : "";
    const out: Array<{ property: string; reason: string }> = [];
    if (catalogueChecksOn() && !knownRegions().includes(regionId)) {
      out.push({ property: field, reason: `${field ? "" : "the configured region (polardb:region or ALIBABA_CLOUD_REGION_ID): "}"${regionId}" is not a region PolarDB serves: one of ${knownRegions().join(", ")} (set POLARDB_CATALOGUE_CHECKS=off if the cloud has added it since)` });
      return out;
    }
    for (const f of spec.regional?.(inputs as never, regionId) ?? []) if (!containsUnknown(inputs[f.field])) out.push({ property: f.field, reason: f.problem });
    return out;
  }

  /** What the cloud sells (spec.offerCheck), known values only; the built-in tables when it cannot be asked. */
  async function offerFailures(olds: Props, inputs: Props): Promise<Array<{ property: string; reason: string }>> {
    const check = spec.offerCheck;
    if (!check || !catalogueChecksOn()) return [];
    const created = Object.keys(olds).length === 0;
    if (created ? inputs[ADOPT] !== undefined : check.fields.every((f) => same(f, olds[f], inputs[f]))) return [];
    const known = Object.fromEntries(Object.entries(inputs).filter(([, v]) => !containsUnknown(v)));
    let regionId: string | undefined;
    try {
      regionId = containsUnknown(inputs.regionId) ? undefined : regionOf(known);
    } catch {
      regionId = undefined; // no region resolvable yet (no credentials at preview)
    }
    if (regionId === undefined) return check.problems(known, undefined).map((f) => ({ property: f.field, reason: f.problem }));
    const offer = await offerIn(() => apiIn(regionId!), regionId, check.payType?.(known) ?? "Postpaid", (line) => remark(line));
    return check.problems(known, offer).map((f) => ({ property: f.field, reason: f.problem }));
  }

  function failureOf(issue: z.core.$ZodIssue, news: Props): { property: string; reason: string } {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      // Inside an object input (timeouts: { creat: … }): name that input, not the resource's inputs.
      if (path) return { property: path, reason: `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}` };
      return { property: "", reason: `unknown input${issue.keys.length > 1 ? "s" : ""} ${keys}; ${spec.kind} takes: ${fields.join(", ")}` };
    }
    const missing = (issue.code === "invalid_type" || issue.code === "invalid_value") && valueAt(news, issue.path) === undefined;
    const reason = !missing ? issue.message : issue.code === "invalid_type" ? `${path} is required` : `${path} is required; ${issue.message}`;
    // A secret's value must never be printed: the engine prints the value of a failure's property.
    if (!path || writeOnly.has(String(issue.path[0]))) return { property: "", reason: path ? `${path}: ${reason}` : reason };
    return { property: path, reason };
  }

  /**
   * Fields whose desired value differs from the stored/live one (unknown counts as changed). A
   * secret is compared with the inputs the last change applied when the caller has them (the
   * plugin does), else with its stored digest.
   */
  function changes(olds: Props, news: Props, oldInputs?: Props): { managed: string[]; local: string[] } {
    const changed: string[] = [];
    for (const f of managed) {
      const want = news[f];
      if (want === undefined) continue; // not set: the cloud's value is accepted
      if (containsUnknown(want)) changed.push(f);
      else if (writeOnly.has(f)) { if (!secretUnchanged(f, olds, want, oldInputs)) changed.push(f); }
      else if (!same(f, olds[f], want)) changed.push(f);
    }
    if (news.regionId !== undefined && news.regionId !== olds.regionId) changed.push("regionId");
    const localChanged = [...local, "timeouts"].filter((f) => canonical(olds[f]) !== canonical(news[f]));
    return { managed: changed, local: localChanged };
  }

  function secretUnchanged(f: string, olds: Props, want: unknown, oldInputs?: Props): boolean {
    if (typeof want === "string" && oldInputs?.[f] === want) return true;
    return digestMatches((olds[DIGESTS] as Props | undefined)?.[f], want);
  }

  /** The digest checks `changes` will make, run in parallel off the event loop first (secret-digest.ts). */
  function primeDigests(olds: Props, news: Props, oldInputs?: Props): Promise<void> {
    const pairs = [...writeOnly].filter((f) => !(typeof news[f] === "string" && oldInputs?.[f] === news[f]));
    return verifyDigests(pairs.map((f) => [(olds[DIGESTS] as Props | undefined)?.[f], news[f]]));
  }

  /** Drops changed fields whose unknown new value the spec judges to be the same object (sameWhenUnknown). */
  async function withoutSameUnknowns(changed: string[], olds: Props, news: Props): Promise<string[]> {
    const judges = spec.sameWhenUnknown as Record<string, ((o: Props, n: Props, api: Api) => Promise<boolean>) | undefined> | undefined;
    if (!judges) return changed;
    const out: string[] = [];
    for (const f of changed) {
      const judge = judges[f];
      // Conservative: a judge that cannot tell (no credentials in preview, a refusal) keeps the change.
      const same = judge && containsUnknown(news[f]) && await Promise.resolve().then(() => judge(olds, news, apiIn(regionOf(olds)))).catch(() => false);
      if (!same) out.push(f);
    }
    return out;
  }

  function assemble(live: Props, key: Key, carried: Props, regionId: string, previous: Props = {}): Props {
    const outs: Props = { ...live };
    for (const p of spec.id.parts) if (outs[p] === undefined) outs[p] = key[p];
    for (const f of [...local, ...unread, "timeouts"]) if (carried[f] !== undefined) outs[f] = carried[f];
    for (const f of writeOnly) delete outs[f];
    const digests: Props = {};
    for (const f of writeOnly) {
      const before = (previous[DIGESTS] as Props | undefined)?.[f];
      const secret = carried[f];
      if (typeof secret === "string" && secret !== UNKNOWN) digests[f] = digestMatches(before, secret) ? before : digestOf(secret);
      else if (typeof before === "string") digests[f] = before;
    }
    if (Object.keys(digests).length) outs[DIGESTS] = digests;
    outs.regionId = regionId;
    return clean(outs);
  }

  // ----- reading ----------------------------------------------------------------------------

  async function readPrimary(api: Api, key: Key, prior: Props): Promise<Props | undefined> {
    engineStats.probes++;
    let response: unknown;
    try {
      response = await api.request(spec.read.action, spec.read.params?.(key) ?? spec.id.params(key), { schema: spec.read.response });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const row = spec.read.pick ? spec.read.pick(response, key) : response;
    if (row === undefined || row === null) return undefined;
    const live = spec.read.outputs(row, key, prior);
    return spec.gone?.(live) ? undefined : live;
  }

  async function readFull(api: Api, key: Key, prior: Props, primary?: Props): Promise<Props | undefined> {
    const live = primary ?? (await readPrimary(api, key, prior));
    if (!live) return undefined;
    let out = { ...live };
    for (const extra of spec.read.enrich ?? []) {
      if (extra.when && !extra.when(live)) continue;
      try {
        const r = await api.request(extra.action, extra.params?.(key) ?? spec.id.params(key), { schema: extra.response });
        out = { ...out, ...extra.outputs(r, key, live, prior) };
      } catch (err) {
        if (!isNotFound(err)) throw err; // a race with deletion: the primary read decides
      }
    }
    return out;
  }

  // ----- mutating ---------------------------------------------------------------------------

  /** A mutating call: serialised per cluster; a busy refusal waits for Running, then retries. */
  function mutate<T>(api: Api, key: Partial<Key>, deadlineAt: number, what: string, call: (attempt: number) => Promise<T>): Promise<T> {
    const clusterId = spec.cluster(key as Key);
    return lock.run(clusterId, () => retryWhileBusy(call, {
      isBusy,
      maxAttempts: maxBusyAttempts,
      onBusy: (err, attempt) => {
        engineStats.busyRetries++;
        progress(`${resourceLabel(spec.kind)}: ${what} refused while the cluster is busy (${isApiError(err) ? err.code : "busy"}); waiting for it to be Running, then retrying (attempt ${attempt + 1} of ${maxBusyAttempts})`);
      },
      waitUntilIdle: async (err, attempt) => {
        if (clusterId) await waitClusterRunning(api, clusterId, deadlineAt);
        // A refusal about the account or database itself (not the cluster's status) does not clear
        // when the cluster is Running: back off, growing per attempt, before calling again.
        if (!clusterId || !(isApiError(err) && CLUSTER_BUSY.has(err.code))) {
          await clock.sleep(backoffDelay(attempt, { ...DEFAULT_TUNING, ...definedTuning(deps.tuning) }, deps.random ?? Math.random));
        }
      },
    }));
  }

  /**
   * Sends a group's calls. A call refused after one of its attempts went unanswered (also across
   * busy retries) is not thrown: that attempt may have made the change, and the refusal may be
   * its consequence (the zone already moved). It is returned for the caller to judge by the live state.
   */
  async function callGroup(api: Api, key: Key, group: UpdateGroup<Props>, news: Props, olds: Props, deadlineAt: number, extra: Record<string, unknown> = {}): Promise<{ actions: string; refused?: ApiError }> {
    const calls: ApiCall[] = group.calls
      ? group.calls(news, olds, key)
      : [{ action: group.action!, params: { ...spec.id.params(key), ...group.params?.(news, olds, key) } }];
    let refused: ApiError | undefined;
    for (const c of calls) {
      const token = group.clientToken ? newToken() : undefined;
      let lost = false;
      // One token for every attempt: a busy refusal applied nothing, and a replay must not apply twice.
      await mutate(api, key, deadlineAt, c.action, () =>
        api.request(c.action, { ...c.params, ...extra, ...(token ? { ClientToken: token } : {}) })
          .catch((err: unknown) => { if (isApiError(err) && err.afterLostAnswer) lost = true; throw err; }))
        .catch((err: unknown) => { if (lost && isApiError(err) && !isBusy(err)) refused = err; else throw err; });
    }
    return { actions: calls.map((c) => c.action).join(" + "), refused };
  }

  /** Runs one update group and proves it took effect. */
  async function applyGroup(api: Api, id: string, key: Key, group: UpdateGroup<Props>, fieldsToCheck: string[], news: Props, olds: Props, deadlineAt: number): Promise<Props> {
    const calledAt = clock.now();
    const { actions, refused } = await callGroup(api, key, group, news, olds, deadlineAt);
    const checkable = fieldsToCheck.filter((f) => !writeOnly.has(f) && !unread.has(f));
    // Only the live value can say whether the unanswered attempt did it; a secret cannot be read.
    if (refused && checkable.length < fieldsToCheck.length) throw refused;
    // A change the cluster carries out (status SSL_MODIFYING, Rebooting …) is judged once the
    // cluster is Running again. Then probe at once: most modifications show immediately, and a
    // slow one shows a transitional status (or, briefly, the old value: the grace period).
    await settle(api, key, deadlineAt);
    const converged = waitUntil(api, id, key, "update", deadlineAt, {
      // Secrets and fields no describe returns cannot be checked; the call's success stands for them.
      converge: { fields: checkable, want: news, actions },
      immediate: true,
      prior: news,
      // A change the cluster carries out as a task (a class change) says how long it has left.
      tasksSince: spec.tasks ? calledAt : undefined,
    });
    if (!refused) return converged;
    const live = await converged.catch(() => { throw refused; });
    remark(`${label(id)}: ${actions} got no answer, and its repeat was refused (${refused.code}); the cloud shows the change made, so the first attempt did it`);
    return live;
  }

  async function settle(api: Api, key: Key, deadlineAt: number, clusterMayBeGone = false): Promise<void> {
    const clusterId = spec.cluster(key);
    if (spec.settleCluster && clusterId) await waitClusterRunning(api, clusterId, deadlineAt, clusterMayBeGone);
  }

  // ----- waiting ----------------------------------------------------------------------------

  /**
   * A wait tolerates an API that does not answer (refused, reset, timed out, 5xx, throttled) for
   * at most outageMs in a row, then fails naming what was unreachable and since when — instead
   * of probing until the resource's deadline (an hour for a cluster).
   */
  function outageGuard(api: Api, what: string) {
    let since: number | undefined;
    return {
      answered: () => { since = undefined; },
      isTransient: (err: unknown): boolean => {
        if (!TRANSIENT.has(classify(err))) return false;
        since ??= clock.now();
        if (clock.now() - since < outageMs) return true;
        const endpoint = (api as { endpoint?: string }).endpoint ?? "the API";
        throw new Error(`${what}: ${endpoint} has not answered since ${new Date(since).toISOString()} (${formatMs(clock.now() - since)}); `
          + `last error: ${messageOf(err)}. Gave up waiting after ${formatMs(outageMs)} without an answer (POLARDB_OUTAGE_MS). `
          + "Check the endpoint and the network, then run `pulumi up` again: it continues from what exists.");
      },
    };
  }

  interface WaitGoal {
    gone?: boolean;
    converge?: { fields: string[]; want: Props; actions: string };
    tasksSince?: number;
    /** Probe at once (the resource is probably ready already). */
    immediate?: boolean;
    /** What the program manages (ReadSpec.outputs). */
    prior: Props;
  }

  async function waitUntil(api: Api, id: string, key: Key, op: "create" | "update" | "delete", deadlineAt: number, goal: WaitGoal): Promise<Props> {
    engineStats.waits++;
    const started = clock.now();
    const clusterId = spec.cluster(key);
    let task: (TaskInfo & { at: number }) | undefined;
    let taskAsked = false;
    const followTasks = goal.tasksSince !== undefined && clusterId !== undefined;
    const refreshTask = async () => {
      taskAsked = true;
      const t = await describeTask(api, clusterId!, goal.tasksSince!, clock.now()).catch(() => undefined);
      if (t) task = { ...t, at: clock.now() };
    };
    /** The task's remaining time, counted down since it was read: when to look again. */
    const expectedInMs = () => {
      const left = task?.remainMs !== undefined ? task.remainMs - (clock.now() - task.at) : 0;
      return left > 0 ? left : undefined;
    };
    let divergedSince: number | undefined;
    let missingSince: number | undefined;
    let divergence = "";
    const what = goal.gone ? "gone" : "ready";
    const fixed = deps.schedule?.(spec.kind, op);

    const judge = (live: Props | undefined): Verdict => {
      if (goal.gone) return live === undefined ? { done: true } : { pending: spec.status(live) ?? "still present" };
      if (live === undefined) {
        // A fresh resource may not be visible to describe calls at once.
        missingSince ??= clock.now();
        if (op === "create" && clock.now() - missingSince <= convergeGraceMs) return { pending: "not visible yet" };
        return { failed: "it no longer exists (deleted outside Pulumi?); run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again" };
      }
      missingSince = undefined;
      const failure = spec.failed?.(live);
      if (failure) return { failed: failure };
      if (task?.error) return { failed: task.error };
      if (!spec.ready(live)) {
        divergedSince = undefined; // a transitional status: the change is under way
        return { pending: spec.status(live) ?? "not ready", retryInMs: fixed ? undefined : expectedInMs() };
      }
      if (goal.converge) {
        const off = goal.converge.fields.filter((f) => goal.converge!.want[f] !== undefined && !same(f, live[f], goal.converge!.want[f]));
        if (off.length) {
          divergedSince ??= clock.now();
          divergence = off.map((f) => `${f} did not change: wanted ${show(goal.converge!.want[f])}, the cloud reports ${show(live[f])}`).join("; ");
          if (clock.now() - divergedSince > convergeGraceMs) return { failed: `${goal.converge.actions} answered OK but the change did not take effect: ${divergence}` };
          return { pending: `${spec.status(live) ?? "ready"}, change not visible yet` };
        }
      }
      return { done: true };
    };

    const outage = outageGuard(api, label(id));
    const result = await waitFor<Props | undefined>({
      probe: async () => {
        let live = await readPrimary(api, key, goal.prior);
        // Fields only a further describe reports (a subscription's renewal) are read with it.
        if (live && goal.converge?.fields.some((f) => live![f] === undefined && goal.converge!.want[f] !== undefined)) live = await readFull(api, key, goal.prior, live);
        outage.answered();
        // The first time the resource is seen busy, ask the task how long it has left.
        if (followTasks && !taskAsked && live && !spec.ready(live)) await refreshTask();
        return live;
      },
      judge,
      timeoutMs: deadlineAt - clock.now(),
      tuning: fixed ?? (goal.immediate ? { ...deps.tuning, firstDelayMs: 0 } : deps.tuning),
      clock,
      random: deps.random,
      isTransient: outage.isTransient,
      onProgress: async (p) => {
        if (followTasks) await refreshTask();
        progress(`${label(id)}: waiting until ${what} — ${p.status}, ${formatMs(clock.now() - started)} elapsed${task ? `; ${task.line}` : ""}`);
      },
    });
    if (result.state === "done") return result.last ?? {};
    if (result.state === "failed") throw new ResourceFailedError(`${label(id)}: ${result.reason}`);
    throw new Error(`${label(id)}: not ${what} after ${formatMs(clock.now() - started)} (last: ${result.lastStatus ?? "no answer"}${divergence ? `; ${divergence}` : ""}). `
      + `Raise the deadline with the input \`timeouts: { ${op}: "…" }\` (default ${spec.timeouts[op]}) and run again.`);
  }

  /** True when the resource lives in a cluster (not the cluster itself) that is being deleted or is gone. */
  async function clusterGoing(api: Api, key: Key): Promise<boolean> {
    const clusterId = spec.cluster(key);
    if (!clusterId || spec.kind === "Cluster") return false;
    const s = await clusterStatus(api, clusterId).catch(() => "unknown");
    return s === undefined || s === "Deleting" || s === "Deleted";
  }

  async function waitClusterRunning(api: Api, clusterId: string, deadlineAt: number, goneIsFine = false): Promise<void> {
    const outage = outageGuard(api, `cluster ${clusterId}`);
    const r = await waitFor<string | undefined>({
      probe: async () => { const s = await clusterStatus(api, clusterId); outage.answered(); return s; },
      judge: (s): Verdict => s === "Running" ? { done: true }
        : s === undefined || s === "Deleted" || s === "Deleting"
          ? goneIsFine ? { done: true } : { failed: `cluster ${clusterId} ${s ? `is ${s}` : "does not exist"}` }
          : { pending: `cluster ${clusterId} is ${s}` },
      timeoutMs: deadlineAt - clock.now(),
      tuning: deps.tuning,
      clock,
      random: deps.random,
      isTransient: outage.isTransient,
      onProgress: (p) => progress(`waiting for cluster ${clusterId} to be Running — ${p.status}, ${formatMs(p.elapsedMs)} elapsed`),
    });
    if (r.state === "failed") throw new Error(r.reason);
    if (r.state === "timeout") throw new Error(`cluster ${clusterId} did not return to Running before the deadline (last: ${r.lastStatus})`);
  }

  // ----- the provider -----------------------------------------------------------------------

  return {
    async check(_olds, newsRaw) {
      const spelled = canonicalSpelling(strip(newsRaw));
      if ("failure" in spelled) return { inputs: newsRaw ?? {}, failures: [spelled.failure] };
      const news = spelled.inputs;
      const parsed = spec.inputs.safeParse(news);
      // The resource's identity (a hidden input) travels on to create, which derives its tokens from it.
      const identity = newsRaw?.[IDENTITY_KEY] !== undefined ? { [IDENTITY_KEY]: newsRaw[IDENTITY_KEY] } : {};
      if (parsed.success) {
        const forbidden = (spec.forbiddenChanges?.(strip(_olds), parsed.data as Props) ?? []).map((f) => ({ property: f.field, reason: f.problem }));
        const regional = regionalFailures(parsed.data as Props);
        const sold = regional.length ? [] : await offerFailures(strip(_olds), parsed.data as Props);
        const failures = [...adoptFailures(parsed.data as Props), ...regional, ...sold, ...forbidden];
        return failures.length ? { inputs: news, failures } : { inputs: { ...clean(parsed.data), ...identity } };
      }
      const exists = Object.keys(strip(_olds)).length > 0;
      const failures = firstPerPath(parsed.error.issues)
        .filter((issue) => issue.code === "unrecognized_keys" || !containsUnknown(valueAt(news, issue.path)))
        .filter((issue) => !(exists && keepsSecret(issue, news)))
        .map((issue) => failureOf(issue, news));
      if (failures.length) return { inputs: news, failures };
      if (parsed.error.issues.every((issue) => exists && keepsSecret(issue, news))) {
        const kept = fieldByField(news);
        const refused = [...regionalFailures(kept), ...(spec.forbiddenChanges?.(strip(_olds), kept) ?? []).map((f) => ({ property: f.field, reason: f.problem }))];
        return refused.length ? { inputs: news, failures: refused } : { inputs: { ...kept, ...identity } };
      }
      // Only unknown values failed: accept them, and apply defaults to what is missing.
      const inputs: Props = { ...news };
      for (const f of fields) {
        if (inputs[f] !== undefined) continue;
        const d = shape[f].safeParse(undefined);
        if (d.success && d.data !== undefined) inputs[f] = d.data;
      }
      const sold = await offerFailures(strip(_olds), inputs);
      if (sold.length) return { inputs: news, failures: sold };
      return { inputs: { ...clean(inputs), ...identity } };
    },

    /** oldInputs: the inputs of the last change, where the face has them (the plugin). */
    async diff(id, oldsRaw, newsRaw, oldInputs?: Props) {
      noteHeld(newsRaw?.[IDENTITY_KEY], id); // a replacement's create must not take this object over
      await primeDigests(strip(oldsRaw), strip(newsRaw), oldInputs);
      const c = changes(strip(oldsRaw), strip(newsRaw), oldInputs);
      c.managed = await withoutSameUnknowns(c.managed, strip(oldsRaw), strip(newsRaw));
      // A change registered for a window brings these to the declared value: nothing to do now.
      const records = scheduledOf(strip(oldsRaw));
      const covered = coveredFields(records, strip(newsRaw), same, clock.now());
      c.managed = c.managed.filter((f) => !covered.has(f));
      for (const r of records) {
        const why = lapsed(r, clock.now());
        if (why && Object.keys(r.targets).some((f) => c.managed.includes(f))) remark(`${label(id)}: the ${r.action} registered for ${r.plannedStart}–${r.plannedEnd} did not happen: ${why}; \`pulumi up\` registers it again`, "warning");
      }
      const replaces = replacing(c.managed, strip(oldsRaw), strip(newsRaw));
      if (!replaces.length) await cloudCheckFailures(id, c.managed, strip(oldsRaw), strip(newsRaw));
      // The dynamic-provider host cannot pass a detailed diff to the CLI, so name the fields here.
      // Names only: values may be secrets the program marked (the provider sees them unwrapped).
      if (c.managed.length) {
        progress(`${label(id)}: differs in ${c.managed.join(", ")}${replaces.length ? ` (replacement: ${replaces.join(", ")} cannot change in place)` : ""}`);
        const note = spec.changeNote?.(strip(oldsRaw), strip(newsRaw), c.managed);
        if (note) progress(`${label(id)}: ${note}`);
        const loss = replaces.length ? spec.replacementWarning?.(id, replaces, strip(oldsRaw)) : undefined;
        if (loss) remark(`${label(id)}: ${loss}`, "warning");
      }
      const result: dynamic.DiffResult = {
        changes: c.managed.length + c.local.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
      };
      changedFields.set(result, [...c.managed, ...c.local]);
      return result;
    },

    async create(raw) {
      const identity = typeof raw?.[IDENTITY_KEY] === "string" ? raw[IDENTITY_KEY] as string : undefined;
      const inputs = parseInputs(strip(raw));
      const regionId = regionOf(inputs);
      const api = apiIn(regionId);
      const deadlineAt = deadline("create", inputs);
      const startedAt = clock.now();
      const known: Partial<Key> = Object.fromEntries(spec.id.parts.filter((p) => typeof inputs[p] === "string").map((p) => [p, inputs[p] as string]));
      // Stable tokens where the create call answers with the object (its id, or the name the inputs
      // give); an object the answer does not name (a custom endpoint) is recognised by content.
      const stable = spec.create.clientToken === true && identity !== undefined && !spec.create.discover;
      const tokenParams = Object.fromEntries(Object.entries(spec.create.params(inputs)).filter(([k]) => !SECRET_PARAM.test(k)));

      let outcome: CreateOutcome;
      let key: Key;
      /** The inputs with encrypted secrets decrypted: for the calls only, never stored. */
      let sendable: Props | undefined;
      const adoptId = typeof inputs[ADOPT] === "string" ? inputs[ADOPT] as string : undefined;
      if (adoptId) {
        key = spec.id.parse(adoptId);
        outcome = await adoptExisting(api, key, inputs, identity, regionId);
      } else if (spec.create.takes) {
        outcome = await takeExisting(api, known, inputs, identity);
        key = keyOf(outcome.assigned, inputs);
      } else for (let generation = 0; ; generation++) {
        const token = !spec.create.clientToken ? undefined : stable ? stableToken(identity!, spec.kind, tokenParams, generation) : newToken();
        outcome = await createOnce(api, known, sendable ??= await reveal(regionId, () => spec.id.format(known), inputs), identity, token, deadlineAt);
        key = keyOf(outcome.assigned, inputs);
        if (!stable || outcome.adopted) break;
        // A replayed token answers with what it made then: use it only if it is alive and not the
        // object this resource already has (a replacement), else walk on to the next generation.
        const verdict = await replayVerdict(api, key, inputs, identity);
        if (verdict === "usable") break;
        if (generation + 1 >= MAX_GENERATIONS) throw new Error(`${spec.kind}: ${MAX_GENERATIONS} ClientToken generations of ${spec.create.action} answered with objects that are gone or already managed; this needs a person: please report it`);
        // A gone one is the usual case after a destroy: not worth a line. A replacement's is.
        if (verdict === "taken") remark(`${label(spec.id.format(key))}: ${spec.create.action} with this resource's ClientToken (generation ${generation}) answered with the object this resource replaces; creating with the next generation`);
      }
      const id = spec.id.format(key);
      claim(spec.kind, id);
      if (outcome.adopted) remark(`${label(id)}: ${outcome.adopted}; continuing with it`);
      else if (stable && outcome.preexisting) remark(`${label(id)}: it already existed and this resource's ClientToken answered with it: an earlier attempt of this resource made it (its answer was lost or its run interrupted); continuing with it`);
      // Taken over from an earlier attempt: secrets (a password changed since) are applied again.
      const recovered = outcome.adopted !== undefined || outcome.preexisting;

      let live: Props = {};
      try {
        live = await waitUntil(api, id, key, "create", deadlineAt, { tasksSince: spec.tasks ? startedAt : undefined, prior: inputs });
        if (spec.settleCluster) {
          await settle(api, key, deadlineAt);
          live = (await readPrimary(api, key, inputs)) ?? live; // what the cluster's change left
        }
        // What the create call cannot set (tags, maintenance window, deletion lock …) converges now.
        // Fields only a further describe reports (a MySQL time zone, a renewal) are read with it
        // first, so what the create call set already is not set twice.
        const convergeable = (spec.update ?? []).flatMap((g) => g.fields).filter((f) => inputs[f] !== undefined && !writeOnly.has(f) && !unread.has(f));
        if (convergeable.some((f) => live[f] === undefined)) live = (await readFull(api, key, inputs, live)) ?? live;
        for (const group of spec.update ?? []) {
          // Unread fields went with the create call and cannot be compared: not sent twice.
          // A taken object got no create call: its unread fields are sent now.
          const off = group.fields.filter((f) => inputs[f] !== undefined && (writeOnly.has(f)
            ? recovered
            : unread.has(f) ? spec.create.takes !== undefined : !same(f, live[f], inputs[f])));
          if (off.length) live = await applyGroup(api, id, key, group, off, sendsEncrypted(group) ? sendable ??= await reveal(regionId, () => id, inputs) : inputs, live, deadlineAt);
        }
        const full = (await readFull(api, key, inputs, live)) ?? live;
        return { id, outs: assemble(full, key, inputs, regionId) };
      } catch (err) {
        if (spec.create.keepOnFailure === false && err instanceof ResourceFailedError) throw err;
        // Record what exists: the last observed state, and the create-only values that were sent
        // (so the next `up` does not mistake the unobserved for a change that needs a replacement).
        const observed = (await readPrimary(api, key, inputs).catch(() => undefined)) ?? live;
        const sent = Object.fromEntries(spec.replaceOn.filter((f) => inputs[f] !== undefined).map((f) => [f, inputs[f]]));
        throw new PartialCreateError(id, assemble({ ...sent, ...observed }, key, inputs, regionId), [messageOf(err)]);
      }
    },

    async read(id, propsRaw) {
      const props = strip(propsRaw ?? {});
      const key = spec.id.parse(id);
      const regionId = regionOf(props);
      const live = await readFull(apiIn(regionId), key, props);
      if (!live) return {};
      const outs = assemble(live, key, props, regionId, props);
      const records = await refreshScheduled(apiIn(regionId), key, scheduledOf(props), live);
      if (records.length) outs[SCHEDULED] = records;
      return { id, props: outs };
    },

    async update(id, oldsRaw, newsRaw, oldInputs?: Props) {
      noteHeld(newsRaw?.[IDENTITY_KEY], id);
      const olds = strip(oldsRaw);
      const news = parseInputs(strip(newsRaw), true);
      await primeDigests(olds, news, oldInputs);
      const key = spec.id.parse(id);
      const regionId = regionOf(olds);
      const api = apiIn(regionId);
      const deadlineAt = deadline("update", news);
      const changed = new Set(changes(olds, news, oldInputs).managed);
      const replaceable = replacing([...changed], olds, news);
      if (replaceable.length) throw new Error(`${label(id)}: ${replaceable.join(", ")} cannot change in place (this needs a replacement; it is a provider bug to get here)`);

      // Ready first: a cluster may still be busy, or still creating after a partial create.
      let current = await waitUntil(api, id, key, "update", deadlineAt, { immediate: true, prior: news });
      let records = await refreshScheduled(api, key, scheduledOf(olds), current);
      const sched = spec.schedule;
      const windowText = sched && typeof news[sched.input] === "string" ? news[sched.input] as string : undefined;
      const cancel = async (r: ScheduledChange, why: string) => {
        if (sched && r.taskId && isActive(r, clock.now())) {
          const c = sched.cancel(key, r.taskId);
          const taskId = r.taskId;
          // Safe to repeat: a repeat refused after an unanswered attempt is judged by the task's status.
          await mutate(api, key, deadlineAt, c.action, () => api.request(c.action, c.params, { idempotent: true }))
            .catch(async (err: unknown) => {
              const waiting = async () => (await listScheduled(api, key)).some((t) => t.taskId === taskId && t.status === "pending");
              if (!(isApiError(err) && err.afterLostAnswer) || await waiting()) throw err;
            });
          remark(`${label(id)}: cancelled the ${r.action} registered for ${r.plannedStart} (task ${r.taskId}): ${why}`);
        }
        records = records.filter((x) => x !== r);
      };
      for (const group of spec.update ?? []) {
        const todo = group.fields.filter((f) => changed.has(f));
        if (!todo.length) continue;
        const action = group.action ?? "";
        const mine = records.find((r) => r.action === action);
        // The cloud has the declared values already: a registered change that has run, or an
        // earlier run's call whose answer was lost (or whose run was killed) before it was recorded.
        if (todo.every((f) => !writeOnly.has(f) && !unread.has(f) && same(f, current[f], news[f]))) { records = records.filter((r) => r !== mine); continue; }
        const plannable = sched !== undefined && windowText !== undefined && action !== "" && sched.allowed(group, news, { ...olds, ...current });
        if (plannable) {
          const targets = Object.fromEntries(group.fields.filter((f) => news[f] !== undefined).map((f) => [f, news[f]]));
          const sameTargets = mine && Object.keys(targets).every((f) => same(f, mine.targets[f], targets[f]));
          if (mine && isActive(mine, clock.now()) && sameTargets && mine.window === windowText) continue; // registered already
          if (mine) await cancel(mine, "the program asks for another value or window");
          const w = sched.window(windowText);
          const planned = sched.params(w);
          const { refused } = await callGroup(api, key, group, news, { ...olds, ...current }, deadlineAt, planned);
          const task = (await listScheduled(api, key)).find((t) => t.action === action && t.status === "pending");
          // A repeat refused (ScheduleTaskExist) after an unanswered attempt: the pending task is that attempt's.
          if (refused && !task) throw refused;
          const at = (ms: number) => new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z");
          records = [...records.filter((r) => r !== mine), { action, targets, window: windowText, plannedStart: at(w.start), plannedEnd: at(w.end), taskId: task?.taskId, status: "pending" }];
          remark(`${label(id)}: ${todo.join(", ")} will change in the window ${at(w.start)}–${at(w.end)} (${action}, task ${task?.taskId ?? "?"}); \`pulumi up\` does not wait for it — refresh shows its status`);
          continue;
        }
        if (mine) await cancel(mine, windowText ? "this change cannot wait for a window; it runs now" : "plannedWindow was removed; the change runs now");
        else if (windowText && !plannable) remark(`${label(id)}: ${todo.join(", ")} cannot wait for a window (the reference plans upgrades and zone moves only); changing now`);
        current = await applyGroup(api, id, key, group, todo, sendsEncrypted(group) ? await reveal(regionId, () => id, news) : news, { ...olds, ...current }, deadlineAt);
      }
      // Registered changes the program no longer wants (it went back to the live value): cancelled.
      for (const r of [...records]) {
        if (isActive(r, clock.now()) && Object.keys(r.targets).some((f) => news[f] !== undefined && !same(f, r.targets[f], news[f]))) await cancel(r, "the program no longer asks for it");
      }
      const live = await readFull(api, key, news);
      if (!live) throw new Error(`${label(id)} disappeared during the update`);
      const outs = assemble(live, key, news, regionId, olds);
      if (records.length) outs[SCHEDULED] = records;
      return { outs };
    },

    async delete(id, oldsRaw) {
      const olds = strip(oldsRaw);
      const key = spec.id.parse(id);
      const api = apiIn(regionOf(olds));
      const deadlineAt = deadline("delete", olds);
      const how = spec.delete;
      if ("leaves" in how) {
        remark(`${label(id)}: removed from the state only; ${how.leaves}`, "warning");
        return;
      }
      const protection = spec.deletionProtection;
      const blocker = spec.deleteBlocker;
      if (protection || blocker) {
        const live = await readPrimary(api, key, olds);
        if (!live) return; // already gone
        // Both decided before anything changes: a refusal or a left object keeps every setting.
        const locked = protection?.isOn(live) === true;
        if (locked && olds[protection!.optIn] !== true) throw new Error(protection!.refusal(id));
        if (blocker?.blocks(live)) {
          if (olds[blocker.optIn] !== true) {
            remark(`${label(id)}: ${blocker.left(id, live)}`, "warning");
            return;
          }
          const c = blocker.unblock(key);
          const token = newToken();
          await mutate(api, key, deadlineAt, c.action, () => api.request(c.action, { ...c.params, ClientToken: token }));
          const fields = Object.keys(blocker.unblocked);
          await waitUntil(api, id, key, "delete", deadlineAt, { converge: { fields, want: blocker.unblocked, actions: c.action }, immediate: true, prior: olds });
          remark(`${label(id)}: ${c.action} done (${blocker.optIn} is true): ${fields.map((f) => `${f} is ${show(blocker.unblocked[f])}`).join(", ")}; deleting it now`);
        }
        if (locked) {
          const lift = protection!.lift(key);
          await mutate(api, key, deadlineAt, lift.action, () => api.request(lift.action, lift.params));
          remark(`${label(id)}: deletion protection lifted (${protection!.optIn} is true)`);
        }
      }
      try {
        // Safe to repeat after a lost answer: the second call finds it gone (NotFound: done) or going (busy: waits).
        await mutate(api, key, deadlineAt, how.action, () =>
          api.request(how.action, { ...spec.id.params(key), ...how.params?.(key, olds) }, { idempotent: true }));
      } catch (err) {
        if (isNotFound(err)) return;
        // Its cluster is being released (destroy deletes both when the program does not link them,
        // as after `pulumi import`): what lives in the cluster goes with it.
        if (await clusterGoing(api, key)) {
          progress(`${label(id)}: its cluster ${spec.cluster(key)} is being deleted, and it goes with it`);
          return;
        }
        // A lost answer, repeated: the second call may be refused because the first one is being
        // carried out. What the cloud shows now decides: gone or going means the delete was applied.
        const now = how.restoresDefault ? "present" : await readPrimary(api, key, olds).then((l) => (l === undefined ? "gone" : isGoing(l) ? "going" : "present"), () => "present");
        if (now === "gone") return;
        if (now !== "going") throw err;
        progress(`${label(id)}: ${how.action} answered ${messageOf(err)}, but it is already being deleted; waiting until it is gone`);
      }
      if (!how.restoresDefault) await waitUntil(api, id, key, "delete", deadlineAt, { gone: true, prior: olds });
      await settle(api, key, deadlineAt, true); // a cluster that is itself going away is fine here
    },
  };

  // ----- creating: one call that knows what an earlier attempt made --------------------------

  function keyOf(assigned: Record<string, string>, inputs: Props): Key {
    return Object.fromEntries(spec.id.parts.flatMap((p) => {
      const v = { ...inputs, ...assigned }[p];
      return v === undefined ? [] : [[p, String(v)]];
    }));
  }

  /** Every readable field the program sets has the live value: what this create would have made. */
  function matchesInputs(live: Props, inputs: Props): boolean {
    // The id's parts named the object that was read; the rest must be as declared.
    return managed.every((f) => inputs[f] === undefined || spec.id.parts.includes(f) || writeOnly.has(f) || unread.has(f) || same(f, live[f], inputs[f]));
  }

  /**
   * `adopt: "<id>"`: the object exists; take it under management instead of creating one. What
   * cannot change in place must already be as declared (adopting never replaces or deletes);
   * the rest converges in place, as after a create. Secrets (a password) are set to the declared ones.
   */
  async function adoptExisting(api: Api, key: Key, inputs: Props, identity: string | undefined, regionId: string): Promise<CreateOutcome> {
    const id = spec.id.format(key);
    const live = await readPrimary(api, key, inputs);
    if (!live || spec.gone?.(live) || isGoing(live)) {
      throw new Error(`${label(id)}: adopt names ${id}, which does not exist in region ${regionId}${live ? ` (it is ${spec.status(live) ?? "being deleted"})` : ""}. `
        + "Check the id and the region (regionId, polardb:region), or remove adopt to create a new one.");
    }
    if (isTaken(spec.kind, identity, id)) throw new Error(`${label(id)}: adopt names ${id}, which another resource of this program already manages; adopt it once.`);
    const changed = managed.filter((f) => inputs[f] !== undefined && live[f] !== undefined && !same(f, live[f], inputs[f]));
    const differs = replacing(changed, live, inputs);
    if (differs.length) {
      throw new Error(`${label(id)}: not adopted, because ${differs.map((f) => `${f} is ${JSON.stringify(live[f])} in the cloud but ${JSON.stringify(inputs[f])} in the program`).join("; ")}. `
        + `${differs.length > 1 ? "These cannot" : "This cannot"} change in place, so managing it as declared would replace (delete) it. Declare the cloud's value${differs.length > 1 ? "s" : ""} to adopt it as it is; nothing was changed.`);
    }
    return { assigned: key, adopted: `adopted ${id} (adopt); what differs from the program is changed in place now`, preexisting: true };
  }

  /**
   * spec.create.takes: the object came with its parent; find it and take it under management,
   * no call that changes anything. One resource of this program per object.
   */
  async function takeExisting(api: Api, known: Partial<Key>, inputs: Props, identity: string | undefined): Promise<CreateOutcome> {
    const takes = spec.create.takes!;
    const r = await api.request(spec.create.action, { ...spec.id.params(known), ...spec.create.params(inputs) }, { schema: spec.create.response, idempotent: true });
    const item = takes.items(r).find((it) => takes.pick(it, inputs));
    if (!item) throw new Error(`${spec.kind}: ${takes.missing(known)}`);
    const assigned = takes.assigns(item);
    const id = spec.id.format(keyOf(assigned, inputs));
    if (isTaken(spec.kind, identity, id)) throw new Error(`${label(id)}: another ${spec.kind} resource of this program already manages it; declare it once.`);
    return { assigned, adopted: `took ${id} under management (it comes with its cluster); what differs from the program is changed in place now`, preexisting: true };
  }

  /** spec.cloudCheck on the changed known fields: problems fail the preview; a cloud that cannot be asked is noted and passes. */
  async function cloudCheckFailures(id: string, changed: readonly string[], olds: Props, news: Props): Promise<void> {
    const check = spec.cloudCheck;
    if (!check || !catalogueChecksOn() || !check.fields.some((f) => changed.includes(f) && !containsUnknown(news[f]))) return;
    let problems: Array<{ field: string; problem: string; warning?: boolean }>;
    try {
      problems = await check.problems(spec.id.parse(id), olds, news, apiIn(regionOf(olds)));
    } catch (err) {
      remark(`${label(id)}: could not ask the cloud to check ${check.fields.join(", ")} (${messageOf(err)}); checked the form only`);
      return;
    }
    for (const p of problems.filter((x) => x.warning)) remark(`${label(id)}: ${p.field}: ${p.problem}`, "warning");
    const failures = problems.filter((x) => !x.warning);
    if (failures.length) throw new Error(`${label(id)}: ${failures.map((p) => `${p.field}: ${p.problem}`).join("; ")}`);
  }

  /** The cloud's scheduled tasks of this resource (none without a schedule spec). */
  async function listScheduled(api: Api, key: Key): Promise<Array<{ taskId: string; action: string; status: string }>> {
    const t = spec.schedule?.tasks;
    if (!t) return [];
    return t.items(await api.request(t.action, t.params?.(key) ?? spec.id.params(key), { schema: t.response }));
  }

  /** Registered changes with the cloud's current status; those that ran and show in the live values are done. */
  async function refreshScheduled(api: Api, key: Key, records: ScheduledChange[], live: Props): Promise<ScheduledChange[]> {
    if (!records.length || !spec.schedule) return records;
    const tasks = await listScheduled(api, key);
    return records
      .map((r) => {
        const t = tasks.find((x) => (r.taskId ? x.taskId === r.taskId : x.action === r.action));
        return t ? { ...r, taskId: t.taskId, status: t.status } : r;
      })
      .filter((r) => !(Object.keys(r.targets).every((f) => same(f, live[f], r.targets[f])) && !isActive(r, clock.now())));
  }

  /** adopt must be an id of this kind, and agree with the inputs that are parts of the id. */
  function adoptFailures(inputs: Props): Array<{ property: string; reason: string }> {
    const adoptId = inputs[ADOPT];
    if (typeof adoptId !== "string" || containsUnknown(adoptId)) return [];
    let key: Key;
    try {
      key = spec.id.parse(adoptId);
    } catch (err) {
      return [{ property: ADOPT, reason: `${messageOf(err)} (the id ${spec.kind}.get takes)` }];
    }
    return spec.id.parts
      .filter((p) => typeof inputs[p] === "string" && !containsUnknown(inputs[p]) && inputs[p] !== key[p])
      .map((p) => ({ property: ADOPT, reason: `names ${p} "${key[p]}", but ${p} is "${inputs[p]}"` }));
  }

  /**
   * One create call under the cluster's lock, with what comes before and after it:
   *   - a resource named by its inputs that already exists exactly as declared was made by an
   *     earlier attempt (a lost answer, a killed run) and is taken over without a call; one that
   *     differs is someone else's: refused where the call would overwrite it (refuseExisting),
   *     else the cloud answers (…Duplicate). With a stable ClientToken the call itself decides
   *     (a replay answers OK, someone else's object a Duplicate), so it is made anyway;
   *   - a resource the answer does not name (discover) is listed first: a listed object that
   *     matches the inputs in full (spec.create.discover.recognise) and is nobody's is taken over;
   *   - an answer lost after the call may have been applied: a named resource is looked up (it did
   *     not exist before the call, so finding it means the call was applied) and the call is made
   *     again if it is absent; a discovered one is searched for among the newcomers.
   */
  async function createOnce(api: Api, known: Partial<Key>, inputs: Props, identity: string | undefined, token: string | undefined, deadlineAt: number): Promise<CreateOutcome> {
    const discover = spec.create.discover;
    const named = spec.id.parts.every((p) => known[p] !== undefined);
    return mutate(api, known, deadlineAt, spec.create.action, async () => {
      let preexisting = false;
      let before = new Set<string>();
      if (named) {
        const existing = await readPrimary(api, known as Key, inputs);
        if (existing) {
          preexisting = true;
          const id = spec.id.format(known);
          if (!token || !spec.create.clientToken || !identity) {
            if (matchesInputs(existing, inputs) && !isTaken(spec.kind, identity, id)) {
              // A setting every cluster has (a backup policy) was not made by anyone: say what is true.
              const setting = "leaves" in spec.delete || spec.delete.restoresDefault === true;
              return { assigned: {}, adopted: setting ? "the cloud already holds these settings exactly as declared; nothing was changed" : "found it already exactly as declared (made by an earlier attempt of this resource whose answer was lost or whose run was interrupted)", preexisting };
            }
            if (spec.create.refuseExisting) {
              throw new Error(`${label(id)} already exists with other settings and is not managed by this stack; creating it would overwrite it. `
                + `Choose another name, remove it first, or take it under management with \`adopt: "${id}"\` (then what differs is changed in place). `
                + "An object holding exactly the declared settings is taken over as this resource's own without asking.");
            }
          }
        }
      } else if (discover) {
        const items = discover.items(await api.request(discover.list.action, discover.list.params?.(known as Key) ?? spec.id.params(known), { schema: discover.list.response }));
        before = new Set(items.map(discover.idOf));
        const own = items.find((it) => discover.recognise?.(it, inputs) && !isTaken(spec.kind, identity, spec.id.format(keyOf(discover.assigns(it), inputs))));
        if (own) return { assigned: discover.assigns(own), adopted: "found it already listed exactly as declared (made by an earlier attempt of this resource whose answer was lost or whose run was interrupted)", preexisting: true };
      }
      // A setting that exists already, with nothing declared for this call: the update groups converge the rest.
      if (named && preexisting && spec.create.when && !spec.create.when(inputs as never)) return { assigned: {}, preexisting };
      const params = { ...spec.id.params(known), ...spec.create.params(inputs), ...(token ? { ClientToken: token } : {}) };
      for (let tries = 1; ; tries++) {
        try {
          const answer = await api.request(spec.create.action, params, { schema: spec.create.response });
          const assigned = { ...spec.create.assigns?.(answer, inputs), ...(discover ? await discoverNew(api, known as Key, inputs, before, deadlineAt) : {}) };
          return { assigned, preexisting };
        } catch (err) {
          // Only a failure after which the call may have been carried out is looked into; and a
          // call with a ClientToken was already repeated by the client, safely.
          if (!mayBeApplied(err) || (token && !discover)) throw err;
          if (discover) {
            const found = await discoverNew(api, known as Key, inputs, before, Math.min(deadlineAt, clock.now() + convergeGraceMs)).catch(() => undefined);
            if (!found) throw err;
            return { assigned: found, adopted: `the answer to ${spec.create.action} was lost (${messageOf(err)}), but the new resource is listed`, preexisting: false };
          }
          if (!named || preexisting) throw err;
          const now = await readPrimary(api, known as Key, inputs).catch(() => undefined);
          if (now) return { assigned: {}, adopted: `the answer to ${spec.create.action} was lost (${messageOf(err)}), but the call was carried out`, preexisting: false };
          if (tries >= 4) throw err;
          remark(`${label(spec.id.format(known))}: the answer to ${spec.create.action} was lost (${messageOf(err)}) and it does not exist: the call was not carried out; sending it again (attempt ${tries + 1} of 4)`);
        }
      }
    });
  }

  /** After a create with a stable token: is what the answer names alive, and nobody else's here? */
  async function replayVerdict(api: Api, key: Key, inputs: Props, identity: string | undefined): Promise<"usable" | "gone" | "taken"> {
    if (isTaken(spec.kind, identity, spec.id.format(key))) return "taken";
    const t = { ...DEFAULT_TUNING, ...definedTuning(deps.tuning) };
    // A fresh object is listed at once; give a slow listing a few looks before calling it gone.
    let absent = 0;
    for (let look = 1; absent < 3; look++) {
      const live = await readPrimary(api, key, inputs).catch((err) => {
        if (TRANSIENT.has(classify(err)) && look < 10) return "unknown" as const;
        throw err;
      });
      if (live && live !== "unknown") return spec.failed?.(live) ? "gone" : "usable";
      if (live === undefined) absent++;
      if (absent < 3) await clock.sleep(t.minDelayMs);
    }
    return "gone";
  }

  async function discoverNew(api: Api, key: Key, inputs: Props, before: Set<string>, deadlineAt: number): Promise<Record<string, string>> {
    const d = spec.create.discover!;
    let found: any;
    const outage = outageGuard(api, `${spec.kind} on ${spec.cluster(key) ?? "its cluster"}`);
    const r = await waitFor<any[]>({
      probe: async () => {
        const items = d.items(await api.request(d.list.action, d.list.params?.(key) ?? spec.id.params(key), { schema: d.list.response }));
        outage.answered();
        return items;
      },
      judge: (items) => {
        found = items.find((it) => !before.has(d.idOf(it)) && (d.matches?.(it, inputs) ?? true));
        return found ? { done: true } : { pending: "the new resource is not listed yet" };
      },
      timeoutMs: deadlineAt - clock.now(),
      tuning: deps.tuning,
      clock,
      random: deps.random,
      isTransient: outage.isTransient,
    });
    if (r.state !== "done") throw new Error(`${spec.kind}: ${spec.create.action} answered OK, but the new resource never appeared in ${d.list.action}`);
    return d.assigns(found);
  }
}

// ---------------------------------------------------------------------------------------------
// Cluster-level probes shared by every resource (everything lives on a cluster)

async function clusterStatus(api: Api, clusterId: string): Promise<string | undefined> {
  try {
    const r = await api.request<Record<string, unknown>>("DescribeDBClusterAttribute", { DBClusterId: clusterId });
    return typeof r.DBClusterStatus === "string" ? r.DBClusterStatus : "unknown";
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

interface TaskInfo { line: string; remainMs?: number; error?: string }

/** DescribeTasks rows: the documented fields, all optional and lenient. */
const taskSchema = listOf(z.looseObject({
  TaskAction: z.string().optional(), CurrentStepName: z.string().nullish(), StepProgressInfo: z.string().nullish(),
  Progress: looseNumber.optional(), Remain: looseNumber.optional(), BeginTime: z.string().optional(),
  TaskErrorCode: z.string().nullish(), TaskErrorMessage: z.string().nullish(), TaskId: looseString.optional(),
}), "Task");

/** The cluster's latest task (DescribeTasks): a progress line, the remaining time, a failure. */
async function describeTask(api: Api, clusterId: string, since: number, now: number): Promise<TaskInfo | undefined> {
  const r = await api.request<Record<string, unknown>>("DescribeTasks", {
    DBClusterId: clusterId, StartTime: minuteStamp(since - 60_000), EndTime: minuteStamp(now + 3_600_000),
  });
  const tasks = taskSchema.parse((r as { Tasks?: unknown }).Tasks) as Array<Record<string, any>>;
  const t = tasks.sort((a, b) => String(b.BeginTime ?? "").localeCompare(String(a.BeginTime ?? "")))[0];
  if (!t) return undefined;
  const step = [t.CurrentStepName, t.StepProgressInfo && `(step ${t.StepProgressInfo})`].filter(Boolean).join(" ");
  const remainMs = typeof t.Remain === "number" && t.Remain > 0 ? t.Remain * 1000 : undefined;
  return {
    line: `task ${t.TaskAction ?? t.TaskId ?? ""}${step ? ` ${step}` : ""}${t.Progress !== undefined ? ` ${t.Progress}%` : ""}${remainMs ? `, about ${formatMs(remainMs)} left` : ""}`,
    remainMs,
    error: t.TaskErrorCode ? `task ${t.TaskAction ?? ""} failed: ${t.TaskErrorCode}${t.TaskErrorMessage ? `: ${t.TaskErrorMessage}` : ""}` : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers

/** Inputs and outputs without the host's `__provider` (and other reserved keys) or undefined values. */
function strip(p: Props | undefined): Props {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([k, v]) => !k.startsWith("__") && v !== undefined));
}

/** One message per field: a value that breaks two rules reads better as the first one. */
function firstPerPath<T extends { path: readonly PropertyKey[] }>(issues: readonly T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = i.path.map(String).join(".");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function clean(p: Props): Props {
  return JSON.parse(JSON.stringify(p)) as Props;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === UNKNOWN) return UNKNOWN; // everything below an unknown is unknown
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** JSON with sorted keys: equal data compares equal whatever the key order. */
export function canonical(v: unknown): string {
  if (v === undefined) return "undefined";
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : x));
}

function show(v: unknown): string {
  return v === undefined ? "nothing" : JSON.stringify(v);
}

function outageFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.POLARDB_OUTAGE_MS;
  if (v === undefined || v === "") return 300_000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`POLARDB_OUTAGE_MS must be a positive number of milliseconds, got "${v}"`);
  return n;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return [h && `${h}h`, m && `${m}m`, (r || (!h && !m)) && `${r}s`].filter(Boolean).join("");
}

function minuteStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + "Z";
}
