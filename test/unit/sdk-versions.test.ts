/**
 * test/sdk-versions.json, the @pulumi/pulumi versions the user-project e2e test installs, agrees
 * with package.json (scripts/refresh-sdk-versions.sh rewrites it): a stale record fails here, in
 * seconds, rather than in the slow e2e run.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

test("the recorded versions: the pinned one as package.json pins it, and a 3.x release no older", () => {
  const recorded = read("test/sdk-versions.json");
  const pinned = read("package.json").devDependencies["@pulumi/pulumi"];
  expect(recorded.pinned).toBe(pinned);
  expect(recorded.newest3).toMatch(/^3\.\d+\.\d+$/);
  const [, minorNewest, patchNewest] = recorded.newest3.split(".").map(Number);
  const [, minorPinned, patchPinned] = pinned.split(".").map(Number);
  expect(minorNewest > minorPinned || (minorNewest === minorPinned && patchNewest >= patchPinned)).toBe(true);
});
