/**
 * The fault suite on the provider plugin: a YAML program on the packed package's
 * `pulumi-resource-polardb`, with the real CLI, through the steps faults.e2e runs on the dynamic
 * classes (test/helpers/fault-suite.ts), and with the resources issue 23 added:
 *   1. 28 resources on 2 clusters (faults.e2e's 22, plus per cluster a ParameterGroup, a
 *      GlobalSecurityIpGroup and the cluster's own ClusterEndpoint) under 20 % throttling + 5 % 5xx
 *      + 3 % resets on every action: ONE up converges, the next preview shows no changes, ONE
 *      destroy leaves nothing; the password is in neither state.
 *   2. The first answer of every create and delete call lost after the cloud applied it: one up,
 *      0 duplicates (templates found by name, ClientTokens, setters repeated); one destroy, 0 orphans.
 *   3. SIGKILL of the whole `pulumi up` (CLI, YAML host, plugin) during a cluster create and during
 *      a ParameterGroup create, then `pulumi cancel` and up: each object made once and recorded.
 *   4. SIGINT of the CLI during a cluster create: the engine's Cancel stops the plugin's wait, which
 *      reports the cluster it made (a partial create); the next up finishes it, 0 orphans.
 */
import * as yaml from "js-yaml";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import {
  createAnswersLost, CREATE_CALLS_22, cycle, DELETE_CALLS_22, dropsOf, EMPTY, EXPECTED_22, fatesOf, firstAnswersLost, Inventory, inventory, served, upAfterKill, upKilledWhen,
} from "../helpers/fault-suite";

jest.setTimeout(20 * 60_000);

const key = { id: "e2e-plugin-faults-key", secret: "e2e-plugin-faults-SECRET-31bb" };
const password = "Plugin-Fault-Passw0rd-7";

type Resources = Record<string, { type: string; properties: Record<string, unknown> }>;
const res = (kind: string, properties: Record<string, unknown>) => ({ type: `polardb:index:${kind}`, properties });

/** faults.e2e's program, in YAML (whitelists named -wl-: YAML names are unique across types), with the new resources. */
function program28(): string {
  const resources: Resources = {};
  for (const c of ["east", "west"]) {
    const id = `\${${c}.id}`;
    Object.assign(resources, {
      [c]: res("Cluster", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: `faults ${c}`, maintainTime: "16:00Z-17:00Z" }),
      [`${c}-ro`]: res("Node", { dbClusterId: id, dbNodeClass: "polar.pg.x4.medium" }),
      [`${c}-wl-app`]: res("Whitelist", { dbClusterId: id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.0/24"] }),
      [`${c}-wl-ops`]: res("Whitelist", { dbClusterId: id, dbClusterIpArrayName: "ops", securityIps: ["10.9.0.1"] }),
      [`${c}-app`]: res("Account", { dbClusterId: id, accountName: "app", accountPassword: "${dbPassword}" }),
      [`${c}-orders`]: res("Database", { dbClusterId: id, dbName: "orders", characterSetName: "UTF8", collate: "C", accountName: `\${${c}-app.accountName}` }),
      [`${c}-reporting`]: res("Endpoint", { dbClusterId: id, readWriteMode: "ReadOnly", nodes: [`\${${c}-ro.dbNodeId}`], autoAddNewNodes: "Disable", dbEndpointDescription: "reporting" }),
      [`${c}-params`]: res("ClusterParameters", { dbClusterId: id, parameters: { work_mem: "8192" } }),
      [`${c}-audit`]: res("SqlCollector", { dbClusterId: id }),
      [`${c}-public`]: res("EndpointAddress", { dbClusterId: id, dbEndpointId: `\${${c}.primaryEndpointId}`, connectionStringPrefix: `${c}-faults-pub` }),
      [`${c}-backups`]: res("BackupPolicy", { dbClusterId: id, preferredBackupPeriod: ["Tuesday", "Friday"] }),
      [`${c}-template`]: res("ParameterGroup", { parameterGroupName: `faults_${c}`, dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "1800" } }),
      [`${c}-office`]: res("GlobalSecurityIpGroup", { globalIpGroupName: `office${c}`, globalIpList: "10.1.0.0/24" }),
      [`${c}-cluster-ep`]: res("ClusterEndpoint", { dbClusterId: id, dbEndpointDescription: `cluster ${c}` }),
    });
  }
  return yaml.dump({ config: { dbPassword: { type: "string", secret: true } }, resources }, { lineWidth: -1 });
}

/** faults.e2e's calls, and the new resources' (ClusterEndpoint takes the cluster's own and sets its description; it leaves it on delete). */
const CREATE_CALLS: Record<string, number> = { ...CREATE_CALLS_22, CreateParameterGroup: 2, CreateGlobalSecurityIPGroup: 2, ModifyDBClusterEndpoint: 2 };
const DELETE_CALLS: Record<string, number> = { ...DELETE_CALLS_22, DeleteParameterGroup: 2, DeleteGlobalSecurityIPGroup: 2 };
const EXPECTED_28: Inventory = { ...EXPECTED_22, parameterGroups: 2, globalIpGroups: 2 };

let stack: E2eStack;
let cyclesRun = 0;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  stack = await startE2eStack("plugin-faults", program28(), { key, timeScale: 0.002, face: "plugin", env: { POLARDB_OUTAGE_MS: "120000" } });
  await stack.project.pulumi(["config", "set", "--secret", "dbPassword", password]);
});
afterAll(async () => {
  console.log(`plugin fault suite figures: ${JSON.stringify(figures)}`);
  await stack?.close();
});

test("plugin: 20 % throttling + 5 % 5xx + 3 % resets on every action: ONE up of 28 converges, no changes after, ONE destroy leaves nothing", async () => {
  const spec = "*:throttle=0.2,5xx=0.05,reset=0.03;seed=7";
  const { up, destroy, figures: f } = await cycle(stack, { faults: spec, created: 28, expected: EXPECTED_28, secret: password });
  cyclesRun++;
  figures.throttled = f;
  for (const p of [up, destroy]) {
    expect(p.served).toEqual(fatesOf(spec, p.calls));
    expect({ throttle: served(p.served, "throttle") > 0, "5xx": served(p.served, "5xx") > 0, reset: served(p.served, "reset") > 0, drop: served(p.served, "drop") })
      .toEqual({ throttle: true, "5xx": true, reset: true, drop: 0 });
  }
  // The new resources' own calls met faults too, not only the polls.
  const newCalls = ["CreateParameterGroup", "CreateGlobalSecurityIPGroup", "ModifyDBClusterEndpoint", "DeleteParameterGroup", "DeleteGlobalSecurityIPGroup"];
  expect(newCalls.some((a) => up.served[a] || destroy.served[a])).toBe(true);
});

test("plugin: the first answer of every create and delete call lost after it was applied: one up, 0 duplicates; one destroy, 0 orphans", async () => {
  const { up, destroy, figures: f } = await cycle(stack, { faults: firstAnswersLost(CREATE_CALLS, DELETE_CALLS), created: 28, expected: EXPECTED_28, secret: password });
  figures.lostAnswers = f;
  expect(up.served).toEqual(createAnswersLost(CREATE_CALLS, cyclesRun));
  cyclesRun++;
  expect(destroy.served).toEqual(dropsOf(DELETE_CALLS));
  // What a user sees for the creates that are not repeated but looked up: one diagnostic on the
  // resource (the progress display repeats a resource's last message on its row, as for any provider).
  const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
  const said = [...diagnostics.matchAll(/\n {4}(\w+ [\w-]+) \([^)]*\): the answer to (\w+) was lost \((.*?)\), but (the call was carried out|the new resource is listed); continuing with it/g)].map((m) => `${m[1]}: ${m[2]}: ${m[4]}`);
  figures.lostAnswerLines = said.sort();
  expect(said.sort()).toEqual([
    "Database east-orders: CreateDatabase: the call was carried out", "Database west-orders: CreateDatabase: the call was carried out",
    "EndpointAddress east-public: CreateDBEndpointAddress: the call was carried out", "EndpointAddress west-public: CreateDBEndpointAddress: the call was carried out",
    "GlobalSecurityIpGroup east-office: CreateGlobalSecurityIPGroup: the new resource is listed", "GlobalSecurityIpGroup west-office: CreateGlobalSecurityIPGroup: the new resource is listed",
    "ParameterGroup east-template: CreateParameterGroup: the new resource is listed", "ParameterGroup west-template: CreateParameterGroup: the new resource is listed",
  ]);
});

describe("plugin: killed runs (time scale 0.05: a cluster takes ≈ 15 s)", () => {
  let slow: E2eStack;
  const killedProgram = (template: boolean) => yaml.dump({
    resources: {
      killed: res("Cluster", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: "killed run" }),
      ...(template ? { "killed-template": res("ParameterGroup", { parameterGroupName: "killed_template", dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "1800" } }) } : {}),
    },
    outputs: { clusterId: "${killed.id}", ...(template ? { templateId: "${killed-template.id}" } : {}) },
  }, { lineWidth: -1 });

  beforeAll(async () => {
    slow = await startE2eStack("plugin-killed", killedProgram(false), { key, timeScale: 0.05, face: "plugin" });
  });
  afterAll(async () => { await slow?.close(); });

  test("SIGKILL of the whole pulumi up during a cluster create, then up: one cluster, recorded; during a template create: one template", async () => {
    const { project, emulator } = slow;
    emulator.resetCalls();
    const killed = await upKilledWhen(project, () => (emulator.calls().CreateDBCluster ?? 0) >= 1);
    expect(killed.code).not.toBe(0);
    expect(inventory(slow).clusters).toBe(1); // made, not recorded
    await upAfterKill(project, "plugin-killed", { kind: "Cluster", name: "killed" });
    expect(inventory(slow).clusters).toBe(1); // 0 orphans
    const { clusterId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    const live = Object.entries<any>((emulator.backend.save() as any).clusters).filter(([, c]) => c.DBClusterStatus !== "Deleting").map(([id]) => id);
    expect(live).toEqual([clusterId]);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);

    // A template (no ClientToken: found by its name; made at once): killed while the cloud, having
    // made it, holds the answer back.
    project.writeProgram(killedProgram(true));
    emulator.resetCalls();
    emulator.setFaults("CreateParameterGroup:slow:10000=#1");
    const killedTemplate = await upKilledWhen(project, () => (emulator.calls().CreateParameterGroup ?? 0) >= 1);
    emulator.setFaults(undefined);
    expect(killedTemplate.code).not.toBe(0);
    expect(inventory(slow).parameterGroups).toBe(1); // made, not recorded
    await upAfterKill(project, "plugin-killed", { kind: "ParameterGroup", name: "killed-template" });
    expect(inventory(slow).parameterGroups).toBe(1); // 0 duplicates
    const outs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    expect((emulator.backend.save() as any).parameterGroups.map((g: any) => g.ParameterGroupId)).toEqual([outs.templateId]);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("SIGINT during a cluster create: the CLI cancels, the plugin's wait stops and reports the cluster it made; the next up finishes it", async () => {
    const { project, emulator } = slow;
    project.writeProgram(yaml.dump({
      resources: {
        ...(yaml.load(killedProgram(true)) as { resources: Resources }).resources,
        interrupted: res("Cluster", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", zoneId: "cn-hangzhou-h", description: "interrupted" }),
      },
      outputs: { interruptedId: "${interrupted.id}" },
    }, { lineWidth: -1 }));
    emulator.resetCalls();
    const interruptedOnes = () => Object.values<any>((emulator.backend.save() as any).clusters).filter((c) => c.DBClusterDescription === "interrupted" && c.DBClusterStatus !== "Deleting");
    const interrupted = await upKilledWhen(project, () => interruptedOnes().length === 1 && (emulator.calls().DescribeDBClusterAttribute ?? 0) >= 1, "SIGINT", false);
    expect(interrupted.code).not.toBe(0);
    // The run ended while the cloud was still creating it: the wait stopped, it did not run out.
    expect(interruptedOnes().map((c) => c.DBClusterStatus)).toEqual(["Creating"]);
    // Recorded despite the interruption: the state has the cluster's id (a partial create), no lock, no pending operation.
    const recorded = (await project.exportStack()).deployment.resources.find((r: any) => r.urn.endsWith("::interrupted"));
    expect(recorded?.id).toMatch(/^pc-/);
    const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).not.toContain("pending operations");
    const { interruptedId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    expect(interruptedId).toBe(recorded.id);
    expect(interruptedOnes().map((c) => c.DBClusterId)).toEqual([interruptedId]); // 0 orphans
    expect((await emulator.backend.save() as any).clusters[interruptedId].DBClusterStatus).toBe("Running");
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(inventory(slow)).toEqual(EMPTY);
  });
});
