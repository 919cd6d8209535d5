/**
 * Serverless and storage end to end, with the real CLI and the packed package, on one stack: a
 * serverless PostgreSQL 14 cluster (Standard Edition, ESSD AutoPL disk) is created; scaleMax
 * changes and storageSpace grows in place (no Create, no Delete); a range changed in the console
 * shows as drift on refresh and preview, and `up` puts it back; destroy leaves nothing. The same
 * scenario runs on both faces: the dynamic classes (a Node.js program) and the provider plugin
 * (the same program in YAML), each on a stack and emulator of its own.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Face, Project } from "../helpers/pulumi-cli";

jest.setTimeout(6 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const db = new polardb.Cluster("serverless", {
  dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: "polar.pg.sl.small.c", creationCategory: "SENormal", description: "serverless",
  serverlessType: "AgileServerless", scaleMin: 1, scaleMax: cfg.getNumber("scaleMax") ?? 4, scaleRoNumMin: 0, scaleRoNumMax: 2,
  storageType: "ESSDAUTOPL", storageSpace: cfg.getNumber("storageSpace") ?? 40,
});
exports.id = db.id;
exports.scaleMax = db.scaleMax;
exports.storageSpace = db.storageSpace;
`;

const yamlProgram = `
config:
  scaleMax: { type: integer, default: 4 }
  storageSpace: { type: integer, default: 40 }
resources:
  serverless:
    type: polardb:index:Cluster
    properties:
      dbType: PostgreSQL
      dbVersion: "14"
      dbNodeClass: polar.pg.sl.small.c
      creationCategory: SENormal
      description: serverless
      serverlessType: AgileServerless
      scaleMin: 1
      scaleMax: \${scaleMax}
      scaleRoNumMin: 0
      scaleRoNumMax: 2
      storageType: ESSDAUTOPL
      storageSpace: \${storageSpace}
outputs:
  id: \${serverless.id}
  scaleMax: \${serverless.scaleMax}
  storageSpace: \${serverless.storageSpace}
`;

describe.each<Face>(["dynamic", "plugin"])("%s face", (face) => {
let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
const noCreateOrDelete = () => expect({ create: stack.emulator.calls().CreateDBCluster ?? 0, del: stack.emulator.calls().DeleteDBCluster ?? 0 }).toEqual({ create: 0, del: 0 });

beforeAll(async () => {
  stack = await startE2eStack("serverless-e2e", face === "plugin" ? yamlProgram : program, {
    key: { id: "serverless-key", secret: "serverless-SECRET-5d2a" }, timeScale: 0.001, face,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
});
afterAll(async () => { await stack?.close(); });

test("up creates the serverless cluster with its range and disk; a second preview is empty", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const { id } = await outputs();
  const conf = await client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: id });
  expect({ min: conf.ScaleMin, max: conf.ScaleMax }).toEqual({ min: "1", max: "4" });
  const attr = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id });
  expect({ type: attr.ServerlessType, storage: attr.StorageType, gb: attr.StorageSpace / 1024 ** 3 }).toEqual({ type: "AgileServerless", storage: "essdautopl", gb: 40 });
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("scaleMax and storageSpace change in place: one ModifyDBClusterServerlessConf, one ModifyDBClusterStorageSpace, no Create or Delete", async () => {
  await project.pulumi(["config", "set", "scaleMax", "8"]);
  await project.pulumi(["config", "set", "storageSpace", "60"]);
  const preview = await project.pulumi(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).not.toMatch(/to replace|replacing deletes/);
  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect({ conf: stack.emulator.calls().ModifyDBClusterServerlessConf, space: stack.emulator.calls().ModifyDBClusterStorageSpace }).toEqual({ conf: 1, space: 1 });
  noCreateOrDelete();
  expect(await outputs()).toMatchObject({ scaleMax: 8, storageSpace: 60 });
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("the range changed in the console shows as drift on refresh and preview; up puts it back in place", async () => {
  const { id } = await outputs();
  await client.request("ModifyDBClusterServerlessConf", { DBClusterId: id, ScaleMax: "16" });
  for (let i = 0; i < 200 && (await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: id })).DBClusterStatus !== "Running"; i++) await new Promise((r) => setTimeout(r, 20));
  const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview", "--diff"]);
  expect(refresh.stdout).toMatch(/scaleMax\s*:\s*8\s*=>\s*16/);
  const preview = await project.pulumi(["preview"]);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).toMatch(/differs in scaleMax/);
  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  noCreateOrDelete();
  expect((await client.request<any>("DescribeDBClusterServerlessConf", { DBClusterId: id })).ScaleMax).toBe("8");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("destroy leaves nothing", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const left = ((await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[]).filter((c) => c.DBClusterStatus !== "Deleted");
  expect(left).toEqual([]);
});
});
