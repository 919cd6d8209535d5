/**
 * Which way of obtaining credentials applies (planCredentials), source by source and mode by mode,
 * and when a renewing provider renews. Pure: no network (the obtain functions here are the STS
 * answers a test gives; the calls themselves are tested against the emulator in integration).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RenewingCredentials, renewAt } from "../../provider/credential-provider";
import { planCredentials } from "../../provider/credentials";

const cfg = (m: Record<string, string>) => (k: string) => m[k];
const AK = { ALIBABA_CLOUD_ACCESS_KEY_ID: "e", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "f" };
const OIDC = { ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/ci", ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1:oidc-provider/gh", ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/run/token" };
const nohome = "/nonexistent";

function home(profiles: object[], current?: string): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-plan-"));
  fs.mkdirSync(path.join(h, ".aliyun"));
  fs.writeFileSync(path.join(h, ".aliyun", "config.json"), JSON.stringify({ current, profiles }));
  return h;
}

describe("precedence", () => {
  test("environment: keys, then OIDC, then profile, then the instance role, then a credentials URI", () => {
    const h = home([{ name: "default", mode: "AK", access_key_id: "pk", access_key_secret: "ps" }]);
    const uri = { ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:1/creds" };
    const ecs = { ALIBABA_CLOUD_ECS_METADATA: "app-role" };
    expect(planCredentials({ env: { ...AK, ...OIDC, ...uri, ...ecs }, home: h })).toMatchObject({ kind: "static", from: "ALIBABA_CLOUD_ACCESS_KEY_ID" });
    expect(planCredentials({ env: { ...OIDC, ...uri, ...ecs }, home: h })).toMatchObject({ kind: "oidc", oidcProviderArn: OIDC.ALIBABA_CLOUD_OIDC_PROVIDER_ARN, tokenFile: "/run/token", role: { roleArn: OIDC.ALIBABA_CLOUD_ROLE_ARN } });
    expect(planCredentials({ env: { ...uri, ...ecs }, home: h })).toMatchObject({ kind: "static", from: expect.stringContaining('profile "default"') });
    expect(planCredentials({ env: { ...uri, ...ecs }, home: nohome })).toEqual({ kind: "ecsRole", from: "ALIBABA_CLOUD_ECS_METADATA", roleName: "app-role" });
    expect(planCredentials({ env: { ...uri, ...ecs, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }, home: nohome })).toEqual({ kind: "uri", from: "ALIBABA_CLOUD_CREDENTIALS_URI", uri: uri.ALIBABA_CLOUD_CREDENTIALS_URI });
  });

  test("OIDC needs all three variables; a role ARN alone is not a way", () => {
    expect(() => planCredentials({ env: { ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/ci" }, home: nohome })).toThrow(/no Alibaba Cloud credentials were found/);
  });

  test("a stack's choice beats the environment: keys, ecsRoleName, profile", () => {
    const h = home([{ name: "ops", mode: "EcsRamRole", ram_role_name: "ops-role" }]);
    expect(planCredentials({ config: cfg({ "polardb:ecsRoleName": "stack-role" }), env: { ...AK, ...OIDC }, home: h })).toMatchObject({ kind: "ecsRole", roleName: "stack-role", from: "stack config polardb:ecsRoleName" });
    expect(planCredentials({ config: cfg({ "polardb:profile": "ops" }), env: AK, home: h })).toMatchObject({ kind: "ecsRole", roleName: "ops-role" });
    expect(planCredentials({ config: cfg({ "polardb:accessKeyId": "c", "polardb:accessKeySecret": "d", "polardb:ecsRoleName": "x" }), env: AK, home: h }))
      .toMatchObject({ kind: "static", credentials: { accessKeyId: "c", accessKeySecret: "d" } });
  });

  test("polardb:assumeRole wraps whatever the rest of the chain gives (config keys, or the environment)", () => {
    const role = JSON.stringify({ roleArn: "acs:ram::1:role/deployer", sessionName: "ci", sessionExpiration: 1800, externalId: "abc", policy: "{}" });
    expect(planCredentials({ config: cfg({ "polardb:assumeRole": role, "polardb:accessKeyId": "c", "polardb:accessKeySecret": "d" }), env: {}, home: nohome })).toEqual({
      kind: "assumeRole", from: "stack config polardb:assumeRole",
      role: { roleArn: "acs:ram::1:role/deployer", sessionName: "ci", sessionExpiration: 1800, externalId: "abc", policy: "{}" },
      base: { kind: "static", from: "stack config polardb:accessKeyId", credentials: { accessKeyId: "c", accessKeySecret: "d" } },
    });
    expect(planCredentials({ config: cfg({ "polardb:assumeRole": role }), env: OIDC, home: nohome })).toMatchObject({ kind: "assumeRole", base: { kind: "oidc" } });
  });

  test.each([
    ['{"sessionName":"x"}', /must be an object with at least roleArn/],
    ["not json", /must be an object with at least roleArn/],
    ['{"roleArn":"acs:ram::1:role/r","sessionExpiration":60}', /sessionExpiration must be whole seconds from 900 to 43200/],
  ])("polardb:assumeRole %s is refused with what to do", (text, message) => {
    expect(() => planCredentials({ config: cfg({ "polardb:assumeRole": text }), env: AK, home: nohome })).toThrow(message);
  });
});

describe("the aliyun CLI's profile modes", () => {
  const h = home([
    { name: "ak", mode: "AK", access_key_id: "ak1", access_key_secret: "as1" },
    { name: "sts", mode: "StsToken", access_key_id: "sk", access_key_secret: "ss", sts_token: "st" },
    { name: "ram", mode: "RamRoleArn", access_key_id: "rk", access_key_secret: "rs", ram_role_arn: "acs:ram::1:role/r", ram_session_name: "s1", expired_seconds: "900" },
    { name: "chain", mode: "ChainableRamRoleArn", source_profile: "ram", ram_role_arn: "acs:ram::2:role/x" },
    { name: "loop", mode: "ChainableRamRoleArn", source_profile: "loop", ram_role_arn: "acs:ram::2:role/x" },
    { name: "ecs", mode: "EcsRamRole", ram_role_name: "inst" },
    { name: "oidc", mode: "OIDC", ram_role_arn: "acs:ram::1:role/o", oidc_provider_arn: "acs:ram::1:oidc-provider/p", oidc_token_file: "/tok" },
    { name: "uri", mode: "CredentialsURI", credentials_uri: "http://127.0.0.1:9/c" },
  ]);
  const plan = (name: string) => planCredentials({ env: { ALIBABA_CLOUD_PROFILE: name }, home: h });
  test("AK and StsToken are keys", () => {
    expect(plan("ak")).toMatchObject({ kind: "static", credentials: { accessKeyId: "ak1", accessKeySecret: "as1" } });
    expect(plan("sts")).toMatchObject({ kind: "static", credentials: { accessKeyId: "sk", accessKeySecret: "ss", securityToken: "st" } });
  });
  test("RamRoleArn assumes the role over the profile's keys; ChainableRamRoleArn over its source profile", () => {
    expect(plan("ram")).toMatchObject({ kind: "assumeRole", role: { roleArn: "acs:ram::1:role/r", sessionName: "s1", sessionExpiration: 900 }, base: { kind: "static", credentials: { accessKeyId: "rk" } } });
    expect(plan("chain")).toMatchObject({ kind: "assumeRole", role: { roleArn: "acs:ram::2:role/x" }, base: { kind: "assumeRole", role: { roleArn: "acs:ram::1:role/r" } } });
  });
  test("a profile chained to itself is no way (not an endless loop)", () => {
    expect(() => plan("loop")).toThrow(/no Alibaba Cloud credentials were found/);
  });
  test("EcsRamRole, OIDC and CredentialsURI", () => {
    expect(plan("ecs")).toMatchObject({ kind: "ecsRole", roleName: "inst" });
    expect(plan("oidc")).toMatchObject({ kind: "oidc", tokenFile: "/tok", oidcProviderArn: "acs:ram::1:oidc-provider/p", role: { roleArn: "acs:ram::1:role/o" } });
    expect(plan("uri")).toMatchObject({ kind: "uri", uri: "http://127.0.0.1:9/c" });
  });
});

describe("renewal", () => {
  test("renews at 80 % of the lifetime, at most 5 minutes before expiry", () => {
    expect(renewAt(0, 60_000)).toBe(48_000);
    expect(renewAt(0, 3_600_000)).toBe(3_300_000);
  });

  test("served from the cache until the margin, then renewed once for everyone waiting", async () => {
    let t = 0;
    let obtained = 0;
    const p = new RenewingCredentials("test", async () => {
      obtained++;
      await new Promise((r) => setTimeout(r, 5));
      return { credentials: { accessKeyId: `STS.${obtained}`, accessKeySecret: "s", securityToken: "t" }, expiresAt: t + 60_000 };
    }, { now: () => t });
    expect((await p.getCredentials()).accessKeyId).toBe("STS.1");
    t = 47_999;
    expect((await p.getCredentials()).accessKeyId).toBe("STS.1");
    t = 48_000;
    const all = await Promise.all([p.getCredentials(), p.getCredentials(), p.getCredentials()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(["STS.2", "STS.2", "STS.2"]);
    expect(obtained).toBe(2);
    expect((await p.renew()).accessKeyId).toBe("STS.3"); // after a refusal for an expired token
  });

  test("a failure says which way failed, and the next call tries again", async () => {
    let fail = true;
    const p = new RenewingCredentials("ALIBABA_CLOUD_OIDC_TOKEN_FILE (role r)", async () => {
      if (fail) throw new Error("token file missing");
      return { credentials: { accessKeyId: "STS.ok", accessKeySecret: "s", securityToken: "t" }, expiresAt: Date.now() + 3_600_000 };
    });
    await expect(p.getCredentials()).rejects.toThrow(/obtaining credentials from ALIBABA_CLOUD_OIDC_TOKEN_FILE \(role r\) failed: token file missing/);
    fail = false;
    expect((await p.getCredentials()).accessKeyId).toBe("STS.ok");
  });
});
