/**
 * A MySQL cluster's time zone: a whole-hour UTC offset from -12:00 to +13:00, or SYSTEM (the
 * region's). Two spellings exist: the SDK's (CreateDBCluster DefaultTimeZone, "-12:00 to +13:00":
 * `+08:00`), which is ours, and @pulumi/alicloud's / Terraform's (`+8:00`, `-9:00`, `+0:00`), which
 * is also the form the cluster parameter `default_time_zone` holds (Terraform's acceptance tests
 * set and read it back that way with ModifyDBClusterParameters). Both are accepted; inputs and
 * outputs use ours, and each API is sent its own form.
 */
const OFFSET = /^([+-]?)(\d{1,2}):00$/;
export const SYSTEM_TIME_ZONE = "SYSTEM";

/** The offset in hours, or undefined for what is neither an offset in range nor SYSTEM. */
function hoursOf(v: string): number | undefined {
  const m = OFFSET.exec(v);
  if (!m) return undefined;
  const hours = (m[1] === "-" ? -1 : 1) * Number(m[2]);
  return hours >= -12 && hours <= 13 ? hours : undefined;
}

export function isTimeZone(v: string): boolean {
  return v === SYSTEM_TIME_ZONE || hoursOf(v) !== undefined;
}

const signed = (hours: number, digits: number) => `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(digits, "0")}:00`;

/** Ours and the SDK's: `+08:00`, `-09:00`, `+00:00`, `SYSTEM`. Anything else is returned as it is. */
export function canonicalTimeZone(v: unknown): unknown {
  if (typeof v !== "string" || v === SYSTEM_TIME_ZONE) return v;
  const hours = hoursOf(v);
  return hours === undefined ? v : signed(hours, 2);
}

/** The parameter default_time_zone's form: `+8:00`, `-9:00`, `+0:00`, `SYSTEM`. */
export function parameterTimeZone(v: string): string {
  const hours = hoursOf(v);
  return hours === undefined ? v : signed(hours, 1);
}
