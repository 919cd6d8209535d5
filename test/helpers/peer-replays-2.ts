/** The peer's acceptance tests as replays, second half (peer-replay.e2e.test.ts says how they are made). */
import {
  CLASS0, cluster, firstNode, id, MYSQL, plainMysql, res, RG0, SSL_ON, ssl, vswitch, ZONE,
} from "./peer-replay-run";
import { out, replay, Replay } from "./replay";

/** The Standard Edition's cluster of the SENormal tests (storage, proxy and hot standby vary). */
const seNormal = (name: string, more: Record<string, unknown>) => cluster({
  ...MYSQL, dbNodeClass: "polar.mysql.x2.large.c", vswitchId: vswitch(name), description: `tf-testacc-${name}`, resourceGroupId: RG0,
  creationCategory: "SENormal", storagePayType: "PostPaid", proxyType: "EXCLUSIVE", proxyClass: "polar.maxscale.g2.medium.c", ...more,
});

/** The second half of the replays. */
export const REPLAYS_2: Replay[] = [
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
    { ep: { connectionPrefix: "tf-privatetestacc-3" } },
    { ep: { port: "3307" } },
    { ep: { endpointConfig: { ConsistLevel: "1" } } },
  ),
  replay("TestAccAliCloudPolarDBEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix",
    { "ep2-c": plainMysql("ep2-c", { dbNodeClass: "polar.mysql.x4.medium" }), ep2: res("Endpoint", { dbClusterId: id("ep2-c"), endpointType: "Custom" }) },
    { ep2: { autoAddNewNodes: "Enable" } },
    { ep2: { nodes: firstNode("ep2-c") } },
    { ep2: { connectionPrefix: "tf-privatetestacc-4" } },
    { "ep2-ssl": ssl("ep2-c", out("ep2", "dbEndpointId")) },
  ),
  // The cluster's own Cluster endpoint is ReadWrite with new nodes added already: those steps plan nothing, as in the
  // peer (Optional+Computed). nodes = [db_nodes.0] on the ReadWrite endpoint: left out, as for Endpoint above.
  replay("TestAccAliCloudPolarDBClusterEndpointConfigUpdate",
    {
      "cep-c": plainMysql("cep-c", { dbNodeClass: "polar.mysql.x4.medium" }),
      // endpoint_config ConsistLevel "1": what the cloud holds already (Optional+Computed in the peer), as for Endpoint.
      cep: { ...res("ClusterEndpoint", { dbClusterId: id("cep-c") }), sameAsCloud: ["autoAddNewNodes", "readWriteMode", "endpointConfig"] },
    },
    { cep: { autoAddNewNodes: "Enable" } },
    { cep: { readWriteMode: "ReadWrite" } },
    { cep: { endpointConfig: { ConsistLevel: "1" } } },
    {},
    { cep: SSL_ON },
    { cep: { dbEndpointDescription: "polar_db_endpoint_test" } },
    { cep: { connectionPrefix: "tf-privatetestacc-1" } },
    { cep: { port: "3307" } },
  ),
  // nodes = [db_nodes.0] on the ReadWrite Cluster endpoint: left out (as above).
  replay("TestAccAliCloudPolarDBClusterEndpointConfigUpdate_SslConnectionStringAndConnectionPrefix",
    {
      "cep2-c": plainMysql("cep2-c", { dbNodeClass: "polar.mysql.x4.medium" }),
      cep2: { ...res("ClusterEndpoint", { dbClusterId: id("cep2-c") }), sameAsCloud: ["autoAddNewNodes"] },
    },
    { cep2: { autoAddNewNodes: "Enable" } },
    {},
    { cep2: { connectionPrefix: "tf-privatetestacc-2" } },
    { cep2: SSL_ON },
  ),
  replay("TestAccAliCloudPolarDBPrimaryEndpointConfigUpdate",
    { "pep-c": plainMysql("pep-c", { dbNodeClass: "polar.mysql.x4.medium" }), pep: res("PrimaryEndpoint", { dbClusterId: id("pep-c") }) },
    { pep: SSL_ON },
    { pep: { dbEndpointDescription: "polar_db_endpoint_test" } },
    { pep: { connectionPrefix: "tf-privatetestacc" } },
    { pep: { port: "3307" } },
  ),
  replay("TestAccAliCloudPolarDBEndpointAddressConfigUpdate",
    {
      "addr-c": plainMysql("addr-c"),
      addr: res("EndpointAddress", { dbClusterId: id("addr-c"), dbEndpointId: out("addr-c", "clusterEndpointId"), netType: "Public" }),
    },
    { addr: { connectionPrefix: "tf-testacc" } }, // the peer's (and @pulumi/alicloud's) name
    { addr: { port: "3307" } },
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
  replay("TestAccAliCloudPolarDBCluster_Serverless",
    {
      sl: cluster({
        ...MYSQL, dbNodeClass: "polar.mysql.sl.small", vswitchId: vswitch("sl"), description: "tf-testAccPolarDBClusterServerless", resourceGroupId: RG0,
        creationCategory: "Normal", serverlessType: "AgileServerless", scaleMin: 1, scaleMax: 2, scaleRoNumMin: 1, scaleRoNumMax: 2,
        allowShutDown: "false", serverlessRuleMode: "normal", serverlessRuleCpuShrinkThreshold: 40, serverlessRuleCpuEnlargeThreshold: 70,
      }),
    },
    { sl: { scaleMax: 3 } },
    { sl: { scaleMin: 2 } },
    { sl: { scaleRoNumMax: 3 } },
    { sl: { scaleRoNumMin: 2 } },
    { sl: { allowShutDown: "true" } },
    { sl: { secondsUntilAutoPause: 3660 } },
  ),
  replay("TestAccAliCloudPolarDBCluster_SteadyServerless",
    {
      // The CPU thresholds 40 and 70 of the last steps are the cloud's defaults (Optional+Computed in the peer): no change.
      steady: {
        ...cluster({
          ...MYSQL, dbNodeClass: "polar.mysql.x4.medium", vswitchId: vswitch("steady"), description: "tf-testAccPolarDBClusterSteadyServerless",
          resourceGroupId: RG0, creationCategory: "Normal",
        }),
        sameAsCloud: ["serverlessRuleCpuShrinkThreshold", "serverlessRuleCpuEnlargeThreshold"],
      },
    },
    { steady: { dbNodeCount: 3, imciSwitch: "ON" } },
    {
      steady: {
        serverlessType: "SteadyServerless", serverlessSteadySwitch: "ON", scaleMin: 1, scaleMax: 2, scaleRoNumMin: 1, scaleRoNumMax: 2, allowShutDown: "false",
      },
    },
    { steady: { scaleMax: 3 } },
    { steady: { scaleMin: 2 } },
    { steady: { scaleMin: 0 } },
    { steady: { scaleMax: 0 } },
    { steady: { scaleRoNumMax: 3 } },
    { steady: { scaleRoNumMin: 2 } },
    { steady: { scaleApRoNumMax: 1 } },
    { steady: { scaleApRoNumMin: 1 } },
    { steady: { serverlessRuleMode: "flexible" } },
    { steady: { serverlessRuleCpuShrinkThreshold: 40 } },
    { steady: { serverlessRuleCpuEnlargeThreshold: 70 } },
    { steady: { serverlessSteadySwitch: "OFF" } },
  ),
  replay("TestAccAliCloudPolarDBClusterSENormalCreate",
    { se: seNormal("se", { storageType: "ESSDAUTOPL", provisionedIops: 1000, storageSpace: 40, dbNodeNum: 2, hotStandbyCluster: "ON" }) },
    { se: { storageSpace: 50 } },
    { se: { provisionedIops: 1200 } },
  ),
  // storage_type PSL5 on the Standard Edition: ours refuses it in preview, as SDK 9.2.1's CreateDBCluster StorageType
  // says (the Standard Edition stores on ESSDPL0–3 or ESSDAUTOPL; PSL4/PSL5 are the Cluster Edition's). The peer has not
  // shown otherwise: it notes that no region creates SENormal. ESSDAUTOPL stands for it here.
  replay("TestAccAliCloudPolarDBClusterSENormalEqualCreateWithStandbyAz",
    { seaz: seNormal("seaz", { storageType: "ESSDAUTOPL", storageSpace: 40, dbNodeNum: 1, hotStandbyCluster: "EQUAL", standbyAz: "cn-hangzhou-k" }) },
  ),
  replay("TestAccAliCloudPolarDBClusterSENormalEqualCreate",
    { seeq: seNormal("seeq", { storageType: "ESSDAUTOPL", storageSpace: 40, dbNodeNum: 2, hotStandbyCluster: "ON" }) },
    { seeq: { standbyAz: "cn-hangzhou-i" } },
    { seeq: { standbyAz: "cn-hangzhou-k" } },
  ),
  replay("TestAccAliCloudPolarDBCluster_NormalMultimaster",
    { mm: cluster({ ...MYSQL, dbNodeClass: "polar.mysql.mmx4.medium", vswitchId: vswitch("mm"), creationCategory: "NormalMultimaster" }) }),
  replay("TestAccAliCloudPolarDBCluster_3AZ",
    {
      az3: cluster({
        ...MYSQL, dbNodeClass: CLASS0, vswitchId: vswitch("az3"), zoneId: ZONE, description: "tf-testAccPolarDBCluster3AZ", creationCategory: "Normal",
        hotStandbyCluster: "ON", strictConsistency: "ON",
      }),
    },
  ),
  // The peer's cluster is in cn-shanghai-l with the service's key (no encryption_key): ours in cn-hangzhou.
  replay("TestAccAliCloudPolarDBCluster_TDEOnCreateAndUpdateEncryptNewTables",
    { tde: cluster({ ...MYSQL, dbNodeClass: "polar.mysql.g1.tiny.c", vswitchId: vswitch("tde"), vpcId: "vpc-replaytde", description: "tf-testAccPolarDBClusterTDE", tdeStatus: "Enabled" }) },
    { tde: { encryptNewTables: "ON" } },
  ),
  replay("TestAccAliCloudPolardbGlobalSecurityIpGroup_basic11862",
    { gip: res("GlobalSecurityIpGroup", { globalIpList: "192.168.0.1", globalIpGroupName: "test_template" }) },
    { gip: { globalIpList: "192.168.2.3", globalIpGroupName: "test_name_new" } },
  ),
  replay("TestAccAliCloudPolarDBParameterGroup_basic00",
    { pg0: res("ParameterGroup", { name: "tf_testAcc", dbType: "MySQL", dbVersion: "8.0", parameters: { wait_timeout: "86400", innodb_old_blocks_time: "1000" }, description: "tf-testacc-pg0" }) },
  ),
  replay("TestAccAliCloudPolarDbParameterGroup_basic11763",
    {
      pg1: res("ParameterGroup", {
        parameterGroupName: "tf_testacc_pg1", dbType: "MySQL", dbVersion: "8.0", description: "tf_testAcc",
        parameters: { wait_timeout: "86400", innodb_old_blocks_time: "1000", default_time_zone: "SYSTEM" },
      }),
    },
  ),
  replay("TestAccAliCloudPolarDBGlobalDatabaseNetwork_basic00",
    {
      "gdn-c": cluster({ ...MYSQL, dbNodeClass: "polar.mysql.x4.xlarge", vswitchId: vswitch("gdn-c"), description: "tf-testacc-gdn" }),
      gdn: res("GlobalDatabaseNetwork", { dbClusterId: id("gdn-c"), description: "tf-testAcc" }),
    },
    { gdn: { description: "update-tf-testAcc" } },
  ),
];
