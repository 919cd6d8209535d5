/**
 * The four output formats of a drift report, as pure functions of it (values arrive masked).
 * text: for people reading a CI log; json: the report object (stable schema, see model.ts);
 * markdown: for a pull-request or issue comment / job summary; junit: one testcase per resource,
 * a failure per drifted or deleted one, for CI test dashboards.
 */
import type { DriftReport, FieldDrift, ResourceDrift } from "./model";

export const FORMATS = ["text", "json", "markdown", "junit"] as const;
export type Format = (typeof FORMATS)[number];

export function format(report: DriftReport, as: Format): string {
  switch (as) {
    case "json": return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown": return markdown(report);
    case "junit": return junit(report);
    default: return text(report);
  }
}

/** How an error is reported in each format (the reason always goes to stderr too). */
export function formatError(stack: string | undefined, reason: string, as: Format): string {
  switch (as) {
    case "json": return `${JSON.stringify({ schemaVersion: 1, stack: stack ?? null, error: reason, summary: { exitCode: 1 } }, null, 2)}\n`;
    case "junit":
      return `${xmlHeader}<testsuites name="polardb-drift" tests="1" failures="0" errors="1">\n${junitErrorSuite(suiteName(stack), reason)}</testsuites>\n`;
    case "markdown": return `### PolarDB drift check${stack ? ` — stack \`${stack}\`` : ""}\n\n:x: **The drift check failed:** ${mdText(reason)}\n`;
    default: return "";
  }
}

/** A value as printed: JSON, "(none)" for absent. */
export function show(v: unknown): string {
  return v === undefined || v === null ? "(none)" : JSON.stringify(v);
}

function label(r: ResourceDrift): string {
  return `${r.kind} ${r.name} (${r.id})`;
}

function headline(report: DriftReport): string {
  const { summary: s } = report;
  if (s.exitCode === 0) return `no drift in ${s.resources} PolarDB resource${s.resources === 1 ? "" : "s"}`;
  const parts = [s.drifted && `${s.drifted} drifted`, s.deleted && `${s.deleted} deleted out of band`].filter(Boolean);
  return `drift in ${s.drifted + s.deleted} of ${s.resources} PolarDB resources: ${parts.join(", ")}`;
}

/** What `pulumi up` would do, in words. */
export function upVerb(op: string): string {
  const verbs: Record<string, string> = {
    same: "leave it as is", update: "update it", replace: "replace it", create: "create it again", delete: "delete it",
  };
  return verbs[op] ?? op;
}

function fieldLine(f: FieldDrift): string {
  return `${f.field}: ${show(f.old)} → ${show(f.new)}`;
}

function hint(report: DriftReport): string {
  return report.summary.exitCode === 0 ? ""
    : "`pulumi up` puts the program's values back (and re-creates deleted resources); `pulumi refresh` accepts the cloud's values into the state instead.";
}

function text(report: DriftReport): string {
  const lines = [`polardb-drift: stack ${report.stack}: ${headline(report)}`];
  for (const r of report.resources) {
    const tag = r.status === "deleted" ? "DELETED " : r.status === "drifted" ? "DRIFTED " : r.affected ? "AFFECTED" : "ok      ";
    const up = r.status !== "unchanged" ? ` [pulumi up would ${upVerb(r.pulumiUp)}]`
      : r.affected ? ` [not drifted itself; pulumi up would ${upVerb(r.pulumiUp)}: ${AFFECTED_WHY}]` : "";
    lines.push(`  ${tag} ${label(r)}${r.status === "deleted" ? ": no longer exists in the cloud" : ""}${up}`);
    for (const f of r.fields) lines.push(`             ${fieldLine(f)}`);
    for (const c of r.scheduled ?? []) {
      const what = Object.entries(c.targets).map(([k, v]) => `${k} → ${JSON.stringify(v)}`).join(", ");
      lines.push(`             scheduled: ${what} (${c.action}) in ${c.plannedStart}–${c.plannedEnd}: ${c.status}${c.taskId ? `, task ${c.taskId}` : ""}`);
    }
  }
  if (report.summary.skipped) lines.push(`  (${report.summary.skipped} resource${report.summary.skipped === 1 ? "" : "s"} of other providers not checked)`);
  const h = hint(report);
  if (h) lines.push(h);
  return `${lines.join("\n")}\n`;
}

const AFFECTED_WHY = "an input changed (a drifted resource feeds it, or the program was edited)";

function statusWords(r: ResourceDrift): string {
  return r.affected ? "unchanged itself; an input changed" : r.status;
}

function mdText(s: string): string {
  return s.replace(/([\\`*_[\]|<>])/g, "\\$1").replace(/\n/g, " ");
}

function mdCode(s: string): string {
  // Inline code cannot escape a backtick: use a longer fence than any run inside.
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${longest ? " " : ""}${s.replace(/\|/g, "\\|").replace(/\n/g, " ")}${longest ? " " : ""}${fence}`;
}

function markdown(report: DriftReport): string {
  const s = report.summary;
  const out = [
    `### PolarDB drift check — stack \`${report.stack}\``,
    "",
    `${s.exitCode === 0 ? ":white_check_mark:" : ":warning:"} **${headline(report)}**`,
    "",
    "| Resource | Id | Status | Drifted fields | `pulumi up` would |",
    "| --- | --- | --- | --- | --- |",
    ...report.resources.map((r) => `| ${r.kind} \`${mdText(r.name)}\` | ${mdCode(r.id)} | ${statusWords(r)} | ${r.fields.map((f) => mdCode(f.field)).join(", ")} | ${upVerb(r.pulumiUp)} |`),
  ];
  for (const r of report.drifted) {
    out.push("", `#### ${r.kind} \`${mdText(r.name)}\``, "", "| Field | Was | Now |", "| --- | --- | --- |",
      ...r.fields.map((f) => `| ${mdCode(f.field)} | ${mdCode(show(f.old))} | ${mdCode(show(f.new))} |`));
  }
  if (report.deleted.length) {
    out.push("", "#### Deleted out of band", "", ...report.deleted.map((r) => `- ${r.kind} \`${mdText(r.name)}\` (${mdCode(r.id)})`));
  }
  if (s.skipped) out.push("", `_${s.skipped} resource(s) of other providers were not checked._`);
  const h = hint(report);
  if (h) out.push("", h);
  return `${out.join("\n")}\n`;
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';

function xml(s: string): string {
  // Characters XML 1.0 does not allow at all are dropped; the rest are escaped.
  return s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}

function suiteName(stack: string | undefined): string {
  return `polardb-drift${stack ? ` (stack ${stack})` : ""}`;
}

function junit(report: DriftReport): string {
  const s = report.summary;
  return `${xmlHeader}<testsuites name="polardb-drift" tests="${s.resources}" failures="${s.drifted + s.deleted}" errors="0">\n${junitSuite(report)}</testsuites>\n`;
}

/** One stack's testsuite: a testcase per resource, a failure per drifted or deleted one. */
export function junitSuite(report: DriftReport, name = suiteName(report.stack)): string {
  const s = report.summary;
  const failures = s.drifted + s.deleted;
  const cases = report.resources.map((r) => {
    const open = `    <testcase classname="polardb.${xml(r.kind)}" name="${xml(`${r.name} (${r.id})`)}"`;
    if (r.status === "unchanged") return `${open}/>`;
    const message = r.status === "deleted" ? `${label(r)} no longer exists in the cloud`
      : `${label(r)} drifted in ${r.fields.map((f) => f.field).join(", ")}`;
    const body = r.status === "deleted" ? message : r.fields.map(fieldLine).join("\n");
    return `${open}>\n      <failure type="${r.status}" message="${xml(message)}">${xml(body)}</failure>\n    </testcase>`;
  });
  return `  <testsuite name="${xml(name)}" tests="${s.resources}" failures="${failures}" errors="0" skipped="0">\n`
    + `${cases.map((c) => `${c}\n`).join("")}`
    + "  </testsuite>\n";
}

/** A stack that could not be checked: one testcase with an error. */
export function junitErrorSuite(name: string, reason: string): string {
  return `  <testsuite name="${xml(name)}" tests="1" failures="0" errors="1">\n`
    + `    <testcase classname="polardb-drift" name="drift check"><error message="${xml(firstLine(reason))}">${xml(reason)}</error></testcase>\n`
    + "  </testsuite>\n";
}

export { headline, markdown as markdownReport, mdText, text as textReport, xml, xmlHeader };
