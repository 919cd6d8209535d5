// The stack the drift check watches: a cluster, an IP whitelist group and an application account.
// Any Pulumi program using pulumi-polardb works the same way; nothing here is drift-specific.
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");

const cfg = new pulumi.Config();

const cluster = new polardb.Cluster("orders", {
  dbType: "PostgreSQL",
  dbVersion: "11",
  dbNodeClass: "polar.pg.x4.medium",
  zoneId: cfg.get("zoneId") || "cn-hangzhou-h",
  description: "orders",
  maintainTime: "16:00Z-17:00Z",
  tags: { team: "data" },
});

new polardb.Whitelist("app", {
  dbClusterId: cluster.id,
  dbClusterIpArrayName: "app",
  securityIps: ["10.0.0.0/24", "10.0.1.5"],
});

new polardb.Account("app", {
  dbClusterId: cluster.id,
  accountName: "app",
  accountPassword: cfg.requireSecret("dbPassword"),
  accountDescription: "orders service",
});

exports.clusterId = cluster.id;
