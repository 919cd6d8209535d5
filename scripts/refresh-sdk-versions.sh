#!/bin/sh
# Records the @pulumi/pulumi versions the user-project e2e test installs (test/sdk-versions.json):
# the one pinned in package.json's devDependencies and the newest 3.x npm serves now. The tests
# read the file and never ask the registry; run this when a new 3.x is out (then run
# `npx jest test/e2e/user-project.e2e.test.ts` and commit the file).
set -e
cd "$(dirname "$0")/.."
versions=$(npm view "@pulumi/pulumi@3" version --json)
VERSIONS="$versions" node -e '
const fs = require("fs");
const pinned = JSON.parse(fs.readFileSync("package.json", "utf8")).devDependencies["@pulumi/pulumi"];
// npm lists the versions in publication order, not by number: take the highest release (no pre-release).
const key = (v) => v.split(".").map(Number);
const newest = [JSON.parse(process.env.VERSIONS)].flat().filter((v) => /^3\.\d+\.\d+$/.test(v))
  .sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; }).pop();
if (!newest) throw new Error("npm view @pulumi/pulumi@3 listed no 3.x release");
const out = { pinned, newest3: newest, recordedAt: new Date().toISOString().slice(0, 10) };
fs.writeFileSync("test/sdk-versions.json", JSON.stringify(out, null, 2) + "\n");
console.log(`test/sdk-versions.json: pinned ${pinned}, newest 3.x ${newest}`);
'
