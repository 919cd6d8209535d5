/**
 * What this change added to the emulator, judged by today's official Python SDK (9.2.1): CreateDBCluster's
 * LoosePolarLogBin / LooseXEngine / LooseXEngineUseMemoryPct / DBNodeNum (the SDK's own request model
 * builds them), the parameters they become in DescribeDBClusterParameters, their change through
 * ModifyDBClusterParameters, EnableDBClusterDynamoDB / DisableDBClusterDynamoDB — and the refusals.
 */
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;

beforeAll(async () => {
  await sdkPython();
  emu = await startTestEmulator({ timeScale: 0.001 });
  sdk = pythonSdk(emu);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

const body = okBody;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Bounded: the cluster Running and no parameter Modifying. */
async function settled(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const [a, p] = await sdk.calls([{ action: "DescribeDBClusterAttribute", params: { DBClusterId: id } }, { action: "DescribeDBClusterParameters", params: { DBClusterId: id } }]);
    if (body(a).DBClusterStatus === "Running" && body(p).RunningParameters.Parameter.every((x: any) => x.ParameterStatus !== "Modifying")) return body(a);
    await sleep(20);
  }
  throw new Error(`${id} did not settle`);
}
async function parameterValues(id: string): Promise<Record<string, string>> {
  const p = body(await sdk.call("DescribeDBClusterParameters", { DBClusterId: id }));
  return Object.fromEntries(p.RunningParameters.Parameter.map((x: any) => [x.ParameterName, x.ParameterValue]));
}

const create = { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };

test("CreateDBCluster's binlog, X-Engine and node count become the parameters and the nodes; ModifyDBClusterParameters changes them", async () => {
  const id = body(await sdk.call("CreateDBCluster", { ...create, LoosePolarLogBin: "ON", LooseXEngine: "ON", LooseXEngineUseMemoryPct: "60", DBNodeNum: 4 })).DBClusterId;
  const a = await settled(id);
  expect(a.DBNodes.map((n: any) => n.DBNodeRole)).toEqual(["Writer", "Reader", "Reader", "Reader"]);
  expect(await parameterValues(id)).toMatchObject({ loose_polar_log_bin: "ON", loose_xengine: "1", loose_xengine_use_memory_pct: "60" });
  // The rows in the SDK's model: every field it knows, as the emulator sent them.
  const viaSdk = body(await sdk.call("DescribeDBClusterParameters", { DBClusterId: id })).RunningParameters.Parameter.find((x: any) => x.ParameterName === "loose_xengine");
  const raw = (await emu.client.request<any>("DescribeDBClusterParameters", { DBClusterId: id })).RunningParameters.Parameter.find((x: any) => x.ParameterName === "loose_xengine");
  expect(viaSdk).toEqual(raw);
  expect(viaSdk).toMatchObject({ CheckingCode: "[0|1]", ForceRestart: true, IsModifiable: true });

  body(await sdk.call("ModifyDBClusterParameters", { DBClusterId: id, Parameters: JSON.stringify({ loose_xengine: "0", loose_polar_log_bin: "OFF" }) }));
  await settled(id);
  expect(await parameterValues(id)).toMatchObject({ loose_polar_log_bin: "OFF", loose_xengine: "0" });
});

test("the refusals: X-Engine's memory and range, the node count's range, X-Engine's parameters on MySQL 5.7", async () => {
  const [small, pct, nodes] = await sdk.calls([
    { action: "CreateDBCluster", params: { ...create, DBNodeClass: "polar.mysql.sl.small", LooseXEngine: "ON" } },
    { action: "CreateDBCluster", params: { ...create, LooseXEngine: "ON", LooseXEngineUseMemoryPct: "95" } },
    { action: "CreateDBCluster", params: { ...create, DBNodeNum: 17 } },
  ]);
  expect(small).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("LooseXEngine") });
  expect(pct).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("LooseXEngineUseMemoryPct") });
  expect(nodes).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("DBNodeNum") });

  // 5.7 has no X-Engine: LooseXEngine "takes effect only" on 8.0 (ignored), and its parameter does not exist.
  const id = body(await sdk.call("CreateDBCluster", { ...create, DBVersion: "5.7", LooseXEngine: "ON", LoosePolarLogBin: "ON" })).DBClusterId;
  await settled(id);
  const values = await parameterValues(id);
  expect(values.loose_xengine).toBeUndefined();
  expect(values.loose_polar_log_bin).toBe("ON");
  const refused = await sdk.call("ModifyDBClusterParameters", { DBClusterId: id, Parameters: JSON.stringify({ loose_xengine: "1" }) });
  expect(refused).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("loose_xengine") });
});

test("EnableDBClusterDynamoDB / DisableDBClusterDynamoDB on PostgreSQL 14 (ConfigSwitching, then Running); other engines and versions refused", async () => {
  const pg = body(await sdk.call("CreateDBCluster", { ...create, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium" })).DBClusterId;
  const pg16 = body(await sdk.call("CreateDBCluster", { ...create, DBType: "PostgreSQL", DBVersion: "16", DBNodeClass: "polar.pg.x4.large" })).DBClusterId;
  const my = body(await sdk.call("CreateDBCluster", create)).DBClusterId;
  for (const id of [pg, pg16, my]) await settled(id);

  // Held, so the switch is observed rather than raced: the cluster stays ConfigSwitching until released.
  const hold = emu.emulator.hold({ clusterId: pg, kind: "dynamoDbSwitched" });
  const on = await sdk.call("EnableDBClusterDynamoDB", { DBClusterId: pg });
  expect(body(on)).toEqual({ RequestId: expect.any(String) });
  expect(body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: pg })).DBClusterStatus).toBe("ConfigSwitching");
  hold.release();
  await settled(pg);
  // DynamoDB is in the cloud's answer (Terraform reads it) though not in the SDK's model.
  expect((await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: pg })).DynamoDB).toBe("ON");
  body(await sdk.call("DisableDBClusterDynamoDB", { DBClusterId: pg }));
  await settled(pg);
  expect((await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: pg })).DynamoDB).toBe("OFF");

  const [mysqlRefused, versionRefused, missing] = await sdk.calls([
    { action: "EnableDBClusterDynamoDB", params: { DBClusterId: my } },
    { action: "EnableDBClusterDynamoDB", params: { DBClusterId: pg16 } },
    { action: "DisableDBClusterDynamoDB", params: { DBClusterId: "pc-doesnotexist00000" } },
  ]);
  expect(mysqlRefused).toMatchObject({ ok: false, code: "EngineNotSupported", statusCode: 400 });
  expect(versionRefused).toMatchObject({ ok: false, code: "EngineVersionNotSupported", statusCode: 400 });
  expect(missing).toMatchObject({ ok: false, code: "InvalidDBClusterId.NotFound", statusCode: 404 });
});
