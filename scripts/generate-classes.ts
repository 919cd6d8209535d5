/**
 * Writes resources/classes/<resource>.ts: the public resource classes (`Cluster`, …), generated
 * from each resource's spec as resources/args.ts is — the inputs from its zod schema, the outputs
 * (types, docs, id parts) from its `outputs` table, the rest (class and `get` docs, default
 * `protect`) from its `publicClass`, and the secret inputs from `writeOnly`. What a class
 * declares and what it registers come from one table, so they cannot drift apart (a declared
 * output without a slot reads undefined in programs).
 *
 *   node dist/scripts/generate-classes.js          rewrite resources/classes/*.ts
 *   node dist/scripts/generate-classes.js --check  exit 1 if one is out of date (the unit test does this too)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputSpec, ResourceSpec } from "../provider/spec";
import { ADOPT } from "../provider/spec";
import { specs } from "../resources";
import { SOURCES } from "./generate-args";

const ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}dist${path.sep}`) ? ".." : "");
export const CLASSES_DIR = path.join(ROOT, "resources", "classes");

const def = (s: any) => s._zod.def as { type: string; [k: string]: any };
const lower = (s: string) => s[0].toLowerCase() + s.slice(1);

/** The TypeScript type of a zod schema's value as an output: what the engine reports (enums read as their base type). */
function outputTypeOf(s: any): string {
  const d = def(s);
  const base = (values: unknown[]) => [...new Set(values.map((v) => typeof v))].join(" | ");
  switch (d.type) {
    case "string": case "number": case "boolean": return d.type;
    case "int": return "number";
    case "enum": return base(Object.values(d.entries));
    case "literal": return base(d.values);
    case "optional": case "nullable": case "default": case "prefault": case "readonly": return outputTypeOf(d.innerType);
    case "pipe": return outputTypeOf(def(d.in).type === "transform" ? d.out : d.in);
    case "union": return [...new Set((d.options as any[]).map(outputTypeOf))].join(" | ");
    case "array": { const t = outputTypeOf(d.element); return /\|/.test(t) ? `(${t})[]` : `${t}[]`; }
    case "record": return `Record<string, ${outputTypeOf(d.valueType)}>`;
    case "object": return `{ ${Object.entries(d.shape as Record<string, any>).map(([k, v]) => `${k}${optionalWithoutDefault(v) ? "?" : ""}: ${outputTypeOf(v)}`).join("; ")} }`;
    default: throw new Error(`generate-classes: no TypeScript type for zod type "${d.type}"`);
  }
}

/** Optional and no default: the output may be undefined when the program leaves the input out. */
function optionalWithoutDefault(s: any): boolean {
  const d = def(s);
  if (d.type === "optional") return true;
  if (d.type === "nullable" || d.type === "readonly") return optionalWithoutDefault(d.innerType);
  return d.type === "pipe" ? optionalWithoutDefault(d.in) : false;
}

interface Member { name: string; type: string; doc?: string; idPart?: number }

/**
 * The class's members: the inputs that read back (not write-only secrets, not `adopt` nor `timeouts`,
 * which are the program's), in the schema's order, then the other outputs in the table's order.
 */
function members(spec: ResourceSpec): Member[] {
  const shape = (spec.inputs as any).shape as Record<string, any>;
  const table: Record<string, OutputSpec> = spec.outputs ?? {};
  const hidden = new Set<string>([...(spec.writeOnly ?? []), ADOPT, "timeouts"]);
  const out: Member[] = [];
  for (const [field, schema] of Object.entries(shape)) {
    if (hidden.has(field)) continue;
    const o = table[field] ?? {};
    // regionId is always reported: the engine puts the region it used there.
    const optional = field !== "regionId" && (o.optional ?? optionalWithoutDefault(schema));
    out.push({ name: field, type: `${o.type ?? outputTypeOf(schema)}${optional ? " | undefined" : ""}`, doc: o.doc, idPart: o.idPart });
  }
  for (const [name, o] of Object.entries(table)) {
    if (name in shape || o.declared === false) continue;
    out.push({ name, type: `${o.type}${o.optional ? " | undefined" : ""}`, doc: o.doc, idPart: o.idPart });
  }
  return out;
}

/** The names the class registers as outputs besides its inputs (its slots, see resources/common.ts). */
const registered = (spec: ResourceSpec) => Object.keys(spec.outputs ?? {}).filter((n) => !(n in (spec.inputs as any).shape));

const docLines = (doc: string, indent: string) =>
  doc.includes("\n") ? [`${indent}/**`, ...doc.split("\n").map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`] : [`${indent}/** ${doc} */`];

function renderClass(kind: string, spec: ResourceSpec): string[] {
  const slotsName = `${lower(kind)}Slots`;
  const secret = spec.writeOnly ?? [];
  const protect = spec.publicClass?.protectWhile;
  const out: string[] = [
    `const ${slotsName} = slots(${lower(kind)}Inputs, [${registered(spec).map((n) => JSON.stringify(n)).join(", ")}]);`,
    "",
    ...(spec.publicClass?.doc ? docLines(spec.publicClass.doc, "") : []),
    `export class ${kind} extends pulumi.dynamic.Resource {`,
  ];
  const list = members(spec);
  for (const m of list) out.push(...(m.doc ? docLines(m.doc, "  ") : []), `  declare readonly ${m.name}: pulumi.Output<${m.type}>;`);
  out.push("", `  constructor(name: string, args: ${kind}Args, opts?: pulumi.CustomResourceOptions) {`);
  // A fresh object each time: the base class adds __provider to the props it is given.
  out.push(`    const props = { ...${slotsName}, ...args, ...identityInput(${JSON.stringify(kind)}, name, opts) };`);
  let options = "opts";
  if (protect) {
    out.push(`    // \`protect\` by default while ${protect.input} is true${protect.unless ? ` and ${protect.unless} is not` : ""} (an explicit \`protect\` wins): see ClassSpec.protectWhile.`,
      `    const locked = args.${protect.input} === true${protect.unless ? ` && args.${protect.unless} !== true` : ""};`,
      "    const options = { ...opts, protect: opts?.protect ?? (locked || undefined) };");
    options = "options";
  }
  if (secret.length) {
    out.push(`    const secret = withSecretInputs(props, args, ${options}, [${secret.map((f) => JSON.stringify(f)).join(", ")}]);`,
      `    super(shimProvider(${JSON.stringify(kind)}), name, secret.props, secret.opts, "polardb", ${JSON.stringify(kind)});`);
  } else {
    out.push(`    super(shimProvider(${JSON.stringify(kind)}), name, props, ${options}, "polardb", ${JSON.stringify(kind)});`);
  }
  const parts = list.filter((m) => m.idPart !== undefined);
  if (parts.length) out.push("    // Known whenever the id is (see id-part.ts).", ...parts.map((m) => `    this.${m.name} = idPart(this.id, ${m.idPart});`));
  out.push("  }", "");
  if (spec.publicClass?.getDoc) out.push(...docLines(spec.publicClass.getDoc, "  "));
  out.push(`  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): ${kind} {`,
    `    return new ${kind}(name, {} as ${kind}Args, { ...opts, id });`, "  }", "}");
  return out;
}

/** The interfaces of resources/classes/output-types.ts that outputs' types name. */
function namedTypes(spec: ResourceSpec): string[] {
  const texts = Object.values(spec.outputs ?? {}).map((o) => o.type ?? "");
  return texts.flatMap((t) => [...t.matchAll(/\b[A-Z]\w*/g)].map((m) => m[0])).filter((n) => n !== "Record" && n !== "Array");
}

/** File name (in resources/classes/) → its text: one file per spec source file, as resources/<name>.ts. */
export function renderClasses(): Map<string, string> {
  const byFile = new Map<string, string[]>();
  for (const kind of Object.keys(specs)) {
    const file = SOURCES[kind];
    if (!file) throw new Error(`generate-classes: no source file for ${kind} (add it to SOURCES in scripts/generate-args.ts)`);
    byFile.set(file, [...(byFile.get(file) ?? []), kind]);
  }
  const files = new Map<string, string>();
  for (const [file, kinds] of byFile) {
    const all = kinds.map((k) => specs[k]);
    const module = `../${file.replace(/\.ts$/, "")}`;
    const args = kinds.map((k) => `${k}Args`).join(", ");
    const types = [...new Set(all.flatMap(namedTypes))].sort();
    const lines = [
      `// GENERATED by scripts/generate-classes.ts from the spec${kinds.length > 1 ? "s" : ""} in ${module}.ts (inputs, outputs, publicClass, writeOnly).`,
      "// Do not edit: change the spec and run `npm run generate`.",
      kinds.length > 1
        ? `/** The public ${kinds.map((k) => `\`${k}\``).join(" and ")} resource classes (their arguments: ${kinds.map((k) => `${k}Args`).join(" and ")} in ../args.ts, generated from the schemas in ${module}.ts). */`
        : `/** The public \`${kinds[0]}\` resource class (its arguments: ${args} in ../args.ts, generated from the schema in ${module}.ts). */`,
      'import * as pulumi from "@pulumi/pulumi";',
      'import { identityInput } from "../../provider/identity";',
      'import { shimProvider } from "../../provider/shim";',
      `import type { ${args} } from "../args";`,
      `import { ${kinds.map((k) => `${lower(k)}Inputs`).join(", ")} } from "${module}";`,
      'import { slots } from "../common";',
      ...(all.some((s) => (s.writeOnly ?? []).length) ? ['import { withSecretInputs } from "../secret-inputs";'] : []),
      ...(all.some((s) => Object.values(s.outputs ?? {}).some((o) => o.idPart !== undefined)) ? ['import { idPart } from "./id-part";'] : []),
      ...(types.length ? [`import type { ${types.join(", ")} } from "./output-types";`] : []),
      "",
      `export type { ${args} } from "../args";`,
    ];
    for (const k of kinds) lines.push("", ...renderClass(k, specs[k]));
    files.set(file, lines.join("\n") + "\n");
  }
  return files;
}

if (require.main === module) {
  const stale: string[] = [];
  for (const [file, text] of renderClasses()) {
    const target = path.join(CLASSES_DIR, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current === text) continue;
    stale.push(path.relative(ROOT, target));
    if (!process.argv.includes("--check")) fs.writeFileSync(target, text);
  }
  if (process.argv.includes("--check") && stale.length) { console.error(`${stale.join(", ")} out of date: run \`npm run generate\``); process.exit(1); }
  if (stale.length) console.log(`wrote ${stale.join(", ")}`);
}
