/**
 * What the emulator sells, answered in the current SDK's shapes (alibabacloud-polardb20170801 9.2.1):
 * DescribeDBClusterAvailableResources (per zone: engine versions and node classes, for a pay type),
 * DescribeClassList (the classes with CPU, memory and limits, per commodity code) and
 * DescribeDBMiniEngineVersions (MySQL minor versions). All generated from reference/catalogue.ts,
 * the table CreateDBCluster sells from and preview falls back to.
 */
import { categoriesOf, classesFor, ENGINE_VERSIONS, MINOR_VERSIONS, NODE_CLASSES, NodeClass, PayType } from "../../reference/catalogue";
import { engineName } from "../../reference/offer";
import { codes } from "../codes";
import { oneOf, optional, required } from "../params";
import { REGIONS } from "./catalogue";
import type { Area } from "./context";

/** DescribeClassList's CommodityCode: subscription or pay-as-you-go, per site (SDK models/_describe_class_list_request.py). */
const COMMODITY_CODES: Record<string, PayType> = {
  polardb_sub: "Prepaid", polardb_sub_intl: "Prepaid", polardb_sub_jushita: "Prepaid", polardb_sub_cainiao: "Prepaid",
  polardb_payg: "Postpaid", polardb_payg_intl: "Postpaid", polardb_payg_jushita: "Postpaid", polardb_payg_cainiao: "Postpaid",
};

/** Whether the emulator sells this class for the engine version (CreateDBCluster's check). */
export function sells(engine: string, version: string, nodeClass: string, payType?: PayType): boolean {
  return classesFor(engine, version, payType).some((c) => c.code === nodeClass);
}

/** DescribeClassList's row: sizes from the table; limits and prices follow them (cents: per hour pay-as-you-go, per month subscription). */
function classRow(c: NodeClass, payType: PayType): Record<string, string> {
  const hourly = c.cpu * 40 + c.memoryGb * 10;
  const price = String(payType === "Postpaid" ? hourly : Math.round(hourly * 24 * 30 * 0.6));
  return {
    ClassCode: c.code,
    ClassGroup: c.code.includes(".g1.") ? "Beginner" : "Exclusive package",
    ClassTypeLevel: c.categories.includes("SENormal") ? "standard" : "enterprise",
    Cpu: String(c.cpu),
    MemoryClass: String(c.memoryGb),
    MaxConnections: String(c.memoryGb * (c.engine === "MySQL" ? 1000 : 100)),
    MaxIOPS: String(c.cpu * 16_000),
    MaxStorageCapacity: c.cpu <= 2 ? "50" : "100",
    ReferencePrice: price,
    ReferenceExtPrice: price,
  };
}

export function offerArea(): Area {
  return {
    actions: {
      DescribeDBClusterAvailableResources: (p) => {
        const payType = oneOf(p, "PayType", ["Postpaid", "Prepaid"] as const) ?? (() => { throw codes.missingParameter("PayType"); })();
        const region = optional(p, "RegionId") ?? "cn-hangzhou"; // the documented default
        if (!REGIONS[region]) throw codes.regionNotFound();
        const dbType = oneOf(p, "DBType", Object.keys(ENGINE_VERSIONS));
        const dbVersion = optional(p, "DBVersion");
        if (dbType && dbVersion === undefined) throw codes.missingParameter("DBVersion"); // required with DBType
        if (dbType && dbVersion !== undefined && !ENGINE_VERSIONS[dbType as keyof typeof ENGINE_VERSIONS].includes(dbVersion)) throw codes.invalidParameter("DBVersion");
        const nodeClass = optional(p, "DBNodeClass");
        const zone = optional(p, "ZoneId");
        // Every zone of a region sells the same: one row per class and edition, per engine version.
        const engines = Object.entries(ENGINE_VERSIONS).filter(([e]) => !dbType || e === dbType)
          .flatMap(([engine, versions]) => versions.filter((v) => !dbVersion || v === dbVersion).map((version) => ({
            Engine: engineName(engine, version),
            AvailableResources: classesFor(engine, version, payType).filter((c) => !nodeClass || c.code === nodeClass)
              .flatMap((c) => categoriesOf(c, version).map((Category) => ({ DBNodeClass: c.code, Category }))),
          })))
          .filter((e) => e.AvailableResources.length);
        return {
          AvailableZones: engines.length ? REGIONS[region].filter((z) => !zone || z === zone).map((ZoneId) => ({ RegionId: region, ZoneId, SupportedEngines: engines })) : [],
        };
      },

      DescribeClassList: (p) => {
        const code = required(p, "CommodityCode");
        const payType = COMMODITY_CODES[code];
        if (!payType) throw codes.invalidParameter("CommodityCode");
        oneOf(p, "MasterHa", ["single", "cluster", "all"]);
        oneOf(p, "OrderType", ["BUY", "UPGRADE", "RENEW", "CONVERT"]);
        const region = optional(p, "RegionId");
        if (region !== undefined && !REGIONS[region]) throw codes.regionNotFound();
        // Fixed-size classes only: serverless capacity is not sold as a class.
        const items = NODE_CLASSES.filter((c) => !c.payTypes).map((c) => classRow(c, payType));
        return { RegionId: region ?? "cn-hangzhou", Items: items };
      },

      DescribeDBMiniEngineVersions: (p) => {
        const region = required(p, "RegionId");
        if (!REGIONS[region]) throw codes.regionNotFound();
        // "The only valid value is MySQL" (SDK models/_describe_dbmini_engine_versions_request.py).
        if (required(p, "DBType") !== "MySQL") throw codes.invalidParameter("DBType");
        const version = required(p, "DBVersion");
        const minors = MINOR_VERSIONS[version];
        if (!minors) throw codes.invalidParameter("DBVersion");
        oneOf(p, "CreationCategory", ["Normal", "SENormal"]);
        oneOf(p, "Architecture", ["X86", "ARM"]);
        const minor = optional(p, "DBMinorVersion");
        return {
          DBRevisionVersionList: minors.filter((m) => !minor || m === minor)
            .map((m) => ({ RevisionVersionCode: m, RevisionVersionName: m, ReleaseType: "Stable", ReleaseNote: `PolarDB for MySQL ${m}` })),
        };
      },
    },
  };
}
