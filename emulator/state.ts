/**
 * The emulator's cloud state: plain JSON (so save/load is a JSON round trip) plus the queue of
 * scheduled transitions. Transitions are lazy: nothing runs on a timer; every request first
 * settles the transitions whose time has come on the (scalable, injectable) clock.
 */
import type { MaintenanceEvent } from "./cluster-settings";

export interface Node {
  DBNodeId: string; DBNodeClass: string; DBNodeRole: "Writer" | "Reader"; DBNodeStatus: string;
  ZoneId: string; CreationTime: string; FailoverPriority: number;
}

export interface Account {
  AccountName: string; AccountType: "Normal" | "Super"; AccountStatus: string; AccountDescription: string;
  /** Kept only to model the cloud; never returned by any Describe action. */
  passwordDigest: string;
  DatabasePrivileges: Array<{ DBName: string; AccountPrivilege: string }>;
}

export interface Database {
  DBName: string; DBStatus: string; CharacterSetName: string; DBDescription: string; Collate?: string; Ctype?: string;
  Accounts: Array<{ AccountName: string; AccountPrivilege: string }>;
}

export interface Address { NetType: "Private" | "Public"; ConnectionString: string; Port: string; IPAddress: string; VPCId: string; VSwitchId: string }

export interface Endpoint {
  DBEndpointId: string; EndpointType: "Cluster" | "Primary" | "Custom"; DBEndpointDescription?: string;
  Nodes: string; ReadWriteMode: string; AutoAddNewNodes: string; EndpointConfig: string; AddressItems: Address[];
}

export interface IpGroup { DBClusterIPArrayName: string; DBClusterIPArrayAttribute: string; SecurityIps: string }

export interface Task {
  TaskId: string; DBClusterId: string; TaskAction: string; BeginTime: number; FinishTime: number; Status?: string;
}

export interface Cluster {
  DBClusterId: string; RegionId: string; ZoneId: string; DBType: string; DBVersion: string; DBNodeClass: string;
  DBClusterDescription: string; PayType: string; VPCId: string; VSwitchId: string; DBClusterStatus: string;
  CreationTime: string; MaintainTime: string; DeletionLock: number; LockMode: string; ResourceGroupId: string;
  Category: string; AutoRenew: boolean; Period?: string; UsedTime?: string; ExpireTime?: string;
  Tags: Array<{ Key: string; Value: string }>;
  nodes: Node[]; accounts: Account[]; databases: Database[]; endpoints: Endpoint[]; ipGroups: IpGroup[];
  securityGroupIds: string[];
  /** MySQL enables SSL per endpoint (`endpoints`); PostgreSQL / Oracle for all at once. */
  ssl: { enabled: boolean; expireTime: string; autoRotate: string; endpoints: string[] };
  parameters: Record<string, string>;
  /** Values accepted by ModifyDBClusterParameters and not applied yet (ParameterStatus Modifying). */
  pendingParameters: Record<string, string>;
  backupPolicy: Record<string, string>;
  /** `Enable` or `Disabled`, the seed's spellings. */
  auditLog: string;
  maintenance: MaintenanceEvent[];
  ownerKey: string;
}

export interface Transition {
  at: number;
  /** A named step applied by the backend (see backend.ts APPLY). */
  kind: string;
  clusterId: string;
  args?: Record<string, unknown>;
}

export interface StoreData {
  clusters: Record<string, Cluster>;
  transitions: Transition[];
  tasks: Task[];
  clientTokens: Record<string, { action: string; response: Record<string, unknown> }>;
  counter: number;
  rds?: unknown;
}

export function emptyStore(): StoreData {
  return { clusters: {}, transitions: [], tasks: [], clientTokens: {}, counter: 0 };
}
