/** The public `Cluster` resource class (its arguments: ClusterArgs in ../args.ts, generated from the schema in ../cluster.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { ClusterArgs } from "../args";
import { clusterInputs } from "../cluster";
import { slots } from "../common";
import { VERSION_OUTPUTS } from "../cluster-version";

export type { ClusterArgs } from "../args";

export interface ClusterNode { dbNodeId: string; dbNodeClass?: string; role?: string; status?: string; zoneId?: string; imciSwitch?: string }
/** A revision the cluster can be upgraded to (DescribeDBClusterVersion's DBRevisionVersionList). */
export interface ClusterRevision { revisionVersionCode: string; revisionVersionName?: string; releaseType?: string; releaseNote?: string }
export interface ClusterAddress { connectionString?: string; port?: string; netType?: string; ipAddress?: string }
/** One of `Cluster.endpoints` (was named ClusterEndpoint, now the name of the resource class). */
export interface ClusterEndpointItem { dbEndpointId: string; endpointType?: string; addresses: ClusterAddress[] }

const SLOTS = slots(clusterInputs, ["status", "lockMode", "creationTime", "zoneIds", "dbNodes", "endpoints", "connectionString", "port", "clusterEndpointId",
  "primaryEndpointId", "primaryConnectionString", "dbClusterId", "scheduledChanges", "expireTime", ...VERSION_OUTPUTS]);

/** A change waiting for its window (see `plannedWindow`). */
export interface ScheduledClusterChange {
  action: string; targets: { [field: string]: unknown }; window: string; plannedStart: string; plannedEnd: string; taskId?: string;
  /** The cloud's status: pending, executing, finish, failure, cancel, expired, rollback. */
  status: string;
}

export class Cluster extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbType: pulumi.Output<string>;
  declare readonly dbVersion: pulumi.Output<string>;
  declare readonly dbNodeClass: pulumi.Output<string>;
  declare readonly payType: pulumi.Output<string>;
  declare readonly zoneId: pulumi.Output<string | undefined>;
  declare readonly vpcId: pulumi.Output<string | undefined>;
  declare readonly vswitchId: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly maintainTime: pulumi.Output<string | undefined>;
  declare readonly deletionLock: pulumi.Output<boolean | undefined>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  declare readonly liftDeletionLockOnDestroy: pulumi.Output<boolean | undefined>;
  /** Cluster status as the cloud reports it (Running once `pulumi up` finished). */
  declare readonly status: pulumi.Output<string>;
  declare readonly lockMode: pulumi.Output<string | undefined>;
  declare readonly creationTime: pulumi.Output<string | undefined>;
  declare readonly zoneIds: pulumi.Output<string[]>;
  declare readonly dbNodes: pulumi.Output<ClusterNode[]>;
  /** The cluster's own endpoints (Cluster and Primary) with their addresses. */
  declare readonly endpoints: pulumi.Output<ClusterEndpointItem[]>;
  /** The default cluster endpoint (read/write splitting), e.g. for an EndpointAddress. */
  declare readonly clusterEndpointId: pulumi.Output<string>;
  /** The primary endpoint (the writer). */
  declare readonly primaryEndpointId: pulumi.Output<string>;
  /** The private address of the cluster endpoint (read/write splitting). */
  declare readonly connectionString: pulumi.Output<string | undefined>;
  declare readonly port: pulumi.Output<string | undefined>;
  declare readonly primaryConnectionString: pulumi.Output<string | undefined>;
  /** Changes registered to run in `plannedWindow`: action, target values, window, the cloud's task id and status. */
  declare readonly scheduledChanges: pulumi.Output<ScheduledClusterChange[] | undefined>;
  declare readonly resourceGroupId: pulumi.Output<string | undefined>;
  declare readonly renewalStatus: pulumi.Output<string | undefined>;
  /** A subscription's (Prepaid) end, as the cloud reports it; undefined for pay-as-you-go. */
  declare readonly expireTime: pulumi.Output<string | undefined>;
  /** The edition, PolarProxy and node type, security groups and linked global IP whitelist templates, as the cloud reports them. */
  declare readonly creationCategory: pulumi.Output<string | undefined>;
  declare readonly proxyType: pulumi.Output<string | undefined>;
  declare readonly proxyClass: pulumi.Output<string | undefined>;
  declare readonly subCategory: pulumi.Output<string | undefined>;
  declare readonly securityGroupIds: pulumi.Output<string[]>;
  declare readonly globalSecurityGroupList: pulumi.Output<string[]>;
  /** TDE and the hot standby as the cloud reports them (DescribeDBClusterTDE, DescribeDBClusterAttribute). */
  declare readonly tdeStatus: pulumi.Output<boolean | undefined>;
  declare readonly encryptionKey: pulumi.Output<string | undefined>;
  declare readonly hotStandbyCluster: pulumi.Output<string | undefined>;
  declare readonly standbyAz: pulumi.Output<string | undefined>;
  /** The kernel revision the cluster runs, by name (e.g. "8.0.1.1.46"; DescribeDBClusterVersion). */
  declare readonly dbRevisionVersion: pulumi.Output<string | undefined>;
  /** The revisions it can be upgraded to: codes for `targetDbRevisionVersionCode`. */
  declare readonly dbRevisionVersionList: pulumi.Output<ClusterRevision[]>;
  declare readonly minorVersion: pulumi.Output<string | undefined>;
  /** Stable, Old, HighRisk or Beta: the cloud's word on the running revision. */
  declare readonly dbVersionStatus: pulumi.Output<string | undefined>;
  declare readonly dbLatestVersion: pulumi.Output<string | undefined>;
  declare readonly isLatestVersion: pulumi.Output<boolean | undefined>;
  declare readonly proxyRevisionVersion: pulumi.Output<string | undefined>;
  /** ON while the cluster has a column-store (IMCI) node. */
  declare readonly imciSwitch: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh object each time: the base class adds __provider to the props it is given.
    // deletionLock protects the data too: a protected cluster makes `pulumi destroy` refuse before
    // it deletes anything (otherwise its accounts, databases and nodes would go first, then the
    // cluster would refuse). An explicit `protect` option wins.
    const locked = args.deletionLock === true && args.liftDeletionLockOnDestroy !== true;
    super(shimProvider("Cluster"), name, { ...SLOTS, ...args, ...identityInput("Cluster", name, opts) },
      { ...opts, protect: opts?.protect ?? (locked || undefined) }, "polardb", "Cluster");
  }

  /** Reads an existing cluster without managing it: `Cluster.get("orders", "pc-…")`. To manage it, declare it with `adopt: "pc-…"`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Cluster {
    return new Cluster(name, {} as ClusterArgs, { ...opts, id });
  }
}
