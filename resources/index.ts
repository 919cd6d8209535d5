/**
 * The resources, and the registry the provider runtime looks kinds up in (the serialized shim
 * names its kind: "Cluster" → clusterSpec). Add each new resource to both.
 */
import type { ResourceSpec } from "../provider/spec";
import { accountSpec } from "./account";
import { clusterSpec } from "./cluster";
import { databaseSpec } from "./database";
import { endpointSpec } from "./endpoint";
import { nodeSpec } from "./node";
import { whitelistSpec } from "./whitelist";

export * from "./cluster";
export * from "./node";
export * from "./endpoint";
export * from "./account";
export * from "./database";
export * from "./whitelist";

export const specs: Record<string, ResourceSpec> = {
  Cluster: clusterSpec,
  Node: nodeSpec,
  Endpoint: endpointSpec,
  Account: accountSpec,
  Database: databaseSpec,
  Whitelist: whitelistSpec,
};
