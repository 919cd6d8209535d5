/**
 * The emulator's STS state: sessions issued, judged and expired on the emulator's clock, the STS
 * error codes, OIDC token checks, the ECS instance credentials, the --role / --oidc-provider
 * syntax, and the TLS certificate the port presents.
 */
import * as tls from "node:tls";
import { createPublicKey, X509Certificate } from "node:crypto";
import { manualClock } from "../../emulator/clock";
import { createMetadataService } from "../../emulator/metadata";
import type { ParsedRequest } from "../../emulator/rpc";
import { parseOidcProviderSpec, parseRoleSpec, RoleSpec, StsService } from "../../emulator/sts";
import { selfSignedIdentity } from "../../emulator/tls";
import { AUDIENCE, ISSUER, makeJwt, PROVIDER_ARN, rsaKeyPair } from "../helpers/oidc-jwt";

const ROLE = "acs:ram::123456789012:role/ci-deployer";
const keys = rsaKeyPair();

function sts(o: { ttl?: number; roles?: RoleSpec[]; publicKeys?: string[] } = {}) {
  const clock = manualClock(Date.now());
  const service = new StsService({
    clock, ttlSeconds: o.ttl, ownerKeyId: () => "emulator-ak",
    roles: o.roles ?? [{ arn: ROLE }],
    oidcProviders: [{ arn: PROVIDER_ARN, issuer: ISSUER, audiences: [AUDIENCE], publicKeys: o.publicKeys }],
  });
  return { clock, service };
}

const caller = { accessKeyId: "emulator-ak" };
const codeOf = (f: () => unknown) => { try { f(); } catch (e) { return (e as { code: string }).code; } return "none"; };
const assume = (s: StsService, p: Record<string, string> = {}) => s.dispatch("AssumeRole", { RoleArn: ROLE, RoleSessionName: "deploy-1", ...p }, caller) as any;

describe("sessions", () => {
  test("AssumeRole answers the documented shape, and the key is accepted with its token until it expires", () => {
    const { clock, service } = sts({ ttl: 5 });
    const r = assume(service);
    expect(Object.keys(r).sort()).toEqual(["AssumedRoleUser", "Credentials"]);
    expect(r.Credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]+$/);
    expect(r.Credentials.SecurityToken).toMatch(/^CAIS/);
    expect(r.Credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // the lifetime asked (3600 by default) is capped by stsTtlSeconds, in whole seconds
    const left = Date.parse(r.Credentials.Expiration) - clock.now();
    expect(left).toBeGreaterThan(4000);
    expect(left).toBeLessThanOrEqual(5000);
    // role names are lower-cased in ARNs, the session name is kept
    expect(r.AssumedRoleUser.Arn).toBe("acs:ram::123456789012:role/ci-deployer/deploy-1");
    expect(r.AssumedRoleUser.AssumedRoleId).toMatch(/^\d{17}:deploy-1$/);

    const s = service.session(r.Credentials.AccessKeyId)!;
    expect(s.ownerKeyId).toBe("emulator-ak");
    expect(codeOf(() => service.checkToken(s, r.Credentials.SecurityToken))).toBe("none");
    clock.advance(left - 1);
    expect(codeOf(() => service.checkToken(s, r.Credentials.SecurityToken))).toBe("none");
    clock.advance(1);
    expect(codeOf(() => service.checkToken(s, r.Credentials.SecurityToken))).toBe("InvalidSecurityToken.Expired");
  });

  test("a missing, made-up or another key's token is refused as the gateway does", () => {
    const { service } = sts();
    const a = assume(service).Credentials, b = assume(service).Credentials;
    const s = service.session(a.AccessKeyId)!;
    expect(codeOf(() => service.checkToken(s, undefined))).toBe("InvalidSecurityToken.Malformed");
    expect(codeOf(() => service.checkToken(s, "CAISnot-one-of-ours"))).toBe("InvalidSecurityToken.Malformed");
    expect(codeOf(() => service.checkToken(s, b.SecurityToken))).toBe("InvalidSecurityToken.MismatchWithAccessKey");
  });

  test("without a TTL cap the lifetime is DurationSeconds; a role's max session widens the range", () => {
    const { clock, service } = sts({ roles: [{ arn: ROLE, maxSessionDuration: 7200 }] });
    const r = assume(service, { DurationSeconds: "7200" });
    expect(Date.parse(r.Credentials.Expiration) - clock.now()).toBeGreaterThan(7199_000);
    expect(codeOf(() => assume(service, { DurationSeconds: "7201" }))).toBe("InvalidParameter.DurationSeconds");
  });

  test("AssumeRole's refusals carry the STS codes", () => {
    const { service } = sts({ roles: [{ arn: ROLE }, { arn: "acs:ram::123456789012:role/locked", trust: ["someone-else"] }, { arn: "acs:ram::123456789012:role/partner", externalId: "abcd1234" }] });
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/nope" }))).toBe("EntityNotExist.Role");
    expect(codeOf(() => assume(service, { RoleArn: "arn:aws:iam::1:role/x" }))).toBe("InvalidParameter.RoleArn");
    expect(codeOf(() => assume(service, { RoleSessionName: "a" }))).toBe("InvalidParameter.RoleSessionName");
    expect(codeOf(() => assume(service, { RoleSessionName: "abc*abc" }))).toBe("InvalidParameter.RoleSessionName");
    expect(codeOf(() => assume(service, { RoleSessionName: "" }))).toBe("MissingParameter");
    expect(codeOf(() => assume(service, { DurationSeconds: "899" }))).toBe("InvalidParameter.DurationSeconds");
    expect(codeOf(() => assume(service, { DurationSeconds: "3601" }))).toBe("InvalidParameter.DurationSeconds");
    expect(codeOf(() => assume(service, { Policy: "{not json" }))).toBe("InvalidParameter.PolicyGrammar");
    expect(codeOf(() => assume(service, { Policy: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["polardb:*"], Resource: ["*"] }] }) }))).toBe("none");
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/locked" }))).toBe("NoPermission");
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/partner" }))).toBe("NoPermission");
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/partner", ExternalId: "wrong-id" }))).toBe("NoPermission");
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/partner", ExternalId: "abcd1234" }))).toBe("none");
    expect(codeOf(() => assume(service, { ExternalId: "x" }))).toBe("InvalidParameter.ExternalId");
  });

  test("a session may assume another role (chained) and keeps acting in its first caller's account", () => {
    const { service } = sts({ roles: [{ arn: ROLE }, { arn: "acs:ram::123456789012:role/second", trust: [ROLE] }] });
    const first = service.session(assume(service).Credentials.AccessKeyId)!;
    const r = service.dispatch("AssumeRole", { RoleArn: "acs:ram::123456789012:role/second", RoleSessionName: "chained" }, { accessKeyId: first.accessKeyId, session: first }) as any;
    expect(service.session(r.Credentials.AccessKeyId)!.ownerKeyId).toBe("emulator-ak");
    // the trust list names the first role, not the emulator's key itself
    expect(codeOf(() => assume(service, { RoleArn: "acs:ram::123456789012:role/second" }))).toBe("NoPermission");
  });

  test("GetCallerIdentity: a RAM user for an access key, the assumed role for a session", () => {
    const { service } = sts();
    expect(service.dispatch("GetCallerIdentity", {}, caller)).toMatchObject({ IdentityType: "RAMUser", AccountId: "123456789012", Arn: "acs:ram::123456789012:user/emulator-ak" });
    const s = service.session(assume(service).Credentials.AccessKeyId)!;
    expect(service.dispatch("GetCallerIdentity", {}, { accessKeyId: s.accessKeyId, session: s })).toEqual({
      IdentityType: "AssumedRoleUser", AccountId: "123456789012", Arn: "acs:ram::123456789012:role/ci-deployer/deploy-1", RoleId: s.roleId, PrincipalId: `${s.roleId}:deploy-1`,
    });
  });
});

describe("AssumeRoleWithOIDC", () => {
  const oidc = (s: StsService, token: string, p: Record<string, string> = {}) =>
    s.dispatch("AssumeRoleWithOIDC", { OIDCProviderArn: PROVIDER_ARN, OIDCToken: token, RoleArn: ROLE, RoleSessionName: "gha-run", ...p }) as any;

  test("a token of the registered issuer and audience gets a session and the token's info", () => {
    const { service } = sts({ publicKeys: [keys.publicPem] });
    const r = oidc(service, makeJwt({ aud: ["other", AUDIENCE] }, keys.privateKey));
    expect(r.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(r.AssumedRoleUser.Arn).toBe("acs:ram::123456789012:role/ci-deployer/gha-run");
    expect(r.OIDCTokenInfo).toMatchObject({ Issuer: ISSUER, Subject: "repo:acme/infra:ref:refs/heads/main", ClientIds: `other,${AUDIENCE}`, VerificationInfo: "Success" });
    expect(r.OIDCTokenInfo.ExpirationTime).toMatch(/Z$/);
  });

  test("every other token is refused with the documented AuthenticationFail codes", () => {
    const { service } = sts({ publicKeys: [keys.publicPem] });
    const other = rsaKeyPair();
    const good = makeJwt({}, keys.privateKey);
    expect(codeOf(() => oidc(service, good, { OIDCProviderArn: "acs:ram::123456789012:oidc-provider/gitlab" }))).toBe("AuthenticationFail.NoPermission");
    expect(codeOf(() => oidc(service, ""))).toBe("AuthenticationFail.OIDCToken.Invalid");
    expect(codeOf(() => oidc(service, "a.b"))).toBe("AuthenticationFail.OIDCToken.Invalid");
    expect(codeOf(() => oidc(service, "%%%.e30.x"))).toBe("AuthenticationFail.OIDCToken.Invalid");
    expect(codeOf(() => oidc(service, makeJwt({}, keys.privateKey, { alg: "HS256" })))).toBe("AuthenticationFail.OIDCToken.Invalid");
    expect(codeOf(() => oidc(service, makeJwt({}, other.privateKey)))).toBe("AuthenticationFail.OIDCToken.InvalidSignature");
    expect(codeOf(() => oidc(service, makeJwt({ iss: "https://gitlab.example.com" }, keys.privateKey)))).toBe("AuthenticationFail.OIDCToken.IssuerNotMatch");
    expect(codeOf(() => oidc(service, makeJwt({ aud: "someone-else" }, keys.privateKey)))).toBe("AuthenticationFail.OIDCToken.AudienceNotMatch");
    expect(codeOf(() => oidc(service, makeJwt({ exp: Math.floor(Date.now() / 1000) - 1 }, keys.privateKey)))).toBe("AuthenticationFail.OIDCToken.Expired");
    expect(codeOf(() => oidc(service, good, { RoleArn: "acs:ram::123456789012:role/nope" }))).toBe("EntityNotExist.Role");
    expect(codeOf(() => oidc(service, good, { DurationSeconds: "600" }))).toBe("InvalidParameter.DurationSeconds");
  });

  test("without registered keys the signature is not checked (no JWKS is fetched), the claims are", () => {
    const { service } = sts();
    expect(oidc(service, makeJwt({}, rsaKeyPair().privateKey)).Credentials.SecurityToken).toMatch(/^CAIS/);
    expect(codeOf(() => oidc(service, makeJwt({ aud: "x" }, keys.privateKey)))).toBe("AuthenticationFail.OIDCToken.AudienceNotMatch");
  });

  test("a role that trusts other principals refuses the provider", () => {
    const { service } = sts({ roles: [{ arn: ROLE, trust: ["acs:ram::123456789012:oidc-provider/gitlab"] }] });
    expect(codeOf(() => oidc(service, makeJwt({}, keys.privateKey)))).toBe("AuthenticationFail.NoPermission");
  });
});

describe("ECS instance metadata", () => {
  const req = (method: string, path: string, headers: Record<string, string> = {}): ParsedRequest => {
    const [p, q] = path.split("?");
    return { method, path: p, query: Object.fromEntries(new URLSearchParams(q ?? "")), form: {}, rawQuery: q ?? "", rawBody: Buffer.alloc(0), headers };
  };

  test("IMDSv2: a token, the role name, then its credentials; renewed once half their life is gone", () => {
    const { clock, service } = sts({ ttl: 10 });
    const md = createMetadataService({ sts: service, clock, instanceRole: "ci-deployer", tokenRequired: true });
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/")).status).toBe(401);
    expect(md(req("PUT", "/latest/api/token")).status).toBe(400);
    const token = md(req("PUT", "/latest/api/token", { "x-aliyun-ecs-metadata-token-ttl-seconds": "60" })).body;
    const h = { "x-aliyun-ecs-metadata-token": token };
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/", h))).toMatchObject({ status: 200, body: "ci-deployer" });
    const doc = JSON.parse(md(req("GET", "/latest/meta-data/ram/security-credentials/ci-deployer", h)).body);
    expect(Object.keys(doc).sort()).toEqual(["AccessKeyId", "AccessKeySecret", "Code", "Expiration", "LastUpdated", "SecurityToken"]);
    expect(doc.Code).toBe("Success");
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/other-role", h)).status).toBe(404);
    clock.advance(4000);
    expect(JSON.parse(md(req("GET", "/latest/meta-data/ram/security-credentials/ci-deployer", h)).body).AccessKeyId).toBe(doc.AccessKeyId);
    clock.advance(2000);
    expect(JSON.parse(md(req("GET", "/latest/meta-data/ram/security-credentials/ci-deployer", h)).body).AccessKeyId).not.toBe(doc.AccessKeyId);
    clock.advance(60_000);
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/", h)).status).toBe(401); // the metadata token expired
  });

  test("IMDSv1 (no token) works unless hardened; the credentials URI serves the same document", () => {
    const { clock, service } = sts();
    const md = createMetadataService({ sts: service, clock, instanceRole: "ci-deployer" });
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/")).body).toBe("ci-deployer");
    expect(md(req("GET", "/latest/meta-data/ram/security-credentials/", { "x-aliyun-ecs-metadata-token": "forged" })).status).toBe(401);
    expect(JSON.parse(md(req("GET", "/credentials-uri")).body).Code).toBe("Success");
    expect(JSON.parse(md(req("GET", "/credentials-uri?role=CI-Deployer")).body).AccessKeyId).toMatch(/^STS\./);
    expect(md(req("GET", "/credentials-uri?role=nope")).status).toBe(404);
    const bare = createMetadataService({ sts: service, clock });
    expect(bare(req("GET", "/latest/meta-data/ram/security-credentials/")).status).toBe(404);
  });
});

describe("configuration", () => {
  test("--role and --oidc-provider specs", () => {
    expect(parseRoleSpec("acs:ram::123456789012:role/ci-deployer,max-session=7200,external-id=abc,trust=ak1,trust=acs:ram::123456789012:oidc-provider/github")).toEqual({
      arn: "acs:ram::123456789012:role/ci-deployer", maxSessionDuration: 7200, externalId: "abc", trust: ["ak1", "acs:ram::123456789012:oidc-provider/github"],
    });
    expect(() => parseRoleSpec("acs:ram::1:role/x,colour=blue")).toThrow(/unknown option colour/);
    expect(parseOidcProviderSpec(`${PROVIDER_ARN},issuer=${ISSUER},audience=${AUDIENCE},audience=other,key=k.pem`, (f) => `PEM of ${f}`)).toEqual({
      arn: PROVIDER_ARN, issuer: ISSUER, audiences: [AUDIENCE, "other"], publicKeys: ["PEM of k.pem"],
    });
    expect(() => new StsService({ clock: manualClock(), ownerKeyId: () => "k", roles: [{ arn: "acs:ram::1:user/x" }] })).toThrow(/not a role ARN/);
    expect(() => new StsService({ clock: manualClock(), ownerKeyId: () => "k", oidcProviders: [{ arn: PROVIDER_ARN, issuer: ISSUER, audiences: [] }] })).toThrow(/audience/);
    expect(() => new StsService({ clock: manualClock(), ownerKeyId: () => "k", ttlSeconds: 0 })).toThrow(/stsTtlSeconds/);
  });

  test("the port's certificate: self-signed CA for 127.0.0.1, ::1 and localhost", () => {
    const id = selfSignedIdentity();
    const x = new X509Certificate(id.cert);
    expect(x.ca).toBe(true);
    expect(x.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x.checkHost("localhost")).toBe("localhost");
    expect(x.verify(createPublicKey(id.key))).toBe(true);
    expect(Date.parse(x.validTo)).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    // each its own subject: two emulators' certificates trusted together must not be confused
    expect(new X509Certificate(selfSignedIdentity().cert).subject).not.toBe(x.subject);
  });

  test("every certificate is valid DER that TLS accepts (the serial number once broke 1 in 256)", () => {
    for (let i = 0; i < 600; i++) {
      const id = selfSignedIdentity();
      expect(() => tls.createSecureContext({ key: id.key, cert: id.cert })).not.toThrow();
    }
  });
});
