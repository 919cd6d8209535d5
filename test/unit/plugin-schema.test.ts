/**
 * schema.json is generated from the zod specs (scripts/generate-schema.ts) and committed: it must
 * be current, and say what the provider does (secrets, replacements, config, functions).
 */
import * as fs from "node:fs";
import { renderSchema, SCHEMA_FILE } from "../../scripts/generate-schema";
import { specs } from "../../resources";
import { engineArg } from "../../provider/plugin/main-args";

test("schema.json is current (run `npm run generate` after changing a schema or spec)", () => {
  expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(renderSchema());
});

test("every resource kind, its secrets and its replacement fields", () => {
  const schema = JSON.parse(renderSchema());
  for (const [kind, spec] of Object.entries(specs)) {
    const r = schema.resources[`polardb:index:${kind}`];
    expect(r).toBeDefined();
    for (const f of spec.replaceOn) expect(r.inputProperties[f].willReplaceOnChanges).toBe(true);
    for (const f of spec.writeOnly ?? []) {
      expect(r.inputProperties[f].secret).toBe(true);
      expect(r.properties[f]).toBeUndefined();
    }
    for (const p of Object.values(r.inputProperties) as Array<{ description?: string }>) expect(p.description).toBeTruthy();
  }
  expect(schema.config.variables.accessKeyId.secret).toBe(true);
  expect(schema.config.variables.accessKeySecret.secret).toBe(true);
  expect(schema.types["polardb:index:ClusterDbType"].enum.map((e: { value: string }) => e.value)).toEqual(["MySQL", "PostgreSQL", "Oracle"]);
  expect(schema.functions["polardb:index:getClusters"].outputs.required).toEqual(["items"]);
});

test("the plugin finds the engine's address among the engine's flags", () => {
  expect(engineArg(["--logtostderr", "-v=9", "--tracing", "http://t:1", "127.0.0.1:4567"])).toBe("127.0.0.1:4567");
  expect(engineArg([])).toBeUndefined();
});
