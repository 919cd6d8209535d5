/**
 * The TDE and hot standby inputs of Cluster (resources/cluster-encryption.ts, cluster-availability.ts)
 * and Node's hotReplicaMode: the forms and the reference's rules, each naming the field; what preview
 * refuses outright; which changes are in place; the calls a change makes; how the describes read back.
 */
import { availabilityNote, availabilityOutputs, availabilityReplaces, availabilityUpdate } from "../../resources/cluster-availability";
import { clusterInputs, clusterSpec } from "../../resources/cluster";
import { encryptionCreateParams, encryptionForbidden, encryptionNote, encryptionOutputs, encryptionUpdate } from "../../resources/cluster-encryption";
import { nodeInputs } from "../../resources/node";

const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
const pg = { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.x4.medium" };
const KEY = "0275bd3f-fdbb-4d8c-846b-71b2110a1b2c";
const ROLE = "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole";

/** The issues zod reports, as { field: message }. */
function issues(raw: Record<string, unknown>): Record<string, string> {
  const r = clusterInputs.safeParse(raw);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("forms and rules, naming the field", () => {
  test.each([
    [{ ...mysql, tdeStatus: true, encryptionKey: "not a key!" }, "encryptionKey", /a KMS key id/],
    [{ ...mysql, tdeStatus: true, encryptionKey: KEY, roleArn: "arn:aws:iam::1:role/x" }, "roleArn", /a RAM role ARN such as "acs:ram::/],
    [{ ...mysql, encryptionKey: KEY }, "encryptionKey", /applies with tdeStatus: true only/],
    [{ ...mysql, encryptNewTables: "ON" }, "encryptNewTables", /applies with tdeStatus: true only/],
    [{ ...mysql, tdeStatus: false, encryptionKey: KEY, encryptNewTables: "ON" }, "tdeStatus", /is false while encryptionKey, encryptNewTables are set\. TDE cannot be turned off once it is on/],
    [{ ...mysql, dbVersion: "5.7", tdeStatus: true, encryptNewTables: "ON" }, "encryptNewTables", /is a MySQL 8\.0 setting.*MySQL 5\.7 cluster does not take it/],
    [{ ...pg, tdeStatus: true, encryptNewTables: "OFF" }, "encryptNewTables", /PostgreSQL 14 cluster does not take it/],
    [{ ...mysql, tdeStatus: true, encryptionKey: KEY, enableAutomaticRotation: true }, "enableAutomaticRotation", /PostgreSQL\/Oracle setting/],
    [{ ...pg, tdeStatus: true, enableAutomaticRotation: true }, "enableAutomaticRotation", /rotates a custom key only: set encryptionKey too/],
    [{ ...pg, tdeStatus: true, roleArn: ROLE }, "roleArn", /set encryptionKey too/],
    [{ ...mysql, hotStandbyCluster: "MAYBE" }, "hotStandbyCluster", /must be "ON", "OFF" or "EQUAL"/],
    [{ ...pg, hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k" }, "hotStandbyCluster", /"EQUAL".*is a MySQL option/],
    [{ ...mysql, hotStandbyCluster: "EQUAL" }, "standbyAz", /is required with hotStandbyCluster "EQUAL"/],
    [{ ...mysql, hotStandbyCluster: "OFF", standbyAz: "cn-hangzhou-k" }, "standbyAz", /applies with a hot standby cluster only/],
    [{ ...mysql, zoneId: "cn-hangzhou-k", hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-k" }, "standbyAz", /must be another zone than zoneId \(cn-hangzhou-k\)/],
    [{ ...mysql, standbyAz: "Hangzhou K" }, "standbyAz", /a zone id such as/],
    [{ ...mysql, hotStandbyCluster: "OFF", strictConsistency: "ON" }, "strictConsistency", /needs a hot standby cluster/],
    [{ ...mysql, strictConsistency: "yes" }, "strictConsistency", /must be "ON" or "OFF"/],
  ])("%#: %p → %s", (raw, field, message) => {
    expect(issues(raw)).toEqual({ [field]: expect.stringMatching(message) });
  });

  test("what the reference allows passes", () => {
    expect(issues({ ...mysql, tdeStatus: true, encryptionKey: KEY, roleArn: ROLE, encryptNewTables: "ON", hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k", strictConsistency: "ON" })).toEqual({});
    expect(issues({ ...pg, tdeStatus: true, encryptionKey: "alias/orders", enableAutomaticRotation: true, hotStandbyCluster: "ON" })).toEqual({});
  });

  test("Node: hotReplicaMode is ON or OFF", () => {
    const node = { dbClusterId: "pc-abc", dbNodeClass: "polar.mysql.x4.medium" };
    expect(nodeInputs.safeParse({ ...node, hotReplicaMode: "ON" }).success).toBe(true);
    const r = nodeInputs.safeParse({ ...node, hotReplicaMode: "on" });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["hotReplicaMode", 'must be "ON" or "OFF"']]);
  });
});

describe("what preview refuses outright", () => {
  test("TDE does not go back off, and its key and role do not change once it is on", () => {
    const on = { ...mysql, tdeStatus: true, encryptionKey: KEY, roleArn: ROLE };
    expect(encryptionForbidden(on, { ...on, tdeStatus: false })).toEqual([{ field: "tdeStatus", problem: expect.stringMatching(/cannot be turned off once it is on.*keep tdeStatus: true/) }]);
    expect(encryptionForbidden(on, { ...on, tdeStatus: undefined })).toEqual([{ field: "tdeStatus", problem: expect.any(String) }]);
    expect(encryptionForbidden(on, { ...on, encryptionKey: "key-other0000" })).toEqual([{ field: "encryptionKey", problem: expect.stringMatching(`keep encryptionKey: "${KEY}"`) }]);
    expect(encryptionForbidden({ ...mysql, tdeStatus: true }, { ...mysql, tdeStatus: true, encryptionKey: KEY })).toEqual([{ field: "encryptionKey", problem: expect.stringMatching(/remove encryptionKey/) }]);
    // Not managing the key any more, or turning TDE on: nothing refused.
    expect(encryptionForbidden(on, { ...on, encryptionKey: undefined, roleArn: undefined })).toEqual([]);
    expect(encryptionForbidden({ ...mysql }, on)).toEqual([]);
  });

  test("@pulumi/alicloud's spellings of tdeStatus are accepted", () => {
    // valueAliases on the spec: Enabled/Disabled → true/false (the engine maps them before parsing).
    expect(clusterSpec.valueAliases?.tdeStatus).toEqual({ Enabled: true, Disabled: false });
  });
});

describe("in place or replaced, and the calls", () => {
  test("the hot standby goes up in place, down or off by replacement", () => {
    expect(availabilityReplaces("hotStandbyCluster", { hotStandbyCluster: "OFF" }, { hotStandbyCluster: "ON" })).toBe(false);
    expect(availabilityReplaces("hotStandbyCluster", { hotStandbyCluster: "ON" }, { hotStandbyCluster: "EQUAL" })).toBe(false);
    expect(availabilityReplaces("hotStandbyCluster", { hotStandbyCluster: "ON" }, { hotStandbyCluster: "OFF" })).toBe(true);
    expect(availabilityReplaces("hotStandbyCluster", { hotStandbyCluster: "EQUAL" }, { hotStandbyCluster: "ON" })).toBe(true);
    expect(availabilityReplaces("standbyAz", { standbyAz: "a" }, { standbyAz: "b" })).toBe(false);
  });

  test("ModifyDBClusterArch turns it on (lower case, StandbyAZ auto or named); a standby zone alone moves with ZoneType Standby", () => {
    const key = { dbClusterId: "pc-x" };
    expect(availabilityUpdate.calls({ hotStandbyCluster: "ON" }, { hotStandbyCluster: "OFF" }, key))
      .toEqual([{ action: "ModifyDBClusterArch", params: { DBClusterId: "pc-x", HotStandbyCluster: "on", StandbyAZ: "auto" } }]);
    expect(availabilityUpdate.calls({ hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k" }, { hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-i" }, key))
      .toEqual([{ action: "ModifyDBClusterArch", params: { DBClusterId: "pc-x", HotStandbyCluster: "equal", StandbyAZ: "cn-hangzhou-k" } }]);
    expect(availabilityUpdate.calls({ hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-k" }, { hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-i" }, key))
      .toEqual([{ action: "ModifyDBClusterPrimaryZone", params: { DBClusterId: "pc-x", ZoneId: "cn-hangzhou-k", ZoneType: "Standby", FromTimeService: true } }]);
  });

  test("ModifyDBClusterTDE sends the key and role only with the call that turns TDE on", () => {
    const n = { tdeStatus: true, encryptionKey: KEY, roleArn: ROLE, encryptNewTables: "ON" };
    expect(encryptionUpdate.params(n, { tdeStatus: false })).toEqual({ TDEStatus: "Enable", EncryptionKey: KEY, RoleArn: ROLE, EncryptNewTables: "ON", EnableAutomaticRotation: undefined });
    expect(encryptionUpdate.params({ ...n, encryptNewTables: "OFF" }, { tdeStatus: true })).toEqual({ TDEStatus: "Enable", EncryptNewTables: "OFF", EnableAutomaticRotation: undefined });
    expect(encryptionUpdate.params({ tdeStatus: true, encryptionKey: KEY, enableAutomaticRotation: true }, {})).toMatchObject({ EnableAutomaticRotation: "true" });
  });

  test("CreateDBCluster's TDEStatus: PostgreSQL/Oracle with the cloud's key only (MySQL and custom keys go through ModifyDBClusterTDE)", () => {
    expect(encryptionCreateParams({ dbType: "PostgreSQL", tdeStatus: true })).toEqual({ TDEStatus: true });
    expect(encryptionCreateParams({ dbType: "PostgreSQL", tdeStatus: true, encryptionKey: KEY })).toEqual({ TDEStatus: undefined });
    expect(encryptionCreateParams({ dbType: "MySQL", tdeStatus: true })).toEqual({ TDEStatus: undefined });
  });
});

describe("preview's notes", () => {
  test("turning TDE on says it is for good; a hot standby turned up says it is an order", () => {
    expect(encryptionNote({ tdeStatus: false }, { tdeStatus: true, encryptionKey: KEY }, ["tdeStatus", "encryptionKey"])).toMatch(new RegExp(`with KMS key ${KEY}.*can never be turned off`));
    expect(encryptionNote({ tdeStatus: true }, { tdeStatus: true, encryptNewTables: "ON" }, ["encryptNewTables"])).toBe("");
    expect(availabilityNote({ hotStandbyCluster: "OFF" }, { hotStandbyCluster: "ON" }, ["hotStandbyCluster"])).toMatch(/ON is bought as an order \(ModifyDBClusterArch, billed\)/);
    expect(availabilityNote({ hotStandbyCluster: "EQUAL" }, { hotStandbyCluster: "ON" }, ["hotStandbyCluster"])).toBe(""); // a replacement: its own warning
  });
});

describe("read back", () => {
  test("DescribeDBClusterTDE", () => {
    expect(encryptionOutputs({ TDEStatus: "Enabled", EncryptionKey: KEY, EncryptNewTables: "ON" })).toEqual({ tdeStatus: true, encryptionKey: KEY, encryptNewTables: "ON", enableAutomaticRotation: undefined });
    expect(encryptionOutputs({ TDEStatus: "Disabled", EncryptionKey: "", AutomaticRotation: "Disabled" })).toEqual({ tdeStatus: false, encryptionKey: undefined, encryptNewTables: undefined, enableAutomaticRotation: false });
  });

  test("DescribeDBClusterAttribute: HotStandbyCluster's three spellings, the standby zone second in ZoneIds", () => {
    expect(availabilityOutputs({ HotStandbyCluster: "StandbyClusterON", StrictConsistency: "OFF", ZoneIds: "cn-hangzhou-i,cn-hangzhou-k" }))
      .toEqual({ hotStandbyCluster: "ON", standbyAz: "cn-hangzhou-k", strictConsistency: "OFF" });
    expect(availabilityOutputs({ HotStandbyCluster: "equal", ZoneIds: "cn-hangzhou-i,cn-hangzhou-j" })).toMatchObject({ hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-j" });
    expect(availabilityOutputs({ HotStandbyCluster: "StandbyClusterOFF", ZoneIds: "cn-hangzhou-i" })).toEqual({ hotStandbyCluster: "OFF", standbyAz: undefined, strictConsistency: undefined });
    expect(availabilityOutputs({})).toEqual({ hotStandbyCluster: undefined, standbyAz: undefined, strictConsistency: undefined });
  });
});
