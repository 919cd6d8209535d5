/** A Node.js too old for undici gets one clear line, not a crash deep inside a dependency. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MIN_NODE, nodeVersionProblem } from "../../provider/node-version";

const repo = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));

test("the minimum matches engines.node and every runtime dependency's engines", () => {
  expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
  const floor = (range: string) => (/>=\s*(\d+(?:\.\d+){0,2})/.exec(range)?.[1] ?? "0").split(".").map(Number);
  const atLeast = (a: number[], b: number[]) => (a[0] ?? 0) > (b[0] ?? 0) || ((a[0] ?? 0) === (b[0] ?? 0) && ((a[1] ?? 0) > (b[1] ?? 0) || ((a[1] ?? 0) === (b[1] ?? 0) && (a[2] ?? 0) >= (b[2] ?? 0))));
  for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})]) {
    const engines = JSON.parse(fs.readFileSync(path.join(repo, "node_modules", dep, "package.json"), "utf8")).engines?.node;
    if (engines) expect({ dep, ok: atLeast(floor(pkg.engines.node), floor(engines)) }).toEqual({ dep, ok: true });
  }
});

test.each([
  ["20.20.2", true], ["22.12.0", true], ["22.18.9", true], ["22.19.0", false], ["22.23.3", false], ["24.1.0", false],
])("Node.js %s is refused: %s", (version, refused) => {
  expect(nodeVersionProblem(version) !== undefined).toBe(refused);
});

// The machine's own older Node.js (Debian's), when there is one: the real first lines a user sees.
const systemNode = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => fs.existsSync(p));
const oldNode = systemNode && nodeVersionProblem(spawnSync(systemNode, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim()) ? systemNode : undefined;
(oldNode ? test : test.skip)("on an older Node.js: our commands print one line, a program gets one error line", () => {
  const cli = spawnSync(oldNode!, [path.join(repo, "dist", "drift", "cli.js"), "--help"], { encoding: "utf8" });
  expect(cli.status).toBe(1);
  expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^pulumi-polardb needs Node\.js >= 22\.19\.0 .*this is Node\.js \d+/)]);
  const lib = spawnSync(oldNode!, ["-e", `try { require(${JSON.stringify(path.join(repo, "dist", "index.js"))}) } catch (e) { console.log(e.stack) }`], { encoding: "utf8" });
  expect(lib.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^Error: pulumi-polardb needs Node\.js >= 22\.19\.0/)]);
  expect(lib.stderr).not.toMatch(/bind/);
});
