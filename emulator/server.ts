/**
 * The emulator's HTTP server: parse → authenticate → route by Version → faults → backend →
 * serialize. Every failure becomes `{RequestId, HostId, Code, Message}` with the documented
 * status; nothing a client sends can crash it.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AccessKey, Authenticator } from "./auth";
import type { Backend, Product } from "./backend-api";
import { codes } from "./codes";
import { isEmulatorError } from "./errors";
import { FaultInjector } from "./faults";
import { parseRequest, readBody, serialize } from "./rpc";

const VERSIONS: Record<string, Product> = { "2017-08-01": "polardb", "2014-08-15": "rds" };

export interface ServerOptions {
  host: string;
  port: number;
  accessKeys: AccessKey[];
  backend: Backend;
  faults: FaultInjector;
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
  const auth = new Authenticator(o.accessKeys);
  const counts: Record<string, number> = {};
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer(async (req, res) => {
    const started = Date.now();
    const requestId = randomUUID().toUpperCase();
    let action = "-";
    let format: "JSON" | "XML" = "JSON";
    const reply = (status: number, body: Record<string, unknown>) => {
      const out = serialize({ RequestId: requestId, ...body }, format, status < 400 ? `${action}Response` : "Error");
      if (!res.headersSent) res.writeHead(status, { "content-type": out.contentType, "x-acs-request-id": requestId });
      res.end(out.text);
      o.log?.(`${req.method} ${action} ${status} ${Date.now() - started}ms ${requestId}`);
    };
    try {
      if (req.method !== "GET" && req.method !== "POST") throw codes.unsupportedHttpMethod();
      const parsed = parseRequest(req, await readBody(req));
      const a = auth.authenticate(parsed);
      action = a.action;
      format = a.format;
      const product = VERSIONS[a.version];
      if (!product || !o.backend.hasAction(product, action)) {
        throw product ? codes.invalidAction() : codes.invalidActionOrVersion();
      }
      counts[action] = (counts[action] ?? 0) + 1;
      const fault = o.faults.decide(action, a.params);
      // Each fault is tallied once it is really served (a drop only if the action was applied).
      const served = () => { if (fault) o.faults.served(action, fault); };
      if (fault?.kind === "throttle") { served(); throw codes.throttling(); }
      if (fault?.kind === "5xx") { served(); throw codes.serviceUnavailable(); }
      if (fault?.kind === "reset") { served(); req.socket.destroy(); o.log?.(`${req.method} ${action} RESET ${requestId}`); return; }
      const body = o.backend.dispatch({ product, action, version: a.version, params: a.params, accessKeyId: a.accessKeyId, requestId });
      if (fault?.kind === "drop") { served(); req.socket.destroy(); o.log?.(`${req.method} ${action} DROPPED-AFTER-APPLY ${requestId}`); return; }
      if (fault?.kind === "slow") { await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000)); served(); }
      reply(200, body);
    } catch (e) {
      if (isEmulatorError(e)) {
        reply(e.httpStatus, { HostId: req.headers.host ?? "polardb.aliyuncs.com", Code: e.code, Message: e.message });
      } else {
        o.log?.(`internal error on ${action}: ${(e as Error)?.stack ?? String(e)}`);
        const ie = codes.internalError();
        reply(ie.httpStatus, { HostId: req.headers.host ?? "polardb.aliyuncs.com", Code: ie.code, Message: ie.message });
      }
    }
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  server.on("clientError", (_e, socket) => { if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"); });
  server.keepAliveTimeout = 5_000;

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
