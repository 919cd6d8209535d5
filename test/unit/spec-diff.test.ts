/**
 * check and diff of the engine over the Cluster spec (and a small account-like spec for secrets),
 * the normalisers, ids, and the spec consistency checks. No API call may happen here but check's
 * read-only question what the cloud sells (refused here: the built-in tables judge).
 */
import { z } from "zod";
import { makeProvider } from "../../provider/engine";
import {
  commonInputs, compositeId, defineResource, normalise, parseDuration, ResourceSpec, secretString, UNKNOWN,
} from "../../provider/spec";
import { clusterSpec } from "../../resources/cluster";
import { OFFER_QUESTION } from "../helpers/offline-provider";

const calls: string[] = [];
const lines: string[] = [];
// Check's one question (what the cloud sells) is refused too: the built-in tables judge.
const noApi = { request: async (action: string) => { if (action !== OFFER_QUESTION) calls.push(action); throw new Error(`no API call expected (${action})`); } };
const deps = { api: () => noApi, defaultRegion: () => "cn-hangzhou", progress: (l: string) => { lines.push(l); } };
const cluster = makeProvider(clusterSpec, deps);

afterEach(() => expect(calls).toEqual([]));

const valid = {
  dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h",
  vpcId: "vpc-a1", vswitchId: "vsw-a1", description: "orders", maintainTime: "16:00Z-17:00Z", tags: { a: "1", b: "2" },
};
/** What read returns for `valid` (outputs carry more than the inputs). */
const live = { ...valid, payType: "Postpaid", status: "Running", regionId: "cn-hangzhou", tags: { b: "2", a: "1" }, dbNodes: [], __provider: "exports.handler = …" };

describe("check", () => {
  test("valid inputs pass with defaults applied and __provider left out", async () => {
    const r = await cluster.check!({}, { ...valid, __provider: "serialized" });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toEqual({ ...valid, payType: "Postpaid" });
  });

  test.each([
    [{ dbType: "Postgres" }, "dbType", /"MySQL", "PostgreSQL", "Oracle"/],
    [{ dbVersion: "eleven" }, "dbVersion", /engine version such as "11"/],
    [{ dbNodeClass: "x4.medium" }, "dbNodeClass", /node class such as "polar.pg.x4.medium"/],
    [{ maintainTime: "16:30Z-17:30Z" }, "maintainTime", /one-hour UTC window starting on the hour/],
    [{ maintainTime: "16:00Z-18:00Z" }, "maintainTime", /exactly one hour/],
    [{ description: "https://orders" }, "description", /must not start with http/],
    [{ description: "x" }, "description", /2–256 characters/],
    [{ zoneId: "Hangzhou H" }, "zoneId", /zone id such as "cn-hangzhou-h"/],
    [{ vswitchId: undefined }, "vswitchId", /required when vpcId is set/],
    [{ payType: "Prepaid" }, "period", /required when payType is Prepaid/],
    [{ period: 1 }, "period", /Prepaid only/],
    [{ tags: { a: 1 } }, "tags.a", /expected string/],
    [{ timeouts: { create: "forty minutes" } }, "timeouts.create", /duration such as "45m"/],
    [{ regionId: "Hangzhou" }, "regionId", /region id such as "cn-hangzhou"/],
  ])("%j fails on %s, saying what is allowed", async (change, property, reason) => {
    const r = await cluster.check!({}, { ...valid, ...change });
    expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("a missing required input is named", async () => {
    const { dbType: _omit, ...rest } = valid;
    expect((await cluster.check!({}, rest)).failures).toEqual([{ property: "dbType", reason: expect.stringMatching(/^dbType is required; must be one of "MySQL"/) }]);
    const { dbVersion: _v, ...noVersion } = valid;
    expect((await cluster.check!({}, noVersion)).failures).toEqual([{ property: "dbVersion", reason: "dbVersion is required" }]);
  });

  test("an unknown input is refused with the list of inputs", async () => {
    const r = await cluster.check!({}, { ...valid, nodeCount: 2 });
    expect(r.failures).toEqual([{ property: "", reason: expect.stringMatching(/unknown input "nodeCount"; Cluster takes: .*dbNodeClass/) }]);
  });

  test("unknown values (preview) pass validation, and defaults still apply", async () => {
    const r = await cluster.check!({}, { ...valid, dbVersion: UNKNOWN, vpcId: UNKNOWN, tags: UNKNOWN });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toEqual({ ...valid, dbVersion: UNKNOWN, vpcId: UNKNOWN, tags: UNKNOWN, payType: "Postpaid" });
    const nested = await cluster.check!({}, { ...valid, tags: { a: UNKNOWN } });
    expect(nested.failures).toBeUndefined();
  });

  test("unknown values do not hide real errors elsewhere", async () => {
    const r = await cluster.check!({}, { ...valid, dbVersion: UNKNOWN, maintainTime: "noon" });
    expect(r.failures?.map((f) => f.property)).toEqual(["maintainTime"]);
  });
});

describe("diff", () => {
  test("live state equal to the inputs: no change (tag order, outputs-only fields and __provider ignored)", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, __provider: "something else" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("an updatable field changes in place", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, description: "orders-2" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await cluster.diff!("pc-1", live, { ...valid, tags: { a: "1" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test.each(["dbType", "dbVersion", "vpcId", "vswitchId"])("%s is create-only: replacement", async (field) => {
    expect(await cluster.diff!("pc-1", live, { ...valid, [field]: "changed" })).toEqual({ changes: true, replaces: [field], deleteBeforeReplace: false });
  });

  test("billing, the resource group and MySQL's time zone change in place, as Terraform changes them (no replacement)", async () => {
    const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };
    expect(await cluster.diff!("pc-1", live, { ...valid, payType: "Prepaid", period: 1 })).toEqual(inPlace);
    expect(await cluster.diff!("pc-1", { ...live, payType: "Prepaid" }, { ...valid, payType: "Postpaid" })).toEqual(inPlace);
    expect(await cluster.diff!("pc-1", { ...live, resourceGroupId: "rg-a" }, { ...valid, resourceGroupId: "rg-b" })).toEqual(inPlace);
    const mysql = { ...valid, dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
    expect(await cluster.diff!("pc-1", { ...live, ...mysql, defaultTimeZone: "+08:00" }, { ...mysql, defaultTimeZone: "+09:00" })).toEqual(inPlace);
    // lower_case_table_names is fixed at creation (Terraform forces a new cluster too).
    expect(await cluster.diff!("pc-1", { ...live, ...mysql, lowerCaseTableNames: 1 }, { ...mysql, lowerCaseTableNames: 0 })).toMatchObject({ replaces: ["lowerCaseTableNames"] });
  });

  test("a time zone in @pulumi/alicloud's spelling is our canonical one: check normalises it, and diff is quiet either way", async () => {
    const mysql = { ...valid, dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
    for (const [alias, canonical] of [["+1:00", "+01:00"], ["-9:00", "-09:00"], ["+0:00", "+00:00"], ["+13:00", "+13:00"], ["SYSTEM", "SYSTEM"], ["08:00", "+08:00"]]) {
      const r = await cluster.check!({}, { ...mysql, defaultTimeZone: alias });
      expect(r.failures).toBeUndefined();
      expect(r.inputs.defaultTimeZone).toBe(canonical);
      const outs = { ...live, ...mysql, defaultTimeZone: canonical };
      expect(await cluster.diff!("pc-1", outs, r.inputs)).toMatchObject({ changes: false });
      // Outputs written in the alias (the parameter's own form) compare equal too.
      expect(await cluster.diff!("pc-1", { ...outs, defaultTimeZone: alias }, { ...mysql, defaultTimeZone: canonical })).toMatchObject({ changes: false });
    }
    for (const bad of ["+14:00", "-13:00", "+8:30", "8", "UTC", "system"]) {
      expect((await cluster.check!({}, { ...mysql, defaultTimeZone: bad })).failures).toEqual([{ property: "defaultTimeZone", reason: expect.stringMatching(/whole-hour UTC offset/) }]);
    }
  });

  test("preview says what a billing change and a time-zone change do", async () => {
    lines.length = 0;
    await cluster.diff!("pc-1", live, { ...valid, payType: "Prepaid", period: 3 });
    expect(lines).toEqual(["Cluster pc-1: differs in payType", "Cluster pc-1: payType: the cluster becomes a subscription of 3 month(s), paid now (TransformDBClusterPayType)"]);
    lines.length = 0;
    const mysql = { ...valid, dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.medium" };
    await cluster.diff!("pc-1", { ...live, ...mysql, defaultTimeZone: "SYSTEM" }, { ...mysql, defaultTimeZone: "+08:00" });
    expect(lines[1]).toMatch(/defaultTimeZone sets the parameter default_time_zone, which restarts the cluster/);
  });

  test("replacing a subscription says it is left running unless convertToPostpaidOnDestroy", async () => {
    lines.length = 0;
    await cluster.diff!("pc-1", { ...live, payType: "Prepaid" }, { ...valid, payType: "Prepaid", period: 1, vpcId: "vpc-other" });
    expect(lines.join("\n")).toMatch(/pc-1 is a subscription: unless convertToPostpaidOnDestroy is true, it is not deleted but left running/);
    lines.length = 0;
    await cluster.diff!("pc-1", { ...live, payType: "Prepaid", convertToPostpaidOnDestroy: true }, { ...valid, payType: "Prepaid", period: 1, convertToPostpaidOnDestroy: true, vpcId: "vpc-other" });
    expect(lines.join("\n")).not.toMatch(/left running/);
  });

  test("the zone moves in place, with or without a new vSwitch (ModifyDBClusterPrimaryZone)", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, zoneId: "cn-hangzhou-i" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await cluster.diff!("pc-1", live, { ...valid, zoneId: "cn-hangzhou-i", vswitchId: "vsw-new" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("an unknown value counts as a change (and as a replacement on a create-only field)", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, description: UNKNOWN })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await cluster.diff!("pc-1", live, { ...valid, vswitchId: UNKNOWN })).toMatchObject({ replaces: ["vswitchId"] });
  });

  test("an input the program does not set is the cloud's to choose: no change", async () => {
    const { description: _d, maintainTime: _m, ...fewer } = valid;
    expect(await cluster.diff!("pc-1", { ...live, description: "set elsewhere", maintainTime: "02:00Z-03:00Z" }, fewer)).toMatchObject({ changes: false });
  });

  test("provider settings (liftDeletionLockOnDestroy, timeouts) change without touching the cloud", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, liftDeletionLockOnDestroy: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await cluster.diff!("pc-1", { ...live, timeouts: { create: "2h" } }, valid)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("the region: unset follows the provider; set and different is a replacement", async () => {
    expect(await cluster.diff!("pc-1", live, { ...valid, regionId: "cn-hangzhou" })).toMatchObject({ changes: false });
    expect(await cluster.diff!("pc-1", live, { ...valid, regionId: "cn-beijing" })).toMatchObject({ replaces: ["regionId"] });
  });

  test("the changed fields are named for the CLI (which gets no detailed diff from a dynamic provider), values never", async () => {
    lines.length = 0;
    await cluster.diff!("pc-1", live, { ...valid, description: "a-secret-description", vpcId: "vpc-other" });
    expect(lines).toEqual([
      "Cluster pc-1: differs in vpcId, description (replacement: vpcId cannot change in place)",
      expect.stringMatching(/^Cluster pc-1: replacing deletes cluster pc-1 — its databases, accounts and data — and creates a new, empty one/),
    ]);
    expect(lines.join("\n")).not.toContain("a-secret-description");
    lines.length = 0;
    await cluster.diff!("pc-1", live, valid);
    expect(lines).toEqual([]);
  });

  test("refresh direction: diff(live, last inputs) reports drift the same way", async () => {
    const drifted = { ...live, description: "changed-out-of-band", tags: { a: "1", b: "2", c: "3" } };
    expect(await cluster.diff!("pc-1", drifted, { ...valid, payType: "Postpaid" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("normalisers", () => {
  test.each([
    [["10.0.0.2", "10.0.0.1", "10.0.0.2"], ["10.0.0.1", "10.0.0.2"]],
    ["10.0.0.2, 10.0.0.1,", ["10.0.0.1", "10.0.0.2"]],
    [["pi-b", " pi-a "], ["pi-a", "pi-b"]],
    [[], []],
    [undefined, undefined],
  ])("unorderedList(%j) = %j", (input, out) => {
    expect(normalise.unorderedList(input)).toEqual(out);
  });

  test.each([
    [[{ Key: "b", Value: "2" }, { Key: "a", Value: "1" }], { a: "1", b: "2" }],
    [{ b: "2", a: "1" }, { a: "1", b: "2" }],
    [[], {}],
    [undefined, {}],
  ])("tags(%j) = %j, keys in order", (input, out) => {
    const n = normalise.tags(input) as Record<string, string>;
    expect(n).toEqual(out);
    expect(Object.keys(n)).toEqual(Object.keys(out));
  });
});

describe("ids and durations", () => {
  const accountId = compositeId({ dbClusterId: "DBClusterId", accountName: "AccountName" }, { dbClusterId: /^pc-/ });
  test("a composite id round-trips and maps to API parameters", () => {
    const key = accountId.parse("pc-abc:app");
    expect(key).toEqual({ dbClusterId: "pc-abc", accountName: "app" });
    expect(accountId.format(key)).toBe("pc-abc:app");
    expect(accountId.params(key)).toEqual({ DBClusterId: "pc-abc", AccountName: "app" });
    expect(accountId.params({ dbClusterId: "pc-abc" })).toEqual({ DBClusterId: "pc-abc" });
  });
  test.each(["pc-abc", "pc-abc:app:x", "rm-abc:app", ":app"])("%s is refused with the expected shape", (bad) => {
    expect(() => accountId.parse(bad)).toThrow(/expected <dbClusterId>:<accountName>/);
  });
  test.each([["45m", 2_700_000], ["1h30m", 5_400_000], ["90s", 90_000], ["2h", 7_200_000]])("%s = %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test("an empty duration is refused", () => expect(() => parseDuration("")).toThrow());
});

describe("secrets (write-only inputs)", () => {
  const password = "Secr3t-Passw0rd!";
  const accountLike = defineResource({
    kind: "TestAccount",
    inputs: z.strictObject({ ...commonInputs, dbClusterId: z.string(), accountName: z.string(), accountPassword: secretString({ min: 8, max: 32, classes: 3 }) }),
    id: compositeId({ dbClusterId: "DBClusterId", accountName: "AccountName" }),
    replaceOn: ["dbClusterId", "accountName"],
    writeOnly: ["accountPassword"],
    cluster: (k) => k.dbClusterId,
    create: { action: "CreateAccount", params: (i) => ({ AccountPassword: i.accountPassword }) },
    read: { action: "DescribeAccounts", outputs: (r: any) => r },
    status: () => "Available",
    ready: () => true,
    update: [{ fields: ["accountPassword"], action: "ModifyAccountPassword", params: (n) => ({ NewAccountPassword: n.accountPassword }) }],
    delete: { action: "DeleteAccount" },
    timeouts: { create: "10m", update: "10m", delete: "10m" },
  } as ResourceSpec);
  const account = makeProvider(accountLike, deps);

  test("a rule failure on a secret never carries its value, not even through the property the engine would print", async () => {
    const weak = "short";
    const r = await account.check!({}, { dbClusterId: "pc-1", accountName: "app", accountPassword: weak });
    expect(r.failures).toEqual([{ property: "", reason: "accountPassword: must be at least 8 characters" }]);
    const lower = await account.check!({}, { dbClusterId: "pc-1", accountName: "app", accountPassword: "alllowercaseletters" });
    expect(lower.failures?.[0].reason).toMatch(/at least 3 of: upper-case letters, lower-case letters, digits, special characters/);
    expect(JSON.stringify([r, lower].map((x) => x.failures))).not.toMatch(/short|alllowercase/);
  });

  test("diff tells a changed password from an unchanged one through a salted digest", async () => {
    // The digest comes from the engine's own outputs (read with the password given, as on adoption).
    const store = { request: async () => ({ accountName: "app", dbClusterId: "pc-1" }) };
    const reader = makeProvider(accountLike, { ...deps, api: () => store });
    const r = await reader.read!("pc-1:app", { dbClusterId: "pc-1", accountName: "app", accountPassword: password });
    const outs = r.props as Record<string, any>;
    expect(JSON.stringify(outs)).not.toContain(password);
    expect(outs.accountPassword).toBeUndefined();
    expect(outs.secretDigests.accountPassword).toMatch(/^scrypt\$/);
    const inputs = { dbClusterId: "pc-1", accountName: "app", accountPassword: password };
    expect(await account.diff!("pc-1:app", outs, inputs)).toMatchObject({ changes: false });
    expect(await account.diff!("pc-1:app", outs, { ...inputs, accountPassword: "Other-Passw0rd!" })).toMatchObject({ changes: true, replaces: [] });
    // A second read keeps the digest stable (no state churn).
    expect(((await reader.read!("pc-1:app", { ...outs, accountPassword: password })).props as any).secretDigests).toEqual(outs.secretDigests);
  });
});

describe("spec consistency is checked when a resource module loads", () => {
  const base = {
    kind: "Broken",
    inputs: z.strictObject({ ...commonInputs, name: z.string(), note: z.string().optional() }),
    id: compositeId({ name: "Name" }),
    replaceOn: ["name"],
    cluster: () => undefined,
    create: { action: "CreateThing", params: () => ({}) },
    read: { action: "DescribeThing", outputs: (r: any) => r },
    status: () => undefined,
    ready: () => true,
    delete: { action: "DeleteThing" },
    timeouts: { create: "1m", update: "1m", delete: "1m" },
  };
  test("every input must be create-only, updatable or a provider setting", () => {
    expect(() => defineResource(base as ResourceSpec)).toThrow(/input "note" is neither in replaceOn, local, nor any update group/);
  });
  test("names must exist", () => {
    expect(() => defineResource({ ...base, replaceOn: ["name", "nmae"] } as ResourceSpec)).toThrow(/replaceOn names "nmae"/);
  });
  test("an update group needs exactly one of action or calls", () => {
    expect(() => defineResource({ ...base, update: [{ fields: ["note"] }] } as ResourceSpec)).toThrow(/needs exactly one of action or calls/);
  });
  test("the deletion-protection opt-in must be a provider setting (delete only sees outputs)", () => {
    expect(() => defineResource({
      ...base, update: [{ fields: ["note"], action: "ModifyThing" }],
      deletionProtection: { isOn: () => true, optIn: "note", lift: () => ({ action: "X", params: {} }), refusal: () => "" },
    } as ResourceSpec)).toThrow(/must be a local input/);
  });
  test("the opt-in that unblocks a delete must be a provider setting too; changeDocs names inputs", () => {
    expect(() => defineResource({
      ...base, update: [{ fields: ["note"], action: "ModifyThing" }],
      deleteBlocker: { blocks: () => true, optIn: "note", unblock: () => ({ action: "X", params: {} }), unblocked: {}, left: () => "" },
    } as ResourceSpec)).toThrow(/deleteBlocker.optIn "note" must be a local input/);
    expect(() => defineResource({ ...base, local: ["note"], changeDocs: { note: "x", nothing: "y" } } as ResourceSpec)).toThrow(/changeDocs names "nothing"/);
  });
  test("a secret given encrypted: both the secret and its ciphertext must be writeOnly inputs", () => {
    const withSecret = { ...base, inputs: z.strictObject({ ...commonInputs, name: z.string(), note: z.string().optional(), blob: z.string().optional() }),
      update: [{ fields: ["note", "blob"], action: "ModifyThing" }] };
    expect(() => defineResource({ ...withSecret, writeOnly: ["note"], encryptedSecrets: [{ secret: "note", ciphertext: "blob" }] } as ResourceSpec))
      .toThrow(/encryptedSecrets names "blob", which must be writeOnly/);
    expect(() => defineResource({ ...withSecret, writeOnly: ["note", "blob"], encryptedSecrets: [{ secret: "note", ciphertext: "blob", context: "ctx" }] } as ResourceSpec))
      .toThrow(/encryptedSecrets names "ctx", which is not an input/);
    expect(() => defineResource({ ...withSecret, writeOnly: ["note", "blob"], encryptedSecrets: [{ secret: "note", ciphertext: "blob" }] } as ResourceSpec)).not.toThrow();
  });
  test("the cluster spec itself is consistent", () => {
    expect(() => defineResource(clusterSpec)).not.toThrow();
  });
});
