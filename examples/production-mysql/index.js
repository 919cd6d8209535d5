// A production PolarDB for MySQL 8.0 set-up in one program (issue 23):
//   - a parameter template (ParameterGroup) the cluster starts with (parameterGroupId);
//   - a read-only reporting endpoint on its own private address (connectionPrefix, port 3307),
//     over a reader of its own;
//   - backups: level-2 copies kept in a second region, and 30 days of log backups;
//   - a Global Database Network with a secondary cluster in another region;
//   - the application's account, its password given encrypted with KMS (kmsEncryptedPassword and
//     the encryption context from the stack config), so no plain password is anywhere in the stack.
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");

const cfg = new pulumi.Config();
const secondaryRegion = cfg.get("secondaryRegion") || "cn-shanghai";
const backupCopyRegion = cfg.get("backupCopyRegion") || "cn-beijing";

const template = new polardb.ParameterGroup("orders-params", {
  parameterGroupName: "orders_production",
  dbType: "MySQL",
  dbVersion: "8.0",
  description: "orders production",
  parameters: { wait_timeout: "1800", innodb_old_blocks_time: "1000" },
});

const cluster = new polardb.Cluster("orders", {
  dbType: "MySQL",
  dbVersion: "8.0",
  dbNodeClass: "polar.mysql.x4.large",
  zoneId: cfg.get("zoneId") || "cn-hangzhou-h",
  description: "orders",
  maintainTime: "18:00Z-19:00Z",
  parameterGroupId: template.id,
});

const reportingNode = new polardb.Node("reporting", { dbClusterId: cluster.id, dbNodeClass: "polar.mysql.x4.large" });

const reporting = new polardb.Endpoint("reporting", {
  dbClusterId: cluster.id,
  dbEndpointDescription: "reporting",
  readWriteMode: "ReadOnly",
  nodes: [reportingNode.dbNodeId],
  autoAddNewNodes: "Disable",
  connectionPrefix: cfg.get("reportingPrefix") || "orders-reporting",
  port: 3307,
});

new polardb.BackupPolicy("orders-backups", {
  dbClusterId: cluster.id,
  preferredBackupPeriod: ["Monday", "Wednesday", "Friday"],
  preferredBackupTime: "02:00Z-03:00Z",
  dataLevel1BackupRetentionPeriod: 7,
  // Level-2 backups, kept a year, copied to a second region and kept there a year too.
  dataLevel2BackupRetentionPeriod: 365,
  dataLevel2BackupAnotherRegionRegion: backupCopyRegion,
  dataLevel2BackupAnotherRegionRetentionPeriod: 365,
  // 30 days of log backups (point-in-time restore over that span).
  logBackupRetentionPeriod: 30,
  backupRetentionPolicyOnClusterDeletion: "LATEST",
});

const gdn = new polardb.GlobalDatabaseNetwork("orders-global", { dbClusterId: cluster.id, description: "orders-global" });

const secondary = new polardb.Cluster("orders-secondary", {
  regionId: secondaryRegion,
  dbType: "MySQL",
  dbVersion: "8.0",
  dbNodeClass: "polar.mysql.x4.large",
  description: "orders-secondary",
  creationOption: "CreateGdnStandby",
  gdnId: gdn.id,
});

new polardb.Account("orders-app", {
  dbClusterId: cluster.id,
  accountName: "orders_app",
  kmsEncryptedPassword: cfg.require("appPasswordCiphertext"),
  kmsEncryptionContext: cfg.getObject("appPasswordContext"),
  accountDescription: "orders service",
});

exports.clusterId = cluster.id;
exports.reportingHost = reporting.connectionString;
exports.reportingPort = reporting.port;
exports.gdnId = gdn.id;
exports.secondaryClusterId = secondary.id;
exports.parameterGroupId = template.id;
