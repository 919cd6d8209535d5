/**
 * The gRPC ResourceProviderService: decodes each request, calls its handler (handlers.ts), encodes
 * the answer. Errors become gRPC errors carrying the message; a create that made its resource but
 * could not finish becomes ErrorResourceInitFailed, so the engine records the resource.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Handlers from "./handlers";
import { cancelWaits } from "./cancel";
import { anys, empties, grpc, messages as pb, pluginMessages, services, statusMessages } from "./proto";
import { fromStruct, Incoming, toStruct } from "./values";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Unary = (call: { request: any }, callback: (err: any, res?: any) => void) => void;

/** The package's root (where schema.json and package.json are), from src/ or dist/. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "schema.json")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error("polardb: schema.json not found next to the package's package.json");
  }
}

/**
 * The handlers, and with them the engine, every resource spec and the API client, load on the
 * first call that needs them: the port is printed before (the engine waits for it), and the
 * plugin-info and schema calls need none of it.
 */
let loaded: typeof Handlers | undefined;
const handlers = (): typeof Handlers => (loaded ??= require("./handlers") as typeof Handlers);

/** Loads the handlers now (after the port is out: the engine's first calls overlap with it). */
export function warm(): void {
  handlers();
}

let schemaText: string | undefined;
const schema = () => (schemaText ??= fs.readFileSync(path.join(packageRoot(), "schema.json"), "utf8"));
export const version = () => (JSON.parse(schema()) as { version: string }).version;
let parsedSchema: { resources: Record<string, { properties?: Record<string, unknown> }> } | undefined;
/** A resource type's output names, from the schema (preview returns each, unknown where not planned). */
const outputNames = (type: string) => Object.keys((parsedSchema ??= JSON.parse(schema())).resources[type]?.properties ?? {});

const incoming = (s: any): Incoming => fromStruct(s) ?? { props: {}, secrets: new Set() };

/** A gRPC error with the message; a create that made its resource: ErrorResourceInitFailed, so the engine records it. */
function grpcError(err: unknown): any {
  if (err instanceof InitFailed) return err.grpc;
  return { code: grpc.status.UNKNOWN, message: err instanceof Error ? err.message : String(err) };
}

class InitFailed extends Error {
  readonly grpc: { code: number; message: string; metadata: import("@grpc/grpc-js").Metadata };
  constructor(err: Handlers.PartialCreateError, secret: Iterable<string>) {
    super(err.message);
    const detail = new pb.ErrorResourceInitFailed();
    detail.setId(err.id);
    detail.setProperties(toStruct(err.properties, secret));
    detail.setReasonsList(err.reasons);
    const any = new anys.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusMessages.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(err.message);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    this.grpc = { code: grpc.status.UNKNOWN, message: err.message, metadata };
  }
}

/** The engine's PartialCreateError (by name: the engine is loaded lazily). */
function isPartialCreate(err: unknown): err is Handlers.PartialCreateError {
  return err instanceof Error && err.name === "PartialCreateError" && typeof (err as { id?: unknown }).id === "string";
}

function unary(run: (req: any) => Promise<any>): Unary {
  return (call, callback) => {
    run(call.request).then((res) => callback(null, res), (err) => callback(grpcError(err)));
  };
}

function failuresOf(list: Array<{ property: string; reason: string }>): any[] {
  return list.map((f) => { const c = new pb.CheckFailure(); c.setProperty(f.property); c.setReason(f.reason); return c; });
}

/** ADD/DELETE by whether the field was there before (old outputs, else old inputs: a write-only secret is never an output). */
function diffResponse(d: Handlers.DiffOutcome, olds: Incoming, news: Incoming, oldInputs: Incoming | undefined): any {
  const res = new pb.DiffResponse();
  res.setChanges(d.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
  res.setReplacesList(d.replaces);
  res.setDeletebeforereplace(d.deleteBeforeReplace);
  res.setDiffsList(d.diffs);
  res.setStablesList(d.stables);
  res.setHasdetaileddiff(true);
  const detailed = res.getDetaileddiffMap();
  const K = pb.PropertyDiff.Kind;
  for (const f of d.diffs) {
    const replace = d.replaces.includes(f);
    const before = olds.props[f] ?? oldInputs?.props[f] ?? (d.writeOnly.includes(f) ? "" : undefined);
    const kind = before === undefined ? (replace ? K.ADD_REPLACE : K.ADD) : news.props[f] === undefined ? (replace ? K.DELETE_REPLACE : K.DELETE) : replace ? K.UPDATE_REPLACE : K.UPDATE;
    const p = new pb.PropertyDiff();
    p.setKind(kind);
    // The engine compares old outputs with the new inputs; only a secret that is no output is compared as an input.
    p.setInputdiff(olds.props[f] === undefined);
    detailed.set(f, p);
  }
  return res;
}

const empty = () => new empties.Empty();

export const implementation: Record<string, Unary> = {
  getPluginInfo: unary(async () => { const i = new pluginMessages.PluginInfo(); i.setVersion(version()); return i; }),
  getSchema: unary(async (req) => {
    if (req.getVersion() > 1) throw new Error(`polardb: schema version ${req.getVersion()} is not supported`);
    const r = new pb.GetSchemaResponse(); r.setSchema(schema()); return r;
  }),
  checkConfig: unary(async (req) => {
    const r = handlers().checkConfig(incoming(req.getNews()));
    const res = new pb.CheckResponse();
    res.setInputs(toStruct(r.inputs, ["accessKeyId", "accessKeySecret", "securityToken"].filter((k) => k in r.inputs)));
    res.setFailuresList(failuresOf(r.failures));
    return res;
  }),
  diffConfig: unary(async (req) => {
    const changed = handlers().diffConfig(incoming(req.getOldInputs() ?? req.getOlds()).props, incoming(req.getNews()).props);
    const res = new pb.DiffResponse();
    res.setChanges(changed.length ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
    res.setDiffsList(changed);
    return res;
  }),
  configure: unary(async (req) => {
    const args = fromStruct(req.getArgs())?.props ?? variablesOf(req.getVariablesMap());
    await handlers().configureProvider(args, req.getUrn());
    const res = new pb.ConfigureResponse();
    res.setAcceptsecrets(true);
    res.setSupportspreview(true); // Create and Update run in preview too (preview: true): planned outputs, no cloud call
    res.setAcceptresources(false);
    res.setAcceptoutputs(false);
    return res;
  }),
  check: unary(async (req) => {
    const r = await handlers().check(req.getUrn(), fromStruct(req.getOlds()), incoming(req.getNews()));
    const res = new pb.CheckResponse();
    res.setInputs(toStruct(r.inputs, r.secrets));
    res.setFailuresList(failuresOf(r.failures));
    return res;
  }),
  diff: unary(async (req) => {
    const olds = incoming(req.getOlds()), news = incoming(req.getNews());
    const oldInputs = fromStruct(req.getOldInputs());
    return diffResponse(await handlers().diff(req.getUrn(), req.getId(), olds, news, oldInputs), olds, news, oldInputs);
  }),
  create: unary(async (req) => {
    const res = new pb.CreateResponse();
    try {
      const r = req.getPreview()
        ? handlers().previewCreate(req.getUrn(), incoming(req.getProperties()), outputNames(handlers().typeOfUrn(req.getUrn())))
        : await handlers().create(req.getUrn(), incoming(req.getProperties()));
      res.setId(r.id);
      res.setProperties(toStruct(r.outs, r.secrets));
      return res;
    } catch (err) {
      if (isPartialCreate(err)) throw new InitFailed(err, handlers().secretFields(handlers().kindOf(handlers().typeOfUrn(req.getUrn()))));
      throw err;
    }
  }),
  read: unary(async (req) => {
    const r = await handlers().read(req.getUrn(), req.getId(), fromStruct(req.getProperties()), fromStruct(req.getInputs()));
    const res = new pb.ReadResponse();
    if (r.id === undefined || r.outs === undefined) return res; // gone: no id, no properties
    res.setId(r.id);
    res.setProperties(toStruct(r.outs, r.secrets));
    res.setInputs(toStruct(r.inputs ?? {}, r.secrets));
    return res;
  }),
  update: unary(async (req) => {
    const r = req.getPreview()
      ? handlers().previewUpdate(req.getUrn(), req.getId(), incoming(req.getOlds()), incoming(req.getNews()), fromStruct(req.getOldInputs()))
      : await handlers().update(req.getUrn(), req.getId(), incoming(req.getOlds()), incoming(req.getNews()), fromStruct(req.getOldInputs()));
    const res = new pb.UpdateResponse();
    res.setProperties(toStruct(r.outs, r.secrets));
    return res;
  }),
  delete: unary(async (req) => { await handlers().remove(req.getUrn(), req.getId(), incoming(req.getProperties())); return empty(); }),
  invoke: unary(async (req) => {
    const r = await handlers().invoke(req.getTok(), incoming(req.getArgs()).props);
    const res = new pb.InvokeResponse();
    if (r.outputs) res.setReturn(toStruct(r.outputs));
    res.setFailuresList(failuresOf(r.failures));
    return res;
  }),
  cancel: unary(async () => { cancelWaits(); return empty(); }),
  attach: unary(async () => empty()),
};

/** Old engines send config only as `polardb:config:<key>` strings. */
function variablesOf(map: { forEach(cb: (v: string, k: string) => void): void }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  map.forEach((v, k) => { out[k.replace(/^polardb:config:/, "")] = v; });
  return out;
}

/** The service with every RPC this provider does not serve answering UNIMPLEMENTED (Handshake, Construct, …). */
export function service(): Record<string, Unary> {
  const all: Record<string, Unary> = {};
  for (const name of Object.keys(services.ResourceProviderService)) {
    all[name] = implementation[name] ?? ((_call, cb) => cb({ code: grpc.status.UNIMPLEMENTED, message: `polardb: ${name} is not implemented` }));
  }
  return all;
}

/** Serves on 127.0.0.1 (an ephemeral port unless given); resolves with the port. */
export function serve(port = 0): Promise<{ port: number; server: import("@grpc/grpc-js").Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(services.ResourceProviderService, service() as any);
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve({ port: bound, server })));
  });
}
