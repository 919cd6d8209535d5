/**
 * ParameterGroup and GlobalDatabaseNetwork: their input rules and diffs (no API call), and the
 * emulator's parameter templates and GDNs on a hand-moved clock — the cloud's refusals (codes as
 * documented), GDNStatus by time, a secondary joining through CreateDBCluster CreateGdnStandby,
 * and a template's values landing in a new cluster's parameters.
 */
import { createBackend } from "../../emulator/backend";
import type { DispatchRequest } from "../../emulator/backend-api";
import { manualClock } from "../../emulator/clock";
import { GDN_DURATIONS } from "../../emulator/polardb/gdn";
import { systemParameterGroupId } from "../../emulator/polardb/parameter-groups";
import { UNKNOWN } from "../../provider/spec";
import { globalDatabaseNetworkSpec } from "../../resources/global-database-network";
import { parameterGroupSpec } from "../../resources/parameter-group";
import { offlineProvider } from "../helpers/offline-provider";

const MIN = 60_000;

describe("ParameterGroup inputs", () => {
  const off = offlineProvider(parameterGroupSpec);
  afterEach(() => expect(off.calls).toEqual([]));
  const valid = { parameterGroupName: "tf_testAcc", dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "86400", innodb_old_blocks_time: 1000 } };

  test("valid inputs pass; numbers become strings; the peer's list form and name are accepted", async () => {
    expect(await off.valid(valid)).toMatchObject({ parameters: { wait_timeout: "86400", innodb_old_blocks_time: "1000" } });
    const peer = await off.valid({ name: "tf_testAcc", dbType: "MySQL", dbVersion: "8.0", description: "x", parameters: [{ paramName: "wait_timeout", paramValue: "86400" }] });
    expect(peer).toMatchObject({ parameterGroupName: "tf_testAcc", parameters: { wait_timeout: "86400" } });
    expect(peer.name).toBeUndefined();
  });

  test.each([
    [{ parameterGroupName: "short" }, "parameterGroupName", /8–64 characters/],
    [{ parameterGroupName: "1starts_with_digit" }, "parameterGroupName", /starting with a letter/],
    [{ parameterGroupName: "ends_with_under_" }, "parameterGroupName", /not ending with _/],
    [{ parameterGroupName: `a${"b".repeat(64)}` }, "parameterGroupName", /8–64/],
    [{ dbType: "PostgreSQL" }, "dbType", /only PolarDB for MySQL has parameter templates/],
    [{ dbVersion: "8.1" }, "dbVersion", /"5.6", "5.7" or "8.0"/],
    [{ description: "d".repeat(200) }, "description", /at most 199/],
    [{ parameters: {} }, "parameters", /at least one parameter/],
    [{ parameters: "wait_timeout=1" }, "parameters", /map of name → value/],
  ])("%j fails on %s", async (change, property, reason) => {
    expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("both spellings of the name with different values are refused", async () => {
    expect(await off.failures({ ...valid, name: "another_name" })).toEqual([{ property: "name", reason: expect.stringMatching(/another name for parameterGroupName/) }]);
  });

  test("every change replaces the template, the old one first; values compare as strings in any order", async () => {
    const olds = { ...valid, parameters: { wait_timeout: "86400", innodb_old_blocks_time: "1000" }, regionId: "cn-hangzhou" };
    const same = await off.provider.diff("pcpg-a", olds, { ...valid, parameters: { innodb_old_blocks_time: 1000, wait_timeout: "86400" } });
    expect(same.changes).toBe(false);
    for (const change of [{ description: "new" }, { parameters: { wait_timeout: "100" } }, { dbVersion: "5.7" }, { parameterGroupName: "another_one" }]) {
      const d = await off.provider.diff("pcpg-a", olds, { ...valid, ...change });
      expect(d).toMatchObject({ changes: true, deleteBeforeReplace: true });
      expect(d.replaces).toEqual(Object.keys(change));
    }
  });
});

describe("GlobalDatabaseNetwork inputs", () => {
  const off = offlineProvider(globalDatabaseNetworkSpec);
  afterEach(() => expect(off.calls).toEqual([]));
  const valid = { dbClusterId: "pc-primary1", description: "GDN-fortest" };
  const olds = { ...valid, regionId: "cn-hangzhou", status: "active", primaryClusterId: "pc-standby1", memberClusterIds: ["pc-primary1", "pc-standby1"] };

  test.each([
    [{ dbClusterId: "rm-abc" }, "dbClusterId", /pass cluster.id/],
    [{ description: "1starts-with-digit" }, "description", /a letter first/],
    [{ description: "http://x" }, "description", /a letter first/],
    [{ description: "has space" }, "description", /letters, digits, _ and -/],
    [{ description: "a" }, "description", /2–126/],
    [{ description: `a${"b".repeat(126)}` }, "description", /2–126/],
  ])("%j fails on %s", async (change, property, reason) => {
    expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("the description changes in place", async () => {
    expect(await off.provider.diff("gdn-a", olds, { ...valid, description: "GDN-other" })).toMatchObject({ changes: true, replaces: [] });
  });

  test("dbClusterId: another member (after a switch-over) in place, a cluster outside the GDN or an unknown one replaces", async () => {
    expect(await off.provider.diff("gdn-a", olds, { ...valid, dbClusterId: "pc-standby1" })).toMatchObject({ changes: true, replaces: [] });
    expect((await off.provider.diff("gdn-a", olds, { ...valid, dbClusterId: "pc-stranger" })).replaces).toEqual(["dbClusterId"]);
    expect((await off.provider.diff("gdn-a", olds, { ...valid, dbClusterId: UNKNOWN })).replaces).toEqual(["dbClusterId"]);
  });
});

// ----- the emulator ------------------------------------------------------------------------------

function world() {
  const clock = manualClock(Date.UTC(2026, 0, 1), 1);
  const backend = createBackend({ clock, seed: 23 });
  const call = (action: string, params: Record<string, string> = {}): any =>
    backend.dispatch({ product: "polardb", action, version: "2017-08-01", params, accessKeyId: "k", requestId: "r" } as DispatchRequest);
  const code = (action: string, params: Record<string, string>) => { try { call(action, params); return "OK"; } catch (e: any) { return e.code; } };
  const mysql = { DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };
  const create = (extra: Record<string, string> = {}, region = "cn-hangzhou") => {
    const { DBClusterId } = call("CreateDBCluster", { RegionId: region, ...mysql, ...extra });
    clock.advance(20 * MIN);
    return DBClusterId as string;
  };
  const gdn = (id: string) => call("DescribeGlobalDatabaseNetwork", { GDNId: id });
  const parameter = (clusterId: string, name: string) =>
    call("DescribeDBClusterParameters", { DBClusterId: clusterId }).RunningParameters.Parameter.find((x: any) => x.ParameterName === name)?.ParameterValue;
  return { clock, call, code, create, gdn, parameter };
}

describe("emulator: parameter templates", () => {
  const group = { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", ParameterGroupName: "app_template", Parameters: JSON.stringify({ wait_timeout: "1800", max_connections: "3000" }) };

  test("create, describe with its values, list with the system templates, delete", () => {
    const w = world();
    const { ParameterGroupId: id } = w.call("CreateParameterGroup", { ...group, ParameterGroupDesc: "for the app" });
    expect(id).toMatch(/^pcpg-[a-z0-9]+$/);
    const [g] = w.call("DescribeParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: id }).ParameterGroup;
    expect(g).toMatchObject({ ParameterGroupId: id, ParameterGroupName: "app_template", ParameterGroupDesc: "for the app", DBType: "MySQL", DBVersion: "8.0",
      ParameterCounts: 2, ForceRestart: "1", ParameterGroupType: "1", CreateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
    expect(g.ParameterDetail).toEqual([{ ParamName: "wait_timeout", ParamValue: "1800" }, { ParamName: "max_connections", ParamValue: "3000" }]);
    const listed = w.call("DescribeParameterGroups", { RegionId: "cn-hangzhou", DBVersion: "8.0" }).ParameterGroups;
    expect(listed.map((x: any) => [x.ParameterGroupId, x.ParameterGroupType])).toEqual([[systemParameterGroupId("cn-hangzhou", "8.0"), "0"], [id, "1"]]);
    expect(w.call("DescribeParameterGroups", { RegionId: "cn-shanghai" }).ParameterGroups.map((x: any) => x.ParameterGroupType)).toEqual(["0", "0", "0"]);
    expect(w.code("DescribeParameterGroup", { RegionId: "cn-shanghai", ParameterGroupId: id })).toBe("ParamGroupsNotExist"); // templates are regional
    w.call("DeleteParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: id });
    expect(w.code("DescribeParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: id })).toBe("ParamGroupsNotExist");
    expect(w.code("DeleteParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: id })).toBe("ParamGroupsNotExist");
    expect(w.code("DeleteParameterGroup", { RegionId: "cn-hangzhou", ParameterGroupId: systemParameterGroupId("cn-hangzhou", "8.0") })).toBe("InvalidParameter");
  });

  test("the name, engine, version, description and parameter rules", () => {
    const w = world();
    expect(w.code("CreateParameterGroup", { ...group, ParameterGroupName: "short" })).toBe("InvalidParameterGroupName.Malformed");
    expect(w.code("CreateParameterGroup", { ...group, ParameterGroupName: "trailing_" })).toBe("InvalidParameterGroupName.Malformed");
    expect(w.code("CreateParameterGroup", { ...group, DBType: "PostgreSQL" })).toBe("InvalidDBType.ValueNotSupported");
    expect(w.code("CreateParameterGroup", { ...group, DBVersion: "8.1" })).toBe("InvalidDBVersion.ValueNotSupported");
    expect(w.code("CreateParameterGroup", { ...group, ParameterGroupDesc: "d".repeat(200) })).toBe("InvalidParameterGroupDesc.Malformed");
    expect(w.code("CreateParameterGroup", { ...group, Parameters: JSON.stringify({ no_such_parameter: "1" }) })).toBe("InvalidParameter");
    expect(w.code("CreateParameterGroup", { ...group, Parameters: JSON.stringify({ wait_timeout: "0" }) })).toBe("InvalidParameter");
    expect(w.code("CreateParameterGroup", { ...group, Parameters: undefined as unknown as string })).toBe("MissingParameter");
    expect(w.code("CreateParameterGroup", { ...group, RegionId: "xx-nowhere-1" })).toBe("InvalidRegionId.NotFound");
  });

  test("CreateDBCluster starts with a template's values; refuses an unknown one, one of another version or region, and on PostgreSQL", () => {
    const w = world();
    const { ParameterGroupId: id } = w.call("CreateParameterGroup", group);
    const c = w.create({ ParameterGroupId: id });
    expect([w.parameter(c, "wait_timeout"), w.parameter(c, "max_connections"), w.parameter(c, "default_time_zone")]).toEqual(["1800", "3000", "SYSTEM"]);
    // An explicit option beats the template: DefaultTimeZone sets default_time_zone.
    const { ParameterGroupId: tz } = w.call("CreateParameterGroup", { ...group, ParameterGroupName: "tz_template", Parameters: JSON.stringify({ default_time_zone: "+8:00" }) });
    expect(w.parameter(w.create({ ParameterGroupId: tz }), "default_time_zone")).toBe("+8:00");
    expect(w.parameter(w.create({ ParameterGroupId: tz, DefaultTimeZone: "+09:00" }), "default_time_zone")).toBe("+9:00");
    const base = { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };
    expect(w.code("CreateDBCluster", { ...base, ParameterGroupId: "pcpg-doesnotexist0" })).toBe("ParamGroupsNotExist");
    expect(w.code("CreateDBCluster", { ...base, DBVersion: "5.7", ParameterGroupId: id })).toBe("InvalidParameter");
    expect(w.code("CreateDBCluster", { ...base, RegionId: "cn-shanghai", ParameterGroupId: id })).toBe("ParamGroupsNotExist");
    expect(w.code("CreateDBCluster", { ...base, DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", ParameterGroupId: id })).toBe("InvalidParameter");
    // The system template of the version works like any other.
    expect(w.parameter(w.create({ ParameterGroupId: systemParameterGroupId("cn-hangzhou", "8.0") }), "wait_timeout")).toBe("86400");
  });

  test("ModifyDBClusterParameters applies a template in place (a restart when one of its parameters needs it)", () => {
    const w = world();
    const c = w.create();
    const { ParameterGroupId: id } = w.call("CreateParameterGroup", group);
    w.call("ModifyDBClusterParameters", { DBClusterId: c, ParameterGroupId: id });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: c }).DBClusterStatus).toBe("Rebooting"); // max_connections restarts
    w.clock.advance(10 * MIN);
    expect([w.parameter(c, "wait_timeout"), w.parameter(c, "max_connections")]).toEqual(["1800", "3000"]);
    expect(w.code("ModifyDBClusterParameters", { DBClusterId: c, ParameterGroupId: "pcpg-doesnotexist0" })).toBe("ParamGroupsNotExist");
  });
});

describe("emulator: Global Database Networks", () => {
  test("creating → active by time; describe and list in the SDK's shapes; description in place", () => {
    const w = world();
    const primary = w.create();
    const { GDNId: id } = w.call("CreateGlobalDatabaseNetwork", { DBClusterId: primary, GDNDescription: "GDN-fortest" });
    expect(id).toMatch(/^gdn-[a-z0-9]+$/);
    expect(w.gdn(id)).toMatchObject({ GDNId: id, GDNStatus: "creating", GDNDescription: "GDN-fortest", DBType: "MySQL", DBVersion: "8.0", DBClusterId: primary });
    w.clock.advance(GDN_DURATIONS.create * 1.3);
    const g = w.gdn(id);
    expect(g.GDNStatus).toBe("active");
    expect(g.DBClusters).toEqual([expect.objectContaining({ DBClusterId: primary, Role: "primary", RegionId: "cn-hangzhou", DBClusterStatus: "Running" })]);
    expect(g.DBClusters[0].DBNodes.length).toBe(2);
    w.call("ModifyGlobalDatabaseNetwork", { GDNId: id, GDNDescription: "GDN-renamed" });
    expect(w.gdn(id).GDNDescription).toBe("GDN-renamed");
    const list = w.call("DescribeGlobalDatabaseNetworks", { DBClusterId: primary });
    expect(list).toMatchObject({ TotalRecordCount: 1, Items: [{ GDNId: id, GDNStatus: "active", DBClusters: [{ DBClusterId: primary, RegionId: "cn-hangzhou", Role: "primary" }] }] });
    expect(w.call("DescribeGlobalDatabaseNetworks", { FilterRegion: "cn-hangzhou" }).TotalRecordCount).toBe(0); // the primary's region takes no secondary
    expect(w.call("DescribeGlobalDatabaseNetworks", { FilterRegion: "cn-shanghai" }).TotalRecordCount).toBe(1);
  });

  test("the cloud's refusals at create", () => {
    const w = world();
    const mysql57 = w.create({ DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium" });
    expect(w.code("CreateGlobalDatabaseNetwork", { DBClusterId: mysql57 })).toBe("InvalidEngineVersion.Unsupported");
    expect(w.code("CreateGlobalDatabaseNetwork", { DBClusterId: "pc-doesnotexist0" })).toBe("InvalidDBCluster.NotFound");
    const primary = w.create();
    w.call("CreateGlobalDatabaseNetwork", { DBClusterId: primary });
    expect(w.code("CreateGlobalDatabaseNetwork", { DBClusterId: primary })).toBe("MemberIns.Exist"); // one GDN per cluster
    expect(w.code("CreateGlobalDatabaseNetwork", { DBClusterId: w.create(), GDNDescription: "1-bad" })).toBe("InvalidParameter");
    expect(w.code("DescribeGlobalDatabaseNetwork", { GDNId: "gdn-doesnotexist0" })).toBe("GDN.NotFound");
  });

  test("a secondary joins through CreateDBCluster CreateGdnStandby in another region; delete is refused while it exists, switch-over swaps the roles", () => {
    const w = world();
    const primary = w.create();
    const { GDNId: id } = w.call("CreateGlobalDatabaseNetwork", { DBClusterId: primary });
    const standby = { CreationOption: "CreateGdnStandby", GDNId: id };
    // Not yet active; then: unknown GDN, the primary's own region.
    expect(w.code("CreateDBCluster", { RegionId: "cn-shanghai", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ...standby })).toBe("OperationDenied.DBClusterStatus");
    w.clock.advance(GDN_DURATIONS.create * 1.3);
    expect(w.code("CreateDBCluster", { RegionId: "cn-shanghai", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ...standby, GDNId: "gdn-doesnotexist0" })).toBe("GDN.NotFound");
    expect(w.code("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ...standby })).toBe("InvalidParameter");
    const secondary = w.create(standby, "cn-shanghai");
    expect(w.gdn(id).DBClusters.map((c: any) => [c.DBClusterId, c.RegionId, c.Role])).toEqual([[primary, "cn-hangzhou", "primary"], [secondary, "cn-shanghai", "standby"]]);
    expect(w.code("CreateGlobalDatabaseNetwork", { DBClusterId: secondary })).toBe("MemberIns.Exist");
    expect(w.code("DeleteGlobalDatabaseNetwork", { GDNId: id })).toBe("MemberNumber.NotSupport");

    w.call("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: secondary });
    expect(w.gdn(id).GDNStatus).toBe("locked");
    expect(w.code("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: secondary })).toBe("OperationDenied.DBClusterStatus");
    w.clock.advance(GDN_DURATIONS.switchOver * 1.3);
    expect(w.gdn(id)).toMatchObject({ GDNStatus: "active", DBClusterId: secondary });
    expect(w.gdn(id).DBClusters.map((c: any) => [c.DBClusterId, c.Role])).toEqual([[secondary, "primary"], [primary, "standby"]]);
    expect(w.code("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: secondary })).toBe("InvalidParameter"); // already the primary
    expect(w.code("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: "pc-doesnotexist0" })).toBe("InvalidDBCluster.NotFound");

    // Back, then the secondary goes and the GDN can go.
    w.call("SwitchOverGlobalDatabaseNetwork", { GDNId: id, DBClusterId: primary });
    w.clock.advance(GDN_DURATIONS.switchOver * 1.3);
    w.call("DeleteDBCluster", { DBClusterId: secondary });
    expect(w.code("DeleteGlobalDatabaseNetwork", { GDNId: id })).toBe("MemberNumber.NotSupport"); // still being released
    w.clock.advance(10 * MIN);
    w.call("DeleteGlobalDatabaseNetwork", { GDNId: id });
    expect(w.gdn(id).GDNStatus).toBe("deleting");
    w.clock.advance(GDN_DURATIONS.delete * 1.3);
    expect(w.code("DescribeGlobalDatabaseNetwork", { GDNId: id })).toBe("GDN.NotFound");
    expect(w.call("CreateGlobalDatabaseNetwork", { DBClusterId: primary }).GDNId).toMatch(/^gdn-/); // free to join another
  });

  test("at most four secondaries", () => {
    const w = world();
    const { GDNId: id } = w.call("CreateGlobalDatabaseNetwork", { DBClusterId: w.create() });
    w.clock.advance(GDN_DURATIONS.create * 1.3);
    const standby = { CreationOption: "CreateGdnStandby", GDNId: id };
    for (const region of ["cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-qingdao"]) w.create(standby, region);
    expect(w.code("CreateDBCluster", { RegionId: "ap-southeast-1", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ...standby })).toBe("MemberNumber.NotSupport");
  });
});
