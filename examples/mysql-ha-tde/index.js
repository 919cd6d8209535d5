// A PolarDB for MySQL 8.0 cluster built to survive a zone failure and to keep its data encrypted
// with a key of yours (issue 21):
//   - a hot standby storage cluster in a second zone (hotStandbyCluster, standbyAz);
//   - TDE with your KMS key (tdeStatus, encryptionKey from the stack config, new tables encrypted);
//   - 100 GB of PSL5 storage bought by space. Enterprise storage billed by space needs a
//     subscription (payType Prepaid, storagePayType Prepaid); convertToPostpaidOnDestroy lets
//     `pulumi destroy` end the subscription (the unused part is refunded) and delete the cluster;
//   - an application account whose password is given encrypted with KMS (kmsEncryptedPassword),
//     so no plain password is in the program, the stack config or the state.
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");

const cfg = new pulumi.Config();

const cluster = new polardb.Cluster("ledger", {
  dbType: "MySQL",
  dbVersion: "8.0",
  dbNodeClass: "polar.mysql.x4.large",
  zoneId: cfg.get("zoneId") || "cn-hangzhou-i",
  description: "ledger",
  // High availability across zones.
  hotStandbyCluster: "ON",
  standbyAz: cfg.get("standbyAz") || "cn-hangzhou-k",
  // Transparent data encryption with your own key (once on, it stays on).
  tdeStatus: "Enabled",
  encryptionKey: cfg.require("tdeKeyId"),
  roleArn: cfg.get("tdeRoleArn") || "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole",
  encryptNewTables: "ON",
  // 100 GB of PSL5, billed by space: a one-month subscription.
  storageType: "PSL5",
  storageSpace: 100,
  storagePayType: "Prepaid",
  payType: "Prepaid",
  period: 1,
  convertToPostpaidOnDestroy: true,
});

new polardb.Account("ledger-app", {
  dbClusterId: cluster.id,
  accountName: "ledger_app",
  kmsEncryptedPassword: cfg.require("appPasswordCiphertext"),
  kmsEncryptionContext: cfg.getObject("appPasswordContext"),
  accountDescription: "ledger service",
});

exports.clusterId = cluster.id;
exports.zoneIds = cluster.zoneIds;
exports.storageGb = cluster.storageSpace;
exports.expireTime = cluster.expireTime;
