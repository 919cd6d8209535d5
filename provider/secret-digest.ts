/**
 * Salted scrypt digests of write-only secrets (account passwords): diff tells whether a secret
 * changed without the state keeping it. One scrypt costs about 40 ms of CPU on purpose, so:
 * - `verifyDigests` runs the checks a diff needs on libuv's thread pool, all at once, instead of
 *   one after another on the event loop (a refresh of 44 accounts spent 1.8 s blocked there);
 * - every answer is remembered for the life of the process (keyed by the digest and a SHA-256 of
 *   the secret, in memory only), so a preview's diff, its planned update and `up`'s update pay once.
 * `secretUnchanged` is the one rule for "did this secret change" (the engine's diff, the plugin's
 * planned update), `primeSecretChecks` the pool checks it will need.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
import { containsUnknown } from "./spec";

/** The output holding the secrets' digests, by field. */
export const DIGESTS = "secretDigests";

const SCHEME = "scrypt";
const KEY_LENGTH = 32;
/** Enough for every account of a large stack; beyond it the memory starts over. */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, boolean>();

interface Parsed { salt: Buffer; hash: Buffer }

function parse(digest: string): Parsed | undefined {
  const [scheme, salt, hash] = digest.split("$");
  if (scheme !== SCHEME || !salt || !hash) return undefined;
  return { salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
}

const memoKey = (digest: string, secret: string) => `${digest}\n${createHash("sha256").update(secret).digest("base64")}`;

function remember(key: string, matches: boolean): boolean {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, matches);
  return matches;
}

const equal = (expected: Buffer, actual: Buffer) => expected.length === actual.length && timingSafeEqual(expected, actual);

/** A new salted digest of `secret`. */
export function digestOf(secret: string): string {
  const salt = randomBytes(16);
  const digest = `${SCHEME}$${salt.toString("base64")}$${scryptSync(secret, salt, KEY_LENGTH).toString("base64")}`;
  remember(memoKey(digest, secret), true);
  return digest;
}

/** Whether `digest` is a digest of `secret` (remembered answers first; else one scrypt, here). */
export function digestMatches(digest: unknown, secret: unknown): boolean {
  if (typeof digest !== "string" || typeof secret !== "string") return false;
  const key = memoKey(digest, secret);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const p = parse(digest);
  if (!p) return remember(key, false);
  return remember(key, equal(p.hash, scryptSync(secret, p.salt, p.hash.length || KEY_LENGTH)));
}

/** Checks these pairs on the thread pool, in parallel, so that `digestMatches` answers them from memory. */
export async function verifyDigests(pairs: Array<[unknown, unknown]>): Promise<void> {
  await Promise.all(pairs.map(([digest, secret]) => {
    if (typeof digest !== "string" || typeof secret !== "string") return undefined;
    const key = memoKey(digest, secret);
    const p = parse(digest);
    if (memo.has(key) || !p) return undefined;
    return new Promise<void>((resolve) => {
      scrypt(secret, p.salt, p.hash.length || KEY_LENGTH, (err, actual) => {
        if (!err) remember(key, equal(p.hash, actual)); // on an error the synchronous path decides
        resolve();
      });
    });
  }));
}

type Values = Record<string, unknown>;
const storedDigest = (outputs: Values, field: string) => (outputs[DIGESTS] as Values | undefined)?.[field];
/** The last change's input already says so (the plugin is given those inputs; the dynamic face is not). */
const sameAsLastInput = (field: string, want: unknown, oldInputs?: Values) => typeof want === "string" && oldInputs?.[field] === want;

/** Whether the known secret `want` of `field` is unchanged: the last change's input if given, else the digest in `outputs`. */
export function secretUnchanged(field: string, outputs: Values, want: unknown, oldInputs?: Values): boolean {
  return sameAsLastInput(field, want, oldInputs) || digestMatches(storedDigest(outputs, field), want);
}

/**
 * Runs on the pool the digest checks `secretUnchanged` will make for `fields` (known string values
 * only); without `oldInputs`, every stored digest against its new value (what `assemble` asks).
 */
export function primeSecretChecks(fields: Iterable<string>, outputs: Values, news: Values, oldInputs?: Values): Promise<void> {
  const needed = [...fields].filter((f) => typeof news[f] === "string" && !containsUnknown(news[f]) && !sameAsLastInput(f, news[f], oldInputs));
  return verifyDigests(needed.map((f) => [storedDigest(outputs, f), news[f]]));
}
