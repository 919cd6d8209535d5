/**
 * What every e2e test starts from: the emulator in this process with its own access key, our
 * clients for out-of-band changes and checks, and a temporary project (the packed package, the
 * real CLI) whose provider reaches the emulator through the variables users set.
 */
import { Emulator, startEmulator } from "../../emulator";
import { KMS, PolarDBClient, RdsClient, RpcClient } from "../../provider/client";
import { createProject, Face, Project } from "./pulumi-cli";

export interface E2eStack {
  emulator: Emulator;
  client: PolarDBClient;
  rds: RdsClient;
  /** The emulator's KMS, for ciphertexts made before a run. */
  kms: RpcClient;
  project: Project;
  /** The provider's variables (credentials, region, endpoints, tuning) given to the project. */
  providerEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startE2eStack(name: string, program: string, opts: {
  key: { id: string; secret: string };
  timeScale: number;
  /** More variables for the provider (polling tuning, progress intervals). */
  env?: Record<string, string>;
  /** The dynamic classes (a Node.js program, the default) or the provider plugin (a YAML program's body). */
  face?: Face;
}): Promise<E2eStack> {
  const emulator = await startEmulator({ port: 0, timeScale: opts.timeScale, accessKeys: [opts.key] });
  const credentials = { accessKeyId: opts.key.id, accessKeySecret: opts.key.secret };
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials });
  const rds = new RdsClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials });
  const kms = new RpcClient(KMS, { regionId: "cn-hangzhou", endpoint: emulator.url, credentials });
  const providerEnv: Record<string, string> = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: opts.key.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: opts.key.secret,
    ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_POLARDB_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_RDS_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_KMS_ENDPOINT: emulator.url,
    ...opts.env,
  };
  let project: Project;
  try {
    project = await createProject(name, program, providerEnv, { face: opts.face });
  } catch (err) {
    await Promise.all([client.close(), rds.close(), kms.close(), emulator.close()]);
    throw err;
  }
  return {
    emulator, client, rds, kms, project, providerEnv,
    async close() {
      await client.close();
      await rds.close();
      await kms.close();
      await emulator.close();
      project.remove();
    },
  };
}
