/**
 * The Endpoint spec through the generic engine against the in-process emulator: the id the
 * create call does not return is discovered (also with two endpoints created at once); node
 * lists as sets; in-place modify with AutoAddNewNodes always explicit; drift; delete.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { endpointSpec } from "../../resources/endpoint";
import { describeCluster, FAST, runningCluster, checkedInputs } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let clusterId: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(endpointSpec, runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
  clusterId = await runningCluster("PostgreSQL", "endpoints");
  const nodes = (await describeCluster(emu, clusterId)).DBNodes as Array<{ DBNodeId: string; DBNodeRole: string }>;
  writer = nodes.find((n) => n.DBNodeRole === "Writer")!.DBNodeId;
  reader = nodes.find((n) => n.DBNodeRole === "Reader")!.DBNodeId;
});
afterAll(async () => { await emu?.stop(); });

const endpointsOf = async () => (await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as Array<Record<string, any>>;
const inputs = (raw: Record<string, unknown>) => checkedInputs(provider, raw);

let id: string;
let outs: Record<string, any>;
let desired: Record<string, unknown>;

test("create: the new endpoint's id is found by listing, its address is an output, the cluster is Running again", async () => {
  desired = await inputs({
    dbClusterId: clusterId, readWriteMode: "ReadWrite", nodes: [reader, writer], autoAddNewNodes: "Disable",
    endpointConfig: { ConsistLevel: "1" }, dbEndpointDescription: "reports",
  });
  emu.emulator.resetCalls();
  const created = await provider.create(desired);
  id = created.id;
  outs = created.outs as Record<string, any>;
  expect(emu.emulator.calls().CreateDBClusterEndpoint).toBe(1);

  const custom = (await endpointsOf()).filter((e) => e.EndpointType === "Custom");
  expect(custom).toHaveLength(1);
  expect(id).toBe(`${clusterId}:${custom[0].DBEndpointId}`);
  expect(outs).toMatchObject({
    dbEndpointId: custom[0].DBEndpointId, endpointType: "Custom", readWriteMode: "ReadWrite", nodes: [reader, writer].sort(),
    autoAddNewNodes: "Disable", endpointConfig: { ConsistLevel: "1" }, dbEndpointDescription: "reports",
    connectionString: custom[0].AddressItems[0].ConnectionString, port: "1921",
  });
  expect(outs.addresses).toEqual([expect.objectContaining({ netType: "Private", connectionString: outs.connectionString })]);
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
});

test("read equals the outputs; the same nodes in another order are no change", async () => {
  const r = await provider.read(id, outs);
  expect(r.props).toEqual(outs);
  expect(await provider.diff(id, r.props, { ...desired, nodes: [writer, reader] })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("update in place: mode, nodes, auto-add, config and name in one ModifyDBClusterEndpoint, read back", async () => {
  const news = await inputs({
    dbClusterId: clusterId, readWriteMode: "ReadOnly", nodes: [reader], autoAddNewNodes: "Enable",
    endpointConfig: { ConsistLevel: "0" }, dbEndpointDescription: "reports-ro",
  });
  expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update(id, outs, news)).outs as Record<string, any>;
  desired = news;
  expect(emu.emulator.calls().ModifyDBClusterEndpoint).toBe(1);
  const live = (await endpointsOf()).find((e) => e.DBEndpointId === outs.dbEndpointId)!;
  expect(live).toMatchObject({ ReadWriteMode: "ReadOnly", Nodes: reader, AutoAddNewNodes: "Enable", EndpointConfig: '{"ConsistLevel":"0"}', DBEndpointDescription: "reports-ro" });
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
});

test("AutoAddNewNodes is sent even when the program leaves it out, so the cloud keeps its value", async () => {
  const { autoAddNewNodes: _omit, ...withoutAuto } = desired;
  await provider.update(id, outs, { ...withoutAuto, dbEndpointDescription: "reports-ro2" });
  const live = (await endpointsOf()).find((e) => e.DBEndpointId === outs.dbEndpointId)!;
  expect(live).toMatchObject({ AutoAddNewNodes: "Enable", DBEndpointDescription: "reports-ro2" });
  outs = (await provider.read(id, outs)).props as Record<string, any>;
});

test("drift made outside Pulumi shows in refresh and the next update puts the program's values back", async () => {
  await emu.client.request("ModifyDBClusterEndpoint", { DBClusterId: clusterId, DBEndpointId: outs.dbEndpointId, Nodes: `${writer},${reader}`, AutoAddNewNodes: "Enable" });
  const refreshed = (await provider.read(id, outs)).props as Record<string, any>;
  expect(refreshed.nodes).toEqual([writer, reader].sort());
  expect(await provider.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  outs = (await provider.update(id, refreshed, desired)).outs as Record<string, any>;
  expect(outs.nodes).toEqual([reader]);
});

test("two endpoints created at once on one cluster each find their own id", async () => {
  const a = await inputs({ dbClusterId: clusterId, dbEndpointDescription: "team-a", readWriteMode: "ReadOnly" });
  const b = await inputs({ dbClusterId: clusterId, dbEndpointDescription: "team-b", readWriteMode: "ReadOnly" });
  const [ca, cb] = await Promise.all([provider.create(a), provider.create(b)]);
  expect(ca.id).not.toBe(cb.id);
  expect(ca.outs).toMatchObject({ dbEndpointDescription: "team-a" });
  expect(cb.outs).toMatchObject({ dbEndpointDescription: "team-b" });
  await Promise.all([provider.delete(ca.id, ca.outs), provider.delete(cb.id, cb.outs)]);
  expect((await endpointsOf()).filter((e) => e.EndpointType === "Custom").map((e) => e.DBEndpointDescription)).toEqual(["reports-ro"]); // the first endpoint is untouched
});

test("adoption by id", async () => {
  const adopted = await provider.read(id, {});
  expect(adopted.props).toMatchObject({ dbClusterId: clusterId, dbEndpointId: outs.dbEndpointId, endpointType: "Custom", nodes: [reader], regionId: "cn-hangzhou" });
});

test("delete waits until the endpoint is gone and the cluster is Running; a second delete is fine", async () => {
  await provider.delete(id, outs);
  expect((await endpointsOf()).filter((e) => e.EndpointType === "Custom")).toEqual([]);
  expect((await describeCluster(emu, clusterId)).DBClusterStatus).toBe("Running");
  expect(await provider.read(id, outs)).toEqual({});
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});

test("two identical endpoints created at once get two different ids, each the one it created", async () => {
  const same = await inputs({ dbClusterId: clusterId, readWriteMode: "ReadOnly", nodes: [reader], dbEndpointDescription: "twin" });
  const [a, b] = await Promise.all([provider.create(same), provider.create(same)]);
  expect(a.id).not.toBe(b.id);
  const twins = ((await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as any[])
    .filter((e) => e.DBEndpointDescription === "twin").map((e) => `${clusterId}:${e.DBEndpointId}`).sort();
  expect([a.id, b.id].sort()).toEqual(twins);
  await Promise.all([provider.delete(a.id, a.outs), provider.delete(b.id, b.outs)]);
});
