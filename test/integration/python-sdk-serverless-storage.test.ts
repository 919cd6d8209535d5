/**
 * The emulator's serverless and storage APIs judged by today's official Python SDK
 * (alibabacloud-polardb20170801 9.2.1): its own requests (a parameter it does not know is never
 * sent) and its own response models (a field it does not name vanishes from the body). Every new
 * API is called: CreateDBCluster's serverless and storage parameters, DescribeDBClusterServerlessConf,
 * ModifyDBClusterServerlessConf, Enable/DisableDBClusterServerless, ModifyDBClusterStorageSpace,
 * ModifyDBClusterStoragePerformance, ModifyDBCluster (CompressStorage), and DescribeDBClusterAttribute's new fields.
 */
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

// Each SDK call is a Python process: seconds each on a busy machine.
jest.setTimeout(5 * 60_000);

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
/** Waits (asking the emulator directly: one Python process per poll is slow), then reads `then` through the SDK in one process. */
async function running(id: string, then: Array<{ action: string; params?: Record<string, unknown> }> = []): Promise<any[]> {
  for (let i = 0; i < 400; i++) {
    const a = await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
    if (a.DBClusterStatus === "Running") return (await sdk.calls([{ action: "DescribeDBClusterAttribute", params: { DBClusterId: id } }, ...then])).map(body);
    await sleep(20);
  }
  throw new Error(`${id} did not become Running`);
}
const conf = (id: string) => ({ action: "DescribeDBClusterServerlessConf", params: { DBClusterId: id } });
const STORAGE_FIELDS = ["ServerlessType", "StorageType", "StorageSpace", "StoragePayType", "ProvisionedIops", "BurstingEnabled", "CompressStorageMode"];
const pick = (o: any, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

test("an agile serverless Standard Edition cluster on ESSD AutoPL: created, its configuration and storage read, changed and read again through the SDK", async () => {
  const id = body(await sdk.call("CreateDBCluster", {
    RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.sl.small.c", PayType: "Postpaid",
    CreationCategory: "SENormal", ServerlessType: "AgileServerless", ScaleMin: "1", ScaleMax: "4", ScaleRoNumMin: "1", ScaleRoNumMax: "3", AllowShutDown: "true",
    StorageType: "ESSDAUTOPL", StorageSpace: 40, StoragePayType: "Postpaid", ProvisionedIops: 1000, BurstingEnabled: "true",
  })).DBClusterId as string;
  const [a, c] = await running(id, [conf(id)]);
  // Every field the emulator sends is one the SDK's model names (else it would be missing here).
  const direct = await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
  expect(pick(a, STORAGE_FIELDS)).toEqual(pick(direct, STORAGE_FIELDS));
  expect(pick(a, STORAGE_FIELDS)).toEqual({
    ServerlessType: "AgileServerless", StorageType: "essdautopl", StorageSpace: 40 * 1024 ** 3, StoragePayType: "Postpaid",
    ProvisionedIops: "1000", BurstingEnabled: "true", CompressStorageMode: "OFF",
  });
  expect(a.DBNodes.filter((n: any) => n.DBNodeRole === "Reader")).toHaveLength(1); // the range's minimum

  const { RequestId: _r, ...sent } = await emu.client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: id });
  expect(c).toMatchObject(sent);
  expect(c).toMatchObject({ DBClusterId: id, ScaleMin: "1", ScaleMax: "4", ScaleRoNumMin: "1", ScaleRoNumMax: "3", AllowShutDown: "true", Switchs: "0", AgileScaleMax: "4" });

  body(await sdk.call("ModifyDBClusterServerlessConf", {
    DBClusterId: id, ScaleMax: "8", ScaleRoNumMin: "2", SecondsUntilAutoPause: "3660", ServerlessRuleMode: "flexible",
    ServerlessRuleCpuShrinkThreshold: "30", ServerlessRuleCpuEnlargeThreshold: "80", FromTimeService: true,
  }));
  const [wider, widerConf] = await running(id, [conf(id)]);
  expect(wider.DBNodes.filter((n: any) => n.DBNodeRole === "Reader")).toHaveLength(2);
  expect(widerConf).toMatchObject({
    ScaleMax: "8", ScaleRoNumMin: "2", SecondsUntilAutoPause: "3660", ServerlessRuleMode: "flexible", ServerlessRuleCpuShrinkThreshold: "30", ServerlessRuleCpuEnlargeThreshold: "80",
  });

  const grown = body(await sdk.call("ModifyDBClusterStorageSpace", { DBClusterId: id, StorageSpace: 50, ClientToken: "grow-50" }));
  expect(grown).toMatchObject({ DBClusterId: id, OrderId: expect.any(String) });
  for (let i = 0; i < 400 && (await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus !== "Running"; i++) await sleep(20);
  const perf = body(await sdk.call("ModifyDBClusterStoragePerformance", { DBClusterId: id, StorageType: "ESSDAUTOPL", ProvisionedIops: 1200, BurstingEnabled: "false" }));
  expect(perf).toMatchObject({ DBClusterId: id });
  expect(pick((await running(id))[0], ["StorageSpace", "ProvisionedIops", "BurstingEnabled"])).toEqual({ StorageSpace: 50 * 1024 ** 3, ProvisionedIops: "1200", BurstingEnabled: "false" });

  // Refusals, as the SDK reads them: storage never shrinks; Standard Edition cannot take PSL5; a range upside down.
  const [shrink, family, range] = await sdk.calls([
    { action: "ModifyDBClusterStorageSpace", params: { DBClusterId: id, StorageSpace: 40 } },
    { action: "ModifyDBClusterStoragePerformance", params: { DBClusterId: id, StorageType: "PSL5", ModifyType: "Upgrade" } },
    { action: "ModifyDBClusterServerlessConf", params: { DBClusterId: id, ScaleMin: "9", ScaleMax: "8" } },
  ]);
  expect(shrink).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, requestId: expect.any(String) });
  expect(family).toMatchObject({ ok: false, code: "InvalidParameter" });
  expect(range).toMatchObject({ ok: false, code: "InvalidParameter", message: expect.stringContaining("ScaleMax") });
});

test("a provisioned MySQL cluster on PSL4: steady serverless on and off, PSL4 → PSL5, storage compression, through the SDK", async () => {
  const id = body(await sdk.call("CreateDBCluster", {
    RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", StorageType: "PSL4",
  })).DBClusterId as string;
  expect(pick((await running(id))[0], ["ServerlessType", "StorageType", "StorageSpace"])).toEqual({ ServerlessType: "", StorageType: "Standard", StorageSpace: 0 });

  body(await sdk.call("EnableDBClusterServerless", { DBClusterId: id, ScaleMin: "1", ScaleMax: "4", ScaleRoNumMin: "0", ScaleRoNumMax: "2", FromTimeService: true }));
  const [steady, steadyConf] = await running(id, [conf(id)]);
  expect(steady.ServerlessType).toBe("SteadyServerless");
  expect(steadyConf).toMatchObject({ Switchs: "1", ScaleMax: "4", TraditionalScaleMaxThreshold: "4" });
  // One Python process: a second switch-on is refused, then the switch-off is taken.
  const [again, disabled] = await sdk.calls([
    { action: "EnableDBClusterServerless", params: { DBClusterId: id, ScaleMin: "1", ScaleMax: "4" } },
    { action: "DisableDBClusterServerless", params: { DBClusterId: id, FromTimeService: true } },
  ]);
  expect(again).toMatchObject({ ok: false, code: "InvalidParameter" });
  body(disabled);
  const [off, offConf] = await running(id, [conf(id)]);
  expect(off.ServerlessType).toBe("");
  expect(offConf).toMatchObject({ Switchs: "0" });

  // Enterprise storage billed by use has no space to buy.
  const [space, compress] = await sdk.calls([
    { action: "ModifyDBClusterStorageSpace", params: { DBClusterId: id, StorageSpace: 100 } },
    { action: "ModifyDBCluster", params: { DBClusterId: id, CompressStorage: "ON" } },
  ]);
  expect(space).toMatchObject({ ok: false, code: "OperationDenied.DBClusterPayType" });
  body(compress);
  expect((await running(id))[0].CompressStorageMode).toBe("ON");
  // A type change needs its ModifyType, in the right direction.
  const [missing, wrong, upgrade] = await sdk.calls([
    { action: "ModifyDBClusterStoragePerformance", params: { DBClusterId: id, StorageType: "PSL5" } },
    { action: "ModifyDBClusterStoragePerformance", params: { DBClusterId: id, StorageType: "PSL5", ModifyType: "Downgrade" } },
    { action: "ModifyDBClusterStoragePerformance", params: { DBClusterId: id, StorageType: "PSL5", ModifyType: "Upgrade" } },
  ]);
  expect(missing).toMatchObject({ ok: false, code: "MissingParameter" });
  expect(wrong).toMatchObject({ ok: false, code: "InvalidParameter" });
  body(upgrade);
  expect((await running(id))[0].StorageType).toBe("HighPerformance");
});
