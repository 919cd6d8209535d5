/**
 * A resource's stable identity — project, stack, type, name (and parent) — is what lets a create
 * recognise the object that its own earlier attempt made: after a lost answer, or on the `up`
 * after a killed run, in a new process, on another machine. The program side adds it as the
 * hidden input `__identity`; the provider side turns it into ClientTokens that are the same
 * for every attempt of one resource (see engine/create.ts, "stable tokens").
 *
 * The cloud keeps a ClientToken's answer: a token replayed after the object was deleted answers
 * with the dead object, and a forced replacement with identical inputs would answer with the
 * object being replaced. So tokens come in generations (…-g0, -g1, …): a create walks them until
 * one answers with an object that is alive and not one this resource already has.
 */
import { createHash } from "node:crypto";
import type * as Pulumi from "@pulumi/pulumi";

export const IDENTITY_KEY = "__identity";

/** The hidden input a resource class adds to its props (an Output when the resource has a parent). */
export function identityInput(type: string, name: string, opts?: Pulumi.CustomResourceOptions): Record<string, Pulumi.Input<string>> {
  // Loaded here, not at the top: the provider processes (dynamic host, plugin) import this module
  // for the tokens and need none of the SDK (seconds of start-up).
  const pulumi: typeof Pulumi = require("@pulumi/pulumi");
  const base = `${pulumi.getProject()}/${pulumi.getStack()}/polardb:${type}/${name}`;
  const parent = opts?.parent;
  return { [IDENTITY_KEY]: parent ? parent.urn.apply((u) => `${base}@${u}`) : base };
}

/** A ClientToken (≤ 64 ASCII characters) for one generation of one resource's create call. */
export function stableToken(identity: string, kind: string, params: unknown, generation: number): string {
  const digest = createHash("sha256").update(`${kind}\n${identity}\n${stableJson(params)}`).digest("hex").slice(0, 48);
  return `pp${digest}-g${generation}`;
}

/**
 * Ids that resources of this process hold or claimed: what diff saw in the state for an
 * identity (the object a replacement replaces), and what a create in this process took.
 * Recognition never takes one of these.
 */
const held = new Map<string, Set<string>>();
const claimed = new Set<string>();

export function noteHeld(identity: unknown, id: string): void {
  if (typeof identity !== "string" || !id) return;
  let s = held.get(identity);
  if (!s) held.set(identity, (s = new Set()));
  s.add(id);
}

/** Ids are per kind: an Account and a Whitelist group may both be `pc-…:app`. */
export function isTaken(kind: string, identity: string | undefined, id: string): boolean {
  return claimed.has(`${kind}|${id}`) || (identity !== undefined && (held.get(identity)?.has(id) ?? false));
}

export function claim(kind: string, id: string): void {
  claimed.add(`${kind}|${id}`);
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : x));
}
