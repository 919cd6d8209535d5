/**
 * The rules and readers of cluster-imci.ts and cluster-version.ts: which engines take a column
 * store, how the three upgrade inputs go together, the live revision code (the cloud names the
 * running revision only), preview's message for a code the cluster does not offer.
 */
import { clusterImciOutputs, imciProblems, imciUpdateGroup, nodeImciOutputs, nodeImciParams } from "../../resources/cluster-imci";
import { revisionProblem, versionOutputs, versionPlannable, versionProblems, versionResponse, versionUpdateGroup } from "../../resources/cluster-version";

const mysql80 = { dbType: "MySQL", dbVersion: "8.0" };
const list = [
  { RevisionVersionCode: "20250318", RevisionVersionName: "8.0.1.1.46", ReleaseType: "Stable", ReleaseNote: "n" },
  { RevisionVersionCode: "20250911", RevisionVersionName: "8.0.1.1.47", ReleaseType: "Beta", ReleaseNote: "n" },
];
const answer = (running: string, rows = list) => versionResponse.parse({ DBRevisionVersion: running, DBMinorVersion: "8.0.1", IsLatestVersion: "false", DBRevisionVersionList: rows });

describe("column store rules", () => {
  test("ON: MySQL 8.0 Normal edition only; OFF and unset pass everywhere", () => {
    expect(imciProblems({ ...mysql80, imciSwitch: "ON" })).toEqual([]);
    expect(imciProblems({ ...mysql80, imciSwitch: "ON", creationCategory: "Normal" })).toEqual([]);
    expect(imciProblems({ dbType: "PostgreSQL", dbVersion: "14", imciSwitch: "ON" })).toEqual([{ path: "imciSwitch", message: expect.stringMatching(/PolarDB for MySQL 8.0 feature; a PostgreSQL 14 cluster/) }]);
    expect(imciProblems({ dbType: "MySQL", dbVersion: "5.7", imciSwitch: "ON" })[0].message).toMatch(/MySQL 5.7 cluster does not take them/);
    expect(imciProblems({ dbType: "Oracle", dbVersion: "14", imciSwitch: "ON" })).toHaveLength(1);
    expect(imciProblems({ ...mysql80, imciSwitch: "ON", creationCategory: "ArchiveNormal" })[0].message).toMatch(/archive \(ArchiveNormal\) edition/);
    expect(imciProblems({ dbType: "PostgreSQL", dbVersion: "14", imciSwitch: "OFF" })).toEqual([]);
    expect(imciProblems({ dbType: "PostgreSQL", dbVersion: "14" })).toEqual([]);
  });

  test("read back from the nodes: the cluster is ON while any node is", () => {
    expect(clusterImciOutputs([{ DBNodeId: "pi-a", ImciSwitch: "OFF" }, { DBNodeId: "pi-b", ImciSwitch: "ON" }])).toEqual({ imciSwitch: "ON" });
    expect(clusterImciOutputs([{ DBNodeId: "pi-a", ImciSwitch: "OFF" }, { DBNodeId: "pi-b" }])).toEqual({ imciSwitch: "OFF" });
    expect(nodeImciOutputs({ DBNodeId: "pi-a", ImciSwitch: "ON", HotReplicaMode: "OFF" })).toEqual({ imciSwitch: "ON", hotReplicaMode: "OFF" });
    expect(nodeImciOutputs({ DBNodeId: "pi-a" })).toEqual({ imciSwitch: "OFF", hotReplicaMode: undefined });
    expect(nodeImciParams({ imciSwitch: "ON" })).toEqual({ ImciSwitch: "ON" });
    expect(nodeImciParams({ imciSwitch: "OFF" })).toEqual({});
  });

  test("the cluster's change: one column-store reader of the cluster's class, or every column-store reader removed", () => {
    const key = { dbClusterId: "pc-a" };
    expect(imciUpdateGroup.calls!({ imciSwitch: "ON", dbNodeClass: "polar.mysql.x4.medium" }, {}, key)).toEqual([
      { action: "CreateDBNodes", params: { DBClusterId: "pc-a", ImciSwitch: "ON", DBNode: [{ TargetClass: "polar.mysql.x4.medium" }] } },
    ]);
    const nodes = [{ dbNodeId: "pi-w", imciSwitch: "OFF" }, { dbNodeId: "pi-c1", imciSwitch: "ON" }, { dbNodeId: "pi-c2", imciSwitch: "ON" }];
    expect(imciUpdateGroup.calls!({ imciSwitch: "OFF" }, { dbNodes: nodes }, key)).toEqual([{ action: "DeleteDBNodes", params: { DBClusterId: "pc-a", DBNodeId: ["pi-c1", "pi-c2"] } }]);
    expect(imciUpdateGroup.calls!({ imciSwitch: "OFF" }, { dbNodes: nodes.slice(0, 1) }, key)).toEqual([]);
  });
});

describe("minor version upgrade rules", () => {
  test("upgradeType and fromTimeService come with a code; PROXY carries none", () => {
    expect(versionProblems({ targetDbRevisionVersionCode: "20250318", upgradeType: "DB", fromTimeService: true })).toEqual([]);
    expect(versionProblems({ upgradeType: "ALL" })).toEqual([{ path: "upgradeType", message: expect.stringMatching(/applies with targetDbRevisionVersionCode only/) }]);
    expect(versionProblems({ fromTimeService: false })).toEqual([{ path: "fromTimeService", message: expect.stringMatching(/applies with targetDbRevisionVersionCode only/) }]);
    expect(versionProblems({ targetDbRevisionVersionCode: "20250318", upgradeType: "PROXY" })).toEqual([{ path: "upgradeType", message: expect.stringMatching(/"PROXY" upgrades PolarProxy only/) }]);
  });

  test("the call, and whether it may wait for plannedWindow", () => {
    expect(versionUpdateGroup.params!({ targetDbRevisionVersionCode: "20250318" }, {}, {})).toEqual({ TargetDBRevisionVersionCode: "20250318", UpgradeType: "DB", FromTimeService: undefined });
    expect(versionUpdateGroup.params!({ targetDbRevisionVersionCode: "20250318", upgradeType: "ALL", fromTimeService: true }, {}, {})).toMatchObject({ UpgradeType: "ALL", FromTimeService: true });
    expect(versionPlannable({ action: "UpgradeDBClusterVersion" }, {})).toBe(true);
    expect(versionPlannable({ action: "UpgradeDBClusterVersion" }, { fromTimeService: true })).toBe(false);
    expect(versionPlannable({ action: "ModifyDBClusterDescription" }, {})).toBe(false);
  });

  test("the live code: reached once no longer offered, known by name from a list read before, else the running name", () => {
    // Asked for a code still offered: not reached; the running revision's name stands for the live value.
    expect(versionOutputs(answer("8.0.1.1.44"), { targetDbRevisionVersionCode: "20250318" }).targetDbRevisionVersionCode).toBe("8.0.1.1.44");
    // Reached: the code is no longer offered.
    expect(versionOutputs(answer("8.0.1.1.46", list.slice(1)), { targetDbRevisionVersionCode: "20250318" }).targetDbRevisionVersionCode).toBe("20250318");
    // A registered change that ran: the list read before names the running revision.
    const before = versionOutputs(answer("8.0.1.1.44"), {});
    expect(before.targetDbRevisionVersionCode).toBeUndefined();
    expect(versionOutputs(answer("8.0.1.1.46", list.slice(1)), { ...before, targetDbRevisionVersionCode: "8.0.1.1.44" }).targetDbRevisionVersionCode).toBe("20250318");
    // Upgraded further in the console: the newer code is read (drift against the program's).
    const reached = versionOutputs(answer("8.0.1.1.46", list.slice(1)), { targetDbRevisionVersionCode: "20250318" });
    expect(versionOutputs(answer("8.0.1.1.47", []), reached).targetDbRevisionVersionCode).toBe("20250911");
    expect(versionOutputs(answer("8.0.1.1.44"), {})).toMatchObject({
      dbRevisionVersion: "8.0.1.1.44", minorVersion: "8.0.1", isLatestVersion: false,
      dbRevisionVersionList: [{ revisionVersionCode: "20250318", revisionVersionName: "8.0.1.1.46", releaseType: "Stable", releaseNote: "n" }, expect.any(Object)],
    });
  });

  test("preview's refusal names the running revision and what is offered, or that nothing is", () => {
    expect(revisionProblem("20250318", answer("8.0.1.1.44"), {})).toBeUndefined();
    expect(revisionProblem("20240605", answer("8.0.1.1.44"), {})).toMatch(/"20240605" is not a revision this cluster can be upgraded to: it runs 8\.0\.1\.1\.44, and a revision is never downgraded; DescribeDBClusterVersion offers "20250318" \(8\.0\.1\.1\.46, Stable\), "20250911" \(8\.0\.1\.1\.47, Beta\)/);
    expect(revisionProblem("20250318", answer("8.0.1.1.47", []), { targetDbRevisionVersionCode: "20250911" })).toMatch(/it runs 8\.0\.1\.1\.47 \(20250911\).*it runs the latest revision, so there is nothing to upgrade to/);
  });
});
