/**
 * Writes schema.json: the Pulumi package schema of the provider plugin `pulumi-resource-polardb`,
 * generated from the same sources as resources/args.ts — each resource's zod schema and spec
 * (types, enums, defaults, replacement, secrets), the field comments, the outputs each spec
 * declares (ResourceSpec.outputs), the provider settings (provider/plugin/config.ts) and the functions
 * (provider/plugin/functions.ts). The plugin serves it (GetSchema); YAML programs are checked
 * against it and SDKs would be generated from it.
 *
 *   node dist/scripts/generate-schema.js          rewrite schema.json
 *   node dist/scripts/generate-schema.js --check  exit 1 if it is out of date (the unit test does this too)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceSpec } from "../provider/spec";
import { specs } from "../resources";
import { dynamicToken, pluginToken } from "../provider/type-tokens";
import { CONFIG_VARIABLES } from "../provider/plugin/config";
import { FUNCTIONS, functionToken } from "../provider/plugin/functions";
import { documentedInputs } from "./generate-args";

const ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}dist${path.sep}`) ? ".." : "");
export const SCHEMA_FILE = path.join(ROOT, "schema.json");

type Json = Record<string, any>;
const ANY = { $ref: "pulumi.json#/Any" };
const token = pluginToken;
const upper = (s: string) => s[0].toUpperCase() + s.slice(1);
const def = (s: any) => s._zod.def as Json;

/** A zod schema as a schema type; named object and enum types are added to `types`. */
function typeOf(s: any, name: string, types: Json, extraValues: string[] = []): Json {
  const d = def(s);
  switch (d.type) {
    case "string": return { type: "string" };
    case "number": return { type: "number" };
    case "int": return { type: "integer" };
    case "boolean": return { type: "boolean" };
    case "optional": case "nullable": case "default": case "prefault": case "readonly": return typeOf(d.innerType, name, types, extraValues);
    case "pipe": return def(d.in).type === "transform" ? typeOf(d.out, name, types, extraValues) : typeOf(d.in, name, types, extraValues);
    case "enum": case "literal": {
      const values = [...(d.type === "enum" ? Object.values(d.entries) : d.values) as unknown[], ...extraValues];
      if (!values.every((v) => typeof v === "string")) return values.every((v) => typeof v === "number") ? { type: "number" } : ANY;
      if (values.length === 1) return { type: "string" };
      types[token(name)] = { type: "string", description: `The values of ${name}.`, enum: [...new Set(values)].map((v) => ({ value: v })) };
      return { $ref: `#/types/${token(name)}` };
    }
    case "union": {
      const options = (d.options as any[]).map((o, i) => typeOf(o, `${name}${i}`, {}));
      const kinds = new Set(options.map((o) => o.type ?? "ref"));
      return kinds.size === 1 && !kinds.has("ref") ? { type: [...kinds][0] } : ANY;
    }
    case "array": return { type: "array", items: typeOf(d.element, `${name}Item`, types) };
    case "record": return { type: "object", additionalProperties: typeOf(d.valueType, `${name}Value`, types) };
    case "object": {
      const properties: Json = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(d.shape as Record<string, any>)) {
        properties[k] = typeOf(v, `${name}${upper(k)}`, types);
        const desc = (v as any).description;
        if (desc) properties[k].description = desc;
        if (!isOptional(v)) required.push(k);
      }
      types[token(name)] = { type: "object", properties, ...(required.length ? { required } : {}) };
      return { $ref: `#/types/${token(name)}` };
    }
    default: return ANY;
  }
}

function isOptional(s: any): boolean {
  const d = def(s);
  if (["optional", "default", "prefault"].includes(d.type)) return true;
  return d.type === "pipe" ? isOptional(d.in) : false;
}

/** The schema type of an output's TypeScript type (ResourceSpec.outputs: `string[]`, `ClusterNode[]`). */
function outputType(t: string): Json {
  if (t === "string") return { type: "string" };
  if (t === "number") return { type: "number" };
  if (t === "boolean") return { type: "boolean" };
  if (t === "string[]") return { type: "array", items: { type: "string" } };
  if (/^Record<string, string>$/.test(t)) return { type: "object", additionalProperties: { type: "string" } };
  if (/\[\]$/.test(t) || /^Array</.test(t)) return { type: "array", items: ANY };
  return ANY;
}

function resourceSchema(kind: string, spec: ResourceSpec, types: Json): Json {
  const documented = documentedInputs()[kind];
  const writeOnly = new Set<string>(spec.writeOnly ?? []);
  const replace = new Set<string>([...spec.replaceOn, "regionId"]);
  const inputProperties: Json = {};
  const properties: Json = {};
  const requiredInputs: string[] = [];
  for (const { field, schema, info, doc } of documented) {
    const extra = Object.keys(spec.valueAliases?.[field] ?? {}).filter((v) => !/^-?\d+$/.test(v));
    const p: Json = { ...typeOf(schema, `${kind}${upper(field)}`, types, extra), description: doc };
    if (info.defaultValue !== undefined) p.default = info.defaultValue;
    if (writeOnly.has(field)) p.secret = true;
    if (replace.has(field)) p.willReplaceOnChanges = true;
    inputProperties[field] = p;
    if (!info.optional) requiredInputs.push(field);
    if (!writeOnly.has(field) && field !== "adopt") {
      const { willReplaceOnChanges: _w, default: _d, ...output } = p;
      properties[field] = output;
    }
  }
  for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
    const { willReplaceOnChanges: _w, default: _d, ...same } = inputProperties[name];
    inputProperties[alias] = { ...same, description: `@pulumi/alicloud's name for \`${name}\` (give one of the two).` };
    // Either name will do, so neither is required by the schema (Check requires one of them).
    const k = requiredInputs.indexOf(name);
    if (k >= 0) requiredInputs.splice(k, 1);
  }
  for (const [name, o] of Object.entries(spec.outputs ?? {})) {
    if (properties[name] || inputProperties[name] || !o.type || o.declared === false) continue;
    properties[name] = { ...outputType(o.type), ...(o.doc ? { description: o.doc } : {}) };
  }
  if (writeOnly.size) properties.secretDigests = { type: "object", additionalProperties: { type: "string" }, secret: true, description: "Salted digests of the write-only secrets: how a change of them is seen without keeping them." };
  return {
    description: `A PolarDB ${kind}. Its id is \`${spec.id.shape}\` (what \`pulumi import polardb:index:${kind} <name> <id>\` takes).`,
    // The same resource made by the dynamic class (pulumi-polardb's TypeScript face) moves here in place.
    aliases: [{ type: dynamicToken(kind) }],
    properties,
    inputProperties,
    ...(requiredInputs.length ? { requiredInputs } : {}),
  };
}

function functionSchema(name: string, types: Json): Json {
  const f = FUNCTIONS[name];
  const properties: Json = {};
  const required: string[] = [];
  for (const [k, v] of Object.entries(f.args.shape as Record<string, any>)) {
    properties[k] = { ...typeOf(v, `${upper(name)}${upper(k)}`, types), ...((v as any).description ? { description: (v as any).description } : {}) };
    if (!isOptional(v)) required.push(k);
  }
  const out = f.output.type === "array" ? { type: "array", items: ANY } : { type: "object", additionalProperties: ANY };
  return {
    description: f.description,
    inputs: { properties, ...(required.length ? { required } : {}) },
    outputs: { properties: { [f.output.name]: { ...out, description: f.output.description } }, required: [f.output.name] },
  };
}

export function renderSchema(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const types: Json = {};
  const variables: Json = {};
  for (const [k, v] of Object.entries(CONFIG_VARIABLES)) {
    variables[k] = { ...(v.type === "object" ? ANY : { type: "string" }), description: v.description, ...(v.secret ? { secret: true } : {}), ...(v.env ? { defaultInfo: { environment: v.env } } : {}) };
  }
  const resources: Json = {};
  for (const [kind, spec] of Object.entries(specs as Record<string, ResourceSpec>)) resources[token(kind)] = resourceSchema(kind, spec, types);
  const functions: Json = {};
  for (const name of Object.keys(FUNCTIONS)) functions[functionToken(name)] = functionSchema(name, types);
  const schema = {
    name: "polardb",
    displayName: "Alibaba Cloud PolarDB",
    version: pkg.version,
    description: "Alibaba Cloud PolarDB (PostgreSQL, MySQL, Oracle): clusters, nodes, endpoints, accounts, databases and whitelists, waiting until the cloud is ready.",
    keywords: ["pulumi", "alibaba-cloud", "polardb", "category/database", "kind/native"],
    license: pkg.license,
    publisher: "pulumi-polardb",
    meta: { moduleFormat: "(.*)" },
    config: { variables },
    provider: { description: "The polardb provider: where and as whom it calls the PolarDB API.", inputProperties: variables },
    resources,
    functions,
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    language: {
      nodejs: { packageName: "@pulumi-polardb/polardb", respectSchemaVersion: true },
      python: { packageName: "pulumi_polardb", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-polardb/sdk/go/polardb", generateResourceContainerTypes: true, respectSchemaVersion: true },
    },
  };
  return JSON.stringify(schema, null, 2) + "\n";
}

if (require.main === module) {
  const text = renderSchema();
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== text) { console.error("schema.json is out of date: run `npm run generate`"); process.exit(1); }
  } else if (current !== text) {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log("wrote schema.json");
  }
}
