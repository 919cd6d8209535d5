/** Every native resource aliases the type its dynamic class registers, so a stack moves in place. */
import * as fs from "node:fs";
import * as path from "node:path";
import { specs } from "../../resources";

const root = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const classSources = fs.readdirSync(path.join(root, "resources", "classes")).map((f) => fs.readFileSync(path.join(root, "resources", "classes", f), "utf8")).join("\n");

test.each(Object.keys(specs))("%s aliases pulumi-nodejs:dynamic/polardb:%s, the type of its dynamic class", (kind) => {
  expect(schema.resources[`polardb:index:${kind}`].aliases).toEqual([{ type: `pulumi-nodejs:dynamic/polardb:${kind}` }]);
  // dynamic.Resource registers `pulumi-nodejs:dynamic/<module>:<type>`; the classes pass module "polardb" and the kind.
  expect(classSources).toContain(`"polardb", "${kind}")`);
});
