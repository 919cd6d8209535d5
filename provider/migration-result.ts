/**
 * Reading DescribeCloudMigrationResult (RDS, seed 001), shared by the CloudMigrationTask resource
 * and the getCloudMigrationTasks function: the row schema, which deliberately has no
 * `SourcePassword` (the API echoes it in clear text; a plain z.object drops unknown keys), and
 * the parsers for the seed's log and replication texts.
 */
import { z } from "zod";
import { looseNumber, looseString } from "./spec";

export const migrationRow = z.object({
  TaskId: looseNumber, TaskName: z.string().nullish(), MigrateStage: z.string().nullish(), ReplicationState: z.string().nullish(),
  Detail: z.string().nullish(), GmtCreated: z.string().nullish(), GmtModified: z.string().nullish(), SwitchTime: z.string().nullish(),
  TargetInstanceName: z.string().nullish(), SourceIpAddress: z.string().nullish(), SourcePort: looseString.nullish(),
  SourceAccount: z.string().nullish(), SourceCategory: z.string().nullish(), ReplicationInfo: z.string().nullish(),
});
export const migrationResult = z.looseObject({ TotalSize: looseNumber.optional(), Items: z.array(migrationRow).nullish() });
export type MigrationRow = z.output<typeof migrationRow>;

/** The seeds print task logs with literal `\n` separators (one escaping level too many); both forms are read. */
export function detailLines(text: string | null | undefined): string[] {
  return (text ?? "").replace(/\\n/g, "\n").split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
}

/** ReplicationInfo: a JSON object in a string, possibly with `\"` escapes; Conninfo dropped (it names the source). */
export function replicationInfo(text: string | null | undefined): Record<string, string> {
  if (!text || text === "null") return {};
  for (const candidate of [text, text.replace(/\\"/g, '"')]) {
    try {
      const v: unknown = JSON.parse(candidate);
      if (v && typeof v === "object" && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "Conninfo").map(([k, x]) => [k, String(x)]));
      }
    } catch { /* try the unescaped form */ }
  }
  return {};
}

/** The log line that reports a failure (`Check ip connectable: failed(error:…)`, `… --- failed(…)`). */
export function failureLine(lines: readonly string[]): string | undefined {
  return [...lines].reverse().find((l) => /\bfailed\(/.test(l));
}

/** The seed's "null" and empty strings mean "not yet". */
export function timeOrUndefined(v: string | null | undefined): string | undefined {
  return v && v !== "null" ? v : undefined;
}
