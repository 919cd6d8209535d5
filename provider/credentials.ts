/**
 * Where credentials and the region come from, in order: explicit values; stack config
 * (`polardb:accessKeyId` …); ALIBABA_CLOUD_* environment variables; the older ALICLOUD_* names;
 * a profile in ~/.aliyun/config.json (AK or StsToken mode).
 *
 * Why not @alicloud/credentials' default chain: it also probes the ECS metadata service, which
 * off ECS (and on this project's loopback-only machines) means a network wait on every start; it
 * does not read the ALICLOUD_* names Terraform users have; and it would add a runtime dependency
 * tree to every provider process. The chain below is small, synchronous and fully tested.
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

const WAYS = [
  "stack config: pulumi config set --secret polardb:accessKeyId … and polardb:accessKeySecret … (optionally polardb:securityToken)",
  "environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (optionally ALIBABA_CLOUD_SECURITY_TOKEN)",
  "environment (older names): ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (optionally ALICLOUD_SECURITY_TOKEN)",
  "a profile in ~/.aliyun/config.json (aliyun configure), chosen by ALIBABA_CLOUD_PROFILE or the file's current profile",
];

export function resolveCredentials(src: CredentialSources = {}): Credentials {
  const env = src.env ?? process.env;
  const cfg = src.config ?? (() => undefined);
  const complete = (c: Partial<Credentials> | undefined): c is Credentials => Boolean(c?.accessKeyId && c.accessKeySecret);
  const fromStack: Array<Partial<Credentials> | undefined> = [
    src.explicit,
    { accessKeyId: cfg("polardb:accessKeyId"), accessKeySecret: cfg("polardb:accessKeySecret"), securityToken: cfg("polardb:securityToken") },
  ];
  for (const c of fromStack) if (complete(c)) return tidy(c);
  // A profile named in the stack config is the stack's choice: it comes before the environment.
  const stackProfile = cfg("polardb:profile");
  if (stackProfile) {
    const chosen = readProfile(stackProfile, env, src.home);
    if (chosen?.credentials) return chosen.credentials;
    throw new ApiError({
      action: "", code: CLIENT_CODES.missingCredentials,
      message: `the stack config names the profile "${stackProfile}" (polardb:profile), but ${profileFile(env, src.home)} has no such profile with an access key (modes AK or StsToken)`,
      hint: "Create it with `aliyun configure --profile <name>`, or change or remove polardb:profile (`pulumi config rm polardb:profile`).",
    });
  }
  const fromEnv: Array<Partial<Credentials>> = [
    { accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN },
    { accessKeyId: env.ALICLOUD_ACCESS_KEY, accessKeySecret: env.ALICLOUD_SECRET_KEY, securityToken: env.ALICLOUD_SECURITY_TOKEN },
  ];
  for (const c of fromEnv) if (complete(c)) return tidy(c);
  const profile = readProfile(env.ALIBABA_CLOUD_PROFILE, env, src.home);
  if (profile?.credentials) return profile.credentials;
  throw new ApiError({
    action: "", code: CLIENT_CODES.missingCredentials,
    message: "no Alibaba Cloud credentials were found",
    hint: `Provide them in one of these ways:\n  - ${WAYS.join("\n  - ")}`,
  });
}

/** The region: explicit, stack config, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the profile's. */
export function resolveRegion(src: CredentialSources & { explicitRegion?: string } = {}): string | undefined {
  const env = src.env ?? process.env;
  const cfg = src.config ?? (() => undefined);
  return src.explicitRegion || cfg("polardb:region") || env.ALIBABA_CLOUD_REGION_ID || env.ALICLOUD_REGION
    || readProfile(cfg("polardb:profile") ?? env.ALIBABA_CLOUD_PROFILE, env, src.home)?.regionId;
}

function profileFile(env: NodeJS.ProcessEnv, home?: string): string {
  return env.ALIBABA_CLOUD_CONFIG_FILE ?? path.join(home ?? os.homedir(), ".aliyun", "config.json");
}

interface ProfileResult { credentials?: Credentials; regionId?: string }

function readProfile(name: string | undefined, env: NodeJS.ProcessEnv, home?: string): ProfileResult | undefined {
  const file = profileFile(env, home);
  let doc: { current?: string; profiles?: Array<Record<string, string>> };
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined; // no file (or unreadable): this source simply does not apply
  }
  const wanted = name ?? doc.current ?? "default";
  const p = doc.profiles?.find((x) => x.name === wanted);
  if (!p) return undefined;
  const regionId = p.region_id || undefined;
  const mode = p.mode ?? "AK";
  if ((mode === "AK" || mode === "StsToken") && p.access_key_id && p.access_key_secret) {
    return { regionId, credentials: tidy({ accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, securityToken: mode === "StsToken" ? p.sts_token : undefined }) };
  }
  return { regionId };
}

function tidy(c: Credentials): Credentials {
  return c.securityToken ? { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken }
    : { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
}
