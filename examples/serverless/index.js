// Serverless PolarDB (issue 21): compute that follows the load, billed by use.
//   - "analytics-pg": a serverless PostgreSQL 14 cluster (agile serverless, Standard Edition on an
//     ESSD AutoPL disk) scaling between 1 and 8 PCUs per node and 0 to 2 read-only nodes.
//   - "htap-mysql": a serverless MySQL 8.0 cluster with a column-store (IMCI) read-only node for
//     analytic queries, and its range of column-store nodes. The column store is a MySQL 8.0
//     feature (see README.md): PostgreSQL clusters do not take column-store nodes.
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");

const cfg = new pulumi.Config();

const pg = new polardb.Cluster("analytics-pg", {
  dbType: "PostgreSQL",
  dbVersion: "14",
  dbNodeClass: "polar.pg.sl.small.c", // the serverless class of the Standard Edition
  creationCategory: "SENormal",
  serverlessType: "AgileServerless",
  scaleMin: 1,
  scaleMax: 8,
  scaleRoNumMin: 0,
  scaleRoNumMax: 2,
  storageType: "ESSDAUTOPL",
  storageSpace: 40, // GB: ESSD AutoPL takes 40 to 64000 in steps of 10
  description: "analytics-pg",
});

const mysql = new polardb.Cluster("htap-mysql", {
  dbType: "MySQL",
  dbVersion: "8.0",
  dbNodeClass: "polar.mysql.sl.small",
  serverlessType: "AgileServerless",
  scaleMin: 1,
  scaleMax: 8,
  scaleRoNumMin: 0,
  scaleRoNumMax: cfg.getNumber("mysqlReadOnlyNodesMax") ?? 2, // row-store readers; the column-store ones have their own range
  // The range of column-store read-only nodes the cluster scales between.
  scaleApRoNumMin: 1,
  scaleApRoNumMax: 2,
  description: "htap-mysql",
});

// The column-store reader itself: a read-only node with ImciSwitch ON, of the cluster's class.
const columns = new polardb.Node("htap-columns", {
  dbClusterId: mysql.id,
  dbNodeClass: "polar.mysql.sl.small",
  imciSwitch: "ON",
});

exports.pgClusterId = pg.id;
exports.pgStorageGb = pg.storageSpace;
exports.mysqlClusterId = mysql.id;
exports.columnStoreNodeId = columns.dbNodeId;
