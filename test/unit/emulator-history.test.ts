/**
 * The emulator's hooks for tests that observe instead of racing: the status history (every status
 * change an action or a transition applied, with from → to, the time and the cause; bounded, not
 * saved) and holds (a transition stays queued, with the later ones of its cluster, until released).
 */
import { createBackend } from "../../emulator/backend";
import type { DispatchRequest } from "../../emulator/backend-api";
import { manualClock } from "../../emulator/clock";
import { StatusHistory, statusesOf } from "../../emulator/history";
import { startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";

const MIN = 60_000;
const START = Date.UTC(2026, 0, 1);

function world() {
  const clock = manualClock(START, 1);
  const backend = createBackend({ clock, seed: 5 });
  const call = (action: string, params: Record<string, string> = {}): any =>
    backend.dispatch({ product: "polardb", action, version: "2017-08-01", params, accessKeyId: "k", requestId: "r" } as DispatchRequest);
  const code = (action: string, params: Record<string, string>) => { try { call(action, params); return "OK"; } catch (e: any) { return e.code; } };
  const status = (id: string) => call("DescribeDBClusterAttribute", { DBClusterId: id }).DBClusterStatus;
  const create = () => {
    const { DBClusterId } = call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" });
    return DBClusterId as string;
  };
  /** The cluster's own status changes as "from>to" (null shown as -). */
  const steps = (id: string) => backend.history({ clusterId: id, object: "cluster" }).map((e) => `${e.from ?? "-"}>${e.to ?? "-"}`);
  return { clock, backend, call, code, status, create, steps };
}

describe("history", () => {
  test("a create, a failover and a delete: each status change with its object, time and cause", () => {
    const w = world();
    const id = w.create();
    const created = w.backend.history({ clusterId: id });
    expect(created.filter((e) => e.object === "cluster")).toEqual([{ at: START, clusterId: id, object: "cluster", id, from: null, to: "Creating", cause: "CreateDBCluster" }]);
    expect(created.filter((e) => e.object === "node").map((e) => [e.from, e.to])).toEqual([[null, "Creating"], [null, "Creating"]]);
    expect(created.filter((e) => e.object === "endpoint").map((e) => [e.from, e.to])).toEqual([[null, "present"], [null, "present"]]);

    w.clock.advance(10 * MIN);
    expect(w.status(id)).toBe("Running");
    const running = w.backend.history({ clusterId: id, object: "cluster" }).at(-1)!;
    // Applied lazily at the next request, but dated when it was due (within ±20 % of 5 minutes).
    expect(running).toMatchObject({ from: "Creating", to: "Running", cause: "clusterRunning" });
    expect(running.at).toBeGreaterThanOrEqual(START + 4 * MIN);
    expect(running.at).toBeLessThanOrEqual(START + 6 * MIN);

    w.call("FailoverDBCluster", { DBClusterId: id });
    w.clock.advance(5 * MIN);
    w.call("DeleteDBCluster", { DBClusterId: id });
    w.clock.advance(5 * MIN);
    expect(w.steps(id)).toEqual(["->Creating", "Creating>Running", "Running>Switching", "Switching>Running", "Running>Deleting", "Deleting>-"]);
    const nodes = w.backend.history({ clusterId: id, object: "node" });
    expect(nodes.filter((e) => e.cause === "FailoverDBCluster").map((e) => e.to)).toEqual(["Switching", "Switching"]);
    expect(nodes.filter((e) => e.cause === "clusterGone").map((e) => [e.from, e.to])).toEqual([["Deleting", null], ["Deleting", null]]);
  });

  test("accounts and databases; a refused request and a read log nothing; filters by object, id and time", () => {
    const w = world();
    const id = w.create();
    w.clock.advance(10 * MIN);
    w.call("CreateAccount", { DBClusterId: id, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal" });
    const before = w.backend.history().length;
    expect(w.code("CreateAccount", { DBClusterId: id, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal" })).toBe("InvalidAccountName.Duplicate");
    w.call("DescribeAccounts", { DBClusterId: id });
    expect(w.backend.history().length).toBe(before);
    w.clock.advance(MIN);
    w.call("CreateDatabase", { DBClusterId: id, DBName: "orders", CharacterSetName: "utf8" });
    const t = w.clock.now();
    w.clock.advance(MIN);
    expect(w.backend.history({ object: "account", id: "app" }).map((e) => [e.from, e.to, e.cause])).toEqual([[null, "Creating", "CreateAccount"], ["Creating", "Available", "accountReady"]]);
    expect(w.backend.history({ object: "database", since: t }).map((e) => [e.from, e.to])).toEqual([[null, "Creating"], ["Creating", "Running"]]);
    expect(w.backend.history({ clusterId: "pc-other" })).toEqual([]);
  });

  test("bounded: the oldest entries go; the state file holds no history", () => {
    const h = new StatusHistory(3);
    const c: any = { DBClusterId: "pc-1", DBClusterStatus: "Running", nodes: [], accounts: [], databases: [], endpoints: [] };
    for (let i = 0; i < 10; i++) {
      const before = statusesOf(c);
      c.DBClusterStatus = `S${i}`;
      h.record("pc-1", before, statusesOf(c), i, "step");
    }
    expect(h.list().map((e) => e.to)).toEqual(["S7", "S8", "S9"]);

    const w = world();
    w.create();
    expect(JSON.stringify(w.backend.save())).not.toMatch(/"cause"|"history"/);
  });
});

test("every mutating action's status changes are in the history (checked against a snapshot of every cluster)", () => {
  const w = world();
  /** Statuses of every cluster, the oracle: what the history must show for one request. */
  const all = () => new Map(Object.values(w.backend.data().clusters).map((c) => [c.DBClusterId, statusesOf(c)]));
  const checked = (action: string, params: Record<string, string>) => {
    const before = all(); // data() settles: what follows is the action's own doing
    const n = w.backend.history().length;
    const r = w.call(action, params);
    const after = all();
    const oracle = new StatusHistory();
    for (const id of new Set([...before.keys(), ...after.keys()])) oracle.record(id, before.get(id) ?? new Map(), after.get(id) ?? new Map(), w.clock.now(), action);
    expect(w.backend.history().slice(n)).toEqual(oracle.list());
    w.clock.advance(30 * MIN);
    expect(w.status(r.DBClusterId ?? params.DBClusterId ?? id)).toBe("Running");
    return r;
  };
  const id = checked("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" }).DBClusterId;
  const c = { DBClusterId: id };
  checked("CreateAccount", { ...c, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal" });
  checked("CreateDatabase", { ...c, DBName: "orders", CharacterSetName: "utf8" });
  checked("ModifyDBClusterParameters", { ...c, Parameters: JSON.stringify({ max_connections: "1500" }) });
  const clusterEndpoint = w.backend.data().clusters[id].endpoints.find((e) => e.EndpointType === "Cluster")!.DBEndpointId;
  checked("ModifyDBClusterSSL", { ...c, SSLEnabled: "Enable", DBEndpointId: clusterEndpoint, NetType: "Private" });
  checked("CreateDBClusterEndpoint", { ...c, EndpointType: "Custom" });
  const custom = w.backend.data().clusters[id].endpoints.find((e) => e.EndpointType === "Custom")!.DBEndpointId;
  checked("ModifyDBClusterEndpoint", { ...c, DBEndpointId: custom, ReadWriteMode: "ReadWrite" });
  checked("CreateDBEndpointAddress", { ...c, DBEndpointId: custom, NetType: "Public" });
  checked("DeleteDBEndpointAddress", { ...c, DBEndpointId: custom, NetType: "Public" });
  checked("DeleteDBClusterEndpoint", { ...c, DBEndpointId: custom });
  checked("CreateDBNodes", { ...c, "DBNode.1.TargetClass": "polar.mysql.x4.medium" });
  const nodes = w.backend.data().clusters[id].nodes;
  checked("RestartDBNode", { DBNodeId: nodes[1].DBNodeId, ...c });
  checked("DeleteDBNodes", { ...c, "DBNodeId.1": nodes[2].DBNodeId });
  checked("ModifyDBNodeClass", { ...c, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large" });
  checked("FailoverDBCluster", c);
  checked("ModifyDBClusterPrimaryZone", { ...c, ZoneId: "cn-hangzhou-i" });
  checked("DeleteDatabase", { ...c, DBName: "orders" });
  checked("DeleteAccount", { ...c, AccountName: "app" });
  const steps = w.steps(id);
  expect(steps).toEqual(expect.arrayContaining(["Running>Rebooting", "Running>SSL_MODIFYING", "Running>NetAddressCreating", "Running>DBNodeCreating", "Running>ClassChanging", "Running>Switching", "Running>TRANSING"]));
  expect(w.backend.history({ clusterId: id }).filter((e) => e.to === null).map((e) => e.object).sort()).toEqual(["account", "database", "endpoint", "node"]);
});

describe("holds", () => {
  test("a held failover stays Switching however long the clock runs; release applies it then, and the refusal came while Switching", () => {
    const w = world();
    const id = w.create();
    w.clock.advance(10 * MIN);
    const held = w.backend.hold({ clusterId: id, kind: "clusterSettled" });
    w.call("FailoverDBCluster", { DBClusterId: id });
    w.clock.advance(60 * MIN);
    expect(w.status(id)).toBe("Switching");
    expect(w.code("ModifyDBClusterDescription", { DBClusterId: id, DBClusterDescription: "x" })).toBe("OperationDenied.DBClusterStatus");
    w.clock.advance(MIN);
    const releasedAt = w.clock.now();
    held.release();
    expect(w.backend.history({ clusterId: id, object: "cluster" }).at(-1)).toMatchObject({ from: "Switching", to: "Running", at: releasedAt, cause: "clusterSettled" });
    expect(w.status(id)).toBe("Running");
  });

  test("release ends at once what the hold kept (an operation started during it), not what was planned before it", () => {
    const w = world();
    const id = w.create();
    w.clock.advance(10 * MIN);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    w.call("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-i", PlannedStartTime: iso(w.clock.now() + 60 * MIN) });
    const held = w.backend.hold({ clusterId: id });
    w.call("FailoverDBCluster", { DBClusterId: id });
    w.clock.advance(1_000); // the switch takes about a minute: not due yet
    held.release();
    expect(w.status(id)).toBe("Running");
    expect(w.backend.history({ clusterId: id, object: "cluster" }).at(-1)).toMatchObject({ from: "Switching", to: "Running", at: w.clock.now() });
    // The zone move planned an hour ahead keeps its time.
    expect(w.call("DescribeScheduleTasks", { DBClusterId: id }).Data.TimerInfos[0]).toMatchObject({ Action: "ModifyDBClusterPrimaryZone", Status: "pending" });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).ZoneIds).not.toBe("cn-hangzhou-i");
  });

  test("a held transition holds the later ones of its cluster (order kept), not other clusters'", () => {
    const w = world();
    const a = w.create();
    const b = w.create();
    w.clock.advance(10 * MIN);
    const hold = w.backend.hold((t) => t.clusterId === a && t.kind === "accountReady");
    for (const id of [a, b]) w.call("CreateAccount", { DBClusterId: id, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal" });
    w.call("CreateDatabase", { DBClusterId: a, DBName: "orders", CharacterSetName: "utf8" }); // ready ~7 s after the account
    w.clock.advance(10 * MIN);
    expect(w.call("DescribeAccounts", { DBClusterId: a }).Accounts[0].AccountStatus).toBe("Creating");
    expect(w.call("DescribeDatabases", { DBClusterId: a }).Databases.Database[0].DBStatus).toBe("Creating"); // due, but after the held one
    expect(w.call("DescribeAccounts", { DBClusterId: b }).Accounts[0].AccountStatus).toBe("Available");
    hold.release();
    expect(w.backend.history({ clusterId: a, since: w.clock.now() }).map((e) => `${e.object} ${e.from}>${e.to} ${e.cause}`))
      .toEqual(["account Creating>Available accountReady", "database Creating>Running databaseReady"]);
  });

  test("a hold affects what comes due after it; release() ends every hold", () => {
    const w = world();
    const id = w.create();
    w.clock.advance(10 * MIN); // due, not yet applied (nobody asked)
    w.backend.hold({ clusterId: id });
    expect(w.status(id)).toBe("Running");
    w.call("FailoverDBCluster", { DBClusterId: id });
    w.backend.hold({ kind: "clusterSettled" });
    w.clock.advance(10 * MIN);
    expect(w.status(id)).toBe("Switching");
    w.backend.release();
    expect(w.status(id)).toBe("Running");
  });
});

test("the in-process emulator exposes history, hold and release, and counts the faults it injects", async () => {
  const emu = await startEmulator({ port: 0, clock: manualClock(Date.now(), 1) });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: "emulator-ak", accessKeySecret: "emulator-secret" }, retry: { minDelayMs: 1, maxDelayMs: 2, maxAttempts: 5 } });
  try {
    const r = emu.backend.dispatch({ product: "polardb", action: "CreateDBCluster", version: "2017-08-01", params: { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" }, accessKeyId: "emulator-ak", requestId: "r" });
    const id = r.DBClusterId as string;
    const held = emu.hold({ clusterId: id });
    expect(emu.history({ clusterId: id, object: "cluster" }).map((e) => e.to)).toEqual(["Creating"]);
    held.release();
    emu.release();
    expect(emu.faultsServed()).toEqual({});
    emu.setFaults("DescribeRegions:throttle=#2");
    await client.request("DescribeRegions", {}); // refused twice, answered on the third attempt
    expect(emu.faultsServed()).toEqual({ DescribeRegions: { throttle: 2 } });
    emu.resetFaultsServed();
    expect(emu.faultsServed()).toEqual({});
  } finally {
    await client.close();
    await emu.close();
  }
});
