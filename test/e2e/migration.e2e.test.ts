/**
 * CloudMigrationTask end to end: the real `pulumi` CLI, the packed package, the emulator in this
 * process (RDS and PolarDB on one address). A migration that reaches `success` with its stages
 * shown while `up` waits; one the emulator makes fail (an unreachable 192.0.2.0/24 source) as a
 * failed `up` naming the stage and reason, recorded nowhere; the source password nowhere in
 * the CLI's output or the exported state; destroy leaves the task, as the API requires.
 */
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import type { RdsClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const accessKeyId = "e2e-mig-key";
const accessKeySecret = "e2e-mig-SECRET-4b1c";
const SOURCE_PASSWORD = "Source-Pa55-do-not-leak";

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const task = new polardb.CloudMigrationTask("to-rds", {
  dbInstanceName: cfg.require("instance"),
  sourceCategory: cfg.get("category") || "ecsOnVpc",
  sourceIpAddress: cfg.get("sourceIp") || "172.16.20.30",
  sourcePort: 5432,
  sourceAccount: "migratetest",
  sourcePassword: cfg.requireSecret("sourcePassword"),
});
exports.taskId = task.taskId;
exports.stage = task.migrateStage;
exports.replication = task.replicationState;
`;

let stack: E2eStack;
let rds: RdsClient;
let project: Project;

beforeAll(async () => {
  // 0.002: a ten-minute migration takes ~1.2 s.
  stack = await startE2eStack("migration-e2e", program, {
    key: { id: accessKeyId, secret: accessKeySecret },
    timeScale: 0.002,
    env: {
      POLARDB_WAIT_FIRST_MS: "20", POLARDB_WAIT_MIN_MS: "50", POLARDB_WAIT_MAX_MS: "200",
      POLARDB_PROGRESS_AFTER_MS: "100", POLARDB_PROGRESS_EVERY_MS: "200",
    },
  });
  ({ rds, project } = stack);
  await project.pulumi(["config", "set", "--secret", "sourcePassword", SOURCE_PASSWORD]);
});

afterAll(async () => { await stack?.close(); });

const tasksOf = async (instance: string) =>
  ((await rds.request<any>("DescribeCloudMigrationResult", { DBInstanceName: instance, PageNumber: 1, PageSize: 50 })).Items ?? []) as any[];

let taskId: string;

test("up migrates to success, showing the stages while it waits; the password is in no output or state", async () => {
  await project.pulumi(["config", "set", "instance", DEFAULT_INSTANCES.target]);
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const text = up.stdout + up.stderr;
  expect(text).toMatch(/CloudMigrationTask .*waiting until ready — stage \w+/);
  expect(text).not.toContain(SOURCE_PASSWORD);
  const out = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
  expect(out).toMatchObject({ stage: "success", replication: "finish" });
  taskId = out.taskId;
  expect((await tasksOf(DEFAULT_INSTANCES.target)).map((t) => String(t.TaskId))).toEqual([taskId]);

  const state = JSON.stringify(await project.exportStack());
  expect(state).not.toContain(SOURCE_PASSWORD);
  expect(state).not.toContain(accessKeySecret);
  const res = JSON.parse(state).deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:CloudMigrationTask");
  // The input is a Pulumi secret (encrypted); the outputs hold no password at all, only a secret digest.
  expect(res.inputs.sourcePassword["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
  expect(res.outputs.sourcePassword).toBeUndefined();
  expect(res.outputs.secretDigests["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
  expect(res.outputs.migrateStage).toBe("success");
});

test("a second preview reports no changes; refresh keeps it", async () => {
  const preview = await project.pulumi(["preview", "--refresh", "--expect-no-changes"]);
  expect(preview.code).toBe(0);
});

test("a migration the emulator makes fail: up fails naming the stage and reason; nothing recorded; a fix starts a new task", async () => {
  await project.pulumi(["config", "set", "instance", DEFAULT_INSTANCES.target2]);
  await project.pulumi(["config", "set", "category", "internet"]);
  await project.pulumi(["config", "set", "sourceIp", "192.0.2.50"]);
  const up = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
  expect(up.code).not.toBe(0);
  const text = up.stdout + up.stderr;
  expect(text).toMatch(/the migration failed in stage precheck/);
  expect(text).toMatch(/Check ip connectable: failed\(error:/);
  expect(text).toMatch(/run `pulumi up` again: it starts a new migration task/);
  expect(text).not.toContain(SOURCE_PASSWORD);
  // The replacement's create failed: the state still holds the first, successful task only.
  const state = await project.exportStack();
  const tasks = state.deployment.resources.filter((r: any) => r.type === "pulumi-nodejs:dynamic/polardb:CloudMigrationTask");
  expect(tasks.map((r: any) => r.id)).toEqual([`${DEFAULT_INSTANCES.target}:${taskId}`]);
  expect((await tasksOf(DEFAULT_INSTANCES.target2)).map((t) => t.MigrateStage)).toEqual(["precheck"]);

  // The source is reachable after all: the next up starts a new task, which succeeds.
  await project.pulumi(["config", "set", "category", "ecsOnVpc"]);
  await project.pulumi(["config", "set", "sourceIp", "172.16.20.31"]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect((await tasksOf(DEFAULT_INSTANCES.target2)).map((t) => t.MigrateStage).sort()).toEqual(["precheck", "success"]);
});

test("destroy removes the tasks from the state and says the cloud keeps them", async () => {
  const destroy = await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout + destroy.stderr).toMatch(/removed from the state only; a cloud migration task cannot be deleted/);
  expect((await tasksOf(DEFAULT_INSTANCES.target2)).length).toBe(2);
});
