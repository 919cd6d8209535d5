/**
 * The emulator in this process for integration tests: started on 127.0.0.1, port 0, with the
 * provider pointed at it the way users point it (ALIBABA_CLOUD_* variables and the endpoint
 * variable). `stop()` closes the provider's clients and the emulator and restores the variables,
 * so jest exits cleanly.
 */
import { Emulator, startEmulator } from "../../emulator";
import { KMS, PolarDBClient, RdsClient, RpcClient } from "../../provider/client";
import { closeClients } from "../../provider/runtime";

export const TEST_KEY = { id: "emulator-ak", secret: "emulator-secret" };
export const TEST_REGION = "cn-hangzhou";

const VARIABLES = [
  "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_REGION_ID",
  "ALIBABA_CLOUD_POLARDB_ENDPOINT", "ALIBABA_CLOUD_RDS_ENDPOINT", "ALIBABA_CLOUD_KMS_ENDPOINT", "ALIBABA_CLOUD_PROFILE",
];

export interface TestEmulator {
  emulator: Emulator;
  url: string;
  /** A client of our own, for out-of-band changes and for checking what the cloud holds. */
  client: PolarDBClient;
  /** The same for the RDS API (migration tasks). */
  rds: RdsClient;
  /** The same for KMS (making a ciphertext, disabling a key). */
  kms: RpcClient;
  stop(): Promise<void>;
}

export async function startTestEmulator(opts: { timeScale?: number; seed?: number } = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, timeScale: opts.timeScale ?? 0.001, seed: opts.seed, accessKeys: [TEST_KEY] });
  const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
  for (const v of VARIABLES) delete process.env[v];
  Object.assign(process.env, {
    ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_KEY.secret,
    ALIBABA_CLOUD_REGION_ID: TEST_REGION,
    ALIBABA_CLOUD_POLARDB_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_RDS_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_KMS_ENDPOINT: emulator.url,
  });
  const credentials = { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret };
  const client = new PolarDBClient({ regionId: TEST_REGION, endpoint: emulator.url, credentials });
  const rds = new RdsClient({ regionId: TEST_REGION, endpoint: emulator.url, credentials });
  const kms = new RpcClient(KMS, { regionId: TEST_REGION, endpoint: emulator.url, credentials });
  return {
    emulator,
    url: emulator.url,
    client,
    rds,
    kms,
    async stop() {
      await closeClients();
      await client.close();
      await rds.close();
      await kms.close();
      await emulator.close();
      for (const v of VARIABLES) {
        if (saved[v] === undefined) delete process.env[v];
        else process.env[v] = saved[v];
      }
    },
  };
}
