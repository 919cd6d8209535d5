/**
 * Cluster-level probes shared by every resource (everything lives on a cluster): the cluster's
 * status, and its latest task (DescribeTasks) for progress lines, remaining time and failures.
 */
import { z } from "zod";
import { isNotFound } from "../errors";
import { Api, listOf, looseNumber, looseString } from "../spec";
import { formatMs } from "./values";

export async function clusterStatus(api: Api, clusterId: string): Promise<string | undefined> {
  try {
    const r = await api.request<Record<string, unknown>>("DescribeDBClusterAttribute", { DBClusterId: clusterId });
    return typeof r.DBClusterStatus === "string" ? r.DBClusterStatus : "unknown";
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export interface TaskInfo { line: string; remainMs?: number; error?: string }

/** DescribeTasks rows: the documented fields, all optional and lenient. */
const taskSchema = listOf(z.looseObject({
  TaskAction: z.string().optional(), CurrentStepName: z.string().nullish(), StepProgressInfo: z.string().nullish(),
  Progress: looseNumber.optional(), Remain: looseNumber.optional(), BeginTime: z.string().optional(),
  TaskErrorCode: z.string().nullish(), TaskErrorMessage: z.string().nullish(), TaskId: looseString.optional(),
}), "Task");

/** The cluster's latest task (DescribeTasks): a progress line, the remaining time, a failure. */
export async function describeTask(api: Api, clusterId: string, since: number, now: number): Promise<TaskInfo | undefined> {
  const r = await api.request<Record<string, unknown>>("DescribeTasks", {
    DBClusterId: clusterId, StartTime: minuteStamp(since - 60_000), EndTime: minuteStamp(now + 3_600_000),
  });
  const tasks = taskSchema.parse((r as { Tasks?: unknown }).Tasks) as Array<Record<string, any>>;
  const t = tasks.sort((a, b) => String(b.BeginTime ?? "").localeCompare(String(a.BeginTime ?? "")))[0];
  if (!t) return undefined;
  const step = [t.CurrentStepName, t.StepProgressInfo && `(step ${t.StepProgressInfo})`].filter(Boolean).join(" ");
  const remainMs = typeof t.Remain === "number" && t.Remain > 0 ? t.Remain * 1000 : undefined;
  return {
    line: `task ${t.TaskAction ?? t.TaskId ?? ""}${step ? ` ${step}` : ""}${t.Progress !== undefined ? ` ${t.Progress}%` : ""}${remainMs ? `, about ${formatMs(remainMs)} left` : ""}`,
    remainMs,
    error: t.TaskErrorCode ? `task ${t.TaskAction ?? ""} failed: ${t.TaskErrorCode}${t.TaskErrorMessage ? `: ${t.TaskErrorMessage}` : ""}` : undefined,
  };
}

function minuteStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + "Z";
}
