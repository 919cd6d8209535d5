/**
 * Credentials that are obtained by a call and renewed before they expire (provider/credentials.ts
 * decides which way applies). Every request asks `getCredentials()`; a renewing provider answers
 * from its cache until the renewal margin, then renews once for everyone waiting (single flight),
 * so a wait of any length keeps working; `renew()` is what the client calls after a refusal for
 * an expired token. Nothing secret is logged: only where the credentials came from.
 */
import { createHash } from "node:crypto";
import { CredentialPlan, CredentialSources, Credentials, planCredentials } from "./credentials";
import { ApiError, CLIENT_CODES, isApiError } from "./errors";
import { assumeRole, assumeRoleWithOidc, credentialsFromUri, instanceRoleCredentials, Obtained } from "./sts";

export interface CredentialProvider {
  /** Where they come from, for messages ("stack config polardb:assumeRole"); never a secret. */
  readonly from: string;
  getCredentials(): Promise<Credentials>;
  /** Present where credentials can be obtained again (STS): drops the cached ones and obtains new. */
  renew?(): Promise<Credentials>;
}

export function isCredentialProvider(v: unknown): v is CredentialProvider {
  return typeof (v as CredentialProvider | undefined)?.getCredentials === "function";
}

export function staticCredentials(c: Credentials, from = "the client option credentials"): CredentialProvider {
  return { from, getCredentials: async () => c };
}

export interface RenewalClock { now(): number }

/**
 * Renews at 80 % of the lifetime, or 5 minutes before expiry when that is earlier: a 1-hour token
 * lives 55 minutes here, a 60-second one 48 seconds.
 */
export function renewAt(obtainedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  return expiresAt - Math.min(5 * 60_000, lifetime / 5);
}

export class RenewingCredentials implements CredentialProvider {
  private current?: { credentials: Credentials; renewAt: number };
  private inFlight?: Promise<Credentials>;

  constructor(readonly from: string, private readonly obtain: () => Promise<Obtained>, private readonly clock: RenewalClock = Date) {}

  async getCredentials(): Promise<Credentials> {
    if (this.current && this.clock.now() < this.current.renewAt) return this.current.credentials;
    return this.renew();
  }

  renew(): Promise<Credentials> {
    this.inFlight ??= (async () => {
      try {
        const startedAt = this.clock.now();
        const got = await this.obtain().catch((err: unknown) => { throw explain(err, this.from); });
        this.current = { credentials: got.credentials, renewAt: renewAt(startedAt, got.expiresAt) };
        return got.credentials;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }
}

export interface ProviderOptions {
  /** STS: ALIBABA_CLOUD_STS_ENDPOINT or the official default (provider/endpoints.ts). */
  stsEndpoint?: string;
  env?: NodeJS.ProcessEnv;
  clock?: RenewalClock;
}

/** A provider for a plan: static keys as they are; every other way renews. */
export function providerForPlan(plan: CredentialPlan, o: ProviderOptions = {}): CredentialProvider {
  const env = o.env ?? process.env;
  switch (plan.kind) {
    case "static": return staticCredentials(plan.credentials, plan.from);
    case "assumeRole": {
      const base = providerForPlan(plan.base, o);
      return new RenewingCredentials(`${plan.from} (role ${plan.role.roleArn}, over ${base.from})`, () => assumeRole(base, plan.role, o.stsEndpoint, env), o.clock);
    }
    case "oidc": return new RenewingCredentials(`${plan.from} (role ${plan.role.roleArn})`, () => assumeRoleWithOidc(plan, o.stsEndpoint, env), o.clock);
    case "ecsRole": return new RenewingCredentials(`${plan.from} (the instance's RAM role${plan.roleName ? ` ${plan.roleName}` : ""})`, () => instanceRoleCredentials(plan.roleName, env), o.clock);
    case "uri": return new RenewingCredentials(`${plan.from} (${plan.uri})`, () => credentialsFromUri(plan.uri), o.clock);
  }
}

const cache = new Map<string, CredentialProvider>();

/**
 * The provider for these sources, one per distinct plan in a process, so the token obtained for
 * one request serves the next and renewal happens once. The key is a digest (secrets inside).
 */
export function credentialProviderFor(src: CredentialSources = {}, o: ProviderOptions = {}): CredentialProvider {
  const plan = planCredentials(src);
  const key = createHash("sha256").update(JSON.stringify([plan, o.stsEndpoint ?? ""])).digest("hex");
  let p = cache.get(key);
  if (!p) { p = providerForPlan(plan, { ...o, env: src.env ?? o.env }); cache.set(key, p); }
  return p;
}

/** The default chain from the environment and profiles (a client with no credentials given). */
export function defaultCredentialProvider(): CredentialProvider {
  return credentialProviderFor({});
}

/** Says which way of obtaining credentials failed, keeping the cloud's code and RequestId. */
function explain(err: unknown, from: string): unknown {
  const prefix = `obtaining credentials from ${from} failed`;
  if (isApiError(err)) {
    return new ApiError({ action: err.action, code: err.code, httpStatus: err.httpStatus, requestId: err.requestId, message: `${prefix}: ${err.cloudMessage}`, hint: err.hint });
  }
  return new ApiError({ action: "", code: CLIENT_CODES.missingCredentials, message: `${prefix}: ${(err as Error)?.message ?? String(err)}`, hint: "Check the role, the token file or the address it names." });
}
