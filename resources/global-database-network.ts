/**
 * A Global Database Network (CreateGlobalDatabaseNetwork / DescribeGlobalDatabaseNetwork /
 * ModifyGlobalDatabaseNetwork / DeleteGlobalDatabaseNetwork): a PolarDB for MySQL 8.0 primary
 * cluster replicated to secondary clusters in other regions. Secondaries join it as clusters of
 * their own: `new Cluster(…, { regionId: "cn-shanghai", creationOption: "CreateGdnStandby", gdnId: gdn.id })`.
 *
 * Id: `gdn-…`. The GDN APIs are global (no region): any region's endpoint reads it, so a read from
 * the id alone (import) needs nothing else. Create and delete wait on GDNStatus (creating → active,
 * deleting → gone). The description changes in place. CreateGlobalDatabaseNetwork takes no
 * ClientToken: the new GDN is found in DescribeGlobalDatabaseNetworks as the one whose primary is
 * dbClusterId, which also recognises one an interrupted run made.
 *
 * `dbClusterId` is the cluster the GDN is made from. A switch-over (switchOverGlobalDatabaseNetwork)
 * makes another member the primary: the program may keep the cluster it declared, or name the new
 * primary, while that cluster is a member — nothing is called and nothing is replaced. Only a
 * cluster outside the GDN replaces it. The current primary is the output `primaryClusterId`.
 *
 * Destroy: the cloud deletes a GDN that holds its primary cluster only (MemberNumber.NotSupport
 * otherwise); a secondary declared with `gdnId: gdn.id` is destroyed before its GDN.
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, listOf, looseString, Props } from "../provider/spec";
import { dbClusterId } from "./common";

export const GDN_ID = /^gdn-[a-z0-9]+$/;

export const globalDatabaseNetworkInputs = z.strictObject({
  ...commonInputs,
  /** The primary cluster the GDN is made from: a Running PolarDB for MySQL 8.0 cluster in no other GDN (pass cluster.id). */
  dbClusterId,
  /** 2–126 characters: a letter (or a Chinese character) first, then letters, digits, _ and -; not http:// or https://. Default: the cloud's (the GDN id). */
  description: z.string().regex(/^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_-]{1,125}$/,
    "2–126 characters: a letter first, then letters, digits, _ and - (no http:// or https://)").optional(),
});

export type GlobalDatabaseNetworkInputs = z.output<typeof globalDatabaseNetworkInputs>;

const member = z.looseObject({
  DBClusterId: z.string(), RegionId: z.string().nullish(), Role: z.string().nullish(), DBClusterStatus: z.string().nullish(),
  ReplicaLag: looseString.nullish(), DBClusterDescription: looseString.nullish(),
});
const gdnResponse = z.looseObject({
  GDNId: z.string(), GDNDescription: looseString.nullish(), GDNStatus: z.string().nullish(), DBType: z.string().nullish(),
  DBVersion: looseString.nullish(), CreateTime: z.string().nullish(), DBClusterId: z.string().nullish(), GlobalDomainName: z.string().nullish(),
  DBClusters: listOf(member).optional(),
});
type Gdn = z.output<typeof gdnResponse>;
const listedGdn = z.looseObject({
  GDNId: z.string(), GDNDescription: looseString.nullish(), GDNStatus: z.string().nullish(),
  DBClusters: listOf(z.looseObject({ DBClusterId: z.string(), Role: z.string().nullish() })).optional(),
});
type ListedGdn = z.output<typeof listedGdn>;
const listResponse = z.looseObject({ Items: listOf(listedGdn) });
/** The listed GDN has the declared cluster as its primary (a cluster is in one GDN at most). */
const madeFrom = (g: ListedGdn, i: GlobalDatabaseNetworkInputs) => (g.DBClusters ?? []).some((c) => c.DBClusterId === i.dbClusterId && c.Role === "primary");

function liveOutputs(g: Gdn, prior: Props): Props {
  const clusters = g.DBClusters ?? [];
  const primary = clusters.find((c) => c.Role === "primary")?.DBClusterId ?? g.DBClusterId ?? undefined;
  const ids = clusters.map((c) => c.DBClusterId);
  // The declared cluster stays what the program says while it is a member (a switch-over changes the primary, not the GDN).
  const declared = typeof prior.dbClusterId === "string" && ids.includes(prior.dbClusterId) ? prior.dbClusterId : primary;
  return {
    dbClusterId: declared, description: g.GDNDescription ?? undefined, status: g.GDNStatus ?? undefined, primaryClusterId: primary,
    memberClusterIds: ids,
    clusters: clusters.map((c) => ({
      dbClusterId: c.DBClusterId, regionId: c.RegionId ?? undefined, role: c.Role ?? undefined, status: c.DBClusterStatus ?? undefined,
      replicaLagSeconds: c.ReplicaLag ? Number(c.ReplicaLag) : undefined,
    })),
    dbType: g.DBType ?? undefined, dbVersion: g.DBVersion ?? undefined, createTime: g.CreateTime ?? undefined, globalDomainName: g.GlobalDomainName || undefined,
  };
}

export const globalDatabaseNetworkSpec = defineResource({
  kind: "GlobalDatabaseNetwork",
  inputs: globalDatabaseNetworkInputs,
  outputs: {
    dbClusterId: { doc: "The cluster the GDN was made from (or another member the program names after a switch-over)." },
    description: { optional: false },
    status: { type: "string", doc: "GDNStatus: creating, active, locked (a switch-over runs), removing_member, deleting." },
    primaryClusterId: { type: "string", doc: "The current primary cluster." },
    memberClusterIds: { type: "string[]" },
    clusters: { type: "GdnCluster[]" },
    dbType: { type: "string" },
    dbVersion: { type: "string" },
    createTime: { type: "string" },
    globalDomainName: { type: "string", optional: true },
  },
  publicClass: {
    getDoc: 'Reads an existing GDN from its id alone (the GDN APIs are global): `GlobalDatabaseNetwork.get("gdn", "gdn-…")`.',
  },
  id: compositeId({ gdnId: "GDNId" }, { gdnId: GDN_ID }),
  replaceOn: [],
  // Another member (after a switch-over) is the same GDN; a cluster outside it is another GDN.
  replaceIf: (field, olds, news) => field === "dbClusterId" && !(Array.isArray(olds.memberClusterIds) && olds.memberClusterIds.includes(news.dbClusterId)),
  changeDocs: { dbClusterId: "in place while the new value is a member of the GDN (nothing is called: after a switch-over); **replace** for any other cluster" },
  cluster: () => undefined,
  create: {
    action: "CreateGlobalDatabaseNetwork",
    params: (i: GlobalDatabaseNetworkInputs) => ({ DBClusterId: i.dbClusterId, GDNDescription: i.description }),
    // No ClientToken exists: a cluster belongs to one GDN, so the GDN whose primary is this cluster is
    // the one this create made (an answer lost, a run killed) and is taken over instead of refused (MemberIns.Exist).
    discover: {
      list: { action: "DescribeGlobalDatabaseNetworks", params: () => ({ PageSize: 100 }), response: listResponse },
      items: (r: z.output<typeof listResponse>) => r.Items,
      idOf: (g: ListedGdn) => g.GDNId,
      matches: (g: ListedGdn, i: GlobalDatabaseNetworkInputs) => madeFrom(g, i),
      recognise: (g: ListedGdn, i: GlobalDatabaseNetworkInputs) => madeFrom(g, i) && (i.description === undefined || g.GDNDescription === i.description),
      assigns: (g: ListedGdn) => ({ gdnId: g.GDNId }),
    },
  },
  read: {
    action: "DescribeGlobalDatabaseNetwork",
    response: gdnResponse,
    outputs: (g: Gdn, _key, prior) => liveOutputs(g, prior),
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "active",
  update: [
    { fields: ["dbClusterId"], calls: () => [], apis: [] },
    { fields: ["description"], action: "ModifyGlobalDatabaseNetwork", params: (n) => ({ GDNDescription: n.description }) },
  ],
  delete: { action: "DeleteGlobalDatabaseNetwork" },
  timeouts: { create: "10m", update: "10m", delete: "10m" },
});
