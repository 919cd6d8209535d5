/**
 * The program's inputs as the schema makes them (defaults applied), with each failure named by
 * its field and never printing a secret. A resource that exists keeps the secret it has when
 * the program gives none (as after `pulumi import`). Used by check, create and update.
 */
import { z } from "zod";
import { Props } from "../spec";
import { EngineContext } from "./context";
import { clean, firstPerPath, valueAt } from "./values";

/** The inputs as the schema makes them (defaults applied); invalid inputs are a clear error. */
export function parseInputs(ctx: EngineContext, news: Props, exists = false): Props {
  const r = ctx.spec.inputs.safeParse(news);
  if (!r.success && exists && r.error.issues.every((i) => keepsSecret(ctx, i, news))) return fieldByField(ctx, news);
  if (!r.success) throw new Error(`${ctx.spec.kind}: invalid inputs: ${firstPerPath(r.error.issues).map((i) => failureOf(ctx, i, news)).map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ")}`);
  return clean(r.data);
}

/**
 * A write-only secret (a password) is needed to create; a resource that exists keeps the one it
 * has when the program gives none — as after `pulumi import`, which cannot read it back.
 */
export function keepsSecret(ctx: EngineContext, issue: z.core.$ZodIssue, news: Props): boolean {
  const { writeOnly } = ctx;
  const f = String(issue.path[0]);
  return issue.code === "custom" && issue.path.length === 1 && writeOnly.has(f) && [...writeOnly].every((w) => news[w] === undefined);
}

/** The inputs parsed field by field (defaults applied), for when only a whole-object rule about a kept secret failed. */
export function fieldByField(ctx: EngineContext, news: Props): Props {
  const out: Props = {};
  for (const f of ctx.fields) {
    const r = ctx.shape[f].safeParse(news[f]);
    if (r.success && r.data !== undefined) out[f] = r.data;
  }
  return clean(out);
}

export function failureOf(ctx: EngineContext, issue: z.core.$ZodIssue, news: Props): { property: string; reason: string } {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    // Inside an object input (timeouts: { creat: … }): name that input, not the resource's inputs.
    if (path) return { property: path, reason: `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}` };
    return { property: "", reason: `unknown input${issue.keys.length > 1 ? "s" : ""} ${keys}; ${ctx.spec.kind} takes: ${ctx.fields.join(", ")}` };
  }
  const missing = (issue.code === "invalid_type" || issue.code === "invalid_value") && valueAt(news, issue.path) === undefined;
  const reason = !missing ? issue.message : issue.code === "invalid_type" ? `${path} is required` : `${path} is required; ${issue.message}`;
  // A secret's value must never be printed: the engine prints the value of a failure's property.
  if (!path || ctx.writeOnly.has(String(issue.path[0]))) return { property: "", reason: path ? `${path}: ${reason}` : reason };
  return { property: path, reason };
}
