/**
 * Provider configuration: the same `polardb:*` keys the dynamic face reads from stack config
 * (provider/config.ts, provider/credentials.ts), here arriving as Configure's arguments: from the
 * stack config for the default provider, from the arguments of an explicit provider resource.
 * Non-string values (assumeRole) arrive JSON-encoded or as objects; both become the JSON string
 * the credential chain parses.
 */
import type { ConfigLookup } from "../credentials";
import type { Props } from "../spec";

export interface ConfigVariable { description: string; secret?: boolean; type?: "string" | "object"; env?: string[] }

export const CONFIG_VARIABLES: Record<string, ConfigVariable> = {
  region: { description: "The region resources live in unless they set regionId (default: ALIBABA_CLOUD_REGION_ID, the profile's region, else cn-hangzhou).", env: ["ALIBABA_CLOUD_REGION_ID"] },
  accessKeyId: { description: "An AccessKey ID (with accessKeySecret). Default: the credential chain (environment, profile, ECS role, OIDC).", secret: true, env: ["ALIBABA_CLOUD_ACCESS_KEY_ID"] },
  accessKeySecret: { description: "The AccessKey secret of accessKeyId.", secret: true, env: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] },
  securityToken: { description: "An STS security token, with a temporary accessKeyId and accessKeySecret.", secret: true, env: ["ALIBABA_CLOUD_SECURITY_TOKEN"] },
  profile: { description: "A profile of ~/.aliyun/config.json (AK, StsToken, RamRoleArn, EcsRamRole, OIDC, …).", env: ["ALIBABA_CLOUD_PROFILE"] },
  assumeRole: { description: "Assume a RAM role with the credentials found: { roleArn, sessionName?, sessionExpiration?, externalId?, policy? }.", type: "object" },
  ecsRoleName: { description: "The ECS instance RAM role to take credentials from (metadata service)." },
  endpoint: { description: "The PolarDB API endpoint URL (default: the region's; e.g. the local emulator's)." },
  rdsEndpoint: { description: "The RDS API endpoint URL (CloudMigrationTask, upgrade tasks)." },
  kmsEndpoint: { description: "The KMS API endpoint URL (secrets given encrypted)." },
  stsEndpoint: { description: "The STS API endpoint URL (assumeRole, OIDC)." },
};

/** CheckConfig's failures: unknown keys, and values of the wrong shape. */
export function configFailures(args: Props): Array<{ property: string; reason: string }> {
  const out: Array<{ property: string; reason: string }> = [];
  for (const [k, v] of Object.entries(args)) {
    if (k === "version" || k.startsWith("__")) continue; // the engine's own provider inputs
    const known = CONFIG_VARIABLES[k];
    if (!known) { out.push({ property: k, reason: `is not a polardb setting; the settings are: ${Object.keys(CONFIG_VARIABLES).join(", ")}` }); continue; }
    if (known.type === "object") {
      const parsed = typeof v === "string" ? safeJson(v) : v;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) out.push({ property: k, reason: "must be an object (JSON)" });
    } else if (typeof v !== "string") out.push({ property: k, reason: "must be a string" });
  }
  return out;
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}

/** The lookup the runtime reads `polardb:<key>` through. */
export function configLookup(args: Props): ConfigLookup {
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || v === null || !(k in CONFIG_VARIABLES)) continue;
    values.set(`polardb:${k}`, typeof v === "string" ? v : JSON.stringify(v));
  }
  return (key) => values.get(key);
}
