/**
 * The fleet CI examples are valid for their systems: parsed with a YAML parser, then checked
 * against the rules each system enforces when it loads a pipeline (jobs and steps well formed,
 * `needs` naming real jobs, stages declared, the matrix in step with the shard count), and every
 * polardb-drift command line in them is one the CLI's own parser accepts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { parseArgs } from "../../drift/args";

const dir = path.join(__dirname, "..", "..", "examples", "drift-fleet");
const read = (f: string) => load(fs.readFileSync(path.join(dir, f), "utf8")) as any;

/** The polardb-drift invocations in a script, with shell variables given example values. */
function driftCommands(script: string, vars: Record<string, string>): string[][] {
  const run = "npx --no-install polardb-drift ";
  return script.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim()).filter((l) => l.includes(run)).map((l) => {
    let line = l.slice(l.indexOf(run) + run.length).split(/\s+>\s*|;\s*|\s+\|\|/)[0];
    for (const [k, v] of Object.entries(vars)) line = line.split(k).join(v);
    return line.replace(/"/g, "").split(/\s+/).filter(Boolean);
  });
}

describe("GitHub Actions: examples/drift-fleet/github-actions.yml", () => {
  const wf = read("github-actions.yml");

  test("a workflow with triggers and jobs whose steps each use an action or run a script", () => {
    expect(wf.name).toEqual(expect.any(String));
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(["schedule", "workflow_dispatch"]));
    for (const [name, job] of Object.entries<any>(wf.jobs)) {
      expect(job["runs-on"]).toEqual(expect.any(String));
      expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(wf.jobs)).toContain(need);
      expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    }
  });

  test("the matrix has one job per shard; the report job merges after all of them, always", () => {
    expect(wf.jobs.check.strategy.matrix.shard).toEqual(Array.from({ length: Number(wf.env.SHARDS) }, (_, i) => i + 1));
    expect(wf.jobs.check.strategy["fail-fast"]).toBe(false);
    expect(wf.jobs.report.needs).toBe("check");
    expect(wf.jobs.report.if).toBe("always()");
  });

  test("credentials by OIDC: the job's token traded for a role, no stored Alibaba Cloud key", () => {
    expect(wf.permissions["id-token"]).toBe("write");
    expect(wf.env).toMatchObject({ ALIBABA_CLOUD_ROLE_ARN: expect.stringMatching(/^acs:ram::\d+:role\//), ALIBABA_CLOUD_OIDC_PROVIDER_ARN: expect.stringMatching(/^acs:ram::\d+:oidc-provider\//) });
    expect(JSON.stringify(wf)).not.toMatch(/ACCESS_KEY/);
    const steps: any[] = wf.jobs.check.steps;
    const token = steps.findIndex((s) => /ALIBABA_CLOUD_OIDC_TOKEN_FILE=.*>> "\$GITHUB_ENV"/.test(s.run ?? ""));
    const check = steps.findIndex((s) => /polardb-drift/.test(s.run ?? ""));
    expect(token).toBeGreaterThanOrEqual(0);
    expect(token).toBeLessThan(check); // the token file exists before the check runs
    expect(steps[token].run).toContain("audience=sts.aliyuncs.com");
  });

  test("every polardb-drift command line parses, with the shard and merge options", () => {
    const scripts = Object.values<any>(wf.jobs).flatMap((j) => j.steps.map((s: any) => s.run ?? "")).join("\n");
    const commands = driftCommands(scripts, { "${{ matrix.shard }}": "2", $SHARDS: "3", "../shards/drift-shard-*.json": "a.json" });
    expect(commands.length).toBe(3);
    for (const argv of commands) expect(() => parseArgs(argv, "/repo/payments")).not.toThrow();
    expect(parseArgs(commands[0], "/repo/payments")).toMatchObject({ all: true, shard: { index: 2, count: 3 }, format: "json", cwds: ["/repo/payments", "/repo/orders"] });
    expect(parseArgs(commands[1], "/repo/payments")).toMatchObject({ mode: "merge", format: "markdown" });
  });
});

describe("GitLab CI: examples/drift-fleet/gitlab-ci.yml", () => {
  const ci = read("gitlab-ci.yml");
  const jobs = Object.entries<any>(ci).filter(([k, v]) => !["stages", "variables", "default", "include", "workflow"].includes(k) && !k.startsWith(".") && v && typeof v === "object");

  test("jobs in declared stages, each with a script; extends and needs name real jobs", () => {
    expect(ci.stages).toEqual(["check", "report"]);
    for (const [, job] of jobs) {
      expect(ci.stages).toContain(job.stage);
      expect(Array.isArray(job.script) && job.script.length > 0).toBe(true);
      if (job.extends) expect(ci[job.extends]).toBeDefined();
      for (const need of job.needs ?? []) expect(ci[typeof need === "string" ? need : need.job]).toBeDefined();
    }
  });

  test("parallel shards; the report job publishes the JUnit report and runs even when shards fail", () => {
    expect(ci.drift.parallel).toBe(3);
    expect(ci["drift-report"].artifacts.reports.junit).toBe("drift-junit.xml");
    expect(ci["drift-report"].rules.every((r: any) => r.when === "always")).toBe(true);
    expect(ci.drift.artifacts.when).toBe("always");
  });

  test("credentials by OIDC: id_tokens with the STS audience written to the token file, no stored key", () => {
    expect(ci[".node"].id_tokens.ALIBABA_CLOUD_OIDC_TOKEN.aud).toBe("sts.aliyuncs.com");
    expect(ci[".node"].before_script.join("\n")).toMatch(/export ALIBABA_CLOUD_OIDC_TOKEN_FILE=/);
    expect(ci.variables).toMatchObject({ ALIBABA_CLOUD_ROLE_ARN: expect.stringMatching(/^acs:ram::\d+:role\//), ALIBABA_CLOUD_OIDC_PROVIDER_ARN: expect.stringMatching(/^acs:ram::\d+:oidc-provider\//) });
    expect(JSON.stringify(ci)).not.toMatch(/ACCESS_KEY/);
    for (const [, job] of jobs) expect(job.extends).toBe(".node"); // every job gets the token
  });

  test("every polardb-drift command line parses", () => {
    const scripts = jobs.flatMap(([, j]) => j.script).join("\n");
    const commands = driftCommands(scripts, { $CI_NODE_INDEX: "1", $CI_NODE_TOTAL: "3", "../drift-shard-*.json": "a.json" });
    expect(commands.length).toBe(3);
    for (const argv of commands) expect(() => parseArgs(argv, "/repo/payments")).not.toThrow();
    expect(parseArgs(commands[0], "/repo/payments")).toMatchObject({ all: true, shard: { index: 1, count: 3 } });
  });
});
