/**
 * Texts that come from the API (error messages, a SignatureDoesNotMatch's echo of the server's
 * string-to-sign, recommendations) can carry the request's own parameters — passwords among
 * them, percent-encoded once or twice. Pulumi masks only the literal form of a secret, and a
 * library caller masks nothing, so every such text is scrubbed here before it reaches an error,
 * a log line or a progress line.
 */
import { percentEncode } from "./signer";

/** Parameter names whose values are secret (passwords, keys, tokens, signatures). */
export const SECRET_PARAM = /password|secret|securitytoken|oidctoken|signature|credential|authorization/i;

/** Every form a value takes on the wire and in the echoes: plain, percent-encoded (RFC 3986 and JS), twice, form-encoded. */
export function encodingsOf(value: string): string[] {
  const once = percentEncode(value);
  const forms = new Set<string>([
    value, once, percentEncode(once), encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value)),
    new URLSearchParams({ v: value }).toString().slice(2), escape(value),
    JSON.stringify(value).slice(1, -1),
  ]);
  for (const f of [...forms]) forms.add(f.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces every encoding of every secret with [redacted]. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of encodingsOf(s)) out = out.split(form).join("[redacted]");
  }
  return out;
}

/** The secret values among request parameters (by name). */
export function secretValues(params: Record<string, string>, extra: Array<string | undefined> = []): string[] {
  return [...Object.entries(params).filter(([k]) => SECRET_PARAM.test(k)).map(([, v]) => v), ...extra.filter((x): x is string => !!x)];
}
