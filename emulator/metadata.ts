/**
 * The emulator as the ECS instance metadata service (the RAM role path only) and as a credentials
 * URI, on the emulator's own port beside the RPC API (whose requests all go to "/"):
 *
 *   PUT /latest/api/token                       IMDSv2 session token; header
 *                                               X-aliyun-ecs-metadata-token-ttl-seconds: 1..21600
 *   GET /latest/meta-data/ram/security-credentials/        the instance's role name
 *   GET /latest/meta-data/ram/security-credentials/<role>  {Code, AccessKeyId, AccessKeySecret,
 *                                                           SecurityToken, Expiration, LastUpdated}
 *   GET /credentials-uri[?role=<name>]          the same document (credentials_uri / ALIBABA_CLOUD_CREDENTIALS_URI)
 *
 * Metadata GETs carry X-aliyun-ecs-metadata-token; a wrong or expired token is refused (401), and so
 * is a missing one when the instance is in hardened mode (IMDSv1 off: `metadataTokenRequired`).
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import type { ParsedRequest } from "./rpc";
import { credentialsDocument, StsService } from "./sts";

export interface MetadataOptions {
  sts: StsService;
  clock: Clock;
  /** The RAM role name attached to the emulated ECS instance (a registered role); none: 404s. */
  instanceRole?: string;
  /** Hardened mode: every metadata GET needs an IMDSv2 token. */
  tokenRequired?: boolean;
}

export interface PlainAnswer { status: number; contentType: string; body: string }

const MAX_TOKEN_TTL = 21_600;
const text = (status: number, body: string): PlainAnswer => ({ status, contentType: "text/plain;charset=utf-8", body });
const json = (status: number, body: unknown): PlainAnswer => ({ status, contentType: "application/json;charset=utf-8", body: JSON.stringify(body) });

export function isMetadataPath(path: string): boolean {
  return path.startsWith("/latest/") || path === "/credentials-uri";
}

export function createMetadataService(o: MetadataOptions) {
  const tokens = new Map<string, number>();

  function issueToken(req: ParsedRequest): PlainAnswer {
    const ttl = req.headers["x-aliyun-ecs-metadata-token-ttl-seconds"];
    if (!ttl || !/^\d+$/.test(ttl) || Number(ttl) < 1 || Number(ttl) > MAX_TOKEN_TTL) return text(400, "Bad Request: X-aliyun-ecs-metadata-token-ttl-seconds must be 1..21600");
    const now = o.clock.now();
    if (tokens.size > 1000) for (const [t, exp] of tokens) if (exp <= now) tokens.delete(t);
    const token = randomBytes(32).toString("base64url");
    tokens.set(token, now + Number(ttl) * 1000);
    return text(200, token);
  }

  function tokenRefusal(req: ParsedRequest): PlainAnswer | undefined {
    const token = req.headers["x-aliyun-ecs-metadata-token"];
    if (token === undefined) return o.tokenRequired ? text(401, "Unauthorized: a metadata token is required (IMDSv2)") : undefined;
    const exp = tokens.get(token);
    return exp !== undefined && exp > o.clock.now() ? undefined : text(401, "Unauthorized: the metadata token is invalid or expired");
  }

  function credentials(role: string | undefined): PlainAnswer {
    const s = role ? o.sts.instanceCredentials(role) : undefined;
    return s ? json(200, credentialsDocument(s)) : text(404, "Not Found");
  }

  return (req: ParsedRequest): PlainAnswer => {
    if (req.path === "/credentials-uri") {
      if (req.method !== "GET") return text(405, "Method Not Allowed");
      return credentials(req.query.role ?? o.instanceRole);
    }
    if (req.path === "/latest/api/token") return req.method === "PUT" ? issueToken(req) : text(405, "Method Not Allowed");
    if (req.method !== "GET") return text(405, "Method Not Allowed");
    const refused = tokenRefusal(req);
    if (refused) return refused;
    const prefix = "/latest/meta-data/ram/security-credentials/";
    if (req.path === prefix) return o.instanceRole ? text(200, o.instanceRole) : text(404, "Not Found");
    if (req.path.startsWith(prefix)) {
      let role: string;
      try { role = decodeURIComponent(req.path.slice(prefix.length)); } catch { return text(404, "Not Found"); }
      return o.instanceRole && role.toLowerCase() === o.instanceRole.toLowerCase() ? credentials(role) : text(404, "Not Found");
    }
    return text(404, "Not Found");
  };
}
