/**
 * The emulator's cloud state: plain JSON (so save/load is a JSON round trip) plus the queue of
 * scheduled transitions. Transitions are lazy: nothing runs on a timer; every request first
 * settles the transitions whose time has come on the (scalable, injectable) clock.
 */
import type { MaintenanceEvent } from "./cluster-settings";

export interface Node {
  DBNodeId: string; DBNodeClass: string; DBNodeRole: "Writer" | "Reader"; DBNodeStatus: string;
  ZoneId: string; CreationTime: string; FailoverPriority: number;
  /** Column store (CreateDBNodes' ImciSwitch); absent on nodes saved by older emulators. */
  ImciSwitch?: "ON" | "OFF";
  /** MySQL's failover with hot replica (ModifyDBNodeHotReplicaMode); absent: OFF. */
  HotReplicaMode?: string;
}

export interface Account {
  AccountName: string; AccountType: "Normal" | "Super"; AccountStatus: string; AccountDescription: string;
  /** ModifyAccountLockState's: Lock / UnLock (absent on accounts saved by older emulators: UnLock), and the password's expiry. */
  AccountLockState?: string; AccountPasswordValidTime?: string;
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
  /** DescribeLogBackupPolicy's fields (LogBackupRetentionPeriod …), as strings. */
  logBackupPolicy: Record<string, string>;
  /** `Enable` or `Disabled`, the seed's spellings. */
  auditLog: string;
  maintenance: MaintenanceEvent[];
  ownerKey: string;
  /** CreateDBCluster options kept as given (§6.1); absent on clusters saved by older emulators. */
  options?: {
    CreationOption: string; SourceResourceId?: string; CloneDataPoint?: string; GDNId?: string;
    /** PostgreSQL / Oracle only; once true it stays true (TDE cannot be turned off). */
    TDEStatus: boolean; DBMinorVersion?: string; TargetMinorVersion?: string; DefaultTimeZone?: string; LowerCaseTableNames?: string; ParameterGroupId?: string;
  };
  /** MigrationFromRDS: the new cluster is read-only with binlog on (§6.1). */
  readOnly?: boolean;
  /** ModifyAutoRenewAttribute's settings (§6.10.1); Prepaid clusters only. */
  renewal?: { RenewalStatus: string; Duration: number; PeriodUnit: string };
  /** PolarProxy and the node specification type (polardb/network-proxy.ts); absent on clusters saved by older emulators. */
  network?: { ProxyType: string; ProxyClass?: string; SubCategory: string };
  /** PostgreSQL's DynamoDB compatibility (polardb/dynamodb.ts): ON or OFF (absent: OFF). */
  dynamoDB?: string;
  /** Agile serverless (born so) or steady serverless (switched on); its DescribeDBClusterServerlessConf fields as strings (polardb/serverless-storage.ts). */
  serverless?: { type: "AgileServerless" | "SteadyServerless"; conf: Record<string, string> };
  /** Storage (polardb/serverless-storage.ts); absent on clusters saved by older emulators: PSL5 billed by use. */
  storage?: { type: string; spaceGb: number; payType: string; iops: number; bursting: boolean; compress: string };
  /** TDE turned on by ModifyDBClusterTDE (or at creation: options.TDEStatus), with its settings (polardb/encryption-availability.ts). */
  tde?: { EncryptionKey: string; RoleArn: string; EncryptNewTables: string; AutomaticRotation: string };
  /** The hot standby cluster: mode OFF / ON / EQUAL / 3AZ and its zone; absent: OFF. */
  hotStandby?: { mode: string; standbyZone: string; strictConsistency: string };
  /** The running kernel revision's code (imci-version.ts); absent: the engine's default revision. */
  revision?: string;
}

/** A task planned with PlannedStartTime (seed 003 §17): DescribeScheduleTasks / CancelScheduleTasks. */
export interface ScheduleTask {
  TaskId: string; Action: string; DBClusterId: string; Region: string; OrderId?: string; ownerKey: string;
  /** As the caller gave them (epoch ms). */
  PlannedStartTime: number; PlannedEndTime: number;
  /** Emulator times: the window on the scaled clock (start = request time + (planned start − request time) × scale). */
  fireAt: number; fireUntil: number;
  /** pending | executing | finish | cancel | expired | failure (derived from the times where possible). */
  Status: string;
  /** When the started operation ends (executing until then, finish after). */
  doneAt?: number;
  args: Record<string, unknown>;
}

/** A backup set (seed 003 §14); kept after its cluster is deleted as BackupRetentionPolicyOnClusterDeletion says. */
export interface Backup {
  BackupId: string; BackupJobId: string; DBClusterId: string; BackupMode: "Automated" | "Manual";
  startedAt: number; endsAt: number; BackupSetSize: number;
}

/** A global IP whitelist template (polardb/network-proxy.ts): per region and account, linked to clusters. */
export interface GlobalIpGroup { GlobalSecurityGroupId: string; GlobalIgName: string; GIpList: string; RegionId: string; DBInstances: string[]; ownerKey: string }

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
  scheduleTasks: ScheduleTask[];
  backups: Backup[];
  globalIpGroups?: GlobalIpGroup[];
  rds?: unknown;
  /** Custom parameter templates (CreateParameterGroup); absent in stores saved before them. */
  parameterGroups?: ParameterGroup[];
  /** Global Database Networks by id (CreateGlobalDatabaseNetwork); absent in stores saved before them. */
  gdns?: Record<string, Gdn>;
}

/** A custom parameter template of a region (the system templates are computed, never stored). */
export interface ParameterGroup {
  ParameterGroupId: string; RegionId: string; ParameterGroupName: string; ParameterGroupDesc: string;
  DBType: string; DBVersion: string; CreateTime: string; parameters: Record<string, string>; ownerKey?: string;
}

/**
 * A Global Database Network. Its statuses are lazy, by time: creating until `activeAt`, locked
 * while a switch-over runs (until `switchAt`, when `switchTo` becomes the primary), deleting from
 * `deletingAt` until `goneAt`. Members are cluster ids (the primary first); gone clusters drop out.
 */
export interface Gdn {
  GDNId: string; GDNDescription: string; DBType: string; DBVersion: string; CreateTime: string; ResourceGroupId: string;
  primary: string; members: string[]; activeAt: number; switchAt?: number; switchTo?: string; deletingAt?: number; goneAt?: number;
  ownerKey?: string;
}

export function emptyStore(): StoreData {
  return { clusters: {}, transitions: [], tasks: [], clientTokens: {}, counter: 0, scheduleTasks: [], backups: [] };
}
