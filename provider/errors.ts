/**
 * The one error type of the client and the provider, and the tables that classify cloud codes.
 * Error codes appear here (and in the emulator's factories) only.
 */
export type ErrorKind =
  | "throttling" | "unavailable" | "network" | "timeout" | "busy" | "notFound" | "auth" | "invalidInput" | "other";

const BRAND = Symbol.for("pulumi-polardb.ApiError");

export interface ApiErrorFields {
  action: string;
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
  hint?: string;
  cause?: unknown;
  /** An earlier attempt of this call got no answer: it may have been carried out (see retry.ts). */
  afterLostAnswer?: boolean;
}

/**
 * `CreateDBCluster failed: InvalidParameter (HTTP 400): <message> [RequestId: …]. <hint>`
 * The brand survives duplicate copies of this module (isApiError checks it, not instanceof).
 */
export class ApiError extends Error {
  readonly action: string;
  readonly code: string;
  readonly cloudMessage: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly hint: string;
  readonly kind: ErrorKind;
  readonly afterLostAnswer: boolean;

  constructor(f: ApiErrorFields) {
    const kind = classifyCode(f.code, f.httpStatus);
    const hint = f.hint ?? CODE_HINTS[f.code] ?? (/\.Duplicate$|AlreadyExists?$/.test(f.code) ? DUPLICATE_HINT : HINTS[kind]);
    const status = f.httpStatus !== undefined ? ` (HTTP ${f.httpStatus})` : "";
    const rid = f.requestId ? ` [RequestId: ${f.requestId}]` : "";
    super(`${f.action || "request"} failed: ${f.code}${status}: ${f.message}${rid}. ${hint}`, f.cause ? { cause: f.cause } : undefined);
    this.name = "ApiError";
    this.action = f.action;
    this.code = f.code;
    this.cloudMessage = f.message;
    this.requestId = f.requestId;
    this.httpStatus = f.httpStatus;
    this.hint = hint;
    this.kind = kind;
    this.afterLostAnswer = f.afterLostAnswer ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The same error with another hint (what was done about it, what to do), every other field kept. */
export function withHint(err: ApiError, hint: string, fields: Pick<ApiErrorFields, "afterLostAnswer"> = {}): ApiError {
  return new ApiError({
    action: err.action, code: err.code, message: err.cloudMessage, requestId: err.requestId, httpStatus: err.httpStatus,
    cause: err.cause, afterLostAnswer: err.afterLostAnswer, ...fields, hint,
  });
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** Codes of our own for failures that never reached (or never came back from) the API. */
export const CLIENT_CODES = {
  timeout: "Client.Timeout",
  refused: "Client.ConnectionRefused",
  reset: "Client.ConnectionReset",
  network: "Client.NetworkError",
  invalidResponse: "Client.InvalidResponse",
  invalidParameter: "Client.InvalidParameter",
  unknownRegion: "Client.UnknownRegion",
  missingAction: "Client.MissingAction",
  missingCredentials: "Client.MissingCredentials",
  unexpectedResponse: "Client.UnexpectedResponse",
} as const;

const NOT_FOUND = new Set([
  "InvalidDBClusterId.NotFound", "InvalidDBCluster.NotFound", "Forbidden.ClusterNotFound", "InvalidDBClusterId.NotFoundError",
  "InvalidDBNodeId.NotFound", "InvalidDBNode.NotFound", "InvalidAccountName.NotFound", "InvalidAccount.NotFound",
  "InvalidDBName.NotFound", "InvalidDBEndpointId.NotFound", "InvalidDBClusterEndpoint.NotFound", "InvalidEndpointId.NotFound",
  "InvalidDBInstanceId.NotFound", "InvalidDBInstance.NotFound", "InvalidTaskId.NotFound", "InvalidDBClusterIPArrayName.NotFound",
  "ParamGroupsNotExist", "GDN.NotFound",
]);
const BUSY = new Set([
  "OperationDenied.DBClusterStatus", "IncorrectDBClusterState", "OperationDenied.LockMode", "IncorrectDBClusterLockMode",
  "OperationDenied.DBStatus", "OperationDenied.AccountStatus", "TaskConflict", "OperationDenied.TaskConflict",
  "OperationDenied.BackupJobExists", // one backup job at a time: the running one finishes
]);
const AUTH = new Set([
  "SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "IncompleteSignature",
  "InvalidSecurityToken.Expired", "InvalidSecurityToken.Malformed", "InvalidSecurityToken.MismatchWithAccessKey",
  "Forbidden.RAM", "Forbedden.NotSupportRAM", "ActionUnauthorized", "IllegalTimestamp", "SignatureNonceUsed",
  CLIENT_CODES.missingCredentials,
]);
const UNAVAILABLE = new Set(["ServiceUnavailable", "InternalError", "UnknownError", "Service.Unavailable"]);

export function classifyCode(code: string, httpStatus?: number): ErrorKind {
  if (code.startsWith("Throttling")) return "throttling";
  if (code === CLIENT_CODES.timeout) return "timeout";
  if (code === CLIENT_CODES.refused || code === CLIENT_CODES.reset || code === CLIENT_CODES.network) return "network";
  if (NOT_FOUND.has(code)) return "notFound";
  if (BUSY.has(code)) return "busy";
  if (AUTH.has(code)) return "auth";
  if (UNAVAILABLE.has(code) || (httpStatus !== undefined && httpStatus >= 500)) return "unavailable";
  if (code.startsWith("Client.") || code.startsWith("Invalid") || code.startsWith("Missing") || code.endsWith(".Malformed")) return "invalidInput";
  return "other";
}

export function classify(err: unknown): ErrorKind {
  return isApiError(err) ? err.kind : "other";
}
export const isNotFound = (err: unknown) => classify(err) === "notFound";
export const isBusy = (err: unknown) => classify(err) === "busy";

/**
 * Codes whose cloud message misleads (the reference's own wording, kept by the cloud and the
 * emulator alike): the hint says what the code really means.
 */
const CODE_HINTS: Record<string, string> = {
  "InvalidRegionId.NotFound": "The region is not one that PolarDB serves (the cloud's message for this code speaks of a DBClusterId; that is the API reference's own wording). "
    + "Check regionId, stack config polardb:region or ALIBABA_CLOUD_REGION_ID against polardb.getRegions().",
  IllegalTimestamp: "The request's Timestamp was refused, so this machine's clock is probably more than 15 minutes off (the cloud's message says the parameter is not supplied; "
    + "that is the API reference's own wording). Synchronise the clock (NTP) and retry.",
  SignatureNonceUsed: "The request's SignatureNonce was seen before (a replayed request); retry, which sends a new one.",
  "MemberNumber.NotSupport": "The Global Database Network still holds secondary clusters (DeleteGlobalDatabaseNetwork deletes a GDN that holds its primary cluster only; "
    + "a switch-over needs a secondary). Delete the secondary clusters first — a Cluster declared with `gdnId: gdn.id` is destroyed before its GDN — or remove them "
    + "from the GDN in the console (RemoveDBClusterFromGDN), then run `pulumi destroy` (or `up`) again.",
  "OperationDenied.DBClusterPayType": "The cluster's billing does not allow this: DeleteDBCluster releases pay-as-you-go (Postpaid) clusters only — a subscription "
    + "ends when it expires, or a Cluster with convertToPostpaidOnDestroy: true converts it first — and TransformDBClusterPayType needs the other payType than the cluster has.",
  "OperationDenied.GlobalSecurityIPGroupInUse": "A cluster is still linked to this global IP whitelist template: remove the template from every Cluster's globalSecurityGroupList (DescribeGlobalSecurityIPGroup's DBInstances lists them), run `pulumi up`, then delete it.",
};

const DUPLICATE_HINT = "Something of this name already exists that this stack did not make (one it made earlier would have been recognised). Choose another name, or delete the existing one first.";

const HINTS: Record<ErrorKind, string> = {
  throttling: "The API throttled the request (Alibaba Cloud limits calls per API and account). Lower --parallel, or retry later.",
  unavailable: "The service failed or is unavailable; retry later. If it persists, check the Alibaba Cloud status page.",
  network: "Check the endpoint URL and network (ALIBABA_CLOUD_POLARDB_ENDPOINT / polardb:endpoint) and retry.",
  timeout: "The request timed out; retry, or raise the client timeout.",
  busy: "The cluster is busy with another operation; wait until it is Running and retry.",
  notFound: "Check the id and the region (ALIBABA_CLOUD_REGION_ID / polardb:region).",
  auth: "Check the access key pair, the security token and the system clock.",
  invalidInput: "Fix the named parameter and retry.",
  other: "See the message; the RequestId identifies the call for Alibaba Cloud support.",
};
