// pulumi-polardb: the public surface.
export { PolarDBClient, RdsClient, RpcClient, POLARDB, RDS } from "./provider/client";
export type { ClientOptions, RequestOptions, Credentials, ProductSpec } from "./provider/client";
export { ApiError, isApiError, classify, isNotFound, isBusy } from "./provider/errors";
export type { ErrorKind } from "./provider/errors";
export { resolveCredentials } from "./provider/credentials";
export { resolveSettings } from "./provider/config";
// Resources (Cluster, …): the dynamic resources and their specs.
export * from "./resources";
// Read-only functions (regions, clusters, tasks, seed 002's upgrade tasks).
export { getRegions, getClusters, getTasks, getUpgradeMajorVersionTasks } from "./provider/functions";
export type { Region, ClusterSummary, Task, UpgradeMajorVersionTask, FunctionOptions } from "./provider/functions";
