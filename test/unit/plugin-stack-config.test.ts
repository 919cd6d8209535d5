import { currentStackConfig, effectiveSettings, isDefaultProvider } from "../../provider/plugin/stack-config";

const DEFAULT = "urn:pulumi:dev::orders::pulumi:providers:polardb::default_0_1_0";

test("default providers are told apart from explicit ones by their URN", () => {
  expect(isDefaultProvider(DEFAULT)).toBe(true);
  expect(isDefaultProvider("urn:pulumi:dev::orders::pulumi:providers:polardb::default")).toBe(true);
  expect(isDefaultProvider("urn:pulumi:dev::orders::pulumi:providers:polardb::mine")).toBe(false);
  expect(isDefaultProvider("urn:pulumi:dev::orders::pulumi:providers:aws::default_6_0_0")).toBe(false);
  expect(isDefaultProvider(undefined)).toBe(false);
});

test("the default provider takes PULUMI_CONFIG (the stack config now); an explicit one, or none given, its arguments", () => {
  const recorded = { accessKeyId: "old", region: "cn-hangzhou" };
  const env = { PULUMI_CONFIG: JSON.stringify({ accessKeyId: "new", region: "cn-shanghai" }) };
  expect(effectiveSettings(recorded, DEFAULT, env)).toEqual({ accessKeyId: "new", region: "cn-shanghai" });
  expect(effectiveSettings(recorded, "urn:pulumi:dev::orders::pulumi:providers:polardb::mine", env)).toBe(recorded);
  expect(effectiveSettings(recorded, DEFAULT, {})).toBe(recorded);
  expect(effectiveSettings(recorded, undefined, env)).toBe(recorded);
  expect(currentStackConfig({ PULUMI_CONFIG: "not json" })).toBeUndefined();
  expect(currentStackConfig({ PULUMI_CONFIG: "[1]" })).toBeUndefined();
});
