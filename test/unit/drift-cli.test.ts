/**
 * polardb-drift's arguments and its error paths that need no stack: usage, bad options, a
 * directory that is not a Pulumi project, the pulumi CLI missing from PATH. Each error exits 1
 * with the reason on stderr (and in the chosen format on stdout).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs, USAGE, UsageError } from "../../drift/args";
import { main } from "../../drift/cli";
import { failureReason } from "../../drift/collect";

describe("parseArgs", () => {
  test("defaults: the current directory, the selected stack, text", () => {
    expect(parseArgs([], "/work/p")).toMatchObject({ help: false, mode: "check", cwd: "/work/p", cwds: ["/work/p"], stacks: [], all: false, parallel: 2, format: "text" });
    expect(parseArgs([], "/work/p").stack).toBeUndefined();
  });

  test("every option, with a space or =; --cwd relative to the base directory", () => {
    expect(parseArgs(["--stack", "prod", "--cwd", "infra", "--format", "junit"], "/repo")).toMatchObject({ help: false, stack: "prod", cwd: "/repo/infra", format: "junit" });
    expect(parseArgs(["--stack=org/proj/prod", "--cwd=/abs", "--format=markdown"], "/repo")).toMatchObject({ help: false, stack: "org/proj/prod", cwd: "/abs", format: "markdown" });
    expect(parseArgs(["-h"]).help).toBe(true);
    expect(parseArgs(["--help", "--format", "json"]).help).toBe(true);
  });

  test.each([
    [["--format", "yaml"], '--format must be one of text, json, markdown, junit (got "yaml")'],
    [["--format"], "--format needs a value"],
    [["--stack", "--cwd", "x"], "--stack needs a value"],
    [["--stack="], "--stack needs a non-empty value"],
    [["--stack", "a", "--stack", "a"], "--stack a given twice"],
    [["--shard", "3/2"], "--shard 3/2: the shard index must be between 1 and 2"],
    [["--shard", "0/2"], "--shard 0/2: the shard index must be between 1 and 2"],
    [["--shard", "two"], '--shard must look like I/N (e.g. 2/3), got "two"'],
    [["--parallel", "0"], '--parallel must be a whole number from 1 to 64 (got "0")'],
    [["--all", "--stack", "a"], "--all and --stack exclude each other (--all checks every stack)"],
    [["merge"], "merge needs the shard reports: polardb-drift merge [--format F] SHARD.json..."],
    [["merge", "--stack", "a", "x.json"], "--stack does not apply to merge (merge takes --format and the shard reports)"],
    [["shard1.json"], 'unexpected argument "shard1.json" (to combine shard reports: polardb-drift merge FILE...)'],
    [["--verbose"], "unknown option --verbose"],
    [["--expect-no-changes=true"], "unknown option --expect-no-changes"],
    [["prod"], 'unexpected argument "prod"'],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});

describe("main", () => {
  const run = async (argv: string[]) => {
    let stdout = "", stderr = "";
    const code = await main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
    return { code, stdout, stderr };
  };

  test("--help prints the usage and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r).toEqual({ code: 0, stdout: USAGE, stderr: "" });
    expect(USAGE).toMatch(/Exit codes: 0 no drift; 2 drift found; 1 error/);
  });

  test("a bad option exits 1 with the reason and the usage", async () => {
    const r = await run(["--format", "xml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('polardb-drift: --format must be one of text, json, markdown, junit (got "xml")');
    expect(r.stderr).toContain("Usage: polardb-drift");
    expect(r.stdout).toBe("");
  });

  test("a directory without Pulumi.yaml exits 1, naming it; json output carries the error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-noproject-"));
    try {
      const r = await run(["--cwd", dir, "--format", "json"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`no Pulumi project in ${dir} (no Pulumi.yaml)`);
      expect(JSON.parse(r.stdout)).toMatchObject({ error: expect.stringContaining("no Pulumi project"), summary: { exitCode: 1 } });
      const missing = await run(["--cwd", path.join(dir, "nope")]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("is not a directory (--cwd)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the pulumi CLI missing from PATH exits 1 with that reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-nocli-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, "empty-bin");
    try {
      const r = await run(["--cwd", dir, "--stack", "dev", "--format", "junit"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("the pulumi CLI was not found on PATH");
      expect(r.stdout).toContain('<error message="the pulumi CLI was not found on PATH');
    } finally {
      process.env.PATH = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("failureReason", () => {
  const diag = (message: string, urn?: string, severity: "error" | "info" | "debug" = "error") =>
    ({ sequence: 0, timestamp: 0, diagnosticEvent: { message, urn, color: "never", severity: severity as "error" } });

  test("the first error diagnostic, named by resource, with a count of the others; not the generic summary", () => {
    const events = [
      diag("debug noise\n", undefined, "debug"),
      diag("Preview failed: DescribeAccounts failed: SignatureDoesNotMatch\n", "urn:pulumi:e2e::p::pulumi-nodejs:dynamic/polardb:Account::app"),
      diag("Preview failed: DescribeDBClusterAttribute failed: SignatureDoesNotMatch\n", "urn:pulumi:e2e::p::pulumi-nodejs:dynamic/polardb:Cluster::orders"),
      diag("preview failed\n", "urn:pulumi:e2e::p::pulumi:pulumi:Stack::p-e2e"),
    ];
    expect(failureReason(events, new Error("exit 255"))).toBe("app: Preview failed: DescribeAccounts failed: SignatureDoesNotMatch (and 1 more error)");
  });

  test("without diagnostics, the error itself", () => {
    expect(failureReason([], new Error("the program crashed"))).toBe("the program crashed");
  });
});
