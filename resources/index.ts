/**
 * The registry the provider runtime looks kinds up in (the serialized shim names its kind:
 * "Cluster" → clusterSpec). A new resource goes here, its file in SOURCES (scripts/generate-args.ts)
 * and its class's file in ./classes/index.ts; `npm run generate` writes the class.
 */
import type { ResourceSpec } from "../provider/spec";
import { accountSpec } from "./account";
import { clusterSpec } from "./cluster";
import { databaseSpec } from "./database";
import { endpointSpec } from "./endpoint";
import { nodeSpec } from "./node";
import { whitelistSpec } from "./whitelist";
import { endpointAddressSpec } from "./endpoint-address";
import { clusterParametersSpec } from "./cluster-parameters";
import { backupPolicySpec } from "./backup-policy";
import { clusterSslSpec } from "./cluster-ssl";
import { sqlCollectorSpec } from "./sql-collector";
import { cloudMigrationTaskSpec } from "./cloud-migration-task";
import { backupSpec } from "./backup";
import { globalSecurityIpGroupSpec } from "./global-security-ip-group";
import { clusterEndpointSpec, primaryEndpointSpec } from "./own-endpoints";
import { parameterGroupSpec } from "./parameter-group";
import { globalDatabaseNetworkSpec } from "./global-database-network";

export const specs: Record<string, ResourceSpec> = {
  Cluster: clusterSpec,
  Node: nodeSpec,
  Endpoint: endpointSpec,
  Account: accountSpec,
  Database: databaseSpec,
  Whitelist: whitelistSpec,
  EndpointAddress: endpointAddressSpec,
  ClusterParameters: clusterParametersSpec,
  BackupPolicy: backupPolicySpec,
  ClusterSsl: clusterSslSpec,
  SqlCollector: sqlCollectorSpec,
  CloudMigrationTask: cloudMigrationTaskSpec,
  Backup: backupSpec,
  GlobalSecurityIpGroup: globalSecurityIpGroupSpec,
  ClusterEndpoint: clusterEndpointSpec,
  PrimaryEndpoint: primaryEndpointSpec,
  ParameterGroup: parameterGroupSpec,
  GlobalDatabaseNetwork: globalDatabaseNetworkSpec,
};
