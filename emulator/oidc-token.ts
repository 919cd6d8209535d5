/**
 * Checking an OIDC token (a JWT from a CI system) against a registered OIDC provider, in the order
 * and with the codes of STS AssumeRoleWithOIDC: shape, algorithm, signature (only when the provider
 * was registered with public keys: the emulator fetches no JWKS), issuer, audience, expiry.
 */
import { constants, createPublicKey, KeyObject, verify } from "node:crypto";
import { codes } from "./codes";

export interface OidcProvider {
  arn: string;
  /** Must equal the token's `iss` exactly. */
  issuer: string;
  /** The provider's client ids: the token's `aud` (a string or a list) must contain one. */
  audiences: string[];
  /** PEM public keys; when given, the token's signature must verify with one of them. */
  publicKeys?: string[];
}

export interface OidcTokenInfo { Issuer: string; Subject: string; ClientIds: string; IssuanceTime: string; ExpirationTime: string; VerificationInfo: "Success" }

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$/;

function b64json(part: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw codes.oidcTokenInvalid("Cannot decode base64 encoded response(format invalided).");
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* below */ }
  throw codes.oidcTokenInvalid("The Jwt content is invalid that cannot be recognized.");
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function verifyOidcToken(token: string, provider: OidcProvider, nowMs: number): OidcTokenInfo {
  const jwt = token.trim();
  if (!jwt) throw codes.oidcTokenInvalid("The OIDCToken can not empty.");
  const parts = jwt.split(".");
  if (parts.length !== 3) throw codes.oidcTokenInvalid("The number of Jwt field should be divided into 3 parts with '.' .");
  const header = b64json(parts[0]);
  const claims = b64json(parts[1]);
  const alg = String(header.alg ?? "");
  if (!ASYMMETRIC.test(alg)) throw codes.oidcTokenInvalid(`The algorithm ${alg || "none"} that be specified in Jwt header is unknown.`);
  if (provider.publicKeys?.length && !provider.publicKeys.some((k) => signatureValid(alg, `${parts[0]}.${parts[1]}`, parts[2], k))) throw codes.oidcTokenSignature();
  if (claims.iss !== provider.issuer) throw codes.oidcTokenIssuer();
  const aud = Array.isArray(claims.aud) ? claims.aud.map(String) : claims.aud === undefined ? [] : [String(claims.aud)];
  if (!aud.some((a) => provider.audiences.includes(a))) throw codes.oidcTokenAudience();
  const exp = Number(claims.exp);
  if (!Number.isFinite(exp) || exp * 1000 <= nowMs) throw codes.oidcTokenExpired();
  const iat = Number(claims.iat);
  return {
    Issuer: provider.issuer, Subject: String(claims.sub ?? ""), ClientIds: aud.join(","),
    IssuanceTime: Number.isFinite(iat) ? iso(iat) : "", ExpirationTime: iso(exp), VerificationInfo: "Success",
  };
}

function signatureValid(alg: string, signed: string, signature: string, pem: string): boolean {
  let key: KeyObject;
  try { key = createPublicKey(pem); } catch { return false; }
  const hash = `sha${alg.slice(2)}`;
  const sig = Buffer.from(signature, "base64url");
  try {
    if (alg.startsWith("ES")) return verify(hash, Buffer.from(signed), { key, dsaEncoding: "ieee-p1363" }, sig);
    if (alg.startsWith("PS")) return verify(hash, Buffer.from(signed), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }, sig);
    return verify(hash, Buffer.from(signed), key, sig);
  } catch {
    return false;
  }
}
