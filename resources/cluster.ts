/**
 * A PolarDB cluster. Inputs are named as in @pulumi/alicloud's polardb.Cluster where the concept
 * exists; rules come from the API reference (CreateDBCluster, ModifyDBCluster*); preview checks
 * the engine, version, zone and class against what the cloud sells (reference/offer.ts).
 *
 * Id: the cluster id, `pc-…`. Manage an existing cluster with the input `adopt: "pc-…"`;
 * `Cluster.get(name, "pc-…")` only reads one.
 * In place: description, maintainTime, deletionLock, tags, dbNodeClass (ModifyDBNodeClass: all
 * nodes; ClassChanging), zoneId with vswitchId (ModifyDBClusterPrimaryZone), securityIps (the
 * default whitelist group), payType both ways (TransformDBClusterPayType; to Prepaid for `period`
 * months), renewalStatus/autoRenewPeriod (ModifyAutoRenewAttribute), resourceGroupId
 * (ModifyDBClusterResourceGroup), MySQL's defaultTimeZone, loosePolarLogBin, looseXengine(UseMemoryPct)
 * (cluster parameters), dbNodeCount, enableDynamodb (cluster-mysql-options.ts).
 * Also in place: imciSwitch (a column-store reader added or removed, cluster-imci.ts) and
 * targetDbRevisionVersionCode (UpgradeDBClusterVersion, now or in plannedWindow, cluster-version.ts).
 * Replacement (preview warns that the data goes): dbType, dbVersion, vpcId, vswitchId alone,
 * regionId and the create-only options (cluster-options.ts), strictConsistency, a hot standby turned down.
 * TDE (cluster-encryption.ts) turns on in place and cannot go back off; the hot standby (cluster-availability.ts) turns on in place.
 * Deletion lock: with `deletionLock: true`, destroy refuses unless `liftDeletionLockOnDestroy:
 * true` was applied by a `pulumi up` before (delete only sees stored outputs).
 * A subscription (Prepaid) cannot be deleted before it expires: destroy converts it to Postpaid
 * first with `convertToPostpaidOnDestroy: true`, else leaves it in the cloud with a warning.
 * Deadlines: `timeouts: { create: "60m", update: "60m", delete: "30m" }` by default.
 */
import { z } from "zod";
import { parameterGroupUpdate } from "./cluster-parameter-group";
import { zoneProblem } from "../reference/catalogue";
import { clusterProblems } from "../reference/offer";
import { clusterOptionInputs, optionParams, optionProblems, renewalOutputs, renewalTerm } from "./cluster-options";
import { clusterNetworkInputs, NETWORK_REPLACE_ON, networkChangeDocs, networkEnrichers, networkForbidden, networkNormalise, networkOutputs, networkParams, networkProblems, networkUpdates } from "./cluster-network";
import { canonicalTimeZone } from "./time-zone";
import { parameterInputsGroup, parameterInputsRead } from "./cluster-parameter-inputs";
import {
  CLUSTER_PARAMETER_INPUTS, MYSQL_OPTION_LOCAL, mysqlOptionDocs, mysqlOptionInputs, mysqlOptionNote, mysqlOptionOutputs, mysqlOptionParams, mysqlOptionProblems, mysqlOptionUpdates,
} from "./cluster-mysql-options";
import { encryptionAliases, encryptionChangeDocs, encryptionCreateParams, encryptionEnrich, encryptionForbidden, encryptionInputs, encryptionNote, encryptionProblems, encryptionUpdate } from "./cluster-encryption";
import { availabilityChangeDocs, availabilityCreateParams, availabilityInputs, availabilityNote, availabilityOutputs, availabilityProblems, availabilityRegional, availabilityReplaces, availabilityUpdate } from "./cluster-availability";
import { nextWindow, plannedParams, windowProblem } from "./cluster-schedule";
import * as serverless from "./cluster-serverless";
import * as storage from "./cluster-storage";
import { clusterImciInputs, clusterImciOutputs, imciProblems, imciUpdateGroup } from "./cluster-imci";
import { clusterVersionInputs, VERSION_LOCAL, versionChangeDocs, versionCloudProblems, versionEnricher, versionPlannable, versionProblems, versionUpdateGroup, versionValueAliases } from "./cluster-version";
import {
  adoptInputs, commonInputs, compositeId, defineResource, description, listOf, looseNumber, looseString, normalise, Props, tags,
} from "../provider/spec";

const CLUSTER_ID = /^pc-[a-z0-9]+$/;
const HOUR = "([01][0-9]|2[0-3])";
const SUBSCRIPTION_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36];

export const clusterInputs = z.strictObject({
  ...commonInputs,
  /** Take an existing object under management instead of creating one: its id (see README, "Adopting what exists"). */
  ...adoptInputs,
  /** The database engine: PostgreSQL, MySQL or Oracle (PolarDB O). */
  dbType: z.enum(["MySQL", "PostgreSQL", "Oracle"], 'must be one of "MySQL", "PostgreSQL", "Oracle"'),
  /** The engine version: PostgreSQL "11", "14", "15" or "16", Oracle "11" or "14", MySQL "5.6", "5.7" or "8.0" (preview asks the cloud what it sells). */
  dbVersion: z.string().regex(/^\d+(\.\d+)*$/, 'an engine version such as "11", "14" or "8.0"'),
  /** The class of every node (compute size), of the engine's family: `polar.pg.…` (PostgreSQL), `polar.mysql.…`, `polar.o.…` — e.g. `"polar.pg.x4.medium"`. */
  dbNodeClass: z.string().regex(/^polar\.[a-z0-9]+\.[a-z0-9.]+$/, 'a node class such as "polar.pg.x4.medium"'),
  /**
   * Billing: `"Postpaid"` (pay-as-you-go) or `"Prepaid"` (subscription, with `period`). @pulumi/alicloud's `"PostPaid"`/`"PrePaid"` are accepted.
   * A change converts the cluster in place (TransformDBClusterPayType): to Prepaid buys `period` months; back to Postpaid refunds the unused part.
   */
  payType: z.enum(["Postpaid", "Prepaid"], 'must be "Postpaid" (pay-as-you-go) or "Prepaid" (subscription)').default("Postpaid"),
  /** Prepaid only: the subscription length in months, bought at creation or when payType changes to Prepaid. Changing it later buys nothing (renew with renewalStatus). */
  period: z.number().int().refine((p) => SUBSCRIPTION_MONTHS.includes(p), `months: one of ${SUBSCRIPTION_MONTHS.join(", ")}`).optional(),
  /** The zone of the primary node, in the cluster's region (e.g. `"cn-hangzhou-h"`). Default: the cloud's choice. */
  zoneId: z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, 'a zone id such as "cn-hangzhou-h"').optional(),
  /** The VPC the cluster is reachable in (`vpc-…`); requires `vswitchId`. Default: the cloud's classic/default network. */
  vpcId: z.string().regex(/^vpc-[a-z0-9]+$/, 'a VPC id such as "vpc-bp1…"').optional(),
  /** The vSwitch in `vpcId` (and in `zoneId`) the cluster's addresses come from (`vsw-…`). */
  vswitchId: z.string().regex(/^vsw-[a-z0-9]+$/, 'a vSwitch id such as "vsw-bp1…"').optional(),
  /** The cluster's description: 2–256 characters, not starting with http:// or https://. */
  description: description.optional(),
  /** The weekly maintenance window: one hour in UTC starting on the hour, e.g. `"16:00Z-17:00Z"`. */
  maintainTime: z.string()
    .regex(new RegExp(`^${HOUR}:00Z-${HOUR}:00Z$`), 'a one-hour UTC window starting on the hour, such as "16:00Z-17:00Z"')
    .refine((w) => (Number(w.slice(0, 2)) + 1) % 24 === Number(w.slice(7, 9)), "the window must last exactly one hour, e.g. 16:00Z-17:00Z")
    .optional(),
  /** Deletion protection: while true, the cloud refuses to delete the cluster, and the resource is `protect`ed for Pulumi (unless `liftDeletionLockOnDestroy`). @pulumi/alicloud's `1`/`0` are accepted. */
  deletionLock: z.boolean().optional(),
  /** Tags on the cluster, key → value. Only the keys listed are managed: tags set outside Pulumi with other keys stay. */
  tags: tags.optional(),
  /** Let `pulumi destroy` turn the deletion lock off first. Takes effect after a `pulumi up`. */
  liftDeletionLockOnDestroy: z.boolean().optional(),
  /**
   * A subscription (Prepaid) cannot be deleted before it expires. With `true`, `pulumi destroy` (and a replacement) first converts
   * it to pay-as-you-go (TransformDBClusterPayType; the unused part is refunded), then deletes it. Without it, destroy leaves the
   * cluster running in the cloud, removes it from the stack, and warns. Takes effect after a `pulumi up`.
   */
  convertToPostpaidOnDestroy: z.boolean().optional(),
  ...clusterOptionInputs,
  ...clusterNetworkInputs,
  ...mysqlOptionInputs,
  ...serverless.serverlessInputs,
  ...storage.storageInputs,
  ...encryptionInputs,
  ...availabilityInputs,
  ...clusterImciInputs,
  ...clusterVersionInputs,
  /**
   * Run a class upgrade (dbNodeClass), a zone move (zoneId) or a revision upgrade (targetDbRevisionVersionCode) in this window instead of now: daily `"HH:MMZ-HH:MMZ"` (UTC,
   * the next occurrence) or one window `"YYYY-MM-DDThh:mmZ/YYYY-MM-DDThh:mmZ"` within the next 24 hours; at least 30 minutes.
   * `pulumi up` registers the change and returns; `scheduledChanges` shows it; changing or removing the window re-registers or runs it now.
   */
  plannedWindow: z.string().superRefine((w, ctx) => {
    const problem = windowProblem(w);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).optional(),
}).superRefine((c, ctx) => {
  for (const p of [...imciProblems(c), ...versionProblems(c)]) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  for (const p of optionProblems(c)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  for (const p of networkProblems(c)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  for (const p of mysqlOptionProblems(c)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  for (const p of [...serverless.serverlessProblems(c), ...storage.storageProblems(c)]) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  for (const p of [...encryptionProblems(c), ...availabilityProblems(c)]) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  if (c.vpcId && !c.vswitchId) ctx.addIssue({ code: "custom", path: ["vswitchId"], message: "is required when vpcId is set" });
  if (c.payType === "Prepaid" && c.period === undefined) ctx.addIssue({ code: "custom", path: ["period"], message: "is required when payType is Prepaid (months)" });
  if (c.payType !== "Prepaid" && c.period !== undefined) ctx.addIssue({ code: "custom", path: ["period"], message: "applies to payType Prepaid only" });
});

export type ClusterInputs = z.output<typeof clusterInputs>;

// ----- responses (lenient: the API's list shapes and scalar types vary) ----------------------

const node = z.looseObject({
  DBNodeId: z.string(), DBNodeClass: z.string().nullish(), DBNodeRole: z.string().nullish(),
  DBNodeStatus: z.string().nullish(), ZoneId: z.string().nullish(),
});
const tag = z.looseObject({ Key: z.string().nullish(), Value: z.string().nullish() });
const attribute = z.looseObject({
  DBClusterId: z.string(), DBClusterStatus: z.string().nullish(),
  DBType: z.string().nullish(), DBVersion: looseString.nullish(), PayType: z.string().nullish(),
  VPCId: z.string().nullish(), VpcId: z.string().nullish(), VSwitchId: z.string().nullish(), ZoneIds: z.string().nullish(),
  DBClusterDescription: z.string().nullish(), MaintainTime: z.string().nullish(), DeletionLock: looseNumber.nullish(),
  LockMode: z.string().nullish(), CreationTime: z.string().nullish(), ResourceGroupId: z.string().nullish(), ExpireTime: z.string().nullish(),
  DBNodes: listOf(node, "DBNode"), Tags: listOf(tag, "Tag"),
});
const address = z.looseObject({
  ConnectionString: z.string().nullish(), Port: looseString.nullish(), NetType: z.string().nullish(), IPAddress: z.string().nullish(),
});
const endpoints = z.looseObject({
  Items: listOf(z.looseObject({ DBEndpointId: z.string(), EndpointType: z.string().nullish(), AddressItems: listOf(address, "Address") }), "DBEndpoint"),
});

type Attribute = z.output<typeof attribute>;

const scheduleTasks = z.looseObject({
  Data: z.looseObject({ TimerInfos: listOf(z.looseObject({ TaskId: looseString, Action: z.string().nullish(), Status: z.string().nullish() }), "TimerInfos") }).nullish(),
});

const renewalResponse = z.looseObject({
  Items: listOf(z.looseObject({ DBClusterId: z.string(), RenewalStatus: z.string().nullish(), Duration: looseString.nullish(), PeriodUnit: z.string().nullish() }), "AutoRenewAttribute"),
});

function liveOutputs(a: Attribute): Props {
  const writer = a.DBNodes.find((n) => n.DBNodeRole === "Writer") ?? a.DBNodes[0];
  const zoneIds = (a.ZoneIds ?? "").split(",").map((z) => z.trim()).filter(Boolean);
  return {
    dbType: a.DBType ?? undefined,
    dbVersion: a.DBVersion ?? undefined,
    dbNodeClass: writer?.DBNodeClass ?? undefined,
    payType: a.PayType ?? undefined,
    zoneId: writer?.ZoneId ?? zoneIds[0],
    vpcId: a.VPCId ?? a.VpcId ?? undefined,
    vswitchId: a.VSwitchId ?? undefined,
    description: a.DBClusterDescription ?? undefined,
    maintainTime: a.MaintainTime ?? undefined,
    deletionLock: a.DeletionLock === undefined || a.DeletionLock === null ? undefined : a.DeletionLock === 1,
    tags: normalise.tags(a.Tags),
    resourceGroupId: a.ResourceGroupId || undefined,
    status: a.DBClusterStatus ?? undefined,
    lockMode: a.LockMode ?? undefined,
    creationTime: a.CreationTime ?? undefined,
    // A subscription's end (Prepaid only; pay-as-you-go clusters answer "").
    expireTime: a.ExpireTime || undefined,
    zoneIds,
    dbNodes: a.DBNodes.map((n) => ({
      dbNodeId: n.DBNodeId, dbNodeClass: n.DBNodeClass ?? undefined, role: n.DBNodeRole ?? undefined,
      status: n.DBNodeStatus ?? undefined, zoneId: n.ZoneId ?? undefined, imciSwitch: n.ImciSwitch === "ON" ? "ON" : "OFF",
    })),
    ...clusterImciOutputs(a.DBNodes),
  };
}

function endpointOutputs(r: z.output<typeof endpoints>): Props {
  // Custom endpoints belong to Endpoint resources; the cluster reports its own two.
  const own = r.Items.filter((e) => e.EndpointType === "Cluster" || e.EndpointType === "Primary");
  const list = own.map((e) => ({
    dbEndpointId: e.DBEndpointId, endpointType: e.EndpointType ?? undefined,
    addresses: e.AddressItems.map((x) => ({
      connectionString: x.ConnectionString ?? undefined, port: x.Port ?? undefined, netType: x.NetType ?? undefined, ipAddress: x.IPAddress ?? undefined,
    })),
  }));
  const privateOf = (type: string) => {
    const e = list.find((x) => x.endpointType === type);
    return e?.addresses.find((x) => x.netType === "Private") ?? e?.addresses[0];
  };
  const main = privateOf("Cluster") ?? privateOf("Primary");
  return {
    endpoints: list,
    connectionString: main?.connectionString,
    port: main?.port,
    primaryConnectionString: privateOf("Primary")?.connectionString,
    clusterEndpointId: list.find((x) => x.endpointType === "Cluster")?.dbEndpointId,
    primaryEndpointId: list.find((x) => x.endpointType === "Primary")?.dbEndpointId,
  };
}

/**
 * ModifyDBNodeClass needs a direction. Class names carry it: `polar.<engine>.<xN>.<size>`,
 * size small < medium < large < xlarge < 2xlarge …, then the memory ratio xN. Unknown forms
 * count as an upgrade (the cloud answers if it disagrees).
 */
export function classRank(nodeClass: string): number {
  const [, , family = "", size = ""] = nodeClass.split(".");
  const base: Record<string, number> = { small: 1, medium: 2, large: 4, xlarge: 8 };
  const m = /^(\d+)xlarge$/.exec(size);
  const cores = m ? Number(m[1]) * 8 : base[size] ?? 0;
  const ratio = Number(/(\d+)$/.exec(family)?.[1] ?? 0);
  return cores * 1000 + ratio;
}

const tagList = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

/** CreateDBCluster's and TransformDBClusterPayType's Period and UsedTime for a subscription of `months`. */
function subscriptionTerm(months: number | undefined): { Period?: string; UsedTime?: string } {
  if (months === undefined) return {};
  return months >= 12 ? { Period: "Year", UsedTime: String(months / 12) } : { Period: "Month", UsedTime: String(months) };
}

export const clusterSpec = defineResource({
  kind: "Cluster",
  inputs: clusterInputs,
  outputs: {
    tags: { optional: false },
    status: { type: "string", doc: "Cluster status as the cloud reports it (Running once `pulumi up` finished)." },
    lockMode: { type: "string", optional: true },
    creationTime: { type: "string", optional: true },
    zoneIds: { type: "string[]" },
    dbNodes: { type: "ClusterNode[]" },
    endpoints: { type: "ClusterEndpointItem[]", doc: "The cluster's own endpoints (Cluster and Primary) with their addresses." },
    clusterEndpointId: { type: "string", doc: "The default cluster endpoint (read/write splitting), e.g. for an EndpointAddress." },
    primaryEndpointId: { type: "string", doc: "The primary endpoint (the writer)." },
    connectionString: { type: "string", optional: true, doc: "The private address of the cluster endpoint (read/write splitting)." },
    port: { type: "string", optional: true },
    primaryConnectionString: { type: "string", optional: true },
    scheduledChanges: { type: "ScheduledClusterChange[]", optional: true, doc: "Changes registered to run in `plannedWindow`: action, target values, window, the cloud's task id and status." },
    expireTime: { type: "string", optional: true, doc: "A subscription's (Prepaid) end, as the cloud reports it; undefined for pay-as-you-go." },
    creationCategory: { doc: "The edition, PolarProxy and node type, security groups and linked global IP whitelist templates, as the cloud reports them." },
    securityGroupIds: { optional: false },
    globalSecurityGroupList: { optional: false },
    tdeStatus: { doc: "TDE and the hot standby as the cloud reports them (DescribeDBClusterTDE, DescribeDBClusterAttribute)." },
    dbRevisionVersion: { type: "string", optional: true, doc: 'The kernel revision the cluster runs, by name (e.g. "8.0.1.1.46"; DescribeDBClusterVersion).' },
    dbRevisionVersionList: { type: "ClusterRevision[]", doc: "The revisions it can be upgraded to: codes for `targetDbRevisionVersionCode`." },
    minorVersion: { type: "string", optional: true },
    dbVersionStatus: { type: "string", optional: true, doc: "Stable, Old, HighRisk or Beta: the cloud's word on the running revision." },
    dbLatestVersion: { type: "string", optional: true },
    isLatestVersion: { type: "boolean", optional: true },
    proxyRevisionVersion: { type: "string", optional: true },
    imciSwitch: { doc: "ON while the cluster has a column-store (IMCI) node." },
    dbClusterId: { type: "string", declared: false },
  },
  publicClass: {
    protectWhile: { input: "deletionLock", unless: "liftDeletionLockOnDestroy" },
    getDoc: 'Reads an existing cluster without managing it: `Cluster.get("orders", "pc-…")`. To manage it, declare it with `adopt: "pc-…"`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId" }, { dbClusterId: CLUSTER_ID }),
  stableOutputs: ["primaryEndpointId", "creationTime"], // the primary endpoint lives as long as the cluster (plugin preview)
  // zoneId moves in place (ModifyDBClusterPrimaryZone); vswitchId changes with it, else replaces.
  replaceOn: ["dbType", "dbVersion", "vpcId", "creationOption", "sourceResourceId", "cloneDataPoint", "gdnId",
    "creationCategory", "lowerCaseTableNames", "dbMinorVersion", "targetMinorVersion", "storagePayType", "strictConsistency", ...NETWORK_REPLACE_ON],
  replaceIf: (field, olds, news, changed) => (field === "vswitchId" && !changed.includes("zoneId"))
    || serverless.serverlessReplaces(field, olds, news) || availabilityReplaces(field, olds, news),
  // Sent at creation, not returned by any describe: compared with what was sent.
  unread: ["creationOption", "sourceResourceId", "cloneDataPoint", "gdnId", "lowerCaseTableNames",
    "dbMinorVersion", "targetMinorVersion", "parameterGroupId", "securityIps", "roleArn"],
  forbiddenChanges: (olds, news) => [
    ...networkForbidden(olds, news),
    ...storage.storageForbidden(olds, news),
    ...encryptionForbidden(olds, news),
    ...(olds.zoneId !== undefined && news.zoneId !== undefined && olds.zoneId !== news.zoneId && news.dbType !== "MySQL" && news.vswitchId === olds.vswitchId
      ? [{ field: "vswitchId", problem: `moving a ${String(news.dbType)} cluster to zone ${String(news.zoneId)} needs a vSwitch in that zone (ModifyDBClusterPrimaryZone requires it): set vswitchId to one in ${String(news.zoneId)}` }]
      : []),
  ],
  replacementWarning: (id, replaces, olds) => `replacing deletes cluster ${id} — its databases, accounts and data — and creates a new, empty one `
    + `(because ${replaces.join(", ")} cannot change in place). Backups survive only as backupRetentionPolicyOnClusterDeletion says (default NONE). `
    + (olds.payType === "Prepaid" && olds.convertToPostpaidOnDestroy !== true
      ? `${id} is a subscription: unless convertToPostpaidOnDestroy is true, it is not deleted but left running outside the stack until it expires. ` : "")
    + "If that is not what you want, undo the change; deletionLock: true makes destroy and replacement refuse.",
  // @pulumi/alicloud's spellings: PostPaid/PrePaid, and deletionLock as 0/1.
  valueAliases: {
    payType: { PostPaid: "Postpaid", PrePaid: "Prepaid" }, deletionLock: { 0: false, 1: true },
    ...serverless.serverlessValueAliases, ...storage.storageValueAliases, ...encryptionAliases, ...versionValueAliases,
  },
  local: ["liftDeletionLockOnDestroy", "convertToPostpaidOnDestroy", "period", "backupRetentionPolicyOnClusterDeletion", "plannedWindow", ...MYSQL_OPTION_LOCAL, ...VERSION_LOCAL],
  schedule: {
    input: "plannedWindow",
    window: (text) => nextWindow(text),
    params: plannedParams,
    // The reference plans class upgrades (not downgrades) and zone moves.
    allowed: (group, news, live) => group.action === "ModifyDBClusterPrimaryZone" || versionPlannable(group, news)
      || (group.action === "ModifyDBNodeClass" && typeof live.dbNodeClass === "string" && classRank(String(news.dbNodeClass)) >= classRank(live.dbNodeClass)),
    tasks: {
      action: "DescribeScheduleTasks", params: (key) => ({ DBClusterId: key.dbClusterId }), response: scheduleTasks,
      items: (r: z.output<typeof scheduleTasks>) => (r.Data?.TimerInfos ?? []).map((t) => ({ taskId: t.TaskId, action: t.Action ?? "", status: t.Status ?? "" })),
    },
    cancel: (key, taskId) => ({ action: "CancelScheduleTasks", params: { DBClusterId: key.dbClusterId, TaskId: taskId } }),
  },
  normalise: { tags: normalise.tags, defaultTimeZone: canonicalTimeZone, ...networkNormalise },
  changeDocs: {
    ...networkChangeDocs,
    period: "no API call of its own: the months bought at creation or by a `payType` change to Prepaid",
    convertToPostpaidOnDestroy: "no API call of its own: read by `pulumi destroy` (`TransformDBClusterPayType`, then `DeleteDBCluster`)",
    ...mysqlOptionDocs,
    ...serverless.serverlessChangeDocs, ...storage.storageChangeDocs,
    ...encryptionChangeDocs,
    ...availabilityChangeDocs,
    ...versionChangeDocs,
  },
  cluster: (key) => key.dbClusterId,
  tasks: true,
  create: {
    action: "CreateDBCluster",
    clientToken: true,
    params: (i: ClusterInputs) => ({
      DBType: i.dbType, DBVersion: i.dbVersion, DBNodeClass: i.dbNodeClass, PayType: i.payType,
      ...(i.payType === "Prepaid" ? subscriptionTerm(i.period) : {}),
      ZoneId: i.zoneId, VPCId: i.vpcId, VSwitchId: i.vswitchId, ClusterNetworkType: i.vpcId ? "VPC" : undefined,
      DBClusterDescription: i.description,
      ...optionParams(i),
      ...networkParams(i),
      ...mysqlOptionParams(i),
      ...serverless.serverlessCreateParams(i), ...storage.storageCreateParams(i),
      ...encryptionCreateParams(i),
      ...availabilityCreateParams(i),
    }),
    response: z.looseObject({ DBClusterId: z.string().regex(CLUSTER_ID) }),
    assigns: (r: { DBClusterId: string }) => ({ dbClusterId: r.DBClusterId }),
  },
  read: {
    action: "DescribeDBClusterAttribute",
    response: attribute,
    outputs: (a: Attribute, _key, prior) => ({
      ...liveOutputs(a), ...networkOutputs(a), ...mysqlOptionOutputs(a), ...serverless.serverlessAttributeOutputs(a, prior), ...storage.storageOutputs(a),
      ...availabilityOutputs(a),
    }),
    enrich: [
      { action: "DescribeDBClusterEndpoints", response: endpoints, outputs: (r) => endpointOutputs(r) },
      {
        // Subscriptions only: a pay-as-you-go cluster has no renewal to read.
        action: "DescribeAutoRenewAttribute", when: (live) => live.payType === "Prepaid",
        params: (key) => ({ DBClusterIds: key.dbClusterId }), response: renewalResponse,
        outputs: (r: z.output<typeof renewalResponse>, key) => renewalOutputs(r.Items.find((x) => x.DBClusterId === key.dbClusterId)),
      },
      ...networkEnrichers,
      parameterInputsRead(CLUSTER_PARAMETER_INPUTS, (live) => live.dbType === "MySQL"),
      serverless.serverlessEnrich,
      encryptionEnrich,
      versionEnricher,
    ],
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "Running",
  gone: (o) => o.status === "Deleted",
  failed: (o) => (o.status === "Deleting" ? "the cluster is being released (Deleting)" : undefined),
  update: [
    { fields: ["description"], action: "ModifyDBClusterDescription", params: (n) => ({ DBClusterDescription: n.description }) },
    parameterGroupUpdate,
    { fields: ["maintainTime"], action: "ModifyDBClusterMaintainTime", params: (n) => ({ MaintainTime: n.maintainTime }) },
    { fields: ["deletionLock"], action: "ModifyDBClusterDeletion", params: (n) => ({ Protection: n.deletionLock === true }) },
    {
      fields: ["tags"],
      calls: (n, o, key) => {
        const want = (n.tags ?? {}) as Record<string, string>;
        const have = normalise.tags(o.tags) as Record<string, string>;
        const changed = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
        const removed = Object.keys(have).filter((k) => !(k in want));
        const on = { ResourceType: "cluster", ResourceId: [key.dbClusterId] };
        return [
          ...(Object.keys(changed).length ? [{ action: "TagResources", params: { ...on, Tag: tagList(changed) } }] : []),
          // Named keys only: All=true would strip tags this program does not manage.
          ...(removed.length ? [{ action: "UntagResources", params: { ...on, TagKey: removed } }] : []),
        ];
      },
    },
    {
      // A zone move in place: the cluster passes through a switch and is Running in the new zone.
      fields: ["zoneId", "vswitchId"], action: "ModifyDBClusterPrimaryZone",
      params: (n, o) => ({ ZoneId: n.zoneId, VSwitchId: n.vswitchId !== o.vswitchId ? n.vswitchId : undefined }),
    },
    {
      fields: ["securityIps"], action: "ModifyDBClusterAccessWhitelist",
      params: (n) => ({ DBClusterIPArrayName: "default", SecurityIps: (n.securityIps ?? []).join(",") }),
    },
    {
      // Before the renewal: a cluster converted to Prepaid then takes its renewal settings.
      fields: ["payType"], action: "TransformDBClusterPayType", clientToken: true,
      params: (n) => ({ PayType: n.payType, ...(n.payType === "Prepaid" ? subscriptionTerm(n.period) : {}) }),
    },
    {
      fields: ["resourceGroupId"], action: "ModifyDBClusterResourceGroup",
      params: (n, o) => ({ NewResourceGroupId: n.resourceGroupId, ResourceGroupId: o.resourceGroupId }),
    },
    parameterInputsGroup(CLUSTER_PARAMETER_INPUTS),
    {
      fields: ["renewalStatus", "autoRenewPeriod"],
      calls: (n, _o, key) => [{
        action: "ModifyAutoRenewAttribute",
        params: { DBClusterIds: key.dbClusterId, RenewalStatus: n.renewalStatus, ...renewalTerm(n.renewalStatus === "AutoRenewal" ? n.autoRenewPeriod ?? 1 : undefined) },
      }],
    },
    ...networkUpdates,
    encryptionUpdate,
    availabilityUpdate,
    {
      fields: ["dbNodeClass"], action: "ModifyDBNodeClass", clientToken: true,
      params: (n, o) => ({
        DBNodeTargetClass: n.dbNodeClass,
        ModifyType: typeof o.dbNodeClass === "string" && classRank(n.dbNodeClass) < classRank(o.dbNodeClass) ? "Downgrade" : "Upgrade",
      }),
    },
    imciUpdateGroup, // before dbNodeCount: a column-store reader it adds is one of the nodes counted
    ...mysqlOptionUpdates,
    ...serverless.serverlessUpdates, ...storage.storageUpdates,
    versionUpdateGroup,
  ],
  changeNote: (olds, news, changed) => [
    mysqlOptionNote(olds, news, changed),
    changed.includes("payType") && news.payType === "Prepaid" ? `payType: the cluster becomes a subscription of ${String(news.period)} month(s), paid now (TransformDBClusterPayType)` : "",
    changed.includes("payType") && news.payType === "Postpaid" && olds.payType === "Prepaid" ? "payType: the subscription ends now and the cluster is billed pay-as-you-go; the unused part is refunded (TransformDBClusterPayType)" : "",
    encryptionNote(olds, news, changed),
    availabilityNote(olds, news, changed),
  ].filter(Boolean).join("; ") || undefined,
  delete: { action: "DeleteDBCluster", params: (_key, olds) => ({ BackupRetentionPolicyOnClusterDeletion: olds.backupRetentionPolicyOnClusterDeletion }) },
  deleteBlocker: {
    blocks: (live) => live.payType === "Prepaid",
    optIn: "convertToPostpaidOnDestroy",
    unblock: (key) => ({ action: "TransformDBClusterPayType", params: { DBClusterId: key.dbClusterId, PayType: "Postpaid" } }),
    unblocked: { payType: "Postpaid" },
    left: (id, live) => `NOT deleted: it is a subscription (payType Prepaid${live.expireTime ? `, paid until ${String(live.expireTime)}` : ""}), which the cloud `
      + "does not release before it expires (DeleteDBCluster refuses it). It keeps running and is billed as subscribed; it was removed from this stack's state only. "
      + `To delete it now, take it under management again (\`adopt: "${id}"\`) with \`convertToPostpaidOnDestroy: true\`, run \`pulumi up\`, then \`pulumi destroy\`: `
      + "the provider converts it to pay-as-you-go (the unused part is refunded) and deletes it. Left alone, it is released when the subscription expires unless it renews (renewalStatus).",
  },
  deletionProtection: {
    isOn: (o) => o.deletionLock === true,
    optIn: "liftDeletionLockOnDestroy",
    lift: (key) => ({ action: "ModifyDBClusterDeletion", params: { DBClusterId: key.dbClusterId, Protection: false } }),
    refusal: (id) => `Cluster ${id} has deletion protection on (deletionLock), so it was not destroyed. To destroy it, either set `
      + "`deletionLock: false` and run `pulumi up`, or set `liftDeletionLockOnDestroy: true` and run `pulumi up` (the provider then "
      + "turns the lock off itself when destroying); then run `pulumi destroy` again.",
  },
  timeouts: { create: "60m", update: "60m", delete: "30m" },
  regional: (i, regionId) => {
    const zone = i.zoneId === undefined ? undefined : zoneProblem(i.zoneId, regionId);
    return [...(zone ? [{ field: "zoneId", problem: zone }] : []), ...availabilityRegional(i, regionId)];
  },
  // Engine, version, zone and class: what the cloud sells now (DescribeDBClusterAvailableResources), else the built-in table.
  // A revision code: one the cluster's DescribeDBClusterVersion offers now.
  cloudCheck: { fields: ["targetDbRevisionVersionCode"], problems: versionCloudProblems },
  offerCheck: { fields: ["dbType", "dbVersion", "dbNodeClass", "zoneId", "payType"], payType: (i) => i.payType as string | undefined, problems: clusterProblems },
});
