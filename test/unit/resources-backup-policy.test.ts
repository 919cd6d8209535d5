/**
 * check and diff of the BackupPolicy spec: every field's form and the official SDK's ranges, each
 * failure naming its field; the cross-region copy regions; @pulumi/alicloud's older name; which
 * change goes to which API (ModifyBackupPolicy / ModifyLogBackupPolicy), in place.
 */
import { backupPolicySpec } from "../../resources/backup-policy";
import { answeringProvider, offlineProvider } from "../helpers/offline-provider";

const off = offlineProvider(backupPolicySpec);
afterEach(() => expect(off.calls).toEqual([]));

const CLUSTER = "pc-abc123";
const full = {
  dbClusterId: CLUSTER, preferredBackupPeriod: ["Monday", "Thursday"], preferredBackupTime: "02:00Z-03:00Z",
  dataLevel1BackupRetentionPeriod: 7, dataLevel2BackupRetentionPeriod: 30, backupRetentionPolicyOnClusterDeletion: "LATEST",
  backupFrequency: "Normal", dataLevel1BackupFrequency: "2/24H", dataLevel1BackupTime: "10:00Z-11:00Z",
  dataLevel1BackupPeriod: ["Tuesday", "Wednesday"], dataLevel2BackupPeriod: ["Saturday", "Sunday"],
  dataLevel2BackupAnotherRegionRegion: "cn-beijing", dataLevel2BackupAnotherRegionRetentionPeriod: 30,
  logBackupRetentionPeriod: 7, logBackupAnotherRegionRegion: "cn-shanghai", logBackupAnotherRegionRetentionPeriod: -1,
};

test("every field at once is valid", async () => {
  expect(await off.valid(full)).toEqual(full);
});

test("the ends of the SDK's ranges are valid: -1 keeps log backups and copies forever, 0 turns copies off", async () => {
  for (const change of [
    { logBackupRetentionPeriod: -1 }, { logBackupRetentionPeriod: 3 }, { logBackupRetentionPeriod: 7300 },
    { dataLevel2BackupAnotherRegionRetentionPeriod: 0 }, { dataLevel2BackupAnotherRegionRetentionPeriod: -1 }, { dataLevel2BackupAnotherRegionRetentionPeriod: 7300 },
    { logBackupAnotherRegionRetentionPeriod: 0 }, { dataLevel1BackupRetentionPeriod: 3 }, { dataLevel1BackupRetentionPeriod: 14 },
  ]) expect(await off.failures({ dbClusterId: CLUSTER, ...change })).toEqual([]);
});

test.each([
  [{ logBackupRetentionPeriod: 2 }, "logBackupRetentionPeriod", /3–7300 days, or -1/],
  [{ logBackupRetentionPeriod: 7301 }, "logBackupRetentionPeriod", /3–7300 days, or -1/],
  [{ logBackupRetentionPeriod: 0 }, "logBackupRetentionPeriod", /3–7300 days, or -1/],
  [{ logBackupRetentionPeriod: 7.5 }, "logBackupRetentionPeriod", /whole number of days/],
  [{ logBackupAnotherRegionRetentionPeriod: 29 }, "logBackupAnotherRegionRetentionPeriod", /0 \(off\), 30–7300 days, or -1/],
  [{ logBackupAnotherRegionRetentionPeriod: -2 }, "logBackupAnotherRegionRetentionPeriod", /0 \(off\), 30–7300 days, or -1/],
  [{ dataLevel2BackupAnotherRegionRetentionPeriod: 7301 }, "dataLevel2BackupAnotherRegionRetentionPeriod", /0 \(off\), 30–7300 days, or -1/],
  [{ dataLevel2BackupRetentionPeriod: 10 }, "dataLevel2BackupRetentionPeriod", /0 \(off\), 30–7300 days, or -1/],
  [{ dataLevel1BackupRetentionPeriod: 15 }, "dataLevel1BackupRetentionPeriod", /3–14 days/],
  [{ dataLevel1BackupFrequency: "1/24H" }, "dataLevel1BackupFrequency", /"Normal", "2\/24H", "3\/24H" or "4\/24H"/],
  [{ dataLevel1BackupTime: "10:00Z-12:00Z" }, "dataLevel1BackupTime", /exactly one hour/],
  [{ dataLevel1BackupTime: "10:30Z-11:30Z" }, "dataLevel1BackupTime", /on the hour/],
  [{ dataLevel1BackupPeriod: ["Monday"] }, "dataLevel1BackupPeriod", /at least two different days/],
  [{ dataLevel2BackupPeriod: ["Monday", "Funday"] }, "dataLevel2BackupPeriod.1", /days are Monday/],
  [{ dataLevel2BackupAnotherRegionRegion: "Beijing" }, "dataLevel2BackupAnotherRegionRegion", /region id such as/],
  [{ logBackupAnotherRegionRegion: "cn-hangzhou" }, "logBackupAnotherRegionRegion", /the cluster's own region \(cn-hangzhou\)/],
  [{ dataLevel2BackupAnotherRegionRegion: "cn-hangzhou" }, "dataLevel2BackupAnotherRegionRegion", /another region/],
  [{ dataLevel2BackupAnotherRegionRegion: "mars-north-1" }, "dataLevel2BackupAnotherRegionRegion", /not a region PolarDB serves: one of .*cn-beijing/],
])("%j fails on %s", async (change, property, reason) => {
  expect(await off.failures({ dbClusterId: CLUSTER, ...change })).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("the copy region is judged against the policy's own region (regionId)", async () => {
  expect(await off.failures({ dbClusterId: CLUSTER, regionId: "cn-beijing", dataLevel2BackupAnotherRegionRegion: "cn-beijing" }))
    .toEqual([{ property: "dataLevel2BackupAnotherRegionRegion", reason: expect.stringMatching(/own region \(cn-beijing\)/) }]);
  expect(await off.failures({ dbClusterId: CLUSTER, regionId: "cn-beijing", dataLevel2BackupAnotherRegionRegion: "cn-hangzhou" })).toEqual([]);
});

test("@pulumi/alicloud's backupRetentionPeriod (a string there) is dataLevel1BackupRetentionPeriod", async () => {
  expect(await off.valid({ dbClusterId: CLUSTER, backupRetentionPeriod: "7" })).toEqual({ dbClusterId: CLUSTER, dataLevel1BackupRetentionPeriod: 7 });
  expect(await off.failures({ dbClusterId: CLUSTER, backupRetentionPeriod: "30" }))
    .toEqual([{ property: "dataLevel1BackupRetentionPeriod", reason: expect.stringMatching(/3–14 days/) }]);
  expect(await off.failures({ dbClusterId: CLUSTER, backupRetentionPeriod: 7, dataLevel1BackupRetentionPeriod: 8 }))
    .toEqual([{ property: "backupRetentionPeriod", reason: expect.stringMatching(/another name for dataLevel1BackupRetentionPeriod/) }]);
});

test("numbers given as strings (@pulumi/alicloud's older inputs) are numbers", async () => {
  expect(await off.valid({ dbClusterId: CLUSTER, logBackupRetentionPeriod: "-1", dataLevel2BackupAnotherRegionRetentionPeriod: "30" }))
    .toEqual({ dbClusterId: CLUSTER, logBackupRetentionPeriod: -1, dataLevel2BackupAnotherRegionRetentionPeriod: 30 });
});

describe("diff against what the cloud reports (both describes)", () => {
  const policy = {
    PreferredBackupPeriod: "Monday,Thursday", PreferredBackupTime: "02:00Z-03:00Z", DataLevel1BackupRetentionPeriod: "7",
    DataLevel2BackupRetentionPeriod: "30", BackupRetentionPolicyOnClusterDeletion: "LATEST", BackupFrequency: "Normal",
    DataLevel1BackupFrequency: "2/24H", DataLevel1BackupTime: "10:00Z-11:00Z", DataLevel1BackupPeriod: "Tuesday,Wednesday",
    DataLevel2BackupPeriod: "Saturday,Sunday", DataLevel2BackupAnotherRegionRegion: "cn-beijing", DataLevel2BackupAnotherRegionRetentionPeriod: "30",
    // Both describes answer from this one body here; the log fields are DescribeLogBackupPolicy's.
    LogBackupRetentionPeriod: 7, LogBackupAnotherRegionRegion: "cn-shanghai", LogBackupAnotherRegionRetentionPeriod: "-1", EnableBackupLog: 1,
  };
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    outs = (await answeringProvider(backupPolicySpec, policy).read(CLUSTER, { dbClusterId: CLUSTER })).props as Record<string, unknown>;
  });

  test("the outputs carry every field, the log policy's included", () => {
    expect(outs).toMatchObject({ ...full, enableBackupLog: 1 });
  });

  test("the same inputs, days in another order, are no change", async () => {
    const reordered = { ...full, dataLevel1BackupPeriod: ["Wednesday", "Tuesday"], dataLevel2BackupPeriod: ["Sunday", "Saturday"] };
    expect(await off.provider.diff(CLUSTER, outs, reordered)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test.each([
    ["logBackupRetentionPeriod", 30], ["logBackupAnotherRegionRegion", "cn-beijing"], ["logBackupAnotherRegionRetentionPeriod", 0],
    ["dataLevel1BackupFrequency", "Normal"], ["dataLevel1BackupTime", "11:00Z-12:00Z"], ["dataLevel1BackupPeriod", ["Monday", "Friday"]],
    ["dataLevel2BackupPeriod", ["Monday", "Friday"]], ["dataLevel2BackupAnotherRegionRegion", "cn-shenzhen"], ["dataLevel2BackupAnotherRegionRetentionPeriod", -1],
  ])("%s changes in place", async (field, value) => {
    expect(await off.provider.diff(CLUSTER, outs, { ...full, [field]: value })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(off.lines.at(-1)).toMatch(new RegExp(`differs in ${field}$`));
  });

  test("each field belongs to the API that sets it", () => {
    const groups = Object.fromEntries((backupPolicySpec.update ?? []).map((g) => [g.action, g.fields]));
    expect(groups.ModifyLogBackupPolicy).toEqual(["logBackupRetentionPeriod", "logBackupAnotherRegionRegion", "logBackupAnotherRegionRetentionPeriod"]);
    expect(groups.ModifyBackupPolicy).toEqual(expect.arrayContaining(["dataLevel1BackupFrequency", "dataLevel1BackupTime", "dataLevel1BackupPeriod",
      "dataLevel2BackupPeriod", "dataLevel2BackupAnotherRegionRegion", "dataLevel2BackupAnotherRegionRetentionPeriod"]));
  });
});
