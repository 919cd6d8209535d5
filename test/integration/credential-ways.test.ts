/**
 * Every way of obtaining credentials, through OUR client and credential providers, against the
 * emulator as STS, metadata service and credentials URI (plain http: ALIBABA_CLOUD_STS_ENDPOINT,
 * ALIBABA_CLOUD_ECS_METADATA_ENDPOINT). Each way makes PolarDB calls across several token
 * lifetimes (--sts-ttl short) without a refusal: renewed before expiry; and a token that expired
 * anyway (renewal held back) is renewed once after the cloud's InvalidSecurityToken.Expired.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { credentialProviderFor, providerForPlan, RenewingCredentials } from "../../provider/credential-provider";
import { planCredentials } from "../../provider/credentials";
import { assumeRole } from "../../provider/sts";
import { AUDIENCE, ISSUER, makeJwt, PROVIDER_ARN, rsaKeyPair } from "../helpers/oidc-jwt";

const KEY = { id: "ways-ak", secret: "ways-SECRET-0c1d" };
const ROLE = "acs:ram::123456789012:role/deployer";
const TTL = 2;
const oidcKey = rsaKeyPair();
let emu: Emulator;
let tmp: string;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0, timeScale: 0.001, accessKeys: [KEY], stsTtlSeconds: TTL, roles: [ROLE], instanceRole: "deployer", metadataTokenRequired: true,
    oidcProviders: [{ arn: PROVIDER_ARN, issuer: ISSUER, audiences: [AUDIENCE], publicKeys: [oidcKey.publicPem] }],
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cred-ways-"));
});
afterAll(async () => { fs.rmSync(tmp, { recursive: true, force: true }); await emu.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hosts = () => ({ ALIBABA_CLOUD_STS_ENDPOINT: emu.url, ALIBABA_CLOUD_ECS_METADATA_ENDPOINT: emu.url });

function tokenFile(): string {
  const f = path.join(tmp, `token-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(f, makeJwt({}, oidcKey.privateKey));
  return f;
}

/** PolarDB calls for about three lifetimes; every one must succeed. Returns the STS calls made. */
async function callsAcrossLifetimes(client: PolarDBClient): Promise<{ sts: number; calls: number }> {
  emu.resetCalls();
  const until = Date.now() + TTL * 3000 + 500;
  let n = 0;
  while (Date.now() < until) { await client.request("DescribeDBClusters", {}); n++; await sleep(150); }
  const c = emu.calls();
  expect(n).toBeGreaterThan(10);
  expect(c.DescribeDBClusters).toBe(n); // no call was refused and repeated
  return { sts: (c.AssumeRole ?? 0) + (c.AssumeRoleWithOIDC ?? 0), calls: n };
}

const client = (credentials: ReturnType<typeof credentialProviderFor>) =>
  new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials, retry: { maxAttempts: 1 } });

test("OIDC from the environment (role ARN, provider ARN, token file): renewed before each expiry", async () => {
  const env = { ...hosts(), ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile(), ALIBABA_CLOUD_ROLE_SESSION_NAME: "ci" };
  const p = credentialProviderFor({ env, home: tmp }, { stsEndpoint: emu.url });
  expect(p.from).toBe(`ALIBABA_CLOUD_OIDC_TOKEN_FILE (role ${ROLE})`);
  const { sts, calls } = await callsAcrossLifetimes(client(p));
  expect(sts).toBeGreaterThanOrEqual(3); // renewed in every lifetime …
  expect(sts * 3).toBeLessThanOrEqual(calls); // … and not for every call (a loaded machine renews a little more often)
});

test("polardb:assumeRole in stack config over a base AccessKey", async () => {
  const config = (k: string) => ({ "polardb:accessKeyId": KEY.id, "polardb:accessKeySecret": KEY.secret, "polardb:assumeRole": JSON.stringify({ roleArn: ROLE, sessionName: "stack", externalId: "x1" }) } as Record<string, string>)[k];
  const p = credentialProviderFor({ config, env: hosts(), home: tmp }, { stsEndpoint: emu.url });
  const { sts } = await callsAcrossLifetimes(client(p));
  expect(sts).toBeGreaterThanOrEqual(3);
  const who: any = await new PolarDBClient({ endpoint: emu.url, credentials: await p.getCredentials() }).request("DescribeDBClusters", {});
  expect(who.RequestId).toEqual(expect.any(String));
});

test("the instance's RAM role from the metadata service (IMDSv2 token required)", async () => {
  const p = providerForPlan(planCredentials({ env: { ...hosts(), ALIBABA_CLOUD_ECS_METADATA: "deployer" }, home: tmp }), { env: hosts() });
  await callsAcrossLifetimes(client(p));
  expect((await p.getCredentials()).accessKeyId).toMatch(/^STS\./);
});

test("a credentials URI", async () => {
  const p = providerForPlan(planCredentials({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}/credentials-uri` }, home: tmp }));
  await callsAcrossLifetimes(client(p));
});

test("an expired token the provider did not renew in time: the refusal renews once and the call is repeated", async () => {
  const base = { from: "test base", getCredentials: async () => ({ accessKeyId: KEY.id, accessKeySecret: KEY.secret }) };
  const now = Date.now();
  // A clock that stands still: the cached token is never renewed ahead of time.
  const p = new RenewingCredentials("a role", () => assumeRole(base, { roleArn: ROLE }, emu.url, {}), { now: () => now });
  const lines: string[] = [];
  const c = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: p, retry: { maxAttempts: 1 }, logger: (l) => lines.push(l) });
  await c.request("DescribeDBClusters", {});
  await sleep(TTL * 1000 + 200);
  emu.resetCalls();
  lines.length = 0;
  await c.request("DescribeDBClusters", {});
  // Refused for the expired token (the emulator counts only calls it accepts), renewed, repeated.
  expect(emu.calls()).toEqual({ DescribeDBClusters: 1, AssumeRole: 1 });
  expect(lines.filter((l) => /expired/.test(l))).toEqual(["DescribeDBClusters: the security token expired (InvalidSecurityToken.Expired); renewing the credentials (a role) and repeating"]);
  expect(lines.join("\n")).not.toContain(KEY.secret);
});

test("a refused role is said with the way, the code and the RequestId; nothing secret in the message", async () => {
  const config = (k: string) => ({ "polardb:accessKeyId": KEY.id, "polardb:accessKeySecret": KEY.secret, "polardb:assumeRole": JSON.stringify({ roleArn: "acs:ram::123456789012:role/nobody" }) } as Record<string, string>)[k];
  const p = credentialProviderFor({ config, env: {}, home: tmp }, { stsEndpoint: emu.url });
  const err = await client(p).request("DescribeDBClusters", {}).catch((e) => e);
  expect(err.message).toMatch(/AssumeRole.*EntityNotExist\.Role.*obtaining credentials from stack config polardb:assumeRole \(role acs:ram::123456789012:role\/nobody, over stack config polardb:accessKeyId\) failed/s);
  expect(err.message).toMatch(/RequestId: [0-9A-F-]+/);
  expect(err.message).not.toContain(KEY.secret);
});

test("an OIDC token the STS refuses: its code said, the token itself in no message or log line", async () => {
  const f = path.join(tmp, "wrong-audience");
  const token = makeJwt({ aud: "someone-else" }, oidcKey.privateKey);
  fs.writeFileSync(f, token);
  const lines: string[] = [];
  const env = { ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: f };
  const p = providerForPlan(planCredentials({ env, home: tmp }), { stsEndpoint: emu.url });
  const c = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: p, retry: { maxAttempts: 1 }, logger: (l) => lines.push(l) });
  const err = await c.request("DescribeDBClusters", {}).catch((e) => e);
  expect(err.code).toBe("AuthenticationFail.OIDCToken.AudienceNotMatch");
  expect(err.message).toMatch(/obtaining credentials from ALIBABA_CLOUD_OIDC_TOKEN_FILE/);
  for (const text of [err.message, String(err.stack), ...lines]) expect(text).not.toContain(token.split(".")[2]);
});

test("an unkind STS: a throttled call and a lost answer while obtaining credentials; the calls still succeed", async () => {
  const env = { ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile() };
  emu.setFaults("AssumeRoleWithOIDC:throttle=#1;AssumeRole:drop=#1;seed=3");
  emu.resetFaultsServed();
  try {
    const oidc = providerForPlan(planCredentials({ env, home: tmp }), { stsEndpoint: emu.url });
    await client(oidc).request("DescribeDBClusters", {});
    const base = { from: "test base", getCredentials: async () => ({ accessKeyId: KEY.id, accessKeySecret: KEY.secret }) };
    const role = new RenewingCredentials("a role", () => assumeRole(base, { roleArn: ROLE }, emu.url, {}));
    await client(role).request("DescribeDBClusters", {});
    // Each fault really served: the throttled OIDC call and the AssumeRole whose answer was lost were repeated.
    expect(emu.faultsServed()).toEqual({ AssumeRoleWithOIDC: { throttle: 1 }, AssumeRole: { drop: 1 } });
  } finally { emu.setFaults(undefined); }
});
