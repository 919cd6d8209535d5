/**
 * The official Python SDK (alibabacloud-polardb20170801 9.2.1, today's API) as an oracle for tests:
 * it builds its own requests (ACS3-HMAC-SHA256 signed, POST) and reads answers into its own response
 * models, so a field the emulator names differently from the cloud vanishes from the body, and a
 * parameter the SDK does not know is never sent. The virtualenv is made once per machine by
 * scripts/setup-python-sdk.sh (cached, locked against parallel jest workers).
 *
 *   const sdk = pythonSdk(emu);                       // a started emulator (or { url, key })
 *   const r = await sdk.call("DescribeRegions");      // { ok: true, body } | { ok: false, code, message, … }
 */
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import { TEST_KEY, TEST_REGION } from "./emulator";

const ROOT = path.resolve(__dirname, "../..");
const SETUP = path.join(ROOT, "scripts/setup-python-sdk.sh");
const CALL_SDK = path.join(__dirname, "python/call_sdk.py");

/** A first build downloads from PyPI: allow it this long (a jest hook's timeout should exceed it). */
export const SETUP_TIMEOUT_MS = 10 * 60_000;

export type SdkOutcome =
  | { ok: true; body: any }
  | { ok: false; code: string; message: string; statusCode?: number | null; requestId?: string | null };

let python: Promise<string> | undefined;

/** The virtualenv's python, built on first use (once per process; the script itself is idempotent). */
export function sdkPython(): Promise<string> {
  python ??= new Promise((resolve, reject) => {
    execFile("bash", [SETUP], { timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (err || !last) reject(new Error(`scripts/setup-python-sdk.sh failed: ${err?.message ?? "no python printed"}\n${stderr}`));
      else resolve(last);
    });
  });
  return python;
}

/** Runs a Python script of the virtualenv with `input` as JSON on stdin; resolves to its stdout. */
export async function runPython(script: string, input: unknown, timeoutMs = 60_000): Promise<string> {
  const exe = await sdkPython();
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [script], { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code, signal) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(script)} exited with ${code ?? signal}: ${err.trim()}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

export interface SdkTarget { url: string; key?: { id: string; secret: string }; regionId?: string }

/** A client of the official Python SDK pointed at the emulator (http, the test key, cn-hangzhou by default). */
export function pythonSdk(target: SdkTarget) {
  const job = {
    endpoint: target.url.replace(/^https?:\/\//, "").replace(/\/$/, ""),
    accessKeyId: (target.key ?? TEST_KEY).id,
    accessKeySecret: (target.key ?? TEST_KEY).secret,
    regionId: target.regionId ?? TEST_REGION,
  };
  /** Several calls in one Python process, in order (parameters by their API names). */
  async function calls(list: Array<{ action: string; params?: Record<string, unknown> }>): Promise<SdkOutcome[]> {
    const out = await runPython(CALL_SDK, { ...job, calls: list });
    return JSON.parse(out) as SdkOutcome[];
  }
  return {
    calls,
    async call(action: string, params: Record<string, unknown> = {}): Promise<SdkOutcome> {
      return (await calls([{ action, params }]))[0];
    },
  };
}

/** The body of a call the test expects to succeed; a refusal fails the test with the SDK's code and message. */
export function okBody(r: SdkOutcome): any {
  if (!r.ok) throw new Error(`the SDK call failed: ${r.code}: ${r.message}`);
  return r.body;
}
