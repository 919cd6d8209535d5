/**
 * The Account spec through the generic engine against the in-process emulator: the type always
 * sent, the password never in outputs, progress or errors (the emulator's digest of it is the
 * oracle that the password really changed), description, MySQL grants, drift, delete.
 */
import { createHash } from "node:crypto";
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { accountSpec } from "../../resources/account";
import { cloud, FAST, runningCluster, checkedInputs } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const PASSWORD = "Initial-Passw0rd";
const NEW_PASSWORD = "Changed#Passw0rd";

let emu: TestEmulator;
let provider: Provider;
let pg: string;
let mysql: string;
const progress: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  provider = makeProvider(accountSpec, runtimeDeps({ tuning: FAST, progress: (l) => progress.push(l), convergeGraceMs: 300 }));
  [pg, mysql] = await Promise.all([runningCluster("PostgreSQL", "accounts"), runningCluster("MySQL", "grants")]);
});
afterAll(async () => {
  expect(progress.join("\n")).not.toMatch(new RegExp(`${PASSWORD}|${NEW_PASSWORD}`));
  await emu?.stop();
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** The emulator's record of an account, password digest included (never returned by its API). */
const stored = (clusterId: string, name: string) => cloud(emu).clusters[clusterId].accounts.find((a: any) => a.AccountName === name);
const describe1 = async (clusterId: string, name: string) =>
  ((await emu.client.request<any>("DescribeAccounts", { DBClusterId: clusterId, AccountName: name })).Accounts as any[])[0];
const inputs = (raw: Record<string, unknown>) => checkedInputs(provider, raw);

let id: string;
let outs: Record<string, any>;
let desired: Record<string, unknown>;

test("create: a Normal account (the type is sent, the API's default would be Super); no password in the outputs", async () => {
  desired = await inputs({ dbClusterId: pg, accountName: "app", accountPassword: PASSWORD, accountDescription: "the app" });
  const created = await provider.create(desired);
  id = created.id;
  outs = created.outs as Record<string, any>;
  expect(id).toBe(`${pg}:app`);
  expect(outs).toMatchObject({ dbClusterId: pg, accountName: "app", accountType: "Normal", accountDescription: "the app", status: "Available" });
  expect(outs.accountPassword).toBeUndefined();
  expect(JSON.stringify(outs)).not.toContain(PASSWORD);
  expect(outs.secretDigests.accountPassword).toMatch(/^scrypt\$/);
  expect(stored(pg, "app")).toMatchObject({ AccountType: "Normal", AccountStatus: "Available", passwordDigest: sha256(PASSWORD) });
});

test("read equals the outputs (the digest kept); the same inputs are no change", async () => {
  const r = await provider.read(id, outs);
  expect(r.props).toEqual(outs);
  expect(await provider.diff(id, r.props, desired)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("a new password is an in-place ModifyAccountPassword; the cloud really holds it", async () => {
  const news = { ...desired, accountPassword: NEW_PASSWORD };
  expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update(id, outs, news)).outs as Record<string, any>;
  desired = news;
  expect(emu.emulator.calls()).toMatchObject({ ModifyAccountPassword: 1 });
  expect(emu.emulator.calls().DeleteAccount).toBeUndefined();
  expect(stored(pg, "app").passwordDigest).toBe(sha256(NEW_PASSWORD));
  expect(JSON.stringify(outs)).not.toContain(NEW_PASSWORD);
  expect(await provider.diff(id, outs, desired)).toMatchObject({ changes: false });
});

test("description: drift made outside Pulumi shows in refresh; update puts it back", async () => {
  await emu.client.request("ModifyAccountDescription", { DBClusterId: pg, AccountName: "app", AccountDescription: "edited by hand" });
  const refreshed = (await provider.read(id, outs)).props as Record<string, any>;
  expect(refreshed.accountDescription).toBe("edited by hand");
  expect(refreshed.secretDigests).toEqual(outs.secretDigests);
  expect(await provider.diff(id, refreshed, desired)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  outs = (await provider.update(id, refreshed, desired)).outs as Record<string, any>;
  expect(emu.emulator.calls().ModifyAccountPassword).toBeUndefined(); // the password did not change
  expect((await describe1(pg, "app")).AccountDescription).toBe("the app");
});

test("a cloud refusal is reported without the password", async () => {
  const duplicate = await inputs({ dbClusterId: pg, accountName: "app", accountPassword: PASSWORD });
  const err = await provider.create(duplicate).catch((e) => e);
  expect(err).toMatchObject({ code: "InvalidAccountName.Duplicate" });
  expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(PASSWORD);
});

test("ten accounts at once on one cluster all converge", async () => {
  const names = Array.from({ length: 10 }, (_, i) => `svc${i}`);
  const made = await Promise.all(names.map(async (n) => provider.create(await inputs({ dbClusterId: pg, accountName: n, accountPassword: PASSWORD }))));
  expect(made.map((m) => m.id)).toEqual(names.map((n) => `${pg}:${n}`));
  expect(made.every((m) => (m.outs as any).status === "Available")).toBe(true);
  await Promise.all(made.map((m) => provider.delete(m.id, m.outs)));
  expect(cloud(emu).clusters[pg].accounts.map((a: any) => a.AccountName)).toEqual(["app"]);
});

test("MySQL grants: created with the account, changed in place by grant and revoke, read back", async () => {
  for (const db of ["orders", "stock", "audit"]) {
    await emu.client.request("CreateDatabase", { DBClusterId: mysql, DBName: db, CharacterSetName: "utf8mb4" });
  }
  const grants = await inputs({ dbClusterId: mysql, accountName: "reporter", accountPassword: PASSWORD, dbNames: ["stock", "orders"], accountPrivilege: "ReadOnly" });
  const made = await provider.create(grants);
  let o = made.outs as Record<string, any>;
  expect(o).toMatchObject({ dbNames: ["orders", "stock"], accountPrivilege: "ReadOnly" });
  expect((await describe1(mysql, "reporter")).DatabasePrivileges).toEqual(expect.arrayContaining([{ DBName: "orders", AccountPrivilege: "ReadOnly" }, { DBName: "stock", AccountPrivilege: "ReadOnly" }]));

  const changed = { ...grants, dbNames: ["orders", "audit"], accountPrivilege: "ReadWrite" };
  expect(await provider.diff(made.id, o, changed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emu.emulator.resetCalls();
  o = (await provider.update(made.id, o, changed)).outs as Record<string, any>;
  expect(emu.emulator.calls()).toMatchObject({ GrantAccountPrivilege: 1, RevokeAccountPrivilege: 1 });
  expect(o).toMatchObject({ dbNames: ["audit", "orders"], accountPrivilege: "ReadWrite" });
  const live = (await describe1(mysql, "reporter")).DatabasePrivileges as any[];
  expect(live.map((g) => `${g.DBName}:${g.AccountPrivilege}`).sort()).toEqual(["audit:ReadWrite", "orders:ReadWrite"]);
  await provider.delete(made.id, o);
});

test("adoption by id (the password stays unknown: no digest)", async () => {
  const adopted = await provider.read(id, {});
  expect(adopted.props).toMatchObject({ dbClusterId: pg, accountName: "app", accountType: "Normal", status: "Available", regionId: "cn-hangzhou" });
  expect((adopted.props as any).secretDigests).toBeUndefined();
});

test("delete waits until the account is gone; a second delete is fine", async () => {
  emu.emulator.resetCalls();
  await provider.delete(id, outs);
  expect(emu.emulator.calls().DeleteAccount).toBe(1);
  expect(await describe1(pg, "app")).toBeUndefined();
  expect(await provider.read(id, outs)).toEqual({});
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});
