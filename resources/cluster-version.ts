/**
 * Minor version (revision) upgrades of a cluster, as @pulumi/alicloud's polardb.Cluster names
 * them: `targetDbRevisionVersionCode` (a code DescribeDBClusterVersion lists as upgradable),
 * with `upgradeType` and `fromTimeService`; `plannedWindow` runs it in a window instead of now
 * (UpgradeDBClusterVersion's PlannedStartTime / PlannedEndTime). Data and pure functions;
 * cluster.ts wires them into the spec.
 *
 * THE LIVE CODE. The cloud reports the revision a cluster runs by name only (DBRevisionVersion,
 * "8.0.1.1.42"), and lists the codes of the revisions it can be upgraded to (DBRevisionVersionList).
 * So the code read back is: the code of the running revision where a list read before names it
 * (after an upgrade, or a change made in the console); else the code asked for once it is no
 * longer offered (reached: a revision is never downgraded); else the running revision's name,
 * which differs from any code: the upgrade is still to do.
 */
import { z } from "zod";
import type { Api, Key, Props, UpdateGroup } from "../provider/spec";
import { listOf, looseString } from "../provider/spec";

export const UPGRADE_TYPES = ["DB", "PROXY", "ALL"] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UPGRADE = "UpgradeDBClusterVersion";

export const clusterVersionInputs = {
  /**
   * The database revision to upgrade to: a `RevisionVersionCode` that DescribeDBClusterVersion lists for the cluster
   * (the output `dbRevisionVersionList`). A change upgrades in place (UpgradeDBClusterVersion; the cluster is
   * MinorVersionUpgrading meanwhile), now or in `plannedWindow`; set at creation, the new cluster is upgraded at once.
   * A revision is never downgraded. Preview checks the code against the cluster's list.
   */
  targetDbRevisionVersionCode: z.string().regex(CODE, 'a revision version code as DescribeDBClusterVersion lists it, such as "20250318"').optional(),
  /** What the upgrade covers: `"DB"` (the kernel; default), `"ALL"` (kernel and PolarProxy) or `"PROXY"` (PolarProxy only: no kernel code). Sent with the upgrade only. */
  upgradeType: z.enum(UPGRADE_TYPES, 'must be "DB", "PROXY" or "ALL"').optional(),
  /** `true` runs the upgrade now even where a window is set (UpgradeDBClusterVersion's FromTimeService). @pulumi/alicloud's `"true"`/`"false"` are accepted. */
  fromTimeService: z.boolean().optional(),
};

/** @pulumi/alicloud sends fromTimeService as a string. */
export const versionValueAliases = { fromTimeService: { true: true, false: false } };

export const versionChangeDocs = {
  upgradeType: "no API call of its own: sent with `UpgradeDBClusterVersion` when `targetDbRevisionVersionCode` changes",
  fromTimeService: "no API call of its own: sent with `UpgradeDBClusterVersion`; `true` runs it now even with `plannedWindow`",
};

/** What DescribeDBClusterVersion adds to a cluster's outputs (the class declares them). */
export const VERSION_OUTPUTS = ["dbRevisionVersion", "dbRevisionVersionList", "minorVersion", "dbVersionStatus", "dbLatestVersion", "isLatestVersion", "proxyRevisionVersion"] as const;

/** Fields read by the upgrade only (kept from the program, never read back). */
export const VERSION_LOCAL = ["upgradeType", "fromTimeService"] as const;

type Versioned = { targetDbRevisionVersionCode?: string; upgradeType?: string; fromTimeService?: boolean };

/** The rules between the three inputs: each names its field. */
export function versionProblems(c: Versioned): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (c.targetDbRevisionVersionCode === undefined) {
    for (const f of ["upgradeType", "fromTimeService"] as const) if (c[f] !== undefined) out.push({ path: f, message: "applies with targetDbRevisionVersionCode only (it says how that upgrade runs)" });
  } else if (c.upgradeType === "PROXY") {
    out.push({ path: "upgradeType", message: '"PROXY" upgrades PolarProxy only, not to a database revision: use "DB" or "ALL" with targetDbRevisionVersionCode' });
  }
  return out;
}

export const versionUpdateGroup: UpdateGroup<any> = {
  fields: ["targetDbRevisionVersionCode"],
  action: UPGRADE,
  params: (n) => ({ TargetDBRevisionVersionCode: n.targetDbRevisionVersionCode, UpgradeType: n.upgradeType ?? "DB", FromTimeService: n.fromTimeService }),
};

/** An upgrade may wait for plannedWindow, unless fromTimeService asks for it now. */
export function versionPlannable(group: { action?: string }, news: Props): boolean {
  return group.action === UPGRADE && news.fromTimeService !== true;
}

// ----- reading --------------------------------------------------------------------------------

const revision = z.looseObject({
  RevisionVersionCode: looseString.nullish(), RevisionVersionName: z.string().nullish(), ReleaseType: z.string().nullish(), ReleaseNote: z.string().nullish(),
});
export const versionResponse = z.looseObject({
  DBRevisionVersion: z.string().nullish(), DBMinorVersion: looseString.nullish(), DBVersionStatus: z.string().nullish(),
  DBLatestVersion: z.string().nullish(), IsLatestVersion: z.union([z.string(), z.boolean()]).nullish(),
  ProxyRevisionVersion: z.string().nullish(),
  DBRevisionVersionList: listOf(revision, "DBRevisionVersion"),
});
type VersionResponse = z.output<typeof versionResponse>;

interface Revision { revisionVersionCode: string; revisionVersionName?: string; releaseType?: string; releaseNote?: string }

function revisionsOf(v: unknown): Revision[] {
  return Array.isArray(v) ? v.filter((r): r is Revision => !!r && typeof (r as Revision).revisionVersionCode === "string") : [];
}

/** The codes the program asked for: the input, and any registered for a window. */
function wanted(prior: Props): string[] {
  const records = Array.isArray(prior.scheduledChanges) ? prior.scheduledChanges as Array<{ targets?: Record<string, unknown> }> : [];
  return [prior.targetDbRevisionVersionCode, ...records.map((r) => r.targets?.targetDbRevisionVersionCode)]
    .filter((c): c is string => typeof c === "string");
}

/** DescribeDBClusterVersion as outputs, with the live code (see the header). */
export function versionOutputs(r: VersionResponse, prior: Props): Props {
  const list: Revision[] = r.DBRevisionVersionList.filter((x) => x.RevisionVersionCode).map((x) => ({
    revisionVersionCode: x.RevisionVersionCode!, revisionVersionName: x.RevisionVersionName ?? undefined,
    releaseType: x.ReleaseType ?? undefined, releaseNote: x.ReleaseNote ?? undefined,
  }));
  const running = r.DBRevisionVersion ?? undefined;
  const offered = new Set(list.map((x) => x.revisionVersionCode));
  const known = revisionsOf(prior.dbRevisionVersionList).find((x) => running !== undefined && x.revisionVersionName === running);
  const asked = wanted(prior);
  const reached = asked.find((c) => !offered.has(c));
  const code = known?.revisionVersionCode ?? reached ?? (asked.length ? running : undefined);
  return {
    dbRevisionVersion: running,
    minorVersion: r.DBMinorVersion ?? undefined,
    dbVersionStatus: r.DBVersionStatus ?? undefined,
    dbLatestVersion: r.DBLatestVersion ?? undefined,
    isLatestVersion: r.IsLatestVersion === undefined || r.IsLatestVersion === null ? undefined : String(r.IsLatestVersion) === "true",
    proxyRevisionVersion: r.ProxyRevisionVersion || undefined,
    dbRevisionVersionList: list,
    ...(code !== undefined ? { targetDbRevisionVersionCode: code } : {}),
  };
}

export const versionEnricher = {
  action: "DescribeDBClusterVersion",
  params: (key: Key) => ({ DBClusterId: key.dbClusterId, DescribeType: "AVAILABLE_VERSION" }),
  response: versionResponse,
  outputs: (r: VersionResponse, _key: Key, _primary: Props, prior: Props) => versionOutputs(r, prior),
};

// ----- preview --------------------------------------------------------------------------------

/** The code must be one the cluster can be upgraded to now (DescribeDBClusterVersion), else why not. */
export function revisionProblem(code: string, r: VersionResponse, live: Props): string | undefined {
  const offered = r.DBRevisionVersionList.filter((x) => x.RevisionVersionCode);
  if (offered.some((x) => x.RevisionVersionCode === code)) return undefined;
  const running = r.DBRevisionVersion ?? "an unknown revision";
  const liveCode = typeof live.targetDbRevisionVersionCode === "string" && live.targetDbRevisionVersionCode !== running ? ` (${live.targetDbRevisionVersionCode})` : "";
  const choices = offered.map((x) => `"${x.RevisionVersionCode}" (${[x.RevisionVersionName, x.ReleaseType].filter(Boolean).join(", ")})`).join(", ");
  return `"${code}" is not a revision this cluster can be upgraded to: it runs ${running}${liveCode}, and a revision is never downgraded; `
    + (choices ? `DescribeDBClusterVersion offers ${choices}` : "it runs the latest revision, so there is nothing to upgrade to");
}

/**
 * Preview's check (spec.cloudCheck), run when the code differs from the live one: the cluster's
 * list now. A cluster upgraded past the program's code outside it (its code known: drift) is a
 * warning, not a failure — refresh must still record it; `up` would then be refused by the cloud
 * (no downgrade) until the program names the revision it runs.
 */
export async function versionCloudProblems(key: Key, olds: Props, news: Props, api: Api): Promise<Array<{ field: string; problem: string; warning?: boolean }>> {
  const code = news.targetDbRevisionVersionCode;
  if (typeof code !== "string") return [];
  const r = await api.request("DescribeDBClusterVersion", { DBClusterId: key.dbClusterId, DescribeType: "AVAILABLE_VERSION" }, { schema: versionResponse });
  const problem = revisionProblem(code, r, olds);
  if (!problem) return [];
  const live = olds.targetDbRevisionVersionCode;
  const drifted = typeof live === "string" && live !== r.DBRevisionVersion && live !== code;
  return [{
    field: "targetDbRevisionVersionCode",
    problem: drifted ? `${problem}. It was upgraded to ${live} outside this program: set targetDbRevisionVersionCode to "${live}" (or newer)` : problem,
    warning: drifted,
  }];
}
