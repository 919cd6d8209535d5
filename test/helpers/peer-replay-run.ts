/**
 * What the peer-replay e2e files share: the peer's dependencies and ForceNew lists in our terms,
 * and the run of a list of replays in ONE stack (test/e2e/peer-replay.e2e.test.ts explains the
 * method and lists what is replayed; peer-replay-2 holds the rest, so jest runs the two at once).
 */
import { systemParameterGroupId } from "../../emulator/polardb/parameter-groups";
import { specs } from "../../resources";
import { E2eStack, startE2eStack } from "./e2e-stack";
import type { Face, Project } from "./pulumi-cli";
import { Config, Decl, expectedOps, failureText, globalSteps, out, plannedOps, program, Ref, Replay, yamlProgram } from "./replay";

export const MYSQL = { dbType: "MySQL", dbVersion: "8.0", payType: "PostPaid" };
export const PG14 = { dbType: "PostgreSQL", dbVersion: "14", payType: "PostPaid", dbNodeClass: "polar.pg.x4.medium" };
/** data.alicloud_polardb_node_classes …available_resources.0 / .1 (an upgrade). */
export const CLASS0 = "polar.mysql.x4.large";
export const CLASS1 = "polar.mysql.x4.xlarge";
export const ZONE = "cn-hangzhou-h";
/** data.alicloud_resource_manager_resource_groups ids.0 / ids.1. */
export const RG0 = "rg-acfmreplay0000";
export const RG1 = "rg-acfmreplay0001";
/** groups.0 of data.alicloud_polardb_parameter_groups (MySQL 8.0): the region's system template, as the emulator lists it first. */
export const PARAMETER_GROUP = systemParameterGroupId("cn-hangzhou", "8.0");
/** alicloud_kms_key.default.id: a key the run makes in the emulator's KMS before the first step (stack config `kmsKey`). */
export const KMS_KEY: Ref = { code: 'new (require("@pulumi/pulumi").Config)().require("kmsKey")', yaml: "${kmsKey}" };
/** acs:ram::${data.alicloud_account.current.id}:role/aliyunrdsinstanceencryptiondefaultrole */
export const ROLE_ARN = "acs:ram::1406926123456789:role/aliyunrdsinstanceencryptiondefaultrole";

/** The peer's ForceNew attributes, as our inputs. */
export const FORCE_NEW = {
  Cluster: ["dbType", "dbVersion", "dbMinorVersion", "zoneId", "vswitchId", "vpcId", "creationCategory", "lowerCaseTableNames",
    "storagePayType", "hotStandbyCluster", "strictConsistency"],
  Endpoint: ["dbClusterId", "endpointType"],
  ClusterEndpoint: ["dbClusterId"],
  PrimaryEndpoint: ["dbClusterId"],
  EndpointAddress: ["dbClusterId", "dbEndpointId", "netType"],
  Account: ["dbClusterId", "accountName", "accountType"],
  Database: ["dbClusterId", "dbName", "characterSetName"],
  BackupPolicy: ["dbClusterId"],
  Whitelist: ["dbClusterId", "dbClusterIpArrayName"],
  ClusterSsl: ["dbClusterId", "dbEndpointId"],
  Node: ["dbClusterId"],
  SqlCollector: ["dbClusterId"],
  ClusterParameters: ["dbClusterId"],
  GlobalSecurityIpGroup: [],
  ParameterGroup: ["parameterGroupName", "name", "dbType", "dbVersion", "parameters", "description"],
  GlobalDatabaseNetwork: ["dbClusterId"],
} as const;

export const res = (type: keyof typeof FORCE_NEW, args: Record<string, unknown>): Decl => ({ type, args, forceNew: FORCE_NEW[type] });
export const cluster = (args: Record<string, unknown>) => res("Cluster", args);
export const id = (name: string) => out(name, "id");
export const vswitch = (name: string) => `vsw-replay${name.replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
/** The peer's `alicloud_polardb_cluster "cluster"` of the endpoint, account and database tests. */
export const plainMysql = (name: string, more: Record<string, unknown> = {}) =>
  cluster({ ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch(name), description: `tf-testacc-${name}`, ...more });
export const whitelist = (c: string, group: string, ips: string[]) => res("Whitelist", { dbClusterId: id(c), dbClusterIpArrayName: group, securityIps: ips });
/** An endpoint's ssl_enabled = "Enable", net_type = "Private", ssl_auto_rotate = "Enable" (the peer's spelling "Enable"). */
export const SSL_ON = { netType: "Private", sslEnabled: "Enable", sslAutoRotate: "Enable" };
export const ssl = (c: string, endpoint: Ref) => res("ClusterSsl", { dbClusterId: id(c), dbEndpointId: endpoint, ...SSL_ON });
/** data.alicloud_polardb_clusters …db_nodes.0.db_node_id */
export const firstNode = (c: string) => out(c, "dbNodes.apply((n) => [n[0].dbNodeId])", [`\${${c}.dbNodes[0].dbNodeId}`]);

/** Where the preview's plan differs from `expected` ("name: planned X, expected Y"), and why a preview failed. */
async function planDifferences(project: Project, names: readonly string[], expected: Record<string, string>): Promise<string[]> {
  const result = await project.pulumi(["preview", "--json"], { allowFailure: true });
  const planned = plannedOps(result.stdout, names);
  const failed = failureText(result);
  return [
    ...names.filter((n) => planned[n] !== expected[n]).map((n) => `${n}: planned ${planned[n]}, expected ${expected[n]}`),
    ...(failed ? [`preview failed: ${failed}`] : []),
  ];
}

const none = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, "same"]));

/**
 * What a YAML program writes for an alicloud spelling the schema does not carry: a boolean's
 * (`tdeStatus: "Enabled"`, `deletionLock: 1`) as the boolean; enum spellings are in the schema.
 */
function canonical(type: string, field: string, v: unknown): unknown {
  const to = (specs[type]?.valueAliases?.[field] as Record<string, unknown> | undefined)?.[String(v)];
  return typeof to === "boolean" ? to : v;
}

/**
 * Registers the run of `replays` in one stack: each global step, then refresh (import verify) and
 * destroy. `face`: the dynamic classes (a Node.js program per step) or the provider plugin (the
 * same step as a YAML program).
 */
export function runReplays(stackName: string, key: { id: string; secret: string }, replays: Replay[], face: Face = "dynamic"): void {
  const STEPS: Config[] = globalSteps(replays);
  const render = (c: Config) => face === "plugin" ? yamlProgram(c, canonical, ["kmsKey"]) : program(c);
  let stack: E2eStack;
  let project: Project;

  beforeAll(async () => {
    stack = await startE2eStack(stackName, render(STEPS[0]), { key, timeScale: 0.001, face });
    project = stack.project;
    const kmsKey = (await stack.kms.request<any>("CreateKey", { Description: "peer replay TDE" })).KeyMetadata.KeyId;
    await project.pulumi(["config", "set", "kmsKey", kmsKey]);
  });
  afterAll(async () => { await stack?.close(); });

  // Every step runs up even when its plan is wrong, so one disagreement does not hide the next steps'.
  test.each(STEPS.map((config, k) => [k + 1, config] as const))("step %i: preview plans what the peer plans, up converges, the next preview is empty", async (k, config) => {
    const before = k === 1 ? undefined : STEPS[k - 2];
    const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(config)])];
    project.writeProgram(render(config));
    const plan = await planDifferences(project, names, expectedOps(before, config));
    // Checkpoints only at the end: the state of ~50 resources is rewritten after every resource step otherwise.
    const up = failureText(await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true, env: { PULUMI_SKIP_CHECKPOINTS: "true" } }));
    const after = await planDifferences(project, Object.keys(config), none(Object.keys(config)));
    expect({ plan, up, after }).toEqual({ plan: [], up: undefined, after: [] });
  });

  test("import verify: refresh reads every resource back from the cloud and the preview stays empty", async () => {
    expect(failureText(await project.pulumi(["refresh", "--yes", "--skip-preview"], { allowFailure: true }))).toBeUndefined();
    const names = Object.keys(STEPS[STEPS.length - 1]);
    expect(await planDifferences(project, names, none(names))).toEqual([]);
  });

  test("destroy leaves no cluster", async () => {
    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    const body: any = await stack.client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
    expect(body.Items?.DBCluster ?? []).toEqual([]);
  });
}
