/**
 * Issue 12: answers lost after the cloud applied the call (the emulator's `drop` fault), on every
 * create and delete action, for every resource kind that makes or removes an object. Each kind
 * runs 20 create + delete cycles with the first answer of each call lost, then the harder case:
 * every answer of a create lost: a kind whose create carries a ClientToken fails, and a new
 * attempt (the next `pulumi up`, a new process) must find what the first one made; the others
 * recover at once by reading what the call made. Counted in the emulator (answers dropped,
 * duplicates, orphans): 0 duplicates, 0 orphans, 0 stuck resources. The provider, engine and
 * client are the real code.
 */
import { Emulator } from "../../emulator";
import { PolarDBClient, RdsClient } from "../../provider/client";
import { makeProvider, Provider } from "../../provider/engine";
import { IDENTITY_KEY } from "../../provider/identity";
import { runtimeDeps } from "../../provider/runtime";
import type { ResourceSpec } from "../../provider/spec";
import { accountSpec } from "../../resources/account";
import { clusterSpec } from "../../resources/cluster";
import { databaseSpec } from "../../resources/database";
import { endpointSpec } from "../../resources/endpoint";
import { endpointAddressSpec } from "../../resources/endpoint-address";
import { nodeSpec } from "../../resources/node";
import { whitelistSpec } from "../../resources/whitelist";
import { cloud, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TEST_KEY, TestEmulator } from "../helpers/emulator";

jest.setTimeout(10 * 60_000);

const CYCLES = 20;
const RETRY = { minDelayMs: 1, maxDelayMs: 4, maxAttempts: 8, maxElapsedMs: 5_000 };

let emu: TestEmulator;
let emulator: Emulator;
let clusterId: string;
let primaryEndpointId: string;
let ownNodes: Set<string>;
const clients: Array<PolarDBClient | RdsClient> = [];
const lines: string[] = [];

function provider(spec: ResourceSpec): Provider {
  const credentials = { accessKeyId: TEST_KEY.id, accessKeySecret: TEST_KEY.secret };
  const made = new Map<string, PolarDBClient | RdsClient>();
  return makeProvider(spec, runtimeDeps({
    tuning: FAST, convergeGraceMs: 300, progress: (l) => { lines.push(l); },
    api: (regionId, product = "polardb") => {
      let c = made.get(product);
      if (!c) {
        const opts = { regionId, endpoint: emu.url, credentials, retry: RETRY };
        c = product === "rds" ? new RdsClient(opts) : new PolarDBClient(opts);
        made.set(product, c);
        clients.push(c);
      }
      return c;
    },
  }));
}

interface Kind {
  spec: ResourceSpec;
  create: string;
  del: string;
  raw: (n: number) => Record<string, unknown>;
  /** How many objects of this resource the emulator holds (alive). */
  count: (n: number) => number;
  /**
   * Every answer of the create lost: "fails" where the create carries a ClientToken (the client
   * repeated it with the token, every answer lost: nothing tells what happened, the next run finds
   * it); "recovers" where the provider reads or lists what the unanswered call made.
   */
  allLost: "fails" | "recovers";
}

const state = () => cloud(emu);
const host = () => state().clusters[clusterId];

const KINDS: Record<string, Kind> = {
  Cluster: {
    spec: clusterSpec, create: "CreateDBCluster", del: "DeleteDBCluster",
    raw: (n) => ({ dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: `lost-${n}` }),
    count: (n) => Object.values<any>(state().clusters).filter((c) => c.DBClusterDescription === `lost-${n}` && c.DBClusterStatus !== "Deleting").length,
    allLost: "fails",
  },
  Node: {
    spec: nodeSpec, create: "CreateDBNodes", del: "DeleteDBNodes",
    raw: () => ({ dbClusterId: clusterId, dbNodeClass: "polar.pg.x4.medium" }),
    // The cluster's own reader (a new cluster has a writer and a reader) is not this resource's.
    count: () => host().nodes.filter((x: any) => !ownNodes.has(x.DBNodeId) && x.DBNodeStatus !== "Deleting").length,
    allLost: "fails",
  },
  Account: {
    spec: accountSpec, create: "CreateAccount", del: "DeleteAccount",
    raw: (n) => ({ dbClusterId: clusterId, accountName: `lost${n}`, accountPassword: "Lost-Passw0rd-1", accountType: "Normal" }),
    count: (n) => host().accounts.filter((a: any) => a.AccountName === `lost${n}`).length,
    allLost: "fails",
  },
  Database: {
    spec: databaseSpec, create: "CreateDatabase", del: "DeleteDatabase",
    raw: (n) => ({ dbClusterId: clusterId, dbName: `lostdb${n}`, characterSetName: "UTF8", collate: "C", accountName: "owner" }),
    count: (n) => host().databases.filter((d: any) => d.DBName === `lostdb${n}`).length,
    allLost: "recovers",
  },
  Whitelist: {
    spec: whitelistSpec, create: "ModifyDBClusterAccessWhitelist", del: "ModifyDBClusterAccessWhitelist",
    raw: (n) => ({ dbClusterId: clusterId, dbClusterIpArrayName: `lost${n}`, securityIps: ["10.5.0.1", `10.6.0.${n + 1}`] }),
    count: (n) => host().ipGroups.filter((g: any) => g.DBClusterIPArrayName === `lost${n}` && g.SecurityIps !== "").length,
    allLost: "recovers",
  },
  Endpoint: {
    spec: endpointSpec, create: "CreateDBClusterEndpoint", del: "DeleteDBClusterEndpoint",
    raw: (n) => ({ dbClusterId: clusterId, endpointType: "Custom", readWriteMode: "ReadOnly", dbEndpointDescription: `lost-${n}` }),
    count: (n) => host().endpoints.filter((e: any) => e.EndpointType === "Custom" && e.DBEndpointDescription === `lost-${n}`).length,
    allLost: "recovers",
  },
  EndpointAddress: {
    spec: endpointAddressSpec, create: "CreateDBEndpointAddress", del: "DeleteDBEndpointAddress",
    raw: (n) => ({ dbClusterId: clusterId, dbEndpointId: primaryEndpointId, connectionStringPrefix: `lostaddr${n}` }),
    count: () => host().endpoints.find((e: any) => e.DBEndpointId === primaryEndpointId).AddressItems.filter((a: any) => a.NetType === "Public").length,
    allLost: "recovers",
  },
};

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  emulator = emu.emulator;
  clusterId = await runningCluster("PostgreSQL", "lost-answers");
  await emu.client.request("CreateAccount", { DBClusterId: clusterId, AccountName: "owner", AccountPassword: "Owner-Passw0rd-1", AccountType: "Normal" });
  const endpoints: any = await emu.client.request("DescribeDBClusterEndpoints", { DBClusterId: clusterId });
  ownNodes = new Set(host().nodes.map((x: any) => x.DBNodeId));
  primaryEndpointId = endpoints.Items.find((e: any) => e.EndpointType === "Primary").DBEndpointId;
  // The owner account must be Available before databases name it.
  // Bounded generously (30 s): a loaded machine may take long; the assertion below is what counts.
  for (let i = 0; i < 3000 && host().accounts.find((a: any) => a.AccountName === "owner").AccountStatus !== "Available"; i++) await new Promise((r) => setTimeout(r, 10));
  expect(host().accounts.find((a: any) => a.AccountName === "owner").AccountStatus).toBe("Available");
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emu?.stop();
});

const report: Record<string, { creates: number; duplicates: number; orphans: number; stuck: number; dropped: number }> = {};
afterAll(() => { console.log(`lost answers per kind: ${JSON.stringify(report)}`); });

describe.each(Object.keys(KINDS))("%s", (name) => {
  const k = KINDS[name];
  const identity = (n: number) => ({ [IDENTITY_KEY]: `lost-answers/test/polardb:${name}/r${n}` });
  const inputsOf = async (p: Provider, n: number) => {
    const checked = await p.check({}, { ...k.raw(n), ...identity(n) });
    expect(checked.failures ?? []).toEqual([]);
    return checked.inputs as Record<string, unknown>;
  };

  test(`${CYCLES} creates and deletes with the first answer of every create and delete lost: 0 duplicates, 0 orphans, 0 stuck`, async () => {
    const p = provider(k.spec);
    const tally = { creates: 0, duplicates: 0, orphans: 0, stuck: 0, dropped: 0 };
    for (let i = 0; i < CYCLES; i++) {
      // The same resource each cycle: destroyed and created again (its earlier tokens answer with the dead object).
      const n = name === "Node" || name === "EndpointAddress" ? 0 : i;
      const inputs = await inputsOf(p, n);
      emulator.setFaults(`${k.create}:drop=#1`);
      emulator.resetFaultsServed();
      const made = await p.create(inputs).catch((err) => { tally.stuck++; throw err; });
      // Measured in the emulator: the first answer was dropped after the create was applied.
      expect(emulator.faultsServed()).toEqual({ [k.create]: { drop: 1 } });
      tally.dropped += emulator.faultsServed()[k.create].drop!;
      tally.creates++;
      const held = k.count(n);
      if (held > 1) tally.duplicates += held - 1;
      expect(held).toBe(1);
      emulator.setFaults(`${k.del}:drop=#1`);
      emulator.resetFaultsServed();
      await p.delete(made.id, made.outs).catch((err) => { tally.stuck++; throw err; });
      expect(emulator.faultsServed()).toEqual({ [k.del]: { drop: 1 } });
      tally.dropped += emulator.faultsServed()[k.del].drop!;
      emulator.setFaults(undefined);
      tally.orphans += k.count(n);
      expect(k.count(n)).toBe(0);
    }
    report[name] = tally;
  });

  test(`every answer of a create lost: the attempt ${k.allLost === "fails" ? "fails and the next attempt (a new run) finds what it made" : "recovers by reading what it made"}; exactly one is recorded, and delete leaves none`, async () => {
    const p = provider(k.spec);
    const n = 100;
    const inputs = await inputsOf(p, n);
    emulator.setFaults(`${k.create}:drop=1`);
    emulator.resetFaultsServed();
    lines.length = 0;
    const first = await p.create(inputs).then((made) => ({ made }), (err: unknown) => ({ err }));
    expect(emulator.faultsServed()[k.create]?.drop).toBeGreaterThanOrEqual(1);
    emulator.setFaults(undefined);
    expect(k.count(n)).toBe(1); // applied although no answer arrived
    let made;
    if (k.allLost === "recovers") {
      expect(first).toEqual({ made: expect.objectContaining({ id: expect.any(String) }) });
      expect(lines.join("\n")).toMatch(new RegExp(`the answer to ${k.create} was lost .*but (the call was carried out|the new resource is listed)`));
      made = (first as { made: Awaited<ReturnType<Provider["create"]>> }).made;
    } else {
      expect(first).toEqual({ err: expect.objectContaining({ code: "Client.ConnectionReset", action: k.create }) });
      made = await p.create(inputs);
      // A named object is known to have existed before: the provider says so (a cluster or node is found by its token).
      if (name !== "Cluster" && name !== "Node") expect(lines.some((l) => /earlier attempt|continuing with it/.test(l))).toBe(true);
    }
    expect(k.count(n)).toBe(1);
    // Refresh agrees with what was recorded.
    const read = await p.read(made.id, made.outs);
    expect(read.id).toBe(made.id);
    await p.delete(made.id, made.outs);
    expect(k.count(n)).toBe(0);
  });
});

test("someone else's object of the same name is never taken over: an account made outside is refused as a duplicate", async () => {
  await emu.client.request("CreateAccount", { DBClusterId: clusterId, AccountName: "someone", AccountPassword: "Other-Passw0rd-1", AccountType: "Normal" });
  const p = provider(accountSpec);
  const inputs = (await p.check({}, { dbClusterId: clusterId, accountName: "someone", accountPassword: "Mine-Passw0rd-1", accountType: "Normal", [IDENTITY_KEY]: "x/y/polardb:Account/someone" })).inputs;
  const err: any = await p.create(inputs).catch((e) => e);
  expect(err.code ?? err.message).toMatch(/Duplicate/);
  expect(host().accounts.filter((a: any) => a.AccountName === "someone")).toHaveLength(1);
});
