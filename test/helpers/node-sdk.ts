/**
 * The generated Node.js SDK (sdk/nodejs, from scripts/generate-sdks.sh) as users get it: compiled
 * (tsc, in place: @pulumi/pulumi and @types/node resolve from the repo) and packed into a tarball
 * that a project installs with `npm install <tarball>` (copied, not linked: one @pulumi/pulumi).
 * Cached by the SDK's digest.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./pulumi-cli";

const cacheRoot = () => process.env.POLARDB_TOOLCHAIN_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-polardb");

/** The tarball of the compiled Node SDK of `sdk` (the dir generate-sdks.sh printed). */
export function nodeSdkTarball(sdk: string): string {
  const source = path.join(sdk, "nodejs");
  const digest = createHash("sha256").update(fs.readFileSync(path.join(sdk, ".schema-sha256"))).digest("hex").slice(0, 16);
  const dest = path.join(cacheRoot(), `node-sdk-${digest}`);
  const done = path.join(dest, ".tarball");
  if (fs.existsSync(done)) return fs.readFileSync(done, "utf8");
  const out = path.join(source, "bin");
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(path.join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", path.join(source, "tsconfig.json")], { stdio: ["ignore", "inherit", "inherit"], timeout: 10 * 60_000 });
  const pkg = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
  delete pkg.scripts;
  delete pkg.devDependencies;
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ ...pkg, main: "index.js", types: "index.d.ts" }, null, 2));
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dest], { cwd: out, encoding: "utf8" }).trim().split("\n").pop()!;
  const tarball = path.join(dest, name);
  fs.writeFileSync(done, tarball);
  return tarball;
}
