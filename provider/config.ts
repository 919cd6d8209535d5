/**
 * Everything a provider process needs to reach the cloud, resolved inside that process at call
 * time from stack config (handed over by `configure`) and the environment — never captured.
 */
import { CredentialProvider, credentialProviderFor } from "./credential-provider";
import { ConfigLookup, resolveRegion } from "./credentials";
import { ENDPOINT_ENV } from "./endpoints";

export interface Settings {
  regionId: string;
  /** Obtains (and, for STS ways, renews) the credentials; nothing is fetched until a call needs them. */
  credentials: CredentialProvider;
  polardbEndpoint?: string;
  rdsEndpoint?: string;
  kmsEndpoint?: string;
}

export const DEFAULT_REGION = "cn-hangzhou";

export function resolveSettings(config: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    regionId: resolveRegion({ config, env }) ?? DEFAULT_REGION,
    credentials: credentialProviderFor({ config, env }, { stsEndpoint: config("polardb:stsEndpoint") || env.ALIBABA_CLOUD_STS_ENDPOINT || undefined }),
    polardbEndpoint: config("polardb:endpoint") || env[ENDPOINT_ENV.polardb] || undefined,
    rdsEndpoint: config("polardb:rdsEndpoint") || env[ENDPOINT_ENV.rds] || undefined,
    kmsEndpoint: config("polardb:kmsEndpoint") || env[ENDPOINT_ENV.kms] || undefined,
  };
}
