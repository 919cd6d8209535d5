/**
 * A resource is data: its input schema, its id, which inputs force replacement, how inputs map
 * to the create call, how the describe response maps to outputs, one update handler per group of
 * fields, the delete call, and what "ready" and "gone" mean. The engine (engine/) turns a spec into the
 * dynamic provider's check/diff/create/read/update/delete. Resource files import this module and
 * zod only — if a spec needs a loop, a retry or a wait, the engine is missing a feature.
 */
import { z } from "zod";
import type { Offer } from "../reference/offer";

// ---------------------------------------------------------------------------------------------
// Unknown values (preview)

/** What an input that is not known yet (another resource's output during preview) looks like. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shapes shared by the engine and the specs

export type Props = Record<string, unknown>;
export type Params = Record<string, unknown>;
/** The parts of an id, by input name: { dbClusterId: "pc-…", accountName: "app" }. */
export type Key = Record<string, string>;

export interface ApiCall { action: string; params: Params }

/** The client surface the engine needs (PolarDBClient satisfies it). */
export interface Api {
  request<T = Record<string, any>>(action: string, params?: Record<string, unknown>,
    opts?: { schema?: z.ZodType<T>; idempotent?: boolean; timeoutMs?: number; signal?: AbortSignal }): Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// Ids

export interface IdCodec {
  /** Input names the id is made of, in order. */
  readonly parts: readonly string[];
  /** "<dbClusterId>:<accountName>", for messages and docs. */
  readonly shape: string;
  format(values: Record<string, unknown>): string;
  /** Throws a message naming the expected shape when the id does not fit. */
  parse(id: string): Key;
  /** The API parameters that name the resource. */
  params(key: Partial<Key>): Params;
}

/**
 * An id made of input values joined by ":" (`pc-x:app`), each part mapped to its API parameter.
 * Parts the API assigns (a new cluster's id) come from the create response (`create.assigns`).
 */
export function compositeId(map: Record<string, string>, patterns: Record<string, RegExp> = {}, opts: { optionalLast?: boolean } = {}): IdCodec {
  const parts = Object.keys(map);
  // With optionalLast, the last part may be absent (`pc-x` or `pc-x:pe-y`): a setting that is
  // per cluster on one engine and per endpoint on another.
  const last = parts[parts.length - 1];
  const optional = (p: string) => opts.optionalLast === true && p === last;
  const shape = parts.map((p) => (optional(p) ? `[:<${p}>]` : `<${p}>`)).join(":").replace(/:\[:/, "[:");
  return {
    parts,
    shape,
    format(values) {
      return parts.flatMap((p) => {
        const v = values[p];
        if (optional(p) && (v === undefined || v === "")) return [];
        if (typeof v !== "string" || v === "" || v.includes(":")) throw new Error(`cannot form an id of shape ${shape}: ${p} is ${v === undefined ? "missing" : "not a plain non-empty string"}`);
        return [v];
      }).join(":");
    },
    parse(id) {
      const pieces = typeof id === "string" ? id.split(":") : [];
      const countOk = pieces.length === parts.length || (opts.optionalLast === true && pieces.length === parts.length - 1);
      const bad = !countOk || pieces.some((x, i) => x === "" || (patterns[parts[i]] && !patterns[parts[i]].test(x)));
      if (bad) throw new Error(`"${id}" is not a valid id here: expected ${shape}${Object.keys(patterns).length ? ` (${Object.entries(patterns).map(([k, r]) => `${k} matching ${r}`).join(", ")})` : ""}`);
      return Object.fromEntries(parts.flatMap((p, i) => (pieces[i] === undefined ? [] : [[p, pieces[i]]])));
    },
    params(key) {
      return Object.fromEntries(parts.filter((p) => key[p] !== undefined).map((p) => [map[p], key[p]]));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The spec

export type AnyObjectSchema = z.ZodObject<any, any>;
type Field<S extends AnyObjectSchema> = keyof z.output<S> & string;

export interface ReadCall<R = any> {
  action: string;
  /** Default: the id's parameters. */
  params?: (key: Key) => Params;
  response?: z.ZodType<R>;
}

export interface ReadSpec<R = any, Row = any> extends ReadCall<R> {
  /** The resource's row in the response (exact match); undefined means it does not exist. */
  pick?: (response: R, key: Key) => Row | undefined;
  /**
   * Live outputs, named as the inputs for managed fields. `prior` is what the program manages
   * (the inputs at create, the stored outputs later): a resource that manages part of a larger
   * set (some of a cluster's parameters) reads back only that part.
   */
  outputs: (row: Row, key: Key, prior: Props) => Props;
  /**
   * Further describes adding outputs (connection addresses). Skipped while polling, and when `when` says so.
   * `prior` as for `outputs` (a revision code the cloud reports only by name is judged against the one asked for).
   */
  enrich?: Array<ReadCall & { outputs: (response: any, key: Key, primary: Props, prior: Props) => Props; when?: (primary: Props) => boolean }>;
}

export interface CreateSpec<I> {
  action: string;
  /** Request parameters; the id parts known from the inputs are added by the engine. */
  params: (inputs: I) => Params;
  /**
   * For a setting that always exists (a backup policy): the call is made only when this says the
   * inputs give it something to set; otherwise the update groups alone converge what is declared.
   */
  when?: (inputs: I) => boolean;
  response?: z.ZodType;
  /** Send a ClientToken (one per create call, reused by the client's own retries). */
  clientToken?: boolean;
  /**
   * Whether a create whose resource the cloud reports as failed is recorded in the state
   * (default true: the next `up` continues from it). False where a failed resource can be neither
   * continued nor deleted (a migration task): the error stands alone and the next `up` creates
   * afresh. A timeout is always recorded (the resource may still finish).
   */
  keepOnFailure?: boolean;
  /**
   * The create call would silently take over an existing resource of the same id (a whitelist
   * group written with ModifyMode=Cover): look first, and refuse with how to adopt it instead.
   */
  refuseExisting?: boolean;
  /** Id parts the API assigns, taken from the create response (`{ dbClusterId: r.DBClusterId }`). */
  assigns?: (response: any, inputs: I) => Record<string, string>;
  /**
   * For APIs whose create response does not carry the new id: list before the call, then poll
   * the list until a newcomer that matches the inputs appears.
   */
  discover?: {
    list: ReadCall;
    items: (response: any) => any[];
    idOf: (item: any) => string;
    matches?: (item: any, inputs: I) => boolean;
    /**
     * An already listed item this create would have made, in full (set where the inputs say
     * enough to tell it from others, e.g. a description): taken over after a killed run instead of
     * made twice. Items that resources of this process hold are never taken.
     */
    recognise?: (item: any, inputs: I) => boolean;
    assigns: (item: any) => Record<string, string>;
  };
  /**
   * The object cannot be made: it comes with its parent (a cluster's Cluster and Primary
   * endpoints). Create then makes no change: it calls `action` (a list), takes the one item `pick`
   * finds under management (refused when another resource of this program holds it), and the
   * update groups apply what is declared, unread fields included. Pair with `delete: { leaves }`.
   */
  takes?: {
    items: (response: any) => any[];
    pick: (item: any, inputs: I) => boolean;
    assigns: (item: any) => Record<string, string>;
    /** Why nothing was found, and what to do. */
    missing: (known: Partial<Key>) => string;
  };
}

export interface ScheduleSpec {
  /** The input holding the window (a local input: it is not sent unless a change is registered). */
  input: string;
  window: (text: string) => { start: number; end: number };
  params: (w: { start: number; end: number }) => Params;
  /** Whether this group's change may wait for a window (a class downgrade may not: it runs now). */
  allowed: (group: UpdateGroup<any>, news: Props, live: Props) => boolean;
  /** The resource's scheduled tasks as the cloud lists them. */
  tasks: ReadCall & { items: (response: any) => Array<{ taskId: string; action: string; status: string }> };
  cancel: (key: Key, taskId: string) => ApiCall;
}

export interface UpdateGroup<I> {
  /** Inputs this handler changes; after it, the engine checks that exactly these converged. */
  fields: readonly string[];
  /** The Modify* action with its parameters (the id's parameters are added) … */
  action?: string;
  params?: (news: I, olds: Props, key: Key) => Params;
  /** … or several calls (tags: TagResources for new values, UntagResources for removed keys). */
  calls?: (news: I, olds: Props, key: Key) => ApiCall[];
  /** The actions `calls` may make, named in the generated docs ("GrantAccountPrivilege"). */
  apis?: readonly string[];
  clientToken?: boolean;
}

export interface DeletionProtection<I> {
  isOn: (live: Props) => boolean;
  /** The input that allows lifting the protection on destroy (a local input: delete sees outputs only). */
  optIn: keyof I & string;
  lift: (key: Key) => ApiCall;
  /** Why destroy refuses, and how to turn the protection off. */
  refusal: (id: string) => string;
}

/**
 * A state in which the cloud refuses the delete call (a subscription cluster: DeleteDBCluster
 * refuses Prepaid). With the opt-in, destroy first changes the object out of that state (with a
 * ClientToken), waits until the cloud shows it, then deletes; without it, destroy leaves the
 * object in the cloud, drops it from the state, and says so as a warning on the resource.
 */
export interface DeleteBlocker<I> {
  blocks: (live: Props) => boolean;
  /** The input that allows the change on destroy (a local input: delete sees outputs only). */
  optIn: keyof I & string;
  /** The call that leaves the blocking state, and the live values that show it done. */
  unblock: (key: Key) => ApiCall;
  unblocked: Props;
  /** What destroy did without the opt-in, why, and what to do now. */
  left: (id: string, live: Props) => string;
}

export interface Timeouts { create: string; update: string; delete: string }

/**
 * How destroy works: a delete call, then a wait until the describe no longer finds it; or, for a
 * setting that always exists (SSL, the SQL collector), a call that restores the default, then a
 * wait for the cluster only; or nothing at all, with the reason (`leaves`), where the API has no
 * way to undo it (a finished migration, a backup policy every cluster must have).
 */
export type DeleteSpec =
  | { action: string; params?: (key: Key, olds: Props) => Params; restoresDefault?: boolean }
  | { leaves: string };

export interface ResourceSpec<S extends AnyObjectSchema = AnyObjectSchema> {
  kind: string;
  /** The API the resource belongs to (default PolarDB; migration tasks are RDS). */
  product?: "polardb" | "rds";
  inputs: S;
  id: IdCodec;
  /** Inputs that cannot change in place: changing one replaces the resource. */
  replaceOn: readonly Field<S>[];
  /** Set where names are unique, so the old resource must go before the new one can exist. */
  deleteBeforeReplace?: boolean;
  /** A field that replaces only together with others (a vSwitch changes in place with a zone move, else replaces). */
  replaceIf?: (field: string, olds: Props, news: Props, changed: readonly string[]) => boolean;
  /**
   * An unknown new value that still names the same object as before, when this says so. The
   * dynamic host gives a resource that is only being updated no outputs in preview, so a child's
   * reference to one of its stable outputs (a cluster's primaryEndpointId) is unknown there; this
   * tells "the same object, not known yet" from a real change. May read the cloud (read-only).
   */
  sameWhenUnknown?: Partial<Record<Field<S>, (olds: Props, news: Props, api: Api) => Promise<boolean>>>;
  /** Outputs (no inputs) that no in-place update changes (a cluster's primaryEndpointId): the plugin's preview keeps them known and Diff names them stable. */
  stableOutputs?: readonly string[];
  /** Changes preview refuses outright (TDE cannot be turned off): failures by field, from the old and new inputs. */
  forbiddenChanges?: (olds: Props, news: Props) => Array<{ field: string; problem: string }>;
  /** What a replacement destroys, said in preview as a warning (a cluster's data). */
  replacementWarning?: (id: string, replaces: readonly string[], olds: Props) => string | undefined;
  /** Changes that may run in a window instead of now (see resources/cluster-schedule.ts and provider/scheduled.ts). */
  schedule?: ScheduleSpec;
  /** Other spellings of an input's name (@pulumi/alicloud's), mapped to ours before anything else. */
  aliases?: Record<string, string>;
  /** Other spellings of an input's values (@pulumi/alicloud's PostPaid …, a number's by its digits: `{ "1": true }`), mapped to ours. */
  valueAliases?: Record<string, Record<string, unknown>>;
  /** Rules that need the region the resource lands in (a zone of that region …): failures by field. */
  regional?: (inputs: z.output<S>, regionId: string) => Array<{ field: string; problem: string }>;
  /**
   * Preview's check against what the cloud sells now: the engine asks DescribeDBClusterAvailableResources
   * once per process, region and pay type (provider/offer.ts) and passes the answer, or undefined when
   * the cloud could not be asked (then judge by the built-in tables, reference/catalogue.ts). Known
   * values only; skipped when none of `fields` changed (what exists stays acceptable) and on adoption.
   */
  offerCheck?: {
    fields: readonly Field<S>[];
    payType?: (inputs: Props) => string | undefined;
    problems: (inputs: Props, offer: Offer | undefined) => Array<{ field: string; problem: string }>;
  };
  /**
   * Preview's check of a change against what the cloud offers this very object (a cluster's
   * upgradable revisions): run by diff when one of `fields` changes to a known value, read-only.
   * Problems fail the preview naming the field; a cloud that cannot be asked leaves the form check only.
   * A `warning` is said without failing: diff also serves refresh (live outputs against the last
   * inputs), where drift the program has to follow must not make the refresh itself fail.
   */
  cloudCheck?: {
    fields: readonly Field<S>[];
    problems: (key: Key, olds: Props, news: Props, api: Api) => Promise<Array<{ field: string; problem: string; warning?: boolean }>>;
  };
  /** Secret inputs never read back nor echoed: outputs keep only a salted digest for diffs. */
  writeOnly?: readonly Field<S>[];
  /**
   * Secrets that may be given encrypted with KMS instead (`kmsEncryptedPassword` for
   * `accountPassword`): the engine decrypts the ciphertext (KMS Decrypt, with the context input as
   * EncryptionContext) just before a call that sends the secret, checks the plain value against the
   * secret's own schema, and hands it to that call only: it is never stored, logged or put in an error.
   * Both the secret and the ciphertext must be writeOnly.
   */
  encryptedSecrets?: ReadonlyArray<{ secret: Field<S>; ciphertext: Field<S>; context?: Field<S> }>;
  /** Settings of the provider itself (deadlines, opt-ins): kept in outputs, never sent. */
  local?: readonly Field<S>[];
  /**
   * Sent at create, but no describe returns them: kept from the inputs. In an update group too,
   * the call's success stands for the change (there is nothing to read back).
   */
  unread?: readonly Field<S>[];
  /**
   * How a change of a field is carried out, for the generated docs, where the lists above cannot
   * say it (a local input another change reads, a field that replaces on one engine only).
   */
  changeDocs?: Partial<Record<Field<S>, string>>;
  /** Per-field comparison form, so equal values in another order or case are equal. */
  normalise?: Partial<Record<Field<S>, (v: unknown) => unknown>>;
  /** The cluster this resource lives on: mutations are serialised per cluster, busy refusals wait for it. */
  cluster: (key: Partial<Key>) => string | undefined;
  /** After each mutation, also wait until that cluster is Running again. */
  settleCluster?: boolean;
  /** Follow the cluster's DescribeTasks during create (progress, remaining time, task failure). */
  tasks?: boolean;
  create: CreateSpec<z.output<S>>;
  read: ReadSpec;
  ready: (live: Props) => boolean;
  /** A status KNOWN to be a failure (ends a wait at once); unknown statuses mean keep waiting. */
  failed?: (live: Props) => string | undefined;
  /** A describe that still answers for a resource that is in fact gone (status Deleted). */
  gone?: (live: Props) => boolean;
  status: (live: Props) => string | undefined;
  update?: readonly UpdateGroup<z.output<S>>[];
  delete: DeleteSpec;
  /** A warning for preview about a change's side effects (a parameter change restarts the cluster). */
  changeNote?: (olds: Props, news: Props, changed: readonly string[]) => string | undefined;
  deletionProtection?: DeletionProtection<z.output<S>>;
  deleteBlocker?: DeleteBlocker<z.output<S>>;
  /** Default deadlines; users override them per resource with the `timeouts` input. */
  timeouts: Timeouts;
  /**
   * How values read on the public resource class (`cluster.status`, a pulumi.Output), in the order the class
   * lists them: every output that is not an input, with its type; and, where the class says more about an
   * input than its schema does, that input (its type is the schema's). scripts/generate-classes.ts writes
   * resources/classes/ from this and the inputs; scripts/generate-schema.ts the schema's outputs.
   */
  outputs?: Record<string, OutputSpec>;
  /** The rest of the public resource class (see ClassSpec). */
  publicClass?: ClassSpec<z.output<S>>;
}

/** One value of the public resource class (see ResourceSpec.outputs). */
export interface OutputSpec {
  /**
   * Its TypeScript type: string, number, boolean, string[], Record<string, string>, or an interface of
   * resources/classes/output-types.ts (`ClusterNode[]`). An input's is its schema's unless given here:
   * the form it reads back in where the schema accepts more (a port as a number or digits reads as a number).
   */
  type?: string;
  /**
   * Whether it may be undefined. An output: only when this says so. An input: when the schema makes it
   * optional without a default, unless this says false (the cloud always reports it).
   */
  optional?: boolean;
  doc?: string;
  /**
   * Part N of the resource id (`<dbClusterId>:<dbNodeId>`: 1): the class takes it from the id,
   * which every preview knows (see resources/classes/id-part.ts).
   */
  idPart?: number;
  /** false: registered on the object (the engine reports it) but neither a typed member nor in the schema. */
  declared?: false;
}

/** The public resource class beyond its values: what scripts/generate-classes.ts cannot derive. */
export interface ClassSpec<T> {
  /** The class's doc comment. */
  doc?: string;
  /** The doc comment of `static get(name, id, opts)`: what the id looks like. */
  getDoc?: string;
  /**
   * `protect` by default while `input` is true and `unless` is not (an explicit `protect` wins): a cluster's
   * deletionLock protects its data too, so `pulumi destroy` refuses before it deletes anything (otherwise its
   * accounts, databases and nodes would go first, then the cluster would refuse).
   */
  protectWhile?: { input: keyof T & string; unless?: keyof T & string };
}

/** Inputs every resource has: where it lives, and how long the provider may wait. */
export const duration = z.string().regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/,
  'a duration such as "45m", "1h30m" or "90s" (hours h, minutes m, seconds s)');

export const commonInputs = {
  /** Where the resource lives; default: the provider's region (stack config polardb:region, ALIBABA_CLOUD_REGION_ID). */
  regionId: z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, 'a region id such as "cn-hangzhou"').optional(),
  /**
   * How long the provider waits for the cloud per operation, e.g. `{ create: "45m", delete: "1h" }`.
   * Defaults come from the resource spec. A provider setting: changing it touches no cloud resource.
   */
  timeouts: z.strictObject({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).optional(),
};

/**
 * The input that takes an existing object under management (Pulumi's `import` cannot work for
 * dynamic providers): its id, as `<Kind>.get` takes it. Read by the first create only.
 */
export const ADOPT = "adopt";
export const adopt = z.string().min(1, "the id of the existing object, as <Kind>.get takes it");
export const adoptInputs = { [ADOPT]: adopt.optional() } as const;

export const COMMON_FIELDS = ["regionId", "timeouts"] as const;

export function parseDuration(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === "") throw new Error(`"${text}" is not a duration such as "45m", "1h30m" or "90s"`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/**
 * Checks a spec's internal consistency when the module loads, so a mistake in a resource file
 * fails every test at once instead of showing up as a perpetual diff in production.
 */
export function defineResource<S extends AnyObjectSchema>(spec: ResourceSpec<S>): ResourceSpec<S> {
  const fields = new Set(Object.keys(spec.inputs.shape));
  const where = `resource spec ${spec.kind}`;
  for (const c of COMMON_FIELDS) if (!fields.has(c)) throw new Error(`${where}: inputs must include commonInputs (missing ${c})`);
  const named: Array<[string, readonly string[]]> = [
    ["replaceOn", spec.replaceOn], ["writeOnly", spec.writeOnly ?? []], ["local", spec.local ?? []], ["unread", spec.unread ?? []],
    ["normalise", Object.keys(spec.normalise ?? {})], ["encryptedSecrets", (spec.encryptedSecrets ?? []).flatMap((e) => [e.secret, e.ciphertext, ...(e.context ? [e.context] : [])])], ["offerCheck.fields", spec.offerCheck?.fields ?? []], ["cloudCheck.fields", spec.cloudCheck?.fields ?? []], ["changeDocs", Object.keys(spec.changeDocs ?? {})], ...(spec.update ?? []).map((g, i): [string, readonly string[]] => [`update[${i}]`, g.fields]),
  ];
  for (const [list, names] of named) {
    for (const n of names) if (!fields.has(n)) throw new Error(`${where}: ${list} names "${n}", which is not an input`);
  }
  for (const o of spec.stableOutputs ?? []) if (fields.has(o)) throw new Error(`${where}: stableOutputs names "${o}", an input (an input's output follows the input)`);
  for (const [name, o] of Object.entries(spec.outputs ?? {})) {
    if (!fields.has(name) && o.type === undefined) throw new Error(`${where}: outputs.${name} needs a type (it is not an input)`);
    if ((spec.writeOnly ?? []).includes(name as Field<S>)) throw new Error(`${where}: outputs.${name} is write-only, never an output`);
  }
  if (spec.outputs) for (const o of spec.stableOutputs ?? []) if (!spec.outputs[o]) throw new Error(`${where}: stableOutputs names "${o}", which outputs does not declare`);
  const updatable = new Set((spec.update ?? []).flatMap((g) => g.fields));
  const handled = new Set<string>([...COMMON_FIELDS, ADOPT, ...spec.replaceOn, ...(spec.local ?? []), ...updatable]);
  for (const f of fields) {
    if (!handled.has(f)) throw new Error(`${where}: input "${f}" is neither in replaceOn, local, nor any update group`);
  }
  for (const f of spec.replaceOn) if (updatable.has(f)) throw new Error(`${where}: "${f}" is both replaceOn and updatable`);
  for (const g of spec.update ?? []) {
    if (!g.action === !g.calls) throw new Error(`${where}: update group [${g.fields.join(", ")}] needs exactly one of action or calls`);
  }
  if (spec.deletionProtection && !(spec.local ?? []).includes(spec.deletionProtection.optIn as Field<S>)) {
    throw new Error(`${where}: deletionProtection.optIn "${spec.deletionProtection.optIn}" must be a local input (delete only sees outputs)`);
  }
  if (spec.deleteBlocker && !(spec.local ?? []).includes(spec.deleteBlocker.optIn as Field<S>)) {
    throw new Error(`${where}: deleteBlocker.optIn "${spec.deleteBlocker.optIn}" must be a local input (delete only sees outputs)`);
  }
  for (const e of spec.encryptedSecrets ?? []) {
    for (const f of [e.secret, e.ciphertext]) if (!(spec.writeOnly ?? []).includes(f)) throw new Error(`${where}: encryptedSecrets names "${f}", which must be writeOnly`);
  }
  if (spec.create.takes && !("leaves" in spec.delete)) throw new Error(`${where}: create.takes (an object that comes with its parent) needs delete: { leaves } (it cannot be deleted either)`);
  for (const k of ["create", "update", "delete"] as const) parseDuration(spec.timeouts[k]);
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Input helpers

/**
 * A secret string input (a password): length bounds and character-class rules whose messages
 * never contain the value. Mark the field `writeOnly` in the spec too.
 */
export function secretString(rules: { min: number; max: number; classes?: number; specials?: string }) {
  const specials = rules.specials ?? "!@#$%^&*()_+-=";
  const classesOf = (s: string) => [/[A-Z]/, /[a-z]/, /[0-9]/].filter((r) => r.test(s)).length + ([...s].some((c) => specials.includes(c)) ? 1 : 0);
  const allowed = new RegExp(`^[A-Za-z0-9${specials.replace(/[\\\]^-]/g, "\\$&")}]*$`);
  return z.string({ error: "must be a string" })
    .min(rules.min, `must be at least ${rules.min} characters`)
    .max(rules.max, `must be at most ${rules.max} characters`)
    .refine((s) => allowed.test(s), `may contain only letters, digits and ${specials}`)
    .refine((s) => classesOf(s) >= (rules.classes ?? 0),
      `must contain at least ${rules.classes ?? 0} of: upper-case letters, lower-case letters, digits, special characters (${specials})`);
}

/** Cloud descriptions: 2–256 characters, not starting with http:// or https://. */
export const description = z.string()
  .min(2, "must be 2–256 characters").max(256, "must be 2–256 characters")
  .refine((d) => !/^https?:\/\//i.test(d), "must not start with http:// or https://");

/** Tags as a map; at most 20 (the API's limit per call). */
export const tags = z.record(z.string().min(1, "tag keys must not be empty").max(128, "tag keys are at most 128 characters"),
  z.string().max(128, "tag values are at most 128 characters"))
  .refine((t) => Object.keys(t).length <= 20, "at most 20 tags");

// ---------------------------------------------------------------------------------------------
// Normalisers: the comparison form of a value

export const normalise = {
  /** IP lists, node ids: order-insensitive, duplicates dropped, blanks trimmed ("a,b" accepted). */
  unorderedList(v: unknown): unknown {
    const items = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v : undefined;
    if (!items) return v;
    return [...new Set(items.map((x) => String(x).trim()).filter((x) => x !== ""))].sort();
  },
  /** Tags from a map or the API's [{Key, Value}] list, keys sorted. */
  tags(v: unknown): unknown {
    const entries: Array<[string, string]> = Array.isArray(v)
      ? v.map((t: any) => [String(t?.Key ?? t?.key ?? ""), String(t?.Value ?? t?.value ?? "")])
      : v && typeof v === "object" ? Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x ?? "")]) : [];
    return Object.fromEntries(entries.filter(([k]) => k !== "").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  },
  caseInsensitive(v: unknown): unknown {
    return typeof v === "string" ? v.toLowerCase() : v;
  },
};

// ---------------------------------------------------------------------------------------------
// Lenient response helpers: the API's list shapes vary (bare, wrapped, single object)

/** A list given bare ([…]), wrapped ({ Wrapper: […] }), as one object, or absent. */
export function listOf<T extends z.ZodType>(item: T, wrapper?: string) {
  return z.preprocess((v) => {
    if (v === undefined || v === null || v === "") return [];
    if (Array.isArray(v)) return v;
    if (wrapper && typeof v === "object" && wrapper in (v as object)) {
      const inner = (v as Record<string, unknown>)[wrapper];
      return inner === undefined || inner === null ? [] : Array.isArray(inner) ? inner : [inner];
    }
    return [v];
  }, z.array(item));
}

/** A string the API may send as a number (DBVersion 5.6). */
export const looseString = z.union([z.string(), z.number()]).transform((v) => String(v));
/** A number the API may send as a string ("1"). */
export const looseNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform((v) => Number(v));
/** A boolean the API may send as "true"/"false" or 0/1. */
export const looseBool = z.union([z.boolean(), z.literal("true"), z.literal("false"), z.literal(0), z.literal(1), z.literal("0"), z.literal("1")])
  .transform((v) => v === true || v === "true" || v === 1 || v === "1");
