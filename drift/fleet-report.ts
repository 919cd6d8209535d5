/**
 * The fleet report in the four formats, built from the single-stack formatters: text for CI
 * logs, json (the FleetReport object), markdown for a job summary, junit with one testsuite per
 * stack (a stack that could not be checked is a testsuite with one error).
 */
import type { FleetReport, StackResult } from "./fleet";
import { headline, junitErrorSuite, junitSuite, markdownReport, mdText, textReport, xml, xmlHeader } from "./report";
import type { Format } from "./report";

export function formatFleet(report: FleetReport, as: Format): string {
  switch (as) {
    case "json": return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown": return markdown(report);
    case "junit": return junit(report);
    default: return text(report);
  }
}

const name = (s: StackResult) => `${s.project}/${s.stack}`;

function fleetHeadline(r: FleetReport): string {
  const s = r.summary;
  const parts = [
    `${s.stacks} stack${s.stacks === 1 ? "" : "s"}`,
    s.drifted ? `${s.drifted} drifted (${s.resourcesDrifted} resource${s.resourcesDrifted === 1 ? "" : "s"} drifted, ${s.resourcesDeleted} deleted out of band)` : "",
    s.failed ? `${s.failed} could not be checked` : "",
    s.clean ? `${s.clean} without drift` : "",
  ].filter(Boolean);
  const shards = r.run.shardCount > 1 ? ` (shard${r.run.shards.length > 1 ? "s" : ""} ${r.run.shards.join(", ")} of ${r.run.shardCount})` : "";
  return `${parts.join(", ")}${shards}`;
}

function text(r: FleetReport): string {
  const out = [`polardb-drift: ${fleetHeadline(r)}`];
  for (const s of r.stacks) {
    if (s.status === "error") out.push(`== ${name(s)}: ERROR, not checked: ${s.error}`);
    else out.push(`== ${name(s)}: ${headline(s.report!)}`, ...textReport(s.report!).split("\n").slice(1).filter((l) => l && !l.startsWith("`pulumi up` puts")).map((l) => l));
  }
  if (r.summary.exitCode !== 0) out.push("`pulumi up` puts the program's values back (and re-creates deleted resources); `pulumi refresh` accepts the cloud's values into the state instead.");
  return `${out.join("\n")}\n`;
}

function markdown(r: FleetReport): string {
  const s = r.summary;
  const icon = s.failed ? ":x:" : s.drifted ? ":warning:" : ":white_check_mark:";
  const out = [
    "## PolarDB drift across stacks",
    "",
    `${icon} **${fleetHeadline(r)}**`,
    "",
    "| Stack | Result | Resources | Drifted | Deleted |",
    "| --- | --- | --- | --- | --- |",
    ...r.stacks.map((x) => x.status === "error"
      ? `| \`${mdText(name(x))}\` | :x: not checked: ${mdText(x.error ?? "")} | | | |`
      : `| \`${mdText(name(x))}\` | ${x.status === "drifted" ? ":warning: drift" : ":white_check_mark: no drift"} | ${x.report!.summary.resources} | ${x.report!.summary.drifted} | ${x.report!.summary.deleted} |`),
  ];
  for (const x of r.stacks.filter((y) => y.status === "drifted")) {
    out.push("", markdownReport(x.report!).replace(/^### PolarDB drift check — stack `([^`]*)`/, `### \`${mdText(x.project)}\` / stack \`$1\``).trimEnd());
  }
  return `${out.join("\n")}\n`;
}

function junit(r: FleetReport): string {
  const tests = r.stacks.reduce((n, x) => n + (x.report ? x.report.summary.resources : 1), 0);
  const failures = r.stacks.reduce((n, x) => n + (x.report ? x.report.summary.drifted + x.report.summary.deleted : 0), 0);
  const suites = r.stacks.map((x) => (x.report ? junitSuite(x.report, `polardb-drift (${name(x)})`) : junitErrorSuite(`polardb-drift (${name(x)})`, x.error ?? "not checked")));
  return `${xmlHeader}<testsuites name="${xml("polardb-drift")}" tests="${tests}" failures="${failures}" errors="${r.summary.failed}">\n${suites.join("")}</testsuites>\n`;
}
