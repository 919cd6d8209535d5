/**
 * Request signing for the Alibaba Cloud RPC APIs.
 * - v1: HMAC-SHA1, SignatureVersion 1.0, exactly as the API reference documents it.
 * - ACS3-HMAC-SHA256: the scheme the current official SDKs use by default.
 * Both are pure functions over already-flattened string parameters.
 */
import { createHash, createHmac } from "node:crypto";

/** RFC 3986 percent-encoding: unreserved A–Z a–z 0–9 - _ . ~ stay, the rest is %XY of UTF-8. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Sorted by raw name with the default JS sort (UTF-16 code units = byte order for ASCII). */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
}

export function stringToSignV1(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64(HMAC-SHA1(secret + "&", StringToSign)). */
export function signV1(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac("sha1", accessKeySecret + "&").update(stringToSignV1(method, params), "utf8").digest("base64");
}

export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

export interface Acs3Input {
  method: string;
  pathname?: string;
  query: Record<string, string>;
  /** Lower-case names; every `host`, `content-type` and `x-acs-*` header is signed. */
  headers: Record<string, string>;
  body?: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Acs3Signature { canonicalRequest: string; stringToSign: string; signature: string; authorization: string; signedHeaders: string }

export function signAcs3(input: Acs3Input): Acs3Signature {
  const payloadHash = createHash("sha256").update(input.body ?? "", "utf8").digest("hex");
  const names = Object.keys(input.headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h === "host" || h === "content-type" || h.startsWith("x-acs-"))
    .sort();
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) lower[k.toLowerCase()] = v;
  const signedHeaders = names.join(";");
  const canonicalHeaders = names.map((h) => `${h}:${lower[h].trim()}\n`).join("");
  const query = Object.keys(input.query).sort().map((k) => `${percentEncode(k)}=${percentEncode(input.query[k])}`).join("&");
  const canonicalRequest = [input.method.toUpperCase(), input.pathname ?? "/", query, canonicalHeaders, signedHeaders, payloadHash].join("\n");
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
  const signature = createHmac("sha256", input.accessKeySecret).update(stringToSign, "utf8").digest("hex");
  return {
    canonicalRequest, stringToSign, signature, signedHeaders,
    authorization: `ACS3-HMAC-SHA256 Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

/** UTC `YYYY-MM-DDThh:mm:ssZ`, no milliseconds (what every official client sends). */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
