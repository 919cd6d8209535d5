/**
 * The resources, and the registry the provider runtime looks kinds up in (the serialized shim
 * names its kind: "Cluster" → clusterSpec). Add each new resource to both.
 */
import type { ResourceSpec } from "../provider/spec";
import { clusterSpec } from "./cluster";

export * from "./cluster";

export const specs: Record<string, ResourceSpec> = {
  Cluster: clusterSpec,
};
