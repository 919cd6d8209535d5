/**
 * The emulator driven by the OFFICIAL Alibaba SDKs (moto's discipline): a bug shared by our client
 * and our emulator would be invisible, so the independent clients are the judge.
 * - @alicloud/openapi-core (the current generated SDK's core): ACS3 by default, v1 as "v2"
 * - @alicloud/polardb20170801@1.0.0 (typed, rpc-client: v1, POST with a chunked form body)
 * - @alicloud/pop-core RPCClient: v1 GET and POST
 */
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { startEmulator, Emulator } from "../../emulator";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Polardb = require("@alicloud/polardb20170801");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { RPCClient } = require("@alicloud/pop-core");

const KEY = { id: "sdk-ak", secret: "sdk-SECRET-31c" };
let emu: Emulator;
let host: string;

beforeAll(async () => { emu = await startEmulator({ port: 0, timeScale: 0.0005, accessKeys: [KEY, { id: "sts-ak", secret: "sts-secret", securityToken: "sts-token-1" }] }); host = emu.url.replace("http://", ""); });
afterAll(async () => { await emu.close(); });

/** The current SDK's wire behaviour: exactly what generated 6.x code passes to callApi. */
function currentSdk(signatureAlgorithm?: "v2", cred: { id: string; secret: string; token?: string } = KEY) {
  const client = new OpenApi(new $OpenApiUtil.Config({ accessKeyId: cred.id, accessKeySecret: cred.secret, securityToken: cred.token, endpoint: host, protocol: "http", regionId: "cn-hangzhou", signatureAlgorithm }));
  return async (action: string, query: Record<string, unknown> = {}): Promise<any> => {
    const params = new $OpenApiUtil.Params({ action, version: "2017-08-01", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
    const res = await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: $OpenApiUtil.default.query(query) }), new $dara.RuntimeOptions({}));
    return res.body;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) { const v = await probe(); if (ok(v)) return v; await sleep(25); }
  throw new Error(`timed out waiting for ${what}`);
}

for (const scheme of ["acs3", "v1"] as const) {
  test(`full lifecycle through the current SDK core (${scheme})`, async () => {
    const call = currentSdk(scheme === "v1" ? "v2" : undefined);
    const created = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h", DBClusterDescription: `sdk ${scheme} 订单`, ClientToken: `sdk-${scheme}` });
    const id = created.DBClusterId;
    expect(id).toMatch(/^pc-[a-z0-9]{17}$/);
    // ClientToken: the same token answers the same cluster, never a second one.
    expect((await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ClientToken: `sdk-${scheme}` })).DBClusterId).toBe(id);

    const tasks = await call("DescribeTasks", { DBClusterId: id, StartTime: new Date(Date.now() - 60_000).toISOString().slice(0, 16) + "Z", EndTime: new Date(Date.now() + 3_600_000).toISOString().slice(0, 16) + "Z" });
    expect(tasks.Tasks.Task[0]).toMatchObject({ TaskAction: "CreateDBInstance", Status: "Running" });

    const attr = await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.DBClusterStatus === "Running", "Running");
    expect(attr).toMatchObject({ DBClusterId: id, DBType: "PostgreSQL", DBVersion: "11", DBClusterDescription: `sdk ${scheme} 订单`, DeletionLock: 0 });
    expect(attr.DBNodes.map((n: any) => n.DBNodeRole).sort()).toEqual(["Reader", "Writer"]);

    const list = await call("DescribeDBClusters", { RegionId: "cn-hangzhou", DBClusterIds: id });
    expect(list.Items.DBCluster[0].DBClusterId).toBe(id);
    expect(list.Items.DBCluster[0].DBNodes.DBNode).toHaveLength(2);

    await call("CreateAccount", { DBClusterId: id, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal", AccountDescription: "app user" });
    await until(() => call("DescribeAccounts", { DBClusterId: id }), (r) => r.Accounts[0]?.AccountStatus === "Available", "account");
    await call("CreateDatabase", { DBClusterId: id, DBName: "orders", CharacterSetName: "UTF8", DBDescription: "orders db", AccountName: "app", AccountPrivilege: "ReadWrite", Collate: "C", Ctype: "C" });
    const dbs = await until(() => call("DescribeDatabases", { DBClusterId: id }), (r) => r.Databases.Database[0]?.DBStatus === "Running", "database");
    expect(dbs.Databases.Database[0].Accounts.Account[0]).toMatchObject({ AccountName: "app", AccountPrivilege: "ReadWrite" });

    await call("ModifyDBClusterAccessWhitelist", { DBClusterId: id, DBClusterIPArrayName: "app", SecurityIps: "10.0.0.0/24,10.1.2.3" });
    const wl = await call("DescribeDBClusterAccessWhitelist", { DBClusterId: id });
    expect(wl.Items.DBClusterIPArray.find((g: any) => g.DBClusterIPArrayName === "app").SecurityIps).toBe("10.0.0.0/24,10.1.2.3");

    // The cluster is busy while the endpoint is created: held there, it refuses mutations as the cloud does.
    const since = Date.now();
    const creating = emu.hold({ clusterId: id, kind: "clusterSettled" });
    await call("CreateDBClusterEndpoint", { DBClusterId: id, EndpointType: "Custom", ReadWriteMode: "ReadOnly", DBEndpointDescription: "reporting" });
    const eps = await call("DescribeDBClusterEndpoints", { DBClusterId: id });
    expect(eps.Items.find((e: any) => e.EndpointType === "Custom").AddressItems[0].ConnectionString).toMatch(/polardb/);
    expect((await call("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus).toBe("NetAddressCreating");
    await expect(call("CreateDBNodes", { DBClusterId: id, DBNode: [{ TargetClass: "polar.pg.x4.medium" }] })).rejects.toMatchObject({ code: "OperationDenied.DBClusterStatus", statusCode: 403 });
    creating.release();
    expect((await call("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus).toBe("Running");
    expect(emu.history({ clusterId: id, object: "cluster", since }).map((e) => [e.from, e.to])).toEqual([["Running", "NetAddressCreating"], ["NetAddressCreating", "Running"]]);

    const nodes = await call("CreateDBNodes", { DBClusterId: id, DBNode: [{ TargetClass: "polar.pg.x4.medium" }] });
    const newNode = nodes.DBNodeIds.DBNodeId[0];
    await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.DBClusterStatus === "Running" && a.DBNodes.length === 3, "node");
    await call("DeleteDBNodes", { DBClusterId: id, DBNodeId: [newNode] });
    await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.DBClusterStatus === "Running" && a.DBNodes.length === 2, "node gone");

    await call("DeleteDBCluster", { DBClusterId: id });
    await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }).then(() => false, (e) => e.code === "InvalidDBClusterId.NotFound"), (gone) => gone, "cluster gone");
  });
}

test("the typed 1.0.0 SDK (rpc-client, chunked form POST) reads the documented shapes", async () => {
  const client = new Polardb.default({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: host, protocol: "http", regionId: "cn-hangzhou" });
  const regions = await client.describeRegions(new Polardb.DescribeRegionsRequest({}));
  expect(regions.regions.region.find((r: any) => r.regionId === "cn-hangzhou").zones.zone.length).toBeGreaterThan(0);
  // the typed model of CreateDBCluster has no RegionId (a documented SDK gap): the documented MissingParameter answers it
  await expect(client.createDBCluster(new Polardb.CreateDBClusterRequest({ DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", payType: "Postpaid" })))
    .rejects.toMatchObject({ code: "MissingParameterError" });
  const id = (await currentSdk()("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" })).DBClusterId;
  const list = await client.describeDBClusters(new Polardb.DescribeDBClustersRequest({ regionId: "cn-hangzhou" }));
  expect(list.items.DBCluster.map((c: any) => c.DBClusterId)).toContain(id);
  const attr = await client.describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({ DBClusterId: id }));
  expect(attr.DBClusterId).toBe(id);
  expect(attr.DBNodes.length).toBe(2);
  const err = await client.describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({ DBClusterId: "pc-doesnotexist00000" })).catch((e: any) => e);
  expect(err.code).toBe("InvalidDBClusterId.NotFoundError");
  expect(err.message).toContain("code: 404");
});

test("pop-core RPCClient, GET and POST", async () => {
  const pop = new RPCClient({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url, apiVersion: "2017-08-01" });
  const regions = await pop.request("DescribeRegions", {});
  expect(regions.Regions.Region.length).toBeGreaterThan(5);
  const posted = await pop.request("DescribeRegions", {}, { method: "POST" });
  expect(posted.Regions.Region.length).toBe(regions.Regions.Region.length);
  const bad = new RPCClient({ accessKeyId: KEY.id, accessKeySecret: "nope", endpoint: emu.url, apiVersion: "2017-08-01" });
  await expect(bad.request("DescribeRegions", {})).rejects.toMatchObject({ code: "SignatureDoesNotMatch" });
});

describe("each documented error class, surfaced by the current SDK as its normal error", () => {
  test("wrong signature → SignatureDoesNotMatch 400 (ACS3 and v1)", async () => {
    for (const alg of [undefined, "v2"] as const) {
      const err = await currentSdk(alg, { id: KEY.id, secret: "wrong" })("DescribeRegions").catch((e) => e);
      expect(err).toMatchObject({ code: "SignatureDoesNotMatch", statusCode: 400 });
      expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);
    }
  });
  test("unknown AccessKeyId → InvalidAccessKeyId.NotFound 404", async () => {
    await expect(currentSdk(undefined, { id: "nobody", secret: "x" })("DescribeRegions")).rejects.toMatchObject({ code: "InvalidAccessKeyId.NotFound", statusCode: 404 });
  });
  test("STS: the right token passes, a wrong one is refused", async () => {
    await expect(currentSdk(undefined, { id: "sts-ak", secret: "sts-secret", token: "sts-token-1" })("DescribeRegions")).resolves.toHaveProperty("Regions");
    await expect(currentSdk("v2", { id: "sts-ak", secret: "sts-secret", token: "sts-token-1" })("DescribeRegions")).resolves.toHaveProperty("Regions");
    await expect(currentSdk(undefined, { id: "sts-ak", secret: "sts-secret", token: "forged" })("DescribeRegions")).rejects.toMatchObject({ code: "InvalidSecurityToken.MismatchWithAccessKey" });
  });
  test("unknown action → InvalidAction 403; unknown version → InvalidParameter 400", async () => {
    await expect(currentSdk()("DescribeUnicorns")).rejects.toMatchObject({ code: "InvalidAction", statusCode: 403 });
    const pop = new RPCClient({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url, apiVersion: "2099-01-01" });
    await expect(pop.request("DescribeRegions", {})).rejects.toMatchObject({ code: "InvalidParameter" });
  });
  test("validation errors carry the seed's codes", async () => {
    const call = currentSdk();
    await expect(call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-beijing-h" }))
      .rejects.toMatchObject({ code: "Location.FailedGetSubDomain", statusCode: 400 });
    await expect(call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "12", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" }))
      .rejects.toMatchObject({ code: "InvalidEngineVersionInRegion.NotAvailable", statusCode: 403 });
    await expect(call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", PayType: "Postpaid" }))
      .rejects.toMatchObject({ code: "MissingParameter", statusCode: 400 });
    await expect(call("DescribeDBClusterAttribute", { DBClusterId: "pc-nope" })).rejects.toMatchObject({ code: "InvalidDBClusterId.NotFound", statusCode: 404 });
  });
});
