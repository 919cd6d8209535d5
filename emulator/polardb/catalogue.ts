/**
 * The PolarDB catalogues the seed fixes: realistic durations (the clock scales them), regions and
 * zones, engines and versions (CreateDBCluster §6.1), class prefixes, ports, domains, character
 * sets (§19.3), reserved names and quotas.
 */
const MIN = 60_000;
/** Realistic durations (ms); the clock scales them. */
export const DURATIONS = {
  createCluster: 5 * MIN, deleteCluster: 2 * MIN, createNodes: 3 * MIN, deleteNodes: 2 * MIN, classChange: 4 * MIN,
  restartNode: MIN, failover: MIN, primaryZone: 3 * MIN, ssl: MIN, endpoint: MIN, endpointModify: 30_000,
  address: MIN, account: 3_000, database: 10_000, parameterRestart: 3 * MIN, parameterApply: 20_000, backup: 5 * MIN,
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

/** The seed's engine/version table (CreateDBCluster §6.1). */
export const ENGINES: Record<string, string[]> = { MySQL: ["5.6", "5.7", "8.0"], PostgreSQL: ["11"], Oracle: ["11"] };
export const CLASS_PREFIX: Record<string, string> = { MySQL: "polar.mysql.", PostgreSQL: "polar.pg.", Oracle: "polar.o." };
export const PORT: Record<string, string> = { MySQL: "3306", PostgreSQL: "1921", Oracle: "1521" };
export const DOMAIN: Record<string, string> = { MySQL: "mysql.polardb.rds.aliyuncs.com", PostgreSQL: "pg.polardb.rds.aliyuncs.com", Oracle: "o.polardb.rds.aliyuncs.com" };
export const PG_CHARSETS = ["sql_ascii", "euc_jp", "euc_cn", "euc_kr", "euc_tw", "euc_jis_2004", "utf8", "mule_internal", "latin1", "latin2", "latin3", "latin4", "latin5", "latin6", "latin7", "latin8", "latin9", "latin10", "koi8r", "koi8u", "iso_8859_5", "iso_8859_6", "iso_8859_7", "iso_8859_8", "win866", "win874", "win1250", "win1251", "win1252", "win1253", "win1254", "win1255", "win1256", "win1257", "win1258"];
export const MYSQL_CHARSETS = ["utf8", "gbk", "utf8mb4", "latin1", "euckr", "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "cp932", "dec8", "eucjpms", "gb2312", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis", "utf16", "utf16le", "utf32"];
export const RESERVED_ACCOUNTS = ["root", "admin", "administrator", "postgres", "polardb", "aurora", "replicator", "sys", "system", "mysql"];
export const RESERVED_DBS = ["test", "mysql", "postgres", "template0", "template1", "information_schema", "performance_schema", "sys", "polardb_admin"];
export const QUOTA = { readers: 15, accounts: 200, databases: 500, customEndpoints: 7, ips: 1000, securityGroups: 3 };
