// The root Pulumi program (`npm run demo`): a PolarDB for PostgreSQL cluster on the local emulator.
// It imports the package the way users do; inside this repo the name resolves to the repo itself.
import * as polardb from "../index";

const cluster = new polardb.Cluster("orders", {
  dbType: "PostgreSQL",
  dbVersion: "11",
  dbNodeClass: "polar.pg.x4.medium",
  payType: "Postpaid",
  zoneId: "cn-hangzhou-h",
  vpcId: "vpc-demo0000000000001",
  vswitchId: "vsw-demo0000000000001",
  description: "orders database (pulumi-polardb demo)",
  maintainTime: "16:00Z-17:00Z",
  tags: { team: "payments", env: "demo" },
});

export const clusterId = cluster.id;
export const status = cluster.status;
export const connectionString = cluster.connectionString;
