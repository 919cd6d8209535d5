/**
 * ParameterGroup and GlobalDatabaseNetwork through the engine against the emulator: create, read,
 * import from the id alone, delete; a cluster starting with a template and applying another in
 * place; a GDN's description in place, a secondary cluster joining from another region, the
 * cloud's refusal to delete a GDN with a secondary (and what the error says), and the switch-over
 * function, after which the GDN resource still plans no change.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { switchOverGlobalDatabaseNetwork } from "../../provider/gdn-actions";
import { runtimeDeps } from "../../provider/runtime";
import { specs } from "../../resources";
import { checkedInputs, describeCluster, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
const provider = (kind: string): Provider => makeProvider(specs[kind], runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 }));
const parameter = async (clusterId: string, name: string) =>
  (await emu.client.request<any>("DescribeDBClusterParameters", { DBClusterId: clusterId })).RunningParameters.Parameter.find((x: any) => x.ParameterName === name)?.ParameterValue;

beforeAll(async () => { emu = await startTestEmulator({ timeScale: 0.001 }); });
afterAll(async () => { await emu?.stop(); });

describe("ParameterGroup", () => {
  test("create, read back, import from the id alone, used by a cluster at creation and in place, delete", async () => {
    const groups = provider("ParameterGroup");
    const clusters = provider("Cluster");
    const inputs = await checkedInputs(groups, {
      parameterGroupName: "app_template", dbType: "MySQL", dbVersion: "8.0", description: "for the app",
      parameters: [{ paramName: "wait_timeout", paramValue: "1800" }, { paramName: "innodb_old_blocks_time", paramValue: 500 }],
    });
    const { id, outs } = await groups.create(inputs);
    expect(id).toMatch(/^pcpg-[a-z0-9]+$/);
    expect(outs).toMatchObject({
      regionId: "cn-hangzhou", parameterGroupName: "app_template", dbType: "MySQL", dbVersion: "8.0", description: "for the app",
      parameters: { wait_timeout: "1800", innodb_old_blocks_time: "500" }, parameterCount: 2, forceRestart: false, parameterGroupType: "1",
    });
    const imported = await groups.read(id, {});
    expect(imported.props).toEqual(Object.fromEntries(Object.entries(outs).filter(([k]) => k !== "timeouts")));
    expect((await groups.diff(id, imported.props!, inputs)).changes).toBe(false);

    // A cluster that starts with it has its values; another template is applied in place.
    const clusterInputs = await checkedInputs(clusters, { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h", parameterGroupId: id });
    const cluster = await clusters.create(clusterInputs);
    expect([await parameter(cluster.id, "wait_timeout"), await parameter(cluster.id, "innodb_old_blocks_time")]).toEqual(["1800", "500"]);
    const second = await groups.create(await checkedInputs(groups, { parameterGroupName: "app_template_2", dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "900", max_connections: "4000" } }));
    const moved = { ...clusterInputs, parameterGroupId: second.id };
    const d = await clusters.diff(cluster.id, cluster.outs, moved);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    await clusters.update(cluster.id, cluster.outs, moved);
    expect((await describeCluster(emu, cluster.id)).DBClusterStatus).toBe("Running"); // the update waited through the restart max_connections needs
    expect([await parameter(cluster.id, "wait_timeout"), await parameter(cluster.id, "max_connections")]).toEqual(["900", "4000"]);

    await groups.delete(id, outs);
    expect(await groups.read(id, outs)).toEqual({});
    await groups.delete(second.id, second.outs);
    await groups.delete(id, outs); // gone already: done
  });

  test("a cluster naming an unknown template, or one of another version, is refused with the cloud's error", async () => {
    const clusters = provider("Cluster");
    const base = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", zoneId: "cn-hangzhou-h" };
    await expect(clusters.create(await checkedInputs(clusters, { ...base, parameterGroupId: "pcpg-doesnotexist0" }))).rejects.toThrow(/CreateDBCluster failed: ParamGroupsNotExist/);
    const groups = provider("ParameterGroup");
    const old = await groups.create(await checkedInputs(groups, { parameterGroupName: "mysql57_template", dbType: "MySQL", dbVersion: "5.7", parameters: { wait_timeout: "60" } }));
    await expect(clusters.create(await checkedInputs(clusters, { ...base, parameterGroupId: old.id }))).rejects.toThrow(/CreateDBCluster failed: InvalidParameter .*ParameterGroupId/);
    await groups.delete(old.id, old.outs);
  });
});

describe("GlobalDatabaseNetwork", () => {
  test("create from a MySQL 8.0 primary, description in place, import, a secondary from another region, refused delete, switch-over, destroy", async () => {
    const gdns = provider("GlobalDatabaseNetwork");
    const clusters = provider("Cluster");
    const primary = await runningCluster("MySQL", "gdn-primary");
    const inputs = await checkedInputs(gdns, { dbClusterId: primary, description: "GDN-fortest" });
    const { id, outs } = await gdns.create(inputs);
    expect(id).toMatch(/^gdn-[a-z0-9]+$/);
    expect(outs).toMatchObject({ dbClusterId: primary, description: "GDN-fortest", status: "active", primaryClusterId: primary, memberClusterIds: [primary], dbVersion: "8.0" });

    const renamed = { ...inputs, description: "GDN-renamed" };
    expect(await gdns.diff(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await gdns.update(id, outs, renamed)).outs!;
    expect(updated).toMatchObject({ description: "GDN-renamed", status: "active" });
    const imported = await gdns.read(id, {});
    expect(imported.props).toEqual(Object.fromEntries(Object.entries(updated).filter(([k]) => k !== "timeouts")));

    // A secondary in another region joins through the Cluster resource.
    const standbyInputs = await checkedInputs(clusters, {
      regionId: "cn-shanghai", dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", creationOption: "CreateGdnStandby", gdnId: id, description: "gdn-secondary",
    });
    const standby = await clusters.create(standbyInputs);
    expect(standby.outs).toMatchObject({ regionId: "cn-shanghai", status: "Running" });
    const withStandby = (await gdns.read(id, updated)).props!;
    expect(withStandby.clusters).toEqual([
      expect.objectContaining({ dbClusterId: primary, regionId: "cn-hangzhou", role: "primary" }),
      expect.objectContaining({ dbClusterId: standby.id, regionId: "cn-shanghai", role: "standby", status: "Running" }),
    ]);

    // The cloud refuses to delete a GDN that still holds a secondary; the error says what to do.
    const refusal = await gdns.delete(id, withStandby).then(() => undefined, (e: Error) => e.message);
    expect(refusal).toMatch(/DeleteGlobalDatabaseNetwork failed: MemberNumber\.NotSupport .*Delete the secondary clusters first/);
    expect((await gdns.read(id, withStandby)).props).toMatchObject({ status: "active" });

    // Switch-over: the function waits until the secondary is the active primary.
    const switched = await switchOverGlobalDatabaseNetwork(id, standby.id, { pollMs: 10 });
    expect(switched).toEqual({ primary: standby.id, previousPrimary: primary });
    const after = (await gdns.read(id, withStandby)).props!;
    expect(after).toMatchObject({ status: "active", primaryClusterId: standby.id, dbClusterId: primary });
    // The program still names the cluster it made the GDN from: no change; naming the new primary is in place.
    expect((await gdns.diff(id, after, renamed)).changes).toBe(false);
    expect(await gdns.diff(id, after, { ...renamed, dbClusterId: standby.id })).toMatchObject({ changes: true, replaces: [] });
    const renamedPrimary = (await gdns.update(id, after, { ...renamed, dbClusterId: standby.id })).outs!;
    expect(renamedPrimary.dbClusterId).toBe(standby.id);
    await expect(switchOverGlobalDatabaseNetwork(id, "pc-notamember000", { pollMs: 10 })).rejects.toThrow(/is not a member of/);
    expect(await switchOverGlobalDatabaseNetwork(id, standby.id, { pollMs: 10 })).toEqual({ primary: standby.id, previousPrimary: standby.id });

    // Destroy in the program's order: the secondary, then the GDN.
    await switchOverGlobalDatabaseNetwork(id, primary, { pollMs: 10 });
    await clusters.delete(standby.id, standby.outs);
    await gdns.delete(id, renamedPrimary);
    expect(await gdns.read(id, renamedPrimary)).toEqual({});
  });

  test("a GDN from a cluster that is not MySQL 8.0, or already in one, is refused with the cloud's error", async () => {
    const gdns = provider("GlobalDatabaseNetwork");
    const pg = await runningCluster("PostgreSQL", "not-for-gdn");
    await expect(gdns.create(await checkedInputs(gdns, { dbClusterId: pg }))).rejects.toThrow(/CreateGlobalDatabaseNetwork failed: InvalidEngineVersion\.Unsupported/);
    const primary = await runningCluster("MySQL", "one-gdn-only");
    const first = await gdns.create(await checkedInputs(gdns, { dbClusterId: primary }));
    expect(first.outs.description).toBe(first.id); // the cloud's default
    await expect(gdns.create(await checkedInputs(gdns, { dbClusterId: primary }))).rejects.toThrow(/MemberIns\.Exist/);
    await gdns.delete(first.id, first.outs);
  });

  test("a secondary naming an unknown GDN, or in the primary's region, is refused", async () => {
    const clusters = provider("Cluster");
    const gdns = provider("GlobalDatabaseNetwork");
    const standby = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium", creationOption: "CreateGdnStandby" };
    await expect(clusters.create(await checkedInputs(clusters, { ...standby, regionId: "cn-shanghai", gdnId: "gdn-doesnotexist0" }))).rejects.toThrow(/CreateDBCluster failed: GDN\.NotFound/);
    const gdn = await gdns.create(await checkedInputs(gdns, { dbClusterId: await runningCluster("MySQL", "same-region") }));
    await expect(clusters.create(await checkedInputs(clusters, { ...standby, gdnId: gdn.id }))).rejects.toThrow(/CreateDBCluster failed: InvalidParameter .*RegionId/);
    await gdns.delete(gdn.id, gdn.outs);
  });
});

describe("answers lost after the cloud made the object (neither create takes a ClientToken)", () => {
  afterEach(() => { emu.emulator.setFaults(""); });

  test("CreateParameterGroup and CreateGlobalDatabaseNetwork: the object is found by what it is, not made twice", async () => {
    const groups = provider("ParameterGroup");
    const gdns = provider("GlobalDatabaseNetwork");
    const primary = await runningCluster("MySQL", "lost-answers");
    emu.emulator.setFaults("CreateParameterGroup:drop=#1;CreateGlobalDatabaseNetwork:drop=#1");
    emu.emulator.resetFaultsServed();
    const group = await groups.create(await checkedInputs(groups, { parameterGroupName: "lost_answer_template", dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "120" } }));
    const gdn = await gdns.create(await checkedInputs(gdns, { dbClusterId: primary, description: "GDN-lost" }));
    expect(emu.emulator.faultsServed()).toEqual({ CreateParameterGroup: { drop: 1 }, CreateGlobalDatabaseNetwork: { drop: 1 } });
    const named = (await emu.client.request<any>("DescribeParameterGroups", { DBType: "MySQL" })).ParameterGroups.filter((g: any) => g.ParameterGroupName === "lost_answer_template");
    expect(named.map((g: any) => g.ParameterGroupId)).toEqual([group.id]);
    const mine = (await emu.client.request<any>("DescribeGlobalDatabaseNetworks", { DBClusterId: primary })).Items;
    expect(mine.map((g: any) => g.GDNId)).toEqual([gdn.id]);
    expect(gdn.outs).toMatchObject({ status: "active", description: "GDN-lost", dbClusterId: primary });
    await gdns.delete(gdn.id, gdn.outs);
    await groups.delete(group.id, group.outs);
  });
});
