/**
 * The plugin from Pulumi's plugin cache, as the README tells a user of another language: no
 * `plugins.providers` in Pulumi.yaml and nothing on PATH; `pulumi plugin install resource polardb
 * VERSION --file node_modules/pulumi-polardb/bin` copies the launcher alone into the cache, and it
 * finds the package installed for the project. Then up and destroy of a YAML program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import { repoRoot } from "../helpers/pulumi-cli";

jest.setTimeout(5 * 60_000);

const body = `resources:
  cached:
    type: polardb:index:Cluster
    properties: { dbType: MySQL, dbVersion: "8.0", dbNodeClass: polar.mysql.x4.medium, zoneId: cn-hangzhou-h, description: from the plugin cache }
outputs:
  clusterId: \${cached.id}
`;

let stack: E2eStack;
beforeAll(async () => {
  stack = await startE2eStack("plugin-install", body, { key: { id: "e2e-install-key", secret: "e2e-install-SECRET-0d3e" }, timeScale: 0.001, face: "plugin" });
});
afterAll(async () => { await stack?.close(); });

test("pulumi plugin install --file <package>/bin, then a YAML program finds the plugin in the cache: up, destroy", async () => {
  const { project } = stack;
  const file = path.join(project.dir, "Pulumi.yaml");
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/plugins:\n(  .*\n)+/, "")); // no path: the cache only
  expect(fs.readFileSync(file, "utf8")).not.toContain("plugins:");
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
  await project.pulumi(["plugin", "install", "resource", "polardb", version, "--file", path.join(project.dir, "node_modules", "pulumi-polardb", "bin")]);
  const cached = path.join(project.env.PULUMI_HOME!, "plugins", `resource-polardb-v${version}`);
  expect(fs.readdirSync(cached)).toEqual(["pulumi-resource-polardb"]); // the launcher alone, not the package
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const { clusterId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
  expect((await stack.client.request<any>("DescribeDBClusterAttribute", { DBClusterId: clusterId })).DBClusterDescription).toBe("from the plugin cache");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
});
