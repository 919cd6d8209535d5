/**
 * The signed RPC client: one small generic core (RpcClient) and the products that use it
 * (PolarDB 2017-08-01, RDS 2014-08-15, STS 2015-04-01, KMS 2016-01-20). Pipeline per attempt:
 *   flatten → add common params → sign (v1 or ACS3) → undici pool → parse JSON → ApiError | zod.
 * Retries go through retry.ts only. This file is the only importer of undici.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Pool } from "undici";
import { CredentialProvider, defaultCredentialProvider, isCredentialProvider, staticCredentials } from "./credential-provider";
import { Credentials, resolveRegion } from "./credentials";
import { ProductName, resolveEndpoint } from "./endpoints";
import { ApiError, CLIENT_CODES, isApiError } from "./errors";
import { flattenParams, UnserializableParameterError } from "./flatten";
import { defaultLogger, Logger, maskAccessKeyId, redactParams } from "./log";
import { isIdempotent, RetryOptions, withRetry } from "./retry";
import { scrub, secretValues } from "./scrub";
import { EMPTY_SHA256, signAcs3, signV1, timestamp } from "./signer";

export type { Credentials } from "./credentials";
export type { CredentialProvider } from "./credential-provider";

export interface ProductSpec { name: ProductName; version: string }
export const POLARDB: ProductSpec = { name: "polardb", version: "2017-08-01" };
export const RDS: ProductSpec = { name: "rds", version: "2014-08-15" };
export const STS: ProductSpec = { name: "sts", version: "2015-04-01" };
/** KMS: Decrypt a secret given encrypted (an account's kmsEncryptedPassword). */
export const KMS: ProductSpec = { name: "kms", version: "2016-01-20" };

export interface ClientOptions {
  regionId?: string;
  /** Full URL, e.g. http://127.0.0.1:8080. Default: the region's host (or the product's env var). */
  endpoint?: string;
  /**
   * Default: the credential chain (provider/credentials.ts). A key pair, or a provider that obtains
   * and renews them (STS: AssumeRole, OIDC, the instance's role, a credentials URI).
   */
  credentials?: Credentials | CredentialProvider;
  /** Send unsigned (STS AssumeRoleWithOIDC: the OIDC token is the proof). */
  anonymous?: boolean;
  signatureVersion?: "v1" | "acs3";
  /** v1 only: POST with a form body (default, keeps secrets out of URLs) or GET with a query. */
  method?: "POST" | "GET";
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
}

/**
 * What a response is checked with: a zod schema fits (structurally — the public types name no zod
 * type, so a user's strict tsconfig never has to load zod's declarations).
 */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface RequestOptions<T> {
  schema?: ResponseSchema<T>;
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const pools = new Map<string, Pool>();

export class RpcClient {
  readonly regionId: string;
  readonly endpoint: string;
  private readonly credentials?: CredentialProvider;
  private readonly opts: ClientOptions;
  private readonly log?: Logger;

  constructor(readonly product: ProductSpec, opts: ClientOptions = {}) {
    this.opts = opts;
    this.regionId = opts.regionId || resolveRegion() || "cn-hangzhou";
    this.endpoint = resolveEndpoint(product.name, this.regionId, opts.endpoint);
    this.credentials = opts.credentials === undefined ? undefined
      : isCredentialProvider(opts.credentials) ? opts.credentials : staticCredentials(opts.credentials);
    this.log = opts.logger ?? defaultLogger();
  }

  /** Resolves to the parsed JSON body; rejects with ApiError (cloud or client failure). */
  async request<T = Record<string, any>>(action: string, params: Record<string, unknown> = {}, opts: RequestOptions<T> = {}): Promise<T> {
    if (typeof action !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(action)) {
      throw new ApiError({ action: String(action ?? ""), code: CLIENT_CODES.missingAction, message: `"${String(action ?? "")}" is not an API action name`, hint: "Pass the action as the first argument, e.g. client.request(\"DescribeDBClusters\", {…})." });
    }
    let wire: Record<string, string>;
    try {
      wire = flattenParams(params);
    } catch (e) {
      if (e instanceof UnserializableParameterError) {
        throw new ApiError({ action, code: CLIENT_CODES.invalidParameter, message: e.message, hint: "Pass strings, numbers, booleans, arrays or plain objects." });
      }
      throw e;
    }
    if (this.product.name === "polardb" && wire.RegionId === undefined && action !== "DescribeRegions") wire.RegionId = this.regionId;
    let source: CredentialProvider | undefined;
    try {
      source = this.opts.anonymous ? undefined : this.credentials ?? defaultCredentialProvider();
    } catch (e) { throw forAction(action, e); }
    const body = await withRetry((n) => this.attemptWithRenewal(action, wire, source, n, opts), {
      ...this.opts.retry,
      idempotent: isIdempotent(action, wire, opts.idempotent),
      signal: opts.signal,
      onRetry: (err, n, delay) => this.log?.(`${action} attempt ${n} failed (${isApiError(err) ? err.code : String(err)}); retrying in ${Math.round(delay)} ms`),
    });
    if (!opts.schema) return body as T;
    const parsed = opts.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError({ action, code: CLIENT_CODES.unexpectedResponse, requestId: String(body.RequestId ?? ""), message: `the response does not have the documented shape at ${issue.path.join(".") || "(root)"}: ${issue.message}`, hint: "This is a provider bug or an API change; please report it with the RequestId." });
    }
    return parsed.data;
  }

  async close(): Promise<void> {
    const pool = pools.get(this.endpoint);
    pools.delete(this.endpoint);
    await pool?.close();
  }

  private pool(): Pool {
    let p = pools.get(this.endpoint);
    if (!p) { p = new Pool(this.endpoint, { connections: 16, keepAliveTimeout: 10_000 }); pools.set(this.endpoint, p); }
    return p;
  }

  /**
   * One attempt with the credentials of now (a renewing provider renews before they expire). A
   * refusal for an expired token renews them once and repeats at once: the cloud applied nothing.
   */
  private async attemptWithRenewal(action: string, params: Record<string, string>, source: CredentialProvider | undefined, attemptNo: number, opts: RequestOptions<unknown>): Promise<Record<string, any>> {
    const cred = source ? await source.getCredentials().catch((e: unknown) => { throw forAction(action, e); }) : undefined;
    try {
      return await this.attempt(action, params, cred, attemptNo, opts);
    } catch (err) {
      if (!source?.renew || !isApiError(err) || !isExpiredToken(err.code)) throw err;
      this.log?.(`${action}: the security token expired (${err.code}); renewing the credentials (${source.from}) and repeating`);
      const renewed = await source.renew().catch((e: unknown) => { throw forAction(action, e); });
      return this.attempt(action, params, renewed, attemptNo, opts);
    }
  }

  private async attempt(action: string, params: Record<string, string>, cred: Credentials | undefined, attemptNo: number, opts: RequestOptions<unknown>): Promise<Record<string, any>> {
    const started = Date.now();
    const req = !cred ? this.buildAnonymous(action, params)
      : (this.opts.signatureVersion ?? "v1") === "acs3" ? this.buildAcs3(action, params, cred) : this.buildV1(action, params, cred);
    const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs ?? 30_000;
    const signals = [AbortSignal.timeout(timeoutMs), ...(opts.signal ? [opts.signal] : [])];
    let status = 0;
    let text = "";
    try {
      const res = await this.pool().request({ ...req, signal: AbortSignal.any(signals), headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      throw transportError(action, e, timeoutMs);
    } finally {
      this.log?.(`${action} #${attemptNo} ${req.method} ${this.endpoint} key=${cred ? maskAccessKeyId(cred.accessKeyId) : "(unsigned)"} status=${status || "-"} ${Date.now() - started}ms params: ${redactParams(params)}`);
    }
    // The API may echo the request (SignatureDoesNotMatch quotes its string-to-sign): no secret survives.
    return parseBody(action, status, text, secretValues(params, [cred?.accessKeySecret, cred?.securityToken]));
  }

  private buildV1(action: string, params: Record<string, string>, cred: Credentials) {
    const all: Record<string, string> = {
      ...params, Action: action, Version: this.product.version, Format: "JSON", Timestamp: timestamp(),
      SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", SignatureNonce: randomUUID(), AccessKeyId: cred.accessKeyId,
    };
    if (cred.securityToken) all.SecurityToken = cred.securityToken;
    const method = this.opts.method ?? "POST";
    all.Signature = signV1(method, all, cred.accessKeySecret);
    const encoded = new URLSearchParams(all).toString();
    return method === "GET"
      ? { method, path: `/?${encoded}`, headers: { accept: "application/json" } as Record<string, string>, body: undefined }
      : { method, path: "/", headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" } as Record<string, string>, body: encoded };
  }

  /** RPC without a signature (AssumeRoleWithOIDC): common parameters in the query, the rest as a form. */
  private buildAnonymous(action: string, params: Record<string, string>) {
    const query = new URLSearchParams({ Action: action, Version: this.product.version, Format: "JSON", Timestamp: timestamp() }).toString();
    return { method: "POST", path: `/?${query}`, headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" } as Record<string, string>, body: new URLSearchParams(params).toString() };
  }

  private buildAcs3(action: string, params: Record<string, string>, cred: Credentials) {
    const host = new URL(this.endpoint).host;
    const headers: Record<string, string> = {
      host, "x-acs-action": action, "x-acs-version": this.product.version, "x-acs-date": timestamp(),
      "x-acs-signature-nonce": randomBytes(16).toString("hex"), "x-acs-content-sha256": EMPTY_SHA256, accept: "application/json",
    };
    if (cred.securityToken) { headers["x-acs-security-token"] = cred.securityToken; headers["x-acs-accesskey-id"] = cred.accessKeyId; }
    const sig = signAcs3({ method: "POST", query: params, headers, accessKeyId: cred.accessKeyId, accessKeySecret: cred.accessKeySecret });
    headers.authorization = sig.authorization;
    const query = new URLSearchParams(params).toString();
    return { method: "POST", path: query ? `/?${query}` : "/", headers, body: undefined };
  }
}

export class PolarDBClient extends RpcClient {
  constructor(opts: ClientOptions = {}) { super(POLARDB, opts); }
}

export class RdsClient extends RpcClient {
  constructor(opts: ClientOptions = {}) { super(RDS, opts); }
}

/** The refusals that say the security token has expired (renew and repeat; nothing was applied). */
export function isExpiredToken(code: string): boolean {
  return /^(InvalidSecurityToken\.Expired|SecurityToken\.Expired|SecurityTokenExpired|InvalidSecurityToken\.Expire)$/.test(code);
}

/**
 * An error met while obtaining credentials, named by the call they were for (an STS call keeps
 * its own action, code and RequestId).
 */
function forAction(action: string, e: unknown): unknown {
  return isApiError(e) ? new ApiError({ action: e.action || action, code: e.code, message: e.cloudMessage, hint: e.hint, requestId: e.requestId, httpStatus: e.httpStatus }) : e;
}

function parseBody(action: string, status: number, text: string, secrets: string[]): Record<string, any> {
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch { /* handled below */ }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const snippet = text.trim() === "" ? "an empty body" : `a non-JSON body starting ${JSON.stringify(scrub(text, secrets).slice(0, 80))}`;
    throw new ApiError({ action, code: CLIENT_CODES.invalidResponse, httpStatus: status, message: `the endpoint answered HTTP ${status} with ${snippet}`, hint: status >= 500 ? "The service or a proxy in between failed; retry later." : "Check that the endpoint is the Alibaba Cloud API (a proxy or a wrong URL answers HTML)." });
  }
  const b = body as Record<string, any>;
  const code = b.Code ?? b.code;
  if (status >= 400 || (code !== undefined && status === 0)) {
    throw new ApiError({ action, code: String(code ?? `HTTP${status}`), httpStatus: status, requestId: b.RequestId ?? b.requestId, message: scrub(String(b.Message ?? b.message ?? "no message"), secrets) });
  }
  return b;
}

function transportError(action: string, e: unknown, timeoutMs: number): ApiError {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? "";
  if (err.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || (err.name === "AbortError" && /timeout/i.test(String(err.message)))) {
    return new ApiError({ action, code: CLIENT_CODES.timeout, message: `no answer within ${timeoutMs} ms`, cause: e });
  }
  if (code === "ECONNREFUSED") return new ApiError({ action, code: CLIENT_CODES.refused, message: "the connection was refused", cause: e });
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") return new ApiError({ action, code: CLIENT_CODES.reset, message: "the connection was reset", cause: e });
  if (err.name === "AbortError") return new ApiError({ action, code: "Client.Aborted", message: "the request was cancelled", hint: "It was cancelled by the caller.", cause: e });
  return new ApiError({ action, code: CLIENT_CODES.network, message: err.message ?? String(e), cause: e });
}
