/**
 * The API reference's own tables (seed 003), as data: which engine versions exist, which node
 * class family belongs to which engine, which character sets a database may use, and what a zone
 * id of a region looks like. The provider checks inputs against them in preview, so a value the
 * cloud would refuse fails before anything is created; the emulator follows the same tables.
 *
 * The cloud's catalogue grows (a new engine version, a new region) faster than a reference
 * document. POLARDB_CATALOGUE_CHECKS=off turns these checks off (form checks stay), for the day
 * the cloud sells something this table does not know yet.
 */

export type Engine = "MySQL" | "PostgreSQL" | "Oracle";

/** CreateDBCluster, DBVersion: "MySQL: 5.6 | 5.7 | 8.0. PostgreSQL: 11. Oracle: 11." */
export const ENGINE_VERSIONS: Record<Engine, readonly string[]> = { MySQL: ["5.6", "5.7", "8.0"], PostgreSQL: ["11"], Oracle: ["11"] };

/** Node classes are named per engine: polar.mysql.x4.large, polar.pg.x8.xlarge, polar.o.x4.medium. */
export const CLASS_FAMILY: Record<Engine, string> = { MySQL: "polar.mysql.", PostgreSQL: "polar.pg.", Oracle: "polar.o." };

/** CreateDatabase, CharacterSetName (Appendix C): PostgreSQL and PolarDB O share one list. */
const POSTGRES_CHARSETS = ["sql_ascii", "euc_jp", "euc_cn", "euc_kr", "euc_tw", "euc_jis_2004", "utf8", "mule_internal", "latin1", "latin2", "latin3", "latin4", "latin5", "latin6", "latin7", "latin8", "latin9", "latin10", "koi8r", "koi8u", "iso_8859_5", "iso_8859_6", "iso_8859_7", "iso_8859_8", "win866", "win874", "win1250", "win1251", "win1252", "win1253", "win1254", "win1255", "win1256", "win1257", "win1258"];
const MYSQL_CHARSETS = ["utf8", "gbk", "utf8mb4", "latin1", "euckr", "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "cp932", "dec8", "eucjpms", "gb2312", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32"];
export const CHARACTER_SETS: Record<Engine, readonly string[]> = { MySQL: MYSQL_CHARSETS, PostgreSQL: POSTGRES_CHARSETS, Oracle: POSTGRES_CHARSETS };

export function catalogueChecksOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.POLARDB_CATALOGUE_CHECKS ?? "").toLowerCase() !== "off";
}

const ENGINES = Object.keys(ENGINE_VERSIONS) as Engine[];
const OFF_HINT = "(from the API reference's table; if the cloud has added it since, set POLARDB_CATALOGUE_CHECKS=off)";

/** Why this engine/version pair is not one the reference lists, or undefined. */
export function versionProblem(engine: string, version: string): string | undefined {
  const known = ENGINE_VERSIONS[engine as Engine];
  if (!known || known.includes(version) || !catalogueChecksOn()) return undefined;
  return `${engine} has no version "${version}": one of ${known.map((v) => `"${v}"`).join(", ")} ${OFF_HINT}`;
}

/** Why this class does not fit the engine (or any engine, when none is known), or undefined. */
export function classProblem(nodeClass: string, engine?: string): string | undefined {
  if (!catalogueChecksOn()) return undefined;
  const family = ENGINES.find((e) => nodeClass.startsWith(CLASS_FAMILY[e]));
  if (!family) return `"${nodeClass}" is a class of no engine: PolarDB classes start with ${ENGINES.map((e) => `"${CLASS_FAMILY[e]}" (${e})`).join(", ")}`;
  if (engine && engine in CLASS_FAMILY && family !== engine) return `"${nodeClass}" is a ${family} class; a ${engine} cluster takes "${CLASS_FAMILY[engine as Engine]}…" classes`;
  return undefined;
}

/** Why this character set is none of the reference's (for the engine, when known), or undefined. */
export function charsetProblem(charset: string, engine?: string): string | undefined {
  if (!catalogueChecksOn()) return undefined;
  const lists = engine && engine in CHARACTER_SETS ? [CHARACTER_SETS[engine as Engine]] : Object.values(CHARACTER_SETS);
  if (lists.some((l) => l.includes(charset.toLowerCase()))) return undefined;
  return `"${charset}" is not a character set PolarDB ${engine ?? "MySQL, PostgreSQL or Oracle"} databases use, such as "utf8", "utf8mb4" (MySQL) or "utf8" (PostgreSQL) ${OFF_HINT}`;
}

/** A zone belongs to its region: cn-hangzhou-h to cn-hangzhou, ap-southeast-1a to ap-southeast-1. */
export function zoneProblem(zoneId: string, regionId: string): string | undefined {
  // A region ending in a digit takes a letter directly (ap-southeast-1a), others a dash (cn-hangzhou-h).
  const suffix = /\d$/.test(regionId) ? /^-?[a-z]{1,2}$/ : /^-[a-z0-9]{1,3}$/;
  const inRegion = zoneId.startsWith(regionId) && suffix.test(zoneId.slice(regionId.length));
  return inRegion ? undefined : `zone "${zoneId}" is not in region "${regionId}" (zones of ${regionId} look like "${regionId}-h" or "${regionId}a")`;
}
