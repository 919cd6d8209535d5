/**
 * PostgreSQL's DynamoDB compatibility (SDK 9.2.1 EnableDBClusterDynamoDB / DisableDBClusterDynamoDB,
 * DBClusterId only; DescribeDBClusterAttribute's DynamoDB "ON"/"OFF", which Terraform reads). The
 * reference's prerequisites: PolarDB for PostgreSQL 14, not serverless; other engines are refused
 * (EngineNotSupported), other versions and serverless classes too (EngineVersionNotSupported /
 * InvalidParameter). The switch is a configuration change: the cluster is ConfigSwitching (what
 * Terraform waits through), then Running with the new value. Asking for the value it has is a
 * no-op. The default DynamoDB endpoint the cloud adds is not modelled.
 */
import { codes } from "../codes";
import type { Cluster } from "../state";
import type { Area, PolarContext } from "./context";

const SWITCH_MS = 60_000;

export function dynamoDbArea(ctx: PolarContext): Area {
  const { after, schedule, runningCluster } = ctx;
  const toggle = (on: boolean) => (p: Record<string, string>) => {
    const c = runningCluster(p);
    if (c.DBType !== "PostgreSQL") throw codes.engineNotSupported();
    if (c.DBVersion !== "14") throw codes.engineVersionNotSupported();
    if (c.DBNodeClass.includes(".sl.")) throw codes.invalidParameter("DBClusterId");
    if ((c.dynamoDB ?? "OFF") === (on ? "ON" : "OFF")) return {};
    c.DBClusterStatus = "ConfigSwitching";
    schedule({ at: after(SWITCH_MS), kind: "dynamoDbSwitched", clusterId: c.DBClusterId, args: { on } });
    return {};
  };
  return {
    actions: { EnableDBClusterDynamoDB: toggle(true), DisableDBClusterDynamoDB: toggle(false) },
    transitions: {
      dynamoDbSwitched: (c: Cluster, a) => { c.dynamoDB = a.on ? "ON" : "OFF"; c.DBClusterStatus = "Running"; },
    },
  };
}
