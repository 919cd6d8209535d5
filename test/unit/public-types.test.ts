/**
 * The public types: ClusterArgs … are generated from the zod schemas (the one source of
 * validation), so they cannot drift apart — this test fails when a schema changed and
 * resources/args.ts was not regenerated; and no declaration a user's program loads names zod.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ARGS_FILE, README_FILE, renderArgs, withInputTables } from "../../scripts/generate-args";
import { specs } from "../../resources";

const repo = path.resolve(__dirname, "..", "..");

test("resources/args.ts is what the schemas generate (run `npm run generate` after changing one)", () => {
  expect(fs.readFileSync(ARGS_FILE, "utf8")).toBe(renderArgs());
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
