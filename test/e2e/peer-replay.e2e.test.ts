/**
 * The peer's acceptance tests, replayed (issue: "Agree with today's cloud where the peer does").
 * Terraform alicloud's PolarDB tests run against the real cloud: each step changes attributes of
 * the same resources and expects an in-place update unless the attribute is ForceNew in its
 * schema. Here every such test is translated (in our own words and inputs) into the steps of a
 * Pulumi program, all replays of a file in ONE stack (the real CLI, the packed package, the
 * emulator at time scale 0.001). The replays are split over two files, this one (clusters,
 * accounts, databases) and peer-replay-2 (endpoints, backup policies, serverless, Standard
 * Edition, multi-master, 3AZ, TDE on create, global IP groups, parameter groups, GDN), each with
 * its own emulator and stack so jest runs them at once (test/helpers/peer-replay-run.ts runs
 * them). After each step: preview plans exactly what the peer implies for every resource
 * (test/helpers/replay.ts derives it from the peer's steps and ForceNew lists), `up` applies it,
 * and the next preview is empty. After the last step, refresh reads everything back from the
 * cloud (the peer's ImportStateVerify) and the preview stays empty; destroy leaves no cluster.
 *
 * Translations: db_cluster_ip_array entries are Whitelist resources (the "default" entry is the
 * cluster's securityIps), collector_status is SqlCollector, parameters is ClusterParameters, an
 * endpoint's ssl_enabled/net_type/ssl_auto_rotate is ClusterSsl (on ClusterEndpoint and
 * PrimaryEndpoint their own inputs), alicloud_polardb_account_privilege is the Account's
 * dbNames/accountPrivilege, kms_encrypted_password is the decrypted accountPassword, the peer's
 * KMS key is one made in the emulator's KMS, a data source's first zone/class/resource group is
 * a constant. The peer's "tags": REMOVEKEY is `tags: {}` (ours leaves tags it is not given
 * alone). Attributes we do not have are dropped per step (a comment says which); a step left with
 * no change is no step (replay() drops it).
 *
 * Replayed (steps: the peer's configuration steps; ours counts distinct ones):
 *
 * | peer test                                                              | replayed                                  |
 * |------------------------------------------------------------------------|-------------------------------------------|
 * | TestAccAliCloudPolarDBCluster_Update                                   | all 17 (enable_automatic_rotation dropped: PostgreSQL/Oracle only; the upgrade names a revision code; its planned window dropped) |
 * | TestAccAliCloudPolarDBCluster_UpdatePrePaid                            | all 5 (period and renewal removed with the change to PostPaid) |
 * | TestAccAliCloudPolarDBCluster_CreateNormal                             | all 11 (hot_replica_mode of db_node 1: a Node of ours) |
 * | TestAccAliCloudPolarDBCluster_GlobalSecurityGroupOnCreate              | all 2                                     |
 * | TestAccAliCloudPolarDBCluster_Xengine                                  | all (1 distinct step)                     |
 * | TestAccAliCloudPolarDBCluster_EnableDynamoDB                           | all 3                                     |
 * | TestAccAliCloudPolarDBCluster_CreateCloneFromPolarDB                   | all (1 distinct step)                     |
 * | TestAccAliCloudPolarDBCluster_CreateCloneFromRDS                       | all (1 distinct step; RDS MySQL 8.0 source) |
 * | TestAccAliCloudPolarDBCluster_CreateMigrationFromRDS                   | all (1 distinct step; RDS MySQL 8.0 source) |
 * | TestAccAliCloudPolarDBCluster_VpcId                                    | all 2 (a revision code the emulator lists) |
 * | TestAccAliCloudPolarDBCluster_TargetMinorVersion                       | 1 (PostgreSQL 16; target_minor_version dropped) |
 * | TestAccAliCloudPolarDBCluster_CreateDBCluster                          | all 4 distinct                            |
 * | TestAccAliCloudPolarDbAccount_basic11819 / _twin                       | all 3 / 1                                 |
 * | TestAccAliCloudPolarDbAccount_basic9211 / _twin                        | all 6 / 1 (KMS → plain password: the KMS path is its own e2e, around-cluster) |
 * | TestAccAliCloudPolarDBAccountPrivilege_update                          | all 3                                     |
 * | TestAccAliCloudPolarDbDatabase_basic11854 / _twin                      | all 2 / 1                                 |
 * | TestAccAliCloudPolarDbDatabase_basic9535 / _twin                       | all 2 / 1                                 |
 * | peer-replay-2:                                                         |                                           |
 * | TestAccAliCloudPolarDBEndpointConfigUpdate                             | 8 of 9 (one node on a ReadWrite endpoint left out) |
 * | TestAccAliCloudPolarDBEndpointConfigUpdate_SslConnectionString…        | all 5                                     |
 * | TestAccAliCloudPolarDBClusterEndpointConfigUpdate                      | 8 of 9 (one node on the ReadWrite endpoint left out) |
 * | TestAccAliCloudPolarDBClusterEndpointConfigUpdate_SslConnectionString… | 4 of 5 (the same)                         |
 * | TestAccAliCloudPolarDBPrimaryEndpointConfigUpdate                      | all 5                                     |
 * | TestAccAliCloudPolarDBEndpointAddressConfigUpdate                      | all 3                                     |
 * | TestAccAliCloudPolarDBBackupPolicy                                     | all 5                                     |
 * | TestAccAliCloudPolarDBNewBackupPolicy                                  | 7 of 9 (data_level1_backup_time/_period dropped: the same schedule as preferredBackupTime/Period) |
 * | TestAccAliCloudPolarDBCluster_Serverless                               | all 7                                     |
 * | TestAccAliCloudPolarDBCluster_SteadyServerless                         | all 15                                    |
 * | TestAccAliCloudPolarDBClusterSENormalCreate                            | all 3                                     |
 * | TestAccAliCloudPolarDBClusterSENormalEqualCreate / WithStandbyAz       | all 3 / 1                                 |
 * | TestAccAliCloudPolarDBCluster_NormalMultimaster                        | all 1                                     |
 * | TestAccAliCloudPolarDBCluster_3AZ                                      | all 1                                     |
 * | TestAccAliCloudPolarDBCluster_TDEOnCreateAndUpdateEncryptNewTables     | all 2 (cn-hangzhou rather than cn-shanghai) |
 * | TestAccAliCloudPolardbGlobalSecurityIpGroup_basic11862                 | all 2                                     |
 * | TestAccAliCloudPolarDBParameterGroup_basic00 / DbParameterGroup_basic11763 | all 1 / 1                             |
 * | TestAccAliCloudPolarDBGlobalDatabaseNetwork_basic00                    | all 2                                     |
 *
 * Disagreements the replays found, fixed (test/integration/peer-replay-fixes.test.ts): SteadyServerless's
 * db_node_count 3 with imci_switch ON in one step is three nodes, the column-store reader among them
 * (ours added a fourth); a steady cluster's nodes report ServerlessType SteadyServerless, which the
 * count of a steady cluster goes by (the emulator left it out, so the count read 0). Kept, with the
 * SDK: no EnableAutomaticRotation on MySQL, no PSL5 on the Standard Edition (see the comments).
 *
 * Skipped:
 *
 * | peer test                                                        | why                                                 |
 * |------------------------------------------------------------------|-----------------------------------------------------|
 * | TestAccAliCloudPolarDBCluster_Multi                              | nothing missing, but it is CreateNormal's create ×3 (count): nothing new to replay |
 * | TestAccAliCloudPolarDBCluster_CreateGDN                          | its secondary is in the primary's region, which the emulator refuses as the SDK says (CreateDBCluster CreateGdnStandby: a GDN's clusters are in different regions); gdn-parameter-groups.e2e covers a GDN secondary |
 * | TestAccAliCloudPolarDBEndpoint_dynamoDB                          | DynamoDB endpoints (endpointType "DynamoDB") are not ours |
 * | TestAccAliCloudPolarDbAccount_dynamoDB                           | DynamoDB accounts (accountType "DynamoDB") are not ours |
 * | the other peer resources (zonal clusters/accounts/endpoints, AI clusters, applications, batch tasks, Dynamo tables/items) | not ours |
 */
import { runReplays } from "../helpers/peer-replay-run";
import { REPLAYS_1 } from "../helpers/peer-replays-1";

jest.setTimeout(30 * 60_000);

runReplays("peer-replay", { id: "e2e-replay-key", secret: "e2e-replay-SECRET-7d31" }, REPLAYS_1);
