/**
 * The emulator's HTTP server: parse → authenticate → route by Version → faults → backend (or STS, KMS)
 * → serialize. Every failure becomes `{RequestId, HostId, Code, Message}` with the documented
 * status; nothing a client sends can crash it. The port speaks plain HTTP and TLS alike (the first
 * byte of a connection tells which), because @alicloud/credentials reaches STS over https only.
 * Paths other than "/" are the ECS metadata service and the credentials URI (emulator/metadata.ts).
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { AccessKey, Authenticator } from "./auth";
import type { Backend, Product } from "./backend-api";
import { codes } from "./codes";
import { isEmulatorError } from "./errors";
import { FaultInjector } from "./faults";
import { isMetadataPath, PlainAnswer } from "./metadata";
import { ParsedRequest, parseRequest, readBody, serialize } from "./rpc";
import { KMS_VERSION, KmsService } from "./kms";
import type { StsService } from "./sts";
import type { TlsIdentity } from "./tls";

const VERSIONS: Record<string, Product> = { "2017-08-01": "polardb", "2014-08-15": "rds" };
const STS_VERSION = "2015-04-01";
/** How long a new connection may stay silent before its first byte decides HTTP or TLS. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

export interface ServerOptions {
  host: string;
  port: number;
  accessKeys: AccessKey[];
  backend: Backend;
  faults: FaultInjector;
  sts: StsService;
  kms: KmsService;
  metadata: (req: ParsedRequest) => PlainAnswer;
  tls: TlsIdentity;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  calls(): Record<string, number>;
  resetCalls(): void;
  /** Replaces the accepted key pairs (a rotated or revoked key is refused from the next request). */
  setAccessKeys(keys: AccessKey[]): void;
  close(): Promise<void>;
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const auth = new Authenticator(o.accessKeys, Date.now, o.sts);
  const counts: Record<string, number> = {};
  const sockets = new Set<net.Socket>();

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    const requestId = randomUUID().toUpperCase();
    let action = "-";
    let format: "JSON" | "XML" = "JSON";
    const reply = (status: number, body: Record<string, unknown>) => {
      const out = serialize({ RequestId: requestId, ...body }, format, status < 400 ? `${action}Response` : "Error");
      // A body left unread (refused as too large) leaves the connection unusable: close it, so no client reuses it.
      if (!res.headersSent) res.writeHead(status, { "content-type": out.contentType, "x-acs-request-id": requestId, ...(req.complete ? {} : { connection: "close" }) });
      res.end(out.text);
      o.log?.(`${req.method} ${action} ${status} ${Date.now() - started}ms ${requestId}`);
    };
    let hostId = "polardb.aliyuncs.com";
    try {
      if (isMetadataPath((req.url ?? "/").split("?")[0])) {
        const answer = o.metadata(parseRequest(req, await readBody(req)));
        res.writeHead(answer.status, { "content-type": answer.contentType });
        res.end(answer.body);
        o.log?.(`${req.method} ${(req.url ?? "").split("?")[0]} ${answer.status} ${Date.now() - started}ms`);
        return;
      }
      if (req.method !== "GET" && req.method !== "POST") throw codes.unsupportedHttpMethod();
      const parsed = parseRequest(req, await readBody(req));
      const anonymous = anonymousStsCall(parsed, o.sts);
      const a = anonymous ?? auth.authenticate(parsed);
      action = a.action;
      format = a.format;
      const isSts = a.version === STS_VERSION;
      const isKms = a.version === KMS_VERSION;
      if (isSts) hostId = "sts.aliyuncs.com";
      if (isKms) hostId = "kms.aliyuncs.com";
      const product = VERSIONS[a.version];
      if (isSts ? !o.sts.hasAction(action) : isKms ? !o.kms.hasAction(action) : !product || !o.backend.hasAction(product, action)) {
        throw product || isSts || isKms ? codes.invalidAction() : codes.invalidActionOrVersion();
      }
      counts[action] = (counts[action] ?? 0) + 1;
      const fault = o.faults.decide(action, a.params);
      // Each fault is tallied once it is really served (a drop only if the action was applied).
      const served = () => { if (fault) o.faults.served(action, fault); };
      if (fault?.kind === "throttle") { served(); throw codes.throttling(); }
      if (fault?.kind === "5xx") { served(); throw codes.serviceUnavailable(); }
      if (fault?.kind === "reset") { served(); req.socket.destroy(); o.log?.(`${req.method} ${action} RESET ${requestId}`); return; }
      const body = isSts
        ? o.sts.dispatch(action, a.params, anonymous ? undefined : { accessKeyId: a.accessKeyId, session: a.session })
        : isKms ? o.kms.dispatch(action, a.params, a.ownerKeyId)
        : o.backend.dispatch({ product, action, version: a.version, params: a.params, accessKeyId: a.ownerKeyId, requestId });
      if (fault?.kind === "drop") { served(); req.socket.destroy(); o.log?.(`${req.method} ${action} DROPPED-AFTER-APPLY ${requestId}`); return; }
      if (fault?.kind === "slow") { await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000)); served(); }
      reply(200, body);
    } catch (e) {
      if (isEmulatorError(e)) {
        reply(e.httpStatus, { HostId: req.headers.host ?? hostId, Code: e.code, Message: e.message });
      } else {
        o.log?.(`internal error on ${action}: ${(e as Error)?.stack ?? String(e)}`);
        const ie = codes.internalError();
        reply(ie.httpStatus, { HostId: req.headers.host ?? hostId, Code: ie.code, Message: ie.message });
      }
    }
  };

  const plain = http.createServer(handler);
  const secure = https.createServer({ key: o.tls.key, cert: o.tls.cert }, handler);
  for (const s of [plain, secure]) {
    s.on("clientError", (_e, socket) => { if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"); });
    s.keepAliveTimeout = 5_000;
  }
  secure.on("tlsClientError", (_e, socket) => socket.destroy());
  // One port for both: a TLS connection opens with a handshake record (0x16), HTTP with a method.
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(o.port, o.host, () => resolve()); });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host}:${port}`,
    port,
    calls: () => ({ ...counts }),
    resetCalls: () => { for (const k of Object.keys(counts)) delete counts[k]; },
    setAccessKeys: (keys) => auth.setKeys(keys),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

const NOT_PARAMS = ["Action", "Version", "Format", "Timestamp", "SignatureNonce", "Signature", "SignatureMethod", "SignatureVersion", "AccessKeyId", "SecurityToken"];

/** AssumeRoleWithOIDC needs no signature (the OIDC token is the proof); one that is sent is ignored. */
function anonymousStsCall(req: ParsedRequest, sts: StsService) {
  const all = { ...req.query, ...req.form };
  const action = all.Action ?? req.headers["x-acs-action"];
  const version = all.Version ?? req.headers["x-acs-version"];
  if (version !== STS_VERSION || !sts.isAnonymous(action)) return undefined;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (!NOT_PARAMS.includes(k)) params[k] = v;
  return { action, version, format: (all.Format ?? "").toUpperCase() === "XML" ? "XML" as const : "JSON" as const, params, accessKeyId: "", ownerKeyId: "", session: undefined };
}
