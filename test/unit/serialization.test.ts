/**
 * What Pulumi stores as `__provider`: serialized the way the SDK does it, it must be tiny, hold
 * no secret even when credentials are in the environment, require nothing but the package's
 * runtime entry, and — loaded the way the dynamic-provider host loads it (require-from-string,
 * cwd = the program's directory) — reach the INSTALLED package, and this repository itself
 * (the demo) through the package's `exports` map.
 */
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { shimProvider } from "../../provider/shim";

const repoRoot = path.resolve(__dirname, "..", "..");
const accessKeyId = "LTAI-serialization-test-id";
const accessKeySecret = "SERIALIZATION-SECRET-must-not-leak-4b9e";

let text: string;
let containsSecrets: boolean;

beforeAll(async () => {
  // Credentials present in the program's environment when the resource is constructed.
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = accessKeySecret;
  const provider = shimProvider("Cluster");
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }); // as dynamic.Resource does
  text = sf.text;
  containsSecrets = sf.containsSecrets;
  console.log(`serialized provider: ${text.length} bytes`);
});

afterAll(() => {
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
});

test("it is small and holds no secret, no credential and no path of this machine", () => {
  expect(text.length).toBeLessThan(2_500);
  expect(containsSecrets).toBe(false);
  expect(text).not.toContain(accessKeySecret);
  expect(text).not.toContain(accessKeyId);
  expect(text).not.toMatch(/LTAI|accessKey|AccessKey|password|secret|token/i);
  expect(text).not.toContain(repoRoot);
  expect(text).not.toContain("node_modules");
});

test("its only dependency is the package's runtime entry, loaded at run time", () => {
  const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  expect(required).toEqual(["module"]); // a Node built-in: createRequire, see provider/shim.ts
  expect([...text.matchAll(/"(pulumi-polardb[^"]*)"/g)].map((m) => m[1])).toEqual(["pulumi-polardb/runtime"]);
  expect(text).toContain('kind: "Cluster"');
  for (const op of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(text).toMatch(new RegExp(`\\b${op}: __f\\d`));
});

test("one provider object per kind, so the SDK's serialization cache is hit", () => {
  expect(shimProvider("Cluster")).toBe(shimProvider("Cluster"));
  expect(shimProvider("Account")).not.toBe(shimProvider("Cluster"));
});

/** Loads the text as the host does (require-from-string, in a process whose cwd is `dir`) and calls it. */
function runAsHost(dir: string): { configured: Record<string, unknown>; results: unknown[] } {
  const script = `
    const requireFromString = require(${JSON.stringify(require.resolve("require-from-string"))});
    const provider = requireFromString(require("fs").readFileSync(0, "utf8")).handler();
    (async () => {
      await provider.configure({ config: { get: (k) => ({ "polardb:region": "cn-shanghai" })[k] } });
      const results = [await provider.check({}, { dbType: "PostgreSQL" }), await provider.read("pc-1", { a: 1 }), await provider.delete("pc-1", {})];
      process.stdout.write(JSON.stringify(results));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return { configured: {}, results: JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dir, input: text, encoding: "utf8" })) };
}

/** A stand-in runtime that echoes what it was asked (so the test sees which copy answered). */
const STUB = `let region;
exports.configure = async (config) => { region = config.get("polardb:region"); };
exports.handle = async (kind, op, args) => ({ from: __filename, kind, op, args, region });`;

function withProject(layout: (dir: string) => void, run: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-shim-"));
  try { layout(dir); run(dir); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

/** The real package.json's name and exports map, so the test exercises what ships. */
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const runtimeTarget: string = manifest.exports["./runtime"].default;

test("loaded by the host in a program directory, it calls the INSTALLED package's runtime", () => {
  withProject((dir) => {
    const pkg = path.join(dir, "node_modules", "pulumi-polardb");
    fs.mkdirSync(path.dirname(path.join(pkg, runtimeTarget)), { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: manifest.name, exports: manifest.exports }));
    fs.writeFileSync(path.join(pkg, runtimeTarget), STUB);
  }, (dir) => {
    const { results } = runAsHost(dir);
    const expected = fs.realpathSync(path.join(dir, "node_modules", "pulumi-polardb", runtimeTarget));
    expect(results).toEqual([
      { from: expected, kind: "Cluster", op: "check", args: [{}, { dbType: "PostgreSQL" }], region: "cn-shanghai" },
      { from: expected, kind: "Cluster", op: "read", args: ["pc-1", { a: 1 }], region: "cn-shanghai" },
      { from: expected, kind: "Cluster", op: "delete", args: ["pc-1", {}], region: "cn-shanghai" },
    ]);
  });
});

test("run from the package's own directory (the demo at the repository root), it reaches the package itself", () => {
  withProject((dir) => {
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: manifest.name, exports: manifest.exports }));
    fs.mkdirSync(path.dirname(path.join(dir, runtimeTarget)), { recursive: true });
    fs.writeFileSync(path.join(dir, runtimeTarget), STUB);
  }, (dir) => {
    const { results } = runAsHost(dir);
    expect((results[0] as { from: string }).from).toBe(fs.realpathSync(path.join(dir, runtimeTarget)));
  });
});

test("the Cluster resource registers type pulumi-nodejs:dynamic/polardb:Cluster with this provider", async () => {
  const registered: Array<{ type: string; inputs: Record<string, unknown> }> = [];
  await pulumi.runtime.setMocks({
    newResource: (args) => { registered.push({ type: args.type, inputs: args.inputs }); return { id: "pc-mock", state: args.inputs }; },
    call: () => ({}),
  }, "project", "stack", false);
  const { Cluster } = await import("../../resources/classes/cluster");
  const args = { dbType: "PostgreSQL" as const, dbVersion: "11", dbNodeClass: "polar.pg.x4.medium" };
  const c = new Cluster("orders", args);
  new Cluster("orders-2", args); // the same args object twice must work (the base class mutates props)
  const id = await new Promise((resolve) => c.id.apply(resolve));
  expect(id).toBe("pc-mock");
  expect(registered.map((r) => r.type)).toEqual(["pulumi-nodejs:dynamic/polardb:Cluster", "pulumi-nodejs:dynamic/polardb:Cluster"]);
  expect(registered[0].inputs.__provider).toBe(text);
  expect(registered[0].inputs).toMatchObject(args);
});
