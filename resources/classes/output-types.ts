/**
 * The object types of the resource classes' outputs (`Cluster.dbNodes: ClusterNode[]`), named by
 * the `type` of an output in a resource's spec (ResourceSpec.outputs). Plain interfaces: no zod.
 */

/** One of `Cluster.dbNodes`. */
export interface ClusterNode { dbNodeId: string; dbNodeClass?: string; role?: string; status?: string; zoneId?: string; imciSwitch?: string }
/** A revision the cluster can be upgraded to (DescribeDBClusterVersion's DBRevisionVersionList). */
export interface ClusterRevision { revisionVersionCode: string; revisionVersionName?: string; releaseType?: string; releaseNote?: string }
export interface ClusterAddress { connectionString?: string; port?: string; netType?: string; ipAddress?: string }
/** One of `Cluster.endpoints` (was named ClusterEndpoint, now the name of the resource class). */
export interface ClusterEndpointItem { dbEndpointId: string; endpointType?: string; addresses: ClusterAddress[] }

/** A change waiting for its window (see `plannedWindow`). */
export interface ScheduledClusterChange {
  action: string; targets: { [field: string]: unknown }; window: string; plannedStart: string; plannedEnd: string; taskId?: string;
  /** The cloud's status: pending, executing, finish, failure, cancel, expired, rollback. */
  status: string;
}

/** One of `Database.accounts`. */
export interface DatabaseGrant { accountName: string; accountPrivilege?: string; privilegeStatus?: string }

/** One of an endpoint's `addresses` (Endpoint, ClusterEndpoint, PrimaryEndpoint). */
export interface EndpointAddressItem { connectionString?: string; port?: string; netType?: string; ipAddress?: string; vpcId?: string; vswitchId?: string }

/** One cluster of the GDN, as DescribeGlobalDatabaseNetwork lists it. */
export interface GdnCluster { dbClusterId: string; regionId?: string; role?: "primary" | "standby" | string; status?: string; replicaLagSeconds?: number }
