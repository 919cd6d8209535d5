/**
 * The serverless and storage inputs' rules (SDK 9.2.1 CreateDBCluster / ModifyDBClusterServerlessConf /
 * ModifyDBClusterStorage*, the peer's validations): each refusal names its field; what the cloud
 * takes passes; the create parameters, update calls and read-back are the API's.
 */
import { clusterInputs, clusterSpec } from "../../resources/cluster";
import { maxProvisionedIops, storageForbidden, storageOutputs, storageUpdates } from "../../resources/cluster-storage";
import { serverlessAttributeOutputs, serverlessConfOutputs, serverlessReplaces, serverlessUpdates } from "../../resources/cluster-serverless";

const agile = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.sl.small", serverlessType: "AgileServerless" };
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };

/** The issues of an input set as "field: message". */
function issues(raw: Record<string, unknown>): string[] {
  const r = clusterInputs.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("serverless rules", () => {
  test.each([
    [{ ...agile, scaleMin: 1, scaleMax: 32, scaleRoNumMin: 0, scaleRoNumMax: 15, allowShutDown: true, secondsUntilAutoPause: 300 }],
    [{ ...agile, serverlessRuleMode: "normal", serverlessRuleCpuShrinkThreshold: 40, serverlessRuleCpuEnlargeThreshold: 70 }],
    [{ ...mysql, serverlessType: "SteadyServerless", scaleMin: 0, scaleMax: 16, scaleRoNumMin: 0, scaleRoNumMax: 7 }],
    [{ ...mysql, serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF" }],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDAUTOPL", storageSpace: 40, provisionedIops: 1000 }],
    [{ ...agile, serverlessType: undefined, scaleMax: 4 }], // the serverless class implies AgileServerless
  ])("accepted: %j", (raw) => expect(issues(raw)).toEqual([]));

  test.each([
    [{ ...mysql, scaleMax: 4 }, "scaleMax: applies to serverless clusters only"],
    [{ ...mysql, serverlessType: "AgileServerless" }, "dbNodeClass: AgileServerless needs a serverless class"],
    [{ ...agile, serverlessType: "SteadyServerless" }, 'serverlessType: must be "AgileServerless" with the serverless class'],
    [{ ...agile, payType: "Prepaid", period: 1 }, "payType: a serverless (AgileServerless) cluster is pay-as-you-go only"],
    [{ ...agile, dbVersion: "15" }, 'dbVersion: a serverless PostgreSQL cluster runs version "14" only'],
    [{ ...agile, scaleMin: 4, scaleMax: 2 }, "scaleMax: must be at least scaleMin (4 PCU)"],
    [{ ...agile, scaleMin: 0 }, "scaleMin: AgileServerless: 1 to 31 PCU"],
    [{ ...agile, scaleMax: 33 }, "scaleMax: at most 32 PCU"],
    [{ ...agile, scaleMax: 2.5 }, "scaleMax: a whole number from 0 to 32 PCU"],
    [{ ...agile, scaleRoNumMin: 3, scaleRoNumMax: 1 }, "scaleRoNumMax: must be at least scaleRoNumMin"],
    [{ ...agile, scaleRoNumMax: 16 }, "scaleRoNumMax: at most 15"],
    [{ ...agile, scaleApRoNumMin: 2, scaleApRoNumMax: 1 }, "scaleApRoNumMax: must be at least scaleApRoNumMin"],
    [{ ...agile, secondsUntilAutoPause: 600 }, "secondsUntilAutoPause: applies with allowShutDown: true only"],
    [{ ...agile, allowShutDown: true, secondsUntilAutoPause: 200 }, "secondsUntilAutoPause: at least 300 seconds"],
    [{ ...agile, serverlessRuleMode: "fast" }, 'serverlessRuleMode: must be "normal" or "flexible"'],
    [{ ...agile, serverlessRuleCpuShrinkThreshold: 50, serverlessRuleCpuEnlargeThreshold: 60 }, "serverlessRuleCpuEnlargeThreshold: must be at least 30 above serverlessRuleCpuShrinkThreshold (50): 80 or more"],
    [{ ...agile, serverlessRuleCpuEnlargeThreshold: 30 }, "serverlessRuleCpuEnlargeThreshold: at least 40 %"],
    [{ ...mysql, serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 4, scaleRoNumMin: 0 }, "scaleRoNumMax: is required with SteadyServerless"],
    [{ ...mysql, serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 20, scaleRoNumMin: 0, scaleRoNumMax: 2 }, "scaleMax: SteadyServerless: 0 to 16 PCU"],
    [{ ...mysql, serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 2, scaleRoNumMin: 0, scaleRoNumMax: 8 }, "scaleRoNumMax: SteadyServerless: 0 to 7 read-only nodes"],
    [{ ...mysql, serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF", allowShutDown: true }, "allowShutDown: no-activity suspension is for AgileServerless clusters"],
    [{ ...agile, serverlessSteadySwitch: "ON" }, 'serverlessSteadySwitch: applies with serverlessType "SteadyServerless" only'],
  ])("refused: %j", (raw, message) => expect(issues(raw)).toEqual(expect.arrayContaining([expect.stringContaining(message)])));
});

describe("storage rules", () => {
  test.each([
    [{ ...mysql, storageType: "ESSDPL1" }, "storageType: ESSDPL1 is Standard Edition storage"],
    [{ ...mysql, creationCategory: "SENormal", dbNodeClass: "polar.mysql.x2.large.c", storageType: "PSL5" }, "storageType: Standard Edition (creationCategory SENormal) stores on ESSD"],
    [{ ...mysql, storageSpace: 100 }, "storageSpace: Enterprise Edition storage billed by use grows by itself"],
    [{ ...mysql, storageSpace: 60000, storagePayType: "Prepaid", payType: "Prepaid", period: 1 }, "storageSpace: Enterprise Edition: 10 to 50000 GB"],
    [{ ...mysql, storagePayType: "Prepaid", storageSpace: 100 }, "storagePayType: Prepaid storage (billed by space) needs a subscription cluster"],
    [{ ...mysql, storagePayType: "Prepaid", payType: "Prepaid", period: 1 }, "storageSpace: is required with storagePayType Prepaid"],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDAUTOPL", storageSpace: 45 }, "storageSpace: ESSDAUTOPL: 40 to 64000 GB in steps of 10"],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDPL1", storageSpace: 15 }, "storageSpace: Standard Edition: 20 to 64000 GB"],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDPL1", provisionedIops: 100 }, 'provisionedIops: applies to storageType "ESSDAUTOPL" only'],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDPL1", burstingEnabled: true }, 'burstingEnabled: applies to storageType "ESSDAUTOPL" only'],
    [{ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", storageType: "ESSDAUTOPL", storageSpace: 40, provisionedIops: 40000 }, `provisionedIops: at most ${maxProvisionedIops(40)} for 40 GB`],
    [{ ...agile, storageType: "PSL4", compressStorage: "ON" }, 'compressStorage: storage compression is for MySQL clusters with storageType "PSL4"'],
    [{ ...mysql, storageType: "PSL6" }, 'storageType: must be one of "PSL5"'],
  ])("refused: %j", (raw, message) => expect(issues(raw)).toEqual(expect.arrayContaining([expect.stringContaining(message)])));

  test("the IOPS bound: min{50000, 1000 × GB − min{1800 + 50 × GB, 50000}}", () => {
    expect(maxProvisionedIops(40)).toBe(40000 - 3800);
    expect(maxProvisionedIops(2000)).toBe(50000);
  });

  test("changes the cloud cannot make are refused, naming the field", () => {
    expect(storageForbidden({ storageSpace: 50 }, { storageSpace: 40 })).toEqual([{ field: "storageSpace", problem: expect.stringMatching(/does not shrink.*50 GB/) }]);
    expect(storageForbidden({ compressStorage: "ON" }, { compressStorage: "OFF" })).toEqual([{ field: "compressStorage", problem: expect.stringMatching(/cannot be turned off/) }]);
    expect(storageForbidden({ storageType: "PSL5" }, { storageType: "ESSDPL1" })).toEqual([{ field: "storageType", problem: expect.stringMatching(/crosses editions/) }]);
    expect(storageForbidden({ storageSpace: 40, storageType: "PSL4" }, { storageSpace: 50, storageType: "PSL5" })).toEqual([]);
  });
});

describe("API mapping", () => {
  test("CreateDBCluster takes the agile range and the storage as the API spells them", () => {
    const i = clusterInputs.parse({ ...agile, dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", scaleMin: 1, scaleMax: 4, allowShutDown: false, storageType: "ESSDAUTOPL", storageSpace: 40, provisionedIops: 100, burstingEnabled: true });
    expect(clusterSpec.create.params(i)).toMatchObject({
      ServerlessType: "AgileServerless", ScaleMin: "1", ScaleMax: "4", AllowShutDown: "false", CreationCategory: "SENormal",
      StorageType: "ESSDAUTOPL", StorageSpace: 40, ProvisionedIops: 100, BurstingEnabled: "true",
    });
    expect(clusterSpec.create.params(clusterInputs.parse({ ...agile, serverlessType: undefined }))).toMatchObject({ ServerlessType: "AgileServerless" });
    // Steady serverless is switched on after creation, not a create parameter.
    expect(clusterSpec.create.params(clusterInputs.parse({ ...mysql, serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 2, scaleRoNumMin: 0, scaleRoNumMax: 1 }))).not.toHaveProperty("ServerlessType");
  });

  test("steady serverless on and off; the range as one ModifyDBClusterServerlessConf; storage calls with ModifyType", () => {
    const key = { dbClusterId: "pc-x" };
    const [group] = serverlessUpdates;
    const on = { serverlessType: "SteadyServerless", scaleMin: 1, scaleMax: 4, scaleRoNumMin: 0, scaleRoNumMax: 2 };
    expect(group.calls(on, {}, key)).toEqual([{ action: "EnableDBClusterServerless", params: { DBClusterId: "pc-x", ScaleMin: "1", ScaleMax: "4", ScaleRoNumMin: "0", ScaleRoNumMax: "2", FromTimeService: true } }]);
    // Settings EnableDBClusterServerless does not take follow it.
    expect(group.calls({ ...on, serverlessRuleMode: "flexible" }, {}, key).map((c) => [c.action, c.params])).toEqual([
      ["EnableDBClusterServerless", expect.objectContaining({ ScaleMax: "4" })],
      ["ModifyDBClusterServerlessConf", { DBClusterId: "pc-x", ServerlessRuleMode: "flexible", FromTimeService: true }],
    ]);
    expect(group.calls({ ...on, serverlessSteadySwitch: "OFF" }, { ...on, serverlessSteadySwitch: "ON" }, key)).toEqual([{ action: "DisableDBClusterServerless", params: { DBClusterId: "pc-x", FromTimeService: true } }]);
    expect(group.calls({ ...on, scaleMax: 6 }, { ...on, serverlessSteadySwitch: "ON" }, key)).toEqual([{ action: "ModifyDBClusterServerlessConf", params: { DBClusterId: "pc-x", ScaleMin: "1", ScaleMax: "6", ScaleRoNumMin: "0", ScaleRoNumMax: "2", FromTimeService: true } }]);
    expect(group.calls({ ...agile, scaleMax: 8, allowShutDown: true }, {}, key)).toEqual([{ action: "ModifyDBClusterServerlessConf", params: { DBClusterId: "pc-x", ScaleMax: "8", AllowShutDown: "true", FromTimeService: true } }]);
    // A serverless class alone makes it agile.
    expect(group.calls({ ...agile, serverlessType: undefined, scaleMax: 8 }, {}, key)).toHaveLength(1);
    expect(group.calls({ ...mysql, serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF", scaleMax: 8 }, {}, key)).toEqual([]);
    const [performance, space] = storageUpdates;
    expect(performance.params({ storageType: "PSL5" }, { storageType: "PSL4" })).toMatchObject({ StorageType: "PSL5", ModifyType: "Upgrade" });
    expect(performance.params({ storageType: "ESSDPL1" }, { storageType: "ESSDPL3" })).toMatchObject({ StorageType: "ESSDPL1", ModifyType: "Downgrade" });
    expect(performance.params({ storageType: "ESSDAUTOPL", provisionedIops: 1200 }, { storageType: "ESSDAUTOPL" })).toEqual({ StorageType: "ESSDAUTOPL", ModifyType: undefined, ProvisionedIops: 1200, BurstingEnabled: undefined });
    expect(space.params({ storageSpace: 50 })).toEqual({ StorageSpace: 50 });
  });

  test("agile ↔ other replaces; steady on/off does not", () => {
    expect(serverlessReplaces("serverlessType", { serverlessType: "AgileServerless" }, { serverlessType: "SteadyServerless" })).toBe(true);
    expect(serverlessReplaces("serverlessType", {}, { serverlessType: "SteadyServerless" })).toBe(false);
    expect(serverlessReplaces("dbNodeClass", { dbNodeClass: "polar.mysql.sl.small" }, { dbNodeClass: "polar.mysql.x4.medium" })).toBe(true);
    expect(serverlessReplaces("dbNodeClass", { dbNodeClass: "polar.mysql.x4.large" }, { dbNodeClass: "polar.mysql.x4.medium" })).toBe(false);
  });

  test("read back: the attribute's spellings and bytes, the configuration's strings", () => {
    expect(storageOutputs({ StorageType: "HighPerformance", StorageSpace: 0, StoragePayType: "Postpaid", CompressStorageMode: "OFF" }))
      .toMatchObject({ storageType: "PSL5", storageSpace: undefined, storagePayType: "Postpaid", compressStorage: "OFF" });
    expect(storageOutputs({ StorageType: "essdautopl", StorageSpace: 50 * 1024 ** 3, ProvisionedIops: "1200", BurstingEnabled: "true" }))
      .toMatchObject({ storageType: "ESSDAUTOPL", storageSpace: 50, provisionedIops: 1200, burstingEnabled: true });
    expect(storageOutputs({ StorageType: "Standard" }).storageType).toBe("PSL4");
    expect(serverlessConfOutputs({ ScaleMin: "1", ScaleMax: "8", AllowShutDown: "false", SecondsUntilAutoPause: "3660", ServerlessRuleMode: "normal", ScaleApRoNumMax: "" }))
      .toEqual({ scaleMin: 1, scaleMax: 8, allowShutDown: false, secondsUntilAutoPause: 3660, serverlessRuleMode: "normal" });
    expect(serverlessAttributeOutputs({ ServerlessType: "SteadyServerless" }, {})).toEqual({ serverlessType: "SteadyServerless", serverlessSteadySwitch: "ON" });
    // Steady serverless off, as declared: what the program asks for.
    expect(serverlessAttributeOutputs({ ServerlessType: "" }, { serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF", scaleMax: 2 }))
      .toEqual({ serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF", scaleMax: 2 });
    // Switched off in the console while the program wants it on: drift.
    expect(serverlessAttributeOutputs({ ServerlessType: "" }, { serverlessType: "SteadyServerless" })).toEqual({ serverlessType: undefined });
  });
});
