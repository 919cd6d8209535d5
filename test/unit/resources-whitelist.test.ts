/** check and diff of the Whitelist spec: addresses validated, compared as a set; the default group. */
import { UNKNOWN } from "../../provider/spec";
import { isIpOrCidr, whitelistSpec } from "../../resources/whitelist";
import { answeringProvider, offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(whitelistSpec);
afterEach(() => expect(off.calls).toEqual([]));

const valid = { dbClusterId: "pc-abc123", dbClusterIpArrayName: "appservers", securityIps: ["10.0.0.2", "10.0.0.1", "192.168.0.0/16"] };
const id = "pc-abc123:appservers";
const reader = (groups: unknown[]) => answeringProvider(whitelistSpec, { Items: { DBClusterIPArray: groups } });

test("valid inputs pass", async () => {
  expect(await off.valid(valid)).toEqual(valid);
  expect(await off.valid({ ...valid, dbClusterIpArrayName: "default", dbClusterIpArrayAttribute: "hidden" })).toMatchObject({ dbClusterIpArrayAttribute: "hidden" });
});

test.each([
  ["10.0.0.1", true], ["10.0.0.0/8", true], ["0.0.0.0/1", true], ["255.255.255.255/32", true],
  ["10.0.0.256", false], ["10.0.0.0/0", false], ["10.0.0.0/33", false], ["10.0.0", false], ["10.0.0.01", false],
  ["::1", false], ["%", false], ["10.0.0.1/", false],
])("isIpOrCidr(%s) = %s", (text, ok) => {
  expect(isIpOrCidr(text)).toBe(ok);
});

test.each([
  [{ dbClusterIpArrayName: "App" }, "dbClusterIpArrayName", /lower-case letters, digits and "_"/],
  [{ dbClusterIpArrayName: "a" }, "dbClusterIpArrayName", /2–120/],
  [{ dbClusterIpArrayName: "app_" }, "dbClusterIpArrayName", /ending with a letter or digit/],
  [{ dbClusterIpArrayName: "_app" }, "dbClusterIpArrayName", /starting with a letter/],
  [{ dbClusterIpArrayName: `a${"b".repeat(120)}` }, "dbClusterIpArrayName", /2–120/],
  [{ securityIps: ["10.0.0.1", "10.0.0.300"] }, "securityIps.1", /IPv4 address .* CIDR block with a prefix of 1–32/],
  [{ securityIps: [] }, "securityIps", /at least one address \(delete the resource to remove the group\)/],
  [{ securityIps: Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.1`) }, "securityIps", /at most 1000/],
  [{ dbClusterIpArrayAttribute: "visible" }, "dbClusterIpArrayAttribute", /"hidden"/],
  [{ dbClusterIpArrayName: "default", securityIps: ["127.0.0.1"] }, "securityIps", /default group's initial content/],
])("%j fails on %s", async (change, property, reason) => {
  expect(await off.failures({ ...valid, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("a group name with \"_\" passes: the cloud takes it (Terraform's acceptance tests make test_ips1)", async () => {
  expect(await off.failures({ ...valid, dbClusterIpArrayName: "test_ips1" })).toEqual([]);
});

test("unknown addresses pass during preview", async () => {
  expect(await off.failures({ ...valid, securityIps: [UNKNOWN, "10.0.0.1"] })).toEqual([]);
});

describe("read and diff", () => {
  const groups = [
    { DBClusterIPArrayName: "default", DBClusterIPArrayAttribute: "", SecurityIps: "127.0.0.1" },
    { DBClusterIPArrayName: "appservers", DBClusterIPArrayAttribute: "", SecurityIps: "192.168.0.0/16,10.0.0.1,10.0.0.2" },
    { DBClusterIPArrayName: "appservers2", DBClusterIPArrayAttribute: "hidden", SecurityIps: "10.9.9.9" },
  ];
  let outs: Record<string, unknown>;
  beforeAll(async () => { outs = (await reader(groups).read(id, valid)).props as Record<string, unknown>; });

  test("read picks exactly this group (not a name that merely starts the same)", async () => {
    expect(outs).toEqual({ ...valid, securityIps: ["10.0.0.1", "10.0.0.2", "192.168.0.0/16"], regionId: "cn-hangzhou" });
    expect((await reader(groups).read("pc-abc123:appservers2", {})).props).toMatchObject({ securityIps: ["10.9.9.9"], dbClusterIpArrayAttribute: "hidden" });
  });

  test("a missing or emptied group reads as gone; so does the default group at its initial 127.0.0.1", async () => {
    expect(await reader(groups.slice(0, 1)).read(id, valid)).toEqual({});
    expect(await reader([{ ...groups[1], SecurityIps: "" }]).read(id, valid)).toEqual({});
    expect(await reader(groups).read("pc-abc123:default", {})).toEqual({});
    expect((await reader([{ ...groups[0], SecurityIps: "10.0.0.1" }]).read("pc-abc123:default", {})).props).toMatchObject({ securityIps: ["10.0.0.1"] });
  });

  test("order and duplicates do not matter", async () => {
    expect(await off.provider.diff(id, outs, { ...valid, securityIps: ["192.168.0.0/16", "10.0.0.1", "10.0.0.2", "10.0.0.1"] })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("addresses change in place; the group's name, cluster or attribute replace it (emptied first)", async () => {
    expect(await off.provider.diff(id, outs, { ...valid, securityIps: ["10.0.0.1"] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await off.provider.diff(id, outs, { ...valid, dbClusterIpArrayName: "web" })).toEqual({ changes: true, replaces: ["dbClusterIpArrayName"], deleteBeforeReplace: true });
    expect(await off.provider.diff(id, outs, { ...valid, dbClusterIpArrayAttribute: "hidden" })).toMatchObject({ replaces: ["dbClusterIpArrayAttribute"] });
  });
});

test("create and update Cover the group with the whole deduplicated list; delete empties it, or resets the default group", () => {
  const inputs = whitelistSpec.inputs.parse({ ...valid, securityIps: ["10.0.0.2", "10.0.0.1", "10.0.0.2"] });
  const cover = { WhiteListType: "IP", ModifyMode: "Cover", SecurityIps: "10.0.0.1,10.0.0.2" };
  expect(whitelistSpec.create.params(inputs)).toEqual({ ...cover, DBClusterIPArrayAttribute: undefined });
  expect(whitelistSpec.update![0].params!(inputs, {}, { dbClusterId: "pc-abc123", dbClusterIpArrayName: "appservers" })).toEqual(cover);
  expect(whitelistSpec.delete.params!({ dbClusterId: "pc-abc123", dbClusterIpArrayName: "appservers" }, {})).toMatchObject({ ModifyMode: "Cover", SecurityIps: "" });
  expect(whitelistSpec.delete.params!({ dbClusterId: "pc-abc123", dbClusterIpArrayName: "default" }, {})).toMatchObject({ ModifyMode: "Cover", SecurityIps: "127.0.0.1" });
});
