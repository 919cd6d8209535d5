/**
 * Issue 12: what an unkind cloud does to the messages and the waits.
 *   - No secret in any message: the cloud's SignatureDoesNotMatch quotes its string-to-sign, which
 *     holds every request parameter percent-encoded (twice for the value). A wrong key during a
 *     password change and during a migration must leave 0 bytes of the secret, in any encoding,
 *     in the error, the progress lines and the client's debug log.
 *   - Outages end a wait in bounded time: probes that keep failing (5xx on every describe, or a
 *     refused connection) fail the create after POLARDB_OUTAGE_MS as a partial create — the
 *     cluster exists, so it is recorded — naming what was unreachable and since when.
 */
import { startEmulator } from "../../emulator";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { PolarDBClient, RdsClient } from "../../provider/client";
import { makeProvider, PartialCreateError } from "../../provider/engine";
import { ApiError } from "../../provider/errors";
import { runtimeDeps } from "../../provider/runtime";
import { encodingsOf } from "../../provider/scrub";
import type { ResourceSpec } from "../../provider/spec";
import { accountSpec } from "../../resources/account";
import { cloudMigrationTaskSpec } from "../../resources/cloud-migration-task";
import { clusterSpec } from "../../resources/cluster";
import { FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TEST_KEY, TEST_REGION, TestEmulator } from "../helpers/emulator";

jest.setTimeout(120_000);

const RETRY = { minDelayMs: 1, maxDelayMs: 4, maxAttempts: 3, maxElapsedMs: 2_000 };
let emu: TestEmulator;
const opened: Array<PolarDBClient | RdsClient> = [];

beforeAll(async () => { emu = await startTestEmulator({ timeScale: 0.001 }); });
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await emu?.stop();
});

/** A provider whose every client uses `secret` and writes its debug lines to `log`. */
function providerWith(spec: ResourceSpec, secret: string, log: string[], progress: string[], endpoint = emu.url, extra: Record<string, unknown> = {}) {
  return makeProvider(spec, runtimeDeps({
    tuning: FAST, convergeGraceMs: 300, progress: (l) => { progress.push(l); }, ...extra,
    api: (regionId, product = "polardb") => {
      const opts = { regionId: regionId ?? TEST_REGION, endpoint, credentials: { accessKeyId: TEST_KEY.id, accessKeySecret: secret }, retry: RETRY, logger: (l: string) => { log.push(l); } };
      const c = product === "rds" ? new RdsClient(opts) : new PolarDBClient(opts);
      opened.push(c);
      return c;
    },
  }));
}

/** Every form the secret can take in a text (plain, percent-encoded once and twice, form-encoded, JSON). */
function leaks(text: string, secret: string): string[] {
  return encodingsOf(secret).filter((form) => text.includes(form));
}

describe("no secret in any message", () => {
  test("the cloud really echoes the request: a raw SignatureDoesNotMatch message holds the password percent-encoded", async () => {
    const raw = new PolarDBClient({ regionId: TEST_REGION, endpoint: emu.url, credentials: { accessKeyId: TEST_KEY.id, accessKeySecret: "wrong" }, retry: { maxAttempts: 1 } });
    opened.push(raw);
    // Without scrubbing this would be the text users see; the oracle that the tests below can fail.
    const res = await fetch(emu.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({
      Action: "ModifyAccountPassword", Version: "2017-08-01", Format: "JSON", Timestamp: new Date().toISOString().replace(/\.\d+Z$/, "Z"), SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0", SignatureNonce: `n-${Date.now()}`, AccessKeyId: TEST_KEY.id, RegionId: TEST_REGION, DBClusterId: "pc-x", AccountName: "app",
      NewAccountPassword: "Rotated-Passw0rd!Nu88", Signature: "AAAA",
    }) });
    const body = await res.json() as { Code: string; Message: string };
    expect(body.Code).toBe("SignatureDoesNotMatch");
    expect(leaks(body.Message, "Rotated-Passw0rd!Nu88").length).toBeGreaterThan(0);
    // Our client scrubs it.
    const err: any = await raw.request("ModifyAccountPassword", { DBClusterId: "pc-x", AccountName: "app", NewAccountPassword: "Rotated-Passw0rd!Nu88" }).catch((e) => e);
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.message).toContain("[redacted]");
    expect(leaks(err.message, "Rotated-Passw0rd!Nu88")).toEqual([]);
  });

  test("a wrong access-key secret during a password rotation: 0 bytes of the password (or the key) in the error, progress or debug log", async () => {
    const clusterId = await runningCluster("PostgreSQL", "scrub");
    const log: string[] = [], progress: string[] = [];
    const good = providerWith(accountSpec, TEST_KEY.secret, log, progress);
    const first = "First-Passw0rd!a1";
    const made = await good.create((await good.check({}, { dbClusterId: clusterId, accountName: "app", accountPassword: first, accountType: "Normal" })).inputs);
    const rotated = "Rotated-Passw0rd!Nu88";
    const wrongSecret = "not-the-secret-9f3c";
    const bad = providerWith(accountSpec, wrongSecret, log, progress);
    const news = (await bad.check({}, { dbClusterId: clusterId, accountName: "app", accountPassword: rotated, accountType: "Normal" })).inputs;
    const err: any = await bad.update(made.id, made.outs, news).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/SignatureDoesNotMatch/);
    const everything = [err.message, String(err.stack), ...progress, ...log].join("\n");
    expect(leaks(everything, rotated)).toEqual([]);
    expect(leaks(everything, first)).toEqual([]);
    expect(leaks(everything, wrongSecret)).toEqual([]);
  });

  test("a wrong key during a migration: the source password never appears", async () => {
    const log: string[] = [], progress: string[] = [];
    const password = "Src-Migr4te!pass%2B";
    const bad = providerWith(cloudMigrationTaskSpec, "wrong-secret-xyz", log, progress);
    const inputs = (await bad.check({}, {
      dbInstanceName: DEFAULT_INSTANCES.target, sourceCategory: "ecsOnVpc", sourceIpAddress: "172.16.10.20", sourcePort: 5432,
      sourceAccount: "migratetest", sourcePassword: password,
    })).inputs;
    const err: any = await bad.create(inputs).catch((e) => e);
    expect(err.message).toMatch(/SignatureDoesNotMatch/);
    expect(leaks([err.message, String(err.stack), ...progress, ...log].join("\n"), password)).toEqual([]);
  });
});

describe("outages end a wait in bounded time", () => {
  const clusterInputs = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h" };

  test("5xx on every describe during a create: a partial create after the outage bound, naming the endpoint and since when", async () => {
    const progress: string[] = [];
    const p = providerWith(clusterSpec, TEST_KEY.secret, [], progress, emu.url, { outageMs: 300 });
    emu.emulator.setFaults("DescribeDBClusterAttribute:5xx=1;DescribeTasks:5xx=1");
    const started = Date.now();
    const err: any = await p.create((await p.check({}, { ...clusterInputs, description: "outage-5xx" })).inputs).catch((e) => e);
    emu.emulator.setFaults(undefined);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.id).toMatch(/^pc-/);
    expect(err.message).toContain(`${emu.url} has not answered since`);
    expect(err.message).toMatch(/ServiceUnavailable/);
    expect(err.message).toContain("is recorded in the state");
    // Bounded by the outage limit, not the one-hour create deadline.
    expect(Date.now() - started).toBeLessThan(60_000);
    // The cluster exists and was recorded: the next up continues from it.
    const live: any = await emu.client.request("DescribeDBClusterAttribute", { DBClusterId: err.id });
    expect(live.DBClusterId).toBe(err.id);
  });

  test("the API unreachable (connection refused) mid-create: a partial create after the outage bound", async () => {
    const own = await startEmulator({ port: 0, timeScale: 0.05, accessKeys: [TEST_KEY] });
    const progress: string[] = [];
    const p = providerWith(clusterSpec, TEST_KEY.secret, [], progress, own.url, { outageMs: 300 });
    const inputs = (await p.check({}, { ...clusterInputs, description: "outage-refused" })).inputs;
    // Stop the emulator once the create call is answered (the cluster is Creating for ~15 s).
    const creating = p.create(inputs).catch((e) => e);
    for (let i = 0; i < 500 && !(own.calls().CreateDBCluster >= 1); i++) await new Promise((r) => setTimeout(r, 10));
    expect(own.calls().CreateDBCluster).toBe(1);
    await own.close();
    const err: any = await creating;
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.message).toMatch(/has not answered since \d{4}-\d\d-\d\dT/);
    expect(err.message).toMatch(/connection was refused/);
  });
});

describe("the cloud's misleading messages come with a hint that says what the code means", () => {
  test("a region PolarDB does not serve: InvalidRegionId.NotFound, with the reference's message and a hint about the region", async () => {
    const c = new PolarDBClient({ regionId: "mars-1", endpoint: emu.url, credentials: { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret }, retry: RETRY });
    opened.push(c);
    const before = emu.emulator.calls().CreateDBCluster ?? 0; // the emulator is shared with the tests above
    const err: any = await c.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" }).catch((e) => e);
    expect(err.code).toBe("InvalidRegionId.NotFound");
    expect(err.message).toContain("The DBClusterId provided does not exist in our records."); // the seed's wording, kept
    expect(err.message).toContain("The region is not one that PolarDB serves");
    expect((emu.emulator.calls().CreateDBCluster ?? 0) - before).toBe(1); // asked once: not repeated, not answered by the client itself
  });

  test("a clock 20 minutes off: the cloud's IllegalTimestamp (whose message says \"not supplied\") reads as a clock problem", async () => {
    const skewed = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
    const res = await fetch(emu.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({
      Action: "DescribeRegions", Version: "2017-08-01", Format: "JSON", Timestamp: skewed, SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0", SignatureNonce: `n-${Date.now()}`, AccessKeyId: TEST_KEY.id, Signature: "AAAA",
    }) });
    const body = await res.json() as { Code: string; Message: string; RequestId: string };
    expect(body.Code).toBe("IllegalTimestamp");
    expect(body.Message).toMatch(/not supplied/); // the reference's own wording
    const err = new ApiError({ action: "DescribeRegions", code: body.Code, message: body.Message, requestId: body.RequestId, httpStatus: res.status });
    expect(err.message).toContain("clock is probably more than 15 minutes off");
    expect(err.message).toContain(body.RequestId);
  });
});
