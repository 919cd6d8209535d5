// pulumi-polardb: the public surface.
import "./provider/node-version"; // first: a clear message on a Node.js too old for our dependencies
export { PolarDBClient, RdsClient, RpcClient, POLARDB, RDS, STS } from "./provider/client";
export type { ClientOptions, RequestOptions, Credentials, ProductSpec } from "./provider/client";
export { ApiError, isApiError, classify, isNotFound, isBusy } from "./provider/errors";
export type { ErrorKind } from "./provider/errors";
export { resolveCredentials, planCredentials } from "./provider/credentials";
export type { CredentialPlan, AssumeRoleSettings, CredentialSources } from "./provider/credentials";
export { credentialProviderFor } from "./provider/credential-provider";
export type { CredentialProvider } from "./provider/credential-provider";
export { resolveSettings } from "./provider/config";
// Resources (Cluster, …) and their arguments (ClusterArgs, …): plain classes and interfaces.
export * from "./resources/classes";
export type * from "./resources/args";
// Functions: reads (regions, clusters, tasks, available resources, maintenance, migrations,
// seed 002's upgrade tasks) and two explicit actions (seed 000's report, rescheduling).
export {
  getRegions, getClusters, getTasks, getUpgradeMajorVersionTasks, getAvailableResources, getPendingMaintenanceEvents,
  getPendingMaintenanceCounts, reschedulePendingMaintenance, generateUpgradeReportForSyncClone, getCloudMigrationTasks, MAINTENANCE_TASK_TYPES,
} from "./provider/functions";
// A cluster's backup sets, and actions for scripts and runbooks (restart a node, fail over): they wait.
export { getBackups, restartNode, failoverCluster } from "./provider/cluster-actions";
export type { BackupSummary, ActionOptions } from "./provider/cluster-actions";
// Switching a Global Database Network over to a secondary cluster: an action for scripts, it waits.
export { switchOverGlobalDatabaseNetwork } from "./provider/gdn-actions";
export type { SwitchOverOptions } from "./provider/gdn-actions";
// The same reads taking Inputs and returning Outputs (getXOutput), for use inside programs.
export {
  getRegionsOutput, getClustersOutput, getTasksOutput, getAvailableResourcesOutput, getPendingMaintenanceEventsOutput,
  getPendingMaintenanceCountsOutput, getUpgradeMajorVersionTasksOutput, getCloudMigrationTasksOutput, outputForm,
} from "./provider/function-outputs";
export type {
  Region, ClusterSummary, Task, UpgradeMajorVersionTask, FunctionOptions, AvailableResource, MaintenanceEvent, MaintenanceTaskType,
  UpgradeReportRequest, CloudMigrationTaskSummary,
} from "./provider/functions";
