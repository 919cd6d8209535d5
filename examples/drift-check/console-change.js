// Simulates colleagues editing resources in the Alibaba Cloud console: an address added to the
// whitelist and the account's description changed, through the same API the console uses.
// Usage: node console-change.js <clusterId>   (credentials and endpoint from ALIBABA_CLOUD_*)
const { PolarDBClient } = require("pulumi-polardb");

async function main() {
  const clusterId = process.argv[2];
  if (!clusterId) throw new Error("usage: node console-change.js <clusterId>");
  const client = new PolarDBClient({
    regionId: process.env.ALIBABA_CLOUD_REGION_ID || "cn-hangzhou",
    endpoint: process.env.ALIBABA_CLOUD_POLARDB_ENDPOINT,
    credentials: { accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET },
  });
  try {
    await client.request("ModifyDBClusterAccessWhitelist", {
      DBClusterId: clusterId, DBClusterIPArrayName: "app", ModifyMode: "Append", SecurityIps: "192.168.7.7",
    });
    await client.request("ModifyAccountDescription", { DBClusterId: clusterId, AccountName: "app", AccountDescription: "edited in the console" });
    console.log(`changed outside Pulumi on ${clusterId}: whitelist "app" +192.168.7.7, account "app" description`);
  } finally {
    await client.close();
  }
}

main().catch((err) => { console.error(err.message); process.exitCode = 1; });
