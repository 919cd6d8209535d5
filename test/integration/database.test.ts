/**
 * The Database spec through the generic engine against the in-process emulator: a PostgreSQL
 * database owned by a Normal account (with what PostgreSQL requires filled in), a MySQL one
 * without owner, values the cloud never returns kept from the inputs, the description and the
 * account changed in place (no drop), drift, delete.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps, stats } from "../../provider/runtime";
import { accountSpec } from "../../resources/account";
import { databaseSpec } from "../../resources/database";
import { cloud, FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let provider: Provider;
let accounts: Provider;
let pg: string;
let mysql: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const deps = runtimeDeps({ tuning: FAST, progress: () => undefined, convergeGraceMs: 300 });
  provider = makeProvider(databaseSpec, deps);
  accounts = makeProvider(accountSpec, deps);
  [pg, mysql] = await Promise.all([runningCluster("PostgreSQL", "databases"), runningCluster("MySQL", "databases")]);
});
afterAll(async () => { await emu?.stop(); });

const inputs = async (p: Provider, raw: Record<string, unknown>) => {
  const r = await p.check({}, raw);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as Record<string, unknown>;
};
const stored = (clusterId: string, name: string) => cloud(emu).clusters[clusterId].databases.find((d: any) => d.DBName === name);

let id: string;
let outs: Record<string, any>;
let desired: Record<string, unknown>;

test("PostgreSQL: the owner account is created first, then the database with collate = ctype and a description", async () => {
  await accounts.create(await inputs(accounts, { dbClusterId: pg, accountName: "owner", accountPassword: "Owner-Passw0rd" }));
  desired = await inputs(provider, { dbClusterId: pg, dbName: "orders", characterSetName: "UTF8", accountName: "owner", collate: "C" });
  const created = await provider.create(desired);
  id = created.id;
  outs = created.outs as Record<string, any>;
  expect(id).toBe(`${pg}:orders`);
  expect(outs).toMatchObject({
    dbClusterId: pg, dbName: "orders", characterSetName: "UTF8", status: "Running", engine: "PostgreSQL",
    dbDescription: "orders", accountName: "owner", collate: "C", accounts: [{ accountName: "owner", accountPrivilege: "ReadWrite" }],
  });
  expect(outs.ctype).toBeUndefined(); // not an input here: only what the program set is kept
  expect(stored(pg, "orders")).toMatchObject({ Collate: "C", Ctype: "C", DBDescription: "orders", Accounts: [{ AccountName: "owner", AccountPrivilege: "ReadWrite" }] });
});

test("read keeps collate (never returned), reads the owner, and the same inputs are no change", async () => {
  const r = await provider.read(id, outs);
  expect(r.props).toEqual(outs);
  expect(await provider.diff(id, r.props, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await provider.diff(id, r.props, { ...desired, characterSetName: "utf8" })).toMatchObject({ changes: false });
});

test("PostgreSQL without character set, collate or ctype: utf8 and C are sent, as Terraform's provider does", async () => {
  const bare = await inputs(provider, { dbClusterId: pg, dbName: "nocollate", accountName: "owner" });
  const made = await provider.create(bare);
  expect(stored(pg, "nocollate")).toMatchObject({ CharacterSetName: "utf8", Collate: "C", Ctype: "C" });
  expect(await provider.diff(made.id, (await provider.read(made.id, made.outs)).props, bare)).toMatchObject({ changes: false });
  await provider.delete(made.id, made.outs);
});

test("an owner account still being created: the refusal is retried, the database made once the account is Available", async () => {
  // The account stays Creating (its transition held) until the first refusal has been seen.
  const held = emu.emulator.hold({ clusterId: pg, kind: "accountReady" });
  await emu.client.request("CreateAccount", { DBClusterId: pg, AccountName: "late", AccountPassword: "Late-Passw0rd", AccountType: "Normal" });
  emu.emulator.resetCalls();
  const before = stats().busyRetries;
  const creating = provider.create(await inputs(provider, { dbClusterId: pg, dbName: "late_db", characterSetName: "utf8", accountName: "late", collate: "C" }));
  // Bounded generously (30 s) for a loaded machine; what counts is the assertion after it.
  const until = Date.now() + 30_000;
  while (stats().busyRetries === before && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  expect(stats().busyRetries).toBeGreaterThan(before);
  expect(emu.emulator.history({ clusterId: pg, object: "account" }).filter((e) => e.id === "late").map((e) => e.to)).toEqual(["Creating"]);
  held.release();
  const d = await creating;
  expect(emu.emulator.calls().CreateDatabase).toBeGreaterThanOrEqual(2);
  expect(d.outs).toMatchObject({ status: "Running", accountName: "late" });
  await provider.delete(d.id, d.outs);
});

test("MySQL: no owner, a description defaulted from the name (and the locale C, which MySQL ignores)", async () => {
  const made = await provider.create(await inputs(provider, { dbClusterId: mysql, dbName: "stock", characterSetName: "utf8mb4" }));
  expect(made.outs).toMatchObject({ dbName: "stock", characterSetName: "utf8mb4", dbDescription: "stock", engine: "MySQL", accounts: [] });
  expect(made.outs.collate).toBeUndefined();
  await provider.delete(made.id, made.outs);
  expect(stored(mysql, "stock")).toBeUndefined();
});

test("adoption by id: the grantee stands for the owner; collate is unknown", async () => {
  const adopted = (await provider.read(id, {})).props as Record<string, any>;
  expect(adopted).toMatchObject({ dbClusterId: pg, dbName: "orders", accountName: "owner", accountPrivilege: "ReadWrite", status: "Running", regionId: "cn-hangzhou" });
  expect(adopted.collate).toBeUndefined();
});

test("a create-only change replaces (the database is deleted first); preview says so", async () => {
  expect(await provider.diff(id, outs, { ...desired, characterSetName: "latin1" })).toEqual({ changes: true, replaces: ["characterSetName"], deleteBeforeReplace: true });
});

/** The mutating calls since the last reset (what a change cost the cloud). */
const writes = () => Object.fromEntries(Object.entries(emu.emulator.calls()).filter(([a]) => !a.startsWith("Describe")));

test("the description changes in place (ModifyDBDescription): no drop, no create; refresh sees it changed elsewhere", async () => {
  const news = await inputs(provider, { ...desired, dbDescription: "orders, renamed" });
  expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update(id, outs, news)).outs as Record<string, any>;
  desired = news;
  expect(writes()).toEqual({ ModifyDBDescription: 1 });
  expect(outs.dbDescription).toBe("orders, renamed");
  expect(stored(pg, "orders")).toMatchObject({ DBDescription: "orders, renamed", DBStatus: "Running" });

  await emu.client.request("ModifyDBDescription", { DBClusterId: pg, DBName: "orders", DBDescription: "edited in the console" });
  const refreshed = (await provider.read(id, outs)).props!;
  expect(refreshed.dbDescription).toBe("edited in the console");
  expect(await provider.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  outs = (await provider.update(id, refreshed, desired)).outs as Record<string, any>;
  expect(stored(pg, "orders").DBDescription).toBe("orders, renamed");
});

test("PostgreSQL: a new owner in place (GrantAccountPrivilege DBOwner, as Terraform does): the ownership moves, the data stays", async () => {
  await accounts.create(await inputs(accounts, { dbClusterId: pg, accountName: "owner2", accountPassword: "Owner2-Passw0rd" }));
  const news = await inputs(provider, { ...desired, accountName: "owner2" });
  expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update(id, outs, news)).outs as Record<string, any>;
  desired = news;
  expect(writes()).toEqual({ GrantAccountPrivilege: 1 });
  expect(outs).toMatchObject({ accountName: "owner2", accounts: [{ accountName: "owner2", accountPrivilege: "DBOwner" }] });
  expect(stored(pg, "orders")).toMatchObject({ DBStatus: "Running", Accounts: [{ AccountName: "owner2", AccountPrivilege: "DBOwner" }] });

  // The owner handed back outside Pulumi is drift: refresh reads it, `up` moves it again.
  await emu.client.request("GrantAccountPrivilege", { DBClusterId: pg, DBName: "orders", AccountName: "owner", AccountPrivilege: "DBOwner" });
  const refreshed = (await provider.read(id, outs)).props!;
  expect(refreshed.accountName).toBe("owner");
  expect(await provider.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  outs = (await provider.update(id, refreshed, desired)).outs as Record<string, any>;
  expect(stored(pg, "orders").Accounts).toEqual([{ AccountName: "owner2", AccountPrivilege: "DBOwner" }]);
});

test("MySQL: another account in place (grant the new, revoke the old), then another privilege (granted again)", async () => {
  for (const name of ["buyer", "seller"]) await accounts.create(await inputs(accounts, { dbClusterId: mysql, accountName: name, accountPassword: "Market-Passw0rd" }));
  const first = await inputs(provider, { dbClusterId: mysql, dbName: "market", characterSetName: "utf8mb4", accountName: "buyer" });
  const made = await provider.create(first);
  let mine = made.outs as Record<string, any>;
  expect(stored(mysql, "market").Accounts).toEqual([{ AccountName: "buyer", AccountPrivilege: "ReadWrite" }]);

  const seller = await inputs(provider, { ...first, accountName: "seller", accountPrivilege: "ReadWrite" });
  expect(await provider.diff(made.id, mine, seller)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  mine = (await provider.update(made.id, mine, seller)).outs as Record<string, any>;
  expect(writes()).toEqual({ GrantAccountPrivilege: 1, RevokeAccountPrivilege: 1 });
  expect(stored(mysql, "market").Accounts).toEqual([{ AccountName: "seller", AccountPrivilege: "ReadWrite" }]);
  expect(mine).toMatchObject({ accountName: "seller", accounts: [{ accountName: "seller" }] });

  const readOnly = await inputs(provider, { ...seller, accountPrivilege: "ReadOnly" });
  expect(await provider.diff(made.id, mine, readOnly)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  mine = (await provider.update(made.id, mine, readOnly)).outs as Record<string, any>;
  expect(writes()).toEqual({ GrantAccountPrivilege: 1 });
  expect(stored(mysql, "market").Accounts).toEqual([{ AccountName: "seller", AccountPrivilege: "ReadOnly" }]);
  expect(await provider.diff(made.id, (await provider.read(made.id, mine)).props!, readOnly)).toMatchObject({ changes: false });
  await provider.delete(made.id, mine);
});

test("the cloud refuses DBOwner on MySQL and an unknown privilege anywhere (GrantAccountPrivilege's values)", async () => {
  await expect(emu.client.request("GrantAccountPrivilege", { DBClusterId: mysql, DBName: "stock", AccountName: "buyer", AccountPrivilege: "DBOwner" }))
    .rejects.toMatchObject({ code: "InvalidParameter", message: expect.stringMatching(/AccountPrivilege/) });
  await expect(emu.client.request("GrantAccountPrivilege", { DBClusterId: pg, DBName: "orders", AccountName: "owner", AccountPrivilege: "Everything" }))
    .rejects.toMatchObject({ code: "InvalidParameter" });
});

test("a database dropped outside Pulumi reads as gone; delete tolerates it", async () => {
  const other = await provider.create(await inputs(provider, { dbClusterId: pg, dbName: "scratch", characterSetName: "utf8", accountName: "owner", collate: "C" }));
  await emu.client.request("DeleteDatabase", { DBClusterId: pg, DBName: "scratch" });
  await provider.delete(other.id, other.outs); // waits until the drop outside Pulumi finished
  expect(await provider.read(other.id, other.outs)).toEqual({});
  await expect(provider.delete(other.id, other.outs)).resolves.toBeUndefined();
});

test("delete waits until the database is gone and leaves the owner account", async () => {
  emu.emulator.resetCalls();
  await provider.delete(id, outs);
  expect(emu.emulator.calls().DeleteDatabase).toBe(1);
  expect(stored(pg, "orders")).toBeUndefined();
  expect(cloud(emu).clusters[pg].accounts.map((a: any) => a.AccountName)).toContain("owner");
  expect(await provider.read(id, outs)).toEqual({});
});
