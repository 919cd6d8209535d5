/**
 * The public types: ClusterArgs … are generated from the zod schemas (the one source of
 * validation) and the classes (Cluster …) from the specs, so they cannot drift apart — this test
 * fails when a schema or spec changed and resources/args.ts or resources/classes/ was not
 * regenerated; and no declaration a user's program loads names zod.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ARGS_FILE, README_FILE, renderArgs, withInputTables } from "../../scripts/generate-args";
import { CLASSES_DIR, renderClasses } from "../../scripts/generate-classes";
import { specs } from "../../resources";

const repo = path.resolve(__dirname, "..", "..");

test("resources/args.ts is what the schemas generate (run `npm run generate` after changing one)", () => {
  expect(fs.readFileSync(ARGS_FILE, "utf8")).toBe(renderArgs());
});

test("resources/classes/ is what the specs generate (run `npm run generate` after changing one)", () => {
  const files = renderClasses();
  expect(files.size).toBe(17); // own-endpoints.ts holds two classes
  for (const [file, text] of files) expect({ file, text: fs.readFileSync(path.join(CLASSES_DIR, file), "utf8") }).toEqual({ file, text });
});

test("every member a class declares is an Output on its objects (registered, not undefined)", async () => {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "project", "stack", false);
  const classes = await import("../../resources/classes");
  for (const [file, text] of renderClasses()) {
    for (const cls of text.split("\nexport class ").slice(1)) {
      const kind = /^\w+/.exec(cls)![0];
      const declared = [...cls.matchAll(/declare readonly (\w+):/g)].map((m) => m[1]);
      const outputs = Object.entries(specs[kind].outputs ?? {}).filter(([, o]) => o.type && o.declared !== false).map(([n]) => n);
      expect({ kind, undeclared: outputs.filter((o) => !declared.includes(o)) }).toEqual({ kind, undeclared: [] });
      const resource = new (classes as unknown as Record<string, new (name: string, args: object) => pulumi.CustomResource>)[kind](`r-${kind}`, {});
      await new Promise((resolve) => resource.id.apply(resolve)); // registered before the test ends
      const notOutputs = declared.filter((m) => !pulumi.Output.isInstance((resource as unknown as Record<string, unknown>)[m]));
      expect({ file, kind, notOutputs }).toEqual({ file, kind, notOutputs: [] });
    }
  }
});

test("the README's input tables are what the specs generate", () => {
  const readme = fs.readFileSync(README_FILE, "utf8");
  expect(readme).toBe(withInputTables(readme));
  expect(readme).toMatch(/\| `zoneId` \| `string` \|  \| in place \(`ModifyDBClusterPrimaryZone`\), or \*\*scheduled\*\* with `plannedWindow` \|/);
});

test("every input of every resource is in its Args interface, with a doc comment", () => {
  const text = fs.readFileSync(ARGS_FILE, "utf8");
  for (const [kind, spec] of Object.entries(specs)) {
    const body = new RegExp(`export interface ${kind}Args \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? "";
    const declared = [...body.matchAll(/\*\/\n {2}(\w+)\??:/g)].map((m) => m[1]);
    const inputs = Object.keys((spec.inputs as unknown as { shape: object }).shape);
    expect({ kind, fields: declared.filter((f) => inputs.includes(f)) }).toEqual({ kind, fields: inputs });
  }
});

test("no declaration reachable from dist/index.d.ts imports zod", () => {
  const seen = new Set<string>();
  const withZod: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    if (/from "zod"|import\("zod"\)/.test(text)) withZod.push(path.relative(repo, file));
    for (const m of text.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)) {
      const base = path.resolve(path.dirname(file), m[1]);
      const found = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((c) => fs.existsSync(c));
      if (found) walk(found);
    }
  };
  walk(path.join(repo, "dist", "index.d.ts"));
  expect(seen.size).toBeGreaterThan(10);
  expect(withZod).toEqual([]);
});
