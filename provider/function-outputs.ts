/**
 * Output forms of the read functions, the way Pulumi providers pair `getX()` with
 * `getXOutput()`: arguments may be Inputs (another resource's outputs), and the result is an
 * Output to pass on to resources or export. One wrapper serves every function.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fn from "./functions";

type Inputs<A extends unknown[]> = { [K in keyof A]: pulumi.Input<A[K]> };

/** `f(...args)` once every argument is known. */
export function outputForm<A extends unknown[], R>(f: (...args: A) => Promise<R>): (...args: Inputs<A>) => pulumi.Output<R> {
  return (...args) => (pulumi.all(args as unknown as pulumi.Input<unknown>[]) as pulumi.Output<unknown[]>)
    .apply((known) => f(...(known as A))) as unknown as pulumi.Output<R>;
}

export const getRegionsOutput = outputForm(fn.getRegions);
export const getClustersOutput = outputForm(fn.getClusters);
export const getTasksOutput = outputForm(fn.getTasks);
export const getAvailableResourcesOutput = outputForm(fn.getAvailableResources);
export const getPendingMaintenanceEventsOutput = outputForm(fn.getPendingMaintenanceEvents);
export const getPendingMaintenanceCountsOutput = outputForm(fn.getPendingMaintenanceCounts);
export const getUpgradeMajorVersionTasksOutput = outputForm(fn.getUpgradeMajorVersionTasks);
export const getCloudMigrationTasksOutput = outputForm(fn.getCloudMigrationTasks);
