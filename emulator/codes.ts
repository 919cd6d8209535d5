/**
 * One factory per cloud error the emulator answers, with the documented Code, HTTP status and
 * Message (seed 003 §19.1 / the digests' error tables). No error code is written elsewhere.
 */
import { EmulatorError } from "./errors";

const e = (code: string, status: number, message: string) => new EmulatorError(code, message, status);

export const codes = {
  // common / protocol
  missingParameter: (name: string) => e("MissingParameter", 400, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string) => e("InvalidParameter", 400, `The specified parameter "${name}" is not valid.`),
  invalidActionOrVersion: () => e("InvalidParameter", 400, `The specified parameter "Action or Version" is not valid.`),
  invalidAction: () => e("InvalidAction", 403, "The specified action is not valid."),
  unsupportedHttpMethod: () => e("UnsupportedHTTPMethod", 403, "This http method not supported."),
  invalidAccessKeyId: () => e("InvalidAccessKeyId.NotFound", 404, "The Access Key ID provided does not exist in our records."),
  signatureMismatch: (stringToSign: string) => e("SignatureDoesNotMatch", 400, `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`),
  incompleteSignature: () => e("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards."),
  illegalTimestamp: () => e("IllegalTimestamp", 400, `The input parameter "Timestamp" that is mandatory for processing this request is not supplied.`),
  nonceUsed: () => e("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
  invalidSecurityToken: () => e("InvalidSecurityToken.MismatchWithAccessKey", 400, "The Security Token does not match the Access Key."),
  securityTokenExpired: () => e("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired."),
  securityTokenMalformed: () => e("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed."),
  throttling: () => e("Throttling", 400, "Request was denied due to request throttling."),
  serviceUnavailable: () => e("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
  internalError: () => e("InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
  bodyTooLarge: () => e("InvalidParameter", 400, `The specified parameter "body" is not valid.`),
  malformed: (name: string) => e(`Invalid${name}.Malformed`, 400, `The specified parameter "${name}" is not valid.`),
  valueNotSupported: (name: string) => e(`Invalid${name}.ValueNotSupported`, 400, `The specified parameter "${name}" is not valid.`),

  // clusters
  clusterNotFound: () => e("InvalidDBClusterId.NotFound", 404, "The DBClusterId provided does not exist in our records."),
  clusterNotFoundAlt: () => e("InvalidDBCluster.NotFound", 404, "The DBClusterId provided does not exist in our records."),
  clusterBusy: () => e("OperationDenied.DBClusterStatus", 403, "The operation is not permitted due to Cluster status."),
  lockMode: () => e("OperationDenied.LockMode", 403, "The operation is not permitted due to lock of instance."),
  /** DeleteDBCluster's documented refusal of a subscription (Prepaid) cluster, which only expires. */
  payTypeDenied: () => e("OperationDenied.DBClusterPayType", 403, "The operation is not permitted due to the pay type of cluster."),
  deletionLocked: () => e("OperationDenied.DeletionLock", 403, "The operation is not permitted because the cluster has deletion protection enabled."),
  zoneMismatch: () => e("Location.FailedGetSubDomain", 400, "The specified regionId does not match the zoneId or the zoneId does not exist."),
  engineVersionNotAvailable: () => e("InvalidEngineVersionInRegion.NotAvailable", 403, "The EngineVersion in the Region is not available."),
  regionNotFound: () => e("InvalidRegionId.NotFound", 404, "The DBClusterId provided does not exist in our records."),

  // clones: the source's engine / version does not fit (§19.1)
  engineNotSupported: () => e("EngineNotSupported", 400, "Engine specified cannot be supported the operation.."),
  engineVersionNotSupported: () => e("EngineVersionNotSupported", 400, "EngineVersion specified cannot be replicate with the source DB Cluster."),

  // scheduled tasks (§6.9.2, §17; InvalidTaskId / IncorrectTaskStatus from §19.1, messages as printed)
  scheduleTaskExist: () => e("ScheduleTaskExist", 400, "The specified cluster already has a scheduled task."),
  taskNotFound: () => e("InvalidTaskId.NotFound", 400, "The ImportId provided does not exist in our records."),
  taskStatus: () => e("OperationDenied.IncorrectTaskStatus", 403, "The operation is not permitted due to status of import."),

  // backups (§14, §19.1)
  backupNotFound: () => e("InvalidBackupId.NotFound", 404, "The BackupId provided does not exist in our records."),
  backupStatus: () => e("OperationDenied.BackupStatus", 403, "The operation is not permitted due to type of backup."),
  backupMethod: () => e("OperationDenied.BackupMethod", 403, "The operation is not permitted method of backup."),
  backupJobExists: () => e("OperationDenied.BackupJobExists", 403, "You cannot perform this operation; a backup job exists."),
  /** §14.1 prints the message without a code; the code is §19.1's generic OperationDenied. */
  backupQuota: () => e("OperationDenied", 403, "Exceeding the daily backup times of this DB cluster"),
  startAfterEnd: () => e("InvalidStartTimeAndEndTime.Malformed", 400, "The EndTime must be later than or equal to the StartTime."),

  // TDE (ModifyDBClusterTDE's error table); a key PolarDB cannot use answers with KMS's own codes
  tdeAlreadyEnabled: () => e("InvalidTDEStatus.AlreadyEnabled", 400, "TDE has already enabled in the this cluster."),

  // nodes
  nodeNotFound: () => e("InvalidDBNodeId.NotFound", 404, "The specified DBNodeId is not found."),
  nodeQuota: () => e("QuotaExceeded.DBNodeNum", 400, "The number of nodes exceeds the quota."),
  cannotDeleteWriter: () => e("OperationDenied.DBNodeRole", 403, "The operation is not permitted due to the role of the node."),
  minNodes: () => e("OperationDenied.DBNodeNum", 403, "The cluster must keep at least one node."),
  /** UpgradeDBClusterVersion to a revision not newer than the running one (no downgrade; the emulator's spelling). */
  revisionNotNewer: () => e("OperationDenied.DBRevisionVersion", 403, "The target revision version must be newer than the current revision version of the cluster."),

  // accounts
  accountDuplicate: () => e("InvalidAccountName.Duplicate", 400, "The specified account name already exists."),
  accountKeyword: () => e("InvalidAccountName.keyword", 400, "The specified account name is a reserved keyword."),
  accountQuota: () => e("QuotaExceeded.AccountName", 400, "The number of accounts exceeds the quota."),
  accountNotFound: () => e("InvalidAccountName.NotFound", 404, "The specified account name does not exist."),
  accountStatus: () => e("OperationDenied.AccountStatus", 403, "The status of the account does not support this operation."),
  accountType: () => e("OperationDenied.AccountType", 403, "The type of the account does not support this operation."),

  // databases
  dbNameMalformed: () => e("InvalidDBName.Malformed", 400, "The specified parameter DBName is not valid."),
  dbDuplicate: () => e("InvalidDBName.Duplicate", 400, "The specified database name already exists."),
  dbKeyword: () => e("InvalidParameter.Keyword", 400, "The specified DBName is a reserved keyword."),
  dbQuota: () => e("QuotaExceeded.DBName", 400, "The number of databases exceeds the quota."),
  dbNotFound: () => e("InvalidDBName.NotFound", 404, "The specified database does not exist."),
  dbStatus: () => e("OperationDenied.DBStatus", 403, "The status of the database does not support this operation."),

  // whitelist
  securityIpsDuplicate: () => e("InvalidSecurityIPs.Duplicate", 400, "The Security IP address is not in the available range or occupied."),
  securityIpsLength: () => e("InvalidSecurityIPsLength.Malformed", 400, "The security IP address is beyond the available range or is already used."),

  // global IP whitelist templates
  globalIpGroupNotFound: () => e("InvalidGlobalSecurityGroupId.NotFound", 404, "The specified global security IP group does not exist."),
  globalIpGroupInUse: () => e("OperationDenied.GlobalSecurityIPGroupInUse", 403, "The global security IP group is associated with clusters and cannot be deleted."),
  globalIpGroupQuota: () => e("QuotaExceeded.GlobalSecurityIPGroup", 400, "The number of global security IP groups exceeds the quota."),

  // endpoints
  endpointNotFound: () => e("InvalidDBEndpointId.NotFound", 404, "The specified DBEndpointId is not found."),
  endpointQuota: () => e("QuotaExceeded.DBEndpoint", 400, "The number of custom endpoints exceeds the quota."),
  endpointNotCustom: () => e("OperationDenied.EndpointType", 403, "The operation is only supported for custom cluster endpoints."),
  addressExists: () => e("OperationDenied.NetAddressExist", 403, "The endpoint already has an address of this network type."),
  addressNotFound: () => e("InvalidNetType.NotFound", 404, "The specified NetType address does not exist."),
  primaryEndpointFixed: (name: string) => e("OperationDenied.EndpointType", 403, `The primary endpoint does not support modifying "${name}".`),
  connectionStringTaken: () => e("InvalidConnectionStringPrefix.Duplicated", 403, "The specified connection string already exists."),
  addressUnchanged: () => e("InvalidConnectionString.Duplicate", 400, "Specified connection string or port want to be modified is the same with current net type."),
  portMalformed: () => e("InvalidPort.Malformed", 400, "Specified port is not valid."),

  // parameter templates (the Terraform provider's not-found code for DescribeParameterGroup / DeleteParameterGroup)
  parameterGroupNotFound: () => e("ParamGroupsNotExist", 404, "The specified parameter group does not exist."),

  // Global Database Networks (the API reference's error tables of Create/DeleteGlobalDatabaseNetwork)
  gdnNotFound: (id: string) => e("GDN.NotFound", 404, `Failed to found GdnInstance by name:${id}`),
  gdnMemberExists: () => e("MemberIns.Exist", 400, "Specified member ins already exist."),
  gdnEngineVersion: () => e("InvalidEngineVersion.Unsupported", 400, "The specified engineVersion is not supported."),
  gdnMemberNumber: () => e("MemberNumber.NotSupport", 400, "Specified member numbers are not support."),

  // STS 2015-04-01 (the STS error-code table; OIDC failures are 401 as documented there)
  roleNotFound: (arn: string) => e("EntityNotExist.Role", 404, `The specified Role not exists: ${arn}.`),
  assumeRoleDenied: () => e("NoPermission", 403, "No permission perform sts:AssumeRole on this Role. Maybe you should check the role trust policy."),
  roleSessionName: () => e("InvalidParameter.RoleSessionName", 400, "The parameter RoleSessionName is wrongly formed."),
  durationSeconds: (max: number) => e("InvalidParameter.DurationSeconds", 400, `The Min/Max value of DurationSeconds is 15min/${max / 3600}hr.`),
  policyGrammar: () => e("InvalidParameter.PolicyGrammar", 400, "The parameter Policy has not passed grammar check."),
  externalId: () => e("InvalidParameter.ExternalId", 400, "The parameter ExternalId is wrongly formed."),
  roleArn: () => e("InvalidParameter.RoleArn", 400, "The parameter RoleArn is wrongly formed."),
  oidcProviderNotFound: () => e("AuthenticationFail.NoPermission", 401, "No such OIDC Provider registered."),
  oidcNoPermission: () => e("AuthenticationFail.NoPermission", 401, "There is no permission"),
  oidcTokenInvalid: (message: string) => e("AuthenticationFail.OIDCToken.Invalid", 401, message),
  oidcTokenSignature: () => e("AuthenticationFail.OIDCToken.InvalidSignature", 401, "OIDC token validate failed: invalid signature."),
  oidcTokenExpired: () => e("AuthenticationFail.OIDCToken.Expired", 401, "This JsonWebToken is expired."),
  oidcTokenIssuer: () => e("AuthenticationFail.OIDCToken.IssuerNotMatch", 401, "Invalid issuer."),
  oidcTokenAudience: () => e("AuthenticationFail.OIDCToken.AudienceNotMatch", 401, "Invalid audience."),

  // KMS 2016-01-20 (its common error table)
  kmsKeyNotFound: () => e("Forbidden.KeyNotFound", 404, "The specified Key is not found."),
  kmsKeyDisabled: () => e("Rejected.Disabled", 409, "The request was rejected because the key state is Disabled."),
};
