/** OIDC tokens as a CI system issues them (GitHub Actions' shape), signed RS256 with a test key. */
import { generateKeyPairSync, KeyObject, sign } from "node:crypto";

export const ISSUER = "https://token.actions.githubusercontent.com";
export const AUDIENCE = "sts.aliyuncs.com";
export const PROVIDER_ARN = "acs:ram::123456789012:oidc-provider/github";

export function rsaKeyPair(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }) as string };
}

export function makeJwt(claims: Record<string, unknown>, key: KeyObject, header: Record<string, unknown> = { alg: "RS256", typ: "JWT", kid: "test" }): string {
  const now = Math.floor(Date.now() / 1000);
  const body = { iss: ISSUER, aud: AUDIENCE, sub: "repo:acme/infra:ref:refs/heads/main", iat: now, nbf: now, exp: now + 300, ...claims };
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const signed = `${part(header)}.${part(body)}`;
  return `${signed}.${sign("sha256", Buffer.from(signed), key).toString("base64url")}`;
}
