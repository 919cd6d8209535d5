/** The peer's acceptance tests as replays, first half: the data peer-replay.e2e runs (see its header for the method). */
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import {
  CLASS0, CLASS1, cluster, id, KMS_KEY, MYSQL, PARAMETER_GROUP, PG14, plainMysql, res, RG0, RG1, ROLE_ARN, vswitch, whitelist, ZONE,
} from "./peer-replay-run";
import { out, REMOVE, replay, Replay } from "./replay";

/** alicloud_polardb_global_security_ip_group default / default2 of the peer's cluster dependencies. */
const GLOBAL_GROUPS = (prefix: string) => ({
  [`${prefix}-gsg1`]: res("GlobalSecurityIpGroup", { globalIpGroupName: "example_template", globalIpList: "192.168.0.1" }),
  [`${prefix}-gsg2`]: res("GlobalSecurityIpGroup", { globalIpGroupName: "example_template2", globalIpList: "192.168.0.2" }),
});

/** The first half of the replays (peer-replay.e2e.test.ts says what each translates and leaves out). */
export const REPLAYS_1: Replay[] = [
  replay("TestAccAliCloudPolarDBCluster_Update",
    { upd: cluster({ ...MYSQL, dbNodeClass: CLASS0, dbNodeCount: 2, vswitchId: vswitch("upd"), description: "tf-testAccPolarDBClusterUpdate", resourceGroupId: RG0 }) },
    { upd: { description: "tf-testaccPolarDBClusterUpdate" } },
    { upd: { maintainTime: "16:00Z-17:00Z" } },
    // enable_automatic_rotation true dropped: SDK 9.2.1's ModifyDBClusterTDE takes EnableAutomaticRotation on PostgreSQL
    // and Oracle only, and ours refuses it on MySQL in preview. The peer's check (automatic_rotation CHECKSET) holds
    // whatever the cloud answers, so its test passing does not show that MySQL rotates.
    { upd: { tdeStatus: "Enabled", encryptNewTables: "ON", encryptionKey: KMS_KEY, roleArn: ROLE_ARN } },
    { upd: { dbNodeCount: 3 } },
    { upd: { dbNodeCount: 2, dbNodeClass: CLASS1, subCategory: "Exclusive", modifyType: "Upgrade" } },
    { "upd-audit": res("SqlCollector", { dbClusterId: id("upd"), collectorStatus: "Enable" }) },
    // upgrade_type ALL, from_time_service true: the peer upgrades to the latest revision; ours names it (the emulator's
    // newest MySQL 8.0.1 code).
    { upd: { targetDbRevisionVersionCode: "20250911", upgradeType: "ALL", fromTimeService: true } },
    // from_time_service false with planned_start_time/planned_end_time: the window is dropped (nothing is left to
    // upgrade once the cluster runs the newest revision).
    { upd: { fromTimeService: false } },
    { upd: { securityIps: ["10.168.1.12", "100.69.7.112"] } },
    { "upd-ips1": whitelist("upd", "test_ips1", ["10.168.1.13"]), "upd-ips2": whitelist("upd", "test_ips2", ["100.69.7.113"]) },
    // test_ips1 Cover; test_ips2 modify_mode Delete of its only address: the group goes.
    { "upd-ips1": { securityIps: ["10.168.1.14"] }, "upd-ips2": null },
    { upd: { tags: { Created: "TF", For: "acceptance Test" } } },
    { upd: { tags: {} } }, // "tags": REMOVEKEY
    { upd: { description: "tf-testaccPolarDBClusterUpdate1", securityIps: ["10.168.1.13", "100.69.7.113"] } },
    { upd: { securityGroupIds: ["sg-replayupd0001"], deletionLock: 1 } }, // deletion_lock in the peer's spelling
    { upd: { deletionLock: 0 } },
  ),
  replay("TestAccAliCloudPolarDBCluster_UpdatePrePaid",
    {
      pre: cluster({
        ...MYSQL, payType: "PrePaid", creationCategory: "Normal", period: 1, dbNodeClass: CLASS0, vswitchId: vswitch("pre"),
        description: "tf-testAccPolarDBClusterUpdatePrePaid", resourceGroupId: RG0, storageType: "PSL4", compressStorage: "OFF",
        convertToPostpaidOnDestroy: true, // ours: destroy may end the subscription
      }),
    },
    { pre: { renewalStatus: "AutoRenewal", autoRenewPeriod: 2 } },
    { "pre-params": res("ClusterParameters", { dbClusterId: id("pre"), parameters: { wait_timeout: "86", innodb_old_blocks_time: "10" } }) },
    // The peer keeps period and the renewal settings in the config (ignored while PostPaid); ours refuses Prepaid-only
    // settings on a pay-as-you-go cluster, so they go with the change.
    { pre: { payType: "PostPaid", period: REMOVE, renewalStatus: REMOVE, autoRenewPeriod: REMOVE } },
    { pre: { compressStorage: "ON" } },
  ),
  replay("TestAccAliCloudPolarDBCluster_CreateNormal",
    {
      ...GLOBAL_GROUPS("norm"),
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
    { norm: { globalSecurityGroupList: [id("norm-gsg1"), id("norm-gsg2")] } },
    { norm: { globalSecurityGroupList: [id("norm-gsg2")] } },
    { norm: { loosePolarLogBin: "OFF" } },
    { norm: { looseXengine: "ON", looseXengineUseMemoryPct: 50 } },
    { norm: { looseXengineUseMemoryPct: 60 } },
    { norm: { defaultTimeZone: "+2:00" } },
    // hot_replica_mode of db_node "1" (the cluster's reader): ours sets it on a Node resource, so a reader of our own
    // stands for it (made with OFF, then switched ON in place).
    { "norm-ro": res("Node", { dbClusterId: id("norm"), dbNodeClass: CLASS0, hotReplicaMode: "OFF" }) },
    { "norm-ro": { hotReplicaMode: "ON" } },
  ),
  replay("TestAccAliCloudPolarDBCluster_GlobalSecurityGroupOnCreate",
    {
      ...GLOBAL_GROUPS("gsg"),
      gsg: cluster({
        ...MYSQL, dbNodeClass: CLASS0, dbNodeCount: 2, vswitchId: vswitch("gsg"), zoneId: ZONE, creationCategory: "Normal",
        description: "tf-testAccPolarDBClusterGlobalSecurityGroupOnCreate", globalSecurityGroupList: [id("gsg-gsg1"), id("gsg-gsg2")],
      }),
    },
    { gsg: { globalSecurityGroupList: [id("gsg-gsg1")] } },
  ),
  replay("TestAccAliCloudPolarDBCluster_Xengine",
    {
      xeng: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("xeng"), description: "tf-testAccPolarDBCluster-x-engine", creationCategory: "Normal",
        looseXengine: "ON", looseXengineUseMemoryPct: 60,
      }),
    },
  ),
  replay("TestAccAliCloudPolarDBCluster_EnableDynamoDB",
    { ddb: cluster({ ...PG14, dbNodeCount: 2, vswitchId: vswitch("ddb"), description: "tf-testAccPolarDBClusterEnableDynamoDB", enableDynamodb: true }) },
    { ddb: { enableDynamodb: false } },
    { ddb: { enableDynamodb: true } },
  ),
  replay("TestAccAliCloudPolarDBCluster_CreateCloneFromPolarDB",
    {
      "clone-src": plainMysql("clone-src"),
      clone: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("clone"), creationCategory: "Normal", cloneDataPoint: "LATEST", dbNodeNum: 2,
        creationOption: "CloneFromPolarDB", sourceResourceId: id("clone-src"), description: "tf-testAccPolarDBClusterCreateCloneFromPolarDB",
        resourceGroupId: RG0, parameterGroupId: PARAMETER_GROUP,
      }),
    },
    { clone: { creationCategory: "Normal" } },
  ),
  ...(["CloneFromRDS", "MigrationFromRDS"] as const).map((option) => replay(`TestAccAliCloudPolarDBCluster_Create${option}`,
    {
      [option]: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch(option), description: `tf-testPolarDBCluster${option}`, resourceGroupId: RG0,
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
    // The peer's "20230707" is a code the cloud listed then; ours is one the emulator lists for MySQL 8.0.1 today.
    { vpc: { targetDbRevisionVersionCode: "20250318" } },
  ),
  // target_minor_version "v16.13.17.7#20260611" dropped (ForceNew in the peer; we set minor versions for MySQL only).
  replay("TestAccAliCloudPolarDBCluster_TargetMinorVersion",
    { minor: cluster({ dbType: "PostgreSQL", dbVersion: "16", payType: "PostPaid", dbNodeClass: "polar.pg.x4.medium" }) }),
  replay("TestAccAliCloudPolarDBCluster_CreateDBCluster",
    {
      cdb: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("cdb"), zoneId: ZONE, creationCategory: "Normal", defaultTimeZone: "+1:00",
        description: "tf-testAccPolarDBClusterCreateDBCluster", resourceGroupId: RG0, parameterGroupId: PARAMETER_GROUP, lowerCaseTableNames: 0,
        backupRetentionPolicyOnClusterDeletion: "NONE", dbMinorVersion: "8.0.1", dbNodeNum: 2, storageType: "PSL4",
      }),
    },
    { cdb: { creationCategory: "Normal" } },
    { cdb: { storageType: "PSL5" } },
    { cdb: { defaultTimeZone: "+2:00" } },
    { cdb: { resourceGroupId: RG1 } },
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
];
