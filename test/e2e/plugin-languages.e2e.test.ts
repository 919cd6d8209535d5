/**
 * The provider plugin from Python and Go: each program (test/e2e/programs) uses the SDK generated
 * from schema.json, runs through Automation API with the real CLI (no language host), finds
 * `pulumi-resource-polardb` on PATH, and takes its credentials from stack config as secrets.
 * One emulator serves both; each language has its own stack and cluster. Per language: up creates
 * cluster, account and database; the next preview is empty; a console-side change of the
 * description is read back by refresh (and the next preview plans to put it back); destroy leaves
 * nothing in the cloud. The account password never reaches the state in plaintext.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, Emulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { generatedSdks, goProgram, installedPythonSdk, languageWorkspace, LanguageWorkspace, programPython, PYTHON_PROGRAM, runProgram } from "../helpers/plugin-languages";

jest.setTimeout(30 * 60_000);

const KEY = { id: "lang-ak", secret: "lang-secret-never-in-state" };
const PASSWORD = "Lang-Passw0rd-9xq";

let emulator: Emulator;
let client: PolarDBClient;
let sdk: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0.002, accessKeys: [KEY] });
  client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
  sdk = await generatedSdks();
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

/** Only endpoints in the environment: the credentials and region come from stack config. */
const providerEnv = () => ({
  ALIBABA_CLOUD_POLARDB_ENDPOINT: emulator.url, ALIBABA_CLOUD_RDS_ENDPOINT: emulator.url, ALIBABA_CLOUD_KMS_ENDPOINT: emulator.url,
});
const stackConfig = { config: { "polardb:region": "cn-hangzhou" }, secretConfig: { "polardb:accessKeyId": KEY.id, "polardb:accessKeySecret": KEY.secret } };

async function clusterWith(description: string) {
  const r = await client.request("DescribeDBClusters", { PageSize: 100 });
  const items: any[] = r.Items?.DBCluster ?? [];
  return items.filter((c) => c.DBClusterDescription === description && c.DBClusterStatus !== "Deleted");
}

function stateText(ws: LanguageWorkspace): string {
  const files: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } };
  walk(path.join(ws.dir, ".pulumi-state"));
  return files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
}

async function lifecycle(language: string, run: (ws: LanguageWorkspace, request: Record<string, unknown>) => Promise<any>) {
  const ws = languageWorkspace(`lang-${language}`, providerEnv());
  const description = `orders (${language})`;
  const base = { stack: `${language}-e2e`, ...stackConfig, password: PASSWORD, description, resources: { password: PASSWORD, description } };
  try {
    const up = await run(ws, { ...base, op: "up" });
    expect(up.summary).toEqual(expect.objectContaining({ create: 4 }));
    const id = String(up.outputs.clusterId);
    expect(id).toMatch(/^pc-/);
    expect(up.outputs.status).toBe("Running");
    expect(await clusterWith(description)).toHaveLength(1);

    const quiet = await run(ws, { ...base, op: "preview", expectNoChanges: true });
    expect(quiet.changes).toEqual({ same: 4 });

    // A change made in the console: refresh reads it, and the program's value is planned back.
    await client.request("ModifyDBClusterDescription", { DBClusterId: id, DBClusterDescription: `${description} (console)` });
    const refreshed = await run(ws, { ...base, op: "refresh" });
    expect(refreshed.summary).toEqual(expect.objectContaining({ update: 1 }));
    const drift = await run(ws, { ...base, op: "preview" });
    expect(drift.changes).toEqual(expect.objectContaining({ update: 1 }));

    const state = stateText(ws);
    expect(state).toContain(id);
    for (const secret of [PASSWORD, KEY.secret, Buffer.from(PASSWORD).toString("base64")]) expect(state).not.toContain(secret);

    const down = await run(ws, { ...base, op: "destroy" });
    expect(down.summary).toEqual(expect.objectContaining({ delete: 4 }));
    expect(await clusterWith(description)).toHaveLength(0);
    expect(await clusterWith(`${description} (console)`)).toHaveLength(0);
  } finally {
    ws.remove();
  }
}

test("a Python program (generated SDK, Automation API) creates, reads drift and destroys through the plugin", async () => {
  const python = await programPython();
  const pythonPath = await installedPythonSdk(python, sdk);
  await lifecycle("python", (ws, request) => runProgram(ws, python, [PYTHON_PROGRAM], request, { PYTHONPATH: pythonPath }));
});

test("a Go program (generated SDK, Automation API) creates, reads drift and destroys through the plugin", async () => {
  const exe = await goProgram(sdk);
  await lifecycle("go", (ws, request) => runProgram(ws, exe, [], request));
});
