/**
 * The endpoint APIs ClusterEndpoint, PrimaryEndpoint and the private address use, judged by
 * today's official Python SDK (alibabacloud-polardb20170801 9.2.1): DescribeDBClusterEndpoints in
 * the SDK's model (every endpoint type has a name), ModifyDBClusterEndpoint on the Cluster and
 * Primary endpoints (what each type allows), ModifyDBEndpointAddress with NetType Private (prefix,
 * port) and the cloud's refusals with their codes and HTTP statuses.
 */
import { runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;
let mysql: string;
let pg: string;

beforeAll(async () => {
  await sdkPython(); // the first run on a machine installs the SDK from PyPI
  emu = await startTestEmulator({ timeScale: 0.001 });
  sdk = pythonSdk(emu);
  [mysql, pg] = await Promise.all([runningCluster("MySQL", "sdk-endpoints"), runningCluster("PostgreSQL", "sdk-endpoints-pg")]);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

const body = okBody;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function running(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await emu.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus === "Running") return;
    await sleep(10);
  }
  throw new Error(`${id} did not return to Running`);
}
const endpoints = async (id: string) => body(await sdk.call("DescribeDBClusterEndpoints", { DBClusterId: id })).Items as any[];
const ofType = async (id: string, type: string) => (await endpoints(id)).find((e) => e.EndpointType === type);

test("DescribeDBClusterEndpoints: the SDK reads exactly what the emulator sends; the Cluster and Primary endpoints are there from the start", async () => {
  const viaSdk = body(await sdk.call("DescribeDBClusterEndpoints", { DBClusterId: mysql }));
  const raw = await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: mysql });
  expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined }); // no field the SDK's model lacks
  expect(viaSdk.Items.map((e: any) => e.EndpointType).sort()).toEqual(["Cluster", "Primary"]);
  for (const e of viaSdk.Items) {
    expect(e).toMatchObject({ DBEndpointId: expect.stringMatching(/^pe-/), DBEndpointDescription: "", ReadWriteMode: "ReadWrite" });
    expect(e.AddressItems).toEqual([expect.objectContaining({ NetType: "Private", Port: "3306", ConnectionString: expect.any(String) })]);
  }
});

test("ModifyDBClusterEndpoint: the Cluster endpoint takes name, nodes, mode, auto-add and settings; the Primary endpoint its name only", async () => {
  const cluster = await ofType(mysql, "Cluster");
  const primary = await ofType(mysql, "Primary");
  const node = cluster.Nodes.split(",")[0];
  body(await sdk.call("ModifyDBClusterEndpoint", {
    DBClusterId: mysql, DBEndpointId: cluster.DBEndpointId, DBEndpointDescription: "orders-ro", Nodes: node, ReadWriteMode: "ReadOnly",
    AutoAddNewNodes: "Disable", EndpointConfig: '{"ConsistLevel":"0"}',
  }));
  await running(mysql);
  expect(await ofType(mysql, "Cluster")).toMatchObject({ DBEndpointDescription: "orders-ro", Nodes: node, ReadWriteMode: "ReadOnly", AutoAddNewNodes: "Disable", EndpointConfig: '{"ConsistLevel":"0"}' });

  body(await sdk.call("ModifyDBClusterEndpoint", { DBClusterId: mysql, DBEndpointId: primary.DBEndpointId, DBEndpointDescription: "writer" }));
  await running(mysql);
  expect(await ofType(mysql, "Primary")).toMatchObject({ DBEndpointDescription: "writer" });

  const refused = await sdk.calls(["Nodes", "ReadWriteMode", "AutoAddNewNodes", "EndpointConfig"].map((name) => ({
    action: "ModifyDBClusterEndpoint",
    params: { DBClusterId: mysql, DBEndpointId: primary.DBEndpointId, [name]: { Nodes: node, ReadWriteMode: "ReadOnly", AutoAddNewNodes: "Enable", EndpointConfig: "{}" }[name] },
  })));
  for (const [i, name] of ["Nodes", "ReadWriteMode", "AutoAddNewNodes", "EndpointConfig"].entries()) {
    expect(refused[i]).toMatchObject({ ok: false, code: "OperationDenied.EndpointType", statusCode: 403, message: expect.stringContaining(name) });
  }
});

test("ModifyDBEndpointAddress, NetType Private: prefix and port change", async () => {
  const primary = await ofType(mysql, "Primary");
  body(await sdk.call("ModifyDBEndpointAddress", { DBClusterId: mysql, DBEndpointId: primary.DBEndpointId, NetType: "Private", ConnectionStringPrefix: "orders-primary", Port: "3307" }));
  await running(mysql);
  const address = (await ofType(mysql, "Primary")).AddressItems.find((a: any) => a.NetType === "Private");
  expect(address).toMatchObject({ ConnectionString: expect.stringMatching(/^orders-primary\.cn-hangzhou\./), Port: "3307" });
  // The port alone.
  body(await sdk.call("ModifyDBEndpointAddress", { DBClusterId: mysql, DBEndpointId: primary.DBEndpointId, NetType: "Private", Port: "3308" }));
  await running(mysql);
  expect((await ofType(mysql, "Primary")).AddressItems[0]).toMatchObject({ ConnectionString: address.ConnectionString, Port: "3308" });
});

test("ModifyDBEndpointAddress refusals: nothing changes, a taken address, a malformed port or prefix, a port on PostgreSQL, no such address", async () => {
  const primary = await ofType(mysql, "Primary");
  const cluster = await ofType(mysql, "Cluster");
  const current = primary.AddressItems[0];
  const pgPrimary = await ofType(pg, "Primary");
  const at = { DBClusterId: mysql, DBEndpointId: primary.DBEndpointId, NetType: "Private" };
  const [same, taken, low, word, prefix, pgPort, publicMissing] = await sdk.calls([
    { action: "ModifyDBEndpointAddress", params: { ...at, ConnectionStringPrefix: current.ConnectionString.split(".")[0], Port: current.Port } },
    { action: "ModifyDBEndpointAddress", params: { ...at, ConnectionStringPrefix: cluster.AddressItems[0].ConnectionString.split(".")[0] } },
    { action: "ModifyDBEndpointAddress", params: { ...at, Port: "2999" } },
    { action: "ModifyDBEndpointAddress", params: { ...at, Port: "33o7" } },
    { action: "ModifyDBEndpointAddress", params: { ...at, ConnectionStringPrefix: "Orders" } },
    { action: "ModifyDBEndpointAddress", params: { DBClusterId: pg, DBEndpointId: pgPrimary.DBEndpointId, NetType: "Private", Port: "3307" } },
    { action: "ModifyDBEndpointAddress", params: { ...at, NetType: "Public", Port: "3307" } },
  ]);
  expect(same).toMatchObject({ ok: false, code: "InvalidConnectionString.Duplicate", statusCode: 400 });
  expect(taken).toMatchObject({ ok: false, code: "InvalidConnectionStringPrefix.Duplicated", statusCode: 403 });
  expect(low).toMatchObject({ ok: false, code: "InvalidPort.Malformed", statusCode: 400 });
  expect(word).toMatchObject({ ok: false, code: "InvalidPort.Malformed", statusCode: 400 });
  expect(prefix).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("ConnectionStringPrefix") });
  expect(pgPort).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400, message: expect.stringContaining("Port") });
  expect(publicMissing).toMatchObject({ ok: false, code: "InvalidNetType.NotFound", statusCode: 404 });
  // None of them changed anything.
  expect((await ofType(mysql, "Primary")).AddressItems[0]).toEqual(current);
});

test("ModifyDBClusterSSL on the Cluster endpoint's private address, read back by DescribeDBClusterSSL in the SDK's model", async () => {
  const cluster = await ofType(mysql, "Cluster");
  body(await sdk.call("ModifyDBClusterSSL", { DBClusterId: mysql, DBEndpointId: cluster.DBEndpointId, NetType: "Private", SSLEnabled: "Enable", SSLAutoRotate: "Enable" }));
  await running(mysql);
  const viaSdk = body(await sdk.call("DescribeDBClusterSSL", { DBClusterId: mysql }));
  const raw = await emu.client.request<any>("DescribeDBClusterSSL", { DBClusterId: mysql });
  expect({ ...viaSdk, RequestId: undefined }).toEqual({ ...raw, RequestId: undefined });
  expect(viaSdk.Items.find((i: any) => i.DBEndpointId === cluster.DBEndpointId)).toMatchObject({ SSLEnabled: "Enabled", SSLConnectionString: cluster.AddressItems[0].ConnectionString });
});
