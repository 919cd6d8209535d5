/**
 * A program as a user writes it, type-checked with `pulumi new typescript`'s exact tsconfig
 * (strict, no skipLibCheck, no esModuleInterop) against the built package: every resource class,
 * arrays of Outputs where lists are taken, secrets from config, adoption, @pulumi/alicloud
 * spellings. 0 errors, and a wrong input is an error that names it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PULUMI_NEW_TSCONFIG } from "../helpers/pulumi-new";

const repo = path.resolve(__dirname, "..", "..");

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as polardb from "pulumi-polardb";

const config = new pulumi.Config();
const cluster = new polardb.Cluster("orders", {
    dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "PostPaid",
    zoneId: "cn-hangzhou-h", description: "orders", tags: { team: config.require("team") }, timeouts: { create: "45m" },
});
const adopted = new polardb.Cluster("legacy", { adopt: "pc-legacy", dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium" });
const r1 = new polardb.Node("r1", { dbClusterId: cluster.id, dbNodeClass: "polar.pg.x4.medium" });
const r2 = new polardb.Node("r2", { dbClusterId: cluster.id, dbNodeClass: cluster.dbNodeClass });
const reports = new polardb.Endpoint("reports", { dbClusterId: cluster.id, nodes: [r1.dbNodeId, r2.dbNodeId], readWriteMode: "ReadOnly", dbEndpointDescription: "reports" });
new polardb.EndpointAddress("public", { dbClusterId: cluster.id, dbEndpointId: reports.dbEndpointId, connectionPrefix: "orders-reports" });
const app = new polardb.Account("app", { dbClusterId: cluster.id, accountName: "app", accountPassword: config.requireSecret("dbPassword") });
new polardb.Database("orders", { dbClusterId: cluster.id, dbName: "orders", characterSetName: "utf8", accountName: app.accountName });
new polardb.Whitelist("office", { dbClusterId: cluster.id, dbClusterIpArrayName: "office", securityIps: ["10.0.0.1", config.require("vpnIp")] });
new polardb.ClusterParameters("params", { dbClusterId: cluster.id, parameters: { work_mem: 8192, statement_timeout: "60000" } });
new polardb.BackupPolicy("backups", { dbClusterId: cluster.id });
new polardb.ClusterSsl("ssl", { dbClusterId: cluster.id });
new polardb.SqlCollector("sql", { dbClusterId: cluster.id });
const read = polardb.Cluster.get("existing", "pc-existing");

export const endpoint: pulumi.Output<string | undefined> = cluster.connectionString;
export const nodes = cluster.dbNodes.apply((ns) => ns.map((n) => n.dbNodeId));
export const status: pulumi.Output<string> = adopted.status;
export const readStatus = read.status;
`;

function project(program: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-typecheck-"));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4));
  fs.writeFileSync(path.join(dir, "index.ts"), program);
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  // The package as installed (package.json + dist), and the SDK and Node types a user has.
  fs.symlinkSync(repo, path.join(dir, "node_modules", "pulumi-polardb"));
  fs.symlinkSync(path.join(repo, "node_modules", "@pulumi", "pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"));
  fs.symlinkSync(path.join(repo, "node_modules", "@types", "node"), path.join(dir, "node_modules", "@types", "node"));
  return dir;
}

function tsc(dir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--pretty", "false", "-p", dir], { encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

test("the sample program type-checks with 0 errors", () => {
  const dir = project(PROGRAM);
  dirs.push(dir);
  expect(tsc(dir)).toEqual({ code: 0, out: "" });
}, 60_000);

test("a wrong value or an unknown input is a type error naming it", () => {
  const dir = project(`import * as polardb from "pulumi-polardb";
new polardb.Cluster("c", { dbType: "Postgres", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium" });
new polardb.Whitelist("w", { dbClusterId: "pc-1", dbClusterIpArrayName: "w", securityIp: ["10.0.0.1"] });
`);
  dirs.push(dir);
  const r = tsc(dir);
  expect(r.code).not.toBe(0);
  expect(r.out).toMatch(/index\.ts\(2,\d+\): error TS2820: Type '"Postgres"' is not assignable.*Did you mean '"PostgreSQL"'/);
  expect(r.out).toMatch(/index\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'securityIp' does not exist/);
}, 60_000);
