/**
 * Diff judges an unknown reference by what it can name (sameWhenUnknown): a child of a cluster's
 * own endpoint, whose endpoint id is unknown only because the cluster is being updated, plans no
 * change; the same unknown for a custom endpoint, another cluster, or with the cloud unreachable,
 * stays a change (a replacement). Real engine, real specs, the emulator as the cloud.
 */
import { makeProvider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { UNKNOWN } from "../../provider/spec";
import { clusterSslSpec } from "../../resources/cluster-ssl";
import { endpointAddressSpec } from "../../resources/endpoint-address";
import { FAST, runningCluster } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let clusterId: string;
let primary: string;
let custom: string;

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  clusterId = await runningCluster("MySQL", "judged");
  await emu.client.request("CreateDBClusterEndpoint", { DBClusterId: clusterId, EndpointType: "Custom", ReadWriteMode: "ReadOnly" });
  const items = (await emu.client.request<any>("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items as Array<{ DBEndpointId: string; EndpointType: string }>;
  primary = items.find((e) => e.EndpointType === "Primary")!.DBEndpointId;
  custom = items.find((e) => e.EndpointType === "Custom")!.DBEndpointId;
});
afterAll(async () => { await emu?.stop(); });

const deps = () => runtimeDeps({ tuning: FAST, progress: () => undefined });

describe.each([["EndpointAddress", endpointAddressSpec, { netType: "Public", connectionStringPrefix: "judged-pub" }], ["ClusterSsl", clusterSslSpec, { netType: "Private", sslEnabled: "Enabled" }]] as const)(
  "%s", (_kind, spec, rest) => {
    const provider = makeProvider(spec as any, deps());
    const olds = (endpoint: string) => ({ dbClusterId: clusterId, dbEndpointId: endpoint, regionId: "cn-hangzhou", ...rest });

    test("the cluster's Primary endpoint, unknown while the cluster updates: no change", async () => {
      emu.emulator.resetCalls();
      const d = await provider.diff(`${clusterId}:${primary}`, olds(primary), { ...olds(primary), dbEndpointId: UNKNOWN });
      expect(d).toMatchObject({ changes: false, replaces: [] });
      expect(emu.emulator.calls()).toEqual({ DescribeDBClusterEndpoints: 1 }); // judged by one read, nothing else
    });

    test("a custom endpoint's id unknown: it may be a new endpoint, so it replaces", async () => {
      const d = await provider.diff(`${clusterId}:${custom}`, olds(custom), { ...olds(custom), dbEndpointId: UNKNOWN });
      expect(d).toMatchObject({ changes: true, replaces: ["dbEndpointId"] });
    });

    test("the cluster unknown too (being replaced): replaces without asking the cloud", async () => {
      emu.emulator.resetCalls();
      const d = await provider.diff(`${clusterId}:${primary}`, olds(primary), { ...olds(primary), dbClusterId: UNKNOWN, dbEndpointId: UNKNOWN });
      expect(d.replaces).toEqual(expect.arrayContaining(["dbClusterId", "dbEndpointId"]));
      expect(emu.emulator.calls()).toEqual({});
    });

    test("the cloud cannot be asked (our key refused): the unknown stays a replacement", async () => {
      emu.emulator.setAccessKeys([{ id: "someone-else", secret: "not-ours" }]);
      try {
        const d = await provider.diff(`${clusterId}:${primary}`, olds(primary), { ...olds(primary), dbEndpointId: UNKNOWN });
        expect(d.replaces).toEqual(["dbEndpointId"]);
      } finally { emu.emulator.setAccessKeys([{ id: "emulator-ak", secret: "emulator-secret" }]); }
    });
  });
