/**
 * A cloud migration of a self-managed PostgreSQL database into an RDS for PostgreSQL instance
 * (RDS API: CreateCloudMigrationTask, seed 004; progress from DescribeCloudMigrationResult,
 * seed 001). Create starts the task and waits through precheck → basebackup → startup →
 * increment → switch until it reaches `success`, printing each stage; a task that fails is an
 * error naming the stage and the reason from the task's log, and is NOT recorded in the state
 * (a failed task can be neither resumed nor deleted), so fixing the cause and running `up`
 * again starts a new task.
 *
 * Id: `<dbInstanceName>:<taskId>` (`pgm-…:440437220`).
 * The API has no modify or delete call: changing the target or the source replaces the resource
 * (a new migration), and destroy only removes it from the state. A new `sourcePassword` alone
 * changes nothing in the cloud (a started task never reads it again) and is recorded in place.
 *
 * Secrets: `sourcePassword` is a secret input, kept only as a salted digest. The describe
 * response echoes the password in clear text (as seed 001 documents); the provider never copies
 * it, nor the replication connection string, into outputs, logs or errors.
 */
import { z } from "zod";
import { detailLines, failureLine, MigrationRow, migrationResult, replicationInfo, timeOrUndefined } from "../provider/migration-result";
import { commonInputs, compositeId, defineResource, looseNumber, normalise, Props } from "../provider/spec";

const INSTANCE_ID = /^pgm-[a-z0-9]+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const SOURCE_CATEGORIES = ["ecsOnVpc", "idcOnVpc", "internet"] as const;

/** RFC 1918 and carrier-grade NAT ranges: the addresses a VPC (or an IDC joined to it) uses. */
export function isPrivateIpv4(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

export const cloudMigrationTaskInputs = z.strictObject({
  ...commonInputs,
  /** The destination RDS for PostgreSQL instance (`pgm-…`). */
  dbInstanceName: z.string().regex(INSTANCE_ID, 'an RDS for PostgreSQL instance id such as "pgm-bp1…"'),
  /** Where the self-managed database runs: on ECS (ecsOnVpc), in a data center joined to the VPC (idcOnVpc), or on the Internet. */
  sourceCategory: z.enum(SOURCE_CATEGORIES, `must be one of ${SOURCE_CATEGORIES.join(", ")}`),
  /** Private address for ecsOnVpc/idcOnVpc, public address for internet. */
  sourceIpAddress: z.string().regex(IPV4, 'an IPv4 address such as "172.16.0.10"'),
  /** The source database's port (1–65535). */
  sourcePort: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number)
    .refine((p) => Number.isInteger(p) && p >= 1 && p <= 65535, "must be a port number (1–65535)"),
  /** The migration account on the source (it needs the REPLICATION, CREATEROLE and monitor privileges). */
  sourceAccount: z.string().min(1, "must not be empty").max(63, "at most 63 characters"),
  /** The migration account's password. Secret: only a salted digest is kept. */
  sourcePassword: z.string({ error: "must be a string" }).min(1, "must not be empty").max(128, "must be at most 128 characters"),
  /** Default (cloud): a generated name. */
  taskName: z.string().min(1, "must not be empty").max(64, "at most 64 characters").optional(),
}).superRefine((m, ctx) => {
  const isPrivate = isPrivateIpv4(m.sourceIpAddress);
  if (m.sourceCategory === "internet" && isPrivate) {
    ctx.addIssue({ code: "custom", path: ["sourceIpAddress"], message: 'is a private address; with sourceCategory "internet" give the source\'s public address (or use ecsOnVpc / idcOnVpc)' });
  }
  if (m.sourceCategory !== "internet" && !isPrivate) {
    ctx.addIssue({ code: "custom", path: ["sourceIpAddress"], message: `must be the source's private (VPC) address with sourceCategory "${m.sourceCategory}" (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)` });
  }
});

export type CloudMigrationTaskInputs = z.output<typeof cloudMigrationTaskInputs>;

export { detailLines, replicationInfo };

type Row = MigrationRow;

function liveOutputs(r: Row): Props {
  const lines = detailLines(r.Detail);
  return {
    taskId: String(r.TaskId),
    taskName: r.TaskName ?? undefined,
    dbInstanceName: r.TargetInstanceName || undefined,
    sourceIpAddress: r.SourceIpAddress ?? undefined,
    sourcePort: r.SourcePort === undefined || r.SourcePort === null ? undefined : Number(r.SourcePort),
    sourceAccount: r.SourceAccount ?? undefined,
    sourceCategory: r.SourceCategory ?? undefined,
    migrateStage: r.MigrateStage ?? undefined,
    replicationState: r.ReplicationState ?? undefined,
    detail: lines.join("\n"),
    gmtCreated: timeOrUndefined(r.GmtCreated),
    gmtModified: timeOrUndefined(r.GmtModified),
    switchTime: timeOrUndefined(r.SwitchTime),
    replication: replicationInfo(r.ReplicationInfo),
  };
}

export const cloudMigrationTaskSpec = defineResource({
  kind: "CloudMigrationTask",
  product: "rds",
  inputs: cloudMigrationTaskInputs,
  outputs: {
    sourcePort: { type: "number" },
    taskName: { optional: false },
    taskId: { type: "string", doc: "The task id (the resource id is `<dbInstanceName>:<taskId>`)." },
    migrateStage: { type: "string", doc: "precheck, basebackup, startup, increment, switch, success." },
    replicationState: { type: "string", doc: "unstarted, catchup, streaming, disconnect, finish." },
    detail: { type: "string", doc: "The task's log, one line per step." },
    gmtCreated: { type: "string", optional: true },
    gmtModified: { type: "string", optional: true },
    switchTime: { type: "string", optional: true },
    replication: { type: "Record<string, string>", doc: "ReplicationInfo fields (Status, ReplayLag, …) without the connection string." },
  },
  publicClass: {
    getDoc: 'Reads an existing task without managing it: `CloudMigrationTask.get("m", "pgm-…:440437220")`.',
  },
  id: compositeId({ dbInstanceName: "DBInstanceName", taskId: "TaskId" }, { dbInstanceName: INSTANCE_ID, taskId: /^\d+$/ }),
  replaceOn: ["dbInstanceName", "sourceCategory", "sourceIpAddress", "sourcePort", "sourceAccount", "taskName"],
  writeOnly: ["sourcePassword"],
  normalise: { sourceCategory: normalise.caseInsensitive },
  // Not a cluster resource: no PolarDB lock, no cluster to wait for.
  cluster: () => undefined,
  create: {
    action: "CreateCloudMigrationTask",
    params: (i: CloudMigrationTaskInputs) => ({
      SourceIpAddress: i.sourceIpAddress, SourcePort: i.sourcePort, SourceAccount: i.sourceAccount,
      SourcePassword: i.sourcePassword, SourceCategory: i.sourceCategory, TaskName: i.taskName,
    }),
    response: z.looseObject({ TaskId: looseNumber, TaskName: z.string().nullish() }),
    assigns: (r: { TaskId: number }) => ({ taskId: String(r.TaskId) }),
    keepOnFailure: false,
    // The call takes no ClientToken, so it is never repeated; if its answer is lost, the task is
    // found in the list (a newcomer with this source) and recorded rather than left unmanaged.
    discover: {
      list: { action: "DescribeCloudMigrationResult", params: (key) => ({ DBInstanceName: key.dbInstanceName, PageNumber: 1, PageSize: 100 }), response: migrationResult },
      items: (r: z.output<typeof migrationResult>) => r.Items ?? [],
      idOf: (t: Row) => String(t.TaskId),
      matches: (t: Row, i: CloudMigrationTaskInputs) => t.SourceIpAddress === i.sourceIpAddress && Number(t.SourcePort) === i.sourcePort
        && t.SourceAccount === i.sourceAccount && (i.taskName === undefined || t.TaskName === i.taskName),
      assigns: (t: Row) => ({ taskId: String(t.TaskId) }),
    },
  },
  read: {
    action: "DescribeCloudMigrationResult",
    params: (key) => ({ DBInstanceName: key.dbInstanceName, TaskId: key.taskId, PageNumber: 1, PageSize: 10 }),
    response: migrationResult,
    pick: (r: z.output<typeof migrationResult>, key) => (r.Items ?? []).find((x) => String(x.TaskId) === key.taskId),
    outputs: (r: Row) => liveOutputs(r),
  },
  ready: (o) => o.migrateStage === "success",
  failed: (o) => {
    const line = failureLine(String(o.detail ?? "").split("\n"));
    if (!line) return undefined;
    return `the migration failed in stage ${String(o.migrateStage)} (replication ${String(o.replicationState)}): ${line}. `
      + "Fix the cause on the source (address, port, account privileges, version) and run `pulumi up` again: it starts a new migration task (a failed task cannot be resumed).";
  },
  status: (o) => {
    const lines = String(o.detail ?? "").split("\n").filter(Boolean);
    return o.migrateStage ? `stage ${String(o.migrateStage)}, replication ${String(o.replicationState ?? "?")}${lines.length ? ` — ${lines[lines.length - 1]}` : ""}` : undefined;
  },
  update: [
    // The password is used while the task runs only: a new one is recorded, nothing is called.
    { fields: ["sourcePassword"], calls: () => [] },
  ],
  delete: { leaves: "a cloud migration task cannot be deleted through the API: the task record and the migrated data stay on the RDS instance" },
  timeouts: { create: "24h", update: "10m", delete: "1m" },
});
