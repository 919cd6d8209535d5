/**
 * The cloud errors of the seed RDS actions (seeds 004, 001, 002) and of PolarDB's
 * GenerateUpgradeReportForSyncClone (seed 000), as one table: Code, HTTP status and Message
 * exactly as the seeds (and, for the PolarDB codes, the PolarDB reference tables) print them.
 * No error code of this part is written anywhere else.
 */
import { EmulatorError } from "../errors";

const RDS = {
  // seed 004 (CreateCloudMigrationTask), verbatim
  instanceState: ["IncorrectDBInstanceState", 400, "The current instance state does not support this operation."],
  instanceUnsupported: ["IncorrectDBInstance", 403, "The current DB instance does not support this operation."],
  instanceEngine: ["IncorrectDBInstanceType", 403, "The database instance type does not support the operation."],
  instanceNameNotFound: ["InvalidDBInstanceName.NotFound", 404, "The database instance does not exist."],
  instanceLocked: ["IncorrectDBInstanceLockMode", 404, "Current DB instance lock mode does not support this operation."],
  // seeds 001/002 (the RDS error list), verbatim
  instanceIdNotFound: ["InvalidDBInstanceId.NotFound", 400, "The DBInstanceId provided does not exist in records."],
  engineTypeUnsupported: ["InvalidDBInstanceEngineType.Format", 400, "the DB instance engine type does not support this operation."],
  requiredParam: ["RequiredParam.NotFound", 400, "Required input param is not found."],
  parametersInvalid: ["Parameters.Invalid", 400, "Parameter error, please check the parameters."],
} as const satisfies Record<string, readonly [string, number, string]>;

export type RdsErrorName = keyof typeof RDS;

export function rdsError(name: RdsErrorName): EmulatorError {
  const [code, status, message] = RDS[name];
  return new EmulatorError(code, message, status);
}

/** PolarDB's documented codes (polardb-part1 §10.1 common table and the per-API tables). */
export const polardbErrors = {
  missingParameter: (name: string) =>
    new EmulatorError("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400),
  valueNotSupported: (name: string) => new EmulatorError(`Invalid${name}.ValueNotSupported`, `The specified parameter "${name}" is not valid.`, 400),
  malformed: (name: string) => new EmulatorError(`Invalid${name}.Malformed`, `The specified parameter "${name}" is not valid.`, 400),
  clusterNotFound: () => new EmulatorError("InvalidDBCluster.NotFound", "The DBClusterId provided does not exist in our records.", 404),
  differentEngine: () => new EmulatorError("OperationDenied.Engine", "The operation is not permitted due to different engine.", 403),
};
