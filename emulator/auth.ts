/**
 * Authentication as the cloud does it: signature v1 (HMAC-SHA1) and ACS3-HMAC-SHA256, checked
 * against the configured access keys (with their fixed SecurityTokens) and the temporary keys the
 * emulator's STS issued (emulator/sts.ts judges their tokens), a Timestamp window and nonce reuse.
 * The canonicalisation here is the emulator's own (it imports nothing from provider/), so a bug
 * in our client's signer cannot hide behind the same bug here.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { codes } from "./codes";
import type { ParsedRequest } from "./rpc";
import type { Session, StsService } from "./sts";

export interface AccessKey { id: string; secret: string; securityToken?: string }

/** ±15 minutes, the window Alibaba Cloud's gateways apply; nonces are remembered that long. */
export const TIMESTAMP_WINDOW_MS = 15 * 60_000;

const V1_COMMON = ["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Version"];

export interface Authenticated {
  accessKeyId: string;
  /** The key whose account the request acts in: the key itself, or for an STS key the one its session acts for. */
  ownerKeyId: string;
  /** Set when the key is a temporary one issued by the emulator's STS. */
  session?: Session;
  action: string; version: string; format: "JSON" | "XML"; params: Record<string, string>; scheme: "v1" | "acs3";
}

/** A key the request may be signed with, and how its SecurityToken is judged. */
interface SigningKey { id: string; secret: string; checkToken(token: string | undefined): void; ownerKeyId: string; session?: Session }

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Authenticator {
  private readonly keys = new Map<string, AccessKey>();
  private readonly nonces = new Map<string, number>();

  constructor(keys: AccessKey[], private readonly now: () => number = Date.now, private readonly sts?: StsService) {
    this.setKeys(keys);
  }

  /** Rotation as the console does it: the keys given are the only ones accepted from now on. */
  setKeys(keys: AccessKey[]): void {
    this.keys.clear();
    for (const k of keys) this.keys.set(k.id, k);
  }

  authenticate(req: ParsedRequest): Authenticated {
    const auth = req.headers.authorization;
    return auth && auth.startsWith("ACS3-") ? this.acs3(req, auth) : this.v1(req);
  }

  private v1(req: ParsedRequest): Authenticated {
    const all = { ...req.query, ...req.form };
    for (const name of ["Action", ...V1_COMMON]) if (!all[name]) throw codes.missingParameter(name);
    if (all.SignatureMethod !== "HMAC-SHA1" || all.SignatureVersion !== "1.0") throw codes.incompleteSignature();
    this.checkTime(all.Timestamp);
    const key = this.key(all.AccessKeyId);
    key.checkToken(all.SecurityToken);
    const canonical = Object.keys(all).filter((k) => k !== "Signature").sort().map((k) => `${rfc3986(k)}=${rfc3986(all[k])}`).join("&");
    const stringToSign = `${req.method}&%2F&${rfc3986(canonical)}`;
    const expected = createHmac("sha1", `${key.secret}&`).update(stringToSign, "utf8").digest("base64");
    if (!same(expected, all.Signature)) throw codes.signatureMismatch(stringToSign);
    this.useNonce(key.id, all.SignatureNonce);
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(all)) if (![...V1_COMMON, "Action", "Format", "SecurityToken"].includes(k)) params[k] = v;
    return { accessKeyId: key.id, ownerKeyId: key.ownerKeyId, session: key.session, action: all.Action, version: all.Version, format: format(all.Format), params, scheme: "v1" };
  }

  private acs3(req: ParsedRequest, auth: string): Authenticated {
    const m = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(auth);
    if (!m) throw codes.incompleteSignature();
    const [, keyId, signedList, signature] = m;
    const h = req.headers;
    for (const name of ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) if (!h[name]) throw codes.missingParameter(name);
    const signed = signedList.split(";");
    if (!signed.includes("host") || !signed.includes("x-acs-action") || !signed.includes("x-acs-date") || !signed.includes("x-acs-content-sha256")) throw codes.incompleteSignature();
    this.checkTime(h["x-acs-date"]);
    const key = this.key(keyId);
    key.checkToken(h["x-acs-security-token"]);
    const payloadHash = createHash("sha256").update(req.rawBody).digest("hex");
    if (payloadHash !== h["x-acs-content-sha256"]) throw codes.signatureMismatch("x-acs-content-sha256 does not match the body");
    const query = Object.keys(req.query).sort().map((k) => `${rfc3986(k)}=${rfc3986(req.query[k])}`).join("&");
    const canonicalHeaders = signed.map((name) => `${name}:${(h[name] ?? "").trim()}\n`).join("");
    const canonicalRequest = [req.method, req.path || "/", query, canonicalHeaders, signedList, payloadHash].join("\n");
    const stringToSign = `ACS3-HMAC-SHA256\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
    const expected = createHmac("sha256", key.secret).update(stringToSign, "utf8").digest("hex");
    if (!same(expected, signature)) throw codes.signatureMismatch(stringToSign);
    this.useNonce(key.id, h["x-acs-signature-nonce"]);
    const params: Record<string, string> = { ...req.query, ...req.form };
    return { accessKeyId: key.id, ownerKeyId: key.ownerKeyId, session: key.session, action: h["x-acs-action"], version: h["x-acs-version"], format: format(params.Format), params, scheme: "acs3" };
  }

  private key(id: string): SigningKey {
    const k = this.keys.get(id);
    if (k) {
      return {
        id: k.id, secret: k.secret, ownerKeyId: k.id,
        checkToken: (token) => { if ((k.securityToken ?? "") !== (token ?? "")) throw codes.invalidSecurityToken(); },
      };
    }
    const s = this.sts?.session(id);
    if (!s) throw codes.invalidAccessKeyId();
    return { id, secret: s.accessKeySecret, ownerKeyId: s.ownerKeyId, session: s, checkToken: (token) => this.sts!.checkToken(s, token) };
  }

  private checkTime(ts: string): void {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(ts);
    if (!m) throw codes.illegalTimestamp();
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    if (Math.abs(this.now() - t) > TIMESTAMP_WINDOW_MS) throw codes.illegalTimestamp();
  }

  private useNonce(keyId: string, nonce: string): void {
    const now = this.now();
    if (this.nonces.size > 100_000) for (const [k, at] of this.nonces) if (now - at > TIMESTAMP_WINDOW_MS) this.nonces.delete(k);
    const k = `${keyId}:${nonce}`;
    const seen = this.nonces.get(k);
    if (seen !== undefined && now - seen <= TIMESTAMP_WINDOW_MS) throw codes.nonceUsed();
    this.nonces.set(k, now);
  }
}

function format(f: string | undefined): "JSON" | "XML" {
  return f && f.toUpperCase() === "XML" ? "XML" : "JSON";
}
