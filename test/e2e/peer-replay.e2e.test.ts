/**
 * The peer's acceptance tests, replayed (issue: "Agree with today's cloud where the peer does").
 * Terraform alicloud's PolarDB tests run against the real cloud: each step changes attributes of
 * the same resources and expects an in-place update unless the attribute is ForceNew in its
 * schema. Here every such test on clusters, endpoints, accounts, databases and backup policies
 * is translated (in our own words and inputs) into the steps of one Pulumi program, all replays
 * in ONE stack (the real CLI, the packed package, the emulator at time scale 0.001). After each
 * step: preview plans exactly what the peer implies for every resource (test/helpers/replay.ts
 * derives it from the peer's steps and ForceNew lists), `up` applies it, and the next preview is
 * empty. After the last step, refresh reads everything back from the cloud (the peer's
 * ImportStateVerify) and the preview stays empty; destroy leaves no cluster.
 *
 * Translations: the peer's db_node_count is our Node resource (one per extra reader),
 * db_cluster_ip_array entries are Whitelist resources (the "default" entry is the cluster's
 * securityIps), collector_status is SqlCollector, parameters is ClusterParameters, an endpoint's
 * ssl_enabled/net_type/ssl_auto_rotate is ClusterSsl, alicloud_polardb_account_privilege is the
 * Account's dbNames/accountPrivilege, kms_encrypted_password is the decrypted accountPassword.
 * The peer's "tags": REMOVEKEY is `tags: {}` (ours leaves tags it is not given alone).
 * Attributes we do not have are dropped per step (a comment says which); a step left with no
 * change is no step (replay() drops it).
 *
 * | peer test                                                              | replayed                                  |
 * |------------------------------------------------------------------------|-------------------------------------------|
 * | TestAccAliCloudPolarDBCluster_Update                                   | 14 of 17 steps (TDE/KMS, minor upgrade dropped) |
 * | TestAccAliCloudPolarDBCluster_UpdatePrePaid                            | 4 of 5 (storage_type/compress_storage dropped; period and renewal removed with the change to PostPaid) |
 * | TestAccAliCloudPolarDBCluster_CreateNormal                             | 7 of 11 (global IP groups, hot replica dropped) |
 * | TestAccAliCloudPolarDBCluster_Xengine                                  | all (1 distinct step)                     |
 * | TestAccAliCloudPolarDBCluster_EnableDynamoDB                           | all 3                                     |
 * | TestAccAliCloudPolarDBCluster_CreateCloneFromPolarDB                   | all (1 distinct step)                     |
 * | TestAccAliCloudPolarDBCluster_CreateCloneFromRDS                       | all (1 distinct step; RDS MySQL 8.0 source) |
 * | TestAccAliCloudPolarDBCluster_CreateMigrationFromRDS                   | all (1 distinct step; RDS MySQL 8.0 source) |
 * | TestAccAliCloudPolarDBCluster_VpcId                                    | 1 of 2 (target_db_revision_version_code dropped) |
 * | TestAccAliCloudPolarDBCluster_TargetMinorVersion                       | 1 (PostgreSQL 16; target_minor_version dropped) |
 * | TestAccAliCloudPolarDBCluster_CreateDBCluster                          | 3 of 5 distinct (storage_type dropped)    |
 * | TestAccAliCloudPolarDBEndpointConfigUpdate                             | 6 of 9 (private address prefix/port dropped; one node on a ReadWrite endpoint left out) |
 * | TestAccAliCloudPolarDBEndpointConfigUpdate_SslConnectionString…        | 4 of 5 (private address prefix dropped)   |
 * | TestAccAliCloudPolarDBClusterEndpointConfigUpdate                      | 2 of 9: the SSL step (the Cluster endpoint's own settings and private address dropped) |
 * | TestAccAliCloudPolarDBClusterEndpointConfigUpdate_SslConnectionString… | 2 of 5: the SSL step (same)               |
 * | TestAccAliCloudPolarDBPrimaryEndpointConfigUpdate                      | 2 of 5: the SSL step (Primary endpoint description, private address dropped) |
 * | TestAccAliCloudPolarDBEndpointAddressConfigUpdate                      | all 3                                     |
 * | TestAccAliCloudPolarDbAccount_basic11819 / _twin                       | all 3 / 1                                 |
 * | TestAccAliCloudPolarDbAccount_basic9211 / _twin                        | all 6 / 1 (KMS → plain password: the KMS path is its own e2e, around-cluster) |
 * | TestAccAliCloudPolarDBAccountPrivilege_update                          | all 3                                     |
 * | TestAccAliCloudPolarDbDatabase_basic11854 / _twin                      | all 2 / 1                                 |
 * | TestAccAliCloudPolarDbDatabase_basic9535 / _twin                       | all 2 / 1                                 |
 * | TestAccAliCloudPolarDBBackupPolicy                                     | all 5                                     |
 * | TestAccAliCloudPolarDBNewBackupPolicy                                  | 7 of 9 (data_level1_backup_time/_period dropped: the same schedule as preferredBackupTime/Period) |
 *
 * Skipped, for features we do not have yet:
 *
 * | peer test                                                        | missing feature                                     |
 * |------------------------------------------------------------------|-----------------------------------------------------|
 * | TestAccAliCloudPolarDBCluster_Multi                              | none missing, but it is CreateNormal's create ×3 (count) — nothing new to replay |
 * | TestAccAliCloudPolarDBCluster_CreateGDN                          | none missing, but its secondary is in the primary's region, which a GDN does not take (test/e2e/gdn-parameter-groups covers a GDN) |
 * | TestAccAliCloudPolarDBCluster_GlobalSecurityGroupOnCreate        | global security IP groups                            |
 * | TestAccAliCloudPolarDBCluster_NormalMultimaster                  | multi-master (NormalMultimaster)                     |
 * | TestAccAliCloudPolarDBClusterSENormalCreate                      | Standard Edition, storage_type/space, proxy          |
 * | TestAccAliCloudPolarDBClusterSENormalEqualCreate(WithStandbyAz)  | Standard Edition hot standby, standby_az             |
 * | TestAccAliCloudPolarDBCluster_Serverless / _SteadyServerless     | serverless                                           |
 * | TestAccAliCloudPolarDBCluster_3AZ                                | 3AZ / strict consistency                             |
 * | TestAccAliCloudPolarDBCluster_TDEOnCreateAndUpdateEncryptNewTables | MySQL TDE (ModifyDBClusterTDE), encrypt_new_tables |
 * | TestAccAliCloudPolarDBEndpoint_dynamoDB                          | DynamoDB endpoints                                   |
 * | TestAccAliCloudPolarDbAccount_dynamoDB                           | DynamoDB accounts                                    |
 */
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { systemParameterGroupId } from "../../emulator/polardb/parameter-groups";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";
import { Config, Decl, expectedOps, failureText, globalSteps, out, plannedOps, program, REMOVE, replay, Replay } from "../helpers/replay";

jest.setTimeout(30 * 60_000);

const key = { id: "e2e-replay-key", secret: "e2e-replay-SECRET-7d31" };

// ----- the peer's dependencies, in our terms ------------------------------------------------

const MYSQL = { dbType: "MySQL", dbVersion: "8.0", payType: "PostPaid" };
const PG14 = { dbType: "PostgreSQL", dbVersion: "14", payType: "PostPaid", dbNodeClass: "polar.pg.x4.medium" };
/** data.alicloud_polardb_node_classes …available_resources.0 / .1 (an upgrade). */
const CLASS0 = "polar.mysql.x4.large";
const CLASS1 = "polar.mysql.x4.xlarge";
const ZONE = "cn-hangzhou-h";
/** data.alicloud_resource_manager_resource_groups ids.0 / ids.1, data.alicloud_polardb_parameter_groups groups.0. */
const RG0 = "rg-acfmreplay0000";
const RG1 = "rg-acfmreplay0001";
/** groups.0 of data.alicloud_polardb_parameter_groups (MySQL 8.0): the region's system template, as the emulator lists it first. */
const PARAMETER_GROUP = systemParameterGroupId("cn-hangzhou", "8.0");

/** The peer's ForceNew attributes, as our inputs. */
const FORCE_NEW = {
  Cluster: ["dbType", "dbVersion", "dbMinorVersion", "zoneId", "vswitchId", "vpcId", "creationCategory", "lowerCaseTableNames"],
  Endpoint: ["dbClusterId", "endpointType"],
  EndpointAddress: ["dbClusterId", "dbEndpointId", "netType"],
  Account: ["dbClusterId", "accountName", "accountType"],
  Database: ["dbClusterId", "dbName", "characterSetName"],
  BackupPolicy: ["dbClusterId"],
  Whitelist: ["dbClusterId", "dbClusterIpArrayName"],
  ClusterSsl: ["dbClusterId", "dbEndpointId"],
  Node: ["dbClusterId"],
  SqlCollector: ["dbClusterId"],
  ClusterParameters: ["dbClusterId"],
} as const;

const res = (type: keyof typeof FORCE_NEW, args: Record<string, unknown>): Decl => ({ type, args, forceNew: FORCE_NEW[type] });
const cluster = (args: Record<string, unknown>) => res("Cluster", args);
const id = (name: string) => out(name, "id");
const vswitch = (name: string) => `vsw-replay${name.replace(/[^a-z0-9]/g, "")}`;
/** The peer's `alicloud_polardb_cluster "cluster"` of the endpoint, account and database tests. */
const plainMysql = (name: string, more: Record<string, unknown> = {}) =>
  cluster({ ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch(name), description: `tf-testacc-${name}`, ...more });
const whitelist = (c: string, group: string, ips: string[]) => res("Whitelist", { dbClusterId: id(c), dbClusterIpArrayName: group, securityIps: ips });
/** An endpoint's ssl_enabled = "Enable", net_type = "Private", ssl_auto_rotate = "Enable" (the peer's spelling "Enable"). */
const ssl = (c: string, endpoint: ReturnType<typeof out>) =>
  res("ClusterSsl", { dbClusterId: id(c), dbEndpointId: endpoint, netType: "Private", sslEnabled: "Enable", sslAutoRotate: "Enable" });
/** data.alicloud_polardb_clusters …db_nodes.0.db_node_id */
const firstNode = (c: string) => out(c, "dbNodes.apply((n) => [n[0].dbNodeId])");

// ----- the replays ------------------------------------------------------------------------------

const REPLAYS: Replay[] = [
  replay("TestAccAliCloudPolarDBCluster_Update",
    { upd: cluster({ ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("upd"), description: "tf-testAccPolarDBClusterUpdate", resourceGroupId: RG0 }) },
    { upd: { description: "tf-testaccPolarDBClusterUpdate" } },
    { upd: { maintainTime: "16:00Z-17:00Z" } },
    {}, // tde_status with a KMS key, encrypt_new_tables, role_arn, rotation (MySQL TDE: not ours)
    { "upd-ro": res("Node", { dbClusterId: id("upd"), dbNodeClass: CLASS0 }) }, // db_node_count 3
    { "upd-ro": null, upd: { dbNodeClass: CLASS1 } }, // db_node_count 2 and the next class (sub_category, modify_type dropped: we infer Upgrade)
    { "upd-audit": res("SqlCollector", { dbClusterId: id("upd"), collectorStatus: "Enable" }) },
    {}, {}, // upgrade_type, from_time_service, planned_start_time/planned_end_time (minor version upgrade: not ours)
    { upd: { securityIps: ["10.168.1.12", "100.69.7.112"] } },
    { "upd-ips1": whitelist("upd", "test_ips1", ["10.168.1.13"]), "upd-ips2": whitelist("upd", "test_ips2", ["100.69.7.113"]) },
    // test_ips1 Cover; test_ips2 modify_mode Delete of its only address: the group goes.
    { "upd-ips1": { securityIps: ["10.168.1.14"] }, "upd-ips2": null },
    { upd: { tags: { Created: "TF", For: "acceptance Test" } } },
    { upd: { tags: {} } }, // "tags": REMOVEKEY
    { upd: { description: "tf-testaccPolarDBClusterUpdate1", securityIps: ["10.168.1.13", "100.69.7.113"] } },
    { upd: { deletionLock: 1 } }, // security_group_ids dropped; deletion_lock in the peer's spelling
    { upd: { deletionLock: 0 } },
  ),
  replay("TestAccAliCloudPolarDBCluster_UpdatePrePaid",
    {
      pre: cluster({
        ...MYSQL, payType: "PrePaid", creationCategory: "Normal", period: 1, dbNodeClass: CLASS0, vswitchId: vswitch("pre"),
        description: "tf-testAccPolarDBClusterUpdatePrePaid", resourceGroupId: RG0, convertToPostpaidOnDestroy: true, // ours: destroy may end the subscription
      }), // storage_type PSL4, compress_storage OFF dropped
    },
    { pre: { renewalStatus: "AutoRenewal", autoRenewPeriod: 2 } },
    { "pre-params": res("ClusterParameters", { dbClusterId: id("pre"), parameters: { wait_timeout: "86", innodb_old_blocks_time: "10" } }) },
    // The peer keeps period and the renewal settings in the config (ignored while PostPaid); ours refuses Prepaid-only
    // settings on a pay-as-you-go cluster, so they go with the change.
    { pre: { payType: "PostPaid", period: REMOVE, renewalStatus: REMOVE, autoRenewPeriod: REMOVE } },
    {}, // compress_storage ON
  ),
  replay("TestAccAliCloudPolarDBCluster_CreateNormal",
    {
      norm: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("norm"), zoneId: ZONE, creationCategory: "Normal", defaultTimeZone: "+1:00",
        description: "tf-testAccPolarDBClusterCreateNormal", resourceGroupId: RG0, parameterGroupId: PARAMETER_GROUP,
        backupRetentionPolicyOnClusterDeletion: "NONE", loosePolarLogBin: "ON", dbNodeNum: 2, looseXengine: "OFF",
      }),
    },
    {
      norm: { securityIps: ["10.168.1.12", "100.69.7.112"] },
      "norm-ips1": whitelist("norm", "test_ips1", ["10.168.1.13"]), "norm-ips2": whitelist("norm", "test_ips2", ["100.69.7.113"]),
    },
    { "norm-ips1": { securityIps: ["10.168.1.14"] }, "norm-ips2": null },
    {}, {}, // global_security_group_list
    { norm: { loosePolarLogBin: "OFF" } },
    { norm: { looseXengine: "ON", looseXengineUseMemoryPct: 50 } },
    { norm: { looseXengineUseMemoryPct: 60 } },
    { norm: { defaultTimeZone: "+2:00" } },
    {}, {}, // hot_replica_mode
  ),
  replay("TestAccAliCloudPolarDBCluster_Xengine",
    {
      xeng: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("xeng"), description: "tf-testAccPolarDBCluster-x-engine", creationCategory: "Normal",
        looseXengine: "ON", looseXengineUseMemoryPct: 60,
      }),
    },
  ),
  // db_node_count "2" is the default count: no Node resource.
  replay("TestAccAliCloudPolarDBCluster_EnableDynamoDB",
    { ddb: cluster({ ...PG14, vswitchId: vswitch("ddb"), description: "tf-testAccPolarDBClusterEnableDynamoDB", enableDynamodb: true }) },
    { ddb: { enableDynamodb: false } },
    { ddb: { enableDynamodb: true } },
  ),
  replay("TestAccAliCloudPolarDBCluster_CreateCloneFromPolarDB",
    {
      "clone-src": plainMysql("clone-src"),
      clone: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("clone"), creationCategory: "Normal", cloneDataPoint: "LATEST",
        creationOption: "CloneFromPolarDB", sourceResourceId: id("clone-src"), description: "tf-testAccPolarDBClusterCreateCloneFromPolarDB",
        resourceGroupId: RG0, parameterGroupId: PARAMETER_GROUP,
      }), // db_node_num dropped
    },
    { clone: { creationCategory: "Normal" } },
  ),
  ...(["CloneFromRDS", "MigrationFromRDS"] as const).map((option) => replay(`TestAccAliCloudPolarDBCluster_Create${option}`,
    {
      [option]: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch(option.toLowerCase()), description: `tf-testPolarDBCluster${option}`, resourceGroupId: RG0,
        cloneDataPoint: "LATEST", creationOption: option, creationCategory: "Normal", sourceResourceId: DEFAULT_INSTANCES.mysql80,
      }),
    },
    { [option]: { creationCategory: "Normal" } },
  )),
  replay("TestAccAliCloudPolarDBCluster_VpcId",
    {
      vpc: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("vpc"), description: "tf-testAccPolarDBClusterVpcId", resourceGroupId: RG0,
        vpcId: "vpc-replayvpc", securityIps: ["10.168.1.12", "100.69.7.112", "127.0.0.1"],
      }),
    },
    {}, // target_db_revision_version_code
  ),
  // target_minor_version "v16.13.17.7#20260611" dropped (we set minor versions for MySQL only).
  replay("TestAccAliCloudPolarDBCluster_TargetMinorVersion",
    { minor: cluster({ dbType: "PostgreSQL", dbVersion: "16", payType: "PostPaid", dbNodeClass: "polar.pg.x4.medium" }) }),
  replay("TestAccAliCloudPolarDBCluster_CreateDBCluster",
    {
      cdb: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("cdb"), zoneId: ZONE, creationCategory: "Normal", defaultTimeZone: "+1:00",
        description: "tf-testAccPolarDBClusterCreateDBCluster", resourceGroupId: RG0, parameterGroupId: PARAMETER_GROUP, lowerCaseTableNames: 0,
        backupRetentionPolicyOnClusterDeletion: "NONE", dbMinorVersion: "8.0.1",
      }), // db_node_num, storage_type PSL4 dropped
    },
    { cdb: { creationCategory: "Normal" } },
    {}, // storage_type PSL5
    { cdb: { defaultTimeZone: "+2:00" } },
    { cdb: { resourceGroupId: RG1 } },
  ),
  replay("TestAccAliCloudPolarDBEndpointConfigUpdate",
    {
      "ep-c": plainMysql("ep-c", { dbNodeClass: "polar.mysql.x4.medium" }),
      // ConsistLevel "1" is what the cloud holds already: ours reads it back and plans nothing; the peer never reads
      // endpoint_config back, so it sends it.
      ep: { ...res("Endpoint", { dbClusterId: id("ep-c"), endpointType: "Custom" }), sameAsCloud: ["endpointConfig"] },
    },
    { ep: { autoAddNewNodes: "Enable" } },
    { ep: { readWriteMode: "ReadWrite" } },
    // nodes = [db_nodes.0] on this ReadWrite endpoint: left out. The reference (ModifyDBClusterEndpoint, SDK 9.2.1) says a
    // ReadWrite endpoint takes at least 2 nodes, and ours refuses one in preview; the peer sends the one node alone.
    {},
    { "ep-ssl": ssl("ep-c", out("ep", "dbEndpointId")) },
    { ep: { dbEndpointDescription: "polar_db_endpoint_test" } },
    {}, // connection_prefix of the endpoint's private address (ours: public addresses only)
    {}, // port of the private address
    { ep: { endpointConfig: { ConsistLevel: "1" } } },
  ),
  replay("TestAccAliCloudPolarDBEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix",
    { "ep2-c": plainMysql("ep2-c", { dbNodeClass: "polar.mysql.x4.medium" }), ep2: res("Endpoint", { dbClusterId: id("ep2-c"), endpointType: "Custom" }) },
    { ep2: { autoAddNewNodes: "Enable" } },
    { ep2: { nodes: firstNode("ep2-c") } },
    {}, // connection_prefix of the private address
    { "ep2-ssl": ssl("ep2-c", out("ep2", "dbEndpointId")) },
  ),
  // alicloud_polardb_cluster_endpoint manages the cluster's own Cluster endpoint: its auto_add_new_nodes, read_write_mode,
  // endpoint_config, nodes, description and private address are not ours (Endpoint is for custom endpoints); SSL is.
  replay("TestAccAliCloudPolarDBClusterEndpointConfigUpdate",
    { "cep-c": plainMysql("cep-c", { dbNodeClass: "polar.mysql.x4.medium" }) },
    {}, {}, {}, {}, // auto_add_new_nodes, read_write_mode, endpoint_config, nodes
    { "cep-ssl": ssl("cep-c", out("cep-c", "clusterEndpointId")) },
    {}, {}, {}, // db_endpoint_description, connection_prefix, port
  ),
  replay("TestAccAliCloudPolarDBClusterEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix",
    { "cep2-c": plainMysql("cep2-c", { dbNodeClass: "polar.mysql.x4.medium" }) },
    {}, {}, {}, // auto_add_new_nodes, nodes, connection_prefix
    { "cep2-ssl": ssl("cep2-c", out("cep2-c", "clusterEndpointId")) },
  ),
  replay("TestAccAliCloudPolarDBPrimaryEndpointConfigUpdate",
    { "pep-c": plainMysql("pep-c", { dbNodeClass: "polar.mysql.x4.medium" }) },
    { "pep-ssl": ssl("pep-c", out("pep-c", "primaryEndpointId")) },
    {}, {}, {}, // db_endpoint_description of the Primary endpoint, connection_prefix and port of its private address
  ),
  replay("TestAccAliCloudPolarDBEndpointAddressConfigUpdate",
    {
      "addr-c": plainMysql("addr-c"),
      addr: res("EndpointAddress", { dbClusterId: id("addr-c"), dbEndpointId: out("addr-c", "clusterEndpointId"), netType: "Public" }),
    },
    { addr: { connectionPrefix: "tf-testacc" } }, // the peer's (and @pulumi/alicloud's) name
    { addr: { port: "3307" } },
  ),
  replay("TestAccAliCloudPolarDbAccount_basic11819",
    { "acc-c": plainMysql("acc-c"), acc: res("Account", { dbClusterId: id("acc-c"), accountName: "tfacc101", accountPassword: "YourPassword123!", accountType: "Super" }) },
    { acc: { accountDescription: "tfacc101" } },
    { acc: { accountPassword: "YourPassword123!update" } },
  ),
  replay("TestAccAliCloudPolarDbAccount_basic11819_twin",
    {
      "acct-c": plainMysql("acct-c"),
      acct: res("Account", { dbClusterId: id("acct-c"), accountName: "tfacc102", accountPassword: "YourPassword123!", accountType: "Super", accountDescription: "tfacc102" }),
    },
  ),
  replay("TestAccAliCloudPolarDbAccount_basic9211",
    { "acc9-c": cluster({ ...PG14, vswitchId: vswitch("acc9") }), acc9: res("Account", { dbClusterId: id("acc9-c"), accountName: "tfacc921", accountPassword: "YourPassword1234!" }) },
    { acc9: { accountDescription: "tfacc921" } },
    { acc9: { accountPassword: "YourPassword1234!update" } },
    { acc9: { accountLockState: "Lock" } },
    { acc9: { accountPasswordValidTime: "2126-09-17T10:00:00Z" } },
    { acc9: { accountLockState: "UnLock" } },
  ),
  // The twin's dependencies are the same as basic9211's: it shares that cluster.
  replay("TestAccAliCloudPolarDbAccount_basic9211_twin",
    { acc9t: res("Account", { dbClusterId: id("acc9-c"), accountName: "tfacc922", accountPassword: "YourPassword1234!", accountType: "Normal", accountDescription: "tfacc922",
      accountLockState: "Lock", accountPasswordValidTime: "2126-09-17T10:00:00Z" }) },
  ),
  replay("TestAccAliCloudPolarDBAccountPrivilege_update",
    {
      "priv-c": plainMysql("priv-c"),
      "priv-db0": res("Database", { dbClusterId: id("priv-c"), dbName: "tfaccountpri_0", dbDescription: "from terraform" }),
      "priv-db1": res("Database", { dbClusterId: id("priv-c"), dbName: "tfaccountpri_1", dbDescription: "from terraform" }),
      "priv-acc": res("Account", {
        dbClusterId: id("priv-c"), accountName: "tftestprivilege", accountType: "Normal", accountPassword: "Test12345", accountDescription: "from terraform",
        accountPrivilege: "ReadOnly", dbNames: [out("priv-db0", "dbName"), out("priv-db1", "dbName")],
      }),
    },
    { "priv-acc": { dbNames: [out("priv-db0", "dbName")] } },
    { "priv-acc": { dbNames: [out("priv-db0", "dbName"), out("priv-db1", "dbName")] } },
  ),
  replay("TestAccAliCloudPolarDbDatabase_basic11854",
    {
      "db-c": plainMysql("db-c"),
      "db-acc": res("Account", { dbClusterId: id("db-c"), accountName: "tfacc11854", accountPassword: "Example1234" }),
      // Ours gives a database without a description its name as one (PostgreSQL requires one), which is what step 2 sets.
      db: { ...res("Database", { dbClusterId: out("db-acc", "dbClusterId"), dbName: "tfacc11854" }), sameAsCloud: ["dbDescription"] },
    },
    { db: { dbDescription: "tfacc11854" } },
  ),
  replay("TestAccAliCloudPolarDbDatabase_basic11854_twin",
    {
      dbt: res("Database", {
        dbClusterId: out("db-acc", "dbClusterId"), dbName: "tfacc118", characterSetName: "utf8mb4", accountName: out("db-acc", "accountName"),
        dbDescription: "tfacc118", collate: "utf8mb4_bin",
      }),
    },
  ),
  replay("TestAccAliCloudPolarDbDatabase_basic9535",
    {
      "db9-c": cluster({ ...PG14, vswitchId: vswitch("db9") }),
      "db9-acc": res("Account", { dbClusterId: id("db9-c"), accountName: "tfacc953", accountPassword: "Example1234" }),
      "db9-acc2": res("Account", { dbClusterId: id("db9-c"), accountName: "tfacc953update", accountPassword: "Example1234" }),
      db9: res("Database", { dbClusterId: out("db9-acc", "dbClusterId"), dbName: "tfacc953", accountName: out("db9-acc", "accountName") }),
    },
    { db9: { accountName: out("db9-acc2", "accountName") } },
  ),
  replay("TestAccAliCloudPolarDbDatabase_basic9535_twin",
    {
      db9t: res("Database", {
        dbClusterId: out("db9-acc", "dbClusterId"), dbName: "tfacc954", characterSetName: "ISO_8859_5", accountName: out("db9-acc", "accountName"),
        dbDescription: "tfacc954", collate: "POSIX", ctype: "POSIX",
      }),
    },
  ),
  replay("TestAccAliCloudPolarDBBackupPolicy",
    { "bp-c": plainMysql("bp-c"), bp: res("BackupPolicy", { dbClusterId: id("bp-c"), preferredBackupPeriod: ["Tuesday", "Wednesday"], preferredBackupTime: "10:00Z-11:00Z" }) },
    { bp: { preferredBackupPeriod: ["Wednesday", "Monday", "Saturday"] } },
    { bp: { preferredBackupTime: "15:00Z-16:00Z" } },
    { bp: { preferredBackupPeriod: ["Tuesday", "Thursday", "Friday", "Sunday"], preferredBackupTime: "17:00Z-18:00Z" } },
    { bp: { backupRetentionPolicyOnClusterDeletion: "LATEST" } },
  ),
  // The newer names: data_level1_backup_period/time are preferredBackupPeriod/Time, data_level1_backup_frequency and
  // backup_frequency are backupFrequency, backup_retention_period is dataLevel1BackupRetentionPeriod.
  replay("TestAccAliCloudPolarDBNewBackupPolicy",
    {
      "bpn-c": plainMysql("bpn-c"),
      bpn: {
        ...res("BackupPolicy", { dbClusterId: id("bpn-c"), preferredBackupPeriod: ["Tuesday", "Wednesday"], preferredBackupTime: "10:00Z-11:00Z" }),
        sameAsCloud: ["dataLevel1BackupRetentionPeriod"], // 7 is the cloud's default (Optional+Computed in the peer)
      },
    },
    { bpn: { dataLevel1BackupRetentionPeriod: 7 } },
    // data_level1_backup_time/_period (the same schedule as preferredBackupTime/Period here) dropped
    { bpn: { backupFrequency: "Normal", dataLevel2BackupRetentionPeriod: 30, dataLevel2BackupPeriod: ["Tuesday", "Wednesday"],
      dataLevel2BackupAnotherRegionRegion: "cn-beijing", dataLevel2BackupAnotherRegionRetentionPeriod: 30, backupRetentionPolicyOnClusterDeletion: "NONE" } },
    { bpn: { backupRetentionPolicyOnClusterDeletion: "LATEST" } },
    {}, {}, // backup_frequency Normal, data_level1_backup_frequency Normal (already)
    { bpn: { logBackupRetentionPeriod: 4 } },
    { bpn: { logBackupAnotherRegionRegion: "cn-beijing" } },
    { bpn: { logBackupAnotherRegionRetentionPeriod: 32 } },
  ),
];

// ----- the run --------------------------------------------------------------------------------

const STEPS: Config[] = globalSteps(REPLAYS);

let stack: E2eStack;
let project: Project;

beforeAll(async () => {
  stack = await startE2eStack("peer-replay", program(STEPS[0]), { key, timeScale: 0.001 });
  project = stack.project;
});
afterAll(async () => { await stack?.close(); });

/** Where the preview's plan differs from `expected` ("name: planned X, the peer Y"), and why a preview failed. */
async function planDifferences(names: readonly string[], expected: Record<string, string>): Promise<string[]> {
  const result = await project.pulumi(["preview", "--json"], { allowFailure: true });
  const planned = plannedOps(result.stdout, names);
  const failed = failureText(result);
  return [
    ...names.filter((n) => planned[n] !== expected[n]).map((n) => `${n}: planned ${planned[n]}, expected ${expected[n]}`),
    ...(failed ? [`preview failed: ${failed}`] : []),
  ];
}

const none = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, "same"]));

// Every step runs up even when its plan is wrong, so one disagreement does not hide the next steps'.
test.each(STEPS.map((config, k) => [k + 1, config] as const))("step %i: preview plans what the peer plans, up converges, the next preview is empty", async (k, config) => {
  const before = k === 1 ? undefined : STEPS[k - 2];
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(config)])];
  project.writeProgram(program(config));
  const plan = await planDifferences(names, expectedOps(before, config));
  // Checkpoints only at the end: the state of ~50 resources is rewritten after every resource step otherwise.
  const up = failureText(await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true, env: { PULUMI_SKIP_CHECKPOINTS: "true" } }));
  const after = await planDifferences(Object.keys(config), none(Object.keys(config)));
  expect({ plan, up, after }).toEqual({ plan: [], up: undefined, after: [] });
});

test("import verify: refresh reads every resource back from the cloud and the preview stays empty", async () => {
  expect(failureText(await project.pulumi(["refresh", "--yes", "--skip-preview"], { allowFailure: true }))).toBeUndefined();
  const names = Object.keys(STEPS[STEPS.length - 1]);
  expect(await planDifferences(names, none(names))).toEqual([]);
});

test("destroy leaves no cluster", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const body: any = await stack.client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(body.Items?.DBCluster ?? []).toEqual([]);
});
