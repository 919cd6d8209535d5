/**
 * What PolarDB sells, as data: engine versions, node classes (with their size and edition),
 * minor versions, character sets, and what a zone id of a region looks like. One table for the
 * provider and the emulator: the emulator sells exactly these rows (its availability APIs are
 * generated from them), and preview falls back to them when it cannot ask the cloud
 * (DescribeDBClusterAvailableResources, see reference/offer.ts).
 *
 * Current to today's API as the official Python SDK 9.2.1 documents it (its request models'
 * enums) and as the Terraform provider's acceptance tests create clusters. Each row says where it
 * comes from: "SDK <model file>", "peer <test name>" (terraform-provider-alicloud), "seed 003"
 * (the original API reference), "tests" (this project's tests and the emulator's first table).
 *
 * The cloud's catalogue grows faster than any table: preview asks the cloud first, and
 * POLARDB_CATALOGUE_CHECKS=off turns these checks off entirely (form checks stay).
 */

export type Engine = "MySQL" | "PostgreSQL" | "Oracle";
export type PayType = "Postpaid" | "Prepaid";
/** Editions (CreationCategory; the availability API's Category). */
export type Category = "Normal" | "Basic" | "ArchiveNormal" | "NormalMultimaster" | "SENormal";

/** CreateDBCluster, DBVersion. The SDK says the Oracle-compatible engine's versions are "11" and "14" too. */
export const ENGINE_VERSIONS: Record<Engine, readonly string[]> = {
  MySQL: ["5.6", "5.7", "8.0"], // SDK models/_create_dbcluster_request.py DBVersion; seed 003
  // 11, 14, 15: SDK models/_create_dbcluster_request.py DBVersion; 16: peer TestAccAliCloudPolarDBCluster_TargetMinorVersion,
  // TestAccAliCloudPolarDbAccount_dynamoDB, TestAccAliCloudPolarDBDynamoTable_basic (clusters of PostgreSQL 16)
  PostgreSQL: ["11", "14", "15", "16"],
  Oracle: ["11", "14"], // SDK models/_create_dbcluster_request.py DBVersion ("Oracle syntax-compatible 2.0" is 14)
};

/** Node classes are named per engine: polar.mysql.x4.large, polar.pg.x8.xlarge, polar.o.x4.medium. */
export const CLASS_FAMILY: Record<Engine, string> = { MySQL: "polar.mysql.", PostgreSQL: "polar.pg.", Oracle: "polar.o." };

export interface NodeClass {
  code: string;
  engine: Engine;
  /** The engine versions it is sold for (all of the engine's when absent). */
  versions?: readonly string[];
  cpu: number;
  memoryGb: number;
  /** The editions it is sold in. */
  categories: readonly Category[];
  /** Serverless classes are pay-as-you-go only. */
  payTypes?: readonly PayType[];
  source: string;
}

const POSTPAID: readonly PayType[] = ["Postpaid"];
/** Cluster Edition and the single-node edition; X-Engine (ArchiveNormal) on 8.0 (SDK: "MySQL 8.0 supports ArchiveNormal"). */
const MYSQL_DEDICATED: readonly Category[] = ["Normal", "Basic"];

function dedicated(engine: Engine, size: string, cpu: number, memoryGb: number, source: string): NodeClass {
  return { code: `${CLASS_FAMILY[engine]}${size}`, engine, cpu, memoryGb, categories: engine === "MySQL" ? MYSQL_DEDICATED : ["Normal"], source };
}

/**
 * The classes sold, per engine. The dedicated grid (x4/x8 × medium…xlarge: 2, 4, 8 cores; 4 or 8 GB
 * per core) is the one this project's tests and the emulator's first table used; the rest are the
 * names the SDK's docs and the peer's tests use. Sizes follow the names (medium 2 cores, large 4,
 * xlarge 8; x2/x4/x8 GB per core).
 */
export const NODE_CLASSES: readonly NodeClass[] = [
  dedicated("MySQL", "x2.medium", 2, 4, "seed 003 (CreateDBCluster example)"),
  dedicated("MySQL", "x4.medium", 2, 8, "seed 003; peer TestAccAliCloudPolarDBEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix, TestAccAliCloudPolarDBClusterEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix"),
  dedicated("MySQL", "x4.large", 4, 16, "seed 003; SDK models/_describe_dbcluster_price_request.py; peer TestAccAliCloudPolarDBAICluster_basic"),
  dedicated("MySQL", "x4.xlarge", 8, 32, "tests (dedicated grid)"),
  dedicated("MySQL", "x8.large", 4, 32, "tests (dedicated grid)"),
  dedicated("MySQL", "x8.xlarge", 8, 64, "tests (dedicated grid)"),
  { code: "polar.mysql.x4.medium.c", engine: "MySQL", cpu: 2, memoryGb: 8, categories: ["SENormal"], source: "peer TestAccAliCloudPolarDBZonalCluster_complete (Standard Edition)" },
  { code: "polar.mysql.x8.medium.c", engine: "MySQL", cpu: 2, memoryGb: 16, categories: ["SENormal"], source: "peer TestAccAliCloudPolarDBZonalCluster_complete (Standard Edition)" },
  { code: "polar.mysql.x2.large.c", engine: "MySQL", cpu: 4, memoryGb: 8, categories: ["SENormal"], source: "peer TestAccAliCloudPolarDBClusterSENormalCreate" },
  { code: "polar.mysql.g1.tiny.c", engine: "MySQL", cpu: 1, memoryGb: 2, categories: ["SENormal"], source: "peer TestAccAliCloudPolarDBCluster_TDEOnCreateAndUpdateEncryptNewTables (size: the smallest general-purpose class)" },
  { code: "polar.mysql.mmx4.medium", engine: "MySQL", versions: ["8.0"], cpu: 2, memoryGb: 8, categories: ["NormalMultimaster"], source: "peer TestAccAliCloudPolarDBCluster_NormalMultimaster; SDK: multi-master is MySQL 8.0" },
  { code: "polar.mysql.sl.small", engine: "MySQL", versions: ["8.0"], cpu: 1, memoryGb: 2, categories: ["Normal"], payTypes: POSTPAID, source: "SDK models/_create_dbcluster_request.py DBNodeClass (serverless); peer TestAccAliCloudPolarDBCluster_Serverless (8.0)" },
  { code: "polar.mysql.sl.small.c", engine: "MySQL", versions: ["8.0"], cpu: 1, memoryGb: 2, categories: ["SENormal"], payTypes: POSTPAID, source: "SDK models/_create_dbcluster_request.py DBNodeClass (serverless Standard Edition)" },

  dedicated("PostgreSQL", "x4.medium", 2, 8, "peer TestAccAliCloudPolarDBCluster_EnableDynamoDB (14), TestAccAliCloudPolarDBCluster_TargetMinorVersion (16); tests (11)"),
  dedicated("PostgreSQL", "x4.large", 4, 16, "peer TestAccAlicloudPolarDBNodeClasses (PostgreSQL 11); tests"),
  dedicated("PostgreSQL", "x4.xlarge", 8, 32, "tests (cluster-options e2e)"),
  dedicated("PostgreSQL", "x8.large", 4, 32, "tests (dedicated grid)"),
  dedicated("PostgreSQL", "x8.xlarge", 8, 64, "tests (dedicated grid)"),
  { code: "polar.pg.sl.small", engine: "PostgreSQL", versions: ["14"], cpu: 1, memoryGb: 2, categories: ["Normal"], payTypes: POSTPAID, source: "SDK models/_create_dbcluster_request.py DBNodeClass; DBVersion: serverless PostgreSQL is 14 only" },
  { code: "polar.pg.sl.small.c", engine: "PostgreSQL", versions: ["14"], cpu: 1, memoryGb: 2, categories: ["SENormal"], payTypes: POSTPAID, source: "SDK models/_create_dbcluster_request.py DBNodeClass; SDK CreationCategory: SENormal on PostgreSQL 14" },

  dedicated("Oracle", "x4.medium", 2, 8, "tests (dedicated grid)"),
  dedicated("Oracle", "x4.large", 4, 16, "tests (dedicated grid)"),
  dedicated("Oracle", "x4.xlarge", 8, 32, "tests (dedicated grid)"),
  dedicated("Oracle", "x8.large", 4, 32, "tests (dedicated grid)"),
  dedicated("Oracle", "x8.xlarge", 8, 64, "tests (dedicated grid)"),
  { code: "polar.o.sl.small", engine: "Oracle", versions: ["14"], cpu: 1, memoryGb: 2, categories: ["Normal"], payTypes: POSTPAID, source: "SDK models/_create_dbcluster_request.py DBNodeClass (serverless Oracle-compatible: the 2.0 engine, 14)" },
];

/** The classes sold for an engine version, with the pay type (both when absent). */
export function classesFor(engine: string, version: string, payType?: PayType): NodeClass[] {
  if (!(ENGINE_VERSIONS[engine as Engine] ?? []).includes(version)) return [];
  return NODE_CLASSES.filter((c) => c.engine === engine && (!c.versions || c.versions.includes(version)) && (!payType || !c.payTypes || c.payTypes.includes(payType)));
}

/** The editions a class is sold in for a version: X-Engine (ArchiveNormal) is MySQL 8.0's (SDK CreationCategory). */
export function categoriesOf(c: NodeClass, version: string): Category[] {
  return [...c.categories, ...(c.engine === "MySQL" && version === "8.0" && c.categories.includes("Normal") && !c.payTypes ? ["ArchiveNormal" as const] : [])];
}

/** CreateDBCluster DBMinorVersion and DescribeDBMiniEngineVersions: MySQL only (SDK models/_describe_dbmini_engine_versions_request.py). */
export const MINOR_VERSIONS: Record<string, readonly string[]> = { "8.0": ["8.0.1", "8.0.2"], "5.7": ["5.7.28"], "5.6": ["5.6.16"] };
/** The RDS MySQL versions a CloneFromRDS / MigrationFromRDS source may run, hence the new cluster's dbVersion (SDK 9.2.1: 5.6, 5.7 or 8.0). */
export const RDS_SOURCE_VERSIONS: readonly string[] = ["5.6", "5.7", "8.0"];

/** CreateDatabase, CharacterSetName (seed 003 Appendix C; the SDK links the same table): PostgreSQL and PolarDB O share one list. */
const POSTGRES_CHARSETS = ["sql_ascii", "euc_jp", "euc_cn", "euc_kr", "euc_tw", "euc_jis_2004", "utf8", "mule_internal", "latin1", "latin2", "latin3", "latin4", "latin5", "latin6", "latin7", "latin8", "latin9", "latin10", "koi8r", "koi8u", "iso_8859_5", "iso_8859_6", "iso_8859_7", "iso_8859_8", "win866", "win874", "win1250", "win1251", "win1252", "win1253", "win1254", "win1255", "win1256", "win1257", "win1258"];
const MYSQL_CHARSETS = ["utf8", "gbk", "utf8mb4", "latin1", "euckr", "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "cp932", "dec8", "eucjpms", "gb2312", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32"];
export const CHARACTER_SETS: Record<Engine, readonly string[]> = { MySQL: MYSQL_CHARSETS, PostgreSQL: POSTGRES_CHARSETS, Oracle: POSTGRES_CHARSETS };

export function catalogueChecksOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.POLARDB_CATALOGUE_CHECKS ?? "").toLowerCase() !== "off";
}

const ENGINES = Object.keys(ENGINE_VERSIONS) as Engine[];
const OFF_HINT = "(from the provider's built-in table, current to the Alibaba Cloud SDK 9.2.1; if the cloud sells it, set POLARDB_CATALOGUE_CHECKS=off)";

/** Why this engine/version pair is not one the table lists, or undefined. */
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

/** Why this character set is none of the table's (for the engine, when known), or undefined. */
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
