/**
 * A Prepaid stack has a defined end (issue 20), with the real CLI: `pulumi destroy` of two
 * subscription clusters succeeds. The one with `convertToPostpaidOnDestroy: true` is converted to
 * pay-as-you-go and deleted; the other is left running in the cloud, removed from the state, and
 * the warning on its resource (once, no stack trace) says what happened and what to do.
 */
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";

jest.setTimeout(10 * 60_000);

const program = `
const polardb = require("pulumi-polardb");
const common = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large", zoneId: "cn-hangzhou-h", payType: "Prepaid", period: 1 };
const ending = new polardb.Cluster("ending", { ...common, description: "ends with the stack", convertToPostpaidOnDestroy: true });
const kept = new polardb.Cluster("kept", { ...common, description: "runs until it expires" });
exports.ending = ending.id;
exports.kept = kept.id;
`;

let stack: E2eStack;
beforeAll(async () => { stack = await startE2eStack("prepaid-destroy", program, { key: { id: "e2e-prepaid", secret: "e2e-prepaid-SECRET-41" }, timeScale: 0.001 }); });
afterAll(async () => { await stack?.close(); });

async function live(): Promise<Record<string, string>> {
  const body: any = await stack.client.request("DescribeDBClusters", {});
  return Object.fromEntries((body.Items?.DBCluster ?? []).map((c: { DBClusterId: string; PayType: string }) => [c.DBClusterId, c.PayType]));
}

test("destroy: the opted-in subscription is converted and deleted, the other left running with a warning on its resource", async () => {
  await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
  const { ending, kept } = JSON.parse((await stack.project.pulumi(["stack", "output", "--json"])).stdout);
  expect(await live()).toEqual({ [ending]: "Prepaid", [kept]: "Prepaid" });

  stack.emulator.resetCalls();
  const destroy = await stack.project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const calls = stack.emulator.calls();
  expect(calls.TransformDBClusterPayType).toBe(1); // the opted-in one only
  expect(calls.DeleteDBCluster).toBe(1);
  expect(await live()).toEqual({ [kept]: "Prepaid" }); // still running, still a subscription

  const out = destroy.stdout + destroy.stderr;
  const warning = new RegExp(`Cluster kept \\(${kept}\\): NOT deleted: it is a subscription \\(payType Prepaid, paid until [^)]+\\)`);
  // Said once under the resource in Diagnostics (the live rows of that resource show it too).
  const diagnostics = out.slice(out.indexOf("Diagnostics:"));
  expect(diagnostics.match(new RegExp(warning.source, "g"))).toHaveLength(1);
  expect(diagnostics).toMatch(new RegExp(`polardb:Cluster \\(kept\\):\\n\\s+warning: ${warning.source}`));
  for (const line of out.slice(0, out.indexOf("Diagnostics:")).split("\n").filter((l) => warning.test(l))) expect(line).toMatch(/polardb:Cluster kept /);
  expect(out).toContain(`adopt: "${kept}"`);
  expect(out).not.toMatch(/\n\s+at .+\(.*\.js:\d+:\d+\)/); // no stack trace for an expected outcome
  const state = await stack.project.exportStack();
  expect(state.deployment.resources?.filter((r: { type: string }) => r.type !== "pulumi:pulumi:Stack" && r.type !== "pulumi:providers:pulumi-nodejs") ?? []).toEqual([]);
});
