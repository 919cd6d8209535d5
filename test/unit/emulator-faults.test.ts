/**
 * The emulator's faults: the spec's forms (incl. `=#N/request`, the first N of each distinct
 * request), seeded fates that do not depend on how calls of different actions interleave, and the
 * tally of faults really served, read in-process (a drop counts only if the action was applied).
 * Requests are hand-signed with the official @alicloud/openapi-util, so no retry hides a fault.
 */
import OpenApiUtil from "@alicloud/openapi-util";
import { Emulator, startEmulator } from "../../emulator";
import { FaultInjector, parseFaults } from "../../emulator/faults";

describe("the spec", () => {
  test("forms: probability, first N of an action, first N of each distinct request; refusals say what is allowed", () => {
    expect(parseFaults("CreateAccount:drop=#1/request,throttle=#2;*:reset=0.03,slow:200=1;seed=9")).toEqual({
      seed: 9,
      rules: [
        { action: "CreateAccount", kind: "drop", firstN: 1, perRequest: true },
        { action: "CreateAccount", kind: "throttle", firstN: 2 },
        { action: "*", kind: "reset", probability: 0.03 },
        { action: "*", kind: "slow", delayMs: 200, probability: 1 },
      ],
    });
    for (const bad of ["CreateAccount:drop=0.5/request", "CreateAccount:drop=#/request", "CreateAccount:drop=#1/requests", "CreateAccount:lose=#1"]) {
      expect(() => parseFaults(bad)).toThrow("must be KIND=P (0..1), KIND=#N or KIND=#N/request");
    }
  });
});

describe("decisions", () => {
  const fates = (f: FaultInjector, action: string, n: number, between?: string) =>
    Array.from({ length: n }, () => { if (between) { f.decide(between); f.decide(between); } return f.decide(action)?.kind ?? "ok"; }).join(",");
  const SPEC = "*:throttle=0.2,5xx=0.1,reset=0.1;seed=7";

  test("the n-th call of an action meets the same fate whatever other actions are called in between; another seed, other fates", () => {
    const alone = fates(new FaultInjector(SPEC), "CreateAccount", 60);
    const interleaved = fates(new FaultInjector(SPEC), "CreateAccount", 60, "DescribeDBClusterAttribute");
    expect(interleaved).toBe(alone);
    expect(fates(new FaultInjector(SPEC.replace("seed=7", "seed=8")), "CreateAccount", 60)).not.toBe(alone);
    for (const kind of ["throttle", "5xx", "reset", "ok"]) expect(alone.split(",")).toContain(kind);
    // Other actions draw other fates.
    expect(fates(new FaultInjector(SPEC), "DeleteAccount", 60)).not.toBe(alone);
  });

  test("=#N/request: the first call of each distinct request (parameters in any order); a repeat only once it was served", () => {
    const f = new FaultInjector("CreateAccount:drop=#1/request");
    const app = { DBClusterId: "pc-1", AccountName: "app", ClientToken: "t-1" };
    const first = f.decide("CreateAccount", app)!;
    expect(first.kind).toBe("drop");
    // Not served (the cloud refused the action, so its answer was given): the repeat is dropped instead.
    const repeat = f.decide("CreateAccount", { ClientToken: "t-1", AccountName: "app", DBClusterId: "pc-1" })!;
    expect(repeat.kind).toBe("drop");
    f.served("CreateAccount", repeat);
    expect(f.decide("CreateAccount", app)).toBeUndefined();
    expect(f.decide("CreateAccount", { ...app, DBClusterId: "pc-2" })?.kind).toBe("drop");
    expect(f.decide("CreateAccount", { ...app, AccountName: "ops" })?.kind).toBe("drop");
    expect(f.decide("DeleteAccount", app)).toBeUndefined();
    expect(f.servedCounts()).toEqual({ CreateAccount: { drop: 1 } });
    // A new spec starts the requests afresh; the tally stays until resetServed().
    f.set("CreateAccount:drop=#1/request");
    expect(f.decide("CreateAccount", app)?.kind).toBe("drop");
    expect(f.servedCounts()).toEqual({ CreateAccount: { drop: 1 } });
    f.resetServed();
    expect(f.servedCounts()).toEqual({});
  });
});

describe("served, through the server", () => {
  const KEY = { id: "faults-ak", secret: "faults-secret" };
  let emu: Emulator;
  beforeAll(async () => { emu = await startEmulator({ port: 0, timeScale: 0.0005, accessKeys: [KEY] }); });
  afterAll(async () => { await emu.close(); });
  let nonce = 0;

  /** One signed request, no retry: the status, or "reset" when the connection was destroyed. */
  async function send(action: string, extra: Record<string, string> = {}): Promise<{ status: number | "reset"; body?: any }> {
    const p: Record<string, string> = {
      Action: action, Version: "2017-08-01", Format: "JSON", AccessKeyId: KEY.id, SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0",
      SignatureNonce: `n-${process.pid}-${++nonce}`, Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), ...extra,
    };
    p.Signature = OpenApiUtil.getRPCSignature(p, "GET", KEY.secret);
    try {
      const res = await fetch(`${emu.url}/?${new URLSearchParams(p)}`);
      return { status: res.status, body: await res.json() };
    } catch {
      return { status: "reset" };
    }
  }

  test("throttles, 5xx answers, resets, lost answers and slow answers are tallied per action as served; reset clears the tally", async () => {
    emu.resetFaultsServed();
    emu.setFaults("DescribeRegions:throttle=#1,5xx=#2,slow:5=#3;DescribeDBClusters:reset=#1");
    expect((await send("DescribeRegions")).status).toBe(400);
    expect((await send("DescribeRegions")).status).toBe(503);
    expect((await send("DescribeRegions")).status).toBe(200); // slow
    expect((await send("DescribeRegions")).status).toBe(200);
    expect((await send("DescribeDBClusters", { RegionId: "cn-hangzhou" })).status).toBe("reset");
    expect((await send("DescribeDBClusters", { RegionId: "cn-hangzhou" })).status).toBe(200);
    expect(emu.faultsServed()).toEqual({ DescribeRegions: { throttle: 1, "5xx": 1, slow: 1 }, DescribeDBClusters: { reset: 1 } });
    emu.resetFaultsServed();
    expect(emu.faultsServed()).toEqual({});
    emu.setFaults(undefined);
  });

  test("a lost answer is tallied only if the cloud applied the action: a refused one answers, and the identical repeat is lost instead", async () => {
    emu.resetFaultsServed();
    const made = await send("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h", VSwitchId: "vsw-faults0000000000001" });
    const DBClusterId = made.body.DBClusterId as string;
    emu.setFaults("CreateAccount:drop=#1/request");
    const account = { DBClusterId, AccountName: "app", AccountPassword: "Faults-Passw0rd", ClientToken: "faults-app-1" };
    // The new cluster is still being created: refused (answered), so nothing was lost.
    const refused = await send("CreateAccount", account);
    expect({ status: refused.status, code: refused.body?.Code }).toEqual({ status: 403, code: "OperationDenied.DBClusterStatus" });
    expect(emu.faultsServed()).toEqual({});
    const status = async () => (await send("DescribeDBClusterAttribute", { DBClusterId })).body.DBClusterStatus;
    for (let i = 0; i < 200 && (await status()) !== "Running"; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await status()).toBe("Running");
    expect((await send("CreateAccount", account)).status).toBe("reset"); // applied, answer lost
    expect((await send("DescribeAccounts", { DBClusterId })).body.Accounts.map((a: any) => a.AccountName)).toEqual(["app"]);
    expect((await send("CreateAccount", account)).status).toBe(200); // the retry: its token answers
    expect((await send("CreateAccount", { ...account, AccountName: "ops", ClientToken: "faults-ops-1" })).status).toBe("reset");
    expect(emu.faultsServed()).toEqual({ CreateAccount: { drop: 2 } });
    emu.setFaults(undefined);
  });
});
