/**
 * The two failures the engine raises that callers tell apart by type: a create that left an
 * object behind (the hosts record it), and a resource the cloud reports as failed.
 */
import { Props } from "../spec";

/** The error shape the dynamic-provider host turns into "created, but failed to initialise". */
export class PartialCreateError extends Error {
  constructor(readonly id: string, readonly properties: Props, readonly reasons: string[]) {
    super(`${reasons.join("; ")} (the resource exists as ${id} and is recorded in the state; the next \`pulumi up\` continues from it)`);
    this.name = "PartialCreateError";
  }
}

/** The cloud reports the resource itself failed (spec.failed, a failed task): waiting longer cannot help. */
export class ResourceFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResourceFailedError";
  }
}
