/**
 * The judge for a reference to a cluster's own endpoints (sameWhenUnknown in provider/spec.ts).
 * A cluster is born with its Cluster and Primary endpoints; they live as long as it does and
 * their ids never change. When the cluster is only being updated, preview gives its
 * `primaryEndpointId` as unknown, and a child (an EndpointAddress, a ClusterSsl) would read that
 * as another endpoint and plan a replacement that `up` never makes. Same cluster (its id known
 * and unchanged) + the old endpoint is one of the cluster's own ⇒ the unknown is that endpoint.
 */
import { z } from "zod";
import { Api, listOf, Props, UNKNOWN } from "../provider/spec";

const endpoints = z.looseObject({
  Items: listOf(z.looseObject({ DBEndpointId: z.string(), EndpointType: z.string().nullish() }), "DBEndpoint"),
});

export async function sameSystemEndpoint(olds: Props, news: Props, api: Api): Promise<boolean> {
  const clusterId = news.dbClusterId;
  if (typeof clusterId !== "string" || clusterId === UNKNOWN || clusterId !== olds.dbClusterId) return false;
  if (typeof olds.dbEndpointId !== "string") return false;
  const r = await api.request("DescribeDBClusterEndpoints", { DBClusterId: clusterId }, { schema: endpoints, idempotent: true });
  const old = r.Items.find((e) => e.DBEndpointId === olds.dbEndpointId);
  return old?.EndpointType === "Cluster" || old?.EndpointType === "Primary";
}
