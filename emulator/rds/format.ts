/**
 * The text formats the seeds print, reproduced byte for byte:
 * - `GmtCreated`-style times are ISO-8601 UTC to the second (`2022-02-25T08:53:13Z`);
 * - log lines carry zone-less local times (`2022-02-25 17:00:29`), which the seed's examples
 *   show are UTC+8 (GmtCreated 08:53:13Z vs the log's 16:53+ on the same task);
 * - `ReplicationInfo` times are PostgreSQL text with a `+08` offset;
 * - the JSON examples escape one level too many ([O-D5], [O-D6], [O-U7]): `Detail` decodes to
 *   lines separated by a literal backslash-n, and `ReplicationInfo` to JSON whose quotes are
 *   written `\"`. The emulator answers exactly that, so clients must cope as with the cloud.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `yyyy-MM-dd HH:mm:ss` in UTC+8, as the seeds' log lines. */
export function logTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** PostgreSQL's `timestamptz` text in UTC+8 (`2022-03-01 14:42:57.967+08`). */
export function pgTime(ms: number): string {
  const fraction = String(((ms % 1000) + 1000) % 1000).padStart(3, "0").replace(/0+$/, "");
  return `${logTime(ms)}${fraction ? "." + fraction : ""}+08`;
}

/** Lines joined the way the seeds' `Detail` decodes: each followed by a literal `\n`. */
export function seedLog(lines: readonly string[]): string {
  return lines.map((line) => `${line}\\n`).join("");
}

/** A flat object as the seed's `ReplicationInfo`: JSON text with every quote escaped once more. */
export function seedJson(fields: Record<string, string>): string {
  return JSON.stringify(fields).replace(/"/g, '\\"');
}
