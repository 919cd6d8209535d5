/**
 * Where credentials and the region come from. `planCredentials` decides WHICH way applies (pure,
 * synchronous, no network); provider/credential-provider.ts then obtains and renews them.
 *
 * Precedence, first match wins (README "Credentials" has the table):
 *   1. explicit values (the client option `credentials`);
 *   2. the stack config: polardb:accessKeyId + polardb:accessKeySecret (+ polardb:securityToken);
 *      polardb:ecsRoleName; polardb:profile (a profile of ~/.aliyun/config.json, any mode);
 *      polardb:assumeRole wraps whichever identity the rest of the chain gives (@pulumi/alicloud's way);
 *   3. the environment: ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET (+ SECURITY_TOKEN), the older ALICLOUD_*
 *      names, OIDC (ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE);
 *   4. the profile ALIBABA_CLOUD_PROFILE names, or the file's current one;
 *   5. ALIBABA_CLOUD_ECS_METADATA (the instance's role name), then ALIBABA_CLOUD_CREDENTIALS_URI —
 *      the official default chain's order.
 *
 * Why not @alicloud/credentials (measured with 2.4.7, the field's own library): it sends STS calls
 * over https only and asks a fixed metadata address (100.100.100.200), so neither an http STS
 * endpoint (ALIBABA_CLOUD_STS_ENDPOINT, the emulator) nor a test metadata service can be used; it
 * renews only inside a fixed 15-minute window, so a token that lives 15 minutes or less is fetched
 * again on every call; its default chain probes the metadata service off ECS; and it does not read
 * the ALICLOUD_* names Terraform users have. What the STS mechanics need is a few signed calls
 * through our own client (provider/sts.ts), so that is what we use.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ApiError, CLIENT_CODES } from "./errors";

export interface Credentials { accessKeyId: string; accessKeySecret: string; securityToken?: string }

export type ConfigLookup = (key: string) => string | undefined;

export interface CredentialSources {
  explicit?: Partial<Credentials>;
  config?: ConfigLookup;
  env?: NodeJS.ProcessEnv;
  /** Home directory holding .aliyun/config.json (tests point it elsewhere). */
  home?: string;
}

/** AssumeRole's settings, named as @pulumi/alicloud's `assumeRole` names them. */
export interface AssumeRoleSettings {
  roleArn: string;
  sessionName?: string;
  /** Seconds the token lives (900 up to the role's maximum; default 3600). */
  sessionExpiration?: number;
  externalId?: string;
  policy?: string;
}

/** One way to obtain credentials, with where it was found (`from`, said in messages; never a secret). */
export type CredentialPlan =
  | { kind: "static"; from: string; credentials: Credentials }
  | { kind: "assumeRole"; from: string; base: CredentialPlan; role: AssumeRoleSettings }
  | { kind: "oidc"; from: string; role: AssumeRoleSettings; oidcProviderArn: string; tokenFile: string }
  | { kind: "ecsRole"; from: string; roleName?: string }
  | { kind: "uri"; from: string; uri: string };

const WAYS = [
  "stack config: pulumi config set --secret polardb:accessKeyId … and polardb:accessKeySecret … (optionally polardb:securityToken); polardb:assumeRole (roleArn …) over them; polardb:ecsRoleName; polardb:profile",
  "environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (optionally ALIBABA_CLOUD_SECURITY_TOKEN)",
  "environment (older names): ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (optionally ALICLOUD_SECURITY_TOKEN)",
  "environment, OIDC (CI systems): ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE",
  "environment: ALIBABA_CLOUD_CREDENTIALS_URI, or ALIBABA_CLOUD_ECS_METADATA (the ECS instance's RAM role)",
  "a profile in ~/.aliyun/config.json (aliyun configure: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI), chosen by ALIBABA_CLOUD_PROFILE or the file's current profile",
];

const missing = () => new ApiError({
  action: "", code: CLIENT_CODES.missingCredentials,
  message: "no Alibaba Cloud credentials were found",
  hint: `Provide them in one of these ways:\n  - ${WAYS.join("\n  - ")}`,
});

/** The way credentials will be obtained, by the precedence above. Throws when there is none. */
export function planCredentials(src: CredentialSources = {}): CredentialPlan {
  const cfg = src.config ?? (() => undefined);
  const role = assumeRoleFromConfig(cfg("polardb:assumeRole"));
  const base = basePlan(src);
  if (!role) return base;
  return { kind: "assumeRole", from: "stack config polardb:assumeRole", base, role };
}

/** Static credentials only (explicit, config keys, environment keys, AK/StsToken profiles); other ways need provider/credential-provider.ts. */
export function resolveCredentials(src: CredentialSources = {}): Credentials {
  const plan = planCredentials(src);
  if (plan.kind === "static") return plan.credentials;
  throw new ApiError({
    action: "", code: CLIENT_CODES.missingCredentials,
    message: `the credentials come from ${plan.from} (${plan.kind}), which needs a call to obtain them`,
    hint: "Use credentialProvider() (pulumi-polardb's provider does this itself), or give an access key pair.",
  });
}

function basePlan(src: CredentialSources): CredentialPlan {
  const env = src.env ?? process.env;
  const cfg = src.config ?? (() => undefined);
  const fromKeys = (from: string, c: Partial<Credentials> | undefined): CredentialPlan | undefined =>
    c?.accessKeyId && c.accessKeySecret ? { kind: "static", from, credentials: tidy(c as Credentials) } : undefined;

  const stack = fromKeys("the client option credentials", src.explicit)
    ?? fromKeys("stack config polardb:accessKeyId", { accessKeyId: cfg("polardb:accessKeyId"), accessKeySecret: cfg("polardb:accessKeySecret"), securityToken: cfg("polardb:securityToken") });
  if (stack) return stack;
  const ecsRoleName = cfg("polardb:ecsRoleName");
  if (ecsRoleName) return { kind: "ecsRole", from: "stack config polardb:ecsRoleName", roleName: ecsRoleName };
  // A profile named in the stack config is the stack's choice: it comes before the environment.
  const stackProfile = cfg("polardb:profile");
  if (stackProfile) {
    const chosen = profilePlan(stackProfile, env, src.home);
    if (chosen) return chosen;
    throw new ApiError({
      action: "", code: CLIENT_CODES.missingCredentials,
      message: `the stack config names the profile "${stackProfile}" (polardb:profile), but ${profileFile(env, src.home)} has no such profile with credentials`,
      hint: "Create it with `aliyun configure --profile <name>`, or change or remove polardb:profile (`pulumi config rm polardb:profile`).",
    });
  }
  const fromEnv = fromKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", { accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN })
    ?? fromKeys("ALICLOUD_ACCESS_KEY", { accessKeyId: env.ALICLOUD_ACCESS_KEY, accessKeySecret: env.ALICLOUD_SECRET_KEY, securityToken: env.ALICLOUD_SECURITY_TOKEN });
  if (fromEnv) return fromEnv;
  if (env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) {
    return {
      kind: "oidc", from: "ALIBABA_CLOUD_OIDC_TOKEN_FILE", oidcProviderArn: env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN, tokenFile: env.ALIBABA_CLOUD_OIDC_TOKEN_FILE,
      role: { roleArn: env.ALIBABA_CLOUD_ROLE_ARN, sessionName: env.ALIBABA_CLOUD_ROLE_SESSION_NAME },
    };
  }
  // The official default chain's order from here: profile, instance role, credentials URI. The
  // instance's metadata service is asked only when named (never probed: off ECS that is a wait).
  const profile = profilePlan(env.ALIBABA_CLOUD_PROFILE, env, src.home);
  if (profile) return profile;
  if (env.ALIBABA_CLOUD_ECS_METADATA && (env.ALIBABA_CLOUD_ECS_METADATA_DISABLED ?? "").toLowerCase() !== "true") {
    return { kind: "ecsRole", from: "ALIBABA_CLOUD_ECS_METADATA", roleName: env.ALIBABA_CLOUD_ECS_METADATA };
  }
  if (env.ALIBABA_CLOUD_CREDENTIALS_URI) return { kind: "uri", from: "ALIBABA_CLOUD_CREDENTIALS_URI", uri: env.ALIBABA_CLOUD_CREDENTIALS_URI };
  throw missing();
}

/** polardb:assumeRole: an object in the stack config (`pulumi config set --path polardb:assumeRole.roleArn …`). */
function assumeRoleFromConfig(text: string | undefined): AssumeRoleSettings | undefined {
  if (!text) return undefined;
  let v: unknown;
  try { v = JSON.parse(text); } catch { v = undefined; }
  const o = v as Record<string, unknown> | undefined;
  if (!o || typeof o !== "object" || typeof o.roleArn !== "string" || !o.roleArn) {
    throw new ApiError({
      action: "", code: CLIENT_CODES.invalidParameter,
      message: "polardb:assumeRole must be an object with at least roleArn (and optionally sessionName, sessionExpiration, externalId, policy)",
      hint: "Set it with `pulumi config set --path polardb:assumeRole.roleArn acs:ram::<account>:role/<name>`.",
    });
  }
  const expiration = o.sessionExpiration === undefined ? undefined : Number(o.sessionExpiration);
  if (expiration !== undefined && !(Number.isInteger(expiration) && expiration >= 900 && expiration <= 43200)) {
    throw new ApiError({ action: "", code: CLIENT_CODES.invalidParameter, message: `polardb:assumeRole.sessionExpiration must be whole seconds from 900 to 43200 (got ${String(o.sessionExpiration)})`, hint: "The role's maximum session duration may be lower; 3600 is the default." });
  }
  const str = (k: string) => (typeof o[k] === "string" && o[k] ? o[k] as string : undefined);
  return { roleArn: o.roleArn, sessionName: str("sessionName"), sessionExpiration: expiration, externalId: str("externalId"), policy: str("policy") };
}

/** The region: explicit, stack config, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the profile's. */
export function resolveRegion(src: CredentialSources & { explicitRegion?: string } = {}): string | undefined {
  const env = src.env ?? process.env;
  const cfg = src.config ?? (() => undefined);
  return src.explicitRegion || cfg("polardb:region") || env.ALIBABA_CLOUD_REGION_ID || env.ALICLOUD_REGION
    || readProfiles(env, src.home)?.find(cfg("polardb:profile") ?? env.ALIBABA_CLOUD_PROFILE)?.region_id || undefined;
}

function profileFile(env: NodeJS.ProcessEnv, home?: string): string {
  return env.ALIBABA_CLOUD_CONFIG_FILE ?? path.join(home ?? os.homedir(), ".aliyun", "config.json");
}

type Profile = Record<string, string>;

function readProfiles(env: NodeJS.ProcessEnv, home?: string): { find(name?: string): Profile | undefined } | undefined {
  let doc: { current?: string; profiles?: Profile[] };
  try {
    doc = JSON.parse(fs.readFileSync(profileFile(env, home), "utf8"));
  } catch {
    return undefined; // no file (or unreadable): this source simply does not apply
  }
  return { find: (name) => doc.profiles?.find((x) => x.name === (name ?? doc.current ?? "default")) };
}

/** The aliyun CLI's profile modes (`aliyun configure --mode …`), chained profiles included. */
function profilePlan(name: string | undefined, env: NodeJS.ProcessEnv, home?: string, seen: string[] = []): CredentialPlan | undefined {
  const profiles = readProfiles(env, home);
  const p = profiles?.find(name);
  if (!p || seen.includes(p.name)) return undefined;
  const from = `profile "${p.name}" (${profileFile(env, home)})`;
  const role = (): AssumeRoleSettings => ({ roleArn: p.ram_role_arn, sessionName: p.ram_session_name || undefined, sessionExpiration: p.expired_seconds ? Number(p.expired_seconds) : undefined, externalId: p.external_id || undefined, policy: p.policy || undefined });
  const keys = (securityToken?: string): CredentialPlan | undefined => (p.access_key_id && p.access_key_secret
    ? { kind: "static", from, credentials: tidy({ accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, securityToken }) } : undefined);
  switch (p.mode ?? "AK") {
    case "AK": return keys();
    case "StsToken": return keys(p.sts_token);
    case "RamRoleArn": { const base = keys(); return base && p.ram_role_arn ? { kind: "assumeRole", from, base, role: role() } : undefined; }
    case "ChainableRamRoleArn": {
      const base = profilePlan(p.source_profile, env, home, [...seen, p.name]);
      return base && p.ram_role_arn ? { kind: "assumeRole", from, base, role: role() } : undefined;
    }
    case "EcsRamRole": return { kind: "ecsRole", from, roleName: p.ram_role_name || undefined };
    case "OIDC": return p.ram_role_arn && p.oidc_provider_arn && p.oidc_token_file
      ? { kind: "oidc", from, role: role(), oidcProviderArn: p.oidc_provider_arn, tokenFile: p.oidc_token_file } : undefined;
    case "CredentialsURI": return p.credentials_uri ? { kind: "uri", from, uri: p.credentials_uri } : undefined;
    default: return undefined;
  }
}

function tidy(c: Credentials): Credentials {
  return c.securityToken ? { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken }
    : { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
}
