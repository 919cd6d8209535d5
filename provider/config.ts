/**
 * Everything a provider process needs to reach the cloud, resolved inside that process at call
 * time from stack config (handed over by `configure`) and the environment — never captured.
 */
import { ConfigLookup, Credentials, resolveCredentials, resolveRegion } from "./credentials";
import { ENDPOINT_ENV } from "./endpoints";

export interface Settings {
  regionId: string;
  credentials: Credentials;
  polardbEndpoint?: string;
  rdsEndpoint?: string;
}

export const DEFAULT_REGION = "cn-hangzhou";

export function resolveSettings(config: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    regionId: resolveRegion({ config, env }) ?? DEFAULT_REGION,
    credentials: resolveCredentials({ config, env }),
    polardbEndpoint: config("polardb:endpoint") || env[ENDPOINT_ENV.polardb] || undefined,
    rdsEndpoint: config("polardb:rdsEndpoint") || env[ENDPOINT_ENV.rds] || undefined,
  };
}
