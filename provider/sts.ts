/**
 * The calls that obtain temporary credentials: STS AssumeRole (signed by a base identity) and
 * AssumeRoleWithOIDC (unsigned: the OIDC token is the proof) through our own RPC client, the ECS
 * instance's RAM role from the metadata service (IMDSv2 token first), and a credentials URI.
 * Each answers the credentials and when they expire; renewal is credential-provider.ts's job.
 */
import * as fs from "node:fs";
import type { CredentialProvider } from "./credential-provider";
import type { AssumeRoleSettings, CredentialPlan, Credentials } from "./credentials";
import { RpcClient, STS } from "./client";
import { resolveEndpoint } from "./endpoints";
import { ApiError, CLIENT_CODES } from "./errors";

export interface Obtained { credentials: Credentials; expiresAt: number }

/** The metadata service (ALIBABA_CLOUD_ECS_METADATA_ENDPOINT points it elsewhere, e.g. a test service). */
export const METADATA_ENDPOINT = "http://100.100.100.200";
const DEFAULT_DURATION = 3600;

const sessionName = (s?: string) => s || `pulumi-polardb-${Date.now()}`;

interface StsAnswer { Credentials?: { AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string; Expiration?: string } }

function stsClient(endpoint: string | undefined, env: NodeJS.ProcessEnv, credentials?: CredentialProvider): RpcClient {
  return new RpcClient(STS, { endpoint: resolveEndpoint("sts", "", endpoint, env), credentials, anonymous: !credentials, regionId: env.ALIBABA_CLOUD_STS_REGION || "cn-hangzhou" });
}

function fromAnswer(action: string, r: StsAnswer & { RequestId?: string }): Obtained {
  const c = r.Credentials;
  const expiresAt = Date.parse(c?.Expiration ?? "");
  if (!c?.AccessKeyId || !c.AccessKeySecret || !c.SecurityToken || Number.isNaN(expiresAt)) {
    throw new ApiError({ action, code: CLIENT_CODES.unexpectedResponse, requestId: r.RequestId, message: "the answer has no complete Credentials (AccessKeyId, AccessKeySecret, SecurityToken, Expiration)", hint: "Check that the STS endpoint is Alibaba Cloud STS." });
  }
  return { credentials: { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken }, expiresAt };
}

export async function assumeRole(base: CredentialProvider, role: AssumeRoleSettings, endpoint: string | undefined, env: NodeJS.ProcessEnv): Promise<Obtained> {
  const r = await stsClient(endpoint ?? env.ALIBABA_CLOUD_STS_ENDPOINT, env, base).request<StsAnswer>("AssumeRole", {
    RoleArn: role.roleArn, RoleSessionName: sessionName(role.sessionName), DurationSeconds: role.sessionExpiration ?? DEFAULT_DURATION,
    ExternalId: role.externalId, Policy: role.policy,
  }, { idempotent: true });
  return fromAnswer("AssumeRole", r);
}

export async function assumeRoleWithOidc(plan: Extract<CredentialPlan, { kind: "oidc" }>, endpoint: string | undefined, env: NodeJS.ProcessEnv): Promise<Obtained> {
  // Read each time: CI systems and Kubernetes rotate the token file.
  let token: string;
  try {
    token = fs.readFileSync(plan.tokenFile, "utf8").trim();
  } catch (e) {
    throw new ApiError({ action: "AssumeRoleWithOIDC", code: CLIENT_CODES.missingCredentials, message: `the OIDC token file ${plan.tokenFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, hint: "Check ALIBABA_CLOUD_OIDC_TOKEN_FILE (or the profile's oidc_token_file) and that the CI job requests an identity token." });
  }
  const r = await stsClient(endpoint ?? env.ALIBABA_CLOUD_STS_ENDPOINT, env).request<StsAnswer>("AssumeRoleWithOIDC", {
    RoleArn: plan.role.roleArn, OIDCProviderArn: plan.oidcProviderArn, OIDCToken: token, RoleSessionName: sessionName(plan.role.sessionName),
    DurationSeconds: plan.role.sessionExpiration ?? DEFAULT_DURATION, Policy: plan.role.policy,
  }, { idempotent: true });
  return fromAnswer("AssumeRoleWithOIDC", r);
}

async function httpText(what: string, url: string, init: RequestInit = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  } catch (e) {
    throw new ApiError({ action: what, code: CLIENT_CODES.network, message: `${url} did not answer (${(e as Error).message})`, hint: "Check the address, and that this machine can reach it." });
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError({ action: what, code: `HTTP${res.status}`, httpStatus: res.status, message: `${url} answered HTTP ${res.status}`, hint: "Check the role name and the address." });
  return text;
}

/** Fields a metadata or URI answer carries (Code "Success" plus the keys and Expiration). */
function fromJson(what: string, url: string, text: string): Obtained {
  let body: Record<string, string>;
  try { body = JSON.parse(text); } catch { body = {}; }
  if (body.Code !== undefined && body.Code !== "Success") {
    throw new ApiError({ action: what, code: String(body.Code), message: `${url} answered Code ${body.Code}${body.Message ? `: ${body.Message}` : ""}`, hint: "Check the role attached to the instance, or the credentials service." });
  }
  return fromAnswer(what, { Credentials: body });
}

/** IMDSv2 first (a session token), then IMDSv1 unless ALIBABA_CLOUD_IMDSV1_DISABLED=true. */
export async function instanceRoleCredentials(roleName: string | undefined, env: NodeJS.ProcessEnv): Promise<Obtained> {
  const base = (env.ALIBABA_CLOUD_ECS_METADATA_ENDPOINT || METADATA_ENDPOINT).replace(/\/+$/, "");
  const what = "ECS metadata";
  let headers: Record<string, string> = {};
  try {
    const token = await httpText(what, `${base}/latest/api/token`, { method: "PUT", headers: { "x-aliyun-ecs-metadata-token-ttl-seconds": "21600" } });
    headers = { "x-aliyun-ecs-metadata-token": token.trim() };
  } catch (e) {
    if ((env.ALIBABA_CLOUD_IMDSV1_DISABLED ?? "").toLowerCase() === "true") throw e;
  }
  const role = roleName || (await httpText(what, `${base}/latest/meta-data/ram/security-credentials/`, { headers })).trim().split("\n")[0];
  const url = `${base}/latest/meta-data/ram/security-credentials/${encodeURIComponent(role)}`;
  return fromJson(what, url, await httpText(what, url, { headers }));
}

export async function credentialsFromUri(uri: string): Promise<Obtained> {
  return fromJson("credentials URI", uri, await httpText("credentials URI", uri));
}
