// The root Pulumi program (`npm run demo`): a PolarDB for PostgreSQL cluster on the local emulator
// with a read-only node, an IP whitelist group, an account, a database, a custom endpoint, a public
// address, parameters, a backup policy and the SQL collector; then (scripts/demo.sh) a class
// upgrade registered for the next maintenance window.
import * as pulumi from "@pulumi/pulumi";
import * as polardb from "../index";

const cfg = new pulumi.Config();

const cluster = new polardb.Cluster("orders", {
  dbType: "PostgreSQL",
  dbVersion: "11",
  // `npm run demo` upgrades this in a second step, on the cloud's schedule (plannedWindow).
  dbNodeClass: cfg.get("clusterClass") ?? "polar.pg.x4.medium",
  plannedWindow: cfg.get("plannedWindow"),
  payType: "Postpaid",
  zoneId: "cn-hangzhou-h",
  vpcId: "vpc-demo0000000000001",
  vswitchId: "vsw-demo0000000000001",
  description: "orders database (pulumi-polardb demo)",
  maintainTime: "16:00Z-17:00Z",
  tags: { team: "payments", env: "demo" },
});

// A node has the cluster's class (a class change changes every node): follow the cluster's.
const reader = new polardb.Node("orders-ro-2", { dbClusterId: cluster.id, dbNodeClass: cluster.dbNodeClass });

new polardb.Whitelist("app-servers", { dbClusterId: cluster.id, dbClusterIpArrayName: "appservers", securityIps: ["10.0.0.0/24", "10.0.1.17"] });

const app = new polardb.Account("app", {
  dbClusterId: cluster.id, accountName: "app", accountType: "Normal",
  accountPassword: cfg.requireSecret("dbPassword"), accountDescription: "orders service",
});

new polardb.Database("orders", {
  dbClusterId: cluster.id, dbName: "orders", characterSetName: "UTF8", collate: "C",
  accountName: app.accountName, dbDescription: "orders data",
});

const reporting = new polardb.Endpoint("reporting", {
  dbClusterId: cluster.id, endpointType: "Custom", readWriteMode: "ReadOnly",
  nodes: pulumi.all([reader.dbNodeId]), autoAddNewNodes: "Disable", dbEndpointDescription: "reporting",
});

const publicAddress = new polardb.EndpointAddress("orders-public", {
  dbClusterId: cluster.id, dbEndpointId: cluster.primaryEndpointId, connectionStringPrefix: "orders-demo-pub",
});

// Neither parameter needs a restart; max_connections would (preview says so).
new polardb.ClusterParameters("orders-params", { dbClusterId: cluster.id, parameters: { work_mem: "8192", statement_timeout: "60000" } });

new polardb.BackupPolicy("orders-backups", {
  dbClusterId: cluster.id, preferredBackupPeriod: ["Monday", "Thursday"], preferredBackupTime: "02:00Z-03:00Z",
  dataLevel1BackupRetentionPeriod: 7, backupRetentionPolicyOnClusterDeletion: "LATEST",
});

new polardb.SqlCollector("orders-audit", { dbClusterId: cluster.id });

export const clusterId = cluster.id;
export const status = cluster.status;
export const scheduledChanges = cluster.scheduledChanges.apply((s) => s ?? []);
export const connectionString = cluster.connectionString;
export const readerNodeId = reader.dbNodeId;
export const reportingEndpoint = reporting.connectionString;
export const publicHost = publicAddress.connectionString;
// A function inside a program (seed 002, RDS): the emulator's upgrade history of an RDS instance.
export const rdsUpgradeHistory = polardb.getUpgradeMajorVersionTasksOutput("pgm-bp1upg0src0000003")
  .apply((tasks) => tasks.map((t) => `${t.sourceMajorVersion} → ${t.targetMajorVersion}: ${t.result}`));
