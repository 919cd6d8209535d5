/**
 * The emulator as STS, ECS metadata service and credentials URI, judged by the OFFICIAL libraries:
 * the STS SDK (@alicloud/sts20150401) and @alicloud/credentials 2.4.7, unchanged. Each way of
 * getting temporary credentials is then used on a PolarDB call, which succeeds, and fails with
 * InvalidSecurityToken.Expired once the (short, --sts-ttl) lifetime has passed.
 */
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import Credential, { ECSRAMRoleCredentialsProvider } from "@alicloud/credentials";
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import Sts, { AssumeRoleRequest, AssumeRoleWithOIDCRequest } from "@alicloud/sts20150401";
import * as $dara from "@darabonba/typescript";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";
import { AUDIENCE, ISSUER, makeJwt, PROVIDER_ARN, rsaKeyPair } from "../helpers/oidc-jwt";

const KEY = { id: "sts-test-ak", secret: "sts-test-secret" };
const ROLE = "acs:ram::123456789012:role/ci-deployer";
const TTL = 3;
const oidcKey = rsaKeyPair();
let emu: Emulator;
let tmp: string;
let defaultCAs: string[];

beforeAll(async () => {
  emu = await startEmulator({
    port: 0, timeScale: 0.001, accessKeys: [KEY], stsTtlSeconds: TTL,
    roles: [ROLE], oidcProviders: [{ arn: PROVIDER_ARN, issuer: ISSUER, audiences: [AUDIENCE], publicKeys: [oidcKey.publicPem] }],
    instanceRole: "ci-deployer", metadataTokenRequired: true,
  });
  // @alicloud/credentials speaks https to STS: trust the emulator's self-signed certificate.
  defaultCAs = tls.getCACertificates("default");
  tls.setDefaultCACertificates([...defaultCAs, emu.tlsCertificate]);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sts-official-"));
});
afterAll(async () => {
  tls.setDefaultCACertificates(defaultCAs);
  fs.rmSync(tmp, { recursive: true, force: true });
  await emu.close();
});

interface Keys { accessKeyId: string; accessKeySecret: string; securityToken?: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The latest a session issued from now on can expire: the emulator caps lifetimes at TTL. */
const expiresBy = () => new Date(Date.now() + TTL * 1000).toISOString();

/** Waits until an Expiration has passed (bounded: the emulator caps lifetimes at TTL seconds). */
async function pastExpiry(expiration: string): Promise<void> {
  const ms = Date.parse(expiration) - Date.now() + 50;
  if (ms > TTL * 1000 + 100) throw new Error(`expiration ${expiration} is further than the ${TTL} s cap`);
  if (ms > 0) await sleep(ms);
}

function polardb(k: Keys) {
  return new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: k, retry: { maxAttempts: 1 } });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return "none"; } catch (e) { return (e as { code: string }).code; }
}

/** The session works on PolarDB now, and is refused as expired after its Expiration. */
async function worksThenExpires(k: Keys, expiration: string): Promise<void> {
  const regions = await polardb(k).request("DescribeRegions", {});
  expect(regions.Regions.Region.length).toBeGreaterThan(0);
  await pastExpiry(expiration);
  expect(await codeOf(polardb(k).request("DescribeRegions", {}))).toBe("InvalidSecurityToken.Expired");
}

function stsSdk(k: Keys, signatureAlgorithm?: "v2") {
  return new Sts(new $OpenApiUtil.Config({ ...k, endpoint: emu.stsEndpoint, protocol: "http", regionId: "cn-hangzhou", signatureAlgorithm }));
}

describe("the official STS SDK", () => {
  for (const scheme of ["acs3", "v1"] as const) {
    test(`AssumeRole and GetCallerIdentity (${scheme})`, async () => {
      const sdk = stsSdk({ accessKeyId: KEY.id, accessKeySecret: KEY.secret }, scheme === "v1" ? "v2" : undefined);
      const res = await sdk.assumeRole(new AssumeRoleRequest({ roleArn: ROLE, roleSessionName: `sdk-${scheme}`, durationSeconds: 900, externalId: "ext-id-1" }));
      const c = res.body!.credentials!;
      expect(res.statusCode).toBe(200);
      expect(res.body!.requestId).toMatch(/^[0-9A-F-]{36}$/);
      expect(c.accessKeyId).toMatch(/^STS\./);
      expect(res.body!.assumedRoleUser).toMatchObject({ arn: `acs:ram::123456789012:role/ci-deployer/sdk-${scheme}` });

      const me = await stsSdk({ accessKeyId: KEY.id, accessKeySecret: KEY.secret }, scheme === "v1" ? "v2" : undefined).getCallerIdentity();
      expect(me.body).toMatchObject({ identityType: "RAMUser", accountId: "123456789012" });
      const session = { accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! };
      const who = await stsSdk(session, scheme === "v1" ? "v2" : undefined).getCallerIdentity();
      expect(who.body).toMatchObject({ identityType: "AssumedRoleUser", arn: res.body!.assumedRoleUser!.arn, principalId: res.body!.assumedRoleUser!.assumedRoleId });

      await worksThenExpires(session, c.expiration!);
      expect(await codeOf(stsSdk(session).getCallerIdentity())).toBe("InvalidSecurityToken.Expired");
    });
  }

  test("refusals reach the SDK with the STS codes and statuses", async () => {
    const sdk = stsSdk({ accessKeyId: KEY.id, accessKeySecret: KEY.secret });
    await expect(sdk.assumeRole(new AssumeRoleRequest({ roleArn: "acs:ram::123456789012:role/nope", roleSessionName: "x1" }))).rejects.toMatchObject({ code: "EntityNotExist.Role", statusCode: 404 });
    await expect(sdk.assumeRole(new AssumeRoleRequest({ roleArn: ROLE, roleSessionName: "x1", durationSeconds: 100 }))).rejects.toMatchObject({ code: "InvalidParameter.DurationSeconds", statusCode: 400 });
    await expect(sdk.assumeRole(new AssumeRoleRequest({ roleArn: ROLE, roleSessionName: "!" }))).rejects.toMatchObject({ code: "InvalidParameter.RoleSessionName" });
    const stranger = stsSdk({ accessKeyId: "unknown-ak", accessKeySecret: "x" });
    await expect(stranger.getCallerIdentity()).rejects.toMatchObject({ code: "InvalidAccessKeyId.NotFound" });
    // faults apply to STS actions by name, as to every other action
    emu.setFaults("AssumeRole:throttle=#1");
    try {
      await expect(sdk.assumeRole(new AssumeRoleRequest({ roleArn: ROLE, roleSessionName: "x1" }))).rejects.toMatchObject({ code: "Throttling" });
      expect((await sdk.assumeRole(new AssumeRoleRequest({ roleArn: ROLE, roleSessionName: "x1" }))).body!.credentials!.accessKeyId).toMatch(/^STS\./);
    } finally {
      emu.setFaults(undefined);
    }
  });

  test("AssumeRoleWithOIDC is anonymous: the token is the proof", async () => {
    const anonymous = new Sts(new $OpenApiUtil.Config({ endpoint: emu.stsEndpoint, protocol: "http", regionId: "cn-hangzhou" }));
    const res = await anonymous.assumeRoleWithOIDC(new AssumeRoleWithOIDCRequest({ OIDCProviderArn: PROVIDER_ARN, OIDCToken: makeJwt({}, oidcKey.privateKey), roleArn: ROLE, roleSessionName: "gha" }));
    expect(res.body!.OIDCTokenInfo).toMatchObject({ issuer: ISSUER, clientIds: AUDIENCE, subject: "repo:acme/infra:ref:refs/heads/main" });
    expect(res.body!.credentials!.securityToken).toMatch(/^CAIS/);
    await expect(anonymous.assumeRoleWithOIDC(new AssumeRoleWithOIDCRequest({ OIDCProviderArn: PROVIDER_ARN, OIDCToken: makeJwt({ aud: "elsewhere" }, oidcKey.privateKey), roleArn: ROLE })))
      .rejects.toMatchObject({ code: "AuthenticationFail.OIDCToken.AudienceNotMatch", statusCode: 401 });
  });
});

describe("@alicloud/credentials 2.4.7 against the emulator", () => {
  test("ram_role_arn (over https, stsEndpoint 127.0.0.1:PORT): the session sees the caller's clusters, then expires", async () => {
    const owner = polardb({ accessKeyId: KEY.id, accessKeySecret: KEY.secret });
    const created = await owner.request("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h" });
    const cred = new Credential({ type: "ram_role_arn", accessKeyId: KEY.id, accessKeySecret: KEY.secret, roleArn: ROLE, roleSessionName: "pulumi-up", stsEndpoint: emu.stsEndpoint } as any);
    const before = emu.calls().AssumeRole ?? 0;
    const latest = expiresBy();
    const c = await cred.getCredential();
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect(c.providerName).toBe("ram_role_arn/static_ak");
    expect(emu.calls().AssumeRole).toBe(before + 1);
    const session = { accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! };
    const seen = await polardb(session).request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
    expect(seen.Items.DBCluster.map((x: any) => x.DBClusterId)).toContain(created.DBClusterId);
    await worksThenExpires(session, latest);

    // Asked again after the expiry, the library fetched a new session by itself: it works.
    const fresh = await cred.getCredential();
    expect(fresh.accessKeyId).not.toBe(c.accessKeyId);
    expect((await polardb({ accessKeyId: fresh.accessKeyId!, accessKeySecret: fresh.accessKeySecret!, securityToken: fresh.securityToken! }).request("DescribeRegions", {})).Regions).toBeDefined();
  });

  test("oidc_role_arn: a CI token file, read on every refresh", async () => {
    const tokenFile = path.join(tmp, "oidc-token");
    fs.writeFileSync(tokenFile, makeJwt({}, oidcKey.privateKey));
    const cred = new Credential({ type: "oidc_role_arn", roleArn: ROLE, oidcProviderArn: PROVIDER_ARN, oidcTokenFilePath: tokenFile, roleSessionName: "gha-run-42", stsEndpoint: emu.stsEndpoint } as any);
    const latest = expiresBy();
    const c = await cred.getCredential();
    expect(c.providerName).toBe("oidc_role_arn");
    const k = { accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! };
    await worksThenExpires(k, latest);
    // a token of another audience in the file: the next refresh is refused with the STS code
    fs.writeFileSync(tokenFile, makeJwt({ aud: "elsewhere" }, oidcKey.privateKey));
    const again = new Credential({ type: "oidc_role_arn", roleArn: ROLE, oidcProviderArn: PROVIDER_ARN, oidcTokenFilePath: tokenFile, stsEndpoint: emu.stsEndpoint } as any);
    await expect(again.getCredential()).rejects.toThrow(/AuthenticationFail\.OIDCToken\.AudienceNotMatch/);
  });

  test("credentials_uri", async () => {
    const cred = new Credential({ type: "credentials_uri", credentialsURI: `${emu.url}/credentials-uri` } as any);
    const c = await cred.getCredential();
    expect(c.accessKeyId).toMatch(/^STS\./);
    const doc = await (await fetch(`${emu.url}/credentials-uri`)).json();
    expect(doc.AccessKeyId).toBe(c.accessKeyId); // the same current credentials, as a metadata service keeps them
    await worksThenExpires({ accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! }, doc.Expiration);
  });

  test("ecs_ram_role with IMDSv1 disabled, its requests for 100.100.100.200 sent to the emulator instead", async () => {
    const provider = ECSRAMRoleCredentialsProvider.builder().withDisableIMDSv1(true).build() as any;
    const original = provider.doRequest;
    const asked: string[] = [];
    // The library's own test seam ("for mock"): the same request object, another host. Nothing
    // leaves for the metadata address; an unexpected host fails instead of being sent.
    provider.doRequest = (req: any) => {
      if (req.host !== "100.100.100.200" || req.url) throw new Error(`unexpected metadata request to ${req.url ?? req.host}`);
      asked.push(`${req.method} ${req.path} ${req.headers["x-aliyun-ecs-metadata-token"] ? "with-token" : "no-token"}`);
      req.host = `127.0.0.1:${emu.port}`;
      return original(req);
    };
    const cred = new Credential(null as any, provider);
    const latest = expiresBy();
    const c = await cred.getCredential();
    expect(c.providerName).toBe("ecs_ram_role");
    expect(asked).toEqual([
      "PUT /latest/api/token no-token",
      "GET /latest/meta-data/ram/security-credentials/ with-token",
      "PUT /latest/api/token no-token",
      "GET /latest/meta-data/ram/security-credentials/ci-deployer with-token",
    ]);
    await worksThenExpires({ accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! }, latest);
    // hardened mode: without a token the metadata service refuses
    expect((await fetch(`${emu.url}/latest/meta-data/ram/security-credentials/`)).status).toBe(401);
  });

  test("an SDK given the Credential object renews by itself across an expiry (TTL under 15 min: every call refreshes)", async () => {
    const cred = new Credential({ type: "ram_role_arn", accessKeyId: KEY.id, accessKeySecret: KEY.secret, roleArn: ROLE, stsEndpoint: emu.stsEndpoint } as any);
    const client = new OpenApi(new $OpenApiUtil.Config({ credential: cred, endpoint: `127.0.0.1:${emu.port}`, protocol: "http", regionId: "cn-hangzhou" }));
    const call = async () => {
      const params = new $OpenApiUtil.Params({ action: "DescribeRegions", version: "2017-08-01", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
      return (await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: {} }), new $dara.RuntimeOptions({}))).body;
    };
    const before = emu.calls().AssumeRole ?? 0;
    expect((await call()).Regions).toBeDefined();
    await sleep(TTL * 1000 + 100);
    expect((await call()).Regions).toBeDefined();
    expect((emu.calls().AssumeRole ?? 0) - before).toBe(2);
  });

  test("with a lifetime over 15 minutes the library keeps its session (no renewal per call)", async () => {
    const long = await startEmulator({ port: 0, accessKeys: [KEY], roles: [ROLE] });
    tls.setDefaultCACertificates([...defaultCAs, emu.tlsCertificate, long.tlsCertificate]);
    try {
      const cred = new Credential({ type: "ram_role_arn", accessKeyId: KEY.id, accessKeySecret: KEY.secret, roleArn: ROLE, stsEndpoint: long.stsEndpoint } as any);
      const a = await cred.getCredential(), b = await cred.getCredential();
      expect(b.accessKeyId).toBe(a.accessKeyId);
      expect(long.calls().AssumeRole).toBe(1);
    } finally {
      tls.setDefaultCACertificates([...defaultCAs, emu.tlsCertificate]);
      await long.close();
    }
  });
});

describe("the port speaks HTTP and TLS", () => {
  test("the same RPC answer over both, and TLS only with the emulator's certificate trusted", async () => {
    const https = await import("node:https");
    const get = (ca?: string) => new Promise<number>((resolve, reject) => {
      https.get({ host: "127.0.0.1", port: emu.port, path: "/?Action=GetCallerIdentity&Version=2015-04-01", ca }, (res) => { res.resume(); resolve(res.statusCode!); }).on("error", reject);
    });
    expect(await get(emu.tlsCertificate)).toBe(400); // unsigned: MissingParameter, answered over TLS
    tls.setDefaultCACertificates(defaultCAs);
    try {
      await expect(get()).rejects.toThrow(/self-signed|self signed/);
    } finally {
      tls.setDefaultCACertificates([...defaultCAs, emu.tlsCertificate]);
    }
    expect((await fetch(`${emu.url}/?Action=GetCallerIdentity&Version=2015-04-01`)).status).toBe(400);
  });
});

test("the command line: --role, --oidc-provider with a key file, --sts-ttl, --instance-role, --tls-cert-out; another process trusts it by NODE_EXTRA_CA_CERTS", async () => {
  const keyFile = path.join(tmp, "oidc.pem");
  const caFile = path.join(tmp, "emulator-ca.pem");
  fs.writeFileSync(keyFile, oidcKey.publicPem);
  const cli = path.resolve(__dirname, "../../dist/emulator/cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", "--access-key", `${KEY.id}:${KEY.secret}`, "--sts-ttl", "60", "--tls-cert-out", caFile,
    "--role", `${ROLE},max-session=7200`, "--oidc-provider", `${PROVIDER_ARN},issuer=${ISSUER},audience=${AUDIENCE},key=${keyFile}`, "--instance-role", "ci-deployer"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    const endpoint = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no STS endpoint line: ${out}`)), 15_000);
      child.stdout.on("data", () => { const m = /STS endpoint for @alicloud\/credentials: (\S+) \(https; NODE_EXTRA_CA_CERTS=/.exec(out); if (m) { clearTimeout(t); resolve(m[1]); } });
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
    });
    expect(fs.readFileSync(caFile, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // A separate process, as the Pulumi provider is: the certificate is trusted through the environment only.
    const script = `const C = require("@alicloud/credentials").default;
      new C({ type: "ram_role_arn", accessKeyId: ${JSON.stringify(KEY.id)}, accessKeySecret: ${JSON.stringify(KEY.secret)}, roleArn: ${JSON.stringify(ROLE)}, roleSessionName: "cli", stsEndpoint: ${JSON.stringify(endpoint)} })
        .getCredential().then((c) => console.log(c.accessKeyId), (e) => { console.error(e.message); process.exit(1); });`;
    const printed = await new Promise<string>((resolve, reject) => execFile(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, timeout: 20_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim()))));
    expect(printed).toMatch(/^STS\./);
    const anonymous = new Sts(new $OpenApiUtil.Config({ endpoint, protocol: "http", regionId: "cn-hangzhou" }));
    const oidc = await anonymous.assumeRoleWithOIDC(new AssumeRoleWithOIDCRequest({ OIDCProviderArn: PROVIDER_ARN, OIDCToken: makeJwt({}, oidcKey.privateKey), roleArn: ROLE, roleSessionName: "cli", durationSeconds: 7200 }));
    expect(Date.parse(oidc.body!.credentials!.expiration!) - Date.now()).toBeLessThanOrEqual(60_000);
    await expect(anonymous.assumeRoleWithOIDC(new AssumeRoleWithOIDCRequest({ OIDCProviderArn: PROVIDER_ARN, OIDCToken: makeJwt({}, rsaKeyPair().privateKey), roleArn: ROLE })))
      .rejects.toMatchObject({ code: "AuthenticationFail.OIDCToken.InvalidSignature" });
    expect((await (await fetch(`http://${endpoint}/latest/meta-data/ram/security-credentials/`)).text())).toBe("ci-deployer");
  } finally {
    child.kill("SIGTERM");
  }
});
