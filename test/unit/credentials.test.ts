/** Where credentials, the region and endpoints come from, source by source. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveSettings } from "../../provider/config";
import { resolveCredentials, resolveRegion } from "../../provider/credentials";
import { resolveEndpoint } from "../../provider/endpoints";

const none = () => undefined;
const cfg = (m: Record<string, string>) => (k: string) => m[k];

function profileHome(doc: object): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-cred-"));
  fs.mkdirSync(path.join(home, ".aliyun"));
  fs.writeFileSync(path.join(home, ".aliyun", "config.json"), JSON.stringify(doc));
  return home;
}

test("explicit credentials win over everything", () => {
  expect(resolveCredentials({ explicit: { accessKeyId: "x", accessKeySecret: "y" }, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f" } }))
    .toEqual({ accessKeyId: "x", accessKeySecret: "y" });
});

test("stack config comes before the environment", () => {
  expect(resolveCredentials({ config: cfg({ "polardb:accessKeyId": "c", "polardb:accessKeySecret": "d", "polardb:securityToken": "t" }), env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f" } }))
    .toEqual({ accessKeyId: "c", accessKeySecret: "d", securityToken: "t" });
});

test("ALIBABA_CLOUD_* variables, with a security token", () => {
  expect(resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f", ALIBABA_CLOUD_SECURITY_TOKEN: "s" }, home: "/nonexistent" }))
    .toEqual({ accessKeyId: "e", accessKeySecret: "f", securityToken: "s" });
});

test("the older ALICLOUD_* names", () => {
  expect(resolveCredentials({ env: { ALICLOUD_ACCESS_KEY: "a", ALICLOUD_SECRET_KEY: "b", ALICLOUD_SECURITY_TOKEN: "c" }, home: "/nonexistent" }))
    .toEqual({ accessKeyId: "a", accessKeySecret: "b", securityToken: "c" });
  expect(resolveRegion({ env: { ALICLOUD_REGION: "cn-beijing" }, home: "/nonexistent" })).toBe("cn-beijing");
});

test("a half-set source (id without secret) is skipped, not used", () => {
  expect(resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "lonely", ALICLOUD_ACCESS_KEY: "a", ALICLOUD_SECRET_KEY: "b" }, home: "/nonexistent" }))
    .toEqual({ accessKeyId: "a", accessKeySecret: "b" });
});

describe("~/.aliyun/config.json profiles", () => {
  const home = profileHome({
    current: "work",
    profiles: [
      { name: "work", mode: "AK", access_key_id: "wk", access_key_secret: "ws", region_id: "cn-shanghai" },
      { name: "sts", mode: "StsToken", access_key_id: "sk", access_key_secret: "ss", sts_token: "st", region_id: "cn-beijing" },
      { name: "ram", mode: "RamRoleArn", access_key_id: "rk", access_key_secret: "rs" },
    ],
  });
  test("the file's current profile", () => {
    expect(resolveCredentials({ env: {}, home })).toEqual({ accessKeyId: "wk", accessKeySecret: "ws" });
    expect(resolveRegion({ env: {}, home })).toBe("cn-shanghai");
  });
  test("ALIBABA_CLOUD_PROFILE picks an STS-token profile", () => {
    expect(resolveCredentials({ env: { ALIBABA_CLOUD_PROFILE: "sts" }, home })).toEqual({ accessKeyId: "sk", accessKeySecret: "ss", securityToken: "st" });
  });
  test("polardb:profile in the stack config comes before environment credentials", () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f", ALIBABA_CLOUD_PROFILE: "work" };
    expect(resolveCredentials({ config: cfg({ "polardb:profile": "sts" }), env, home })).toEqual({ accessKeyId: "sk", accessKeySecret: "ss", securityToken: "st" });
    expect(resolveRegion({ config: cfg({ "polardb:profile": "sts" }), env, home })).toBe("cn-beijing");
    // Keys in the stack config are more specific still.
    expect(resolveCredentials({ config: cfg({ "polardb:profile": "sts", "polardb:accessKeyId": "c", "polardb:accessKeySecret": "d" }), env, home }))
      .toEqual({ accessKeyId: "c", accessKeySecret: "d" });
  });
  test("a polardb:profile that does not exist is an error naming it, not a silent fall-back", () => {
    expect(() => resolveCredentials({ config: cfg({ "polardb:profile": "nope" }), env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f" }, home }))
      .toThrow(/names the profile "nope" \(polardb:profile\).*config rm polardb:profile/s);
  });
  test("a profile mode we cannot use gives the one clear message", () => {
    expect(() => resolveCredentials({ env: { ALIBABA_CLOUD_PROFILE: "ram" }, home })).toThrow(/no Alibaba Cloud credentials were found/);
  });
});

test("missing credentials: one message listing every way", () => {
  let message = "";
  try { resolveCredentials({ env: {}, home: "/nonexistent", config: none }); } catch (e) { message = (e as Error).message; }
  for (const way of ["polardb:accessKeyId", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY", "~/.aliyun/config.json"]) expect(message).toContain(way);
  expect(message).toMatch(/Client\.MissingCredentials/);
});

test("endpoints: region table, environment override, config override, unknown region", () => {
  expect(resolveEndpoint("polardb", "cn-hangzhou", undefined, {})).toBe("https://polardb.aliyuncs.com");
  expect(resolveEndpoint("polardb", "ap-northeast-1", undefined, {})).toBe("https://polardb.ap-northeast-1.aliyuncs.com");
  expect(resolveEndpoint("rds", "cn-hangzhou", undefined, {})).toBe("https://rds.aliyuncs.com");
  expect(resolveEndpoint("polardb", "cn-hangzhou", undefined, { ALIBABA_CLOUD_POLARDB_ENDPOINT: "http://127.0.0.1:8080" })).toBe("http://127.0.0.1:8080");
  expect(resolveEndpoint("rds", "cn-hangzhou", undefined, { ALIBABA_CLOUD_RDS_ENDPOINT: "http://127.0.0.1:9090/" })).toBe("http://127.0.0.1:9090");
  expect(resolveEndpoint("polardb", "nowhere-1", "http://127.0.0.1:1", {})).toBe("http://127.0.0.1:1");
  expect(() => resolveEndpoint("polardb", "nowhere-1", undefined, {})).toThrow(/ALIBABA_CLOUD_POLARDB_ENDPOINT/);
  expect(() => resolveEndpoint("polardb", "cn-hangzhou", "ftp://x", {})).toThrow(/must use http or https/);
});

test("the KMS endpoint: kms.<region>.aliyuncs.com in every region, ALIBABA_CLOUD_KMS_ENDPOINT or polardb:kmsEndpoint over it", () => {
  expect(resolveEndpoint("kms", "cn-hangzhou", undefined, {})).toBe("https://kms.cn-hangzhou.aliyuncs.com");
  expect(resolveEndpoint("kms", "me-central-1", undefined, {})).toBe("https://kms.me-central-1.aliyuncs.com");
  expect(resolveEndpoint("kms", "cn-hangzhou", undefined, { ALIBABA_CLOUD_KMS_ENDPOINT: "http://127.0.0.1:8081/" })).toBe("http://127.0.0.1:8081");
  expect(() => resolveEndpoint("kms", "", undefined, {})).toThrow(/polardb:kmsEndpoint.*ALIBABA_CLOUD_KMS_ENDPOINT/);
  const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: "a", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b" };
  expect(resolveSettings(cfg({ "polardb:kmsEndpoint": "http://127.0.0.1:9" }), { ...keys, ALIBABA_CLOUD_KMS_ENDPOINT: "http://127.0.0.1:10" }).kmsEndpoint).toBe("http://127.0.0.1:9");
  expect(resolveSettings(none, { ...keys, ALIBABA_CLOUD_KMS_ENDPOINT: "http://127.0.0.1:10" }).kmsEndpoint).toBe("http://127.0.0.1:10");
});

test("settings for a provider process: config, then environment", () => {
  const s = resolveSettings(cfg({ "polardb:region": "cn-qingdao", "polardb:endpoint": "http://127.0.0.1:7", "polardb:accessKeyId": "i", "polardb:accessKeySecret": "s" }), {});
  expect(s).toMatchObject({ regionId: "cn-qingdao", polardbEndpoint: "http://127.0.0.1:7", rdsEndpoint: undefined });
  expect(s.credentials.from).toBe("stack config polardb:accessKeyId");
  expect(s.credentials.renew).toBeUndefined(); // a key pair is used as it is
  const e = resolveSettings(none, { ALIBABA_CLOUD_ACCESS_KEY_ID: "a", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b", ALIBABA_CLOUD_REGION_ID: "cn-chengdu", ALIBABA_CLOUD_RDS_ENDPOINT: "http://127.0.0.1:8" });
  expect(e).toMatchObject({ regionId: "cn-chengdu", rdsEndpoint: "http://127.0.0.1:8" });
});
