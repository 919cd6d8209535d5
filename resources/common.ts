/**
 * Pieces the resources that live on a cluster share: the `dbClusterId` input, name rules used by
 * more than one resource, and the slot list every resource class hands to Pulumi so its outputs
 * are registered. Data only, like the specs.
 */
import { z } from "zod";

export const CLUSTER_ID = /^pc-[a-z0-9]+$/;

/** The cluster a resource lives on (the id of a Cluster resource: `cluster.id`). */
export const dbClusterId = z.string().regex(CLUSTER_ID, 'a cluster id such as "pc-bp1…" (pass cluster.id)');

/** CreateAccount: 2–16 characters, lower-case letters, digits and _, a letter first, a letter or digit last. */
export const ACCOUNT_NAME = /^[a-z][a-z0-9_]{0,14}[a-z0-9]$/;
/** Names the reference says are reserved (it gives these examples, not the full list). */
export const RESERVED_ACCOUNT_NAMES = ["root", "admin"];

/** The account's name: 2–16 characters, lower-case letters, digits and _, a letter first (not root or admin). */
export const accountName = z.string()
  .regex(ACCOUNT_NAME, "2–16 characters: lower-case letters, digits and _, starting with a letter and ending with a letter or digit")
  .refine((n) => !RESERVED_ACCOUNT_NAMES.includes(n), `must not be a reserved name (${RESERVED_ACCOUNT_NAMES.join(", ")})`);

/** CreateDatabase: at most 64 characters, lower-case letters, digits, - and _, a letter first, a letter or digit last. */
export const DB_NAME = /^[a-z]([a-z0-9_-]{0,62}[a-z0-9])?$/;
/** Names the reference says are reserved keywords (examples it gives). */
export const RESERVED_DB_NAMES = ["test", "mysql"];

/** The database's name: up to 64 characters, lower-case letters, digits, - and _, a letter first (not test or mysql). */
export const dbName = z.string()
  .regex(DB_NAME, "at most 64 characters: lower-case letters, digits, - and _, starting with a letter and ending with a letter or digit")
  .refine((n) => !RESERVED_DB_NAMES.includes(n), `must not be a reserved keyword (${RESERVED_DB_NAMES.join(", ")})`);

/** Input and output names as `undefined` slots: Pulumi registers a resource's outputs from its props. */
export function slots(inputs: z.ZodObject<any, any>, outputs: readonly string[]): Record<string, undefined> {
  return Object.fromEntries([...Object.keys(inputs.shape), ...outputs, "secretDigests"].map((k) => [k, undefined]));
}

/** "a,b" or ["a","b"] from the API, blanks dropped. */
export function splitList(v: string | null | undefined): string[] {
  return (v ?? "").split(",").map((x) => x.trim()).filter(Boolean);
}
