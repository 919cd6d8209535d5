/**
 * What a region sells now, as the cloud answers DescribeDBClusterAvailableResources (per zone: the
 * engine versions and their node classes, for one pay type), and how preview judges a cluster's or
 * a node's inputs against it. Without an answer (the cloud could not be asked) the same questions
 * go to the built-in tables (catalogue.ts). Pure: provider/offer.ts asks, the engine passes the
 * answer in.
 */
import { classProblem, versionProblem } from "./catalogue";

export interface OfferZone { zoneId: string; engines: Array<{ engine: string; version: string; classes: string[] }> }
export interface Offer { regionId: string; payType: string; zones: OfferZone[] }
export interface OfferProblem { field: string; problem: string }

const ENGINE_NAMES: Array<[RegExp, string]> = [[/^mysql/i, "MySQL"], [/^(postgresql|pg)/i, "PostgreSQL"], [/^(oracle|polardb_?o)/i, "Oracle"]];

/**
 * SupportedEngines.Engine names an engine with its version: "MySQL8.0", "PostgreSQL14",
 * "Oracle14" (the Terraform provider matches type and version inside it), or "mysql57" as the
 * original reference prints it.
 */
export function engineOf(name: string): { engine: string; version: string } | undefined {
  for (const [re, engine] of ENGINE_NAMES) {
    const m = re.exec(name);
    if (!m) continue;
    const rest = /^[\s_-]*(\d+(?:\.\d+)*)$/.exec(name.slice(m[0].length));
    if (!rest) return undefined;
    const version = engine === "MySQL" && /^\d\d$/.test(rest[1]) ? `${rest[1][0]}.${rest[1][1]}` : rest[1];
    return { engine, version };
  }
  return undefined;
}

/** The name the cloud gives an engine version in SupportedEngines.Engine. */
export function engineName(engine: string, version: string): string {
  return `${engine}${version}`;
}

const sameVersion = (a: string, b: string) => a.replace(/\./g, "") === b.replace(/\./g, "");
const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(", ");
/** A long list stays readable: the first dozen, then how many in all. */
function some(xs: readonly string[]): string {
  return xs.length <= 12 ? quoted(xs) : `${quoted(xs.slice(0, 12))} … (${xs.length} in all)`;
}
const unique = (xs: string[]) => [...new Set(xs)];
const SOURCE = "(the cloud's answer to DescribeDBClusterAvailableResources; POLARDB_CATALOGUE_CHECKS=off skips this check)";

function versionsSold(offer: Offer, engine: string, zones = offer.zones): string[] {
  return unique(zones.flatMap((z) => z.engines.filter((e) => e.engine === engine).map((e) => e.version)))
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

function classesSold(offer: Offer, zones: OfferZone[], engine?: string, version?: string): string[] {
  return unique(zones.flatMap((z) => z.engines
    .filter((e) => (!engine || e.engine === engine) && (!version || sameVersion(e.version, version)))
    .flatMap((e) => e.classes)));
}

/** A cluster's engine, version, zone and node class. Values not given (or not known yet) are not judged. */
export function clusterProblems(i: { dbType?: unknown; dbVersion?: unknown; dbNodeClass?: unknown; zoneId?: unknown }, offer: Offer | undefined): OfferProblem[] {
  const dbType = typeof i.dbType === "string" ? i.dbType : undefined;
  const dbVersion = typeof i.dbVersion === "string" ? i.dbVersion : undefined;
  const nodeClass = typeof i.dbNodeClass === "string" ? i.dbNodeClass : undefined;
  const zoneId = typeof i.zoneId === "string" ? i.zoneId : undefined;
  if (!offer) {
    const out: OfferProblem[] = [];
    const version = dbType && dbVersion ? versionProblem(dbType, dbVersion) : undefined;
    if (version) out.push({ field: "dbVersion", problem: version });
    const family = nodeClass ? classProblem(nodeClass, dbType) : undefined;
    if (family) out.push({ field: "dbNodeClass", problem: family });
    return out;
  }
  const where = `in ${offer.regionId} (${offer.payType})`;
  if (!dbType) return nodeProblems({ dbNodeClass: nodeClass, zoneId }, offer);
  const versions = versionsSold(offer, dbType);
  if (!versions.length) {
    const engines = unique(offer.zones.flatMap((z) => z.engines.map((e) => e.engine)));
    return [{ field: "dbType", problem: `the cloud sells no ${dbType} cluster ${where}: it sells ${quoted(engines)} ${SOURCE}` }];
  }
  if (dbVersion && !versions.some((v) => sameVersion(v, dbVersion))) {
    return [{ field: "dbVersion", problem: `${dbType} "${dbVersion}" is not sold ${where}: one of ${quoted(versions)} ${SOURCE}` }];
  }
  const sells = (z: OfferZone) => z.engines.some((e) => e.engine === dbType && (!dbVersion || sameVersion(e.version, dbVersion)));
  const selling = offer.zones.filter(sells).map((z) => z.zoneId);
  const zone = zoneId ? offer.zones.find((z) => z.zoneId === zoneId) : undefined;
  if (zoneId && !zone?.engines.length) {
    return [{ field: "zoneId", problem: `zone "${zoneId}" sells no PolarDB cluster ${where}: zones that sell ${dbType}${dbVersion ? ` ${dbVersion}` : ""} are ${quoted(selling)} ${SOURCE}` }];
  }
  if (zone && !sells(zone)) {
    return [{ field: "zoneId", problem: `zone "${zoneId}" does not sell ${dbType}${dbVersion ? ` ${dbVersion}` : ""} ${where}: zones that do are ${quoted(selling)} ${SOURCE}` }];
  }
  if (!nodeClass) return [];
  const here = classesSold(offer, zone ? [zone] : offer.zones, dbType, dbVersion);
  if (here.includes(nodeClass)) return [];
  const what = `${dbType}${dbVersion ? ` ${dbVersion}` : ""}`;
  const elsewhere = zone ? offer.zones.filter((z) => classesSold(offer, [z], dbType, dbVersion).includes(nodeClass)).map((z) => z.zoneId) : [];
  const also = elsewhere.length ? ` (it is sold in ${quoted(elsewhere)})` : "";
  return [{ field: "dbNodeClass", problem: `"${nodeClass}" is not sold for ${what} ${zone ? `in zone ${zoneId} ` : ""}${where}${also}: one of ${some(here)} ${SOURCE}` }];
}

/** A node's class and zone; its engine is its cluster's, so any engine's class that the zone sells passes. */
export function nodeProblems(i: { dbNodeClass?: unknown; zoneId?: unknown }, offer: Offer | undefined): OfferProblem[] {
  const nodeClass = typeof i.dbNodeClass === "string" ? i.dbNodeClass : undefined;
  const zoneId = typeof i.zoneId === "string" ? i.zoneId : undefined;
  if (!offer) {
    const family = nodeClass ? classProblem(nodeClass) : undefined;
    return family ? [{ field: "dbNodeClass", problem: family }] : [];
  }
  const where = `in ${offer.regionId} (${offer.payType})`;
  const zone = zoneId ? offer.zones.find((z) => z.zoneId === zoneId) : undefined;
  if (zoneId && !zone?.engines.length) {
    return [{ field: "zoneId", problem: `zone "${zoneId}" sells no PolarDB node ${where}: one of ${quoted(offer.zones.filter((z) => z.engines.length).map((z) => z.zoneId))} ${SOURCE}` }];
  }
  if (!nodeClass) return [];
  const here = classesSold(offer, zone ? [zone] : offer.zones);
  if (here.includes(nodeClass)) return [];
  const family = here.filter((c) => c.split(".")[1] === nodeClass.split(".")[1]);
  return [{ field: "dbNodeClass", problem: `"${nodeClass}" is not sold ${zone ? `in zone ${zoneId} ` : ""}${where}: one of ${some(family.length ? family : here)} ${SOURCE}` }];
}
