/**
 * Which credentials the plugin calls with after a key rotation, and what a provider change from
 * the dynamic host means. The plugin is spawned as the engine spawns it: `PULUMI_CONFIG` holds the
 * stack's `polardb:*` config as it is NOW; Configure's arguments are, without the program (plain
 * refresh or destroy), the ones the last `up` recorded.
 *   - The default provider calls with the current stack config (the rotated key), not the recorded one.
 *   - An explicit provider calls with its own arguments: a revoked key fails naming the action and code.
 *   - DiffConfig from the dynamic host's provider (`pulumi-nodejs`) to this one plans no replacement.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { pb, PluginProcess, secret, startPlugin, struct } from "../helpers/plugin-process";

const OLD = { id: "rotated-out-ak", secret: "rotated-out-SECRET-71c2" };
const NEW = { id: "rotated-in-ak", secret: "rotated-in-SECRET-9e05" };

let emu: Emulator;
const started: PluginProcess[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [NEW] }); // OLD is revoked
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await emu?.close();
});

/** A plugin with nothing of the cloud in its environment but the stack config the engine passes. */
async function plugin(stackConfig: Record<string, string>): Promise<PluginProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ALIBABA_CLOUD_") && k !== "PULUMI_CONFIG"));
  const p = await startPlugin({ ...env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), "plugin-home-")), PULUMI_CONFIG: JSON.stringify(stackConfig) });
  started.push(p);
  return p;
}

const recorded = () => ({ region: "cn-hangzhou", endpoint: emu.url, accessKeyId: secret(OLD.id), accessKeySecret: secret(OLD.secret), version: "0.1.0" });
const now = () => ({ region: "cn-hangzhou", endpoint: emu.url, accessKeyId: NEW.id, accessKeySecret: NEW.secret });

async function configure(p: PluginProcess, urn: string, args: Record<string, unknown>) {
  const req = new pb.ConfigureRequest();
  req.setUrn(urn); req.setArgs(struct(args)); req.setAcceptsecrets(true);
  await p.call("configure", req);
}

async function listClusters(p: PluginProcess) {
  const req = new pb.InvokeRequest();
  req.setTok("polardb:index:getClusters"); req.setArgs(struct({}));
  return p.call("invoke", req);
}

test("the default provider calls with the stack config as it is now (a rotated key), not the recorded one", async () => {
  const p = await plugin(now());
  await configure(p, "urn:pulumi:dev::orders::pulumi:providers:polardb::default_0_1_0", recorded());
  const res = await listClusters(p);
  expect(res.getFailuresList()).toEqual([]);
  expect(res.getReturn().toJavaScript().items).toEqual([]);
});

test("an explicit provider calls with its own arguments: a revoked key fails naming the action and code", async () => {
  const p = await plugin(now());
  await configure(p, "urn:pulumi:dev::orders::pulumi:providers:polardb::mine", recorded());
  const err = await listClusters(p).then(() => undefined, (e: Error) => e);
  expect(err?.message).toMatch(/DescribeDBClusters/);
  expect(err?.message).toMatch(/InvalidAccessKeyId/);
  expect(err?.message).not.toContain(OLD.secret);
  expect(p.stderr()).not.toContain(OLD.secret);
});

test("from the dynamic host's default provider to this one: DiffConfig plans no replacement", async () => {
  const p = await plugin(now());
  const req = new pb.DiffRequest();
  req.setUrn("urn:pulumi:dev::orders::pulumi:providers:polardb::default_0_1_0");
  req.setOldInputs(struct({})); // the pulumi-nodejs default provider's inputs (its version is filtered out)
  req.setOlds(struct({}));
  req.setNews(struct(now()));
  const res = await p.call("diffConfig", req);
  expect(res.getReplacesList()).toEqual([]);
  expect(res.getDeletebeforereplace()).toBe(false);
});
