/**
 * Property values between the protocol's Struct and the engine's plain objects.
 *
 * In: secret envelopes are unwrapped (the engine, zod and the API client see plain values) and the
 * top-level fields that held one are remembered; every type-tagged unknown sentinel becomes the
 * one string sentinel the engine knows (spec.ts UNKNOWN).
 * Out: undefined is dropped (Struct refuses it), and the fields that must stay secret are wrapped
 * in envelopes again, so the engine stores them encrypted.
 */
import { Props, UNKNOWN } from "../spec";
import { Struct, structs } from "./proto";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** sdk/go/common/resource/plugin/rpc.go: bool, number, string, array, asset, archive, object. */
const UNKNOWNS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "3eeb2bf0-c639-47a8-9e75-3b44932eb421", UNKNOWN, "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58", "e48ece36-62e2-4504-bad9-02848725956a", "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export interface Incoming {
  props: Props;
  /** Top-level fields that were (or contained) a secret. */
  secrets: Set<string>;
}

function isEnvelope(v: unknown): v is { value?: unknown } {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[SIG] === SECRET;
}

function unwrap(v: unknown, found: () => void): unknown {
  if (isEnvelope(v)) { found(); return unwrap(v.value, found); }
  if (typeof v === "string" && UNKNOWNS.has(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map((x) => unwrap(x, found));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x, found)]));
  return v;
}

/** A request's properties as plain values; undefined when the request has none (import's Read). */
export function fromStruct(s: Struct | undefined): Incoming | undefined {
  if (!s) return undefined;
  const secrets = new Set<string>();
  const props: Props = {};
  for (const [k, v] of Object.entries(s.toJavaScript())) props[k] = unwrap(v, () => secrets.add(k));
  return { props, secrets };
}

export function envelope(value: unknown): Record<string, unknown> {
  return { [SIG]: SECRET, value };
}

/** JSON-clean: no undefined anywhere (Struct.fromJavaScript throws on it), no reserved `__` keys at the top. */
function cleanValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : cleanValue(x)));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, cleanValue(x)]));
  return v;
}

/** Plain values as a Struct, with the given top-level fields as secret envelopes. */
export function toStruct(props: Props, secret: Iterable<string> = []): Struct {
  const secretSet = new Set(secret);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || k.startsWith("__")) continue;
    out[k] = secretSet.has(k) && v !== UNKNOWN ? envelope(cleanValue(v)) : cleanValue(v);
  }
  return structs.Struct.fromJavaScript(out as Record<string, any>);
}
