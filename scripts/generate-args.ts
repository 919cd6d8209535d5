/**
 * Writes resources/args.ts: the public constructor arguments of every resource (`ClusterArgs`, …)
 * as plain TypeScript interfaces, generated from the one source of validation — each resource's
 * zod schema (types, allowed values, defaults), its spec (in place, replacement, secret, provider
 * setting) and the doc comments written on the schema's fields. The public .d.ts files then need
 * no zod types (which do not type-check under `pulumi new typescript`'s tsconfig), and editors
 * show every field's documentation.
 *
 *   node dist/scripts/generate-args.js          rewrite resources/args.ts
 *   node dist/scripts/generate-args.js --check  exit 1 if it is out of date (the unit test does this too)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import type { ResourceSpec } from "../provider/spec";
import { specs } from "../resources";

const ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}dist${path.sep}`) ? ".." : "");
export const ARGS_FILE = path.join(ROOT, "resources", "args.ts");

/** The file that defines each kind's schema (the registry's order is the output order). */
export const SOURCES: Record<string, string> = {
  Cluster: "cluster.ts", Node: "node.ts", Endpoint: "endpoint.ts", Account: "account.ts", Database: "database.ts", Whitelist: "whitelist.ts",
  EndpointAddress: "endpoint-address.ts", ClusterParameters: "cluster-parameters.ts", BackupPolicy: "backup-policy.ts", ClusterSsl: "cluster-ssl.ts",
  SqlCollector: "sql-collector.ts", CloudMigrationTask: "cloud-migration-task.ts", Backup: "backup.ts",
  GlobalSecurityIpGroup: "global-security-ip-group.ts",
  ClusterEndpoint: "own-endpoints.ts", PrimaryEndpoint: "own-endpoints.ts",
  ParameterGroup: "parameter-group.ts", GlobalDatabaseNetwork: "global-database-network.ts",
};

/** What one kind's resource is called in sentences ("replaces the cluster"). */
const NOUN: Record<string, string> = {
  Cluster: "the cluster", Node: "the node", Endpoint: "the endpoint", Account: "the account", Database: "the database (its data is dropped)",
  Whitelist: "the whitelist group", EndpointAddress: "the address", ClusterParameters: "the resource", BackupPolicy: "the resource",
  ClusterSsl: "the resource", SqlCollector: "the resource", CloudMigrationTask: "the migration task", Backup: "the backup set",
  GlobalSecurityIpGroup: "the template",
  ClusterEndpoint: "the resource (the endpoint stays; the new cluster's is taken)", PrimaryEndpoint: "the resource (the endpoint stays; the new cluster's is taken)",
  ParameterGroup: "the template", GlobalDatabaseNetwork: "the GDN",
};

// ----- doc comments from the source ------------------------------------------------------------

function jsDocOf(node: ts.Node, text: string): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const docs = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith("/**"));
  if (!docs.length) return undefined;
  return docs[docs.length - 1].replace(/^\/\*\*\s?/, "").replace(/\s*\*\/$/, "")
    .split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n").trim();
}

function parse(file: string): { text: string; sf: ts.SourceFile } {
  const text = fs.readFileSync(file, "utf8");
  return { text, sf: ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true) };
}

/** Doc comments of a file's top-level `export const` declarations (shared fields: dbClusterId, …). */
function constDocs(file: string): Map<string, string> {
  const { text, sf } = parse(file);
  const docs = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const doc = jsDocOf(st, text);
    if (doc) for (const d of st.declarationList.declarations) docs.set(d.name.getText(sf), doc);
  }
  return docs;
}

/** Field docs of a file's top-level object literals that schemas spread in (`...clusterOptionInputs`). */
function spreadDocs(file: string): Map<string, string> {
  const { text, sf } = parse(file);
  const docs = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!d.initializer || !ts.isObjectLiteralExpression(d.initializer)) continue;
      for (const p of d.initializer.properties) {
        const doc = jsDocOf(p, text);
        if (doc && ts.isPropertyAssignment(p)) docs.set(p.name.getText(sf), doc);
      }
    }
  }
  return docs;
}

/** Property name → doc comment, for the object literal passed to z.strictObject in `export const <name> = …`. */
function fieldDocs(file: string, constName: string): Map<string, string> {
  const { text, sf } = parse(file);
  const docs = new Map<string, string>();
  const visitObject = (obj: ts.ObjectLiteralExpression) => {
    for (const p of obj.properties) {
      const doc = jsDocOf(p, text);
      if (!doc) continue;
      if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) docs.set(p.name.getText(sf), doc);
      else if (ts.isSpreadAssignment(p)) docs.set(`...${p.expression.getText(sf)}`, doc);
    }
  };
  const find = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === constName && node.initializer) {
      // The first object literal inside the initializer is the schema's shape.
      let done = false;
      const first = (n: ts.Node): void => {
        if (done) return;
        if (ts.isObjectLiteralExpression(n)) { done = true; visitObject(n); return; }
        ts.forEachChild(n, first);
      };
      first(node.initializer);
    }
    ts.forEachChild(node, find);
  };
  find(sf);
  return docs;
}

// ----- types from the zod schema -----------------------------------------------------------------

interface ZodDef { type: string; [k: string]: any }
const def = (s: any): ZodDef => s._zod.def;

export interface FieldInfo { type: string; optional: boolean; defaultValue?: unknown; values?: unknown[] }

/** The TypeScript input type of a zod schema, with pulumi.Input at every level. */
function typeOf(s: any, top = false): string {
  const d = def(s);
  const inner = (t: string) => (top ? t : `pulumi.Input<${t}>`);
  switch (d.type) {
    case "string": return inner("string");
    case "number": return inner("number");
    case "boolean": return inner("boolean");
    case "enum": return inner(Object.values(d.entries).map((v) => JSON.stringify(v)).join(" | "));
    case "literal": return inner((d.values as unknown[]).map((v) => JSON.stringify(v)).join(" | "));
    case "optional": case "nullable": case "default": case "prefault": return typeOf(d.innerType, top);
    case "pipe": return typeOf(d.in, top);
    case "union": return inner([...new Set((d.options as any[]).map((o) => typeOf(o, true)))].join(" | "));
    case "array": return inner(`${typeOf(d.element)}[]`);
    case "record": return inner(`{ [key: string]: ${typeOf(d.valueType)} }`);
    case "object": {
      const fields = Object.entries(d.shape as Record<string, any>).map(([k, v]) => `${k}${isOptional(v) ? "?" : ""}: ${typeOf(v)}`);
      return inner(`{ ${fields.join("; ")} }`);
    }
    default: throw new Error(`generate-args: no TypeScript type for zod type "${d.type}"`);
  }
}

function isOptional(s: any): boolean {
  const d = def(s);
  if (d.type === "optional" || d.type === "default" || d.type === "prefault") return true;
  if (d.type === "pipe") return isOptional(d.in);
  return false;
}

function info(s: any): FieldInfo {
  let cur = s;
  let defaultValue: unknown;
  for (;;) {
    const d = def(cur);
    if (d.type === "default" || d.type === "prefault") { defaultValue = typeof d.defaultValue === "function" ? d.defaultValue() : d.defaultValue; cur = d.innerType; continue; }
    if (d.type === "optional" || d.type === "nullable") { cur = d.innerType; continue; }
    if (d.type === "pipe") { cur = d.in; continue; }
    break;
  }
  const d = def(cur);
  const values = d.type === "enum" ? Object.values(d.entries) : d.type === "literal" ? d.values : undefined;
  return { type: typeOf(s, true), optional: isOptional(s), defaultValue, values };
}

// ----- what changing a field does ----------------------------------------------------------------

function changeSentence(kind: string, field: string, spec: ResourceSpec): string {
  if (field === "adopt") return "Read by the first `pulumi up` only: changing or removing it later changes nothing.";
  if (field === "timeouts") return "";
  const documented = (spec.changeDocs as Record<string, string> | undefined)?.[field];
  if (documented) return `A change: ${documented.replace(/`|\*\*/g, "")}.`;
  if (field === "regionId" || spec.replaceOn.includes(field)) return `Changing it replaces ${NOUN[kind]}.`;
  const group = (spec.update ?? []).find((g) => g.fields.includes(field));
  const apis = group?.action ? [group.action] : group?.apis ?? [];
  const how = apis.length ? ` (${apis.join(", ")})` : "";
  if (group && spec.replaceIf?.(field, {}, {}, [field])) {
    const with_ = group.fields.filter((f) => f !== field).map((f) => `\`${f}\``).join(", ");
    return `Changing it together with ${with_} updates ${NOUN[kind]} in place${how}; changing it alone replaces ${NOUN[kind]}.`;
  }
  if (group) return `Changing it updates ${NOUN[kind]} in place${how}.`;
  if ((spec.local ?? []).includes(field)) return "Read by the provider only (no API call when it changes).";
  return "";
}

export interface DocumentedField { field: string; schema: any; info: FieldInfo; doc: string }

/** Every kind's inputs with their documentation (the written comment plus values, default, secrecy, what a change does). */
export function documentedInputs(): Record<string, DocumentedField[]> {
  const result: Record<string, DocumentedField[]> = {};
  const common = new Map([...spreadDocs(path.join(ROOT, "provider", "spec.ts")),
    ...fs.readdirSync(path.join(ROOT, "resources")).filter((f) => f.endsWith(".ts")).flatMap((f) => [...spreadDocs(path.join(ROOT, "resources", f))])]);
  const missing: string[] = [];
  const shared = constDocs(path.join(ROOT, "resources", "common.ts"));
  for (const [kind, spec] of Object.entries(specs as Record<string, ResourceSpec>)) {
    const file = path.join(ROOT, "resources", SOURCES[kind]);
    const docs = fieldDocs(file, `${kind[0].toLowerCase()}${kind.slice(1)}Inputs`); // the convention: clusterInputs, …
    const shape = (spec.inputs as any).shape as Record<string, any>;
    result[kind] = [];
    for (const [field, schema] of Object.entries(shape)) {
      const fi = info(schema);
      const written = docs.get(field) ?? common.get(field) ?? shared.get(field) ?? (field === "adopt" ? docs.get("...adoptInputs") : undefined);
      if (!written) { missing.push(`${kind}.${field} (${SOURCES[kind]})`); continue; }
      const lines = [written];
      if (fi.values && fi.values.length > 1 && !/one of|must be/i.test(written)) lines.push(`One of ${fi.values.map((v) => `\`${JSON.stringify(v)}\``).join(", ")}.`);
      if (fi.defaultValue !== undefined) lines.push(`Default: \`${JSON.stringify(fi.defaultValue)}\`.`);
      if ((spec.writeOnly ?? []).includes(field)) lines.push("Secret: stored encrypted in the state and never returned as an output.");
      const change = changeSentence(kind, field, spec);
      if (change) lines.push(change);
      result[kind].push({ field, schema, info: fi, doc: lines.join("\n") });
    }
  }
  if (missing.length) throw new Error(`generate-args: write a doc comment on these schema fields: ${missing.join(", ")}`);
  return result;
}

export function renderArgs(): string {
  const out: string[] = [
    "// GENERATED by scripts/generate-args.ts from each resource's zod schema, spec and field comments.",
    "// Do not edit: change the schema (or its comments) and run `npm run generate`.",
    "import type * as pulumi from \"@pulumi/pulumi\";",
    "",
  ];
  const documented = documentedInputs();
  for (const [kind, spec] of Object.entries(specs as Record<string, ResourceSpec>)) {
    const shape = (spec.inputs as any).shape as Record<string, any>;
    out.push(`/** The arguments of \`new ${kind}(name, args, opts)\`. */`, `export interface ${kind}Args {`);
    for (const { field, schema, info: fi, doc } of documented[kind]) {
      // @pulumi/alicloud's value spellings are accepted too (PostPaid …), so the type allows them.
      // Integer spellings (deletionLock 0/1) are numbers in @pulumi/alicloud.
      const extra = Object.keys(spec.valueAliases?.[field] ?? {}).map((v) => (/^-?\d+$/.test(v) ? v : JSON.stringify(v)));
      const type = extra.length ? typeOf(schema).replace(/>$/, ` | ${extra.join(" | ")}>`) : typeOf(schema);
      out.push("  /**", ...doc.split("\n").map((l) => `   * ${l}`.trimEnd()), "   */");
      out.push(`  ${field}${fi.optional ? "?" : ""}: ${type};`);
    }
    for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
      out.push("  /**", `   * @pulumi/alicloud's name for \`${name}\` (give one of the two).`, "   */");
      out.push(`  ${alias}?: ${typeOf(shape[name])};`);
    }
    out.push("}", "");
  }
  return out.join("\n");
}

/** How a change of the field is carried out, for the README's tables. */
function changeCell(spec: ResourceSpec, field: string): string {
  if (field === "adopt") return "first `up` only";
  if (field === "timeouts") return "provider setting";
  const documented = (spec.changeDocs as Record<string, string> | undefined)?.[field];
  if (documented) return documented;
  if (field === "regionId" || spec.replaceOn.includes(field)) return "**replace**";
  const group = (spec.update ?? []).find((g) => g.fields.includes(field));
  if (group) {
    const apis = group.action ? [group.action] : group.apis ?? [];
    const how = `in place${apis.length ? ` (${apis.map((a) => `\`${a}\``).join(", ")})` : ""}`;
    const scheduled = spec.schedule && group.action && ["ModifyDBNodeClass", "ModifyDBClusterPrimaryZone", "UpgradeDBClusterVersion"].includes(group.action) ? ", or **scheduled** with `plannedWindow`" : "";
    return spec.replaceIf?.(field, {}, {}, [field]) ? `${how} with ${group.fields.filter((f) => f !== field).map((f) => `\`${f}\``).join(", ")}; alone **replace**` : `${how}${scheduled}`;
  }
  if ((spec.local ?? []).includes(field)) return "no API call (a provider setting, or used at creation only)";
  return "";
}

/** `pulumi.Input<T>` reads as T in a table. */
function plainType(t: string): string {
  let prev = "";
  while (prev !== t) { prev = t; t = t.replace(/pulumi\.Input<([^<>]*)>/g, "$1"); }
  return t;
}

export const README_BEGIN = "<!-- inputs:begin (generated by scripts/generate-args.ts: npm run generate) -->";
export const README_END = "<!-- inputs:end -->";

/** The README's appendix: one table per resource, every input, what a change does. */
export function renderInputTables(): string {
  const out: string[] = [README_BEGIN];
  for (const [kind, spec] of Object.entries(specs as Record<string, ResourceSpec>)) {
    out.push("", `#### ${kind}`, "", "| input | type | default | a change |", "|---|---|---|---|");
    for (const [field, schema] of Object.entries((spec.inputs as any).shape as Record<string, any>)) {
      const fi = info(schema);
      const type = plainType(fi.type).replace(/\|/g, "\\|");
      out.push(`| \`${field}\`${fi.optional ? "" : " (required)"} | \`${type}\` | ${fi.defaultValue === undefined ? "" : `\`${JSON.stringify(fi.defaultValue)}\``} | ${changeCell(spec, field)} |`);
    }
  }
  out.push("", README_END);
  return out.join("\n");
}

export function withInputTables(readme: string): string {
  const a = readme.indexOf(README_BEGIN), b = readme.indexOf(README_END);
  if (a < 0 || b < 0) throw new Error("README.md has no generated inputs section markers");
  return readme.slice(0, a) + renderInputTables() + readme.slice(b + README_END.length);
}

export const README_FILE = path.join(ROOT, "README.md");

if (require.main === module) {
  const readme = fs.readFileSync(README_FILE, "utf8");
  const wanted = withInputTables(readme);
  if (process.argv.includes("--check") && wanted !== readme) { console.error("README.md's input tables are out of date: run `npm run generate`"); process.exit(1); }
  if (wanted !== readme) { fs.writeFileSync(README_FILE, wanted); console.log("wrote README.md's input tables"); }
}

if (require.main === module) {
  const text = renderArgs();
  const current = fs.existsSync(ARGS_FILE) ? fs.readFileSync(ARGS_FILE, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== text) { console.error("resources/args.ts is out of date: run `npm run generate`"); process.exit(1); }
  } else if (current !== text) {
    fs.writeFileSync(ARGS_FILE, text);
    console.log(`wrote ${path.relative(ROOT, ARGS_FILE)}`);
  }
}
