/**
 * The emulator's protocol edges with hand-made requests (signed with the official
 * @alicloud/openapi-util, never our signer): timestamp window, nonce reuse, missing common
 * parameters, XML, seeded faults (incl. a change applied before the answer is dropped), a bounded
 * fuzz run, and the command line (URL on stdout, SIGTERM saves the state).
 */
import OpenApiUtil from "@alicloud/openapi-util";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";

const KEY = { id: "proto-ak", secret: "proto-secret" };
let emu: Emulator;

beforeAll(async () => { emu = await startEmulator({ port: 0, timeScale: 0.0005, accessKeys: [KEY] }); });
afterAll(async () => { await emu.close(); });

const ts = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
let nonce = 0;

function signed(action: string, extra: Record<string, string> = {}, over: Record<string, string> = {}): Record<string, string> {
  const p: Record<string, string> = {
    Action: action, Version: "2017-08-01", Format: "JSON", AccessKeyId: KEY.id, SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0",
    SignatureNonce: `n-${process.pid}-${++nonce}-${Math.random()}`, Timestamp: ts(), ...extra, ...over,
  };
  p.Signature = OpenApiUtil.getRPCSignature(p, "GET", KEY.secret);
  return p;
}

async function get(params: Record<string, string>): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${emu.url}/?${new URLSearchParams(params)}`);
  const text = await res.text();
  let body: any;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, body, text };
}

test("a Timestamp outside the ±15 minute window → IllegalTimestamp 400", async () => {
  const r = await get(signed("DescribeRegions", {}, { Timestamp: ts(new Date(Date.now() - 20 * 60_000)) }));
  expect(r.status).toBe(400);
  expect(r.body).toMatchObject({ Code: "IllegalTimestamp" });
  expect(Object.keys(r.body).sort()).toEqual(["Code", "HostId", "Message", "RequestId"]);
});

test("a reused SignatureNonce → SignatureNonceUsed 400", async () => {
  const p = signed("DescribeRegions");
  expect((await get(p)).status).toBe(200);
  const again = await get(p);
  expect(again).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
});

test("a missing common parameter → MissingParameter naming it", async () => {
  const p = signed("DescribeRegions");
  delete p.SignatureNonce;
  const r = await get(p);
  expect(r).toMatchObject({ status: 400, body: { Code: "MissingParameter" } });
  expect(r.body.Message).toContain("SignatureNonce");
});

test("Format=xml (any case) answers XML; Format absent answers JSON", async () => {
  const xml = await get(signed("DescribeRegions", { Format: "xml" }));
  expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><DescribeRegionsResponse><RequestId>/);
  const p = signed("DescribeRegions");
  delete p.Format; delete p.Signature;
  p.Signature = OpenApiUtil.getRPCSignature(p, "GET", KEY.secret);
  expect((await get(p)).body.Regions.Region.length).toBeGreaterThan(0);
});

describe("faults", () => {
  afterEach(() => emu.setFaults(undefined));
  const outcomes = async (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await fetch(`${emu.url}/?${new URLSearchParams(signed("DescribeRegions"))}`).then((r) => String(r.status), () => "reset"));
    return out.join(",");
  };

  test("the same seed gives the same sequence of faults; another seed another one", async () => {
    emu.setFaults("DescribeRegions:throttle=0.3,5xx=0.2,reset=0.1;seed=42");
    const a = await outcomes(40);
    emu.setFaults("DescribeRegions:throttle=0.3,5xx=0.2,reset=0.1;seed=42");
    const b = await outcomes(40);
    emu.setFaults("DescribeRegions:throttle=0.3,5xx=0.2,reset=0.1;seed=7");
    const c = await outcomes(40);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/400/);
    expect(a).toMatch(/503/);
    expect(a).toMatch(/reset/);
  });

  test("drop: the change is applied, the answer is lost; a retry with the ClientToken returns the same cluster", async () => {
    const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret }, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    emu.setFaults("CreateDBCluster:drop=#1");
    emu.resetCalls();
    const params = { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", DBClusterDescription: "dropped-once", ClientToken: `drop-${Date.now()}` };
    const r: any = await client.request("CreateDBCluster", params);
    expect(emu.calls().CreateDBCluster).toBe(2); // the first answer was dropped after the cluster was made
    const list: any = await client.request("DescribeDBClusters", { DBClusterDescription: "dropped-once" });
    expect(list.Items.DBCluster.map((c: any) => c.DBClusterId)).toEqual([r.DBClusterId]);
    await client.close();
  });
});

test("fuzz: 2,000 random and truncated requests, every answer a documented JSON error, the server keeps serving", async () => {
  let seed = 1234;
  const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const junk = () => Array.from({ length: Math.floor(rnd() * 40) }, () => String.fromCharCode(Math.floor(rnd() * 0x2ff))).join("");
  const statuses = new Map<number, number>();
  for (let i = 0; i < 2000; i++) {
    const base = signed(pick(["DescribeRegions", "CreateDBCluster", "CreateAccount", "Nope", "DescribeDBClusterAttribute"]), { DBClusterId: pick(["pc-x", junk()]), AccountName: junk() });
    const mode = Math.floor(rnd() * 6);
    let url = `${emu.url}/?`;
    let init: RequestInit = {};
    const oversized = mode === 3 && i % 50 === 3;
    if (mode === 0) url += new URLSearchParams(base).toString().slice(0, Math.floor(rnd() * 300));           // truncated
    else if (mode === 1) url += `Action=%E0%A4%A&Version=%ZZ&${encodeURIComponent(junk())}=%`;               // bad escapes
    else if (mode === 2) { init = { method: "POST", body: Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, ...Buffer.from(junk())]), headers: { "content-type": "application/x-www-form-urlencoded" } }; }
    else if (oversized) { init = { method: "POST", body: "A=".padEnd(1.2 * 1024 * 1024, "x") }; } // oversized (a few)
    else if (mode === 4) { const p = { ...base, [junk() || "k"]: junk() }; url += new URLSearchParams(p); }   // signature no longer matches
    else { init = { method: pick(["PUT", "DELETE", "PATCH"]) }; url += new URLSearchParams(base); }
    const res = await fetch(url, init).catch((err: unknown) => {
      // Only an oversized body may go unanswered: the server may cut it off mid-upload (and stays up, checked below).
      if (oversized) return undefined;
      throw new Error(`request ${i} (mode ${mode}) got no answer: ${String(err)} (${String((err as { cause?: unknown })?.cause)})`);
    });
    if (!res) { statuses.set(0, (statuses.get(0) ?? 0) + 1); continue; }
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status).toBeLessThan(500);
    const body = JSON.parse(text);
    expect(typeof body.RequestId).toBe("string");
    // a truncation can leave a complete, valid request: then it is served; anything else is an error body
    if (res.status !== 200) expect(typeof body.Code).toBe("string");
    if (oversized) expect([res.status, body.Code]).toEqual([400, "InvalidParameter"]); // the body is refused, never served
  }
  console.log("fuzz statuses", JSON.stringify(Object.fromEntries(statuses)));
  expect((await get(signed("DescribeRegions"))).status).toBe(200);
});

test("the command line: URL on stdout, one line per request, SIGTERM saves the state", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-cli-"));
  const state = path.join(dir, "state.json");
  const cli = path.resolve(__dirname, "../../dist/emulator/cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--access-key", `${KEY.id}:${KEY.secret}`, "--state", state, "--time-scale", "0.001"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no URL in ${out}`)), 10_000);
    child.stdout.on("data", () => { const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out); if (m) { clearTimeout(t); resolve(m[0]); } });
  });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
  const made: any = await client.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ClientToken: "cli-1" });
  await client.close();
  const code = await new Promise<number | null>((resolve) => { child.on("exit", resolve); child.kill("SIGTERM"); });
  expect(code).toBe(0);
  expect(out).toMatch(/POST CreateDBCluster 200 \d+ms/);
  const saved = JSON.parse(fs.readFileSync(state, "utf8"));
  expect(Object.keys(saved.clusters)).toEqual([made.DBClusterId]);
  fs.rmSync(dir, { recursive: true, force: true });
});
