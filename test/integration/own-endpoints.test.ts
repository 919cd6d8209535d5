/**
 * ClusterEndpoint and PrimaryEndpoint (the endpoints a cluster is born with) and the private
 * address of a custom Endpoint, through the generic engine against the in-process emulator:
 * create takes the existing endpoint (no create call), changes what is declared in place (name,
 * settings, private prefix and port, SSL); read from the id alone; delete lets it go and the
 * endpoint stays as it is; the cloud's refusals reach the user with the call named.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { IDENTITY_KEY } from "../../provider/identity";
import { runtimeDeps } from "../../provider/runtime";
import { UNKNOWN } from "../../provider/spec";
import { endpointSpec } from "../../resources/endpoint";
import { clusterEndpointSpec, primaryEndpointSpec } from "../../resources/own-endpoints";
import { checkedInputs, describeCluster, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let mysql: string;
let pg: string;
const deps = () => runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 });
const clusterEp = () => makeProvider(clusterEndpointSpec, deps());
const primaryEp = () => makeProvider(primaryEndpointSpec, deps());

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  [mysql, pg] = await Promise.all([runningCluster("MySQL", "own-endpoints"), runningCluster("PostgreSQL", "own-endpoints-pg")]);
});
afterAll(async () => { await emu?.stop(); });

const endpointsOf = async (clusterId: string) => (await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as Array<Record<string, any>>;
const ofType = async (clusterId: string, type: string) => (await endpointsOf(clusterId)).find((e) => e.EndpointType === type)!;
const privateOf = (e: Record<string, any>) => (e.AddressItems as any[]).find((a) => a.NetType === "Private");
const mutations = () => Object.keys(emu.emulator.calls()).filter((a) => !/^Describe/.test(a)).sort();
const ssl = async (clusterId: string, endpointId: string) =>
  ((await emu.client.request<any>("DescribeDBClusterSSL", { DBClusterId: clusterId })).Items as any[]).find((i) => i.DBEndpointId === endpointId);

describe("ClusterEndpoint (MySQL 8.0)", () => {
  let p: Provider;
  let id: string;
  let outs: Record<string, any>;
  let desired: Record<string, unknown>;
  beforeAll(() => { p = clusterEp(); });

  test("create takes the cluster's Cluster endpoint (no create call) and applies what is declared in place", async () => {
    const before = await ofType(mysql, "Cluster");
    desired = await checkedInputs(p, {
      dbClusterId: mysql, dbEndpointDescription: "orders-rw", endpointConfig: { ConsistLevel: "2", ConnectionPersist: "Session" },
      connectionPrefix: "orders-rw-vpc", port: 3307, sslEnabled: "Enable", netType: "Private", sslAutoRotate: "Enable",
    });
    expect(desired).toMatchObject({ port: "3307", sslEnabled: "Enabled" }); // the peer's spellings become ours
    emu.emulator.resetCalls();
    const created = await p.create(desired);
    ({ id } = created);
    outs = created.outs as Record<string, any>;
    expect(id).toBe(`${mysql}:${before.DBEndpointId}`);
    expect(mutations()).toEqual(["ModifyDBClusterEndpoint", "ModifyDBClusterSSL", "ModifyDBEndpointAddress"]);
    const live = await ofType(mysql, "Cluster");
    expect(live).toMatchObject({ DBEndpointDescription: "orders-rw", EndpointConfig: '{"ConsistLevel":"2","ConnectionPersist":"Session"}', ReadWriteMode: "ReadWrite", AutoAddNewNodes: "Enable" });
    expect(privateOf(live)).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-rw-vpc\./), Port: "3307" });
    expect(await ssl(mysql, before.DBEndpointId)).toMatchObject({ SSLEnabled: "Enabled" });
    expect(outs).toMatchObject({
      dbEndpointId: before.DBEndpointId, endpointType: "Cluster", dbEndpointDescription: "orders-rw", connectionPrefix: "orders-rw-vpc", port: "3307",
      endpointConfig: { ConsistLevel: "2", ConnectionPersist: "Session" }, sslEnabled: "Enabled", netType: "Private", sslAutoRotate: "Enable",
      connectionString: privateOf(live).ConnectionString,
    });
    expect((await describeCluster(emu, mysql)).DBClusterStatus).toBe("Running");
  });

  test("read equals the outputs; the same inputs (port as a number or digits) are no change", async () => {
    expect((await p.read(id, outs)).props).toEqual(outs);
    expect(await p.diff(id, outs, { ...desired, port: "3307" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("a cluster update (same cluster id) plans nothing; another cluster replaces", async () => {
    expect((await p.diff(id, outs, desired)).replaces).toEqual([]);
    expect((await p.diff(id, outs, { ...desired, dbClusterId: UNKNOWN })).replaces).toEqual(["dbClusterId"]);
  });

  test("update in place: name, settings, prefix and port; only what differs is sent", async () => {
    const news = await checkedInputs(p, { ...desired, dbEndpointDescription: "orders-rw2", endpointConfig: { ConsistLevel: "1" }, connectionPrefix: "orders-rw-two", port: 3308 });
    emu.emulator.resetCalls();
    const u = await p.update(id, outs, news);
    expect(mutations()).toEqual(["ModifyDBClusterEndpoint", "ModifyDBEndpointAddress"]);
    const live = await ofType(mysql, "Cluster");
    expect(live).toMatchObject({ DBEndpointDescription: "orders-rw2", EndpointConfig: '{"ConsistLevel":"1"}' });
    expect(privateOf(live)).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-rw-two\./), Port: "3308" });
    outs = u.outs as Record<string, any>;
    desired = news;
    expect(outs).toMatchObject({ connectionPrefix: "orders-rw-two", port: "3308", endpointConfig: { ConsistLevel: "1" } });

    // The port alone: ModifyDBEndpointAddress carries the port only (the cloud refuses a call that changes nothing).
    emu.emulator.resetCalls();
    outs = (await p.update(id, outs, { ...desired, port: "3309" })).outs as Record<string, any>;
    desired = { ...desired, port: "3309" };
    expect(privateOf(await ofType(mysql, "Cluster"))).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-rw-two\./), Port: "3309" });
  });

  test("nodes, mode and auto-add change in place on the Cluster endpoint; a change outside Pulumi is drift", async () => {
    const nodes = ((await describeCluster(emu, mysql)).DBNodes as any[]).map((n) => n.DBNodeId);
    const news = await checkedInputs(p, { ...desired, readWriteMode: "ReadOnly", endpointConfig: { ConsistLevel: "0" }, nodes: [nodes[1]], autoAddNewNodes: "Disable" });
    outs = (await p.update(id, outs, news)).outs as Record<string, any>;
    desired = news;
    expect(await ofType(mysql, "Cluster")).toMatchObject({ ReadWriteMode: "ReadOnly", EndpointConfig: '{"ConsistLevel":"0"}', Nodes: nodes[1], AutoAddNewNodes: "Disable" });
    await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: mysql, DBEndpointId: outs.dbEndpointId, DBEndpointDescription: "by hand" });
    const r = await p.read(id, outs);
    expect(r.props).toMatchObject({ dbEndpointDescription: "by hand" });
    expect(await p.diff(id, r.props!, desired)).toMatchObject({ changes: true, replaces: [] });
  });

  test("a second ClusterEndpoint of the same cluster in one program is refused", async () => {
    const again = await checkedInputs(p, { dbClusterId: mysql, [IDENTITY_KEY]: "urn:second" });
    await expect(p.create(again)).rejects.toThrow(/another ClusterEndpoint resource of this program already manages it/);
  });

  test("read from the id alone (import); a custom endpoint's id is not a ClusterEndpoint", async () => {
    const r = await clusterEp().read(id, {});
    expect(r.id).toBe(id);
    expect(r.props).toMatchObject({ dbClusterId: mysql, dbEndpointId: outs.dbEndpointId, endpointType: "Cluster", connectionPrefix: "orders-rw-two", port: "3309", sslEnabled: "Enabled" });
    // The previous test's change by hand may still be under way: the cloud refuses while it is.
    await waitRunning(mysql);
    await emu.client.request("CreateDBClusterEndpoint", { DBClusterId: mysql, EndpointType: "Custom", ReadWriteMode: "ReadOnly", DBEndpointDescription: "someone's" });
    await waitRunning(mysql);
    const custom = await ofType(mysql, "Custom");
    expect(await clusterEp().read(`${mysql}:${custom.DBEndpointId}`, {})).toEqual({});
  });

  test("delete lets it go: no call, the endpoint stays with its settings", async () => {
    emu.emulator.resetCalls();
    await p.delete(id, outs);
    expect(mutations()).toEqual([]);
    const live = await ofType(mysql, "Cluster");
    expect(live.DBEndpointId).toBe(outs.dbEndpointId);
    expect(live).toMatchObject({ DBEndpointDescription: "by hand", Nodes: expect.any(String) });
    expect(privateOf(live)).toMatchObject({ Port: "3309" });
    expect(await ssl(mysql, outs.dbEndpointId)).toMatchObject({ SSLEnabled: "Enabled" });
  });
});

describe("PrimaryEndpoint", () => {
  test("MySQL: taken, named, private prefix and port set in place; delete lets it go", async () => {
    const p = primaryEp();
    const primary = await ofType(mysql, "Primary");
    const inputs = await checkedInputs(p, { dbClusterId: mysql, dbEndpointDescription: "writer", connectionPrefix: "orders-primary", port: "3307" });
    emu.emulator.resetCalls();
    const { id, outs } = await p.create(inputs);
    expect(id).toBe(`${mysql}:${primary.DBEndpointId}`);
    expect(mutations()).toEqual(["ModifyDBClusterEndpoint", "ModifyDBEndpointAddress"]);
    expect(outs).toMatchObject({ endpointType: "Primary", dbEndpointDescription: "writer", connectionPrefix: "orders-primary", port: "3307" });
    expect(outs.nodes).toBeUndefined(); // not a PrimaryEndpoint output
    expect((await p.read(id, outs as any)).props).toEqual(outs);
    emu.emulator.resetCalls();
    await p.delete(id, outs as any);
    expect(mutations()).toEqual([]);
    expect(privateOf(await ofType(mysql, "Primary"))).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-primary\./), Port: "3307" });
  });

  test("PostgreSQL: the name and prefix change; a port is refused by the cloud, naming the call", async () => {
    const p = primaryEp();
    const { id, outs } = await p.create(await checkedInputs(p, { dbClusterId: pg, dbEndpointDescription: "pg-writer", connectionPrefix: "pg-primary-vpc" }));
    expect(outs).toMatchObject({ dbEndpointDescription: "pg-writer", connectionPrefix: "pg-primary-vpc", port: "1921" });
    const err = await p.update(id, outs as any, await checkedInputs(p, { dbClusterId: pg, port: 3307 })).catch((e: Error) => e);
    expect(String(err)).toMatch(/ModifyDBEndpointAddress failed: InvalidParameter/);
  });

  test("a prefix another address already has is refused by the cloud", async () => {
    const p = primaryEp();
    const taken = privateOf(await ofType(mysql, "Cluster")).ConnectionString.split(".")[0];
    const primaryId = `${mysql}:${(await ofType(mysql, "Primary")).DBEndpointId}`;
    const outs = (await p.read(primaryId, {})).props!;
    const err = await p.update(primaryId, outs, await checkedInputs(p, { dbClusterId: mysql, connectionPrefix: taken })).catch((e: Error) => e);
    expect(String(err)).toMatch(/ModifyDBEndpointAddress failed: InvalidConnectionStringPrefix\.Duplicated/);
  });
});

describe("Endpoint (custom): the private address's prefix and port", () => {
  test("set after create, changed in place, read back", async () => {
    const p = makeProvider(endpointSpec, deps());
    const inputs = await checkedInputs(p, { dbClusterId: mysql, readWriteMode: "ReadOnly", dbEndpointDescription: "reports-vpc", connectionPrefix: "reports-vpc", port: 3310 });
    emu.emulator.resetCalls();
    const { id, outs } = await p.create(inputs);
    expect(mutations()).toEqual(["CreateDBClusterEndpoint", "ModifyDBEndpointAddress"]);
    expect(outs).toMatchObject({ connectionPrefix: "reports-vpc", port: "3310", connectionString: expect.stringMatching(/^reports-vpc\./) });
    const u = await p.update(id, outs as any, { ...inputs, connectionPrefix: "reports-vpc2", port: "3311" });
    expect(u.outs).toMatchObject({ connectionPrefix: "reports-vpc2", port: "3311" });
    const live = (await endpointsOf(mysql)).find((e) => `${mysql}:${e.DBEndpointId}` === id)!;
    expect(privateOf(live)).toMatchObject({ ConnectionString: expect.stringMatching(/^reports-vpc2\./), Port: "3311" });
    expect(await p.diff(id, u.outs as any, { ...inputs, connectionPrefix: "reports-vpc2", port: 3311 })).toMatchObject({ changes: false });
    await p.delete(id, u.outs as any);
  });
});

async function waitRunning(clusterId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await describeCluster(emu, clusterId)).DBClusterStatus === "Running") return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${clusterId} did not return to Running`);
}
