/**
 * PolarDBClient against a loopback server that checks every signature on its own with the
 * official @alicloud/openapi-util functions (not our signer), and answers as scripted: throttling,
 * 5xx, resets, hangs, HTML and empty bodies, cloud errors.
 */
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { PolarDBClient } from "../../provider/client";
import { ApiError, isApiError } from "../../provider/errors";

const KEY = { accessKeyId: "client-test-ak", accessKeySecret: "client-SECRET-9d2f", securityToken: "STS-TOKEN-77" };

type Script = (n: number, req: http.IncomingMessage, res: http.ServerResponse, params: Record<string, string>) => void;
let script: Script;
let hits = 0;
let seen: Array<{ method: string; params: Record<string, string>; verified: boolean }> = [];
let server: http.Server;
let url: string;

function verify(req: http.IncomingMessage, body: string): { verified: boolean; params: Record<string, string> } {
  const u = new URL(req.url ?? "/", "http://x");
  const query = Object.fromEntries(u.searchParams);
  const form = Object.fromEntries(new URLSearchParams(body));
  const auth = req.headers.authorization;
  if (auth) {
    const r = new $tea.Request();
    r.method = req.method!;
    r.pathname = "/";
    r.query = query;
    r.headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    delete r.headers.authorization;
    const hash = createHash("sha256").update(body).digest("hex");
    const expected = OpenApiUtil.getAuthorization(r, "ACS3-HMAC-SHA256", hash, KEY.accessKeyId, KEY.accessKeySecret);
    return { verified: expected === auth && req.headers["x-acs-content-sha256"] === hash, params: { ...query, Action: String(req.headers["x-acs-action"]) } };
  }
  const all: Record<string, string> = { ...query, ...form };
  const { Signature, ...signed } = all;
  return { verified: OpenApiUtil.getRPCSignature(signed, req.method!, KEY.accessKeySecret) === Signature, params: all };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => { body += d; });
    req.on("end", () => {
      hits++;
      const v = verify(req, body);
      seen.push({ method: req.method!, ...v });
      if (!v.verified) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ RequestId: "RID-SIG", Code: "SignatureDoesNotMatch", Message: "Specified signature is not matched with our calculation." }));
        return;
      }
      script(hits, req, res, v.params);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => { await new Promise((r) => server.close(r)); });

beforeEach(() => { hits = 0; seen = []; });

const json = (res: http.ServerResponse, status: number, body: object) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
const ok: Script = (_n, _q, res, p) => json(res, 200, { RequestId: `RID-${p.Action}`, Echo: p });
const fast = { minDelayMs: 1, maxDelayMs: 5, maxAttempts: 4, maxElapsedMs: 5000 };

function client(extra: Partial<ConstructorParameters<typeof PolarDBClient>[0]> = {}) {
  return new PolarDBClient({ regionId: "cn-hangzhou", endpoint: url, credentials: KEY, retry: fast, ...extra });
}

describe("signing on the wire", () => {
  for (const signatureVersion of ["v1", "acs3"] as const) {
    test(`${signatureVersion}: the server's independent check accepts Chinese, reserved characters and lists`, async () => {
      script = ok;
      const c = client({ signatureVersion });
      const body: any = await c.request("ModifyDBClusterDescription", { DBClusterId: "pc-1", DBClusterDescription: "订单 *~+/=& test", DBNode: [{ TargetClass: "a" }] });
      expect(seen[0].verified).toBe(true);
      expect(body.Echo.DBClusterDescription).toBe("订单 *~+/=& test");
      expect(body.Echo["DBNode.1.TargetClass"]).toBe("a");
      if (signatureVersion === "v1") {
        expect(body.Echo.SecurityToken).toBe(KEY.securityToken);
        expect(body.Echo.Version).toBe("2017-08-01");
        expect(body.Echo.RegionId).toBe("cn-hangzhou");
      }
    });
  }

  test("v1 GET puts everything in the query and still verifies", async () => {
    script = ok;
    await client({ method: "GET" }).request("DescribeRegions", {});
    expect(seen[0]).toMatchObject({ method: "GET", verified: true });
  });

  test("a wrong secret is rejected by the server and surfaces as SignatureDoesNotMatch, 400", async () => {
    script = ok;
    const err = await client({ credentials: { accessKeyId: KEY.accessKeyId, accessKeySecret: "wrong", securityToken: KEY.securityToken } })
      .request("DescribeRegions", {}).catch((e) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ code: "SignatureDoesNotMatch", httpStatus: 400, requestId: "RID-SIG", action: "DescribeRegions" });
    expect(err.message).toContain("DescribeRegions failed: SignatureDoesNotMatch (HTTP 400)");
    expect(err.message).toContain("RID-SIG");
  });
});

describe("the retry policy", () => {
  test("throttling is retried with back-off until it succeeds", async () => {
    script = (n, req, res, p) => (n <= 2 ? json(res, 400, { RequestId: `T${n}`, Code: "Throttling.User", Message: "Request was denied due to user flow control." }) : ok(n, req, res, p));
    const body: any = await client().request("DescribeDBClusters", {});
    expect(hits).toBe(3);
    expect(body.RequestId).toBe("RID-DescribeDBClusters");
    // every attempt was signed afresh: three different nonces
    expect(new Set(seen.map((s) => s.params.SignatureNonce)).size).toBe(3);
  });

  test("5xx is retried, bounded by maxAttempts, and the last error names the action and RequestId", async () => {
    script = (n, _q, res) => json(res, 503, { RequestId: `R${n}`, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server." });
    const err = await client().request("DescribeDBClusterAttribute", { DBClusterId: "pc-1" }).catch((e) => e);
    expect(hits).toBe(4);
    expect(err).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503, requestId: "R4", kind: "unavailable" });
  });

  test("connection resets are retried", async () => {
    script = (n, req, res, p) => (n === 1 ? req.socket.destroy() : ok(n, req, res, p));
    await client().request("DescribeRegions", {});
    expect(hits).toBe(2);
  });

  test("a 4xx is never retried", async () => {
    script = (_n, _q, res) => json(res, 400, { RequestId: "R", Code: "InvalidParameter", Message: "The specified parameter \"PageSize\" is not valid." });
    const err = await client().request("DescribeDBClusters", { PageSize: 7 }).catch((e) => e);
    expect(hits).toBe(1);
    expect(err).toMatchObject({ code: "InvalidParameter", kind: "invalidInput" });
  });

  test("a refusal the cloud documents as not applied (503) is retried for every action, even a create without ClientToken", async () => {
    script = (n, req, res, p) => (n === 1 ? json(res, 503, { RequestId: "R", Code: "ServiceUnavailable", Message: "x" }) : ok(n, req, res, p));
    await client().request("CreateDatabase", { DBClusterId: "pc-1", DBName: "a" });
    expect(hits).toBe(2);
  });

  test("a lost answer (reset) is retried only where repeating is safe: a ClientToken, a setter — not a bare create", async () => {
    script = (n, req, res, p) => (n === 1 ? req.socket.destroy() : ok(n, req, res, p));
    const err = await client().request("CreateDatabase", { DBClusterId: "pc-1", DBName: "a" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("Client.ConnectionReset");
    expect(hits).toBe(1);
    expect(err.message).toContain("It was sent once and not repeated: CreateDatabase may have been carried out");
    expect(err.message).not.toMatch(/retried with back-off/);
    hits = 0;
    await client().request("CreateAccount", { DBClusterId: "pc-1", AccountName: "a", ClientToken: "tok-1" });
    expect(hits).toBe(2);
    hits = 0;
    await client().request("ModifyDBClusterAccessWhitelist", { DBClusterId: "pc-1", SecurityIps: "10.0.0.1", ModifyMode: "Cover" });
    expect(hits).toBe(2);
  });

  test("a refusal of the repeat of a call whose answer was lost is marked (afterLostAnswer): the first attempt may have caused it", async () => {
    const zoneRefused: Script = (_n, _q, res) => json(res, 400, { RequestId: "RZ", Code: "InvalidParameter", Message: "The specified parameter \"ZoneId\" is not valid." });
    script = (n, req, res, p) => (n === 1 ? req.socket.destroy() : zoneRefused(n, req, res, p));
    const err = await client().request("ModifyDBClusterPrimaryZone", { DBClusterId: "pc-1", ZoneId: "cn-hangzhou-i" }).catch((e) => e);
    expect(hits).toBe(2);
    expect(err).toMatchObject({ code: "InvalidParameter", requestId: "RZ", afterLostAnswer: true });
    expect(err.message).toMatch(/It was sent 2 times over \d+\.\d s with back-off; an earlier attempt got no answer and may have been carried out/);
    expect(err.message).not.toMatch(/failing each time/);
    // The same refusal at the first attempt, or after a throttled one, is just a refusal.
    for (const first of [zoneRefused, ((_n, _q, res) => json(res, 400, { RequestId: "T", Code: "Throttling.User", Message: "x" })) as Script]) {
      hits = 0;
      script = (n, req, res, p) => (n === 1 ? first(n, req, res, p) : zoneRefused(n, req, res, p));
      const plain = await client().request("ModifyDBClusterPrimaryZone", { DBClusterId: "pc-1", ZoneId: "cn-hangzhou-i" }).catch((e) => e);
      expect(plain).toMatchObject({ code: "InvalidParameter", afterLostAnswer: false });
    }
  });

  test("when retries run out, the error says how often and how long it was tried", async () => {
    script = (n, _q, res) => json(res, 400, { RequestId: `T${n}`, Code: "Throttling.User", Message: "Request was denied due to user flow control." });
    const err = await client().request("ModifyDBClusterDescription", { DBClusterId: "pc-1", DBClusterDescription: "x" }).catch((e) => e);
    expect(err.code).toBe("Throttling.User");
    expect(err.message).toMatch(new RegExp(`It was sent ${hits} times over \\d+\\.\\d s with back-off, failing each time`));
  });
});

describe("bad answers and bad input reject clearly, naming the action", () => {
  test("an HTML body (a proxy) is Client.InvalidResponse", async () => {
    script = (_n, _q, res) => { res.writeHead(502, { "content-type": "text/html" }); res.end("<html><body>Bad Gateway</body></html>"); };
    const err = await client({ retry: { maxAttempts: 1 } }).request("DescribeRegions", {}).catch((e) => e);
    expect(err).toMatchObject({ code: "Client.InvalidResponse", httpStatus: 502, action: "DescribeRegions" });
    expect(err.message).toContain("<html>");
  });

  test("an empty body is Client.InvalidResponse", async () => {
    script = (_n, _q, res) => { res.writeHead(200); res.end(); };
    const err = await client().request("DescribeRegions", {}).catch((e) => e);
    expect(err).toMatchObject({ code: "Client.InvalidResponse", httpStatus: 200 });
    expect(err.message).toContain("empty body");
  });

  test("a hang ends in Client.Timeout within the per-request timeout", async () => {
    script = () => { /* never answers */ };
    const err = await client({ timeoutMs: 200, retry: { maxAttempts: 1 } }).request("DescribeRegions", {}).catch((e) => e);
    expect(err).toMatchObject({ code: "Client.Timeout", action: "DescribeRegions", kind: "timeout" });
  });

  test("a refused connection is Client.ConnectionRefused", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await new PolarDBClient({ regionId: "cn-hangzhou", endpoint: `http://127.0.0.1:${port}`, credentials: KEY, retry: { ...fast, maxAttempts: 2 } })
      .request("DescribeRegions", {}).catch((e) => e);
    expect(err).toMatchObject({ code: "Client.ConnectionRefused", action: "DescribeRegions" });
  });

  test("a missing action, unserialisable parameters and an unknown region fail before any request", async () => {
    script = ok;
    await expect(client().request("", {})).rejects.toMatchObject({ code: "Client.MissingAction" });
    const circular: any = { a: 1 }; circular.self = circular;
    await expect(client().request("DescribeRegions", { X: circular })).rejects.toMatchObject({ code: "Client.InvalidParameter", action: "DescribeRegions" });
    await expect(client().request("DescribeRegions", { N: NaN })).rejects.toThrow(/parameter N cannot be sent/);
    await expect(client().request("DescribeRegions", { F: () => 1 })).rejects.toThrow(/F cannot be sent/);
    expect(hits).toBe(0);
    const saved = process.env.ALIBABA_CLOUD_POLARDB_ENDPOINT;
    delete process.env.ALIBABA_CLOUD_POLARDB_ENDPOINT;
    try {
      expect(() => new PolarDBClient({ regionId: "mars-north-1", credentials: KEY })).toThrow(/no polardb endpoint is known for region "mars-north-1"/);
    } finally { if (saved !== undefined) process.env.ALIBABA_CLOUD_POLARDB_ENDPOINT = saved; }
  });
});

test("debug logging never contains a secret", async () => {
  script = ok;
  const lines: string[] = [];
  const c = client({ logger: (l) => lines.push(l) });
  await c.request("CreateAccount", { DBClusterId: "pc-1", AccountName: "app", AccountPassword: "Pa55-word-SECRET", ClientToken: "t" });
  await c.request("ModifyAccountPassword", { DBClusterId: "pc-1", AccountName: "app", NewAccountPassword: "N3w-Pass-SECRET" });
  const text = lines.join("\n");
  expect(lines.length).toBeGreaterThanOrEqual(2);
  expect(text).toContain("CreateAccount");
  for (const secret of ["Pa55-word-SECRET", "N3w-Pass-SECRET", KEY.accessKeySecret, KEY.securityToken, KEY.accessKeyId]) expect(text).not.toContain(secret);
  expect(text).toContain("AccountPassword=<redacted>");
});
