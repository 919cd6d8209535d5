/**
 * The four output formats of polardb-drift, on reports analysed from recorded real events and on
 * hand-made reports for escaping: stable JSON schema, deterministic text, markdown tables that
 * survive pipes and backticks, JUnit XML with one testcase per resource and a failure per drift.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyse } from "../../drift/analyse";
import type { DriftReport } from "../../drift/model";
import { format, formatError, show } from "../../drift/report";

const recorded = (name: string) =>
  analyse("prod", JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "drift", "testdata", `preview-refresh-${name}.json`), "utf8")));

const drift = recorded("drift");
const clean = recorded("clean");

function handMade(): DriftReport {
  const r = {
    urn: "urn:pulumi:prod::p::pulumi-nodejs:dynamic/polardb:Account::a<b>&\"c\"", kind: "Account", type: "pulumi-nodejs:dynamic/polardb:Account",
    name: "a<b>&\"c\"\u0001", id: "pc-x:a", status: "drifted" as const, pulumiUp: "update",
    fields: [{ field: "accountDescription", old: "pipe | and `tick`", new: "x]]>y\u0001" }],
  };
  return {
    schemaVersion: 1, stack: "prod", drifted: [r], deleted: [], resources: [r],
    summary: { resources: 1, unchanged: 0, drifted: 1, deleted: 0, skipped: 0, exitCode: 2 },
  };
}

describe("json", () => {
  test("the report object with a stable schema", () => {
    const parsed = JSON.parse(format(drift, "json"));
    expect(Object.keys(parsed)).toEqual(["schemaVersion", "stack", "drifted", "deleted", "resources", "summary"]);
    expect(parsed.schemaVersion).toBe(1);
    expect(Object.keys(parsed.resources[0]).sort()).toEqual(["fields", "id", "kind", "name", "pulumiUp", "status", "type", "urn"]);
    expect(parsed.summary).toEqual({ resources: 7, unchanged: 0, drifted: 6, deleted: 1, skipped: 0, exitCode: 2 });
    expect(parsed.deleted.map((r: any) => `${r.kind}/${r.name}`)).toEqual(["Cluster/scratch"]);
  });

  test("errors are JSON too, with exit code 1", () => {
    expect(JSON.parse(formatError("prod", "stack \"prod\" does not exist", "json"))).toEqual({
      schemaVersion: 1, stack: "prod", error: "stack \"prod\" does not exist", summary: { exitCode: 1 },
    });
  });
});

describe("text", () => {
  test("one line per resource, drifted fields old → new, deleted resources named; deterministic", () => {
    const out = format(drift, "text");
    expect(out).toBe(format(recorded("drift"), "text"));
    const lines = out.split("\n");
    expect(lines[0]).toBe("polardb-drift: stack prod: drift in 7 of 7 PolarDB resources: 6 drifted, 1 deleted out of band");
    expect(out).toMatch(/DRIFTED {2}Account app \(pc-[a-z0-9]+:app\) \[pulumi up would update it\]\n {13}accountDescription: "application" → "changed by hand"\n/);
    expect(out).toMatch(/DELETED {2}Cluster scratch \(pc-[a-z0-9]+\): no longer exists in the cloud \[pulumi up would create it again\]\n/);
    expect(out).toMatch(/securityIps: \["10.0.0.1","10.0.0.2"\] → \["10.0.0.1","10.0.0.2","172.16.0.9"\]/);
    expect(out).toMatch(/DRIFTED {2}Database orders .*\[pulumi up would replace it\]/);
  });

  test("a clean stack says so in one line per resource", () => {
    const out = format(clean, "text");
    expect(out.split("\n")[0]).toBe("polardb-drift: stack prod: no drift in 7 PolarDB resources");
    expect(out).not.toMatch(/DRIFTED|DELETED|pulumi refresh/);
  });

  test("absent values print as (none)", () => {
    expect(show(undefined)).toBe("(none)");
    expect(show(["a"])).toBe('["a"]');
  });
});

describe("markdown", () => {
  test("a summary table and one table per drifted resource", () => {
    const out = format(drift, "markdown");
    expect(out).toContain("### PolarDB drift check — stack `prod`");
    expect(out).toContain(":warning: **drift in 7 of 7 PolarDB resources: 6 drifted, 1 deleted out of band**");
    expect(out).toMatch(/\| Account `app` \| `pc-[a-z0-9]+:app` \| drifted \| `accountDescription` \| update it \|/);
    expect(out).toContain('| `accountDescription` | `"application"` | `"changed by hand"` |');
    expect(out).toMatch(/#### Deleted out of band\n\n- Cluster `scratch` \(`pc-[a-z0-9]+`\)/);
    expect(format(clean, "markdown")).toContain(":white_check_mark: **no drift in 7 PolarDB resources**");
  });

  test("pipes and backticks in values do not break the table", () => {
    const row = format(handMade(), "markdown").split("\n").find((l) => l.startsWith("| `accountDescription`"))!;
    // Every cell separator is unescaped; the pipe inside the value is escaped.
    expect(row.replace(/\\\|/g, "").split("|").length - 2).toBe(3);
    expect(row).toContain("`` \"pipe \\| and `tick`\" ``");
  });
});

describe("junit", () => {
  test("one testcase per resource, a failure per drifted or deleted one", () => {
    const out = format(drift, "junit");
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="polardb-drift" tests="7" failures="7" errors="0">')).toBe(true);
    expect(out.match(/<testcase /g)).toHaveLength(7);
    expect(out.match(/<failure /g)).toHaveLength(7);
    expect(out.match(/<failure type="deleted"/g)).toHaveLength(1);
    expect(out).toMatch(/<testcase classname="polardb.Account" name="app \(pc-[a-z0-9]+:app\)">\n {6}<failure type="drifted" message="Account app \(pc-[a-z0-9]+:app\) drifted in accountDescription">accountDescription: &quot;application&quot; → &quot;changed by hand&quot;<\/failure>/);
    const cleanOut = format(clean, "junit");
    expect(cleanOut.match(/<testcase [^>]*\/>/g)).toHaveLength(7);
    expect(cleanOut).not.toContain("<failure");
  });

  test("names and values are escaped; characters XML forbids are dropped", () => {
    const out = format(handMade(), "junit");
    expect(out).toContain('name="a&lt;b&gt;&amp;&quot;c&quot; (pc-x:a)"');
    expect(out).toContain("x]]&gt;y\\u0001&quot;"); // JSON-encoded in values
    expect(out).not.toContain("\u0001");
    // Balanced: every opened element is closed.
    for (const tag of ["testsuites", "testsuite", "testcase", "failure"]) {
      const opened = (out.match(new RegExp(`<${tag}[ >]`, "g")) ?? []).length - (out.match(new RegExp(`<${tag} [^>]*/>`, "g")) ?? []).length;
      expect((out.match(new RegExp(`</${tag}>`, "g")) ?? []).length).toBe(opened);
    }
  });

  test("an error is one testcase with an <error>", () => {
    const out = formatError("prod", "the pulumi CLI was not found on PATH", "junit");
    expect(out).toContain('errors="1"');
    expect(out).toContain('<error message="the pulumi CLI was not found on PATH">');
  });
});
