/**
 * Records the engine events of real `pulumi preview --refresh` runs (Automation API, the real CLI,
 * the emulator) for the unit tests of drift/analyse.ts: preview-refresh-{clean,drift,pending}.json.
 * Run from the repository root after `npx tsc -p tsconfig.json`:
 *   PATH=$(npm run --silent setup:pulumi):$PATH node drift/testdata/record.js
 * The events are kept as the engine sent them, except: the serialized dynamic provider
 * (`__provider`, ~10 KB per resource) is replaced by a placeholder and debug diagnostics are dropped.
 */
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const { startEmulator } = require(path.join(repo, "dist/emulator"));
const { PolarDBClient } = require(path.join(repo, "dist/provider/client"));
const auto = require(path.join(repo, "node_modules/@pulumi/pulumi/automation"));

const program = (description) => `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cluster = new polardb.Cluster("orders", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h", description: "${description}", maintainTime: "16:00Z-17:00Z", tags: { team: "data" } });
const scratch = new polardb.Cluster("scratch", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h", description: "scratch" });
const reader = new polardb.Node("reader", { dbClusterId: cluster.id, dbNodeClass: "polar.pg.x4.medium" });
new polardb.Whitelist("app", { dbClusterId: cluster.id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.2", "10.0.0.1"] });
const app = new polardb.Account("app", { dbClusterId: cluster.id, accountName: "app", accountPassword: "Secr3t-Passw0rd", accountDescription: "application" });
new polardb.Database("orders", { dbClusterId: cluster.id, dbName: "orders", characterSetName: "UTF8", collate: "C", accountName: app.accountName, dbDescription: "orders" });
new polardb.Endpoint("reports", { dbClusterId: cluster.id, readWriteMode: "ReadOnly", nodes: [reader.dbNodeId], autoAddNewNodes: "Disable", dbEndpointDescription: "reports" });
exports.clusterId = cluster.id; exports.scratchId = scratch.id; exports.readerId = reader.dbNodeId;
`;

function trim(events) {
  return events
    .filter((e) => !(e.diagnosticEvent && e.diagnosticEvent.severity === "debug"))
    .map((e) => JSON.parse(JSON.stringify(e, (k, v) => (k === "__provider" && typeof v === "string" ? "<serialized dynamic provider>" : v))));
}

(async () => {
  const key = { id: "record-ak", secret: "record-secret" };
  const emu = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [key] });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: key.id, accessKeySecret: key.secret } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polardb-drift-record-"));
  try {
    const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repo, encoding: "utf8" }).trim().split("\n").pop();
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: record\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "record", private: true, dependencies: { "@pulumi/pulumi": "3.260.0", "pulumi-polardb": `file:${path.join(dir, tgz)}` } }));
    fs.writeFileSync(path.join(dir, "index.js"), program("orders"));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
    fs.mkdirSync(path.join(dir, ".state"));
    Object.assign(process.env, {
      PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`, PULUMI_CONFIG_PASSPHRASE: "record",
      PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret, ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
      ALIBABA_CLOUD_POLARDB_ENDPOINT: emu.url, POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50",
    });
    // Asynchronously: the emulator answers from this process.
    const pulumi = (args) => new Promise((resolve, reject) => {
      const c = spawn("pulumi", [...args, "--non-interactive"], { cwd: dir });
      let out = "";
      c.stdout.on("data", (d) => { out += d; });
      c.stderr.on("data", (d) => { out += d; });
      c.on("close", (code) => (code ? reject(new Error(`pulumi ${args.join(" ")}: ${out}`)) : resolve(out)));
    });
    await pulumi(["stack", "init", "record"]);
    await pulumi(["up", "--yes", "--skip-preview"]);
    const outs = JSON.parse(await pulumi(["stack", "output", "--json"]));
    const stack = await auto.LocalWorkspace.selectStack({ stackName: "record", workDir: dir });
    const capture = async (name) => {
      const events = [];
      await stack.preview({ refresh: true, color: "never", onEvent: (e) => events.push(e) });
      fs.writeFileSync(path.join(__dirname, `preview-refresh-${name}.json`), `[\n${trim(events).map((e) => JSON.stringify(e)).join(",\n")}\n]\n`);
    };
    const running = async (id) => {
      for (;;) {
        const a = await client.request("DescribeDBClusterAttribute", { DBClusterId: id });
        if (a.DBClusterStatus === "Running") return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await capture("clean");

    // Out of band, one change per resource kind (and a deleted cluster).
    await client.request("DeleteDBCluster", { DBClusterId: outs.scratchId });
    await client.request("ModifyDBClusterAccessWhitelist", { DBClusterId: outs.clusterId, DBClusterIPArrayName: "app", ModifyMode: "Append", SecurityIps: "172.16.0.9" });
    await client.request("ModifyAccountDescription", { DBClusterId: outs.clusterId, AccountName: "app", AccountDescription: "changed by hand" });
    const endpoint = (await client.request("DescribeDBClusterEndpoints", { DBClusterId: outs.clusterId })).Items.find((e) => e.EndpointType === "Custom");
    await client.request("ModifyDBClusterEndpoint", { DBClusterId: outs.clusterId, DBEndpointId: endpoint.DBEndpointId, DBEndpointDescription: "reports-by-hand" });
    await running(outs.clusterId);
    await client.request("ModifyDBNodeClass", { DBClusterId: outs.clusterId, DBNodeTargetClass: "polar.pg.x4.large", ModifyType: "Upgrade", ClientToken: "record-class" });
    await running(outs.clusterId);
    const saved = emu.backend.save();
    saved.clusters[outs.clusterId].databases.find((d) => d.DBName === "orders").DBDescription = "edited in the console";
    emu.backend.load(saved);
    await capture("drift");

    // A program edit that is not deployed: not drift.
    fs.writeFileSync(path.join(dir, "index.js"), program("orders-v2"));
    await capture("pending");
  } finally {
    await client.close();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch((err) => { console.error(err); process.exitCode = 1; });
