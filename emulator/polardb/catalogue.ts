/**
 * The PolarDB catalogues the emulator follows: realistic durations (the clock scales them), regions
 * and zones, engines and versions (today's, from reference/catalogue.ts; the classes sold are
 * there too), class prefixes, ports, domains, character sets (§19.3), reserved names and quotas.
 */
import { CHARACTER_SETS, CLASS_FAMILY, ENGINE_VERSIONS } from "../../reference/catalogue";

const MIN = 60_000;
/** Realistic durations (ms); the clock scales them. */
export const DURATIONS = {
  createCluster: 5 * MIN, deleteCluster: 2 * MIN, createNodes: 3 * MIN, deleteNodes: 2 * MIN, classChange: 4 * MIN,
  restartNode: MIN, failover: MIN, primaryZone: 3 * MIN, ssl: MIN, endpoint: MIN, endpointModify: 30_000,
  address: MIN, account: 3_000, database: 10_000, parameterRestart: 3 * MIN, parameterApply: 20_000, backup: 5 * MIN,
  /** TransformDBClusterPayType: the order is paid, then DescribeDBClusterAttribute shows the new PayType. */
  payType: 10_000,
  /** MigrationFromRDS: after the create, the cluster stays read-only while the data is migrated. */
  migration: 10 * MIN,
};

export const REGIONS: Record<string, string[]> = {
  "cn-hangzhou": ["cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
  "cn-shanghai": ["cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-g"],
  "cn-qingdao": ["cn-qingdao-c"], "cn-beijing": ["cn-beijing-h", "cn-beijing-i", "cn-beijing-k"],
  "cn-shenzhen": ["cn-shenzhen-d", "cn-shenzhen-e"], "cn-hongkong": ["cn-hongkong-b", "cn-hongkong-c"],
  "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b"], "us-west-1": ["us-west-1a", "us-west-1b"],
  "us-east-1": ["us-east-1a", "us-east-1b"], "cn-huhehaote": ["cn-huhehaote-a"], "cn-zhangjiakou": ["cn-zhangjiakou-a", "cn-zhangjiakou-b"],
  "cn-chengdu": ["cn-chengdu-a", "cn-chengdu-b"], "eu-central-1": ["eu-central-1a", "eu-central-1b"],
  "ap-southeast-3": ["ap-southeast-3a", "ap-southeast-3b"], "ap-south-1": ["ap-south-1a", "ap-south-1b"],
  "ap-southeast-5": ["ap-southeast-5a", "ap-southeast-5b"], "ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1b"],
  "eu-west-1": ["eu-west-1a", "eu-west-1b"], "ap-southeast-2": ["ap-southeast-2a", "ap-southeast-2b"],
};

/** Today's engine/version table (reference/catalogue.ts): what the emulator sells, the same data preview falls back to. */
export const ENGINES: Record<string, readonly string[]> = ENGINE_VERSIONS;
export const CLASS_PREFIX: Record<string, string> = CLASS_FAMILY;
export const PORT: Record<string, string> = { MySQL: "3306", PostgreSQL: "1921", Oracle: "1521" };
export const DOMAIN: Record<string, string> = { MySQL: "mysql.polardb.rds.aliyuncs.com", PostgreSQL: "pg.polardb.rds.aliyuncs.com", Oracle: "o.polardb.rds.aliyuncs.com" };
export const PG_CHARSETS = CHARACTER_SETS.PostgreSQL;
export const MYSQL_CHARSETS = CHARACTER_SETS.MySQL;
export const RESERVED_ACCOUNTS = ["root", "admin", "administrator", "postgres", "polardb", "aurora", "replicator", "sys", "system", "mysql"];
export const RESERVED_DBS = ["test", "mysql", "postgres", "template0", "template1", "information_schema", "performance_schema", "sys", "polardb_admin"];
export const QUOTA = { readers: 15, accounts: 200, databases: 500, customEndpoints: 7, ips: 1000, securityGroups: 3 };
