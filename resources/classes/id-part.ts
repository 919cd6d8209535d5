/**
 * Outputs that are parts of the resource's id (a node's `pc-…:pi-…`), taken from the id itself.
 * In a preview the dynamic host reports an updated resource's inputs as its outputs, so an output
 * such as `dbNodeId` would be unknown there and every child that references it would plan a
 * change (a replacement) that `up` never makes. The id is known in every preview of an update
 * and unknown exactly when the object is new or replaced — the cases where the reference changes.
 */
import type * as pulumi from "@pulumi/pulumi";

export function idPart(id: pulumi.Output<string>, index: number): pulumi.Output<string> {
  return id.apply((v) => v.split(":")[index]);
}
