/**
 * The emulator as Alibaba Cloud STS (2015-04-01): AssumeRole, AssumeRoleWithOIDC (anonymous, the
 * token checked against a registered OIDC provider), GetCallerIdentity, and the temporary keys they
 * issue (`STS.…` ids with a SecurityToken), which every product of the emulator accepts until they
 * expire and then refuses with InvalidSecurityToken.Expired. The same sessions feed the ECS
 * metadata service and the credentials URI (emulator/metadata.ts).
 *
 * Lifetimes are real time on the emulator's clock (`clock.now()`): time scaling shortens cloud
 * operations, not credentials, so a token lives DurationSeconds (default 3600) capped by
 * `stsTtlSeconds` (`--sts-ttl`), which is how tests see tokens expire within seconds.
 *
 * How the official @alicloud/credentials 2.4.7 reaches this emulator (read from its source):
 * - ram_role_arn / oidc_role_arn: `new Credential({ type, …, stsEndpoint: "127.0.0.1:PORT" })`.
 *   The library always uses https (`https://<stsEndpoint>/`, POST, Version 2015-04-01, Format JSON,
 *   parameters RoleArn/RoleSessionName/DurationSeconds/Policy/ExternalId in a form body; AssumeRole
 *   signed v1 HMAC-SHA1 over query ∪ form with SignatureNonce/Timestamp in the query; OIDC unsigned
 *   with OIDCProviderArn/OIDCToken in the body). The emulator's port answers TLS as well as plain
 *   HTTP, with a self-signed certificate the client must trust (NODE_EXTRA_CA_CERTS=<--tls-cert-out
 *   file>, or in-process tls.setDefaultCACertificates). No environment variable names the STS
 *   endpoint: only ALIBABA_CLOUD_STS_REGION (→ sts.<region>.aliyuncs.com) and
 *   ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED (→ sts-vpc.…); a CLI profile (~/.aliyun/config.json) of mode
 *   RamRoleArn honours `sts_endpoint`, modes OIDC and ChainableRamRoleArn do not. Defaults from env:
 *   ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_ROLE_SESSION_NAME, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
 *   ALIBABA_CLOUD_OIDC_TOKEN_FILE. DurationSeconds below 900 is refused client-side.
 * - credentials_uri: `{ type: "credentials_uri", credentialsURI: "<emu.url>/credentials-uri" }` or
 *   ALIBABA_CLOUD_CREDENTIALS_URI; a plain GET of that URL (http is fine).
 * - ecs_ram_role: the metadata host is hard-coded (http://100.100.100.200, no option, no env);
 *   ALIBABA_CLOUD_ECS_METADATA names the role, ALIBABA_CLOUD_IMDSV1_DISABLED=true and
 *   ALIBABA_CLOUD_ECS_METADATA_DISABLED=true change its behaviour. It can only be tested by
 *   replacing the provider object's `doRequest` (the library's own hook "for mock") with one that
 *   sends the same request to the emulator's port: the library's token/role/credential logic runs
 *   unchanged, nothing goes to 100.100.100.200.
 * - Renewal: sessions are refreshed when less than 15 minutes remain, so with a TTL under 15 minutes
 *   every getCredential() fetches new credentials.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import { codes } from "./codes";
import { OidcProvider, OidcTokenInfo, verifyOidcToken } from "./oidc-token";
import { optional, Params, required } from "./params";

export type { OidcProvider } from "./oidc-token";

export interface RoleSpec {
  /** acs:ram::<account>:role/<name> */
  arn: string;
  /** The role's MaxSessionDuration: 3600 (default) .. 43200. */
  maxSessionDuration?: number;
  /** Who may assume it: access key ids, role ARNs (for a chained session) or OIDC provider ARNs. Default: anyone the emulator knows. */
  trust?: string[];
  /** When set, AssumeRole must send this ExternalId. */
  externalId?: string;
}

export interface StsOptions {
  clock: Clock;
  roles?: RoleSpec[];
  oidcProviders?: OidcProvider[];
  /** Caps every lifetime (seconds); default none: the DurationSeconds asked. */
  ttlSeconds?: number;
  /** The access key whose account (clusters, tasks …) the sessions that no key asked for act in
   *  (OIDC, ECS instance, credentials URI): the emulator's first key. */
  ownerKeyId: () => string;
}

export interface Session {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  issuedAt: number;
  expiresAt: number;
  accountId: string;
  roleArn: string;
  roleId: string;
  assumedRoleArn: string;
  assumedRoleId: string;
  ownerKeyId: string;
}

/** The caller of a signed STS action: a static key, or a session it issued. */
export interface StsCaller { accessKeyId: string; session?: Session }

const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.@_-]{1,64})$/i;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ANONYMOUS = new Set(["AssumeRoleWithOIDC"]);
const ACTIONS = new Set(["AssumeRole", "AssumeRoleWithOIDC", "GetCallerIdentity"]);
/** Expired sessions are remembered (to answer Expired, not NotFound) this long, at most this many. */
const KEEP_EXPIRED_MS = 24 * 3600_000;
const MAX_SESSIONS = 20_000;

export const DEFAULT_ACCOUNT_ID = "1234567890123456";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const digits = (seed: string, n: number) => BigInt(`0x${createHash("sha256").update(seed).digest("hex")}`).toString().slice(0, n);

export function parseRoleArn(arn: string): { accountId: string; name: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { accountId: m[1], name: m[2] } : undefined;
}

export class StsService {
  private readonly roles = new Map<string, Required<Pick<RoleSpec, "arn" | "maxSessionDuration">> & RoleSpec>();
  private readonly providers = new Map<string, OidcProvider>();
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, string>();
  private readonly instance = new Map<string, Session>();

  constructor(private readonly o: StsOptions) {
    for (const r of o.roles ?? []) this.addRole(r);
    for (const p of o.oidcProviders ?? []) this.addOidcProvider(p);
    if (o.ttlSeconds !== undefined && !(Number.isInteger(o.ttlSeconds) && o.ttlSeconds >= 1)) throw new Error(`stsTtlSeconds must be a whole number of seconds >= 1, got ${o.ttlSeconds}`);
  }

  addRole(r: RoleSpec): void {
    if (!parseRoleArn(r.arn)) throw new Error(`role "${r.arn}" is not a role ARN (acs:ram::<account id>:role/<name>)`);
    const max = r.maxSessionDuration ?? 3600;
    if (!Number.isInteger(max) || max < 3600 || max > 43200) throw new Error(`role ${r.arn}: max session duration must be 3600..43200 seconds, got ${max}`);
    this.roles.set(r.arn.toLowerCase(), { ...r, maxSessionDuration: max });
  }

  addOidcProvider(p: OidcProvider): void {
    if (!/^acs:ram::\d+:oidc-provider\/[A-Za-z0-9._-]+$/i.test(p.arn)) throw new Error(`OIDC provider "${p.arn}" is not an OIDC provider ARN (acs:ram::<account id>:oidc-provider/<name>)`);
    if (!p.issuer) throw new Error(`OIDC provider ${p.arn} needs issuer=URL`);
    if (!p.audiences.length) throw new Error(`OIDC provider ${p.arn} needs at least one audience=CLIENT_ID`);
    this.providers.set(p.arn.toLowerCase(), p);
  }

  /** The account the emulator's own access keys belong to: the first role's, or a fixed one. */
  accountId(): string {
    const first = this.roles.values().next().value;
    return first ? parseRoleArn(first.arn)!.accountId : DEFAULT_ACCOUNT_ID;
  }

  hasAction(action: string): boolean { return ACTIONS.has(action); }
  isAnonymous(action: string): boolean { return ANONYMOUS.has(action); }

  /** A temporary key by id, expired or not (undefined: never issued here, or long forgotten). */
  session(accessKeyId: string): Session | undefined { return this.sessions.get(accessKeyId); }

  /** Every session still remembered (tests scan outputs for their secrets). */
  issued(): Session[] { return [...this.sessions.values()]; }

  /** The SecurityToken sent with a temporary key, judged as the cloud's gateway does. */
  checkToken(s: Session, token: string | undefined): void {
    if (!token) throw codes.securityTokenMalformed();
    const owner = this.tokens.get(token);
    if (owner === undefined) throw codes.securityTokenMalformed();
    if (owner !== s.accessKeyId) throw codes.invalidSecurityToken();
    if (this.o.clock.now() >= s.expiresAt) throw codes.securityTokenExpired();
  }

  dispatch(action: string, p: Params, caller?: StsCaller): Record<string, unknown> {
    switch (action) {
      case "AssumeRole": return this.assumeRole(p, caller!);
      case "AssumeRoleWithOIDC": return this.assumeRoleWithOidc(p);
      case "GetCallerIdentity": return this.callerIdentity(caller!);
      default: throw codes.invalidAction();
    }
  }

  /** The ECS instance's (or the credentials URI's) current credentials for a role: reused while more than half their life remains. */
  instanceCredentials(roleName: string): Session | undefined {
    const role = [...this.roles.values()].find((r) => parseRoleArn(r.arn)!.name.toLowerCase() === roleName.toLowerCase());
    if (!role) return undefined;
    const now = this.o.clock.now();
    const current = this.instance.get(role.arn.toLowerCase());
    if (current && current.expiresAt - now > (current.expiresAt - current.issuedAt) / 2) return current;
    const s = this.issue(role.arn, "ecs-instance", 3600);
    this.instance.set(role.arn.toLowerCase(), s);
    return s;
  }

  roleNames(): string[] { return [...this.roles.values()].map((r) => parseRoleArn(r.arn)!.name); }

  private assumeRole(p: Params, caller: StsCaller): Record<string, unknown> {
    const arn = required(p, "RoleArn");
    const sessionName = required(p, "RoleSessionName");
    if (!SESSION_NAME.test(sessionName)) throw codes.roleSessionName();
    const externalId = optional(p, "ExternalId");
    if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) throw codes.externalId();
    checkPolicy(optional(p, "Policy"));
    const role = this.role(arn);
    const duration = durationOf(p, role.maxSessionDuration);
    const principal = caller.session ? caller.session.roleArn : caller.accessKeyId;
    if (role.trust && !role.trust.some((t) => t.toLowerCase() === principal.toLowerCase())) throw codes.assumeRoleDenied();
    if (role.externalId !== undefined && role.externalId !== externalId) throw codes.assumeRoleDenied();
    // A session acts in its caller's account (the emulator keeps one per access key).
    return this.answer(this.issue(role.arn, sessionName, duration, caller.session?.ownerKeyId ?? caller.accessKeyId));
  }

  private assumeRoleWithOidc(p: Params): Record<string, unknown> {
    const providerArn = required(p, "OIDCProviderArn");
    const token = p.OIDCToken ?? "";
    const arn = required(p, "RoleArn");
    const sessionName = optional(p, "RoleSessionName");
    if (sessionName !== undefined && !SESSION_NAME.test(sessionName)) throw codes.roleSessionName();
    checkPolicy(optional(p, "Policy"));
    const provider = this.providers.get(providerArn.toLowerCase());
    if (!provider) throw codes.oidcProviderNotFound();
    const info: OidcTokenInfo = verifyOidcToken(token, provider, this.o.clock.now());
    const role = this.role(arn);
    const duration = durationOf(p, role.maxSessionDuration);
    if (role.trust && !role.trust.some((t) => t.toLowerCase() === provider.arn.toLowerCase())) throw codes.oidcNoPermission();
    const name = sessionName ?? (/^[A-Za-z0-9.@_-]{2,64}$/.test(info.Subject) ? info.Subject : "oidc-session");
    return { ...this.answer(this.issue(role.arn, name, duration)), OIDCTokenInfo: info };
  }

  private callerIdentity(caller: StsCaller): Record<string, unknown> {
    const s = caller.session;
    if (s) {
      return { IdentityType: "AssumedRoleUser", AccountId: s.accountId, Arn: s.assumedRoleArn, RoleId: s.roleId, PrincipalId: s.assumedRoleId };
    }
    const account = this.accountId();
    const userId = digits(`user:${caller.accessKeyId}`, 16);
    return { IdentityType: "RAMUser", AccountId: account, Arn: `acs:ram::${account}:user/${caller.accessKeyId.toLowerCase()}`, UserId: userId, PrincipalId: userId };
  }

  private role(arn: string) {
    if (!parseRoleArn(arn)) throw codes.roleArn();
    const role = this.roles.get(arn.toLowerCase());
    if (!role) throw codes.roleNotFound(arn);
    return role;
  }

  private issue(roleArn: string, sessionName: string, durationSeconds: number, ownerKeyId?: string): Session {
    const now = this.o.clock.now();
    const ttl = Math.min(durationSeconds, this.o.ttlSeconds ?? Infinity);
    const { accountId, name } = parseRoleArn(roleArn)!;
    const roleId = digits(`role:${roleArn.toLowerCase()}`, 17);
    const s: Session = {
      accessKeyId: `STS.${randomBytes(18).toString("base64url").replace(/[-_]/g, "x")}`,
      accessKeySecret: randomBytes(30).toString("base64url").replace(/[-_]/g, "y"),
      securityToken: `CAIS${randomBytes(96).toString("base64")}`,
      issuedAt: now,
      // Whole seconds, so the Expiration the client reads is the instant the emulator refuses from.
      expiresAt: Math.floor((now + ttl * 1000) / 1000) * 1000,
      accountId, roleId,
      roleArn: `acs:ram::${accountId}:role/${name.toLowerCase()}`,
      assumedRoleArn: `acs:ram::${accountId}:role/${name.toLowerCase()}/${sessionName}`,
      assumedRoleId: `${roleId}:${sessionName}`,
      ownerKeyId: ownerKeyId ?? this.o.ownerKeyId(),
    };
    this.forgetOld(now);
    this.sessions.set(s.accessKeyId, s);
    this.tokens.set(s.securityToken, s.accessKeyId);
    return s;
  }

  private forgetOld(now: number): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    for (const [id, s] of this.sessions) {
      if (this.sessions.size >= MAX_SESSIONS || now - s.expiresAt > KEEP_EXPIRED_MS) {
        this.sessions.delete(id);
        this.tokens.delete(s.securityToken);
      }
    }
  }

  private answer(s: Session): Record<string, unknown> {
    return {
      Credentials: { AccessKeyId: s.accessKeyId, AccessKeySecret: s.accessKeySecret, SecurityToken: s.securityToken, Expiration: iso(s.expiresAt) },
      AssumedRoleUser: { Arn: s.assumedRoleArn, AssumedRoleId: s.assumedRoleId },
    };
  }
}

/** The ECS metadata / credentials URI body for a session. */
export function credentialsDocument(s: Session): Record<string, string> {
  return { AccessKeyId: s.accessKeyId, AccessKeySecret: s.accessKeySecret, SecurityToken: s.securityToken, Expiration: iso(s.expiresAt), LastUpdated: iso(s.issuedAt), Code: "Success" };
}

function durationOf(p: Params, max: number): number {
  const v = optional(p, "DurationSeconds");
  if (v === undefined) return Math.min(3600, max);
  if (!/^\d+$/.test(v) || Number(v) < 900 || Number(v) > max) throw codes.durationSeconds(max);
  return Number(v);
}

function checkPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  let doc: unknown;
  try { doc = JSON.parse(policy); } catch { throw codes.policyGrammar(); }
  if (policy.length > 2048 || !doc || typeof doc !== "object" || !Array.isArray((doc as { Statement?: unknown }).Statement)) throw codes.policyGrammar();
}

/**
 * `ARN[,max-session=SECONDS][,external-id=ID][,trust=PRINCIPAL]...` (the --role syntax).
 */
export function parseRoleSpec(text: string): RoleSpec {
  const [arn, ...opts] = text.split(",").map((s) => s.trim());
  const spec: RoleSpec = { arn };
  for (const [k, v] of opts.map(keyValue(text))) {
    if (k === "max-session") spec.maxSessionDuration = Number(v);
    else if (k === "external-id") spec.externalId = v;
    else if (k === "trust") (spec.trust ??= []).push(v);
    else throw new Error(`role "${text}": unknown option ${k} (max-session, external-id, trust)`);
  }
  return spec;
}

/**
 * `ARN,issuer=URL,audience=CLIENT_ID[,audience=…][,key=PEM_FILE]...` (the --oidc-provider syntax);
 * `readFile` reads a key file.
 */
export function parseOidcProviderSpec(text: string, readFile: (path: string) => string): OidcProvider {
  const [arn, ...opts] = text.split(",").map((s) => s.trim());
  const spec: OidcProvider = { arn, issuer: "", audiences: [] };
  for (const [k, v] of opts.map(keyValue(text))) {
    if (k === "issuer") spec.issuer = v;
    else if (k === "audience") spec.audiences.push(v);
    else if (k === "key") (spec.publicKeys ??= []).push(readFile(v));
    else throw new Error(`OIDC provider "${text}": unknown option ${k} (issuer, audience, key)`);
  }
  return spec;
}

function keyValue(text: string) {
  return (opt: string): [string, string] => {
    const i = opt.indexOf("=");
    if (i <= 0) throw new Error(`"${text}": "${opt}" must look like NAME=VALUE`);
    return [opt.slice(0, i), opt.slice(i + 1)];
  };
}
